"""A number on a scale (0 to 10, 1 to 10), tapped or typed (`7`, ` 7 `, `7/10`)."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, MessageHandler, filters

from bot.context import BotContext
from conversations.common.handlers import catch_all
from conversations.common.replies import close_tapped, say
from conversations.pickers import keyboards
from conversations.pickers.payloads import ScalePick

OnNumber = Callable[[Update, BotContext, int], Awaitable[object]]
_TYPED_NUMBER = re.compile(r"\s*(\d{1,2})\s*(?:/\s*10)?\s*")


def typed_number(text: str, scale: range) -> int | None:
    """A whole number typed on its own (`7`, ` 7 `, `7/10`) if it is on the scale, else None."""
    match = _TYPED_NUMBER.fullmatch(text)
    value = int(match.group(1)) if match else None
    return value if value is not None and value in scale else None


class ScalePicker:
    """One state: a number from a button or from text, handed to the flow."""

    def __init__(
        self,
        pick: type[ScalePick],
        *,
        state: str,
        scale: range,
        question: str,
        bad_number: str,
        on_chosen: OnNumber,
        explain_bad_taps: bool = False,
    ) -> None:
        self.pick = pick
        self.state = state
        self.scale = scale
        self.question = question
        self.bad_number = bad_number  # said when what was typed is not a number on the scale
        self.explain_bad_taps = explain_bad_taps  # an old or forged number tapped: say so too
        self.on_chosen = on_chosen

    def keyboard(self) -> InlineKeyboardMarkup:
        """The scale's numbers, in two rows."""
        return keyboards.scale(self.pick, self.scale)

    async def ask(self, update: Update, context: BotContext, text: str | None = None) -> str:
        """Ask for a number (`text` instead of the question, when the flow says more first)."""
        await say(update, text or self.question, self.keyboard())
        return self.state

    async def _reask(self, update: Update, context: BotContext) -> None:
        await self.ask(update, context)

    async def on_button(self, update: Update, context: BotContext) -> object:
        """A number tapped."""
        tapped = self.pick.tapped(update)
        await close_tapped(update)
        if tapped is None or tapped.value not in self.scale:
            if self.explain_bad_taps:
                await say(update, self.bad_number)
            return await self.ask(update, context)
        return await self.on_chosen(update, context, tapped.value)

    async def on_text(self, update: Update, context: BotContext) -> object:
        """A number typed."""
        message = update.effective_message
        value = typed_number(message.text or "", self.scale) if message else None
        if value is None:
            await say(update, self.bad_number)
            return await self.ask(update, context)
        return await self.on_chosen(update, context, value)

    def states(self) -> dict[object, list[BaseHandler]]:
        """The picker's state, for a ConversationHandler's `states`."""
        return {
            self.state: [
                CallbackQueryHandler(self.on_button, pattern=self.pick.pattern()),
                MessageHandler(filters.TEXT & ~filters.COMMAND, self.on_text),
                *catch_all(self._reask, expects_text=True),
            ]
        }
