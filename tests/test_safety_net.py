"""The safety net, through the chat: clear risk gets helplines at once; possible risk gets one
question, and the person's words wait (encrypted, never as an entry) until they answer."""

from __future__ import annotations

import logging

import pytest

from bot.safety import texts as safety
from bot.safety.grounding import EXERCISES
from bot.store import Win
from conversations.common import texts as common
from fake_telegram import FakeUser
from tests.conftest import Harness, onboard

CRISIS = "honestly I just want to end it all"
CRISIS_BUTTONS = ["Grounding exercise 🌿", "Keep going", "Stop for now"]
ASK_BUTTONS = ["I'm not safe", "I'm safe, carry on", "Grounding exercise 🌿"]
MILESTONE = "two months without self-harm today"
POSSIBLE = "I wrote letters to say goodbye"


async def _rows(harness: Harness, table: str) -> list[tuple[object, ...]]:
    return await harness.store.db.fetch_all(f"SELECT * FROM {table}")


async def _wins(harness: Harness, ana: FakeUser) -> list[Win]:
    return [e for e in await harness.store.entries.all_of(ana.user_id) if isinstance(e, Win)]


# ------------------------------------------------------------------------------ clear tier


async def test_outside_a_flow_it_answers_with_the_persons_helplines(ana: FakeUser) -> None:
    await onboard(ana, place="Germany")
    await ana.send(CRISIS)
    (reply,) = ana.replies()
    assert reply.startswith("It sounds like things are really hard right now.")
    assert "TelefonSeelsorge" in reply and "0800 111 0 111" in reply
    assert "call 112 (emergency)" in reply
    assert "/safetyplan" in reply  # offered, never pushed: a line, not a step
    assert ana.buttons() == CRISIS_BUTTONS


@pytest.mark.parametrize(
    ("place", "number", "emergency"),
    [
        ("New York", "988", "911"),
        ("UK", "116 123", "999"),
        ("Ireland", "116 123", "112 or 999"),
        ("Japan", "0570-783-556", "119"),
        ("Sydney", "13 11 14", "000"),
        ("Nairobi", "findahelpline.com", "local emergency number"),
    ],
)
async def test_helplines_and_emergency_number_follow_the_time_zone_country(
    ana: FakeUser, place: str, number: str, emergency: str
) -> None:
    await onboard(ana, place=place)
    await ana.send("i keep thinking about killing myself")
    (reply,) = ana.replies()
    assert number in reply and emergency in reply


async def test_a_stranger_gets_the_international_directory(ana: FakeUser) -> None:
    await ana.send("I don't want to be here anymore")
    assert "findahelpline.com" in ana.replies()[0]
    assert "local emergency number" in ana.replies()[0]


async def test_everyday_idioms_do_not_trigger_it(ana: FakeUser) -> None:
    await onboard(ana)
    for idiom in ("this deadline is killing me", "my phone died", "I nearly died laughing"):
        await ana.send(idiom)
        assert ana.replies() == [common.OUTSIDE_FLOW], idiom


async def test_mid_flow_the_step_waits_and_the_message_is_not_taken_as_an_answer(
    harness: Harness, ana: FakeUser
) -> None:
    await ana.send("/start")
    await ana.tap("Yes, that's okay")
    await ana.send(CRISIS)  # at the time zone step
    assert ana.replies()[0].startswith("It sounds like things are really hard")
    await ana.tap("Keep going")
    assert ana.replies() == [safety.KEEP_GOING_IN_FLOW]
    await ana.send("Germany")
    assert "Is that your time?" in ana.last_text()
    await ana.tap("Yes, that's right")
    await ana.send("I can't go on like this, I want to die")  # at the time step
    assert ana.replies()[0].startswith("It sounds like things are really hard")
    await ana.send("21:30")
    assert "All set" in ana.replies()[0]
    person = await harness.store.users.get(ana.user_id)
    assert person is not None and person.prompt_time is not None


