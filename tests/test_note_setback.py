"""`/note` and `/setback` as a person uses them: saved once, kind words, bad input, /cancel."""

from __future__ import annotations

from bot.store import Note, Setback
from conversations.common import texts as common
from conversations.content.journal_prompts import JOURNAL_PROMPTS
from conversations.note import texts as note_texts
from conversations.setback import texts as setback_texts
from fake_telegram import FakeUser
from tests.conftest import NOW, Harness, onboard


async def _entries(harness: Harness, ana: FakeUser, cls: type) -> list:
    return [e for e in await harness.store.entries.all_of(ana.user_id) if isinstance(e, cls)]


async def test_a_free_note(harness: Harness, ana: FakeUser) -> None:
    await onboard(ana)
    await ana.send("/note")
    assert ana.replies() == [note_texts.ASK]
    assert ana.buttons() == [note_texts.QUESTION_LABEL]
    await ana.send("Therapy today: <we> talked & I cried, and it was okay.")
    assert ana.replies() == [note_texts.SAVED]
    (note,) = await _entries(harness, ana, Note)
    assert (note.text, note.prompt) == (
        "Therapy today: <we> talked & I cried, and it was okay.",
        None,
    )
    await ana.tap(note_texts.DONE_LABEL)
    assert ana.replies() == [note_texts.DONE]
    await ana.send("/history notes")
    assert "“Therapy today: <we> talked & I cried, and it was okay.”" in ana.last_text()


async def test_give_me_a_question(harness: Harness, ana: FakeUser) -> None:
    await onboard(ana)
    await ana.send("/note")
    await ana.tap(note_texts.QUESTION_LABEL)
    first = JOURNAL_PROMPTS[0].text
    assert ana.replies() == [
        note_texts.QUESTION.format(prompt=first).replace("<i>", "").replace("</i>", "")
    ]
    await ana.tap(note_texts.ANOTHER_LABEL)
    second = JOURNAL_PROMPTS[1].text
    assert second in ana.last_text()
    await ana.send("I acted on honesty at work.")
    (note,) = await _entries(harness, ana, Note)
    assert (note.prompt, note.text) == (second, "I acted on honesty at work.")
    # The next note's questions go on from where these left off.
    await ana.tap(note_texts.AGAIN_LABEL)
    await ana.tap(note_texts.QUESTION_LABEL)
    assert JOURNAL_PROMPTS[1].text in ana.last_text()  # one note saved: starts at the second


async def test_a_note_takes_text_only_and_can_be_cancelled(harness: Harness, ana: FakeUser) -> None:
    await onboard(ana)
    await ana.send("/note")
    await ana.send_sticker()
    assert ana.replies() == [common.TEXT_ONLY, note_texts.ASK_AGAIN]
    await ana.send("/win")  # another flow: this note ends, nothing kept
    assert ana.replies()[0] == common.SWITCHED.format(flow="the note")
    await ana.send("/cancel")
    await ana.send("/note")
    await ana.send("/cancel")
    assert ana.replies() == [common.CANCELLED]
    assert await _entries(harness, ana, Note) == []


async def test_a_setback_with_what_helped(harness: Harness, ana: FakeUser) -> None:
    await onboard(ana)
    await ana.send("/setback")
    assert ana.replies() == [setback_texts.ASK_WHAT]
    await ana.send("I snapped at my partner & felt awful")
    assert ana.replies() == [setback_texts.ASK_HELPED]
    assert ana.buttons() == [setback_texts.SKIP_LABEL]
    await ana.send("A walk, and saying sorry later")
    (reply,) = ana.replies()
    assert reply == setback_texts.SAVED.format(kind=setback_texts.KIND_LINES[0])
    assert "fail" not in reply.lower()
    (setback,) = await _entries(harness, ana, Setback)
    assert (setback.what_happened, setback.what_helped) == (
        "I snapped at my partner & felt awful",
        "A walk, and saying sorry later",
    )


async def test_a_setback_skipping_the_second_question(harness: Harness, ana: FakeUser) -> None:
    await onboard(ana)
    for n in range(2):
        await ana.send("/setback")
        await ana.send(f"Hard day {n}")
        await ana.send_photo()  # not text: the same question again
        assert ana.replies() == [common.TEXT_ONLY, setback_texts.ASK_HELPED]
        await ana.tap(setback_texts.SKIP_LABEL)
        # A different kind line each time; never a count, never "failed".
        assert ana.replies() == [setback_texts.SAVED.format(kind=setback_texts.KIND_LINES[n])]
    setbacks = await _entries(harness, ana, Setback)
    assert [(s.what_happened, s.what_helped) for s in setbacks] == [
        ("Hard day 0", None),
        ("Hard day 1", None),
    ]
    # A stale Skip from the finished flow starts afresh rather than doing nothing.
    await ana.tap_data("sb:skip")
    assert ana.replies() == [setback_texts.STALE_RESTART, setback_texts.ASK_WHAT]
    await ana.send("/cancel")
    assert len(await _entries(harness, ana, Setback)) == 2


async def test_a_setback_survives_a_restart_midway(harness: Harness, ana: FakeUser) -> None:
    await onboard(ana)
    await ana.send("/setback")
    await ana.send("Skipped my session")
    await harness.restart()
    await ana.send("I'll book the next one tomorrow")
    assert ana.last_text().startswith("Saved ✓")
    (setback,) = await _entries(harness, ana, Setback)
    assert setback.what_helped == "I'll book the next one tomorrow"


async def test_before_setting_up(ana: FakeUser) -> None:
    await ana.send("/note")
    assert ana.replies() == [common.NOT_SET_UP]
    await ana.send("/setback")
    assert ana.replies() == [common.NOT_SET_UP]


async def test_delete_erases_notes_setbacks_and_answers(harness: Harness, ana: FakeUser) -> None:
    await onboard(ana, at="21:30")
    await harness.tick()
    await harness.tick(NOW.replace(hour=20, minute=30))
    await ana.send("An answer to the day's question")
    await ana.send("/note")
    await ana.send("A note")
    await ana.send("/setback")
    await ana.send("A hard moment")
    await ana.tap(setback_texts.SKIP_LABEL)
    counts = await harness.store.count_person(ana.user_id)
    assert (counts["reflections"], counts["notes"], counts["setbacks"]) == (1, 1, 1)
    await ana.send("/delete")
    await ana.tap("Yes, erase everything")
    assert not any((await harness.store.count_person(ana.user_id)).values())
