"""`/history` you can use: open an entry, edit its words, delete it, one kind, a word."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

from bot.content.feelings import QUADRANT_LABELS, Quadrant
from bot.store import Feeling, Note, Win
from conversations.common import texts as common
from conversations.history import texts
from fake_telegram import FakeUser, SentMessage
from tests.conftest import NOW, Harness, onboard

PAUSED = "Paused before reacting ⏸️"


def _labels(message: SentMessage) -> list[str]:
    return [button.text for row in message.buttons for button in row]


def _message(ana: FakeUser, message_id: int) -> SentMessage:
    (message,) = [m for m in ana.transcript() if m.message_id == message_id]
    return message


async def _win(ana: FakeUser, words: str) -> None:
    await ana.send("/win")
    await ana.send(words)
    await ana.tap(PAUSED)


async def _note(harness: Harness, ana: FakeUser, words: str, minutes_ago: int) -> None:
    at = NOW - timedelta(minutes=minutes_ago)
    assert await harness.store.entries.add_note(
        ana.user_id, f"note-{words}", now=at, local_date=at.date(), prompt=None, text=words
    )


async def _export(ana: FakeUser) -> dict[str, bytes]:
    seen = len(ana.transcript())
    await ana.send("/export")
    return {
        m.file_name.rsplit(".", 1)[1]: m.file_bytes
        for m in ana.transcript()[seen:]
        if m.file_name and m.file_bytes is not None
    }


async def test_open_and_edit_an_entry_and_the_export_has_the_new_words(
    harness: Harness, ana: FakeUser
) -> None:
    await onboard(ana)
    await _win(ana, "I went outside")
    await ana.send("/history")
    page = ana.last_message()
    assert _labels(page) == ["Open Sun 22 Nov, 10:00 🌱", texts.FILTER_LABEL]

    await ana.tap("Open Sun 22 Nov, 10:00 🌱")
    opened = _message(ana, page.message_id)  # shown in place of the list
    assert opened.text == (
        "Sun 22 Nov, 10:00\n🌱 Small win — Paused before reacting: “I went outside”"
    )
    assert _labels(opened) == [texts.EDIT_LABEL, texts.DELETE_LABEL, texts.BACK_LABEL]

    await ana.tap(texts.EDIT_LABEL)
    assert ana.replies() == [
        "Send me the new words for this small win. They'll replace these:\n\n"
        "“I went outside”\n\nOr send /cancel to keep it as it is."
    ]
    await ana.send("I went outside <alone> & it felt good")
    assert ana.replies()[0] == texts.EDITED
    assert "“I went outside <alone> & it felt good”" in ana.replies()[1]
    (win,) = await harness.store.entries.all_of(ana.user_id)
    assert isinstance(win, Win) and win.text == "I went outside <alone> & it felt good"
    assert win.progress_kind == "paused"  # only the words changed

    files = await _export(ana)
    (item,) = json.loads(files["json"])["entries"]
    assert item["text"] == "I went outside <alone> & it felt good"
    rows = list(csv.reader(io.StringIO(files["csv"].decode("utf-8-sig"))))
    assert rows[1][3] == "I went outside <alone> & it felt good"
    assert "> I went outside \\<alone> & it felt good" in files["md"].decode("utf-8")
    for data in files.values():
        assert b'I went outside"' not in data and b"I went outside\n" not in data


async def test_editing_can_be_cancelled_and_takes_text_only(
    harness: Harness, ana: FakeUser
) -> None:
    await onboard(ana)
    await _win(ana, "Kept as it was")
    await ana.send("/history")
    await ana.tap("Open Sun 22 Nov, 10:00 🌱")
    await ana.tap(texts.EDIT_LABEL)
    await ana.send_sticker()
    assert ana.replies() == [common.TEXT_ONLY, texts.ASK_EDIT_AGAIN]
    await ana.send("/cancel")
    assert ana.replies() == [common.CANCELLED]
    (win,) = await harness.store.entries.all_of(ana.user_id)
    assert isinstance(win, Win) and win.text == "Kept as it was"


async def test_delete_asks_first_then_erases_only_that_entry(
    harness: Harness, ana: FakeUser
) -> None:
    await onboard(ana)
    await _note(harness, ana, "An older note", 30)
    await _win(ana, "Delete me")
    await ana.send("/history")
    page = ana.last_message()
    await ana.tap("Open Sun 22 Nov, 10:00 🌱")
    await ana.tap(texts.DELETE_LABEL)
    assert _message(ana, page.message_id).text == texts.CONFIRM_DELETE
    await ana.tap(texts.KEEP_LABEL)  # not yet: back to the entry
    assert "“Delete me”" in _message(ana, page.message_id).text
    await ana.tap(texts.DELETE_LABEL)
    await ana.tap(texts.YES_DELETE_LABEL)
    assert _message(ana, page.message_id).text == texts.DELETED
    entries = await harness.store.entries.all_of(ana.user_id)
    assert [type(e) for e in entries] == [Note]

    await ana.tap(texts.BACK_LABEL)
    shown = _message(ana, page.message_id).text
    assert "Delete me" not in shown and "“An older note”" in shown
    # The confirmation tapped again (an old message) erases nothing more.
    await ana.tap_data("hist:x:n:1:p-0", page.message_id)
    assert _message(ana, page.message_id).text == texts.DELETED
    await ana.tap_data("hist:x:w:1:p-0", page.message_id)
    assert _message(ana, page.message_id).text == texts.GONE
    assert len(await harness.store.entries.all_of(ana.user_id)) == 0


async def test_nobody_opens_or_deletes_someone_elses_entry(harness: Harness, ana: FakeUser) -> None:
    await onboard(ana)
    await _win(ana, "Ana's own words")
    bo = harness.person(2002, "Bo")
    await onboard(bo)
    await bo.send("/history")
    for data in ("hist:o:w:1:p-0", "hist:x:w:1:p-0", "hist:o:zz:1:p-0", "hist:o:w:x"):
        await bo.tap_data(data, bo.last_message().message_id)
        assert "Ana's own words" not in bo.last_text()
    await bo.tap_data("edit:w:1")
    assert bo.replies() == [texts.GONE]
    assert len(await harness.store.entries.all_of(ana.user_id)) == 1


async def test_one_kind_by_button_and_by_command(harness: Harness, ana: FakeUser) -> None:
    await onboard(ana)
    for n in range(7):
        await _note(harness, ana, f"Note {n}", 100 - n)
    await _win(ana, "A win among notes")
    await ana.send("/history")
    page = ana.last_message()
    await ana.tap(texts.FILTER_LABEL)
    assert _message(ana, page.message_id).text == texts.PICK_KIND
    assert _labels(_message(ana, page.message_id)) == [
        *texts.KIND_LABELS.values(),
        texts.EVERYTHING_LABEL,
    ]
    await ana.tap(texts.KIND_LABELS["n"])
    shown = _message(ana, page.message_id)
    assert shown.text.startswith("Your notes, newest first (1–5 of 7)")
    assert "A win among notes" not in shown.text
    await ana.tap(texts.OLDER)
    assert _message(ana, page.message_id).text.startswith("Your notes, newest first (6–7 of 7)")
    assert "“Note 1”" in _message(ana, page.message_id).text

    await ana.send("/history wins")
    assert ana.last_text() == (
        "Your small wins, newest first\n\nSun 22 Nov, 10:00\n"
        "🌱 Small win — Paused before reacting: “A win among notes”"
    )
    await ana.send("/history setbacks")
    assert ana.replies() == [texts.KIND_EMPTY.format(kind="setbacks")]
    await ana.tap(texts.EVERYTHING_LABEL)
    assert "(1–5 of 8)" in ana.last_text()


async def test_a_word_finds_entries_and_its_pages_turn(harness: Harness, ana: FakeUser) -> None:
    await onboard(ana)
    for n in range(6):
        await _note(harness, ana, f"Held a Boundary with mum ({n})", 100 - n)
    await _note(harness, ana, "Nothing to see here", 5)
    await _win(ana, "Said no to overtime")  # a pause, not a boundary: not found
    await ana.send("/history boundary")
    page = ana.last_message()
    assert page.text.startswith("Entries with “boundary”, newest first (1–5 of 6)")
    assert "Nothing to see here" not in page.text
    await ana.tap(texts.OLDER)
    assert "“Held a Boundary with mum (0)”" in _message(ana, page.message_id).text

    await ana.send("/history <3 & nowhere")
    assert ana.replies() == ["Nothing with “<3 & nowhere” yet. /history shows everything."]

    # The search is kept with her draft; once a flow has replaced it, its pages say so.
    await ana.send("/note")
    await ana.send("/cancel")
    await ana.tap_data("hist:f:1", page.message_id)
    assert _message(ana, page.message_id).text.startswith(texts.SEARCH_ENDED)


async def test_a_win_is_found_by_the_name_of_its_kind(harness: Harness, ana: FakeUser) -> None:
    await onboard(ana)
    await ana.send("/win")
    await ana.send("Said no to overtime")
    await ana.tap("Set or held a boundary 🚧")
    await ana.send("/history BOUNDARY")
    assert "“Said no to overtime”" in ana.last_text()


async def test_a_feeling_gets_words_about_it_later(harness: Harness, ana: FakeUser) -> None:
    await onboard(ana)
    await ana.send("/feel")
    await ana.tap(QUADRANT_LABELS[Quadrant.PLEASANT_CALM])
    await ana.tap("Calm")
    await ana.tap("4")
    await ana.tap("Skip")
    await ana.tap("Skip")
    await ana.send("/history feelings")
    await ana.tap("Open Sun 22 Nov, 10:00 🎨")
    await ana.tap(texts.EDIT_LABEL)
    assert ana.replies() == [texts.ASK_EDIT_EMPTY.format(what=texts.EDITABLE["f"])]
    await ana.send("The walk home")
    (feeling,) = await harness.store.entries.all_of(ana.user_id)
    assert isinstance(feeling, Feeling) and (feeling.word, feeling.about) == (
        "calm",
        "The walk home",
    )
    assert "About: The walk home" in ana.last_text()
