"""The safety net: every text, in any state, is read before any flow sees it.

Two tiers (bot.safety.detect):

- **Clear risk**: the person's own safety plan (if they made one), then helplines and the
  emergency number for their country, at once. The message is not passed on, so it is never
  stored as an entry, and the flow the person was in waits at the same step.
- **Possible risk**: one short question, "are you safe right now?", with worded buttons. The
  message is held in the (encrypted) store meanwhile, never as an entry:
  - *I'm not safe*: everything the clear tier gives; the held message is forgotten.
  - *I'm safe, carry on*: the held message is handed to the handlers once more, as if it had
    just arrived, with the net told to let that one message through. Whatever step was waiting
    (a win, a feeling, a reframe, any free-text step added later) takes it as its answer.
  - *Grounding exercise*: exercises at the person's pace; the question stays open.
  Any new message, `/cancel` or another command means the person moved on: the held message
  is forgotten. A single "I'm safe" never switches the net off; the next message is read again.

No log line ties a person to a crisis event: events are counted, without ids.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from contextvars import ContextVar
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot.context import BotContext
from bot.safety import texts as safety
from bot.safety.detect import Tier, assess, typed_answer
from bot.safety.grounding import EXERCISES, exercise
from bot.safety.plan import render_plan
from bot.timezones import country_for_zone
from conversations.common.callback import Payload
from conversations.common.flows import active_flows, end_flows
from conversations.common.replies import close_tapped, say

log = logging.getLogger(__name__)

# How many times each tier answered since start-up: a figure for operators, with no ids.
EVENTS: Counter[str] = Counter()

# Flows whose answers are about crisis by nature (a safety plan's warning signs): there, even
# clear words are asked about first, so that "I'm safe, carry on" can keep them.
ASK_FIRST_IN = frozenset({"safetyplan"})

# The id of the held message being handed back to the flows: the net lets that one through.
_released: ContextVar[int | None] = ContextVar("safety_net_released", default=None)


@dataclass(frozen=True)
class Choice(Payload):
    """`sos:safe`, `sos:notsafe`, `sos:grounding`, `sos:helplines`, `sos:continue`, `sos:stop`."""

    PREFIX = "sos"
    action: str


@dataclass(frozen=True)
class Step(Payload):
    """A grounding exercise's next step: `sosx:breath:2` (the step after the last: closing)."""

    PREFIX = "sosx"
    key: str
    step: int


def _button(label: str, payload: Payload) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=payload.pack())


def crisis_keyboard() -> InlineKeyboardMarkup:
    """Grounding, keep going, stop."""
    return InlineKeyboardMarkup(
        [
            [_button(safety.GROUNDING_LABEL, Choice("grounding"))],
            [
                _button(safety.CONTINUE_LABEL, Choice("continue")),
                _button(safety.STOP_LABEL, Choice("stop")),
            ],
        ]
    )


def ask_keyboard(*, grounding_label: str = safety.GROUNDING_LABEL) -> InlineKeyboardMarkup:
    """The second tier's answers: not safe, safe and carry on, or grounding first."""
    return InlineKeyboardMarkup(
        [
            [_button(safety.NOT_SAFE_LABEL, Choice("notsafe"))],
            [_button(safety.SAFE_LABEL, Choice("safe"))],
            [_button(grounding_label, Choice("grounding"))],
        ]
    )


def exercises_keyboard() -> InlineKeyboardMarkup:
    """One button per grounding exercise."""
    return InlineKeyboardMarkup([[_button(e.label, Step(e.key, 0))] for e in EXERCISES])


def _closing_keyboard(*, holding: bool) -> InlineKeyboardMarkup:
    if holding:  # the question "are you safe right now?" is still open
        return ask_keyboard(grounding_label=safety.ANOTHER_EXERCISE_LABEL)
    return InlineKeyboardMarkup(
        [
            [_button(safety.ANOTHER_EXERCISE_LABEL, Choice("grounding"))],
            [_button(safety.HELPLINES_LABEL, Choice("helplines"))],
            [
                _button(safety.CONTINUE_LABEL, Choice("continue")),
                _button(safety.STOP_LABEL, Choice("stop")),
            ],
        ]
    )


