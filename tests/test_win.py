"""`/win`: what a person sees at each step of a small-win check-in, and what the database holds."""

from __future__ import annotations

from datetime import date

from bot.content.progress import PROGRESS_KINDS
from bot.store import Win
from conversations.common import texts as common
from conversations.menu import MenuPick
from conversations.win import texts
from fake_telegram import FakeUser
from tests.conftest import NOW, Harness, onboard

PAUSED = "Paused before reacting ⏸️"
KIND_LABELS = [kind.label for kind in PROGRESS_KINDS]
# The question as Ana sees it (the example is in italics).
ASK = texts.ASK_TEXT.replace("<i>", "").replace("</i>", "")


async def _rows(harness: Harness, table: str) -> int:
    row = await harness.store.db.fetch_one(f"SELECT count(*) FROM {table}")
    assert row is not None
    return int(row[0])


async def _wins(harness: Harness, ana: FakeUser) -> list[Win]:
    entries = await harness.store.entries.all_of(ana.user_id)
    return [entry for entry in entries if isinstance(entry, Win)]


async def _nothing_half_done(harness: Harness) -> None:
    """No draft and no open conversation left in the database."""
    assert harness.app is not None
    await harness.app.update_persistence()
    assert await _rows(harness, "user_drafts") == 0
    assert await _rows(harness, "conversation_states") == 0


def _draft(harness: Harness, ana: FakeUser) -> dict:
    assert harness.app is not None
    return dict(harness.app.user_data[ana.user_id])


async def _log_win(ana: FakeUser, words: str, label: str = PAUSED) -> str:
    await ana.send("/win")
    await ana.send(words)
    await ana.tap(label)
    return ana.last_text()


async def test_before_setting_up(harness: Harness, ana: FakeUser) -> None:
    await ana.send("/win")
    assert ana.replies() == [common.NOT_SET_UP]
    await ana.send("/start")
    await ana.tap("Yes, that's okay")  # agreed, but no time zone yet
    await ana.send("/win")
    assert ana.replies()[-1] == common.NOT_SET_UP
    assert await _rows(harness, "wins") == 0


async def test_a_small_win_from_start_to_finish(harness: Harness, ana: FakeUser) -> None:
    await onboard(ana)
    await ana.send("/win")
    assert ana.replies() == [ASK]
    assert ana.last_text().startswith("What's one small thing you did or noticed?")

    await ana.send("  I waited a moment before answering my brother.  ")
    (question,) = ana.replies()
    assert question.startswith("Thank you. Which kind of step was it? Pick the closest one:")
    assert ana.buttons() == KIND_LABELS

    await ana.tap(PAUSED)
    assert ana.replies() == [
        "Saved ✓ Paused before reacting\n"
        "\n"
        "“I waited a moment before answering my brother.”\n"
        "\n"
        "That small gap between feeling and acting is where new choices become possible.\n"
        "\n"
        "Your very first small win here. This is how noticing begins 🌱"
    ]
    assert ana.buttons() == ["Note another win 🌱", "Name a feeling 🎨", "That's all for now"]
    # The kind question's keyboard is gone, so it can't be tapped again by mistake.
    assert all(not m.buttons for m in ana.transcript() if "Which kind" in m.text)

    (win,) = await _wins(harness, ana)
    assert win.text == "I waited a moment before answering my brother."
    assert win.progress_kind == "paused"
    assert win.created_at == NOW
    assert win.local_date == date(2026, 11, 22)  # Sunday in Berlin
    await _nothing_half_done(harness)


async def test_counts_grow_per_kind_and_never_speak_of_streaks(
    harness: Harness, ana: FakeUser
) -> None:
    await onboard(ana)
    first = await _log_win(ana, "Counted to five before replying.")
    assert first.endswith(texts.VERY_FIRST)
    await ana.tap("That's all for now")
    assert ana.replies() == [texts.DONE]

    second = await _log_win(ana, "Took a breath in the meeting.")
    assert "That's the 2nd time you've noted pausing before reacting." in second
    other_kind = await _log_win(ana, "Told a friend about my week.", "Reached out or connected 🤝")
    assert other_kind.endswith(
        "A new kind of step in your notes: reaching out or connecting. "
        "That makes 2 different kinds so far."
    )
    third = await _log_win(ana, "Let the email wait until morning.")
    assert "That's the 3rd time you've noted pausing before reacting." in third
    for text in (first, second, other_kind, third):
        assert "streak" not in text.lower() and "in a row" not in text.lower()
    assert await harness.store.entries.count_wins(ana.user_id, "paused") == 3
    assert await harness.store.entries.count_wins(ana.user_id) == 4


