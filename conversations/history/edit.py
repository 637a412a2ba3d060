"""Editing an entry's words: "Edit the words" under an entry opened from `/history`."""

from __future__ import annotations

import html
from enum import StrEnum

from telegram import Update
from telegram.ext import (
    CallbackQueryHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.context import BotContext
from bot.store.entries import editable_text
from conversations.common import texts as common_texts
from conversations.common.flows import Flow
from conversations.common.handlers import catch_all, flow_fallbacks
from conversations.common.people import set_up_person
from conversations.common.replies import close_tapped, say
from conversations.history import keyboards, texts
from conversations.history.render import render_entry

# How many characters each kind keeps (as when it was first written).
LIMITS = {"w": 1000, "f": 1000, "r": 1000, "q": 4096, "n": 4096, "s": 4096}
QUOTE = 200  # characters of the current words shown when asking for new ones

KIND_KEY = "edit_kind"
ID_KEY = "edit_id"


class State(StrEnum):
    """Editing's one step."""

    TEXT = "edit.text"


def _short(words: str) -> str:
    flat = " ".join(words.split())
    if len(flat) <= QUOTE:
        return html.escape(flat)
    return html.escape(flat[:QUOTE].rstrip()) + texts.TRIMMED


async def start(update: Update, context: BotContext) -> object:
    """ "Edit the words": show them and ask for the new ones."""
    query = update.callback_query
    assert query is not None
    await close_tapped(update)
    context.draft.clear()
    person = await set_up_person(update, context)
    if person is None:
        await say(update, common_texts.NOT_SET_UP)
        return ConversationHandler.END
    tap = keyboards.EditEntry.tapped(update) or keyboards.EditEntry("w", 0)
    entry = await context.store.entries.get(person.telegram_id, tap.kind, tap.id)
    if entry is None:
        await say(update, texts.GONE)
        return ConversationHandler.END
    context.draft[KIND_KEY], context.draft[ID_KEY] = tap.kind, tap.id
    words, what = editable_text(entry), texts.EDITABLE[tap.kind]
    if words:
        await say(update, texts.ASK_EDIT.format(what=what, words=_short(words)))
    else:  # a feeling saved without what it was about
        await say(update, texts.ASK_EDIT_EMPTY.format(what=what))
    return State.TEXT


async def _ask_again(update: Update, context: BotContext) -> None:
    await say(update, texts.ASK_EDIT_AGAIN)


async def on_text(update: Update, context: BotContext) -> object:
    """The new words: saved in place of the old (which leave no copy), then the entry."""
    message = update.effective_message
    words = (message.text or "").strip() if message is not None else ""
    if not words:
        await _ask_again(update, context)
        return None
    person = await set_up_person(update, context)
    code, entry_id = context.draft.get(KIND_KEY), context.draft.get(ID_KEY)
    context.draft.clear()
    if person is None or person.timezone is None or code not in LIMITS or not entry_id:
        await say(update, texts.GONE)
        return ConversationHandler.END
    limit = LIMITS[code]
    if len(words) > limit:
        words = words[:limit].rstrip()
        await say(update, texts.EDIT_TRIMMED.format(limit=limit))
    if not await context.store.entries.edit(person.telegram_id, code, entry_id, words):
        await say(update, texts.GONE)
        return ConversationHandler.END
    entry = await context.store.entries.get(person.telegram_id, code, entry_id)
    assert entry is not None
    await say(update, texts.EDITED)
    await say(
        update, render_entry(entry, zone=person.timezone), keyboards.entry(code, entry_id, "p-0")
    )
    return ConversationHandler.END


_start = CallbackQueryHandler(start, pattern=keyboards.EditEntry.pattern())


def build() -> ConversationHandler:
    """The editing conversation."""
    return ConversationHandler(
        name=FLOW.name,
        persistent=True,
        per_message=False,
        allow_reentry=False,
        entry_points=[_start],
        states={
            State.TEXT: [
                MessageHandler(filters.TEXT & ~filters.COMMAND, on_text),
                _start,
                *catch_all(_ask_again, expects_text=True),
            ],
        },
        fallbacks=flow_fallbacks(),
    )


FLOW = Flow(
    name="edit",
    spoken="editing an entry",
    build=build,
    entry_buttons=("edit",),
)
