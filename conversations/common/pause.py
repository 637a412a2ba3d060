"""Pausing the daily check-ins: one rule for `/pause` and for `/settings`."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.store import PAUSED_INDEFINITELY
from conversations.common import texts

# How long a pause can be, in days (0: until the person resumes), with its button label.
LENGTHS = {**texts.PAUSE_DAYS, 0: texts.PAUSE_FOREVER}
DATE_FORMAT = "%A %-d %B, %H:%M"


def pause_end(now: datetime, days: int) -> datetime:
    """When a pause of `days` (0: until resumed) that starts now ends."""
    return PAUSED_INDEFINITELY if days == 0 else now + timedelta(days=days)


def end_label(until: datetime, zone: str) -> str:
    """The end of a pause in the person's time zone: `Friday 27 November, 09:00`."""
    return until.astimezone(ZoneInfo(zone)).strftime(DATE_FORMAT)
