"""Starting one flow while inside another leaves the first cleanly; answers never mix."""

from __future__ import annotations

from conversations.common import texts as common
from fake_telegram import FakeUser
from tests.conftest import Harness, onboard, readable_rows


async def test_a_new_flow_command_leaves_the_current_flow(harness: Harness, ana: FakeUser) -> None:
    await onboard(ana)
    await ana.send("/settings")
    await ana.tap("Daily check-in time ⏰")
    await ana.send("/delete")
    switched, explain = ana.replies()
    assert (
        switched == "Okay, leaving your settings. Anything you hadn't finished there wasn't saved."
    )
    assert "permanently erases everything" in explain
    await ana.tap("No, keep my data")
    await ana.send("08:00")  # the settings step is gone: not taken as a new time
    assert ana.replies() == [common.OUTSIDE_FLOW]
    person = await harness.store.users.get(ana.user_id)
    assert person is not None and person.prompt_time is not None
    assert person.prompt_time.strftime("%H:%M") == "21:30"


async def test_an_old_button_from_another_flow_does_not_start_it_mid_flow(ana: FakeUser) -> None:
    await onboard(ana)
    await ana.send("/settings")
    await ana.tap("Weekly look-back 📅")
    await ana.tap_data("del:yes")  # an old erase confirmation
    assert ana.replies() == [
        "That button is from an earlier conversation. We're still in your settings: answer the "
        "question above, or send /cancel to stop."
    ]
    await ana.tap("Friday")
    assert ana.last_text().startswith("And at what time on Fridays?")


async def test_the_flows_own_command_restarts_it(ana: FakeUser) -> None:
    await onboard(ana)
    await ana.send("/settings")
    await ana.tap("Pause check-ins ⏸")
    await ana.send("/settings")
    assert ana.replies()[0].startswith("Your settings")


async def test_history_works_mid_flow_without_disturbing_it(
    harness: Harness, ana: FakeUser
) -> None:
    await onboard(ana)
    await ana.send("/win")
    await ana.send("/history")
    assert ana.replies() == [
        "Nothing here yet, and that's okay. Whenever you notice one small thing you did, send "
        "/win and it will show up here 🌱"
    ]
    await ana.send("I asked for help at work")  # the /win step still waits for this
    assert ana.replies()[0].startswith("Thank you. Which kind of step was it?")
    await ana.tap("Reached out or connected 🤝")
    row = (await readable_rows(harness.store, "wins", "text, progress_kind"))[0]
    assert row == ("I asked for help at work", "reached_out")
