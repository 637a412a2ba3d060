"""Sending one scheduled message: honour RetryAfter, retry what surely did not arrive, never
resend what may have arrived."""

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


def _seconds(value: int | float | timedelta) -> float:
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


async def send_once(
    call: Callable[[], Awaitable[Message]],
    *,
    sleep: Sleep,
    attempts: int = 5,
    backoff: float = 1.0,
) -> Outcome:
    """Run `call` until Telegram accepts it, with Telegram's own rules on what to retry.

    - RetryAfter (429): wait as long as Telegram says, then try again.
    - Forbidden (403: blocked, deactivated): never retried; the person is marked inactive.
    - BadRequest (400): never retried.
    - TimedOut: the message may have been delivered; never retried, so never sent twice.
    - Other network errors and 5xx: the request did not succeed; retried with backoff.
    """
    for attempt in range(attempts):
        try:
            message = await call()
        except RetryAfter as exc:
            await sleep(_seconds(exc.retry_after))
            continue
        except Forbidden:
            return Outcome("blocked", detail="Forbidden")
        except BadRequest:
            return Outcome("failed", detail="BadRequest")
        except TimedOut:
            return Outcome("uncertain", detail="TimedOut")
        except NetworkError:
            await sleep(backoff * 2**attempt)
            continue
        return Outcome("sent", message_id=message.message_id)
    return Outcome("failed", detail="GaveUp")