async def _country(update: Update, context: BotContext) -> str | None:
    user = update.effective_user
    if user is None:
        return None
    person = await context.store.users.get(user.id)
    return country_for_zone(person.timezone) if person and person.timezone else None


async def _plan_first(update: Update, context: BotContext) -> bool:
    """Show the person's own safety plan, if they made one; return whether there is one."""
    user = update.effective_user
    plan = await context.store.safety.plan(user.id) if user else {}
    if plan:
        await say(update, render_plan(plan))
    return bool(plan)


async def answer_crisis(update: Update, context: BotContext) -> None:
    """Their plan first (if any), then helplines and the emergency number, and the choices."""
    has_plan = await _plan_first(update, context)
    reply = safety.crisis_reply(await _country(update, context), offer_plan=not has_plan)
    await say(update, reply, crisis_keyboard())


def _count(tier: Tier) -> None:
    EVENTS[tier] += 1
    log.info("safety_net tier=%s count=%d", tier, EVENTS[tier])


def _tier_here(update: Update, context: BotContext, text: str) -> Tier:
    """The message's tier; in a flow whose answers are about crisis by nature, clear risk is
    asked about first."""
    tier = assess(text)
    user, chat = update.effective_user, update.effective_chat
    if tier is not Tier.CLEAR or user is None or chat is None:
        return tier
    in_flows = set(active_flows(context.application, chat.id, user.id))
    return Tier.POSSIBLE if ASK_FIRST_IN & in_flows else tier


async def _settle_held(update: Update, context: BotContext, text: str, tier: Tier) -> bool:
    """A new message while words are held: a typed "yes" or "no" answers the question (True);
    anything else means the person moved on, and the held words are forgotten."""
    assert update.effective_user is not None
    user_id = update.effective_user.id
    if await context.store.safety.held(user_id) is None:
        return False
    answer = typed_answer(text) if tier is not Tier.CLEAR else None
    if answer == "safe":
        await _carry_on(update, context)
    elif answer == "not safe":
        await _not_safe(update, context)
    else:
        await context.store.safety.release(user_id)
    return answer is not None


async def _ask(update: Update, context: BotContext) -> None:
    """Hold the message (encrypted, never an entry) and ask whether the person is safe."""
    assert update.message is not None and update.effective_user is not None
    payload = json.dumps(update.message.to_dict(), ensure_ascii=False)
    await context.store.safety.hold(update.effective_user.id, payload, context.clock.now())
    await say(update, safety.ASK_SAFE, ask_keyboard())


async def watch(update: Update, context: BotContext) -> None:
    """Every text (or caption): clear risk is answered, possible risk is asked about."""
    message = update.message
    if message is None or update.effective_user is None:
        return
    text = message.text or message.caption
    if not text or _released.get() == message.message_id:
        return  # nothing to read, or the held message handed back after "I'm safe"
    tier = _tier_here(update, context, text)
    if await _settle_held(update, context, text, tier):
        raise ApplicationHandlerStop
    if tier is Tier.NONE:
        return
    _count(tier)
    await (answer_crisis if tier is Tier.CLEAR else _ask)(update, context)
    raise ApplicationHandlerStop


async def sos(update: Update, context: BotContext) -> None:
    """`/sos`: their plan and the helplines, any time, without leaving the flow they are in."""
    await _plan_first(update, context)
    await say(update, safety.sos_reply(await _country(update, context)), crisis_keyboard())
    raise ApplicationHandlerStop


async def _replay(update: Update, context: BotContext, payload: str) -> None:
    """Hand the held message to the handlers once more, letting it past the net this once.

    The base class's `process_update` runs the handler groups only: the update being handled
    (the tap) already owns the transaction, the handled-update id and the outbox.
    """
    held = Update.de_json(
        {"update_id": update.update_id, "message": json.loads(payload)}, context.bot
    )
    assert held.message is not None
    token = _released.set(held.message.message_id)
    try:
        await Application.process_update(context.application, held)
    finally:
        _released.reset(token)