async def test_stop_for_now_ends_the_flow_and_keeps_nothing_half_done(
    harness: Harness, ana: FakeUser
) -> None:
    await ana.send("/start")
    await ana.tap("Yes, that's okay")
    await ana.send("Berlin")
    await ana.send(CRISIS)
    await ana.tap("Stop for now")
    assert ana.replies() == [safety.STOPPED]
    await ana.send("hello")
    assert ana.replies() == [common.OUTSIDE_FLOW]
    await harness.app.update_persistence()
    assert await _rows(harness, "conversation_states") == []
    person = await harness.store.users.get(ana.user_id)
    assert person is not None and person.timezone is None


async def test_sos_answers_any_time_without_leaving_the_flow(ana: FakeUser) -> None:
    await ana.send("/start")
    await ana.tap("Yes, that's okay")
    await ana.send("/sos")
    assert ana.replies()[0].startswith("Here are people you can talk to:")
    await ana.send("Germany")
    assert "Is that your time?" in ana.last_text()


async def test_help_keeps_the_helplines_and_the_plan_one_command_away(ana: FakeUser) -> None:
    await ana.send("I'm fine now")
    await ana.send("/help")
    assert "/sos" in ana.replies()[0] and "/safetyplan" in ana.last_text()


async def test_a_photo_caption_is_checked_too(ana: FakeUser) -> None:
    await ana.send_photo(caption="goodbye, I'm going to kill myself tonight")
    assert ana.replies()[0].startswith("It sounds like things are really hard")


# --------------------------------------------------------------------------- possible tier


async def test_a_milestone_in_a_win_is_asked_about_then_saved_as_a_win_even_after_a_restart(
    harness: Harness, ana: FakeUser
) -> None:
    await onboard(ana)
    await ana.send("/win")
    await ana.send(MILESTONE)
    (question,) = ana.replies()
    assert question.startswith("Thank you for telling me. Before we go on: are you safe")
    assert ana.buttons() == ASK_BUTTONS
    # Held in the encrypted store, never as an entry, while the question is open.
    assert await _wins(harness, ana) == []
    assert len(await _rows(harness, "safety_holds")) == 1

    await harness.restart()
    await ana.tap("I'm safe, carry on")
    note, kind_question = ana.replies()
    assert note == safety.CARRY_ON_NOTE and "/sos" in note
    assert kind_question.startswith("Thank you. Which kind of step was it?")
    await ana.tap("Sat with discomfort 🪨")
    saved = ana.last_text()
    assert saved.startswith("Saved ✓") and MILESTONE in saved
    assert "This is a real milestone." in saved
    assert [w.text for w in await _wins(harness, ana)] == [MILESTONE]
    assert await _rows(harness, "safety_holds") == []


async def test_one_im_safe_does_not_switch_the_net_off(harness: Harness, ana: FakeUser) -> None:
    await onboard(ana)
    await ana.send("/win")
    await ana.send(MILESTONE)
    await ana.tap("I'm safe, carry on")
    await ana.send("/win")
    await ana.send(MILESTONE)
    assert ana.replies()[-1].startswith("Thank you for telling me. Before we go on")
    await ana.send(CRISIS)
    assert ana.replies()[0].startswith("It sounds like things are really hard")
    # The second milestone was not taken: sending a new message means moving on.
    assert await _rows(harness, "safety_holds") == []
    assert len(await _wins(harness, ana)) == 0


async def test_not_safe_gives_everything_the_clear_tier_gives_and_forgets_the_words(
    harness: Harness, ana: FakeUser
) -> None:
    await onboard(ana)
    await ana.send("/win")
    await ana.send(POSSIBLE)
    await ana.tap("I'm not safe")
    (reply,) = ana.replies()
    assert reply.startswith("It sounds like things are really hard right now.")
    assert "TelefonSeelsorge" in reply and "112" in reply
    assert ana.buttons() == CRISIS_BUTTONS
    assert await _rows(harness, "safety_holds") == []
    assert await _wins(harness, ana) == []
    await ana.tap("Keep going")
    assert ana.replies() == [safety.KEEP_GOING_IN_FLOW]
    await ana.send("I went outside")
    assert "Which kind of step" in ana.last_text()


