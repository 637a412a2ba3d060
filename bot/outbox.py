"""State before speech: replies made while handling an update are sent after its state is saved.

A handler that answers "what time suits you?" has moved the person to the next step, but PTB
records that step only after the handler returns. Were the reply sent at once, a crash in
between would leave the person looking at a question the restarted bot no longer expects.
So while an update is handled, `say()` queues its messages here; the application writes the
conversation state and then sends them (see `SmallStepsApplication.process_update`).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from contextvars import ContextVar

from telegram.error import TelegramError

log = logging.getLogger(__name__)

Send = Callable[[], Awaitable[object]]

_pending: ContextVar[list[Send] | None] = ContextVar("pending_replies", default=None)


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


async def deliver(box: list[Send], update_id: int | None) -> None:
    """Send queued replies in order; stop at the first that Telegram refuses."""
    for send in box:
        try:
            await send()
        except TelegramError as exc:
            log.warning("reply_failed update_id=%s error=%s", update_id, type(exc).__name__)
            return
