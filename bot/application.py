"""The PTB Application subclass that owns Small Steps' long-lived services."""

from __future__ import annotations

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
        """Open the store, let PTB load state, and publish the command menu."""
        await self.services.store.open()
        try:
            await super().initialize()
            await self.bot.set_my_commands(self.commands)
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
        """Handle one update, save the state it led to, then send the replies (bot.outbox)."""
        box = outbox.open_outbox()
        try:
            await super().process_update(update)
        finally:
            outbox.close_outbox()
        if self.persistence is not None and self.services.store.is_open:
            await self.update_persistence()
        await outbox.deliver(box, update.update_id if isinstance(update, Update) else None)
