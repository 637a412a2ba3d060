"""`/reframe`: a self-compassion reframe (mindfulness, common humanity, kindness) and a thought
check, with how heavy it feels before and after. Nothing is saved until the last answer."""

from __future__ import annotations

import html
from enum import StrEnum
from uuid import uuid4

from telegram import Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.context import BotContext
from conversations.common import texts as common_texts
from conversations.common.flows import Flow
from conversations.common.handlers import Callback, Reask, catch_all, flow_fallbacks
from conversations.common.people import set_up_person, today_for
from conversations.common.replies import close_tapped, say
from conversations.common.trim import typed_answer
from conversations.content.reframe import (
    FACT_OR_ASSUMPTION_HINT,
    common_humanity_line,
    friend_question,
)
from conversations.pickers.feeling_picker import FeelingPicker, PickedFeeling, escape_word
from conversations.pickers.scale_picker import ScalePicker
from conversations.reframe import keyboards, texts


class State(StrEnum):
    """The reframe's steps (the names read well in logs and in stored state)."""

    SITUATION = "reframe.situation"
    CRITIC = "reframe.critic"
    HEAVINESS_BEFORE = "reframe.heaviness_before"
    FEELING_AREA = "reframe.feeling_area"
    FEELING_WORD = "reframe.feeling_word"
    FEELING_OWN = "reframe.feeling_own"
    FRIEND = "reframe.friend"
    CHECK = "reframe.check"
    HEAVINESS_AFTER = "reframe.heaviness_after"


# The person's answers so far, kept in their draft (persisted, so a restart loses nothing).
FLOW_ID = "reframe_flow_id"
TURN = "reframe_turn"
SITUATION = "reframe_situation"
CRITIC = "reframe_critic"
BEFORE = "reframe_before"
FEELING = "reframe_feeling"
FRIEND = "reframe_friend"
CRITIC_IS = "reframe_critic_is"

MAX_ANSWER = 1000  # characters kept from a free-text answer
QUOTE_LENGTH = 200  # characters of the critic's words quoted back in the thought check
_TEXT = filters.TEXT & ~filters.COMMAND


def _quote(text: str) -> str:
    shown = text if len(text) <= QUOTE_LENGTH else text[:QUOTE_LENGTH].rstrip() + "…"
    return html.escape(shown)


async def _begin(update: Update, context: BotContext, intro: str) -> object:
    """A fresh reframe: a new flow id, an empty draft, the first question."""
    context.draft.clear()
    person = await set_up_person(update, context)
    if person is None:
        await say(update, common_texts.NOT_SET_UP)
        return ConversationHandler.END
    context.draft[FLOW_ID] = uuid4().hex
    # Rotates the common-humanity line and the friend question from one reflection to the next.
    context.draft[TURN] = await context.store.entries.count(person.telegram_id)
    await say(update, intro)
    await say(update, texts.ASK_SITUATION)
    return State.SITUATION


async def enter(update: Update, context: BotContext) -> object:
    """`/reframe`, a "Reframe" button (menu, /feel, daily prompt), or an old reframe button."""
    stale = await FLOW.answer_opening_tap(update)
    return await _begin(update, context, texts.INTRO_AFTER_STALE if stale else texts.INTRO)


def _answer(key: str, ask: Reask, then: Callback) -> Callback:
    """The handler of a free-text step: keep the answer under `key` (trimmed, with a kind
    note, when very long) and go on with `then`; nothing typed asks the question again."""

    async def on_answer(update: Update, context: BotContext) -> object:
        text, trimmed = typed_answer(update, MAX_ANSWER)
        if text is None:
            await ask(update, context)
            return None
        if trimmed:
            await say(update, texts.TRIMMED.format(limit=f"{MAX_ANSWER:,}"))
        context.draft[key] = text
        return await then(update, context)

    return on_answer


async def _ask_situation(update: Update, context: BotContext) -> None:
    await say(update, texts.ASK_SITUATION)


async def _ask_critic(update: Update, context: BotContext) -> None:
    await say(update, texts.ASK_CRITIC)


async def _to_critic(update: Update, context: BotContext) -> object:
    await _ask_critic(update, context)
    return State.CRITIC


async def _to_before(update: Update, context: BotContext) -> object:
    return await before.ask(update, context)


on_situation = _answer(SITUATION, _ask_situation, _to_critic)  # what happened
on_critic = _answer(CRITIC, _ask_critic, _to_before)  # what the inner critic says


async def on_before(update: Update, context: BotContext, value: int) -> object:
    """The first rating, tapped or typed; then name the feeling."""
    context.draft[BEFORE] = value
    return await feelings.ask(update, context)


async def on_feeling(update: Update, context: BotContext, picked: PickedFeeling) -> object:
    """The feeling named: a common-humanity line, then what they'd say to a friend."""
    context.draft[FEELING] = picked.word
    turn = int(context.draft.get(TURN, 0))
    await say(
        update,
        texts.FEELING_NAMED.format(word=escape_word(picked), line=common_humanity_line(turn)),
    )
    await _ask_friend(update, context)
    return State.FRIEND


