"""Choose a time of day: a button for common times, or typed (`21:30`, `9pm`, `7:15 am`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import time

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, MessageHandler, filters

from bot.context import BotContext
from bot.timeparse import parse_local_time
from conversations.common.handlers import catch_all
from conversations.common.replies import close_tapped, say
from conversations.pickers import keyboards, texts
from conversations.pickers.payloads import TimePick

OnTime = Callable[[Update, BotContext, time], Awaitable[object]]
Question = str | Callable[[BotContext], str]


class TimePicker:
    """One state: a time from a button or from text, handed to the flow."""

    def __init__(
        self,
        pick: type[TimePick],
        *,
        state: str,
        on_chosen: OnTime,
        question: Question = texts.ASK_TIME,
    ) -> None:
        self.pick = pick
        self.state = state
        self.on_chosen = on_chosen
        self.question = question

    async def ask(self, update: Update, context: BotContext) -> str:
        """Ask for a time of day."""
        question = self.question if isinstance(self.question, str) else self.question(context)
        await say(update, question, keyboards.times(self.pick))
        return self.state

    async def _reask(self, update: Update, context: BotContext) -> None:
        await self.ask(update, context)

    async def on_button(self, update: Update, context: BotContext) -> object:
        """A common time tapped."""
        tapped = self.pick.tapped(update)
        raw = tapped.hhmm if tapped is not None else ""
        await close_tapped(update)
        chosen = parse_local_time(f"{raw[:2]}:{raw[2:]}") if len(raw) == 4 else None
        if chosen is None:
            return await self.ask(update, context)
        return await self.on_chosen(update, context, chosen)

    async def on_text(self, update: Update, context: BotContext) -> object:
        """A typed time."""
        message = update.effective_message
        chosen = parse_local_time(message.text or "") if message else None
        if chosen is None:
            await say(update, texts.BAD_TIME)
            return await self.ask(update, context)
        return await self.on_chosen(update, context, chosen)

    def states(self) -> dict[object, list[BaseHandler]]:
        """The picker's state, for a ConversationHandler's `states`."""
        return {
            self.state: [
                CallbackQueryHandler(self.on_button, pattern=self.pick.pattern()),
                MessageHandler(filters.TEXT & ~filters.COMMAND, self.on_text),
                *catch_all(self._reask, expects_text=True),
            ]
        }
