"""`/safetyplan`: the seven sections of a safety plan (Stanley & Brown), each written in the
person's own words, at their pace, and changed whenever they like.

Each section is saved the moment it is written, so leaving, `/cancel` or a crash never loses a
part already confirmed. The plan is shown first in every crisis answer (conversations.safety_net).
"""

from __future__ import annotations

from enum import StrEnum
from html import escape

from telegram import Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.context import BotContext
from bot.safety.plan import MAX_SECTION, SECTIONS, helplines_text, render_plan, section
from bot.timezones import country_for_zone
from conversations.common import texts as common_texts
from conversations.common.flows import Flow
from conversations.common.handlers import catch_all, flow_fallbacks
from conversations.common.people import set_up_person
from conversations.common.replies import close_tapped, say
from conversations.safetyplan import keyboards, texts


class State(StrEnum):
    """The safety plan's steps."""

    OVERVIEW = "safetyplan.overview"
    SECTION = "safetyplan.section"


SECTION_KEY = "plan_section"  # draft: the section being written
PROFESSIONALS = "professionals"  # the section prefilled with the country's helplines


async def _plan(update: Update, context: BotContext) -> dict[str, str]:
    assert update.effective_user is not None
    return await context.store.safety.plan(update.effective_user.id)


async def _show_overview(update: Update, context: BotContext, *, intro: bool = False) -> object:
    context.draft.pop(SECTION_KEY, None)
    plan = await _plan(update, context)
    text = (
        texts.INTRO
        if intro and not plan
        else texts.OVERVIEW.format(filled=len(plan), total=len(SECTIONS))
    )
    await say(update, text, keyboards.overview(set(plan)))
    return State.OVERVIEW


async def start(update: Update, context: BotContext) -> object:
    """`/safetyplan`, or its button in /settings."""
    await close_tapped(update)
    context.draft.clear()
    if await set_up_person(update, context) is None:
        await say(update, common_texts.NOT_SET_UP)
        return ConversationHandler.END
    return await _show_overview(update, context, intro=True)


async def stale_button(update: Update, context: BotContext) -> object:
    """A plan button from an earlier visit: show the plan as it is now."""
    await close_tapped(update, common_texts.STALE_BUTTON_TOAST)
    context.draft.clear()
    if await set_up_person(update, context) is None:
        await say(update, common_texts.NOT_SET_UP)
        return ConversationHandler.END
    await say(update, texts.STALE_RESTART)
    return await _show_overview(update, context)


async def _country(update: Update, context: BotContext) -> str | None:
    person = await set_up_person(update, context)
    return country_for_zone(person.timezone) if person and person.timezone else None


async def on_pick(update: Update, context: BotContext) -> object:
    """A section tapped: its question, what it says now, and (for helplines) a suggestion."""
    tapped = keyboards.Pick.tapped(update)
    chosen = section(tapped.key) if tapped is not None else None
    await close_tapped(update)
    if chosen is None:
        return await _show_overview(update, context)
    context.draft[SECTION_KEY] = chosen.key
    current = (await _plan(update, context)).get(chosen.key)
    parts = [texts.ASK.format(title=escape(chosen.title), question=chosen.question)]
    prefill = chosen.key == PROFESSIONALS and not current
    if current:
        parts.append(texts.CURRENT.format(text=escape(current)))
    elif prefill:
        suggestion = helplines_text(await _country(update, context))
        parts.append(texts.PREFILL.format(helplines=escape(suggestion)))
    await say(update, "\n\n".join(parts), keyboards.section(written=bool(current), prefill=prefill))
    return State.SECTION


async def _save(update: Update, context: BotContext, key: str, words: str) -> object:
    assert update.effective_user is not None
    chosen = section(key)
    assert chosen is not None
    await context.store.safety.save_section(
        update.effective_user.id, key, words, context.clock.now()
    )
    await say(update, texts.SAVED.format(title=escape(chosen.title)))
    return await _show_overview(update, context)


async def on_text(update: Update, context: BotContext) -> object:
    """Their words for the section: saved at once (trimmed, saying so, when very long)."""
    message = update.effective_message
    words = (message.text or "").strip() if message is not None else ""
    key = context.draft.get(SECTION_KEY)
    if not words or section(str(key)) is None:
        return await _show_overview(update, context)
    if len(words) > MAX_SECTION:
        words = words[:MAX_SECTION].rstrip()
        await say(update, texts.TRIMMED.format(limit=MAX_SECTION))
    return await _save(update, context, str(key), words)


async def on_action(update: Update, context: BotContext) -> object:
    """Use the suggestion, keep, clear, back, show the whole plan, or done."""
    assert update.effective_user is not None
    action = keyboards.Action.tapped(update)
    name = action.name if action is not None else "back"
    await close_tapped(update)
    key = str(context.draft.get(SECTION_KEY) or "")
    chosen = section(key)
    if name == "use" and chosen is not None and chosen.key == PROFESSIONALS:
        return await _save(update, context, key, helplines_text(await _country(update, context)))
    if name == "clear" and chosen is not None:
        await context.store.safety.clear_section(update.effective_user.id, key)
        await say(update, texts.CLEARED.format(title=escape(chosen.title)))
    elif name == "show":
        plan = await _plan(update, context)
        if plan:
            await say(update, render_plan(plan))
    elif name == "done":
        context.draft.clear()
        plan = await _plan(update, context)
        await say(update, texts.DONE if plan else texts.DONE_EMPTY)
        return ConversationHandler.END
    return await _show_overview(update, context)


async def _reask_overview(update: Update, context: BotContext) -> None:
    await _show_overview(update, context)


async def _reask_section(update: Update, context: BotContext) -> None:
    key = context.draft.get(SECTION_KEY)
    chosen = section(str(key))
    if chosen is None:
        await _show_overview(update, context)
        return
    await say(update, texts.ASK.format(title=escape(chosen.title), question=chosen.question))


async def _on_cancel(update: Update, context: BotContext) -> None:
    await say(update, texts.KEPT_ON_CANCEL)


_restart = CallbackQueryHandler(start, pattern=keyboards.START_PATTERN)
_pick = CallbackQueryHandler(on_pick, pattern=keyboards.Pick.pattern())
_action = CallbackQueryHandler(on_action, pattern=keyboards.Action.pattern())


def build() -> ConversationHandler:
    """The safety plan conversation."""
    return ConversationHandler(
        name=FLOW.name,
        persistent=True,
        per_message=False,
        allow_reentry=False,
        entry_points=[
            CommandHandler("safetyplan", start),
            _restart,
            CallbackQueryHandler(stale_button, pattern=FLOW.buttons()),
        ],
        states={
            State.OVERVIEW: [
                _pick,
                _action,
                _restart,
                *catch_all(_reask_overview, expects_text=False),
            ],
            State.SECTION: [
                MessageHandler(filters.TEXT & ~filters.COMMAND, on_text),
                _pick,
                _action,
                _restart,
                *catch_all(_reask_section, expects_text=True),
            ],
        },
        fallbacks=flow_fallbacks(CommandHandler("safetyplan", start), on_cancel=_on_cancel),
    )


FLOW = Flow(
    name="safetyplan",
    spoken="your safety plan",
    build=build,
    prefix="plan",
    commands=("safetyplan",),
    menu_label=texts.MENU_LABEL,
)
