"""`/feel`: name a feeling precisely, say how strong it is, and (if they like) where and why."""

from __future__ import annotations

import html
from enum import StrEnum
from uuid import uuid4

from telegram import Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.content.feelings import Quadrant
from bot.context import BotContext
from bot.timezones import local_date
from conversations.common import texts as common_texts
from conversations.common.flows import Flow
from conversations.common.handlers import catch_all, flow_fallbacks
from conversations.common.replies import close_tapped, say
from conversations.common.trim import cut_at_word
from conversations.feel import keyboards, texts
from conversations.pickers.feeling_picker import FeelingPicker, PickedFeeling, escape_word
from conversations.pickers.scale_picker import ScalePicker
from conversations.safety_net import offer_grounding


class State(StrEnum):
    """/feel's steps."""

    QUADRANT = "feel.quadrant"
    WORD = "feel.word"
    OWN_WORD = "feel.own_word"
    INTENSITY = "feel.intensity"
    BODY = "feel.body"
    ABOUT = "feel.about"


FLOW_KEY = "feel_flow"
WORD_KEY = "feel_word"
FEELING_KEY = "feel_key"
QUADRANT_KEY = "feel_quadrant"
DEFINITION_KEY = "feel_definition"
INTENSITY_KEY = "feel_intensity"
BODY_KEY = "feel_body"

MAX_BODY = 300
MAX_ABOUT = 1000
VERY_HEAVY = 8  # hopelessness this strong: the offer names /sos and its helplines
HOPELESS = "hopeless"
HEAVY = 7  # an unpleasant feeling this strong gets a (gentle, optional) offer of support
UNPLEASANT = {Quadrant.UNPLEASANT_STIRRED.value, Quadrant.UNPLEASANT_LOW.value}


async def enter(update: Update, context: BotContext) -> object:
    """`/feel`, the menu's button, or a /feel button from an earlier conversation."""
    stale = False
    if update.callback_query is not None:
        data = update.callback_query.data or ""
        stale = not FLOW.menu_button().exact().match(data)
        await close_tapped(update, common_texts.STALE_BUTTON_TOAST if stale else None)
    assert update.effective_user is not None
    person = await context.store.users.get(update.effective_user.id)
    context.draft.clear()
    if person is None or not person.is_set_up:
        await say(update, common_texts.NOT_SET_UP)
        return ConversationHandler.END
    context.draft[FLOW_KEY] = uuid4().hex
    if stale:
        await say(update, texts.STARTING_AGAIN)
    return await picker.ask(update, context)


async def on_picked(update: Update, context: BotContext, picked: PickedFeeling) -> object:
    """A word chosen or typed: show what it means, then ask how strong it is."""
    if picked.quadrant is None:  # only when typing at the start is allowed, which /feel doesn't
        return await picker.ask(update, context)
    context.draft[WORD_KEY] = picked.word
    context.draft[FEELING_KEY] = picked.key
    context.draft[QUADRANT_KEY] = picked.quadrant
    context.draft[DEFINITION_KEY] = picked.definition
    word = escape_word(picked)
    if picked.definition:
        definition = html.escape(picked.definition)
        named = texts.PICKED.format(word=word, definition=definition, ask=texts.ASK_INTENSITY)
    else:
        named = texts.PICKED_OWN.format(word=word, ask=texts.ASK_INTENSITY)
    return await intensity.ask(update, context, named)


picker = FeelingPicker(
    keyboards.PICKER_PAYLOADS,
    quadrant_state=State.QUADRANT,
    word_state=State.WORD,
    own_word_state=State.OWN_WORD,
    on_picked=on_picked,
)


async def _lost_track(update: Update, context: BotContext) -> object:
    flow_id = context.draft.get(FLOW_KEY) or uuid4().hex
    context.draft.clear()
    context.draft[FLOW_KEY] = flow_id
    await say(update, texts.LOST_TRACK)
    return await picker.ask(update, context)


