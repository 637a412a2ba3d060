"""The error handler: report the error's type and the update id, never what anyone wrote.

Its apology goes through the outbox like every other reply: sent after the update's state is
saved, with the one retry policy."""

from __future__ import annotations

import logging
from contextvars import ContextVar
from typing import TYPE_CHECKING

from telegram import Update
from telegram.error import TelegramError

from bot.pipeline import outbox
from bot.store import STORE_FAULTS
from bot.texts import SOMETHING_WENT_WRONG

if TYPE_CHECKING:  # the context module imports the application, which imports this one
    from bot.context import BotContext

log = logging.getLogger(__name__)

# Set while an update is being handled: a handler that failed because the database could not
# be used (a full disk, a lock held too long) marks it, so the update is handled again once the
# fault clears instead of the person being told that something went wrong.
_store_faults: ContextVar[list[str] | None] = ContextVar("store_faults", default=None)


def watch_store_faults() -> list[str]:
    """Start noting store faults for the update being handled in this task."""
    faults: list[str] = []
    _store_faults.set(faults)
    return faults


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
    faults = _store_faults.get()
    if isinstance(error, STORE_FAULTS) and faults is not None:
        log.warning("update_store_fault update_id=%s error=%s", update_id, redacted(error))
        faults.append(redacted(error))
        return
    log.error("update_failed update_id=%s error=%s at=%s", update_id, redacted(error), frames)
    chat = update.effective_chat if isinstance(update, Update) else None
    if chat is not None:
        try:
            await outbox.post_message(
                chat.id, SOMETHING_WENT_WRONG, None, lambda: chat.send_message(SOMETHING_WENT_WRONG)
            )
        except TelegramError as exc:
            log.warning("error_reply_failed update_id=%s error=%s", update_id, redacted(exc))
