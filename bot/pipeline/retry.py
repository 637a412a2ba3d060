"""The one retry policy for sending: honour RetryAfter, retry what surely did not arrive, never
resend what may have arrived.

Every message the bot sends goes through `send`: interactive replies (bot.pipeline.outbox) with
`INTERACTIVE` limits, scheduled prompts and digests (bot.schedule.tick) with `SCHEDULED` ones.
Waits go through an injected `sleep`, so tests record them instead of waiting. While the
database fails, the inbox and the application wait `fault_backoff` between their attempts.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

from telegram import Message
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

log = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]
Result = Literal["sent", "blocked", "failed", "uncertain"]


@dataclass(frozen=True)
class Outcome:
    """How a send ended."""

    result: Result
    message_id: int | None = None
    detail: str | None = None


@dataclass(frozen=True)
class Limits:
    """How hard to try: `attempts` in all, `backoff` seconds before retrying after a network
    error or 5xx (doubled each time), and at most `max_wait` seconds of waiting in all (None: no
    cap). A wait that would go past the cap is not started: the send gives up instead."""

    attempts: int
    backoff: float
    max_wait: float | None = None


# A person is looking at the chat: a few quick tries, never more than 5 s of waiting (which
# also keeps a stop within its 10 s). The rate limiter (bot.pipeline.limits) does not retry, so
# these limits are the only ones.
INTERACTIVE = Limits(attempts=3, backoff=0.5, max_wait=5.0)
# A prompt or digest can wait for Telegram as long as Telegram asks.
SCHEDULED = Limits(attempts=5, backoff=1.0)


def _seconds(value: int | float | timedelta) -> float:
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


async def send(call: Callable[[], Awaitable[object]], limits: Limits, sleep: Sleep) -> Outcome:
    """Run `call` until Telegram accepts it, with Telegram's own rules on what to retry.

    - RetryAfter (429): wait as long as Telegram says, then try again.
    - Forbidden (403: blocked, deactivated): never retried.
    - BadRequest (400): never retried.
    - TimedOut: the message may have been delivered; never retried, so never sent twice.
    - Other network errors and 5xx: the request did not succeed; retried with backoff.
    """
    waited = 0.0
    for attempt in range(limits.attempts):
        try:
            result = await call()
        except RetryAfter as exc:
            wait = _seconds(exc.retry_after)
        except Forbidden:
            return Outcome("blocked", detail="Forbidden")
        except BadRequest:
            return Outcome("failed", detail="BadRequest")
        except TimedOut:
            return Outcome("uncertain", detail="TimedOut")
        except NetworkError:
            wait = limits.backoff * 2**attempt
        else:
            message_id = result.message_id if isinstance(result, Message) else None
            return Outcome("sent", message_id=message_id)
        if attempt + 1 == limits.attempts:
            break
        if limits.max_wait is not None and waited + wait > limits.max_wait:
            log.warning("send_gave_up waited=%.1f next_wait=%.1f", waited, wait)
            return Outcome("failed", detail="TooLong")
        waited += wait
        await sleep(wait)
    return Outcome("failed", detail="GaveUp")


# While the database fails, try again after this many seconds, doubled each time, up to a
# short maximum so that a stop request is noticed quickly.
FAULT_FIRST = 0.5
FAULT_MAX = 2.0


def fault_backoff(failures: int) -> float:
    """Seconds to wait after the `failures`-th failed attempt to use the database."""
    return min(FAULT_MAX, FAULT_FIRST * 2 ** (failures - 1))
