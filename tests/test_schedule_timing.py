"""When a daily prompt is due: every zone, DST gaps and overlaps, quiet hours."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from bot.schedule.timing import in_quiet_hours, next_daily, next_weekly


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("zone", "at", "after", "expected_utc", "local_date"),
    [
        # Half- and quarter-hour zones.
        (
            "Asia/Kathmandu",
            time(21, 30),
            utc(2026, 11, 22, 0),
            utc(2026, 11, 22, 15, 45),
            date(2026, 11, 22),
        ),
        (
            "Pacific/Chatham",
            time(8, 0),
            utc(2026, 11, 22, 0),
            utc(2026, 11, 22, 18, 15),
            date(2026, 11, 23),
        ),
        (
            "America/St_Johns",
            time(9, 0),
            utc(2026, 11, 22, 0),
            utc(2026, 11, 22, 12, 30),
            date(2026, 11, 22),
        ),
        # Already past today: tomorrow.
        (
            "Europe/Berlin",
            time(9, 0),
            utc(2026, 11, 22, 9, 0),
            utc(2026, 11, 23, 8, 0),
            date(2026, 11, 23),
        ),
    ],
)
def test_next_daily_in_many_zones(zone, at, after, expected_utc, local_date) -> None:
    occurrence = next_daily(at, zone, after)
    assert occurrence.at == expected_utc
    assert occurrence.local_date == local_date


@pytest.mark.parametrize(
    ("zone", "at", "day_before", "expected_utc"),
    [
        # Spring forward: 02:30 does not exist; the first valid minute after it is 03:00.
        ("America/New_York", time(2, 30), utc(2026, 3, 8, 0), utc(2026, 3, 8, 7, 0)),
        ("Europe/Berlin", time(2, 30), utc(2026, 3, 29, 0), utc(2026, 3, 29, 1, 0)),
        # Fall back: 01:30 happens twice; it fires once, at the first.
        ("America/New_York", time(1, 30), utc(2026, 11, 1, 0), utc(2026, 11, 1, 5, 30)),
        ("Europe/Berlin", time(2, 30), utc(2026, 10, 25, 0), utc(2026, 10, 25, 0, 30)),
        # In Berlin the repeated hour is 02:00-03:00; 01:30 that night is an ordinary time.
        ("Europe/Berlin", time(1, 30), utc(2026, 10, 24, 12), utc(2026, 10, 24, 23, 30)),
    ],
)
def test_dst_gaps_and_overlaps(zone, at, day_before, expected_utc) -> None:
    first = next_daily(at, zone, day_before)
    assert first.at == expected_utc
    # The next one is a day later, never the second copy of the repeated hour.
    following = next_daily(at, zone, first.at)
    assert following.local_date > first.local_date
    assert (following.at - first.at).total_seconds() >= 23 * 3600


def test_fall_back_fires_once_per_local_date() -> None:
    after = utc(2026, 10, 31, 12)
    seen = []
    for _ in range(4):
        occurrence = next_daily(time(1, 30), "America/New_York", after)
        seen.append(occurrence.local_date)
        after = occurrence.at
    assert len(seen) == len(set(seen)) == 4


def test_next_weekly() -> None:
    # Sunday 22 Nov 2026, 09:00 UTC; Sunday 18:00 in Berlin is today 17:00 UTC.
    occurrence = next_weekly(6, time(18, 0), "Europe/Berlin", utc(2026, 11, 22, 9))
    assert occurrence.at == utc(2026, 11, 22, 17) and occurrence.local_date == date(2026, 11, 22)
    later = next_weekly(6, time(18, 0), "Europe/Berlin", occurrence.at)
    assert later.local_date == date(2026, 11, 29)
    friday = next_weekly(4, time(8, 0), "Asia/Kathmandu", utc(2026, 11, 22, 9))
    assert friday.local_date == date(2026, 11, 27) and friday.at == utc(2026, 11, 27, 2, 15)


@pytest.mark.parametrize(
    ("local", "quiet"),
    [
        (time(22, 59), False),
        (time(23, 0), True),
        (time(3, 0), True),
        (time(6, 59), True),
        (time(7, 0), False),
    ],
)
def test_quiet_hours(local: time, quiet: bool) -> None:
    assert in_quiet_hours(local) is quiet
