"""The PTB Application subclass that owns Small Steps' long-lived services."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any

from telegram import BotCommand, Update
from telegram.ext import Application

from bot import outbox
from bot.clock import Clock
from bot.config import Settings
from bot.schedule.tick import Scheduler
from bot.store import Store

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Services:
    """What handlers need from the outside world."""

    store: Store
    clock: Clock
    settings: Settings


class SmallStepsApplication(Application):  # type: ignore[type-arg]
    """Opens the store before PTB loads persisted state, and saves state after every update.

    PTB loads persistence inside `initialize()` (before `post_init` runs), so the database is
    opened here rather than in `post_init`. The same start-up and shutdown therefore run under
    `run_polling()` and under `async with app:` in tests.
    """

    def __init__(self, *, services: Services, commands: list[BotCommand], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.services = services
        self.commands = commands
        self.scheduler: Scheduler | None = None

    async def initialize(self) -> None:
        """Open the store, let PTB load state, publish the command menu, and queue the updates
        fetched but not handled before the last stop (bot.inbox)."""
        await self.services.store.open()
        try:
            await super().initialize()
            await self.bot.set_my_commands(self.commands)
            for payload in await self.services.store.state.unhandled():
                await self.update_queue.put(Update.de_json(json.loads(payload), self.bot))
                log.info("update_requeued")
        except BaseException:
            await self.services.store.close()
            raise
        log.info("application initialised")

    async def shutdown(self) -> None:
        """Let PTB write its last state, then close the store."""
        try:
            await super().shutdown()
        finally:
            await self.services.store.close()

    async def process_update(self, update: object) -> None:
        """Handle one update once, save the state it led to, then send the replies.

        Telegram redelivers updates whose receipt was not confirmed before a crash; the ids of
        handled updates are stored with the conversation state in one transaction, so an update
        is either handled and remembered, or neither. Replies wait in the outbox until then.
        """
        store = self.services.store
        update_id = update.update_id if isinstance(update, Update) else None
        if update_id is not None and store.is_open and await store.state.was_handled(update_id):
            log.info("update_duplicate update_id=%s", update_id)
            return
        box = outbox.open_outbox()
        try:
            await super().process_update(update)
        finally:
            outbox.close_outbox()
        if store.is_open:
            async with store.db.transaction():
                if self.persistence is not None:
                    await self.update_persistence()
                if update_id is not None:
                    await store.state.mark_handled(update_id, self.services.clock.now())
        await outbox.deliver(box, update_id)
