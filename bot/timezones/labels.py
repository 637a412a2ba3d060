"""How zones read on buttons and in replies: 'Berlin', 'UTC+5:45', '14:05, Sunday'."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from bot.timezones.data import CITY_DISPLAY, UTC_NAMES, UTC_ZONE
from bot.timezones.zones import (
    home_zone_count,
    load_zone,
    loadable,
    offset_at,
    require_aware,
    zone_info,
)
from bot.weekdays import WEEKDAYS

MAX_LABEL = 40
MINUS = "\u2212"


_ETC_RE = re.compile(r"^Etc/GMT([+-])(\d{1,2})$")


def format_offset(offset: timedelta) -> str:
    """Format an offset as 'UTC', 'UTC+5:45' or 'UTC−3:30'."""
    minutes = int(offset.total_seconds() // 60)
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else MINUS
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}:{rest:02d}" if rest else f"UTC{sign}{hours}"


def etc_offset(zone: str) -> timedelta:
    """Return the fixed offset of UTC or an Etc/GMT±N zone."""
    match = _ETC_RE.match(zone)
    if not match:
        return timedelta(0)
    sign = -1 if match.group(1) == "+" else 1
    return timedelta(hours=sign * int(match.group(2)))


def city_display(zone: str) -> str:
    """Return the readable city part of a zone name."""
    last = zone.rsplit("/", 1)[-1]
    return CITY_DISPLAY.get(last, last.replace("_", " "))


def _fit(city: str, comment: str) -> str:
    """Combine a city and a comment into a label of at most MAX_LABEL characters."""
    if not comment:
        return city[:MAX_LABEL]
    full = f"{city} ({comment})"
    if len(full) <= MAX_LABEL:
        return full
    room = MAX_LABEL - len(city) - len(" (…)")
    if room < 6:
        return city[:MAX_LABEL]
    cut = comment[: room + 1]
    if " " in cut.strip():
        cut = cut[: cut.rstrip().rfind(" ")]
    cut = cut[:room].rstrip(" ,;:-/(")
    return f"{city} ({cut}…)"


def option_label(zone: str) -> str:
    """Return the button text for a zone."""
    if zone == UTC_ZONE:
        return "UTC"
    if _ETC_RE.match(zone):
        return f"Fixed {format_offset(etc_offset(zone))} (no daylight saving)"
    city = city_display(zone)
    info = zone_info().get(zone)
    if info is None or home_zone_count(info[0]) < 2:
        return city[:MAX_LABEL]
    comment = re.sub(r" \(([^()]*)\)", r", \1", info[1])
    folded, prefix = comment.casefold(), city.casefold()
    if folded == prefix or folded.startswith(f"{prefix},"):
        comment = comment[len(city) :].lstrip(" ,")
    return _fit(city, comment)


def utc_offset_label(zone: str, now: datetime) -> str:
    """Return a zone's offset at now as 'UTC+5:45', 'UTC−3:30' (U+2212) or 'UTC'."""
    return format_offset(offset_at(loadable(zone), require_aware(now)))


def local_time_label(zone: str, now: datetime) -> str:
    """Return the local time in a zone at now, e.g. '14:05, Sunday'."""
    local = require_aware(now).astimezone(load_zone(loadable(zone)))
    return f"{local:%H:%M}, {WEEKDAYS[local.weekday()]}"


def zone_label(zone: str) -> str:
    """Return a short readable name for a zone ('Berlin', 'New York', 'UTC', 'UTC+5')."""
    if zone.casefold() in UTC_NAMES or zone in {UTC_ZONE, "Etc/GMT", "GMT"}:
        return "UTC"
    if _ETC_RE.match(zone):
        return format_offset(etc_offset(zone))
    return city_display(zone)
