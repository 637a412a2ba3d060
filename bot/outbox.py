"""State before speech: replies made while handling an update are sent after its state is saved.

A handler that answers "what time suits you?" has moved the person to the next step, but PTB
records that step only after the handler returns. Were the reply sent at once, a crash in
between would leave the person looking at a question the restarted bot no longer expects.
So while an update is handled, `say()` queues its messages here; the application writes the
conversation state and then sends them (see `SmallStepsApplication.process_update`).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from datetime import timedelta

from telegram.error import BadRequest, NetworkError, RetryAfter, TelegramError, TimedOut

log = logging.getLogger(__name__)

Send = Callable[[], Awaitable[object]]

_pending: ContextVar[list[Send] | None] = ContextVar("pending_replies", default=None)

# A reply Telegram did not take (429, or a 5xx from its front end) is tried again this many
# times. PTB's AIORateLimiter does not retry (max_retries=0) so that the scheduler's sender
# can honour RetryAfter itself; interactive replies get the same care here.
RETRIES = 2
BACKOFF = 0.5  # seconds before retrying after a 5xx, doubled each time


def open_outbox() -> list[Send]:
    """Start queueing replies for the update being handled in this task."""
    box: list[Send] = []
    _pending.set(box)
    return box


def close_outbox() -> None:
    """Stop queueing: later replies in this task are sent at once."""
    _pending.set(None)


async def post(send: Send) -> None:
    """Queue a reply while an update is being handled, or send it now otherwise."""
    box = _pending.get()
    if box is None:
        await send()
    else:
        box.append(send)


def _seconds(value: float | timedelta) -> float:
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


async def _send_with_retries(send: Send) -> None:
    """Send once Telegram takes it: wait out a 429 as told and a 5xx briefly. A 400 or 403 is
    final, and a timeout may have been delivered, so those are never retried."""
    for attempt in range(RETRIES + 1):
        try:
            await send()
            return
        except RetryAfter as exc:
            if attempt == RETRIES:
                raise
            await asyncio.sleep(_seconds(exc.retry_after))
        except (BadRequest, TimedOut):
            raise
        except NetworkError:
            if attempt == RETRIES:
                raise
            await asyncio.sleep(BACKOFF * 2**attempt)


async def deliver(box: list[Send], update_id: int | None) -> None:
    """Send queued replies in order; stop at the first that Telegram refuses."""
    for send in box:
        try:
            await _send_with_retries(send)
        except TelegramError as exc:
            log.warning("reply_failed update_id=%s error=%s", update_id, type(exc).__name__)
            return
