"""The shared reply helpers: the only way flows speak.

Every message, photo, file and redrawn keyboard goes through the outbox (bot.pipeline.outbox),
so it is sent after the update's state is saved, with the one retry policy. Flows never call
`send_*`, `reply_*` or `edit_message_*` themselves (a test checks); answering a tap (the
spinner or a toast) is the one call they make directly.
"""

from __future__ import annotations

import logging

from telegram import InlineKeyboardMarkup, Update
from telegram.error import BadRequest, TelegramError

from bot.pipeline import outbox

log = logging.getLogger(__name__)


async def say(update: Update, text: str, keyboard: InlineKeyboardMarkup | None = None) -> None:
    """Send a message to the chat the update came from, once the update's state is saved."""
    chat = update.effective_chat
    if chat is None:
        return
    await outbox.post_message(
        chat.id, text, keyboard, lambda: chat.send_message(text, reply_markup=keyboard)
    )


async def show_photo(update: Update, photo: bytes, caption: str | None = None) -> None:
    """Send a picture to the chat, once the update's state is saved."""
    chat = update.effective_chat
    if chat is None:
        return
    await outbox.post(lambda: chat.send_photo(photo, caption=caption))


async def send_file(update: Update, data: bytes, filename: str, caption: str | None) -> None:
    """Send a file to the chat, once the update's state is saved."""
    chat = update.effective_chat
    if chat is None:
        return
    await outbox.post(lambda: chat.send_document(document=data, filename=filename, caption=caption))


async def redraw_keyboard(update: Update, keyboard: InlineKeyboardMarkup) -> None:
    """Replace the buttons under the tapped message, once the update's state is saved."""
    query = update.callback_query
    if query is None:
        return
    await outbox.post(lambda: query.edit_message_reply_markup(keyboard))


async def show_in_place(
    update: Update, text: str, keyboard: InlineKeyboardMarkup | None = None
) -> None:
    """Show a page in place of the tapped message (a new message if that one can't be edited),
    once the update's state is saved."""
    query, chat = update.callback_query, update.effective_chat
    if chat is None:
        return
    message = query.message if query is not None else None

    async def replace() -> None:
        if message is not None:
            try:
                await chat.get_bot().edit_message_text(
                    text, chat_id=chat.id, message_id=message.message_id, reply_markup=keyboard
                )
                return
            except BadRequest as exc:
                if "not modified" in exc.message:
                    return  # that page is already showing
        await chat.send_message(text, reply_markup=keyboard)

    await outbox.post(replace)


async def say_and_leave(update: Update, text: str) -> None:
    """Say one line to a group, then leave it (in that order, once the update is handled)."""
    chat = update.effective_chat
    if chat is None:
        return

    async def say_then_leave() -> None:
        try:
            await chat.send_message(text)
            await chat.leave()
        except TelegramError as exc:
            log.warning("group_leave_failed chat=%s error=%s", chat.id, type(exc).__name__)

    await outbox.post(say_then_leave)


async def close_tapped(update: Update, toast: str | None = None) -> None:
    """Answer a button tap now (a failed answer does not stop the handler), and take the
    keyboard off its message (once the update's state is saved), so it can't be tapped twice."""
    query = update.callback_query
    if query is None:
        return
    try:
        # First, and never in the way: a tap answered late (SmallStepsBot) or not at all still
        # counts, and the handler goes on to save what was tapped.
        await query.answer(toast)
    except TelegramError as exc:
        log.warning("tap_answer_failed error=%s", type(exc).__name__)

    async def remove_keyboard() -> None:
        try:
            await query.edit_message_reply_markup(reply_markup=None)
        except BadRequest as exc:
            # Tapped twice, or the message is too old to edit: the keyboard is already moot.
            log.debug("keyboard not removed: %s", type(exc).__name__)

    await outbox.post(remove_keyboard, tidy=True)
