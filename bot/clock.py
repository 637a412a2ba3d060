"""Time comes from here, so scheduling and history can be tested at any instant."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Protocol


class Clock(Protocol):
    """Something that tells the current time as an aware UTC datetime."""

    def now(self) -> datetime:
        """Return the current instant (aware, UTC)."""
        ...


class SystemClock:
    """The real clock."""

    def now(self) -> datetime:
        """Return the current instant (aware, UTC)."""
        return datetime.now(UTC)


class FixedClock:
    """A clock that only moves when told to (tests, the try-it mode)."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("FixedClock needs an aware datetime")
        self._now = start.astimezone(UTC)

    def now(self) -> datetime:
        """Return the instant the clock was set to."""
        return self._now

    def set(self, instant: datetime) -> None:
        """Move the clock to an instant."""
        self._now = instant.astimezone(UTC)
