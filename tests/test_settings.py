"""`/settings`: what a person sees and what the database holds after each change."""

from __future__ import annotations

from datetime import time, timedelta

from bot.store import PAUSED_INDEFINITELY
from conversations.common import texts as common
from fake_telegram import FakeUser
from tests.conftest import NOW, Harness, onboard

MENU_BUTTONS = [
    "Time zone 🌍",
    "Daily check-in time ⏰",
    "Weekly look-back 📅",
    "Pause check-ins ⏸",
    "Check in even on days I've written",
    "My safety plan 🧭",
    "Done ✓",
]


async def test_settings_before_setting_up(ana: FakeUser) -> None:
    await ana.send("/settings")
    assert ana.replies() == [common.NOT_SET_UP]


async def test_the_menu_shows_the_current_settings(harness: Harness, ana: FakeUser) -> None:
    await onboard(ana)
    await ana.send("/settings")
    (menu,) = ana.replies()
    assert "Time zone: Berlin (UTC+1)" in menu
    assert "Daily check-in: 21:30" in menu
    assert "Weekly look-back: Sundays at 18:00" in menu
    assert "Check-ins: on" in menu
    assert ana.buttons() == MENU_BUTTONS


async def test_change_time_zone_and_check_in_time(harness: Harness, ana: FakeUser) -> None:
    await onboard(ana)
    await ana.send("/settings")
    await ana.tap("Time zone 🌍")
    await ana.send("Toronto")
    await ana.tap("Yes, that's right")
    assert ana.replies()[0] == "Saved ✓ Your time zone is now Toronto."
    assert "Time zone: Toronto (UTC−5)" in ana.last_text()
    await ana.tap("Daily check-in time ⏰")
    await ana.send("7:15 am")
    assert ana.replies()[0] == "Saved ✓ Your daily check-in is now at 07:15."
    person = await harness.store.users.get(ana.user_id)
    assert person is not None
    assert (person.timezone, person.prompt_time) == ("America/Toronto", time(7, 15))
    await ana.tap("Done ✓")
    assert ana.replies() == ["All saved. See you soon 🌱"]


async def test_change_the_weekly_look_back(harness: Harness, ana: FakeUser) -> None:
    await onboard(ana)
    await ana.send("/settings")
    await ana.tap("Weekly look-back 📅")
    assert ana.last_text() == "Which day would you like your weekly look-back?"
    await ana.tap("Friday")
    assert ana.last_text().startswith("And at what time on Fridays?")
    await ana.send("25:00")
    assert ana.replies()[0] == "I couldn't read that as a time of day."
    await ana.tap("18:00")
    assert ana.replies()[0] == "Saved ✓ Your weekly look-back is now on Fridays at 18:00."
    person = await harness.store.users.get(ana.user_id)
    assert person is not None and (person.digest_weekday, person.digest_time) == (4, time(18))


async def test_cancel_mid_change_keeps_the_old_settings(harness: Harness, ana: FakeUser) -> None:
    await onboard(ana)
    await ana.send("/settings")
    await ana.tap("Weekly look-back 📅")
    await ana.tap("Monday")
    await ana.send("/cancel")
    assert ana.replies() == [common.CANCELLED]
    person = await harness.store.users.get(ana.user_id)
    assert person is not None and (person.digest_weekday, person.digest_time) == (6, time(18))


async def test_pause_and_resume(harness: Harness, ana: FakeUser) -> None:
    await onboard(ana)
    await ana.send("/settings")
    await ana.tap("Pause check-ins ⏸")
    assert ana.buttons() == ["1 day", "3 days", "1 week", "2 weeks", "Until I resume", "◂ Back"]
    await ana.tap("3 days")
    assert ana.replies()[0].startswith("Check-ins paused until Wednesday 25 November, 10:00.")
    person = await harness.store.users.get(ana.user_id)
    assert person is not None and person.paused_until == NOW + timedelta(days=3)
    assert "Check-ins: paused until Wednesday 25 November, 10:00" in ana.last_text()
    assert "Resume check-ins ▶️" in ana.buttons()

    await ana.tap("Resume check-ins ▶️")
    assert ana.replies()[0] == "Check-ins are back on ✓ See you at 21:30."
    person = await harness.store.users.get(ana.user_id)
    assert person is not None and person.paused_until is None

    await ana.tap("Pause check-ins ⏸")
    await ana.tap("Until I resume")
    person = await harness.store.users.get(ana.user_id)
    assert person is not None and person.paused_until == PAUSED_INDEFINITELY
    assert "Check-ins: paused until you resume them" in ana.last_text()


async def test_bad_input_in_the_menu(ana: FakeUser) -> None:
    await onboard(ana)
    await ana.send("/settings")
    await ana.send("change my time please")
    note, menu = ana.replies()
    assert note == common.BUTTONS_ONLY and menu.startswith("Your settings")
    await ana.send_sticker()
    assert ana.replies()[0] == common.BUTTONS_ONLY
    await ana.send("/start")  # another flow's command mid-flow: leave settings cleanly
    switched, welcome, _menu = ana.replies()
    assert (
        switched == "Okay, leaving your settings. Anything you hadn't finished there wasn't saved."
    )
    assert welcome == "Welcome back, Ana 🌱"
    await ana.send("hello")
    assert ana.replies() == [common.OUTSIDE_FLOW]  # settings no longer waits for a button


async def test_a_stale_settings_button_opens_the_menu(harness: Harness, ana: FakeUser) -> None:
    await onboard(ana)
    await harness.restart()
    await ana.tap_data("set:p:3")
    assert ana.last_text().startswith("Your settings")
    person = await harness.store.users.get(ana.user_id)
    assert person is not None and person.paused_until is None  # an old tap changes nothing


async def test_settings_from_the_start_menu(ana: FakeUser) -> None:
    await onboard(ana)
    await ana.tap("Settings ⚙️")
    assert ana.last_text().startswith("Your settings")


async def test_check_in_on_days_already_written(harness: Harness, ana: FakeUser) -> None:
    await onboard(ana)
    await ana.send("/settings")
    assert "On days you've already written something: no check-in that day" in ana.last_text()
    await ana.tap("Check in even on days I've written")
    assert ana.replies()[0] == (
        "Saved ✓ I'll send the daily check-in even on days you've already written."
    )
    person = await harness.store.users.get(ana.user_id)
    assert person is not None and not person.skip_if_checked_in
    await ana.tap("No check-in on days I've written")
    person = await harness.store.users.get(ana.user_id)
    assert person is not None and person.skip_if_checked_in