async def test_the_meanings_are_shown_beside_the_buttons(ana: FakeUser) -> None:
    await onboard(ana)
    await ana.send("/win")
    await ana.send("I noticed I get snappy when I'm hungry.")
    question = ana.last_text()
    for kind in PROGRESS_KINDS:
        name = kind.label.rsplit(" ", 1)[0]
        assert f"• {name}: {kind.meaning}" in question
    assert "• Paused before reacting: I took a breath or a moment before I responded." in question
    assert len(question) < 4096


async def test_another_win_and_done_from_the_acknowledgement(
    harness: Harness, ana: FakeUser
) -> None:
    await onboard(ana)
    await _log_win(ana, "Went for a short walk when it got loud.", "Used a coping skill 🧰")
    await ana.tap("Note another win 🌱")
    assert ana.replies() == [ASK]
    await ana.send("Said no to an extra shift.")
    await ana.tap("Set or held a boundary 🚧")
    assert ana.last_text().endswith(
        "A new kind of step in your notes: setting or holding a boundary. "
        "That makes 2 different kinds so far."
    )
    await ana.tap("That's all for now")
    assert ana.replies() == [texts.DONE]
    assert [w.progress_kind for w in await _wins(harness, ana)] == ["coping", "boundary"]
    await _nothing_half_done(harness)


async def test_entering_from_the_menu_button(harness: Harness, ana: FakeUser) -> None:
    await onboard(ana)
    await ana.send("/start")
    menu_message = ana.last_message()
    query_id = await ana.tap_data(MenuPick("win").pack(), menu_message.message_id)
    assert harness.telegram.callback_answer(query_id) == {}
    assert ana.replies() == [ASK]
    await ana.send("Asked for help with the boxes.")
    await ana.tap("Reached out or connected 🤝")
    (win,) = await _wins(harness, ana)
    assert (win.text, win.progress_kind) == ("Asked for help with the boxes.", "reached_out")


async def test_cancel_at_every_step_keeps_nothing(harness: Harness, ana: FakeUser) -> None:
    await onboard(ana)
    for words in (None, "I almost did something kind for myself."):
        await ana.send("/win")
        if words is not None:
            await ana.send(words)
            assert ana.buttons() == KIND_LABELS
        await ana.send("/cancel")
        assert ana.replies() == [common.CANCELLED]
        assert await _rows(harness, "wins") == 0
        assert _draft(harness, ana) == {}
        await _nothing_half_done(harness)
    # A kind tapped on the cancelled question starts afresh rather than saving.
    await ana.tap("Was kind to myself 💛")
    assert ana.replies() == [texts.STALE_RESTART, ASK]
    assert await _rows(harness, "wins") == 0


async def test_bad_input_while_waiting_for_words(harness: Harness, ana: FakeUser) -> None:
    await onboard(ana)
    await ana.send("/win")
    for act in (ana.send_sticker(), ana.send_photo(), ana.send_voice(), ana.send_document()):
        await act
        assert ana.replies() == [common.TEXT_ONLY, ASK]
    # A kind button before any words: answered, and the same question again.
    query_id = await ana.tap_data("win:k:paused")
    assert harness.telegram.callback_answer(query_id) == {"text": common.STALE_BUTTON_TOAST}
    assert ana.replies() == [ASK]
    await ana.send("/frobnicate")
    assert ana.replies() == [common.BUSY_COMMAND]
    await ana.send("/history")  # read-only: answers mid-flow, and the flow still waits
    assert ana.replies()[0].startswith("Nothing here yet")
    await ana.send("/help")
    assert ana.replies()[0].startswith("Small Steps helps you notice")
    await ana.send("Still here, still answering.")
    assert ana.buttons() == KIND_LABELS
    assert await _rows(harness, "wins") == 0


async def test_long_words_are_trimmed_with_a_note(harness: Harness, ana: FakeUser) -> None:
    await onboard(ana)
    await ana.send("/win")
    await ana.send("x" * 5000)
    note, question = ana.replies()
    assert note == "That was a lot — I kept the first 1,000 characters, up to the last whole word."
    assert question.startswith("Thank you. Which kind of step was it?")
    await ana.tap("Something else ✏️")
    assert f"“{'x' * 1000}”" in ana.last_text()
    (win,) = await _wins(harness, ana)
    assert win.text == "x" * 1000


