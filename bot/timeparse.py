"""Parse the daily prompt time a person types ("21:30", "9pm", "noon") into a time of day.

Accepted: 24-hour "21:30", "9:05", "21.30", "21h30", "21h", "9", "21"; 12-hour "9pm", "9 pm",
"9:15 am", "9.15 p.m.", "12am" (00:00), "12pm" (12:00); "noon", "midnight"; a trailing
"o'clock" or "h". Exactly four bare digits are read as 24-hour HHMM ("2130", "0930"), the way
a timetable writes them; three bare digits ("930") are refused as too ambiguous.
Anything longer than 20 characters (after trimming the ends) is refused.
"""

from __future__ import annotations

import re
from datetime import time

MAX_LENGTH = 20

_WORDS = {"noon": time(12, 0), "midday": time(12, 0), "midnight": time(0, 0)}

_OCLOCK_RE = re.compile(r"\s*o\s*['’`]?\s*clock$")
_CLOCK_RE = re.compile(
    r"""
    ^(?P<hour>\d{1,2})
    (?:\s*(?:[:.]|h)\s*(?P<minute>\d{2}))?
    \s*h?
    \s*(?:(?P<half>[ap])\.?\s*(?:m\.?)?)?$
    """,
    re.VERBOSE,
)
_HHMM_RE = re.compile(r"^(?P<hour>\d{2})(?P<minute>\d{2})$")


def parse_local_time(text: str) -> time | None:
    """Return the time of day a person typed, at minute precision, or None if unclear."""
    stripped = text.strip()
    if not stripped or len(stripped) > MAX_LENGTH:
        return None
    cleaned = " ".join(stripped.casefold().split())
    cleaned = _OCLOCK_RE.sub("", cleaned)
    if cleaned.removeprefix("12 ") in _WORDS:
        return _WORDS[cleaned.removeprefix("12 ")]
    match = _HHMM_RE.match(cleaned) or _CLOCK_RE.match(cleaned)
    if match is None:
        return None
    hour = int(match.group("hour"))
    minute = int(match.group("minute") or 0)
    half = match.groupdict().get("half")
    if minute > 59:
        return None
    if half is None:
        return time(hour, minute) if hour <= 23 else None
    if not 1 <= hour <= 12:
        return None
    hour %= 12
    return time(hour + 12 if half == "p" else hour, minute)


def format_time(value: time) -> str:
    """Format a time of day as zero-padded 24-hour "HH:MM"."""
    return f"{value.hour:02d}:{value.minute:02d}"
