"""Meeting Small Steps: what a new person sees, and what the database holds afterwards."""

from __future__ import annotations

from datetime import time

from conversations.common import texts as common
from conversations.onboarding import texts
from conversations.pickers import texts as picker
from fake_telegram import FakeUser
from tests.conftest import NOW, Harness, onboard


async def _db_rows(harness: Harness, table: str) -> int:
    row = await harness.store.db.fetch_one(f"SELECT count(*) FROM {table}")
    assert row is not None
    return int(row[0])


async def test_first_start_welcomes_and_asks_for_consent(harness: Harness, ana: FakeUser) -> None:
    await ana.send("/start")
    welcome, consent = ana.replies()
    assert welcome.startswith("Hi, Ana 👋 I'm Small Steps.")
    assert "not a therapist and not a crisis service" in welcome
    assert "/help and /cancel work at any point" in welcome
    assert "Is that okay?" in consent
    assert ana.buttons() == ["Yes, that's okay", "What exactly is stored?", "Not now"]
    assert await harness.store.users.get(ana.user_id) is None


async def test_declining_stores_nothing(harness: Harness, ana: FakeUser) -> None:
    await ana.send("/start")
    await ana.tap("Not now")
    assert ana.replies()[-1] == texts.DECLINED
    await harness.app.update_persistence()
    for table in ("users", "user_drafts", "conversation_states"):
        assert await _db_rows(harness, table) == 0, table
    # The door stays open.
    await ana.send("/start")
    assert "Is that okay?" in ana.last_text()


async def test_what_is_stored_shows_privacy_then_asks_again(ana: FakeUser) -> None:
    await ana.send("/start")
    await ana.tap("What exactly is stored?")
    privacy, again = ana.replies()
    assert privacy.startswith("Your privacy")
    assert "48 hours" in privacy
    assert "Is that okay?" in again
    assert "Yes, that's okay" in ana.buttons()


async def test_full_onboarding_with_a_country_that_has_one_zone(
    harness: Harness, ana: FakeUser
) -> None:
    await ana.send("/start")
    await ana.tap("Yes, that's okay")
    person = await harness.store.users.get(ana.user_id)
    assert person is not None and person.consented_at == NOW and not person.is_set_up
    thanks, ask_place = ana.replies()
    assert thanks == texts.CONSENT_THANKS
    assert ask_place.startswith("Which time zone are you in? Type your country or city")

    await ana.send("Germany")
    assert ana.last_text() == "In Berlin it's 10:00, Sunday right now (UTC+1). Is that your time?"
    await ana.tap("Yes, that's right")
    assert "What time of day suits a short check-in?" in ana.last_text()
    assert ana.buttons() == ["07:30", "08:00", "09:00", "12:30", "18:00", "20:00", "21:00", "22:00"]

    await ana.send("9:15 pm")
    summary, menu = ana.replies()
    assert "All set ✓" in summary
    assert "Your time zone: Berlin (UTC+1)" in summary
    assert "Daily check-in: 21:15" in summary
    assert "Weekly look-back: Sundays at 18:00" in summary
    assert menu == "What would you like to do?"
    person = await harness.store.users.get(ana.user_id)
    assert person is not None
    assert (person.timezone, person.prompt_time) == ("Europe/Berlin", time(21, 15))
    assert (person.digest_weekday, person.digest_time) == (6, time(18, 0))
    await harness.app.update_persistence()
    assert await _db_rows(harness, "user_drafts") == 0
    assert await _db_rows(harness, "conversation_states") == 0


async def test_a_country_with_many_zones_offers_a_paged_list(
    harness: Harness, ana: FakeUser
) -> None:
    await ana.send("/start")
    await ana.tap("Yes, that's okay")
    await ana.send("usa")
    assert ana.last_text() == "United States has more than one time zone. Which one is yours?"
    first_page = ana.buttons()
    assert first_page[0] == "New York (Eastern, most areas)"
    assert "More places ▸" in first_page and "Type another place" in first_page
    await ana.tap("More places ▸")
    second_page = ana.buttons()
    assert second_page != first_page and "◂ Back" in second_page
    await ana.tap("◂ Back")
    assert ana.buttons() == first_page
    await ana.tap("Chicago (Central, most areas)")
    assert ana.last_text().startswith("In Chicago it's 03:00, Sunday right now (UTC−6).")
    await ana.tap("No, let me try again")
    assert "Which time zone are you in?" in ana.last_text()
    await ana.send("Toronto")
    await ana.tap("Yes, that's right")
    await ana.tap("07:30")
    person = await harness.store.users.get(ana.user_id)
    assert person is not None
    assert (person.timezone, person.prompt_time) == ("America/Toronto", time(7, 30))


