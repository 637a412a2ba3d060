"""The safety net: crisis language anywhere gets helplines at once; flows wait; nothing stored."""

from __future__ import annotations

import logging

import pytest

from bot.fake_telegram import FakeUser
from conversations import safety_net
from conversations.common import texts as common
from tests.conftest import Harness, onboard

CRISIS = "honestly I just want to end it all"
SAFETY_BUTTONS = ["Grounding exercise 🌿", "Keep going", "Stop for now"]


async def test_outside_a_flow_it_answers_with_the_persons_helplines(ana: FakeUser) -> None:
    await onboard(ana, place="Germany")
    await ana.send(CRISIS)
    (reply,) = ana.replies()
    assert reply.startswith("It sounds like things are really hard right now.")
    assert "TelefonSeelsorge" in reply and "0800 111 0 111" in reply
    assert "call your local emergency number" in reply
    assert ana.buttons() == SAFETY_BUTTONS


@pytest.mark.parametrize(
    ("place", "number"),
    [("New York", "988"), ("UK", "116 123"), ("Ireland", "116 123"), ("Japan", "findahelpline")],
)
async def test_helplines_follow_the_time_zone_country(
    ana: FakeUser, place: str, number: str
) -> None:
    await onboard(ana, place=place)
    await ana.send("i keep thinking about killing myself")
    assert number in ana.replies()[0]


async def test_a_stranger_gets_the_international_directory(ana: FakeUser) -> None:
    await ana.send("I don't want to be here anymore")
    assert "findahelpline.com" in ana.replies()[0]


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
    assert ana.replies() == [safety_net.KEEP_GOING_IN_FLOW]
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
    assert ana.replies() == [safety_net.STOPPED]
    await ana.send("hello")
    assert ana.replies() == [common.OUTSIDE_FLOW]
    await harness.app.update_persistence()
    row = await harness.store.db.fetch_one("SELECT count(*) FROM conversation_states")
    assert row == (0,)
    person = await harness.store.users.get(ana.user_id)
    assert person is not None and person.timezone is None


async def test_the_grounding_exercise_works_even_after_a_restart(
    harness: Harness, ana: FakeUser
) -> None:
    await ana.send(CRISIS)
    await harness.restart()
    await ana.tap("Grounding exercise 🌿")
    (exercise,) = ana.replies()
    assert exercise.startswith("Let's take one slow minute together.")
    assert "1. " in exercise and "name five things you can see" in exercise
    assert ana.buttons() == ["Keep going", "Stop for now"]


async def test_sos_answers_any_time_without_leaving_the_flow(ana: FakeUser) -> None:
    await ana.send("/start")
    await ana.tap("Yes, that's okay")
    await ana.send("/sos")
    assert ana.replies()[0].startswith("Here are people you can talk to:")
    await ana.send("Germany")
    assert "Is that your time?" in ana.last_text()


async def test_help_keeps_the_helplines_one_command_away(ana: FakeUser) -> None:
    await ana.send("I'm fine now")
    await ana.send("/help")
    assert "/sos" in ana.replies()[0]


async def test_a_photo_caption_is_checked_too(ana: FakeUser) -> None:
    await ana.send_photo(caption="goodbye, I'm going to kill myself tonight")
    assert ana.replies()[0].startswith("It sounds like things are really hard")


async def test_what_was_written_never_reaches_the_logs(
    ana: FakeUser, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    await ana.send("SENTINEL-42 I want to kill myself")
    assert "safety_net" in caplog.text
    assert "SENTINEL-42" not in caplog.text
