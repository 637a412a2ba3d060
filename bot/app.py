"""The composition root: wires settings, storage, handlers (in order), jobs and rate limits."""

from __future__ import annotations

import warnings

from telegram import BotCommand, Update
from telegram.constants import ParseMode
from telegram.ext import (
    AIORateLimiter,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import BaseRequest
from telegram.warnings import PTBUserWarning

from bot.application import Services, SmallStepsApplication
from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.context import BotContext
from bot.errors import on_error
from bot.persistence import StorePersistence
from bot.store import Store
from conversations import erase, menu, onboarding, private_only, safety_net, settings
from conversations.common import flows
from conversations.common import handlers as common
from conversations.common import texts as common_texts
from conversations.common.replies import say

# Handler groups run in this order; a group's first matching handler wins.
GROUP_GUARD = -3  # private chats only; edits ignored
GROUP_SAFETY = -2  # the safety net (crisis language in any text, in any state)
GROUP_SWITCH = -1  # starting one flow while in another ends the other cleanly
GROUP_FLOWS = 0  # conversations, then commands and catch-alls


async def _outside_flow(update: Update, context: BotContext) -> None:
    """Text or media when no flow is waiting for it."""
    await say(update, common_texts.OUTSIDE_FLOW)


def register_handlers(app: SmallStepsApplication) -> None:
    """Add every handler, in the order that matters."""
    app.add_handler(TypeHandler(Update, private_only.guard), group=GROUP_GUARD)
    for handler in safety_net.handlers():
        app.add_handler(handler, group=GROUP_SAFETY)
    app.add_handler(TypeHandler(Update, flows.switch_guard), group=GROUP_SWITCH)

    # Conversations first: while a person is inside one, it sees their messages before the
    # catch-alls below. Onboarding comes first so `/start` always reaches it.
    app.add_handler(onboarding.build(), group=GROUP_FLOWS)
    app.add_handler(settings.build(), group=GROUP_FLOWS)
    app.add_handler(erase.build(), group=GROUP_FLOWS)
    # Reflection flows are registered below, one line each.

    # Outside any flow.
    for handler in menu.handlers():
        app.add_handler(handler, group=GROUP_FLOWS)
    app.add_handler(CommandHandler("help", common.help_command), group=GROUP_FLOWS)
    app.add_handler(CommandHandler("privacy", common.privacy_command), group=GROUP_FLOWS)
    app.add_handler(CommandHandler("cancel", common.nothing_to_cancel), group=GROUP_FLOWS)
    app.add_handler(MessageHandler(filters.COMMAND, common.unknown_command), group=GROUP_FLOWS)
    app.add_handler(
        MessageHandler(filters.UpdateType.MESSAGE & ~filters.COMMAND, _outside_flow),
        group=GROUP_FLOWS,
    )
    app.add_handler(CallbackQueryHandler(common.stale_button), group=GROUP_FLOWS)

    app.add_error_handler(on_error)


def build_application(
    settings: Settings, *, request: BaseRequest | None = None, clock: Clock | None = None
) -> SmallStepsApplication:
    """Build the whole bot. Tests pass a fake `request` (PTB's network seam) and a clock."""
    store = Store(settings.db_path, settings.db_key)
    services = Services(store=store, clock=clock or SystemClock(), settings=settings)
    commands = [BotCommand(name, text) for name, text in common_texts.COMMAND_MENU]
    builder = (
        ApplicationBuilder()
        .application_class(
            SmallStepsApplication, kwargs={"services": services, "commands": commands}
        )
        .token(settings.token)
        .base_url(settings.api_base_url)
        .base_file_url(settings.file_base_url)
        .defaults(Defaults(parse_mode=ParseMode.HTML))
        .context_types(ContextTypes(context=BotContext))
        .persistence(StorePersistence(store))
        .rate_limiter(AIORateLimiter())
    )
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    app = builder.build()
    assert isinstance(app, SmallStepsApplication)
    with warnings.catch_warnings():
        # Our flows mix buttons and typed answers in one conversation, tracked per chat and
        # user rather than per message, which is what we want; PTB warns about exactly that
        # combination when a ConversationHandler is built.
        warnings.filterwarnings("ignore", message=r".*per_message=False", category=PTBUserWarning)
        register_handlers(app)
    return app