async def _ask_friend(update: Update, context: BotContext) -> None:
    turn = int(context.draft.get(TURN, 0))
    await say(update, texts.ASK_FRIEND.format(question=friend_question(turn)))


async def _to_check(update: Update, context: BotContext) -> object:
    await _ask_check(update, context)
    return State.CHECK


on_friend = _answer(FRIEND, _ask_friend, _to_check)  # their kind words


async def _ask_check(update: Update, context: BotContext) -> None:
    critic = _quote(str(context.draft.get(CRITIC, "")))
    await say(
        update,
        texts.ASK_CHECK.format(critic=critic, hint=html.escape(FACT_OR_ASSUMPTION_HINT)),
        keyboards.thought_check(),
    )


async def on_check(update: Update, context: BotContext) -> object:
    """Fact, assumption, not sure, or skipped; then how heavy it feels now."""
    payload = keyboards.Check.tapped(update)
    await close_tapped(update)
    answer = payload.answer if payload is not None else None
    if answer not in (*keyboards.CHECK_ANSWERS, keyboards.SKIP):
        await _ask_check(update, context)
        return None
    context.draft[CRITIC_IS] = answer if answer in keyboards.CHECK_ANSWERS else None
    if answer in texts.CHECK_REPLIES:
        await say(update, texts.CHECK_REPLIES[answer])
    return await after.ask(update, context)


def _change(before: int, after: int) -> str:
    if after < before:
        return texts.LIGHTER.format(before=before, after=after)
    if after == before:
        return texts.SAME.format(before=before, after=after)
    return texts.HEAVIER.format(before=before, after=after)


async def _finish(update: Update, context: BotContext, after: int) -> object:
    """Save the reframe, clear the draft, and give their kind words back to them."""
    assert update.effective_user is not None
    draft = context.draft
    try:
        flow_id, situation, critic = draft[FLOW_ID], draft[SITUATION], draft[CRITIC]
        before, feeling, friend = int(draft[BEFORE]), draft[FEELING], draft[FRIEND]
    except (KeyError, TypeError, ValueError):
        return await _begin(update, context, texts.LOST_TRACK)
    today = await today_for(update, context)
    if today is None:
        draft.clear()
        await say(update, common_texts.NOT_SET_UP)
        return ConversationHandler.END
    await context.store.entries.add_reframe(
        update.effective_user.id,
        flow_id,
        now=today.now,
        local_date=today.local_date,
        situation=situation,
        critic=critic,
        heaviness_before=before,
        feeling=feeling,
        friend_words=friend,
        critic_is=draft.get(CRITIC_IS),
        heaviness_after=after,
    )
    draft.clear()
    await say(
        update,
        texts.KEEPSAKE.format(words=html.escape(friend), change=_change(before, after)),
    )
    return ConversationHandler.END


before = ScalePicker(
    keyboards.HEAVY_BEFORE,
    state=State.HEAVINESS_BEFORE,
    scale=keyboards.HEAVINESS,
    question=texts.ASK_HEAVINESS_BEFORE,
    bad_number=texts.BAD_HEAVINESS,
    on_chosen=on_before,
)
after = ScalePicker(  # its own payloads, so an old first rating can't count as the last
    keyboards.HEAVY_AFTER,
    state=State.HEAVINESS_AFTER,
    scale=keyboards.HEAVINESS,
    question=texts.ASK_HEAVINESS_AFTER,
    bad_number=texts.BAD_HEAVINESS,
    on_chosen=_finish,
)
feelings = FeelingPicker(
    keyboards.FEELING_PAYLOADS,
    quadrant_state=State.FEELING_AREA,
    word_state=State.FEELING_WORD,
    own_word_state=State.FEELING_OWN,
    on_picked=on_feeling,
    question=texts.ASK_FEELING,
    allow_typed_at_start=True,
)


def build() -> ConversationHandler:
    """The reframe conversation."""
    return ConversationHandler(
        name=FLOW.name,
        persistent=True,
        per_message=False,
        allow_reentry=False,
        entry_points=[
            CommandHandler("reframe", enter),
            CallbackQueryHandler(enter, pattern=FLOW.menu_button().exact()),
            CallbackQueryHandler(enter, pattern=FLOW.buttons()),
        ],
        states={
            State.SITUATION: [
                MessageHandler(_TEXT, on_situation),
                *catch_all(_ask_situation, expects_text=True),
            ],
            State.CRITIC: [
                MessageHandler(_TEXT, on_critic),
                *catch_all(_ask_critic, expects_text=True),
            ],
            **before.states(),
            **feelings.states(),
            State.FRIEND: [
                MessageHandler(_TEXT, on_friend),
                *catch_all(_ask_friend, expects_text=True),
            ],
            State.CHECK: [
                CallbackQueryHandler(on_check, pattern=keyboards.Check.pattern()),
                *catch_all(_ask_check, expects_text=False),
            ],
            **after.states(),
        },
        fallbacks=flow_fallbacks(CommandHandler("reframe", enter)),
    )


FLOW = Flow(
    name="reframe",
    spoken="the reframe",
    build=build,
    prefix="rf",
    commands=("reframe",),
    menu_label=texts.MENU_LABEL,
)
