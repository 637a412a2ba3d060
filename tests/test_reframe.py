"""`/reframe`: what a person sees at each step, and what the database holds afterwards."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.store import Reframe
from conversations.common import texts as common
from conversations.content.reframe import (
    COMMON_HUMANITY_LINES,
    FACT_OR_ASSUMPTION_HINT,
    FRIEND_QUESTIONS,
)
from conversations.reframe import texts
from fake_telegram import FakeUser
from tests.conftest import Harness, onboard

SITUATION = "I snapped at my sister over dinner."
CRITIC = "I'm a terrible person."
FRIEND = "You were exhausted. One sharp moment doesn't undo how much you love her."
HEAVINESS_BUTTONS = [str(n) for n in range(11)]
CHECK_BUTTONS = ["Fact", "Assumption", "Not sure", "Skip"]
LOW = "Unpleasant, low 🌧"
TRIMMED = texts.TRIMMED.format(limit="1,000")


async def _db_rows(harness: Harness, table: str) -> int:
    row = await harness.store.db.fetch_one(f"SELECT count(*) FROM {table}")
    assert row is not None
    return int(row[0])


async def _reframes(harness: Harness, ana: FakeUser) -> list[Reframe]:
    entries = await harness.store.entries.all_of(ana.user_id)
    return [entry for entry in entries if isinstance(entry, Reframe)]


async def _act(ana: FakeUser, actions: list[str]) -> None:
    for action in actions:
        if action.startswith("tap:"):
            await ana.tap(action[4:])
        else:
            await ana.send(action)


async def _quick_reframe(
    ana: FakeUser, before: str = "8", after: str = "5", check: str = "Skip"
) -> None:
    """A whole reframe with typed answers, from /reframe to the keepsake."""
    await _act(
        ana, ["/reframe", SITUATION, CRITIC, before, "ashamed", FRIEND, f"tap:{check}", after]
    )


def _question(text: str) -> str:
    return text.split("\n")[0]


async def test_not_set_up_yet(harness: Harness, ana: FakeUser) -> None:
    await ana.send("/reframe")
    assert ana.replies() == [common.NOT_SET_UP]
    await ana.send("/start")
    await ana.tap("Yes, that's okay")  # agreed, but no time zone yet
    await ana.tap_data("menu:reframe")
    assert ana.replies()[-1] == common.NOT_SET_UP
    await harness.app.update_persistence()
    assert await _db_rows(harness, "user_drafts") == 0
    assert await _db_rows(harness, "conversation_states") == 0


async def test_the_whole_reframe_with_buttons(harness: Harness, ana: FakeUser) -> None:
    await onboard(ana)
    harness.clock.set(datetime(2026, 11, 22, 22, 50, tzinfo=UTC))  # late on Sunday evening
    await ana.send("/reframe")
    assert ana.replies() == [texts.INTRO, texts.ASK_SITUATION]
    assert "/cancel" in texts.INTRO

    await ana.send(SITUATION)
    assert ana.replies() == [
        "When you think about it, what does the critical voice in your head say? Write it the "
        "way it says it, for example I always mess things up."
    ]
    await ana.send(CRITIC)
    assert ana.replies() == [texts.ASK_HEAVINESS_BEFORE]
    assert ana.buttons() == HEAVINESS_BUTTONS
    assert [len(row) for row in ana.last_message().buttons] == [6, 5]

    await ana.tap("8")
    (feeling,) = ana.replies()
    assert feeling.startswith("Now let's notice the feeling underneath, without judging it.")
    assert "you can simply type it" in feeling
    await ana.tap(LOW)
    await ana.tap("Hurt")
    named, friend_question = ana.replies()
    assert named == f"Hurt. Thank you for naming it.\n\n{COMMON_HUMANITY_LINES[0]}"
    assert friend_question == texts.ASK_FRIEND.format(question=FRIEND_QUESTIONS[0])
    assert "up to 1,000 characters" in friend_question

    await ana.send(FRIEND)
    (check,) = ana.replies()
    assert check == (
        f"One more look, if you like. The critic said:\n{CRITIC}\n"
        f"Is that a fact, or an assumption?\n\n{FACT_OR_ASSUMPTION_HINT}"
    )
    assert ana.buttons() == CHECK_BUTTONS
    await ana.tap("Assumption")
    assert ana.replies() == [texts.CHECK_REPLIES["assumption"], texts.ASK_HEAVINESS_AFTER]
    assert ana.buttons() == HEAVINESS_BUTTONS

    # Late on Sunday evening in UTC is already Monday in Berlin.
    harness.clock.set(datetime(2026, 11, 22, 23, 30, tzinfo=UTC))
    await ana.tap("5")
    (keepsake,) = ana.replies()
    assert keepsake == (
        f"Saved ✓ Here are your own kind words, to keep:\n{FRIEND}\nFrom 8 to 5 — a little lighter."
    )
    quotes = [e for e in ana.last_message().entities if e["type"] == "blockquote"]
    assert len(quotes) == 1
    quoted = keepsake[quotes[0]["offset"] : quotes[0]["offset"] + quotes[0]["length"]]
    assert quoted.strip() == FRIEND

    (row,) = await _reframes(harness, ana)
    assert (row.situation, row.critic, row.feeling, row.friend_words) == (
        SITUATION,
        CRITIC,
        "hurt",
        FRIEND,
    )
    assert (row.heaviness_before, row.critic_is, row.heaviness_after) == (8, "assumption", 5)
    assert row.local_date == date(2026, 11, 23)
    assert row.created_at == datetime(2026, 11, 22, 23, 30, tzinfo=UTC)

    await harness.app.update_persistence()
    assert await _db_rows(harness, "user_drafts") == 0
    assert await _db_rows(harness, "conversation_states") == 0
    await ana.send("thanks")  # the flow is over
    assert ana.replies() == [common.OUTSIDE_FLOW]


@pytest.mark.parametrize(
    ("before", "after", "change"),
    [
        ("3", "2", "From 3 to 2 — a little lighter."),
        ("6", "6", "It still feels as heavy — that's okay; you were kind to yourself anyway."),
        ("4", "7", texts.HEAVIER.format(before=4, after=7)),
    ],
)
async def test_how_the_change_in_heaviness_is_said(
    harness: Harness, ana: FakeUser, before: str, after: str, change: str
) -> None:
    await onboard(ana)
    await _quick_reframe(ana, before=before, after=after)
    assert ana.replies()[-1].endswith("\n" + change)
    (row,) = await _reframes(harness, ana)
    assert (row.heaviness_before, row.heaviness_after) == (int(before), int(after))


async def test_heavier_is_said_gently_with_a_pointer_to_the_helplines(ana: FakeUser) -> None:
    await onboard(ana)
    await _quick_reframe(ana, before="2", after="9")
    keepsake = ana.last_text()
    assert "It feels heavier now, from 2 to 9." in keepsake
    assert "isn't a failure" in keepsake and "/sos" in keepsake and "helplines" in keepsake
    assert "/help" not in keepsake
    assert "should" not in keepsake.lower()


@pytest.mark.parametrize(
    ("typed", "stored", "shown"),
    [
        ("ashamed", "ashamed", "Ashamed"),  # a word from the list, typed
        ("  Left   OUT ", "left out", "Left out"),
        ("kind of small.", "kind of small", "Kind of small"),  # their own word
    ],
)
async def test_the_feeling_can_be_typed_instead_of_picked(
    harness: Harness, ana: FakeUser, typed: str, stored: str, shown: str
) -> None:
    await onboard(ana)
    await _act(ana, ["/reframe", SITUATION, CRITIC, "7", typed])
    named, _friend = ana.replies()
    assert named.startswith(f"{shown}. Thank you for naming it.")
    await _act(ana, [FRIEND, "tap:Fact", "6"])
    (row,) = await _reframes(harness, ana)
    assert row.feeling == stored


async def test_their_own_word_after_none_of_these(harness: Harness, ana: FakeUser) -> None:
    await onboard(ana)
    await _act(ana, ["/reframe", SITUATION, CRITIC, "9", f"tap:{LOW}", "tap:None of these"])
    await ana.send("like a fraud")
    assert ana.replies()[0].startswith("Like a fraud. Thank you for naming it.")
    await _act(ana, [FRIEND, "tap:Not sure", "9"])
    (row,) = await _reframes(harness, ana)
    assert (row.feeling, row.critic_is) == ("like a fraud", "unsure")


@pytest.mark.parametrize(
    ("label", "stored", "reply"),
    [
        ("Fact", "fact", texts.CHECK_REPLIES["fact"]),
        ("Assumption", "assumption", texts.CHECK_REPLIES["assumption"]),
        ("Not sure", "unsure", texts.CHECK_REPLIES["unsure"]),
        ("Skip", None, None),
    ],
)
async def test_the_thought_check(
    harness: Harness, ana: FakeUser, label: str, stored: str | None, reply: str | None
) -> None:
    await onboard(ana)
    await _act(ana, ["/reframe", SITUATION, CRITIC, "8", "ashamed", FRIEND])
    await ana.tap(label)
    expected = [reply, texts.ASK_HEAVINESS_AFTER] if reply else [texts.ASK_HEAVINESS_AFTER]
    assert ana.replies() == expected
    await ana.send("6")
    (row,) = await _reframes(harness, ana)
    assert row.critic_is == stored


# Each step, the actions that reach it from the one before, and how its question begins.
STEPS = [
    ([], "What happened?"),
    ([SITUATION], "When you think about it, what does the critical voice"),
    ([CRITIC], "How heavy does that feel right now?"),
    (["tap:8"], "Now let's notice the feeling underneath"),
    ([f"tap:{LOW}"], LOW),
    (["tap:None of these"], "What's your word for it?"),
    (["kind of small"], FRIEND_QUESTIONS[0]),
    ([FRIEND], "One more look, if you like."),
    (["tap:Assumption"], texts.ASK_HEAVINESS_AFTER),
]


async def test_cancel_from_every_step_keeps_nothing(harness: Harness, ana: FakeUser) -> None:
    await onboard(ana)
    done: list[str] = []
    for actions, question in STEPS:
        done += actions
        await _act(ana, ["/reframe", *done])
        assert ana.last_text().startswith(question), question
        await ana.send("/cancel")
        assert ana.replies() == [common.CANCELLED], question
        assert await _reframes(harness, ana) == [], question
        await harness.app.update_persistence()
        assert await _db_rows(harness, "user_drafts") == 0, question
        assert await _db_rows(harness, "conversation_states") == 0, question
        await ana.send("5")  # not taken as an answer any more
        assert ana.replies() == [common.OUTSIDE_FLOW], question
    assert await _db_rows(harness, "reframes") == 0


async def test_stickers_and_photos_at_every_step_get_a_kind_word_and_the_same_question(
    harness: Harness, ana: FakeUser
) -> None:
    await onboard(ana)
    await ana.send("/reframe")
    for actions, question in STEPS:
        await _act(ana, actions)
        buttons = ana.buttons() if ana.last_message().buttons else []
        for act in (ana.send_sticker, ana.send_photo):
            await act()
            note, again = ana.replies()
            assert note in (common.TEXT_ONLY, common.BUTTONS_ONLY), question
            assert again.startswith(question), question
            if buttons:
                assert ana.buttons() == buttons, question
    await ana.send("4")
    (row,) = await _reframes(harness, ana)
    assert (row.situation, row.critic, row.feeling) == (SITUATION, CRITIC, "kind of small")
    assert (row.heaviness_before, row.heaviness_after, row.critic_is) == (8, 4, "assumption")


async def test_very_long_answers_are_trimmed_with_a_note(harness: Harness, ana: FakeUser) -> None:
    await onboard(ana)
    await ana.send("/reframe")
    await ana.send("s" * 5000)
    assert ana.replies() == [TRIMMED, ana.last_text()]
    assert ana.last_text().startswith("When you think about it")
    await ana.send("c" * 4000 + "  ")
    note, _rating = ana.replies()
    assert note == TRIMMED
    await _act(ana, ["8", "ashamed"])
    await ana.send("f" * 5000)
    note, check = ana.replies()
    assert note == TRIMMED
    assert "c" * 200 + "…\n" in check and "c" * 201 not in check
    await _act(ana, ["tap:Skip", "3"])
    assert "f" * 1000 + "\n" in ana.last_text()
    (row,) = await _reframes(harness, ana)
    assert (row.situation, row.critic, row.friend_words) == ("s" * 1000, "c" * 1000, "f" * 1000)


async def test_an_answer_of_exactly_the_limit_is_kept_without_a_note(
    harness: Harness, ana: FakeUser
) -> None:
    await onboard(ana)
    await _act(ana, ["/reframe", "s" * 1000])
    assert ana.replies() == [ana.last_text()]
    assert ana.last_text().startswith("When you think about it")


async def test_html_looking_text_is_saved_as_typed_and_shown_as_typed(
    harness: Harness, ana: FakeUser
) -> None:
    await onboard(ana)
    await _act(ana, ["/reframe", "<b>x</b> & <3", "I'm <i>always</i> late & <3", "7"])
    await ana.send("<meh> & <3")  # their own word for the feeling
    assert ana.replies()[0].startswith("<meh> & <3. Thank you for naming it.")
    await ana.send("<b>x</b> & <3 you're doing fine")
    assert "The critic said:\nI'm <i>always</i> late & <3\n" in ana.last_text()
    assert "&lt;i&gt;always&lt;/i&gt; late &amp; &lt;3" in ana.last_message().raw
    await _act(ana, ["tap:Fact", "7"])
    assert "\n<b>x</b> & <3 you're doing fine\n" in ana.last_text()
    (row,) = await _reframes(harness, ana)
    assert row.situation == "<b>x</b> & <3"
    assert row.critic == "I'm <i>always</i> late & <3"
    assert row.feeling == "<meh> & <3"
    assert row.friend_words == "<b>x</b> & <3 you're doing fine"


BAD_RATINGS = ["-1", "11", "ten", "7.5", "100", "seven/10", "+3", "3 or 4"]


async def test_ratings_out_of_range_or_not_numbers_are_asked_again(
    harness: Harness, ana: FakeUser
) -> None:
    await onboard(ana)
    await _act(ana, ["/reframe", SITUATION, CRITIC])
    for typed in BAD_RATINGS:
        await ana.send(typed)
        assert ana.replies() == [texts.BAD_HEAVINESS, texts.ASK_HEAVINESS_BEFORE], typed
        assert ana.buttons() == HEAVINESS_BUTTONS
    await _act(ana, [" 7/10 ", "ashamed", FRIEND, "tap:Skip"])
    for typed in BAD_RATINGS:
        await ana.send(typed)
        assert ana.replies() == [texts.BAD_HEAVINESS, texts.ASK_HEAVINESS_AFTER], typed
        assert ana.buttons() == HEAVINESS_BUTTONS
    assert await _reframes(harness, ana) == []
    await ana.send("10")
    (row,) = await _reframes(harness, ana)
    assert (row.heaviness_before, row.heaviness_after) == (7, 10)


async def test_text_or_old_buttons_where_a_button_is_expected(
    harness: Harness, ana: FakeUser
) -> None:
    await onboard(ana)
    await _act(ana, ["/reframe", SITUATION, CRITIC, "6", "ashamed", FRIEND])
    await ana.send("assumption, I think")
    note, again = ana.replies()
    assert note == common.BUTTONS_ONLY and again.startswith("One more look")
    assert ana.buttons() == CHECK_BUTTONS
    query = await ana.tap_data("rf:c:maybe")  # ours in name, not a real answer
    assert ana.replies()[0].startswith("One more look")
    assert harness.telegram.callback_answer(query) is not None
    await ana.tap("Assumption")
    query = await ana.tap_data("rf:hb:1")  # the first rating's button, tapped at the end
    assert ana.replies() == [texts.ASK_HEAVINESS_AFTER]
    answer = harness.telegram.callback_answer(query)
    assert answer is not None and answer.get("text") == common.STALE_BUTTON_TOAST
    assert await _reframes(harness, ana) == []
    await ana.tap_data("rf:ha:99")  # forged: out of range
    assert ana.replies() == [texts.ASK_HEAVINESS_AFTER]
    await ana.tap("2")
    (row,) = await _reframes(harness, ana)
    assert (row.heaviness_before, row.heaviness_after) == (6, 2)


async def test_a_stale_reframe_button_after_a_restart_starts_again_kindly(
    harness: Harness, ana: FakeUser
) -> None:
    await onboard(ana)
    await _quick_reframe(ana)
    await harness.restart()
    query = await ana.tap_data("rf:ha:3")
    answer = harness.telegram.callback_answer(query)
    assert answer is not None and answer.get("text") == common.STALE_BUTTON_TOAST
    intro, ask = ana.replies()
    assert intro == texts.INTRO_AFTER_STALE and "/cancel" in intro
    assert ask == texts.ASK_SITUATION
    assert len(await _reframes(harness, ana)) == 1  # the old tap saved nothing new
    await ana.send("Another hard moment.")
    assert ana.last_text().startswith("When you think about it")


async def test_a_stale_reframe_button_before_setting_up(harness: Harness, ana: FakeUser) -> None:
    await ana.send("/start")
    await ana.tap("Not now")
    query = await ana.tap_data("rf:c:fact")
    assert harness.telegram.callback_answer(query) is not None
    assert ana.replies() == [common.NOT_SET_UP]


async def test_a_restart_mid_reframe_keeps_the_earlier_answers(
    harness: Harness, ana: FakeUser
) -> None:
    await onboard(ana)
    await _act(ana, ["/reframe", SITUATION, CRITIC])
    await harness.restart()
    await ana.tap("6")
    assert ana.replies()[0].startswith("Now let's notice the feeling underneath")
    await _act(ana, ["ashamed", FRIEND])
    await harness.restart()
    await _act(ana, ["tap:Not sure", "4"])
    (row,) = await _reframes(harness, ana)
    assert (row.situation, row.critic, row.heaviness_before) == (SITUATION, CRITIC, 6)
    assert (row.feeling, row.friend_words, row.critic_is, row.heaviness_after) == (
        "ashamed",
        FRIEND,
        "unsure",
        4,
    )


async def test_from_the_menu_button(harness: Harness, ana: FakeUser) -> None:
    await onboard(ana)
    query = await ana.tap_data("menu:reframe")
    assert ana.replies() == [texts.INTRO, texts.ASK_SITUATION]
    answer = harness.telegram.callback_answer(query)
    assert answer is not None and not answer.get("text")
    await ana.send("/cancel")
    await ana.send("/start")
    await ana.tap("Reframe a harsh thought 💛")
    assert ana.replies() == [texts.INTRO, texts.ASK_SITUATION]


async def test_reframe_again_mid_flow_starts_fresh(harness: Harness, ana: FakeUser) -> None:
    await onboard(ana)
    await _act(ana, ["/reframe", "An old situation", CRITIC, "9", "ashamed"])
    await ana.send("/reframe")
    assert ana.replies() == [texts.INTRO, texts.ASK_SITUATION]
    await _act(ana, [SITUATION, CRITIC, "8", "hurt", FRIEND, "tap:Skip", "5"])
    (row,) = await _reframes(harness, ana)
    assert (row.situation, row.heaviness_before) == (SITUATION, 8)


async def test_help_mid_flow_answers_and_the_step_goes_on(harness: Harness, ana: FakeUser) -> None:
    await onboard(ana)
    await _act(ana, ["/reframe", SITUATION])
    await ana.send("/help")
    assert ana.replies()[0].startswith("Small Steps helps you notice")
    await ana.send("/frobnicate")
    assert ana.replies() == [common.BUSY_COMMAND]
    await _act(ana, [CRITIC, "5", "ashamed", FRIEND, "tap:Skip", "5"])
    (row,) = await _reframes(harness, ana)
    assert row.critic == CRITIC


async def test_the_common_humanity_line_and_friend_question_rotate(
    harness: Harness, ana: FakeUser
) -> None:
    await onboard(ana)
    shown: list[tuple[str, str]] = []
    for _ in range(2):
        await _act(ana, ["/reframe", SITUATION, CRITIC, "8", "ashamed"])
        named, question = ana.replies()
        shown.append((named.split("\n\n")[1], _question(question)))
        await _act(ana, [FRIEND, "tap:Skip", "5"])
    assert shown[0][0] == COMMON_HUMANITY_LINES[0] and shown[1][0] == COMMON_HUMANITY_LINES[1]
    assert shown[0][1].startswith(FRIEND_QUESTIONS[0])
    assert shown[1][1].startswith(FRIEND_QUESTIONS[1])
    assert len(await _reframes(harness, ana)) == 2


def test_the_texts_never_tell_anyone_what_they_should_do() -> None:
    for name, value in vars(texts).items():
        values = value.values() if isinstance(value, dict) else [value]
        for text in values:
            if isinstance(text, str):
                assert "should" not in text.lower(), name
                assert "you must" not in text.lower(), name


async def test_if_the_earlier_answers_are_lost_it_says_so_and_starts_again(
    harness: Harness, ana: FakeUser
) -> None:
    await onboard(ana)
    await _act(ana, ["/reframe", SITUATION, CRITIC, "8", "ashamed", FRIEND, "tap:Skip"])
    assert harness.app is not None
    harness.app.user_data[ana.user_id].pop("reframe_critic")
    await ana.send("5")
    assert ana.replies() == [texts.LOST_TRACK, texts.ASK_SITUATION]
    assert await _reframes(harness, ana) == []
    await _act(ana, [SITUATION, CRITIC, "8", "ashamed", FRIEND, "tap:Skip", "5"])
    assert len(await _reframes(harness, ana)) == 1


async def test_not_sure_of_the_feeling_helps_find_one(harness: Harness, ana: FakeUser) -> None:
    await onboard(ana)
    await _act(ana, ["/reframe", SITUATION, CRITIC, "7", "tap:I'm not sure 🤔"])
    assert ana.replies()[0].startswith("That's okay, we can find it together.")
    await _act(ana, ["tap:Low or quiet", "tap:More unpleasant"])
    assert ana.replies()[0].startswith(LOW)
    await ana.tap("Disappointed")
    assert ana.replies()[0].startswith("Disappointed. Thank you for naming it.")
    await _act(ana, [FRIEND, "tap:Fact", "6"])
    (row,) = await _reframes(harness, ana)
    assert row.feeling == "disappointed"
