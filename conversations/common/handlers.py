"""Commands that work anywhere, and the fallbacks every flow shares."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import Update
from telegram.ext import (
    ApplicationHandlerStop,
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.context import BotContext
from conversations.common import texts
from conversations.common.replies import say

Callback = Callable[[Update, BotContext], Awaitable[object]]
Reask = Callable[[Update, BotContext], Awaitable[None]]


async def help_command(update: Update, context: BotContext) -> None:
    """Explain what each command does."""
    await say(update, texts.HELP)


async def privacy_command(update: Update, context: BotContext) -> None:
    """Say what is stored, where, for how long, and how to erase it."""
    await say(update, texts.PRIVACY)


async def nothing_to_cancel(update: Update, context: BotContext) -> None:
    """`/cancel` outside any flow."""
    await say(update, texts.NOTHING_TO_CANCEL)


async def unknown_command(update: Update, context: BotContext) -> None:
    """A command Small Steps does not have."""
    await say(update, texts.UNKNOWN_COMMAND)


async def stale_button(update: Update, context: BotContext) -> None:
    """A button nothing else claimed (from before a restart, or a finished flow)."""
    query = update.callback_query
    if query is None:
        return
    await query.answer(texts.STALE_BUTTON_TOAST)
    await say(update, texts.STALE_BUTTON_START)


def cancel_handler(on_cancel: Callback | None = None) -> CommandHandler:
    """`/cancel` inside a flow: forget the draft, say so, end the conversation."""

    async def cancel(update: Update, context: BotContext) -> int:
        if on_cancel is not None:
            await on_cancel(update, context)
        context.draft.clear()
        await say(update, texts.CANCELLED)
        return ConversationHandler.END

    return CommandHandler("cancel", cancel)


def flow_fallbacks(*restart: BaseHandler, on_cancel: Callback | None = None) -> list[BaseHandler]:
    """`/cancel`, `/help`, `/privacy` and the flow's own restart inside a flow; a kind word for
    any other command.

    Flows do not use `allow_reentry`: PTB checks entry points before states when it is on, so
    a flow's catch-all for stale buttons would swallow its live ones. Restarting a flow with its
    own command goes through `restart` instead.
    """

    async def busy(update: Update, context: BotContext) -> None:
        await say(update, texts.BUSY_COMMAND)

    return [
        cancel_handler(on_cancel),
        *restart,
        CommandHandler("help", help_command),
        CommandHandler("privacy", privacy_command),
        MessageHandler(filters.COMMAND, busy),
    ]


def catch_all(reask: Reask, *, expects_text: bool) -> list[BaseHandler]:
    """Handlers for a state's unexpected input: say what we need, then ask the question again."""

    async def on_message(update: Update, context: BotContext) -> None:
        message = update.effective_message
        if expects_text and (message is None or message.text is None):
            await say(update, texts.TEXT_ONLY)
        elif not expects_text:
            await say(update, texts.BUTTONS_ONLY)
        await reask(update, context)

    async def on_button(update: Update, context: BotContext) -> None:
        query = update.callback_query
        if query is not None:
            await query.answer(texts.STALE_BUTTON_TOAST)
        await reask(update, context)

    return [
        MessageHandler(filters.ALL & ~filters.COMMAND, on_message),
        CallbackQueryHandler(on_button),
    ]


def anywhere(handler: BaseHandler) -> BaseHandler:
    """Make a handler final: it answers whatever flow is open, and the flow never sees the update.

    For read-only commands and buttons that must work mid-flow (history pages, the daily
    prompt's buttons, an offer of a grounding exercise), registered in a group before the flows.
    """
    callback = handler.callback

    async def run_then_stop(update: Update, context: BotContext) -> None:
        await callback(update, context)
        raise ApplicationHandlerStop

    handler.callback = run_then_stop
    return handler