async def on_intensity(update: Update, context: BotContext, value: int) -> object:
    """How strong, tapped or typed; then where it sits in the body."""
    if WORD_KEY not in context.draft:
        return await _lost_track(update, context)
    context.draft[INTENSITY_KEY] = value
    await say(update, texts.ASK_BODY, keyboards.skip("body"))
    return State.BODY


intensity = ScalePicker(
    keyboards.INTENSITY,
    state=State.INTENSITY,
    scale=range(1, 11),
    question=texts.ASK_INTENSITY,
    bad_number=texts.BAD_INTENSITY,
    on_chosen=on_intensity,
    explain_bad_taps=True,
)


def _kept(update: Update, limit: int) -> tuple[str | None, bool]:
    """The typed answer (None if empty) and whether it had to be shortened."""
    message = update.effective_message
    text, trimmed = cut_at_word(message.text or "" if message else "", limit)
    return text or None, trimmed


async def _reask_body(update: Update, context: BotContext) -> None:
    await say(update, texts.ASK_BODY, keyboards.skip("body"))


async def _reask_about(update: Update, context: BotContext) -> None:
    await say(update, texts.ASK_ABOUT, keyboards.skip("about"))


async def on_body(update: Update, context: BotContext) -> object:
    """Where they feel it."""
    body, trimmed = _kept(update, MAX_BODY)
    if body is None:
        await _reask_body(update, context)
        return State.BODY
    if trimmed:
        await say(update, texts.TRIMMED.format(limit=MAX_BODY))
    context.draft[BODY_KEY] = body
    await _reask_about(update, context)
    return State.ABOUT


async def on_about(update: Update, context: BotContext) -> object:
    """What it seems to be about: the last step, so save."""
    about, trimmed = _kept(update, MAX_ABOUT)
    if about is None:
        await _reask_about(update, context)
        return State.ABOUT
    if trimmed:
        await say(update, texts.TRIMMED.format(limit=MAX_ABOUT))
    return await _save(update, context, about)


def _skipped(update: Update, step: str) -> bool:
    data = update.callback_query.data if update.callback_query else None
    return data == keyboards.Skip(step).pack()


async def on_skip_body(update: Update, context: BotContext) -> object:
    """Skip where it sits in the body."""
    if not _skipped(update, "body"):  # an old or forged Skip: ask this step again
        await close_tapped(update, common_texts.STALE_BUTTON_TOAST)
        await _reask_body(update, context)
        return State.BODY
    await close_tapped(update)
    context.draft[BODY_KEY] = None
    await _reask_about(update, context)
    return State.ABOUT


async def on_skip_about(update: Update, context: BotContext) -> object:
    """Skip what it is about: the last step, so save."""
    if not _skipped(update, "about"):
        await close_tapped(update, common_texts.STALE_BUTTON_TOAST)
        await _reask_about(update, context)
        return State.ABOUT
    await close_tapped(update)
    return await _save(update, context, None)


async def _save(update: Update, context: BotContext, about: str | None) -> object:
    """Save the feeling, clear the draft, and reflect it back."""
    assert update.effective_user is not None
    draft = context.draft
    word, quadrant, intensity = (draft.get(k) for k in (WORD_KEY, QUADRANT_KEY, INTENSITY_KEY))
    if not isinstance(word, str) or not isinstance(quadrant, str) or not isinstance(intensity, int):
        return await _lost_track(update, context)
    person = await context.store.users.get(update.effective_user.id)
    if person is None or person.timezone is None:
        draft.clear()
        await say(update, common_texts.NOT_SET_UP)
        return ConversationHandler.END
    now = context.clock.now()
    body = draft.get(BODY_KEY)
    await context.store.entries.add_feeling(
        update.effective_user.id,
        str(draft.get(FLOW_KEY) or uuid4().hex),
        now=now,
        local_date=local_date(person.timezone, now),
        word=word,
        feeling_key=draft.get(FEELING_KEY),
        quadrant=quadrant,
        intensity=intensity,
        body=body,
        about=about,
    )
    draft_key = draft.get(FEELING_KEY)
    picked = PickedFeeling(word, draft_key, quadrant, draft.get(DEFINITION_KEY))
    draft.clear()
    await say(update, _reflection(picked, intensity, body, about))
    if (draft_key or word.strip().casefold()) == HOPELESS and intensity >= VERY_HEAVY:
        await say(update, texts.OFFER_HOPELESS, keyboards.offer())
    elif quadrant in UNPLEASANT and intensity >= HEAVY:
        await say(update, texts.OFFER, keyboards.offer())
    return ConversationHandler.END


