"""Pausing works mid-flow, and a flow left open for hours ends kindly on its own."""

from __future__ import annotations

from datetime import timedelta

from bot.store import Win
from conversations.checkins import texts as checkins
from conversations.common import texts as common
from fake_telegram import FakeUser
from tests.conftest import NOW, Harness, onboard

ASK_KIND = "Thank you. Which kind of step was it?"


async def test_pause_and_resume_work_in_the_middle_of_a_flow(
    harness: Harness, ana: FakeUser
) -> None:
    await onboard(ana)
    await ana.send("/win")
    await ana.send("/pause")
    assert ana.replies() == [checkins.ASK_PAUSE]
    await ana.tap("3 days")
    assert ana.replies()[0].startswith("Check-ins paused until Wednesday 25 November")
    person = await harness.store.users.get(ana.user_id)
    assert person is not None and person.is_paused(NOW)
    # The win they had started still waits for its words.
    await ana.send("I went for a walk")
    assert ana.replies()[0].startswith(ASK_KIND)
    await ana.send("/resume")
    assert ana.replies() == [checkins.RESUMED.format(time="21:30")]
    person = await harness.store.users.get(ana.user_id)
    assert person is not None and not person.is_paused(NOW)


async def test_a_flow_left_open_for_hours_ends_kindly_even_after_a_restart(
    harness: Harness, ana: FakeUser
) -> None:
    await onboard(ana)
    await ana.send("/win")
    await ana.send("I called my sister back")
    assert ana.replies()[0].startswith(ASK_KIND)
    await harness.restart()
    harness.clock.set(NOW + timedelta(hours=14))  # the next morning
    await ana.send("Tired but okay")
    assert ana.replies() == [
        common.STALE_FLOW_ENDED.format(flow="the small win"),
        common.OUTSIDE_FLOW,
    ]
    assert await harness.store.entries.all_of(ana.user_id) == []
    # Nothing half-done is left behind, and the next /win starts fresh.
    assert harness.app is not None
    await harness.app.update_persistence()
    row = await harness.store.db.fetch_one("SELECT count(*) FROM conversation_states")
    assert row is not None and row[0] == 0
    await ana.send("/win")
    assert ana.last_text().startswith("What's one small thing you did or noticed?")


async def test_a_slow_answer_is_still_part_of_the_flow(harness: Harness, ana: FakeUser) -> None:
    await onboard(ana)
    await ana.send("/win")
    harness.clock.set(NOW + timedelta(hours=2))
    await ana.send("I asked for help at work")
    harness.clock.set(NOW + timedelta(hours=4))  # two hours after their last answer
    await ana.tap("Paused before reacting ⏸️")
    assert ana.replies()[0].startswith("Saved ✓")
    (win,) = await harness.store.entries.all_of(ana.user_id)
    assert isinstance(win, Win) and win.text == "I asked for help at work"
