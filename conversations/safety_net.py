"""The safety net: crisis language in any text, in any state, gets helplines at once.

It runs in a handler group before every flow. A message that triggers it is not passed on, so
it is never stored as an entry, and the flow the person was in waits at the same step.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    ApplicationHandlerStop,
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot.context import BotContext
from bot.safety import texts as safety
from bot.safety.detect import is_crisis
from bot.timezones import country_for_zone
from conversations.common.callback import Payload
from conversations.common.flows import active_flows, end_flows
from conversations.common.replies import close_tapped, say

log = logging.getLogger(__name__)

KEEP_GOING_IN_FLOW = (
    "Okay. I'm still here. Whenever you're ready, answer the question above, "
    "or send /cancel to stop."
)
KEEP_GOING = "Okay. I'm here whenever you want to write. /sos shows the helplines any time."
STOPPED = (
    "Okay, we'll stop here. Nothing from that step was saved. Please be gentle with yourself "
    "today. /sos shows the helplines any time."
)


@dataclass(frozen=True)
class Choice(Payload):
    """`sos:grounding`, `sos:continue`, `sos:stop`."""

    PREFIX = "sos"
    action: str


def keyboard(*, grounding: bool = True) -> InlineKeyboardMarkup:
    """Grounding, keep going, stop."""
    rows = []
    if grounding:
        rows.append(
            [InlineKeyboardButton(safety.GROUNDING_LABEL, callback_data=Choice("grounding").pack())]
        )
    rows.append(
        [
            InlineKeyboardButton(safety.CONTINUE_LABEL, callback_data=Choice("continue").pack()),
            InlineKeyboardButton(safety.STOP_LABEL, callback_data=Choice("stop").pack()),
        ]
    )
    return InlineKeyboardMarkup(rows)


async def _country(update: Update, context: BotContext) -> str | None:
    user = update.effective_user
    if user is None:
        return None
    person = await context.store.users.get(user.id)
    return country_for_zone(person.timezone) if person and person.timezone else None


async def watch(update: Update, context: BotContext) -> None:
    """Every text (or caption): on crisis language, answer with helplines and stop here."""
    message = update.message
    if message is None:
        return
    text = message.text or message.caption
    if not text or not is_crisis(text):
        return
    log.info("safety_net user=%s", update.effective_user.id if update.effective_user else None)
    await say(update, safety.crisis_reply(await _country(update, context)), keyboard())
    raise ApplicationHandlerStop


async def sos(update: Update, context: BotContext) -> None:
    """`/sos`: helplines, any time, without leaving the flow the person is in."""
    await say(update, safety.sos_reply(await _country(update, context)), keyboard())
    raise ApplicationHandlerStop


def grounding_text() -> str:
    """The one-minute exercise as one short message."""
    steps = "\n".join(f"{n}. {step}" for n, step in enumerate(safety.grounding_steps(), 1))
    return f"{safety.GROUNDING_INTRO}\n\n{steps}\n\n{safety.GROUNDING_DONE}"


async def on_choice(update: Update, context: BotContext) -> None:
    """Grounding, keep going, or stop: answered here, before any flow sees the tap."""
    query = update.callback_query
    assert query is not None
    try:
        action = Choice.unpack(query.data or "").action
    except ValueError:
        action = "continue"
    user, chat = update.effective_user, update.effective_chat
    in_flow = bool(user and chat and active_flows(context.application, chat.id, user.id))
    if action == "grounding":
        await query.answer()
        await say(update, grounding_text(), keyboard(grounding=False))
    elif action == "stop":
        await close_tapped(update)
        if user and chat:
            end_flows(context.application, chat.id, user.id)
        if context.user_data is not None:
            context.user_data.clear()
        await say(update, STOPPED)
    else:
        await close_tapped(update)
        await say(update, KEEP_GOING_IN_FLOW if in_flow else KEEP_GOING)
    raise ApplicationHandlerStop


def handlers() -> list[BaseHandler]:
    """The safety net's handlers, for the group that runs before every flow."""
    return [
        CommandHandler("sos", sos),
        CallbackQueryHandler(on_choice, pattern=Choice.pattern()),
        MessageHandler(filters.UpdateType.MESSAGE & (filters.TEXT | filters.CAPTION), watch),
    ]
