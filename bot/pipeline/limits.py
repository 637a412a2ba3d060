"""Telegram's flood limits, where Telegram has them: per chat for everything, overall for
broadcasts.

Telegram allows a bot about one message a second in a chat (a short burst is tolerated), about
20 a minute in a group, and about 30 a second overall. PTB's `AIORateLimiter` holds every
request that names a chat to the overall limit and paces only groups per chat, and a 429 halts
all of the bot's requests: a reply to one person then waits behind everyone else's, and behind
a fan-out of thousands of prompts. It cannot say "overall for broadcasts only", so this is a
`BaseRateLimiter` of PTB's (its seam for exactly this) that does:

- every message or edit waits for its chat's own pace (0.9/s, bursts of 3; groups 18/min);
- prompts and digests (sent with `rate_limit_args=BROADCAST`, see bot.schedule.tick) also wait
  for the overall pace (`SMALLSTEPS_BROADCAST_RATE`, 30/s by default);
- replies to people never wait for the overall pace, but they count in it, so a fan-out slows
  down to leave them room;
- answering a tap, fetching updates and the like are not messages and never wait.

A 429 is not retried here: the one retry policy (bot.pipeline.retry) waits as long as Telegram
asks for that send alone, and since one chat's replies go out one after another, only that
chat waits. Each pace is a GCRA (a token bucket kept as one timestamp): a send reserves the
next free slot at once, so concurrent senders never wake up together to fight for it.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from telegram.ext import BaseRateLimiter

from bot.pipeline.retry import Sleep

BROADCAST = "broadcast"  # rate_limit_args of a prompt or digest

# A little under Telegram's limits, so that a send delayed on the network, arriving right after
# the one behind it, still finds Telegram's bucket refilled.
PER_CHAT_RATE = 0.9  # messages a second in one private chat (Telegram: about 1)
PER_CHAT_BURST = 3
GROUP_RATE = 18 / 60  # messages a second in one group (Telegram: 20 a minute)
GROUP_BURST = 3
BROADCAST_BURST = 2  # enough to make up for pauses between a fan-out's chunks
# Replies count in the overall pace without waiting for it; they run it ahead of the clock by
# at most this many seconds, so a fan-out pauses for replies but resumes soon after them.
REPLY_CREDIT = 1.0
# Idle chats' paces are forgotten once there are this many (a full bucket is no bucket).
_KEEP_CHATS = 1024


def _chat_paced(endpoint: str) -> bool:
    """Whether a method puts something in a chat (and so counts in Telegram's limits)."""
    return endpoint.startswith(("send", "edit", "copy", "forward")) and endpoint != (
        "sendChatAction"
    )


@dataclass(frozen=True)
class PaceClock:
    """Where pacing reads the time (seconds, monotonic) and how it waits."""

    now: Callable[[], float] = time.monotonic
    sleep: Sleep = asyncio.sleep


class Pace:
    """`rate` sends a second, bursts of `burst`: a GCRA, i.e. a token bucket as one instant."""

    def __init__(self, rate: float, burst: int) -> None:
        self.interval = 1.0 / rate
        self.tolerance = (burst - 1) * self.interval
        self.next_at = float("-inf")  # the theoretical arrival time of the next send

    def reserve(self, now: float) -> float:
        """Take the next slot; return how long to wait for it (0: send now)."""
        wait = max(0.0, self.next_at - self.tolerance - now)
        self.next_at = max(self.next_at, now) + self.interval
        return wait

    def count(self, now: float, credit: float) -> None:
        """Count a send that does not wait (at most `credit` seconds ahead of `now`)."""
        ahead = min(max(self.next_at, now) + self.interval, now + credit)
        self.next_at = max(self.next_at, ahead)

    def idle(self, now: float) -> bool:
        """True when a full burst is available again."""
        return self.next_at <= now


class TelegramLimits(BaseRateLimiter[str]):
    """Per-chat pace for every message, the overall pace for broadcasts only (see above)."""

    def __init__(self, broadcast_rate: float, clock: PaceClock | None = None) -> None:
        self.clock = clock or PaceClock()
        self.broadcast = Pace(broadcast_rate, BROADCAST_BURST)
        self._chats: dict[int | str, Pace] = {}

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to tear down."""

    def _chat(self, chat_id: int | str, now: float) -> Pace:
        pace = self._chats.get(chat_id)
        if pace is None:
            if len(self._chats) >= _KEEP_CHATS:
                self._chats = {key: p for key, p in self._chats.items() if not p.idle(now)}
            group = isinstance(chat_id, str) or chat_id < 0
            pace = Pace(GROUP_RATE, GROUP_BURST) if group else Pace(PER_CHAT_RATE, PER_CHAT_BURST)
            self._chats[chat_id] = pace
        return pace

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: str | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        """Wait for the request's slots, then make it."""
        chat_id = data.get("chat_id")
        if isinstance(chat_id, str) and chat_id.lstrip("-").isdigit():
            chat_id = int(chat_id)
        if chat_id is not None and _chat_paced(endpoint):
            now = self.clock.now()
            wait = self._chat(chat_id, now).reserve(now)
            if rate_limit_args == BROADCAST:
                wait = max(wait, self.broadcast.reserve(now))
            else:
                self.broadcast.count(now, REPLY_CREDIT)
            if wait > 0:
                await self.clock.sleep(wait)
        return await callback(*args, **kwargs)
