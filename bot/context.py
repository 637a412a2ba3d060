"""The typed context handlers receive: `context.store`, `context.clock`, `context.settings`."""

from __future__ import annotations

from typing import Any, cast

from telegram.ext import CallbackContext, ExtBot

from bot.clock import Clock
from bot.config import Settings
from bot.pipeline.application import Services, SmallStepsApplication
from bot.store import Store


class BotContext(CallbackContext[ExtBot[None], dict[str, Any], dict[Any, Any], dict[Any, Any]]):
    """CallbackContext with Small Steps' services as typed attributes."""

    @property
    def services(self) -> Services:
        """The application's services."""
        return cast(SmallStepsApplication, self.application).services

    @property
    def store(self) -> Store:
        """The repositories."""
        return self.services.store

    @property
    def clock(self) -> Clock:
        """The clock (injected, so tests choose the time)."""
        return self.services.clock

    @property
    def settings(self) -> Settings:
        """The settings read at start-up."""
        return self.services.settings

    @property
    def draft(self) -> dict[str, Any]:
        """The person's unfinished answers in the current flow (persisted, JSON only)."""
        data = self.user_data
        if data is None:
            raise RuntimeError("no user in this update")
        return data
