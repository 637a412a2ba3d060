"""The composition root: wires settings, storage, handlers (in order), jobs and rate limits."""

from __future__ import annotations

import asyncio
import logging
import warnings
from dataclasses import replace
from datetime import timedelta

from telegram import BotCommand, Update
from telegram.constants import ParseMode
from telegram.ext import (
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ConversationHandler,
    Defaults,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import BaseRequest, HTTPXRequest
from telegram.warnings import PTBUserWarning

from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.context import BotContext
from bot.digest import chart_workers
from bot.health import HEARTBEAT_SECONDS, check, heartbeat_path, notify_systemd, write_heartbeat
from bot.pipeline import outbox
from bot.pipeline.application import Services, SmallStepsApplication
from bot.pipeline.claimer import Claimer, Refresh
from bot.pipeline.errors import on_error
from bot.pipeline.inbox import InboxRequest
from bot.pipeline.limits import BROADCAST, PaceClock, TelegramLimits
from bot.pipeline.ordering import PerChatProcessor
from bot.pipeline.persistence import StorePersistence
from bot.pipeline.retry import Sleep
from bot.pipeline.taps import SmallStepsBot
from bot.schedule.tick import Scheduler
from bot.store import PostgresDatabase, Store, claims
from bot.store.lease import Lease
from conversations import export, feel, history, menu, private_only, reflect, safety_net
from conversations.catalog import FLOWS
from conversations.checkins import handlers as checkins
from conversations.checkins.compose import make_composer
from conversations.common import conversation_table, flows
from conversations.common import handlers as common
from conversations.common import texts as common_texts
from conversations.common.replies import say

# Handler groups run in this order; a group's first matching handler wins.
GROUP_GUARD = -4  # private chats only; edits ignored
GROUP_SAFETY = -3  # the safety net (risk in any text, in any state; /sos; grounding)
GROUP_ANYWHERE = -2  # prompt buttons, /history, offers: they work whatever flow is open
GROUP_SWITCH = -1  # starting one flow while in another ends the other; stale flows end
GROUP_FLOWS = 0  # conversations, then commands and catch-alls

log = logging.getLogger(__name__)


async def _outside_flow(update: Update, context: BotContext) -> None:
    """Text or media when no flow is waiting for it."""
    await say(update, common_texts.OUTSIDE_FLOW)


def register_handlers(app: SmallStepsApplication) -> None:
    """Add every handler, in the order that matters."""
    app.add_handler(TypeHandler(Update, private_only.guard), group=GROUP_GUARD)
    for handler in safety_net.handlers():
        app.add_handler(handler, group=GROUP_SAFETY)
    for handler in checkins.before_flows():
        app.add_handler(handler, group=GROUP_ANYWHERE)
    # A Telegram reply to a daily prompt is kept as its answer, whatever flow is open.
    for handler in reflect.replies():
        app.add_handler(handler, group=GROUP_ANYWHERE)
    # Read-only (or settings of the schedule), so they answer mid-flow without disturbing it.
    anywhere = [*history.handlers(), *export.handlers(), *feel.handlers(), *checkins.anytime()]
    for handler in anywhere:
        app.add_handler(common.anywhere(handler), group=GROUP_ANYWHERE)
    app.add_handler(TypeHandler(Update, flows.SwitchGuard(FLOWS)), group=GROUP_SWITCH)

    # Conversations first: while a person is inside one, it sees their messages before the
    # catch-alls below. New flows go in `conversations.catalog.FLOWS`.
    for flow in FLOWS:
        app.add_handler(flow.build(), group=GROUP_FLOWS)

    # Outside any flow.
    for handler in menu.handlers():
        app.add_handler(handler, group=GROUP_FLOWS)
    for handler in checkins.commands():
        app.add_handler(handler, group=GROUP_FLOWS)
    # Other commands outside flows are registered below, one line each.
    app.add_handler(CommandHandler("help", common.help_command), group=GROUP_FLOWS)
    app.add_handler(CommandHandler("privacy", common.privacy_command), group=GROUP_FLOWS)
    app.add_handler(CommandHandler("cancel", common.nothing_to_cancel), group=GROUP_FLOWS)
    app.add_handler(MessageHandler(filters.COMMAND, common.unknown_command), group=GROUP_FLOWS)
    # Text outside any flow: the answer to the open daily question, if there is one.
    for handler in reflect.free_text():
        app.add_handler(handler, group=GROUP_FLOWS)
    app.add_handler(
        MessageHandler(filters.UpdateType.MESSAGE & ~filters.COMMAND, _outside_flow),
        group=GROUP_FLOWS,
    )
    app.add_handler(CallbackQueryHandler(common.stale_button), group=GROUP_FLOWS)

    app.add_error_handler(on_error)


async def _tick(context: BotContext) -> None:
    """The scheduler's repeating job."""
    app = context.application
    assert isinstance(app, SmallStepsApplication) and app.services.scheduler is not None
    scheduler = app.services.scheduler
    await scheduler.tick()
    if app.shared and scheduler.lease is not None and scheduler.lease.held:
        await _send_orphaned_replies(app)
    app.services.progress.ticked()


# A stored reply older than this was left by an instance that died between its commit and its
# sending (a live instance sends within seconds, or is waiting out Telegram's 429 for it).
ORPHANED_REPLY_AGE = timedelta(minutes=2)


async def _send_orphaned_replies(app: SmallStepsApplication) -> None:
    """Instances sharing PostgreSQL: the lease's holder sends what a dead instance committed
    but never sent (each reply taken out first: at most once)."""
    store = app.services.store
    cutoff = app.services.clock.now() - ORPHANED_REPLY_AGE
    db = store.db
    assert isinstance(db, PostgresDatabase)
    for chat_id in await claims.chats_with_replies_before(db, cutoff):
        sent = await outbox.send_stored(store, app.bot, app.services.sleep, chat_id)
        log.info("orphaned_replies_sent chat=%s count=%d", chat_id, sent)


async def _heartbeat(context: BotContext) -> None:
    """Write what the pipeline did lately for `python -m bot health`, and tell systemd's
    watchdog the bot is alive only while that verdict is healthy."""
    app = context.application
    assert isinstance(app, SmallStepsApplication)
    settings = app.services.settings
    path = heartbeat_path(settings.db_path)
    try:
        write_heartbeat(path, app.services.progress)
    except OSError as exc:
        log.warning("heartbeat_failed error=%s", type(exc).__name__)
        return
    if settings.notify_socket and check(path, settings.health_max_age).healthy:
        notify_systemd("WATCHDOG=1", settings.notify_socket)


def _refresher(app: SmallStepsApplication) -> Refresh:
    """Before a claimed update is handled: its chat's conversation states and draft as the
    database has them (instances sharing PostgreSQL keep nothing authoritative in memory)."""

    async def refresh(update: object) -> None:
        persistence = app.persistence
        if not isinstance(persistence, StorePersistence):
            return
        loaded = await persistence.reload(update)
        if loaded is None:
            return
        key, states = loaded
        for handlers in app.handlers.values():
            for handler in handlers:
                if isinstance(handler, ConversationHandler) and handler.persistent:
                    state = states.get(handler.name or "")
                    conversation_table.load(handler, key, state)  # type: ignore[arg-type]

    return refresh


async def _start_charts(app: SmallStepsApplication) -> None:
    """post_init: start the chart worker processes (bot.digest.chart_workers)."""
    await asyncio.to_thread(chart_workers.start)


async def _stop_charts(app: SmallStepsApplication) -> None:
    """post_shutdown: stop them (the tick has stopped by now; nothing waits for a chart)."""
    await asyncio.to_thread(chart_workers.stop)


def build_application(
    settings: Settings,
    *,
    request: BaseRequest | None = None,
    clock: Clock | None = None,
    sleep: Sleep = asyncio.sleep,
    pace: PaceClock | None = None,
) -> SmallStepsApplication:
    """Build the whole bot. Tests pass a fake `request` (PTB's network seam), a clock, a
    `sleep` that records the scheduler's waits instead of waiting, and the time that Telegram's
    limits are kept in (`pace`: a virtual one costs no waiting)."""
    store = Store(
        settings.db_path,
        settings.db_key,
        database_url=settings.database_url,
        keys_database_url=settings.keys_database_url,
    )
    services = Services(store=store, clock=clock or SystemClock(), settings=settings, sleep=sleep)
    commands = [BotCommand(name, text) for name, text in common_texts.COMMAND_MENU]
    # Fetched updates are kept in the store until handled (bot.pipeline.inbox).
    inbox = InboxRequest(
        request or HTTPXRequest(connection_pool_size=1),
        store,
        services.clock,
        services.progress,
        sleep,
    )
    # Telegram's limits where Telegram has them: per chat, and overall for broadcasts only.
    limits = TelegramLimits(settings.broadcast_rate, pace)
    bot = SmallStepsBot(
        token=settings.token,
        base_url=settings.api_base_url,
        base_file_url=settings.file_base_url,
        defaults=Defaults(parse_mode=ParseMode.HTML),
        request=request or HTTPXRequest(connection_pool_size=256),
        get_updates_request=inbox,
        rate_limiter=limits,
    )
    builder = (
        ApplicationBuilder()
        .application_class(
            SmallStepsApplication, kwargs={"services": services, "commands": commands}
        )
        .bot(bot)
        .context_types(ContextTypes(context=BotContext))
        .persistence(StorePersistence(store, services.clock))
        # Different people at once, each person's updates in order (bot.pipeline.ordering).
        .concurrent_updates(PerChatProcessor(settings.concurrent_updates))
        # Charts are drawn in worker processes that live as long as the application.
        .post_init(_start_charts)
        .post_shutdown(_stop_charts)
    )
    app = builder.build()
    assert isinstance(app, SmallStepsApplication)
    # While the database fails, fetched updates are tried again until the updater stops.
    inbox.keep_trying = lambda: app.updater is not None and app.updater.running
    with warnings.catch_warnings():
        # Our flows mix buttons and typed answers in one conversation, tracked per chat and
        # user rather than per message, which is what we want; PTB warns about exactly that
        # combination when a ConversationHandler is built.
        warnings.filterwarnings("ignore", message=r".*per_message=False", category=PTBUserWarning)
        register_handlers(app)
    scheduler = Scheduler(
        store,
        app.bot,
        services.clock,
        make_composer(store),
        sleep=sleep,
        rate_limit_args=BROADCAST,
        # On PostgreSQL, one instance at a time runs the fan-out (a lease; bot/store/lease.py).
        lease=Lease(settings.database_url, "schedule") if settings.database_url else None,
    )
    app.services = replace(services, scheduler=scheduler)
    if settings.database_url:
        # Webhook mode on PostgreSQL: updates are claimed from the shared inbox by whichever
        # instance is free (bot.pipeline.claimer; started by bot.pipeline.webhook.serve).
        app.claimer = Claimer(app, _refresher(app), settings.concurrent_updates)
    # One repeating tick (PTB's JobQueue, the only scheduler): no per-person jobs in memory.
    assert app.job_queue is not None
    app.job_queue.run_repeating(
        _tick,
        interval=settings.tick_seconds,
        first=1,
        name="scheduler-tick",
        job_kwargs={"max_instances": 1, "coalesce": True},
    )
    app.job_queue.run_repeating(
        _heartbeat,
        interval=HEARTBEAT_SECONDS,
        first=0,
        name="heartbeat",
        job_kwargs={"max_instances": 1, "coalesce": True},
    )
    return app
