"""Pure time rules: the next local occurrence of a time of day, DST included; quiet hours.

A local time that does not exist on a day (spring forward) happens at the first valid minute
after it; a local time that happens twice (fall back) happens once, at its first occurrence.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

QUIET_START = time(23, 0)
QUIET_END = time(7, 0)
_MAX_GAP_MINUTES = 24 * 60  # no real transition skips more than a day


@dataclass(frozen=True)
class Occurrence:
    """An instant (UTC) and the local date it belongs to."""

    at: datetime
    local_date: date


def _exists(naive: datetime, zone: ZoneInfo) -> bool:
    aware = naive.replace(tzinfo=zone, fold=0)
    return aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None) == naive


def on_date(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The instant `at` happens on local `day` (first valid minute after a gap; first of two)."""
    naive = datetime.combine(day, at)
    for minute in range(_MAX_GAP_MINUTES):
        candidate = naive + timedelta(minutes=minute)
        if _exists(candidate, zone):
            return candidate.replace(tzinfo=zone, fold=0).astimezone(UTC)
    raise ValueError(f"no valid local time after {naive} in {zone.key}")


def next_daily(at: time, zone_name: str, after: datetime) -> Occurrence:
    """The first occurrence of local time `at` strictly after the instant `after`."""
    zone = ZoneInfo(zone_name)
    day = after.astimezone(zone).date() - timedelta(days=1)
    while True:
        instant = on_date(day, at, zone)
        if instant > after:
            return Occurrence(instant, day)
        day += timedelta(days=1)


def next_weekly(weekday: int, at: time, zone_name: str, after: datetime) -> Occurrence:
    """The first occurrence of `weekday` (Monday is 0) at local time `at` after `after`."""
    zone = ZoneInfo(zone_name)
    day = after.astimezone(zone).date() - timedelta(days=1)
    while True:
        if day.weekday() == weekday:
            instant = on_date(day, at, zone)
            if instant > after:
                return Occurrence(instant, day)
        day += timedelta(days=1)


def in_quiet_hours(local: time) -> bool:
    """True between 23:00 and 07:00."""
    return local >= QUIET_START or local < QUIET_END


def held_by_quiet_hours(instant: datetime, zone_name: str, chosen: time) -> bool:
    """True if quiet hours hold back a message at `instant`: it falls between 23:00 and 07:00
    local time, and the person did not choose a time inside quiet hours themselves."""
    return in_quiet_hours(local_time(instant, zone_name)) and not in_quiet_hours(chosen)


def local_time(instant: datetime, zone_name: str) -> time:
    """The wall-clock time in a zone at an instant."""
    return instant.astimezone(ZoneInfo(zone_name)).time().replace(second=0, microsecond=0)