def _reflection(picked: PickedFeeling, intensity: int, body: str | None, about: str | None) -> str:
    lines = [texts.SAVED.format(word=escape_word(picked), intensity=intensity)]
    if picked.definition:
        lines.append(texts.SAVED_DEFINITION.format(definition=html.escape(picked.definition)))
    details = []
    if body:
        details.append(texts.SAVED_BODY.format(body=html.escape(body)))
    if about:
        details.append(texts.SAVED_ABOUT.format(about=html.escape(about)))
    parts = ["\n".join(lines)]
    if details:
        parts.append("\n".join(details))
    unpleasant = picked.quadrant in UNPLEASANT
    parts.append(texts.WARM_UNPLEASANT if unpleasant else texts.WARM_PLEASANT)
    return "\n\n".join(parts)


async def on_offer(update: Update, context: BotContext) -> None:
    """Grounding or No thanks, under the offer after a heavy feeling (also after a restart)."""
    offer = keyboards.Offer.tapped(update)
    answer = offer.answer if offer is not None else "no"
    await close_tapped(update)
    if answer == "go":
        await offer_grounding(update, context)
    else:
        await say(update, texts.NO_THANKS_REPLY)


def handlers() -> list[BaseHandler]:
    """/feel's buttons that work outside the conversation (the offer after it ended)."""
    return [CallbackQueryHandler(on_offer, pattern=keyboards.Offer.pattern())]


def build() -> ConversationHandler:
    """The /feel conversation."""
    restart = CallbackQueryHandler(enter, pattern=FLOW.menu_button().exact())
    offer = CallbackQueryHandler(on_offer, pattern=keyboards.Offer.pattern())
    steps: dict[object, list[BaseHandler]] = {
        **picker.states(),
        **intensity.states(),
        State.BODY: [
            CallbackQueryHandler(on_skip_body, pattern=keyboards.Skip.pattern()),
            MessageHandler(filters.TEXT & ~filters.COMMAND, on_body),
            *catch_all(_reask_body, expects_text=True),
        ],
        State.ABOUT: [
            CallbackQueryHandler(on_skip_about, pattern=keyboards.Skip.pattern()),
            MessageHandler(filters.TEXT & ~filters.COMMAND, on_about),
            *catch_all(_reask_about, expects_text=True),
        ],
    }
    return ConversationHandler(
        name=FLOW.name,
        persistent=True,
        per_message=False,
        allow_reentry=False,
        entry_points=[
            CommandHandler("feel", enter),
            CallbackQueryHandler(enter, pattern=FLOW.menu_button().exact()),
            CallbackQueryHandler(enter, pattern=keyboards.ANY),
        ],
        # In every step, the menu's "Name a feeling" starts afresh and an earlier offer of
        # grounding still works (the steps' own catch-alls would otherwise swallow both).
        states={state: [restart, offer, *found] for state, found in steps.items()},
        fallbacks=flow_fallbacks(CommandHandler("feel", enter)),
    )


FLOW = Flow(
    name="feel",
    spoken="naming a feeling",
    build=build,
    prefix="feel",
    commands=("feel",),
    menu=True,
)
