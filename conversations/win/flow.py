"""`/win`: one small thing a person did or noticed, the kind of progress it was, saved once."""

from __future__ import annotations

import html
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

from bot.content.progress import PROGRESS_KINDS, ProgressKind, progress_kind
from bot.context import BotContext
from bot.safety import Tier, assess, is_recovery
from bot.timezones import local_date
from conversations.common import texts as common_texts
from conversations.common.flows import Flow
from conversations.common.handlers import catch_all, flow_fallbacks
from conversations.common.people import set_up_person
from conversations.common.replies import close_tapped, say
from conversations.common.trim import cut_at_word
from conversations.reflect import texts as reflect_texts
from conversations.reflect.keyboards import AsWin
from conversations.win import keyboards, texts


class State(StrEnum):
    """The small win's steps."""

    TEXT = "win.text"
    KIND = "win.kind"


# Draft keys: the flow id is drawn on entry, so a replayed last step cannot save twice.
FLOW_KEY = "flow_id"
WORDS_KEY = "words"


async def _begin_with(update: Update, context: BotContext) -> object:
    """Draw a fresh flow id (or send a person to set up first)."""
    context.draft.clear()
    if await set_up_person(update, context) is None:
        await say(update, common_texts.NOT_SET_UP)
        return ConversationHandler.END
    context.draft[FLOW_KEY] = uuid.uuid4().hex
    return State.TEXT


async def _begin(update: Update, context: BotContext, note: str | None = None) -> object:
    """Draw a fresh flow id and ask for the small thing (or send a person to set up first)."""
    if await _begin_with(update, context) is not State.TEXT:
        return ConversationHandler.END
    if note is not None:
        await say(update, note)
    await say(update, texts.ASK_TEXT)
    return State.TEXT


async def start(update: Update, context: BotContext) -> object:
    """`/win`, the menu's button, or "Note another win"."""
    await close_tapped(update)
    return await _begin(update, context)


async def stale_button(update: Update, context: BotContext) -> object:
    """A win button from an earlier conversation: start a fresh one, kindly."""
    await close_tapped(update, common_texts.STALE_BUTTON_TOAST)
    return await _begin(update, context, texts.STALE_RESTART)


async def from_reflection(update: Update, context: BotContext) -> object:
    """ "It's a small win too" under a kept answer: its words, then which kind of step."""
    query = update.callback_query
    assert query is not None and update.effective_user is not None
    await close_tapped(update)
    tapped = AsWin.tapped(update)
    reflection_id = tapped.reflection if tapped is not None else 0
    entry = await context.store.entries.get(update.effective_user.id, "q", reflection_id)
    words = getattr(entry, "text", None)
    if not words:
        return await _begin(update, context, reflect_texts.AS_WIN_GONE)
    state = await _begin_with(update, context)
    if state is not State.TEXT:
        return state
    if len(words) > texts.MAX_WORDS:
        words = words[: texts.MAX_WORDS].rstrip()
        await say(update, texts.TRIMMED.format(limit=texts.MAX_WORDS))
    context.draft[WORDS_KEY] = words
    await _ask_kind(update, context)
    return State.KIND


async def on_done(update: Update, context: BotContext) -> object:
    """The "That's all for now" button under a saved win."""
    await close_tapped(update)
    await say(update, texts.DONE)
    return ConversationHandler.END


# People see every kind's meaning with their first wins; later, a button shows them.
EXPLAINED_WINS = 3


def _meanings() -> str:
    return "\n".join(
        texts.MEANING_LINE.format(name=texts.kind_name(kind), meaning=kind.meaning)
        for kind in PROGRESS_KINDS
    )


async def _ask_kind(update: Update, context: BotContext) -> None:
    """Which kind: with every meaning for their first few wins, else short with a button."""
    assert update.effective_user is not None
    wins = await context.store.entries.count_wins(update.effective_user.id)
    if wins < EXPLAINED_WINS:
        await say(update, texts.ASK_KIND.format(meanings=_meanings()), keyboards.kinds())
    else:
        await say(update, texts.ASK_KIND_SHORT, keyboards.kinds(explain=True))


async def _reask_kind(update: Update, context: BotContext) -> None:
    await say(update, texts.REASK_KIND, keyboards.kinds(explain=True))


async def on_meanings(update: Update, context: BotContext) -> object:
    """ "What do these mean?": every kind's meaning, then the same buttons."""
    await close_tapped(update)
    await say(update, texts.MEANINGS.format(meanings=_meanings()), keyboards.kinds())
    return None


async def _ask_text(update: Update, context: BotContext) -> None:
    await say(update, texts.ASK_TEXT)