async def test_a_utc_offset_finds_places_at_that_offset(harness: Harness, ana: FakeUser) -> None:
    await ana.send("/start")
    await ana.tap("Yes, that's okay")
    await ana.send("UTC+5:45")
    assert ana.last_text().startswith("In Kathmandu it's 14:45, Sunday right now (UTC+5:45).")
    await ana.tap("Yes, that's right")
    await ana.send("0700")
    person = await harness.store.users.get(ana.user_id)
    assert person is not None and person.timezone == "Asia/Kathmandu"


async def test_bad_input_at_every_step_gets_a_kind_answer_and_the_same_question(
    harness: Harness, ana: FakeUser
) -> None:
    await ana.send("/start")
    # Consent expects a button.
    for act in (ana.send_sticker(), ana.send("sure"), ana.send_photo()):
        await act
        note, again = ana.replies()
        assert note == common.BUTTONS_ONLY and "Is that okay?" in again
    await ana.tap("Yes, that's okay")

    # The place step expects text.
    for act in (ana.send_sticker(), ana.send_voice(), ana.send_document()):
        await act
        note, again = ana.replies()
        assert note == common.TEXT_ONLY and "Which time zone are you in?" in again
    await ana.send("x" * 5000)
    assert ana.replies() == [
        "That's longer than any place name I know. Which time zone are you in? Type your "
        "country or city (for example Germany or Toronto), or a UTC offset like UTC+2."
    ]
    await ana.send("<3 Atlantis & <b>")
    assert ana.last_text().startswith("I couldn't find a place called “<3 Atlantis & <b>”.")
    await ana.send("Berlin")
    await ana.send_sticker()
    note, again = ana.replies()
    assert note == common.TEXT_ONLY and "Is that your time?" in again
    await ana.tap("Yes, that's right")

    # The time step.
    for typed in ("25:99", "tomorrow", "y" * 5000, "<b>9</b>"):
        await ana.send(typed)
        note, again = ana.replies()
        assert note == picker.BAD_TIME and "What time of day" in again
    await ana.send_photo()
    assert ana.replies()[0] == common.TEXT_ONLY
    await ana.send("/frobnicate")
    assert ana.replies() == [common.BUSY_COMMAND]
    await ana.send("21:30")
    assert "All set" in ana.replies()[0]
    person = await harness.store.users.get(ana.user_id)
    assert person is not None and person.prompt_time == time(21, 30)


async def test_help_and_privacy_answer_mid_flow_and_the_flow_goes_on(
    harness: Harness, ana: FakeUser
) -> None:
    await ana.send("/start")
    await ana.tap("Yes, that's okay")
    await ana.send("/help")
    assert ana.replies()[0].startswith("Small Steps helps you notice")
    await ana.send("/privacy")
    assert ana.replies()[0].startswith("Your privacy")
    await ana.send("Germany")
    assert "Is that your time?" in ana.last_text()


async def test_cancel_from_every_step_keeps_nothing_half_done(
    harness: Harness, ana: FakeUser
) -> None:
    steps = [
        [],  # consent
        ["tap:Yes, that's okay"],  # place
        ["usa"],  # choosing a zone
        ["tap:Chicago (Central, most areas)"],  # confirming
        ["tap:Yes, that's right"],  # time
    ]
    done: list[str] = []
    for extra in steps:
        done += extra
        await ana.send("/start")
        for action in done:
            if action.startswith("tap:"):
                await ana.tap(action[4:])
            else:
                await ana.send(action)
        await ana.send("/cancel")
        assert ana.replies() == [common.CANCELLED]
        person = await harness.store.users.get(ana.user_id)
        # Consent, once given, is kept; the time zone and time are saved together or not at all.
        assert person is None or (person.timezone is None and person.prompt_time is None)
        await harness.app.update_persistence()
        assert await _db_rows(harness, "user_drafts") == 0
        assert await _db_rows(harness, "conversation_states") == 0
    # Having agreed earlier, /start picks up at the time zone.
    await ana.send("/start")
    assert ana.replies() == [texts.RESUME, ana.last_text()]
    assert "Which time zone are you in?" in ana.last_text()


