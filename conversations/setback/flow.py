"""`/setback`: what happened, what helped or what to try next time (optional), one kind line."""

from __future__ import annotations

import uuid
from enum import StrEnum

from telegram import Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.context import BotContext
from bot.timezones import local_date
from conversations.common import texts as common_texts
from conversations.common.flows import Flow
from conversations.common.handlers import catch_all, flow_fallbacks
from conversations.common.people import set_up_person
from conversations.common.replies import close_tapped, say
from conversations.setback import keyboards, texts


class State(StrEnum):
    """The setback's steps."""

    WHAT = "setback.what"
    HELPED = "setback.helped"


# Draft keys: the flow id is drawn on entry, so a replayed last step cannot save twice.
FLOW_KEY = "flow_id"
WHAT_KEY = "what"


async def _begin(update: Update, context: BotContext, note: str | None = None) -> object:
    """Draw a fresh flow id and ask what happened (or send a person to set up first)."""
    context.draft.clear()
    if await set_up_person(update, context) is None:
        await say(update, common_texts.NOT_SET_UP)
        return ConversationHandler.END
    context.draft[FLOW_KEY] = uuid.uuid4().hex
    if note is not None:
        await say(update, note)
    await say(update, texts.ASK_WHAT)
    return State.WHAT


async def start(update: Update, context: BotContext) -> object:
    """`/setback`."""
    return await _begin(update, context)


async def stale_button(update: Update, context: BotContext) -> object:
    """A setback button from an earlier conversation: start afresh, kindly."""
    await close_tapped(update, common_texts.STALE_BUTTON_TOAST)
    return await _begin(update, context, texts.STALE_RESTART)


async def _ask_what(update: Update, context: BotContext) -> None:
    await say(update, texts.ASK_WHAT)


async def _ask_helped(update: Update, context: BotContext) -> None:
    await say(update, texts.ASK_HELPED, keyboards.skip())


def _words(update: Update) -> str:
    message = update.effective_message
    words = (message.text or "").strip() if message is not None else ""
    return words[: texts.MAX_WORDS].rstrip()


async def on_what(update: Update, context: BotContext) -> object:
    """What happened: kept in the draft, then the optional question."""
    words = _words(update)
    if not words:
        await _ask_what(update, context)
        return None
    context.draft.setdefault(FLOW_KEY, uuid.uuid4().hex)
    context.draft[WHAT_KEY] = words
    await _ask_helped(update, context)
    return State.HELPED


async def _save(update: Update, context: BotContext, helped: str | None) -> object:
    """Save the setback once per flow id, then one kind line."""
    person = await set_up_person(update, context)
    if person is None or person.timezone is None:
        context.draft.clear()
        await say(update, common_texts.NOT_SET_UP)
        return ConversationHandler.END
    flow_id, what = context.draft.get(FLOW_KEY), context.draft.get(WHAT_KEY)
    if not flow_id or not what:
        context.draft.setdefault(FLOW_KEY, uuid.uuid4().hex)
        await say(update, texts.LOST)
        return State.WHAT
    now = context.clock.now()
    await context.store.entries.add_setback(
        person.telegram_id,
        flow_id,
        now=now,
        local_date=local_date(person.timezone, now),
        what_happened=what,
        what_helped=helped,
    )
    count = await context.store.entries.count_of(person.telegram_id, "setbacks")
    context.draft.clear()
    kind = texts.KIND_LINES[(count - 1) % len(texts.KIND_LINES)]
    await say(update, texts.SAVED.format(kind=kind))
    return ConversationHandler.END


async def on_helped(update: Update, context: BotContext) -> object:
    """What helped, or what they'd try next time."""
    words = _words(update)
    if not words:
        await _ask_helped(update, context)
        return None
    return await _save(update, context, words)


async def on_skip(update: Update, context: BotContext) -> object:
    """Nothing to add."""
    await close_tapped(update)
    return await _save(update, context, None)


def build() -> ConversationHandler:
    """The setback conversation."""
    return ConversationHandler(
        name=FLOW.name,
        persistent=True,
        per_message=False,
        allow_reentry=False,
        entry_points=[
            CommandHandler("setback", start),
            CallbackQueryHandler(stale_button, pattern=FLOW.buttons()),
        ],
        states={
            State.WHAT: [
                MessageHandler(filters.TEXT & ~filters.COMMAND, on_what),
                *catch_all(_ask_what, expects_text=True),
            ],
            State.HELPED: [
                MessageHandler(filters.TEXT & ~filters.COMMAND, on_helped),
                CallbackQueryHandler(on_skip, pattern=keyboards.Skip.pattern()),
                *catch_all(_ask_helped, expects_text=True),
            ],
        },
        fallbacks=flow_fallbacks(CommandHandler("setback", start)),
    )


FLOW = Flow(
    name="setback",
    spoken="the setback",
    build=build,
    prefix="sb",
    commands=("setback",),
)