async def on_text(update: Update, context: BotContext) -> object:
    """Their words: keep up to MAX_WORDS characters (saying so), then ask which kind it was."""
    message = update.effective_message
    words, trimmed = cut_at_word(message.text or "" if message is not None else "", texts.MAX_WORDS)
    if not words:
        await _ask_text(update, context)
        return None
    if trimmed:
        await say(update, texts.TRIMMED.format(limit=texts.MAX_WORDS))
    context.draft.setdefault(FLOW_KEY, uuid.uuid4().hex)
    context.draft[WORDS_KEY] = words
    await _ask_kind(update, context)
    return State.KIND


def _count_line(kind: ProgressKind, count: int, total: int, kinds: int) -> str:
    """Something true about this win among their others, worded differently as they grow."""
    phrase = texts.PHRASES.get(kind.key, texts.PHRASE_FALLBACK)
    if total <= 1:
        return texts.VERY_FIRST
    if count <= 1:
        line = texts.NEW_KIND[(kinds - 2) % len(texts.NEW_KIND)]
        return line.format(
            phrase=phrase,
            phrase_capital=phrase[:1].upper() + phrase[1:],
            kinds=kinds,
            kinds_ordinal=texts.ordinal(kinds),
        )
    return texts.NTH_TIME.format(ordinal=texts.ordinal(count), phrase=phrase)


def _tapped_kind(update: Update) -> ProgressKind | None:
    tapped = keyboards.KindPick.tapped(update)
    return progress_kind(tapped.key) if tapped is not None else None


async def on_kind(update: Update, context: BotContext) -> object:
    """The kind tapped: save the win (once per flow id) and acknowledge it specifically."""
    query = update.callback_query
    assert query is not None and update.effective_user is not None
    kind = _tapped_kind(update)
    if kind is None:
        await query.answer(common_texts.STALE_BUTTON_TOAST)
        await _reask_kind(update, context)
        return None
    await close_tapped(update)
    person = await set_up_person(update, context)
    if person is None or person.timezone is None:
        context.draft.clear()
        await say(update, common_texts.NOT_SET_UP)
        return ConversationHandler.END
    flow_id, words = context.draft.get(FLOW_KEY), context.draft.get(WORDS_KEY)
    if not flow_id or not words:
        context.draft.setdefault(FLOW_KEY, uuid.uuid4().hex)
        await say(update, texts.LOST)
        return State.TEXT
    now = context.clock.now()
    await context.store.entries.add_win(
        person.telegram_id,
        flow_id,
        now=now,
        local_date=local_date(person.timezone, now),
        text=words,
        progress_kind=kind.key,
    )
    entries = context.store.entries
    count = await entries.count_wins(person.telegram_id, kind.key)
    total = await entries.count_wins(person.telegram_id)
    kinds = await entries.count_win_kinds(person.telegram_id)
    context.draft.clear()
    saved = texts.SAVED.format(
        name=texts.kind_name(kind),
        words=html.escape(words),
        why=kind.why_it_counts,
        count=_count_line(kind, count, total, kinds),
    )
    # A recovery milestone ("two months without self-harm"), not any win that looks back.
    if is_recovery(words) and assess(words) is not Tier.NONE:
        saved = texts.WITH_MILESTONE.format(saved=saved)
    await say(update, saved, keyboards.after_saving())
    return ConversationHandler.END


# The menu's (or a daily prompt's) "Note a small win" inside the flow starts it over, as /win does.
_restart = CallbackQueryHandler(start, pattern=keyboards.START_PATTERN)
# "It's a small win too" under a kept answer to the daily question, inside the flow or not.
_from_reflection = CallbackQueryHandler(from_reflection, pattern=AsWin.pattern())


def build() -> ConversationHandler:
    """The small-win conversation."""
    return ConversationHandler(
        name=FLOW.name,
        persistent=True,
        per_message=False,
        allow_reentry=False,
        entry_points=[
            CommandHandler("win", start),
            CallbackQueryHandler(start, pattern=keyboards.START_PATTERN),
            _from_reflection,
            CallbackQueryHandler(on_done, pattern=keyboards.Done.pattern()),
            CallbackQueryHandler(stale_button, pattern=FLOW.buttons()),
        ],
        states={
            State.TEXT: [
                MessageHandler(filters.TEXT & ~filters.COMMAND, on_text),
                _restart,
                _from_reflection,
                *catch_all(_ask_text, expects_text=True),
            ],
            State.KIND: [
                CallbackQueryHandler(on_kind, pattern=keyboards.KindPick.pattern()),
                CallbackQueryHandler(on_meanings, pattern=keyboards.Meanings.pattern()),
                _restart,
                _from_reflection,
                *catch_all(_reask_kind, expects_text=False),
            ],
        },
        fallbacks=flow_fallbacks(CommandHandler("win", start)),
    )


FLOW = Flow(
    name="win",
    spoken="the small win",
    build=build,
    prefix="win",
    commands=("win",),
    menu_label=texts.MENU_LABEL,
    entry_buttons=("refl",),
)