@pytest.mark.parametrize("leave", ["/cancel", "/feel", "something else entirely"])
async def test_leaving_forgets_the_held_words(harness: Harness, ana: FakeUser, leave: str) -> None:
    await onboard(ana)
    await ana.send("/win")
    await ana.send(POSSIBLE)
    assert len(await _rows(harness, "safety_holds")) == 1
    await ana.send(leave)
    assert await _rows(harness, "safety_holds") == []
    await ana.tap_data("sos:safe")  # the old question's button, tapped late
    assert ana.replies()[0] == safety.CARRY_ON_NOTE
    assert await _wins(harness, ana) == []


async def test_outside_a_flow_carrying_on_answers_as_any_message_would(
    harness: Harness, ana: FakeUser
) -> None:
    await onboard(ana)
    await ana.send(POSSIBLE)
    assert ana.buttons() == ASK_BUTTONS
    await ana.tap("I'm safe, carry on")
    assert ana.replies() == [safety.CARRY_ON_NOTE, common.OUTSIDE_FLOW]
    assert await _rows(harness, "safety_holds") == []


# ------------------------------------------------------------------------------- grounding


async def test_a_grounding_exercise_waits_for_the_person_at_every_step(
    harness: Harness, ana: FakeUser
) -> None:
    await ana.send(CRISIS)
    await harness.restart()
    await ana.tap("Grounding exercise 🌿")
    assert ana.replies() == [safety.CHOOSE_EXERCISE]
    assert ana.buttons() == [exercise.label for exercise in EXERCISES]
    assert len(EXERCISES) >= 3
    breathing = next(e for e in EXERCISES if e.key == "breath")
    await ana.tap(breathing.label)
    for index, step in enumerate(breathing.steps):
        (shown,) = ana.replies()  # one step at a time, never the closing with it
        assert shown == step
        last = index == len(breathing.steps) - 1
        assert ana.buttons() == ["Done" if last else "Next"]
        await ana.tap("Done" if last else "Next")
    (closing,) = ana.replies()
    assert closing == safety.EXERCISE_CLOSING
    assert "again" not in closing
    assert ana.buttons() == ["Another exercise 🌿", "Show helplines", "Keep going", "Stop for now"]
    await ana.tap("Show helplines")
    assert ana.replies()[0].startswith("Here are people you can talk to:")


async def test_grounding_from_the_question_keeps_it_open(harness: Harness, ana: FakeUser) -> None:
    await onboard(ana)
    await ana.send("/win")
    await ana.send(MILESTONE)
    await ana.tap("Grounding exercise 🌿")
    stop = next(e for e in EXERCISES if e.key == "stop")
    await ana.tap(stop.label)
    assert ana.replies()[0].startswith("S — Stop.")
    for _ in stop.steps[:-1]:
        await ana.tap("Next")
    await ana.tap("Done")
    assert ana.replies() == [safety.EXERCISE_CLOSING]
    assert ana.buttons() == ["I'm not safe", "I'm safe, carry on", "Another exercise 🌿"]
    await ana.tap("I'm safe, carry on")
    assert "Which kind of step" in ana.last_text()


# ----------------------------------------------------------------------------- privacy


async def test_no_log_line_ties_a_person_to_a_crisis_event(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)  # what the bot logs when it runs (bot.logs)
    sam = harness.person(user_id=987_654_321, first_name="Sam")
    await sam.send("SENTINEL-42 I want to kill myself")
    await sam.send(POSSIBLE)
    await sam.tap("I'm not safe")
    assert "safety_net tier=clear" in caplog.text
    assert "safety_net tier=possible" in caplog.text
    assert "SENTINEL-42" not in caplog.text
    assert "987654321" not in caplog.text


@pytest.mark.parametrize(("typed", "safe"), [("yes", True), ("I'm safe.", True), ("no", False)])
async def test_the_question_can_be_answered_by_typing(
    harness: Harness, ana: FakeUser, typed: str, safe: bool
) -> None:
    await onboard(ana)
    await ana.send("/win")
    await ana.send(MILESTONE)
    await ana.send(typed)
    if safe:
        assert ana.replies()[0] == safety.CARRY_ON_NOTE
        assert "Which kind of step" in ana.last_text()
    else:
        assert ana.replies()[0].startswith("It sounds like things are really hard right now.")
    assert await _rows(harness, "safety_holds") == []
    assert await _wins(harness, ana) == []