async def test_a_returning_person_gets_the_menu(harness: Harness, ana: FakeUser) -> None:
    await onboard(ana)
    await ana.send("/start")
    assert ana.replies() == ["Welcome back, Ana 🌱", "What would you like to do?"]
    assert ana.buttons() == [
        "Note a small win 🌱",
        "Name a feeling 🎨",
        "Reframe a harsh thought 💛",
        "Settings ⚙️",
        "Privacy",
        "Help",
    ]
    await ana.tap("Help")
    assert ana.replies()[0].startswith("Small Steps helps you notice")


async def test_state_survives_a_restart_mid_onboarding(harness: Harness, ana: FakeUser) -> None:
    await ana.send("/start")
    await ana.tap("Yes, that's okay")
    await ana.send("Berlin")
    await ana.tap("Yes, that's right")
    await harness.restart()
    await ana.send("21:30")
    assert "All set" in ana.replies()[0]
    person = await harness.store.users.get(ana.user_id)
    assert person is not None and person.timezone == "Europe/Berlin"


async def test_an_old_button_after_a_restart_is_answered_and_leads_somewhere(
    harness: Harness, ana: FakeUser
) -> None:
    await ana.send("/start")
    await ana.tap("Not now")
    await harness.restart()
    await ana.tap_data("nothing-we-know")
    assert ana.replies()[0].startswith(common.STALE_BUTTON)
    # The consent message's keyboard was removed; an old onboarding tap arrives anyway and
    # onboarding starts again from where the person is.
    await ana.tap_data("onb:zy")
    assert "Is that okay?" in ana.last_text()


async def test_outside_a_flow_every_input_gets_an_answer(ana: FakeUser) -> None:
    await ana.send("/frobnicate")
    assert ana.replies() == [common.UNKNOWN_COMMAND]
    await ana.send("hello")
    assert ana.replies() == [common.OUTSIDE_FLOW]
    await ana.send_sticker()
    assert ana.replies() == [common.OUTSIDE_FLOW]
    await ana.send("/cancel")
    assert ana.replies() == [common.NOTHING_TO_CANCEL]


async def test_groups_get_one_line_and_the_bot_leaves(harness: Harness, ana: FakeUser) -> None:
    await ana.add_bot_to_group(-500, "Support circle")
    group_messages = harness.telegram.transcript(-500)
    assert [m.text for m in group_messages] == [common.GROUPS_ONLY_PRIVATE]
    assert -500 in harness.telegram.left_chats
    assert await _db_rows(harness, "users") == 0


async def test_the_command_menu_is_published_at_start_up(harness: Harness) -> None:
    names = [c["command"] for c in harness.telegram.commands()]
    assert names == [
        "win",
        "feel",
        "reframe",
        "note",
        "setback",
        "history",
        "digest",
        "export",
        "start",
        "settings",
        "pause",
        "resume",
        "privacy",
        "delete",
        "cancel",
        "sos",
        "safetyplan",
        "help",
    ]


async def test_a_time_zone_abbreviation_is_understood(harness: Harness, ana: FakeUser) -> None:
    await ana.send("/start")
    await ana.tap("Yes, that's okay")
    await ana.send("EST")
    assert ana.replies() == ["“EST” is used in more than one place. Which one is yours?"]
    assert ana.buttons()[:2] == ["New York (United States)", "Toronto (Canada)"]
    await ana.tap("Toronto (Canada)")
    assert ana.replies()[0].startswith("In Toronto it's 04:00, Sunday right now (UTC−5).")
