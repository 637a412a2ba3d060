"""`/note`: anything a person wants to keep, written whenever they like, saved once."""

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
from conversations.content.journal_prompts import journal_prompt, journal_prompt_by_key
from conversations.note import keyboards, texts


class State(StrEnum):
    """The note's one step."""

    TEXT = "note.text"


# Draft keys: the flow id is drawn on entry, so a replayed last step cannot save twice.
FLOW_KEY = "flow_id"
PROMPT_KEY = "prompt"  # the key of the journaling question shown last, if any
ASKED_KEY = "asked"  # how many questions were offered in this note


async def _begin(update: Update, context: BotContext, note: str | None = None) -> object:
    """Draw a fresh flow id and invite the note (or send a person to set up first)."""
    context.draft.clear()
    if await set_up_person(update, context) is None:
        await say(update, common_texts.NOT_SET_UP)
        return ConversationHandler.END
    context.draft[FLOW_KEY] = uuid.uuid4().hex
    if note is not None:
        await say(update, note)
    await say(update, texts.ASK, keyboards.ask())
    return State.TEXT


async def start(update: Update, context: BotContext) -> object:
    """`/note`, or "Write another note"."""
    await close_tapped(update)
    return await _begin(update, context)


async def stale_button(update: Update, context: BotContext) -> object:
    """A note button from an earlier conversation: start a fresh note, kindly."""
    await close_tapped(update, common_texts.STALE_BUTTON_TOAST)
    return await _begin(update, context, texts.STALE_RESTART)


async def on_done(update: Update, context: BotContext) -> object:
    """The "That's all for now" button under a saved note."""
    await close_tapped(update)
    await say(update, texts.DONE)
    return ConversationHandler.END


async def on_question(update: Update, context: BotContext) -> object:
    """ "Give me a question": the next journaling prompt, in turn from the last one offered."""
    await close_tapped(update)
    assert update.effective_user is not None
    asked = int(context.draft.get(ASKED_KEY, 0))
    if asked == 0:
        # Start where the last note's questions left off, so they vary from note to note.
        asked = await context.store.entries.count_of(update.effective_user.id, "notes")
    prompt = journal_prompt(asked)
    context.draft.setdefault(FLOW_KEY, uuid.uuid4().hex)
    context.draft[ASKED_KEY] = asked + 1
    context.draft[PROMPT_KEY] = prompt.key
    await say(update, texts.QUESTION.format(prompt=prompt.text), keyboards.ask(asked=True))
    return State.TEXT


async def _ask_again(update: Update, context: BotContext) -> None:
    await say(update, texts.ASK_AGAIN, keyboards.ask(asked=PROMPT_KEY in context.draft))


async def on_text(update: Update, context: BotContext) -> object:
    """Their note: saved once per flow id, then acknowledged."""
    message = update.effective_message
    words = (message.text or "").strip() if message is not None else ""
    if not words:
        await _ask_again(update, context)
        return None
    person = await set_up_person(update, context)
    if person is None or person.timezone is None:
        context.draft.clear()
        await say(update, common_texts.NOT_SET_UP)
        return ConversationHandler.END
    flow_id = context.draft.get(FLOW_KEY)
    if not flow_id:
        flow_id = context.draft[FLOW_KEY] = uuid.uuid4().hex
    prompt = journal_prompt_by_key(str(context.draft.get(PROMPT_KEY, "")))
    now = context.clock.now()
    await context.store.entries.add_note(
        person.telegram_id,
        flow_id,
        now=now,
        local_date=local_date(person.timezone, now),
        prompt=prompt.text if prompt is not None else None,
        text=words[: texts.MAX_NOTE],
    )
    context.draft.clear()
    await say(update, texts.SAVED, keyboards.after_saving())
    return ConversationHandler.END


_question = CallbackQueryHandler(on_question, pattern=keyboards.AskQuestion.pattern())
_again = CallbackQueryHandler(start, pattern=keyboards.Again.pattern())


def build() -> ConversationHandler:
    """The note conversation."""
    return ConversationHandler(
        name=FLOW.name,
        persistent=True,
        per_message=False,
        allow_reentry=False,
        entry_points=[
            CommandHandler("note", start),
            _again,
            CallbackQueryHandler(on_done, pattern=keyboards.Done.pattern()),
            CallbackQueryHandler(stale_button, pattern=FLOW.buttons()),
        ],
        states={
            State.TEXT: [
                MessageHandler(filters.TEXT & ~filters.COMMAND, on_text),
                _question,
                _again,
                *catch_all(_ask_again, expects_text=True),
            ],
        },
        fallbacks=flow_fallbacks(CommandHandler("note", start)),
    )


FLOW = Flow(
    name="note",
    spoken="the note",
    build=build,
    prefix="note",
    commands=("note",),
)
