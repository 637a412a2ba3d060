"""`/feel`: name a feeling precisely, say how strong it is, and (if they like) where and why."""

from __future__ import annotations

import html
from collections.abc import Awaitable, Callable
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
from conversations.common import texts as common_texts
from conversations.common.flows import Flow
from conversations.common.handlers import catch_all, flow_fallbacks
from conversations.common.people import set_up_person, today_for
from conversations.common.replies import close_tapped, say
from conversations.common.trim import typed_answer
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


OnWords = Callable[[Update, BotContext, str | None], Awaitable[object]]
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
    stale = await FLOW.answer_opening_tap(update)
    context.draft.clear()
    if await set_up_person(update, context) is None:
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
    return await how_strong.ask(update, context, named)


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
    return await body_step.ask(update, context)


how_strong = ScalePicker(
    keyboards.INTENSITY,
    state=State.INTENSITY,
    scale=range(1, 11),
    question=texts.ASK_INTENSITY,
    bad_number=texts.BAD_INTENSITY,
    on_chosen=on_intensity,
    explain_bad_taps=True,
)


class _OptionalStep:
    """A question answered in a few words (kept to `limit` characters) or skipped."""

    def __init__(self, step: str, state: State, question: str, limit: int, then: OnWords) -> None:
        self.step = step
        self.state = state
        self.question = question
        self.limit = limit
        self.then = then

    async def ask(self, update: Update, context: BotContext) -> State:
        """Ask, with a Skip button."""
        await say(update, self.question, keyboards.skip(self.step))
        return self.state

    async def _reask(self, update: Update, context: BotContext) -> None:
        await self.ask(update, context)

    async def on_text(self, update: Update, context: BotContext) -> object:
        """Their words (a note when they had to be shortened)."""
        words, trimmed = typed_answer(update, self.limit)
        if words is None:
            return await self.ask(update, context)
        if trimmed:
            await say(update, texts.TRIMMED.format(limit=self.limit))
        return await self.then(update, context, words)

    async def on_skip(self, update: Update, context: BotContext) -> object:
        """Skip this question (an old or forged Skip asks it again)."""
        tapped = keyboards.Skip.tapped(update)
        if tapped is None or tapped.step != self.step:
            await close_tapped(update, common_texts.STALE_BUTTON_TOAST)
            return await self.ask(update, context)
        await close_tapped(update)
        return await self.then(update, context, None)

    def states(self) -> dict[object, list[BaseHandler]]:
        """The step's state, for the ConversationHandler's `states`."""
        return {
            self.state: [
                CallbackQueryHandler(self.on_skip, pattern=keyboards.Skip.pattern()),
                MessageHandler(filters.TEXT & ~filters.COMMAND, self.on_text),
                *catch_all(self._reask, expects_text=True),
            ]
        }


async def on_body(update: Update, context: BotContext, body: str | None) -> object:
    """Where they feel it (or skipped); then what it seems to be about."""
    context.draft[BODY_KEY] = body
    return await about_step.ask(update, context)


async def on_about(update: Update, context: BotContext, about: str | None) -> object:
    """What it seems to be about (or skipped), the last step: save the feeling, clear the
    draft, and reflect it back."""
    assert update.effective_user is not None
    draft = context.draft
    word, quadrant, intensity = (draft.get(k) for k in (WORD_KEY, QUADRANT_KEY, INTENSITY_KEY))
    if not isinstance(word, str) or not isinstance(quadrant, str) or not isinstance(intensity, int):
        return await _lost_track(update, context)
    today = await today_for(update, context)
    if today is None:
        draft.clear()
        await say(update, common_texts.NOT_SET_UP)
        return ConversationHandler.END
    body = draft.get(BODY_KEY)
    await context.store.entries.add_feeling(
        update.effective_user.id,
        str(draft.get(FLOW_KEY) or uuid4().hex),
        now=today.now,
        local_date=today.local_date,
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


body_step = _OptionalStep("body", State.BODY, texts.ASK_BODY, MAX_BODY, on_body)
about_step = _OptionalStep("about", State.ABOUT, texts.ASK_ABOUT, MAX_ABOUT, on_about)


def handlers() -> list[BaseHandler]:
    """/feel's buttons that work outside the conversation (the offer after it ended)."""
    return [CallbackQueryHandler(on_offer, pattern=keyboards.Offer.pattern())]


def build() -> ConversationHandler:
    """The /feel conversation."""
    restart = CallbackQueryHandler(enter, pattern=FLOW.menu_button().exact())
    offer = CallbackQueryHandler(on_offer, pattern=keyboards.Offer.pattern())
    steps: dict[object, list[BaseHandler]] = {
        **picker.states(),
        **how_strong.states(),
        **body_step.states(),
        **about_step.states(),
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
    menu_label=texts.MENU_LABEL,
)
