"""The error handler: report the error's type and the update id, never what anyone wrote."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError

from bot.context import BotContext
from bot.texts import SOMETHING_WENT_WRONG

log = logging.getLogger(__name__)


def redacted(error: BaseException | None) -> str:
    """Describe an error without its message (which can carry user text or URLs)."""
    return type(error).__name__ if error is not None else "None"


async def on_error(update: object, context: BotContext) -> None:
    """Log the failure by type and update id; tell the person something went wrong."""
    update_id = update.update_id if isinstance(update, Update) else None
    error = context.error
    traceback = error.__traceback__ if error is not None else None
    frames = []
    while traceback is not None:
        code = traceback.tb_frame.f_code
        frames.append(f"{code.co_filename.rsplit('/', 1)[-1]}:{traceback.tb_lineno}")
        traceback = traceback.tb_next
    log.error("update_failed update_id=%s error=%s at=%s", update_id, redacted(error), frames)
    if isinstance(update, Update) and update.effective_chat is not None:
        try:
            await update.effective_chat.send_message(SOMETHING_WENT_WRONG)
        except TelegramError as exc:
            log.warning("error_reply_failed update_id=%s error=%s", update_id, redacted(exc))
