"""State before speech: replies made while handling an update are sent after its state is saved.

A handler that answers "what time suits you?" has moved the person to the next step, but PTB
records that step only after the handler returns. Were the reply sent at once, a crash in
between would leave the person looking at a question the restarted bot no longer expects.
So while an update is handled, `say()` queues its messages here; the application writes the
conversation state and then sends them (see `SmallStepsApplication.process_update`).

Text replies (`post_message`) are also stored in the database with that state, in the same
transaction, and each is taken out just before it is sent: a crash after the commit sends them
at the next start, and none is ever sent twice. Photos, files and edits are sent from memory.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from telegram import Bot, InlineKeyboardMarkup
from telegram.error import BadRequest, NetworkError, RetryAfter, TelegramError, TimedOut

from bot.store import Store, StoredReply

log = logging.getLogger(__name__)

Send = Callable[[], Awaitable[object]]


@dataclass
class Queued:
    """One reply: how to send it, and (for a text message) what to store."""

    send: Send
    chat_id: int | None = None
    text: str | None = None
    keyboard: dict[str, Any] | None = None
    stored_id: int | None = None  # set once stored with the update's state


_pending: ContextVar[list[Queued] | None] = ContextVar("pending_replies", default=None)

# A reply Telegram did not take (429, or a 5xx from its front end) is tried again this many
# times. PTB's AIORateLimiter does not retry (max_retries=0) so that the scheduler's sender
# can honour RetryAfter itself; interactive replies get the same care here.
RETRIES = 2
BACKOFF = 0.5  # seconds before retrying after a 5xx, doubled each time


def open_outbox() -> list[Queued]:
    """Start queueing replies for the update being handled in this task."""
    box: list[Queued] = []
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
        box.append(Queued(send))


async def post_message(
    chat_id: int, text: str, keyboard: InlineKeyboardMarkup | None, send: Send
) -> None:
    """Queue a text message; it is stored with the update's state (see the module's notes)."""
    box = _pending.get()
    if box is None:
        await send()
        return
    stored_keyboard = keyboard.to_dict() if keyboard is not None else None
    box.append(Queued(send, chat_id, text, stored_keyboard))


async def store(box: list[Queued], db_store: Store, now: datetime) -> None:
    """Store the box's text messages (call inside the transaction that saves the state)."""
    for item in box:
        if item.text is not None and item.chat_id is not None:
            item.stored_id = await db_store.outbox.add(item.chat_id, item.text, item.keyboard, now)


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


async def deliver(box: list[Queued], update_id: int | None, db_store: Store) -> None:
    """Send queued replies in order (each stored one taken out first); stop at the first that
    Telegram refuses, dropping the rest of the update's stored replies."""
    for index, item in enumerate(box):
        if item.stored_id is not None and not await db_store.outbox.take(item.stored_id):
            continue
        try:
            await _send_with_retries(item.send)
        except TelegramError as exc:
            log.warning("reply_failed update_id=%s error=%s", update_id, type(exc).__name__)
            for rest in box[index + 1 :]:
                if rest.stored_id is not None:
                    await db_store.outbox.take(rest.stored_id)
            return


async def send_stored(db_store: Store, bot: Bot, chat_id: int | None = None) -> int:
    """Send the stored replies still waiting (one chat's, or everyone's after a restart), each
    taken out first; return how many were sent."""
    sent = 0
    for reply in await db_store.outbox.waiting(chat_id):
        if not await db_store.outbox.take(reply.id):
            continue
        try:
            await _send_with_retries(_stored_send(bot, reply))
            sent += 1
        except TelegramError as exc:
            log.warning("stored_reply_failed error=%s", type(exc).__name__)
    return sent


def _stored_send(bot: Bot, reply: StoredReply) -> Send:
    keyboard = InlineKeyboardMarkup.de_json(reply.keyboard, bot) if reply.keyboard else None
    return lambda: bot.send_message(reply.chat_id, reply.text, reply_markup=keyboard)
