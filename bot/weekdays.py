"""Weekday names as people read them, Monday first (as `date.weekday()` counts)."""

from __future__ import annotations

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WEEKDAYS_SHORT = tuple(name[:3] for name in WEEKDAYS)  # "Mon", … for dates in lists
