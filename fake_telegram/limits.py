"""Limits and faults: Telegram-like flood limits and injected failures for the next calls."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from fake_telegram.records import canonical
from fake_telegram.validation import ApiError


@dataclass
class Fault:
    """An injected failure for the next call(s) of one method."""

    status: int
    description: str
    retry_after: int | None
    remaining: int


@dataclass
class Bucket:
    """A token bucket: `burst` tokens at most, refilled at `rate` per second."""

    rate: float
    burst: float
    tokens: float
    stamp: float

    def take(self, now: float) -> float:
        """Take a token and return 0, or return how many seconds until one is free."""
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return 0.0
        return (1.0 - self.tokens) / self.rate


@dataclass
class RateLimits:
    """Telegram-like flood limits for the double (off unless `FakeTelegram.limit_rate` is called).

    Sends and edits are counted against an overall token bucket (`overall` per second, bursts
    of `overall_burst`) and one per chat (`per_chat` per second, bursts of `chat_burst`); a
    call beyond either gets 429 with `retry_after` (whole seconds, at least 1), as Telegram does.
    """

    overall: float = 30.0
    overall_burst: float = 30.0
    per_chat: float = 1.0
    chat_burst: float = 3.0
    clock: Callable[[], float] = time.monotonic
    refused: int = 0
    _overall: Bucket | None = None
    _chats: dict[int, Bucket] = field(default_factory=dict)

    def check(self, chat_id: Any) -> None:
        """Count one send to `chat_id`, or raise a 429 ApiError."""
        now = self.clock()
        if self._overall is None:
            self._overall = Bucket(self.overall, self.overall_burst, self.overall_burst, now)
        chat = self._chats.get(chat_id) if isinstance(chat_id, int) else None
        if chat is None and isinstance(chat_id, int):
            chat = self._chats[chat_id] = Bucket(
                self.per_chat, self.chat_burst, self.chat_burst, now
            )
        # Peek at the chat's bucket first so a refusal there costs no overall token.
        if chat is not None:
            wait = chat.take(now)
            if wait:
                self._refuse(wait)
        wait = self._overall.take(now)
        if wait:
            if chat is not None:
                chat.tokens += 1.0  # the message was not sent: give the chat's token back
            self._refuse(wait)

    def _refuse(self, wait: float) -> None:
        self.refused += 1
        seconds = max(1, int(wait + 0.999))
        raise ApiError(429, f"Too Many Requests: retry after {seconds}", seconds)


class Faults:
    """The FakeTelegram part that injects failures and turns flood limits on."""

    _cond: threading.Condition
    _faults: dict[str, list[Fault]]
    rate_limits: RateLimits | None

    def fail_next(
        self,
        method: str,
        *,
        status: int,
        description: str,
        retry_after: int | None = None,
        times: int = 1,
    ) -> None:
        """Make the next `times` calls of `method` fail with this error."""
        name = canonical(method)
        with self._cond:
            fault = Fault(status, description, retry_after, times)
            self._faults.setdefault(name, []).append(fault)

    def limit_rate(self, limits: RateLimits | None = None) -> RateLimits:
        """Turn on Telegram-like flood limits (429 with retry_after beyond them); off by default."""
        with self._cond:
            self.rate_limits = limits or RateLimits()
            return self.rate_limits

    def _take_fault(self, name: str) -> None:
        """Raise the next injected fault for a method, if any."""
        faults = self._faults.get(name)
        if not faults:
            return
        fault = faults[0]
        fault.remaining -= 1
        if fault.remaining <= 0:
            faults.pop(0)
        raise ApiError(fault.status, fault.description, fault.retry_after)
