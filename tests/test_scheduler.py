"""Daily prompts at each person's local time: exactly once, DST-safe, restart-safe."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from typing import Any

import pytest
from telegram.error import TimedOut

from conversations.checkins import texts
from fake_telegram import FakeRequest, FakeUser
from tests.conftest import Harness, onboard

PROMPT_BUTTONS = [
    "Note a small win 🌱",
    "Name a feeling 🎨",
    "Reframe a harsh thought 💛",
    "Not today",
    "Later (in an hour)",
]


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def prompts(user: FakeUser) -> list[str]:
    return [t for t in user.texts() if t.startswith("🌱 ")]


async def test_a_prompt_arrives_at_local_time_exactly_once(harness: Harness, ana: FakeUser) -> None:
    await onboard(ana, place="Germany", at="21:30")
    await harness.tick()  # plans: nothing due yet
    assert prompts(ana) == []
    await harness.tick(utc(2026, 11, 22, 20, 29))
    assert prompts(ana) == []
    report = await harness.tick(utc(2026, 11, 22, 20, 30))
    assert report.sent == 1
    assert len(prompts(ana)) == 1 and ana.buttons() == PROMPT_BUTTONS
    await harness.tick(utc(2026, 11, 22, 20, 31))
    await harness.tick(utc(2026, 11, 22, 22, 0))
    assert len(prompts(ana)) == 1
    deliveries = await harness.store.schedule.deliveries_of(ana.user_id)
    (delivery,) = [d for d in deliveries if d.kind == "prompt"]
    assert (delivery.kind, delivery.local_date, delivery.status) == (
        "prompt",
        date(2026, 11, 22),
        "sent",
    )
    assert delivery.message_id == ana.last_message().message_id


async def test_the_question_changes_from_day_to_day(harness: Harness, ana: FakeUser) -> None:
    await onboard(ana, at="08:00")
    await harness.tick()
    seen = []
    for day in range(23, 30):
        await harness.tick(utc(2026, 11, day, 7, 0))
        seen.append(prompts(ana)[-1])
    assert len(seen) == 7
    assert all(a != b for a, b in pairwise(seen))


@pytest.mark.parametrize(
    ("place", "at", "due_utc"),
    [
        ("Asia/Kathmandu", "21:30", utc(2026, 11, 22, 15, 45)),
        ("Pacific/Chatham", "08:00", utc(2026, 11, 22, 18, 15)),
        ("America/St_Johns", "20:00", utc(2026, 11, 22, 23, 30)),
    ],
)
async def test_odd_offsets(harness: Harness, ana: FakeUser, place: str, at: str, due_utc) -> None:
    await onboard(ana, place=place, at=at)
    await harness.tick()
    await harness.tick(due_utc - timedelta(minutes=1))
    assert prompts(ana) == []
    await harness.tick(due_utc)
    assert len(prompts(ana)) == 1


async def _onboard_at(
    harness: Harness, user: FakeUser, when: datetime, place: str, at: str
) -> None:
    harness.clock.set(when)
    await onboard(user, place=place, at=at)
    await harness.tick()


@pytest.mark.parametrize(
    ("zone", "at", "setup", "fires"),
    [
        ("America/New_York", "02:30", utc(2026, 3, 7, 12), utc(2026, 3, 8, 7, 0)),
        ("Europe/Berlin", "02:30", utc(2026, 3, 28, 12), utc(2026, 3, 29, 1, 0)),
    ],
)
async def test_spring_forward_fires_at_the_first_valid_minute(
    harness: Harness, ana: FakeUser, zone: str, at: str, setup, fires
) -> None:
    await _onboard_at(harness, ana, setup, zone, at)
    await harness.tick(fires - timedelta(minutes=1))
    assert prompts(ana) == []
    await harness.tick(fires)
    assert len(prompts(ana)) == 1


@pytest.mark.parametrize(
    ("zone", "at", "setup", "first", "second"),
    [
        (
            "America/New_York",
            "01:30",
            utc(2026, 10, 31, 12),
            utc(2026, 11, 1, 5, 30),
            utc(2026, 11, 1, 6, 30),
        ),
        (
            "Europe/Berlin",
            "02:30",
            utc(2026, 10, 24, 12),
            utc(2026, 10, 25, 0, 30),
            utc(2026, 10, 25, 1, 30),
        ),
    ],
)
async def test_fall_back_fires_once(
    harness: Harness, ana: FakeUser, zone: str, at: str, setup, first, second
) -> None:
    await _onboard_at(harness, ana, setup, zone, at)
    await harness.tick(first)
    await harness.tick(second)  # the same local time, again
    assert len(prompts(ana)) == 1


async def test_paused_people_get_nothing_until_they_resume(harness: Harness, ana: FakeUser) -> None:
    await onboard(ana, at="21:30")
    await ana.send("/pause")
    assert ana.buttons() == ["1 day", "3 days", "1 week", "2 weeks", "Until I resume"]
    await ana.tap("Until I resume")
    assert ana.replies() == [texts.PAUSED_FOREVER]
    await harness.tick()
    await harness.tick(utc(2026, 11, 22, 20, 30))
    assert prompts(ana) == []
    await ana.send("/resume")
    assert ana.replies() == ["Check-ins are back on ✓ See you at 21:30."]
    await harness.tick(utc(2026, 11, 23, 20, 30))
    assert len(prompts(ana)) == 1


async def test_no_prompt_after_checking_in_that_day(harness: Harness, ana: FakeUser) -> None:
    await onboard(ana, at="21:30")
    await harness.tick()
    await harness.store.entries.add_win(
        ana.user_id,
        "f1",
        now=utc(2026, 11, 22, 12),
        local_date=date(2026, 11, 22),
        text="went for a walk",
        progress_kind="coping",
    )
    report = await harness.tick(utc(2026, 11, 22, 20, 30))
    assert prompts(ana) == [] and report.skipped["checked_in"] == 1
    await harness.tick(utc(2026, 11, 23, 20, 30))
    assert len(prompts(ana)) == 1  # the next day, as usual


async def test_a_person_can_ask_for_check_ins_even_after_writing(
    harness: Harness, ana: FakeUser
) -> None:
    await onboard(ana, at="21:30")
    await harness.store.users.set_skip_if_checked_in(ana.user_id, False)
    await harness.tick()
    await harness.store.entries.add_win(
        ana.user_id,
        "f1",
        now=utc(2026, 11, 22, 12),
        local_date=date(2026, 11, 22),
        text="went for a walk",
        progress_kind="coping",
    )
    await harness.tick(utc(2026, 11, 22, 20, 30))
    assert len(prompts(ana)) == 1


async def test_later_asks_again_in_an_hour_and_not_today_closes_the_day(
    harness: Harness, ana: FakeUser
) -> None:
    await onboard(ana, at="19:00")
    await harness.tick()
    await harness.tick(utc(2026, 11, 22, 18, 0))
    await ana.tap("Later (in an hour)")
    assert ana.replies() == [texts.LATER]
    await harness.tick(utc(2026, 11, 22, 18, 59))
    assert len(prompts(ana)) == 1
    await harness.tick(utc(2026, 11, 22, 19, 0))
    assert len(prompts(ana)) == 2
    await ana.tap("Not today")
    assert ana.replies() == [texts.NOT_TODAY]
    await ana.tap_data("chk:later:20261122")  # an old "Later" from the first prompt
    assert ana.replies() == [texts.PASSED]
    await harness.tick(utc(2026, 11, 22, 21, 0))
    assert len(prompts(ana)) == 2
    delivery = await harness.store.schedule.get(ana.user_id, "prompt", date(2026, 11, 22))
    assert delivery is not None and delivery.answered == "not_today"


async def test_a_flow_started_from_the_prompt_counts_as_answered(
    harness: Harness, ana: FakeUser
) -> None:
    await onboard(ana, at="19:00")
    await harness.tick()
    await harness.tick(utc(2026, 11, 22, 18, 0))
    await ana.tap("Note a small win 🌱")
    delivery = await harness.store.schedule.get(ana.user_id, "prompt", date(2026, 11, 22))
    assert delivery is not None and delivery.answered == "flow"


async def test_later_brings_back_the_same_question(harness: Harness, ana: FakeUser) -> None:
    await onboard(ana, at="19:00")
    await harness.tick()
    await harness.tick(utc(2026, 11, 22, 18, 0))
    (first,) = prompts(ana)
    await ana.tap("Later (in an hour)")
    await harness.tick(utc(2026, 11, 22, 19, 0))
    assert prompts(ana) == [first, first]


async def test_no_later_is_promised_that_quiet_hours_would_block(harness: Harness) -> None:
    early_bird, night_owl = harness.person(1, "Ida"), harness.person(2, "Noor")
    await onboard(early_bird, at="22:30")
    await onboard(night_owl, at="23:30")
    await harness.tick()
    await harness.tick(utc(2026, 11, 22, 21, 30))  # 22:30 in Berlin
    (asked,) = prompts(early_bird)
    assert "Later (in an hour)" not in early_bird.buttons()
    await early_bird.tap("Ask me tomorrow")
    assert early_bird.replies() == [texts.TOMORROW.format(time="22:30")]
    report = await harness.tick(utc(2026, 11, 22, 22, 30))  # 23:30 in Berlin
    assert len(prompts(early_bird)) == 1
    assert len(prompts(night_owl)) == 1  # they chose 23:30, so an hour later is theirs too
    assert "Later (in an hour)" in night_owl.buttons()
    assert report.sent == 1
    # Tomorrow brings back the question put off, not a new one.
    await harness.tick(utc(2026, 11, 23, 21, 30))
    assert prompts(early_bird) == [asked, asked]
    # The day after, a new question again.
    await harness.tick(utc(2026, 11, 24, 21, 30))
    assert prompts(early_bird)[-1] != asked


async def test_later_tapped_close_to_quiet_hours_moves_to_tomorrow(
    harness: Harness, ana: FakeUser
) -> None:
    await onboard(ana, at="21:00")
    await harness.tick()
    await harness.tick(utc(2026, 11, 22, 20, 0))  # 21:00 in Berlin: "Later" fits then
    (asked,) = prompts(ana)
    harness.clock.set(utc(2026, 11, 22, 21, 20))  # 22:20: an hour later is quiet time
    await ana.tap("Later (in an hour)")
    assert ana.replies() == [texts.TOO_LATE_FOR_LATER.format(time="21:00")]
    await harness.tick(utc(2026, 11, 22, 22, 20))
    assert len(prompts(ana)) == 1
    await harness.tick(utc(2026, 11, 23, 20, 0))
    assert prompts(ana) == [asked, asked]
    delivery = await harness.store.schedule.get(ana.user_id, "prompt", date(2026, 11, 22))
    assert delivery is not None and delivery.answered == "tomorrow"


async def test_after_downtime_late_once_within_grace_then_skipped(harness: Harness) -> None:
    soon, long_ago = harness.person(1, "Sol"), harness.person(2, "Lu")
    await onboard(soon, at="10:00")  # 09:00 UTC: due now
    await onboard(long_ago, at="10:00")
    await harness.tick()
    # Down until 10:30 UTC (90 minutes late): sent once, late.
    report = await harness.tick(utc(2026, 11, 23, 10, 30))
    assert report.sent == 2
    # Next day: down until 13:00 UTC (4 hours late): skipped, not piled up.
    report = await harness.tick(utc(2026, 11, 24, 13, 0))
    assert report.sent == 0 and report.skipped == {"late": 2}
    report = await harness.tick(utc(2026, 11, 25, 9, 0))
    assert report.sent == 2
    assert len(prompts(soon)) == 2


async def test_a_blocked_person_is_marked_inactive_and_not_retried(
    harness: Harness, ana: FakeUser
) -> None:
    await onboard(ana, at="21:30")
    await harness.tick()
    harness.telegram.block(ana.user_id)
    report = await harness.tick(utc(2026, 11, 22, 20, 30))
    assert report.blocked == 1
    person = await harness.store.users.get(ana.user_id)
    assert person is not None and not person.active
    sends = len(harness.telegram.calls_to("sendMessage"))
    await harness.tick(utc(2026, 11, 23, 20, 30))
    assert len(harness.telegram.calls_to("sendMessage")) == sends


async def test_blocking_and_unblocking_in_telegram(harness: Harness, ana: FakeUser) -> None:
    await onboard(ana, at="21:30")
    await ana.block_bot()
    person = await harness.store.users.get(ana.user_id)
    assert person is not None and not person.active
    await ana.unblock_bot()
    await harness.tick()
    await harness.tick(utc(2026, 11, 22, 20, 30))
    assert len(prompts(ana)) == 1


async def test_429_is_honoured_then_the_prompt_goes_out_once(
    harness: Harness, ana: FakeUser
) -> None:
    await onboard(ana, at="21:30")
    await harness.tick()
    harness.telegram.fail_next(
        "sendMessage", status=429, description="Too Many Requests: retry after 7", retry_after=7
    )
    report = await harness.tick(utc(2026, 11, 22, 20, 30))
    assert report.sent == 1 and harness.sleeps == [7.0]
    assert len(prompts(ana)) == 1


async def test_5xx_is_retried_with_backoff_and_400_is_not(harness: Harness) -> None:
    one, two = harness.person(1, "Uno"), harness.person(2, "Dos")
    await onboard(one, at="21:30")
    await harness.tick()
    harness.telegram.fail_next("sendMessage", status=502, description="Bad Gateway", times=2)
    await harness.tick(utc(2026, 11, 22, 20, 30))
    assert len(prompts(one)) == 1 and harness.sleeps == [1.0, 2.0]
    await onboard(two, at="21:30")
    await harness.tick()
    harness.telegram.fail_next("sendMessage", status=400, description="Bad Request: chat not found")
    report = await harness.tick(utc(2026, 11, 23, 20, 30))
    # Uno's second prompt fails once with 400 (not retried); Dos's goes out.
    assert report.failed == 1 and report.sent == 1


class _TimeoutAfterDelivery(FakeRequest):
    """Telegram got the message, but the answer never came back."""

    armed = True

    async def do_request(self, url: str, method: str, request_data: Any = None, **kw: Any):
        result = await super().do_request(url, method, request_data, **kw)
        if url.endswith("/sendMessage") and _TimeoutAfterDelivery.armed:
            _TimeoutAfterDelivery.armed = False
            raise TimedOut("read timeout")
        return result


async def test_a_timeout_after_delivery_does_not_send_twice(
    harness: Harness, ana: FakeUser
) -> None:
    await onboard(ana, at="21:30")
    await harness.stop()
    harness.request_class = _TimeoutAfterDelivery
    _TimeoutAfterDelivery.armed = True
    await harness.start()
    await harness.tick()
    report = await harness.tick(utc(2026, 11, 22, 20, 30))
    assert report.uncertain == 1
    assert len(prompts(ana)) == 1  # delivered once; not retried
    delivery = await harness.store.schedule.get(ana.user_id, "prompt", date(2026, 11, 22))
    assert delivery is not None and delivery.status == "uncertain"


async def test_after_a_crash_untried_claims_are_sent_and_maybe_sent_ones_are_not(
    harness: Harness,
) -> None:
    untried, in_flight = harness.person(1, "Ute"), harness.person(2, "Ivo")
    await onboard(untried, at="21:30")
    await onboard(in_flight, at="21:30")
    await harness.tick()
    # Claim both as the tick would, then "crash": one never tried, one mid-request.
    harness.clock.set(utc(2026, 11, 22, 20, 30))
    schedule = harness.store.schedule
    due = await schedule.due("prompt", harness.clock.now(), 10)
    scheduler = harness.app.services.scheduler
    claims = [await scheduler._decide("prompt", d, harness.clock.now()) for d in due]
    await schedule.claim("prompt", claims, harness.clock.now())
    await schedule.set_status(in_flight.user_id, "prompt", date(2026, 11, 22), "sending")
    await harness.restart()
    report = await harness.tick()
    assert report.recovered == 1 and report.uncertain == 1
    assert len(prompts(untried)) == 1
    assert prompts(in_flight) == []
    await harness.tick(utc(2026, 11, 22, 21, 0))
    assert len(prompts(untried)) == 1  # still exactly once


async def test_the_weekly_digest_arrives_on_its_day_with_a_chart(
    harness: Harness, ana: FakeUser
) -> None:
    harness.clock.set(utc(2026, 11, 1, 9))
    await onboard(ana, at="21:30")
    # Two weeks of history: wins written through the flow's storage, on chosen local days.
    for days_ago, text in [
        (20, "asked for help"),
        (13, "went to bed early"),
        (3, "paused, breathed"),
    ]:
        day = date(2026, 11, 22) - timedelta(days=days_ago)
        await harness.store.entries.add_win(
            ana.user_id,
            f"w{days_ago}",
            now=utc(day.year, day.month, day.day, 12),
            local_date=day,
            text=text,
            progress_kind="paused",
        )
    await harness.tick(utc(2026, 11, 22, 9))
    report = await harness.tick(utc(2026, 11, 22, 17, 0))  # Sunday 18:00 in Berlin
    assert report.sent == 1
    photo, text = harness.telegram.transcript(ana.user_id)[-2:]
    assert (
        photo.kind == "photo" and photo.file_bytes and photo.file_bytes[:8] == b"\x89PNG\r\n\x1a\n"
    )
    assert "paused, breathed" in text.text
    await harness.tick(utc(2026, 11, 22, 17, 30))
    assert len([m for m in harness.telegram.transcript(ana.user_id) if m.kind == "photo"]) == 1


async def test_a_quiet_week_gets_a_short_kind_digest_and_digest_on_demand(
    harness: Harness, ana: FakeUser
) -> None:
    await onboard(ana, at="21:30")
    await harness.tick()
    await harness.tick(utc(2026, 11, 22, 17, 0))
    quiet = ana.last_text()
    assert "/win" in quiet and "0" not in quiet
    await ana.send("/digest")
    assert ana.replies() == [quiet]