async def test_html_looking_words_are_saved_as_typed_and_shown_escaped(
    harness: Harness, ana: FakeUser
) -> None:
    await onboard(ana)
    await ana.send("/win")
    await ana.send("<b>hi</b> & <3")
    await ana.tap("Was kind to myself 💛")
    ack = ana.last_message()
    assert "“<b>hi</b> & <3”" in ack.text  # what Ana sees: her words, exactly
    assert "&lt;b&gt;hi&lt;/b&gt; &amp; &lt;3" in ack.raw  # what was sent: escaped
    assert not any(entity["type"] == "bold" and entity["length"] == 2 for entity in ack.entities)
    (win,) = await _wins(harness, ana)
    assert win.text == "<b>hi</b> & <3"


async def test_typing_where_a_button_is_expected(harness: Harness, ana: FakeUser) -> None:
    await onboard(ana)
    await ana.send("/win")
    await ana.send("I cried at the film and didn't hide it.")
    for act in (ana.send("the feeling one"), ana.send_sticker(), ana.send_photo()):
        await act
        note, again = ana.replies()
        assert note == common.BUTTONS_ONLY
        assert again == texts.REASK_KIND  # short: the meanings are a tap away
        assert ana.buttons() == [*KIND_LABELS, texts.MEANINGS_LABEL]
    query_id = await ana.tap_data("win:k:no_such_kind")
    assert harness.telegram.callback_answer(query_id) == {"text": common.STALE_BUTTON_TOAST}
    assert ana.last_text() == texts.REASK_KIND
    await ana.tap("Let a feeling in 💧")
    (win,) = await _wins(harness, ana)
    assert (win.text, win.progress_kind) == ("I cried at the film and didn't hide it.", "let_feel")


async def test_win_again_mid_flow_starts_over(harness: Harness, ana: FakeUser) -> None:
    await onboard(ana)
    await ana.send("/win")
    await ana.send("First try at words.")
    first = _draft(harness, ana)
    assert first["words"] == "First try at words."
    await ana.send("/win")
    assert ana.replies() == [ASK]
    again = _draft(harness, ana)
    assert list(again) == ["flow_id"] and again["flow_id"] != first["flow_id"]
    await ana.send("Second, better words.")
    # The menu's button (or a daily prompt's) inside the flow starts over the same way.
    query_id = await ana.tap_data(MenuPick("win").pack())
    assert harness.telegram.callback_answer(query_id) == {}
    assert ana.replies() == [ASK]
    assert list(_draft(harness, ana)) == ["flow_id"]
    await ana.send("Third, best words.")
    await ana.tap(PAUSED)
    (win,) = await _wins(harness, ana)
    assert win.text == "Third, best words."


async def test_a_stale_button_after_a_restart_starts_afresh(
    harness: Harness, ana: FakeUser
) -> None:
    await onboard(ana)
    await harness.restart()
    query_id = await ana.tap_data("win:k:paused")
    assert harness.telegram.callback_answer(query_id) == {"text": common.STALE_BUTTON_TOAST}
    assert ana.replies() == [texts.STALE_RESTART, ASK]
    assert await _rows(harness, "wins") == 0
    await ana.send("Noticed I was tired, not angry.")
    await ana.tap("Noticed a pattern 🔍")
    (win,) = await _wins(harness, ana)
    assert win.progress_kind == "pattern"


async def test_old_buttons_after_erasing_everything(harness: Harness, ana: FakeUser) -> None:
    await onboard(ana)
    await ana.send("/win")
    await ana.send("Asked my partner for a quiet evening.")
    question = ana.last_message()
    await ana.tap("Set or held a boundary 🚧")
    await ana.send("/delete")
    await ana.tap("Yes, erase everything")
    await ana.tap("Note another win 🌱")
    assert ana.replies() == [common.NOT_SET_UP]
    query_id = await ana.tap_data("win:k:boundary", question.message_id)
    assert harness.telegram.callback_answer(query_id) == {"text": common.STALE_BUTTON_TOAST}
    assert ana.replies() == [common.NOT_SET_UP]
    assert await _rows(harness, "wins") == 0
    await _nothing_half_done(harness)


async def test_a_restart_between_steps_keeps_the_earlier_answers(
    harness: Harness, ana: FakeUser
) -> None:
    await onboard(ana)
    await ana.send("/win")
    await harness.restart()
    await ana.send("Stayed in the room when it got tense.")
    assert ana.buttons() == KIND_LABELS
    await harness.restart()
    await ana.tap("Sat with discomfort 🪨")
    assert ana.last_text().startswith("Saved ✓ Sat with discomfort")
    assert "“Stayed in the room when it got tense.”" in ana.last_text()
    (win,) = await _wins(harness, ana)
    assert (win.text, win.progress_kind) == ("Stayed in the room when it got tense.", "sat_with")
    await _nothing_half_done(harness)


