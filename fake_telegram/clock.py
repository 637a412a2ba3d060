"""A virtual clock for tests and benchmarks: time passes only when someone waits.

Share one between the double (`FakeTelegram.clock`, `RateLimits.clock`) and the bot's pacing
(`build_application(pace=...)`): Telegram's limits and timeouts are then kept exactly, and
waiting for them costs no real time. A wait ends at its deadline or later (when another task
has already moved the clock past it), never earlier, as a real sleep does.
"""

from __future__ import annotations

import asyncio


class VirtualClock:
    """Seconds from `start`, moved on by `sleep` and `advance`."""

    def __init__(self, start: float = 1000.0) -> None:
        self._now = start

    def now(self) -> float:
        """The current virtual time."""
        return self._now

    def advance(self, seconds: float) -> None:
        """Let `seconds` pass (a person thinking, the bot being down)."""
        self._now += seconds

    async def sleep(self, seconds: float) -> None:
        """Wait `seconds` of virtual time (and let other tasks run once)."""
        deadline = self._now + max(0.0, seconds)
        await asyncio.sleep(0)
        self._now = max(self._now, deadline)
