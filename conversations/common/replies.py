"""Small helpers for answering: send to the chat, close a tapped keyboard."""

from __future__ import annotations

import logging

from telegram import InlineKeyboardMarkup, Update
from telegram.error import BadRequest

from bot import outbox

log = logging.getLogger(__name__)


async def say(update: Update, text: str, keyboard: InlineKeyboardMarkup | None = None) -> None:
    """Send a message to the chat the update came from, once the update's state is saved."""
    chat = update.effective_chat
    if chat is None:
        return
    await outbox.post_message(
        chat.id, text, keyboard, lambda: chat.send_message(text, reply_markup=keyboard)
    )


async def close_tapped(update: Update, toast: str | None = None) -> None:
    """Answer a button tap and take the keyboard off its message, so it can't be tapped twice."""
    query = update.callback_query
    if query is None:
        return
    await query.answer(toast)
    try:
        await query.edit_message_reply_markup(reply_markup=None)
    except BadRequest as exc:
        # Tapped twice, or the message is too old to edit: the keyboard is already moot.
        log.debug("keyboard not removed: %s", type(exc).__name__)