async def test_the_same_kind_tap_twice_saves_once(harness: Harness, ana: FakeUser) -> None:
    await onboard(ana)
    await ana.send("/win")
    await ana.send("Got out of bed and showered.")
    question = ana.last_message()
    await ana.tap("Showed up on a hard day 🌱")
    assert ana.last_text().startswith("Saved ✓ Showed up on a hard day")
    # The same tap arrives again (a double tap, or Telegram delivering it twice).
    query_id = await ana.tap_data("win:k:showed_up", question.message_id)
    assert harness.telegram.callback_answer(query_id) == {"text": common.STALE_BUTTON_TOAST}
    assert ana.replies() == [texts.STALE_RESTART, ASK]
    assert len(await _wins(harness, ana)) == 1


async def test_a_replay_after_a_crash_between_saving_and_moving_on_saves_once(
    harness: Harness, ana: FakeUser
) -> None:
    await onboard(ana)
    await ana.send("/win")
    await ana.send("Wrote it down instead of stewing.")
    flow_id = _draft(harness, ana)["flow_id"]
    # As if the kind tap had saved the win and the process died before its step was recorded:
    # the person is still at the kind question, with the same flow id in their draft.
    assert await harness.store.entries.add_win(
        ana.user_id,
        flow_id,
        now=NOW,
        local_date=date(2026, 11, 22),
        text="Wrote it down instead of stewing.",
        progress_kind="coping",
    )
    await ana.tap("Used a coping skill 🧰")
    assert ana.last_text().endswith(texts.VERY_FIRST)
    assert len(await _wins(harness, ana)) == 1
    await _nothing_half_done(harness)


def test_ordinals() -> None:
    assert [texts.ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111, 112)] == [
        "1st",
        "2nd",
        "3rd",
        "4th",
        "11th",
        "12th",
        "13th",
        "21st",
        "22nd",
        "23rd",
        "101st",
        "111th",
        "112th",
    ]


def test_every_kind_reads_well_in_a_sentence() -> None:
    assert set(texts.PHRASES) == {kind.key for kind in PROGRESS_KINDS}
    for kind in PROGRESS_KINDS:
        name = texts.kind_name(kind)
        assert name and name == name.strip() and name[-1].isalpha(), kind.key


async def test_after_the_first_few_wins_the_kinds_are_buttons_with_their_meanings_a_tap_away(
    harness: Harness, ana: FakeUser
) -> None:
    await onboard(ana)
    for words in ("Drank water.", "Made the bed.", "Texted back."):
        await ana.send("/win")
        await ana.send(words)
        assert "• Paused before reacting:" in ana.last_text()
        await ana.tap(PAUSED)
    await ana.send("/win")
    await ana.send("Went to the appointment.")
    assert ana.replies() == [texts.ASK_KIND_SHORT]
    assert ana.buttons() == [*KIND_LABELS, texts.MEANINGS_LABEL]
    await ana.tap(texts.MEANINGS_LABEL)
    (meanings,) = ana.replies()
    assert meanings.startswith("What each kind means:")
    assert "• Paused before reacting: I took a breath or a moment before I responded." in meanings
    assert ana.buttons() == KIND_LABELS
    await ana.tap("Showed up on a hard day 🌱")
    assert ana.replies()[0].startswith("Saved ✓ Showed up on a hard day")
    assert len(await _wins(harness, ana)) == 4


async def test_first_time_lines_vary_and_say_something_true(ana: FakeUser) -> None:
    await onboard(ana)
    lines = []
    for words, label in [
        ("Breathed first.", PAUSED),
        ("Called my aunt.", "Reached out or connected 🤝"),
        ("Said no.", "Set or held a boundary 🚧"),
        ("Took a break.", "Was kind to myself 💛"),
    ]:
        saved = await _log_win(ana, words, label)
        lines.append(saved.rsplit("\n\n", 1)[1])
    assert lines == [
        texts.VERY_FIRST,
        "A new kind of step in your notes: reaching out or connecting. "
        "That makes 2 different kinds so far.",
        "First time you've noted setting or holding a boundary here. "
        "Your notes now hold 3 kinds of steps.",
        "Being kind to yourself is new in your notes, the 4th kind of step you've noticed.",
    ]


async def test_long_words_are_cut_at_a_word_boundary(harness: Harness, ana: FakeUser) -> None:
    await onboard(ana)
    await ana.send("/win")
    await ana.send("I kept going " * 100)  # 1,300 characters
    assert ana.replies()[0] == texts.TRIMMED.format(limit=texts.MAX_WORDS)
    await ana.tap(PAUSED)
    (win,) = await _wins(harness, ana)
    assert len(win.text) <= texts.MAX_WORDS and win.text.endswith("going")