async def _carry_on(update: Update, context: BotContext) -> None:
    """ "I'm safe, carry on": the held words go where they were going."""
    await close_tapped(update)
    user = update.effective_user
    assert user is not None
    payload = await context.store.safety.held(user.id)
    await say(update, safety.CARRY_ON_NOTE)
    if payload is not None:
        await _replay(update, context, payload)
        await context.store.safety.release(user.id)


async def _not_safe(update: Update, context: BotContext) -> None:
    await close_tapped(update)
    user = update.effective_user
    assert user is not None
    await context.store.safety.release(user.id)
    _count(Tier.CLEAR)
    await answer_crisis(update, context)


async def _stop(update: Update, context: BotContext) -> None:
    await close_tapped(update)
    user, chat = update.effective_user, update.effective_chat
    if user and chat:
        end_flows(context.application, chat.id, user.id)
        await context.store.safety.release(user.id)
    if context.user_data is not None:
        context.user_data.clear()
    await say(update, safety.STOPPED)


async def _keep_going(update: Update, context: BotContext) -> None:
    await close_tapped(update)
    user, chat = update.effective_user, update.effective_chat
    in_flow = bool(user and chat and active_flows(context.application, chat.id, user.id))
    await say(update, safety.KEEP_GOING_IN_FLOW if in_flow else safety.KEEP_GOING)


async def _grounding(update: Update, context: BotContext) -> None:
    assert update.callback_query is not None
    await update.callback_query.answer()
    await say(update, safety.CHOOSE_EXERCISE, exercises_keyboard())


async def _helplines(update: Update, context: BotContext) -> None:
    await close_tapped(update)
    await _plan_first(update, context)
    await say(update, safety.sos_reply(await _country(update, context)), crisis_keyboard())


_ACTIONS = {
    "safe": _carry_on,
    "notsafe": _not_safe,
    "grounding": _grounding,
    "helplines": _helplines,
    "continue": _keep_going,
    "stop": _stop,
}


async def on_choice(update: Update, context: BotContext) -> None:
    """A safety button: answered here, before any flow sees the tap (also after a restart)."""
    query = update.callback_query
    assert query is not None
    choice = Choice.tapped(update)
    action = choice.action if choice is not None else "continue"
    await _ACTIONS.get(action, _keep_going)(update, context)
    raise ApplicationHandlerStop


async def on_step(update: Update, context: BotContext) -> None:
    """ "Next" or "Done" in a grounding exercise: the next step, or the closing message."""
    query = update.callback_query
    assert query is not None and update.effective_user is not None
    await close_tapped(update)
    tapped = Step.tapped(update) or Step("", 0)
    chosen = exercise(tapped.key)
    if chosen is None:
        await say(update, safety.CHOOSE_EXERCISE, exercises_keyboard())
    elif tapped.step < len(chosen.steps):
        last = tapped.step == len(chosen.steps) - 1
        label = safety.DONE_LABEL if last else safety.NEXT_LABEL
        keyboard = InlineKeyboardMarkup([[_button(label, Step(chosen.key, tapped.step + 1))]])
        await say(update, chosen.steps[tapped.step], keyboard)
    else:
        holding = await context.store.safety.held(update.effective_user.id) is not None
        await say(update, safety.EXERCISE_CLOSING, _closing_keyboard(holding=holding))
    raise ApplicationHandlerStop


async def offer_grounding(update: Update, context: BotContext) -> None:
    """Show the choice of grounding exercises (other flows' "grounding" buttons use this)."""
    await say(update, safety.CHOOSE_EXERCISE, exercises_keyboard())


def handlers() -> list[BaseHandler]:
    """The safety net's handlers, for the group that runs before every flow."""
    return [
        CommandHandler("sos", sos),
        CallbackQueryHandler(on_choice, pattern=Choice.pattern()),
        CallbackQueryHandler(on_step, pattern=Step.pattern()),
        MessageHandler(filters.UpdateType.MESSAGE & (filters.TEXT | filters.CAPTION), watch),
    ]
