"""State before speech: replies made while handling an update are sent after its state is saved.

A handler that answers "what time suits you?" has moved the person to the next step, but PTB
records that step only after the handler returns. Were the reply sent at once, a crash in
between would leave the person looking at a question the restarted bot no longer expects.
So while an update is handled, `say()` queues its messages here; the application writes the
conversation state and then sends them (see `SmallStepsApplication.process_update`).
Every send, queued or not, goes through the one retry policy (bot.pipeline.retry) with its
interactive limits: a person is never kept waiting long for a reply.

Text replies (`post_message`) are also stored in the database with that state, in the same
transaction, and each is taken out just before it is sent: a crash after the commit sends them
at the next start, and none is ever sent twice. Photos, files and edits are sent from memory.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from telegram import Bot, InlineKeyboardMarkup
from telegram.error import TelegramError

from bot.pipeline.retry import INTERACTIVE, Sleep, send
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
    tidy: bool = False  # tidying up (a tapped keyboard taken off): sent after the replies


_pending: ContextVar[list[Queued] | None] = ContextVar("pending_replies", default=None)


def open_outbox() -> list[Queued]:
    """Start queueing replies for the update being handled in this task."""
    box: list[Queued] = []
    _pending.set(box)
    return box


def close_outbox() -> None:
    """Stop queueing: later replies in this task are sent at once."""
    _pending.set(None)


async def post(send: Send, *, tidy: bool = False) -> None:
    """Queue a reply while an update is being handled, or send it now otherwise. A `tidy` one
    (taking a tapped keyboard off) goes after the update's replies: under Telegram's limit of
    about one message a second in a chat, the person's answer should not wait behind it."""
    box = _pending.get()
    if box is None:
        await send()
    else:
        box.append(Queued(send, tidy=tidy))


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


async def _send(send_call: Send, sleep: Sleep) -> str | None:
    """Send with the interactive limits; None once Telegram took it, else why not."""
    try:
        outcome = await send(send_call, INTERACTIVE, sleep)
    except TelegramError as exc:  # one the policy does not know (e.g. a migrated chat)
        return type(exc).__name__
    return None if outcome.result == "sent" else outcome.detail or outcome.result


async def deliver(box: list[Queued], update_id: int | None, db_store: Store, sleep: Sleep) -> None:
    """Send queued replies in order, tidying up last (each stored one taken out first); stop at
    the first that Telegram refuses, dropping the rest of the update's stored replies."""
    box = [item for item in box if not item.tidy] + [item for item in box if item.tidy]
    for index, item in enumerate(box):
        if item.stored_id is not None and not await db_store.outbox.take(item.stored_id):
            continue
        failure = await _send(item.send, sleep)
        if failure is not None:
            log.warning("reply_failed update_id=%s error=%s", update_id, failure)
            for rest in box[index + 1 :]:
                if rest.stored_id is not None:
                    await db_store.outbox.take(rest.stored_id)
            return


async def send_stored(db_store: Store, bot: Bot, sleep: Sleep, chat_id: int | None = None) -> int:
    """Send the stored replies still waiting (one chat's, or everyone's after a restart), each
    taken out first; return how many were sent."""
    sent = 0
    for reply in await db_store.outbox.waiting(chat_id):
        if not await db_store.outbox.take(reply.id):
            continue
        failure = await _send(_stored_send(bot, reply), sleep)
        if failure is None:
            sent += 1
        else:
            log.warning("stored_reply_failed error=%s", failure)
    return sent


def _stored_send(bot: Bot, reply: StoredReply) -> Send:
    keyboard = InlineKeyboardMarkup.de_json(reply.keyboard, bot) if reply.keyboard else None
    return lambda: bot.send_message(reply.chat_id, reply.text, reply_markup=keyboard)
