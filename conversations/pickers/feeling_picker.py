"""Name a feeling in two taps: one of four areas, then a precise word (or the person's own).

Reusable: each flow passes its own payload classes (`feeling_payloads("rf", "f")`: its own
button prefixes) and states, and gets the chosen feeling back through `on_picked`. The picker
keeps one draft key of its own, named after the flow's prefix (`feel_picker_q`,
`rf_picker_q`), and removes it when done.
"""

from __future__ import annotations

import html
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, MessageHandler, filters

from bot.content.feelings import (
    FEELINGS,
    NEAR_WORDS,
    QUADRANT_DESCRIPTIONS,
    QUADRANT_LABELS,
    Feeling,
    Quadrant,
    feeling_by_key,
)
from bot.context import BotContext
from conversations.common import texts as common_texts
from conversations.common.handlers import catch_all
from conversations.common.replies import close_tapped, redraw_keyboard, say
from conversations.pickers import feeling_texts as texts
from conversations.pickers.feeling_keyboards import (
    CHARGED,
    LOW,
    MIXED_CHARGED,
    MIXED_LOW,
    UNSURE,
    back_keyboard,
    button_label,
    energy_keyboard,
    mixed_keyboard,
    page_count,
    pleasant_keyboard,
    quadrant_keyboard,
    word_keyboard,
)
from conversations.pickers.payloads import FeelingPayloads

MAX_OWN_WORD = 40


@dataclass(frozen=True)
class PickedFeeling:
    """The feeling a person named."""

    word: str  # display word, or what they typed (trimmed, ≤ 40 chars)
    key: str | None  # None when typed
    quadrant: str | None  # None only when typed at the very first step
    definition: str | None


OnPicked = Callable[[Update, BotContext, PickedFeeling], Awaitable[object]]


# Said before a feeling word and not part of it: "I feel sad", "a bit anxious".
_LEAD_INS = re.compile(
    r"^(?:(?:i\s*am|i'?m|i\s+feel|feeling|feel|a\s+bit|a\s+little|kind\s+of|kinda|"
    r"very|so|really|quite|pretty|super)\s+)+"
)
# Typed at the first step, these mean "I'm not sure" rather than a feeling's name.
_UNSURE_TYPED = frozenset(
    {
        "not sure",
        "unsure",
        "idk",
        "i dunno",
        "dunno",
        "no idea",
        "i don't know",
        "don't know",
        "i dont know",
        "dont know",
        "no clue",
        "i'm not sure",
        "im not sure",
        "hard to say",
    }
)


def _normalise(text: str) -> str:
    folded = " ".join(text.replace("_", " ").replace("’", "'").split()).casefold()
    return _LEAD_INS.sub("", folded.strip(" .!?,;")).strip(" .!?,;")


_BY_TYPED: dict[str, Feeling] = {}
for _feeling in FEELINGS:
    _BY_TYPED.setdefault(_normalise(_feeling.word), _feeling)
    _BY_TYPED.setdefault(_normalise(_feeling.key), _feeling)
for _typed, _key in NEAR_WORDS.items():
    _near = feeling_by_key(_key)
    if _near is not None:
        _BY_TYPED.setdefault(_normalise(_typed), _near)


def known_feeling(typed: str) -> Feeling | None:
    """The feeling the person typed: its word or key, another form of it ("grief"), or a
    near word ("afraid"), ignoring case, spacing and lead-ins like "I feel"."""
    return _BY_TYPED.get(_normalise(typed))


def own_word(typed: str) -> str:
    """A typed word as kept: spacing collapsed, no closing full stop or exclamation mark."""
    return " ".join(typed.split()).strip(" .!?,;")


def _quadrant(raw: object) -> Quadrant | None:
    try:
        return Quadrant(str(raw))
    except ValueError:
        return None


class FeelingPicker:
    """Three states: an area (or a typed word), a word from that area, or their own word."""

    def __init__(
        self,
        payloads: FeelingPayloads,
        *,
        quadrant_state: str,
        word_state: str,
        own_word_state: str,
        on_picked: OnPicked,
        question: str = texts.ASK_QUADRANT,
        allow_typed_at_start: bool = False,
    ) -> None:
        self.payloads = payloads
        self.quadrant_state = quadrant_state
        self.word_state = word_state
        self.own_word_state = own_word_state
        self.on_picked = on_picked
        self.question = question
        self.allow_typed_at_start = allow_typed_at_start
        namespace = payloads.quadrant.PREFIX.split(":", 1)[0]
        self.quadrant_key = f"{namespace}_picker_q"
        self.typed_key = f"{namespace}_picker_typed"

    # ------------------------------------------------------------------ the four areas

    def _quadrant_text(self) -> str:
        areas = "\n".join(
            texts.AREA_LINE.format(label=QUADRANT_LABELS[q], description=QUADRANT_DESCRIPTIONS[q])
            for q in Quadrant
        )
        return texts.ASK_AREA.format(question=self.question, areas=areas)

    async def ask(self, update: Update, context: BotContext) -> str:
        """Ask which of the four areas the feeling is in."""
        context.draft.pop(self.quadrant_key, None)
        context.draft.pop(self.typed_key, None)
        await say(update, self._quadrant_text(), quadrant_keyboard(self.payloads))
        return self.quadrant_state

    async def _reask_quadrant(self, update: Update, context: BotContext) -> None:
        await self.ask(update, context)

    async def on_quadrant(self, update: Update, context: BotContext) -> object:
        """An area tapped: show its words (or take the word they typed, now that its area is
        known); or a step of "I'm not sure"."""
        tapped = self.payloads.quadrant.tapped(update)
        raw = tapped.q if tapped is not None else None
        if raw in (UNSURE, CHARGED, LOW, MIXED_CHARGED, MIXED_LOW):
            await close_tapped(update)
            return await self._not_sure(update, context, str(raw))
        quadrant = _quadrant(raw)
        if quadrant is None:
            await close_tapped(update, common_texts.STALE_BUTTON_TOAST)
            return await self.ask(update, context)
        await close_tapped(update)
        typed = context.draft.pop(self.typed_key, None)
        if isinstance(typed, str) and typed:
            return await self._picked_own(update, context, typed, quadrant)
        return await self._show_words(update, context, quadrant)

    async def _not_sure(self, update: Update, context: BotContext, step: str) -> str:
        """Help find a word: more charged or lower, then more pleasant or not."""
        if step == UNSURE:
            await say(update, texts.ASK_ENERGY, energy_keyboard(self.payloads))
            return self.quadrant_state
        if step in (CHARGED, LOW):
            keyboard = pleasant_keyboard(self.payloads, charged=step == CHARGED)
            await say(update, texts.ASK_PLEASANT, keyboard)
            return self.quadrant_state
        context.draft.pop(self.quadrant_key, None)
        await say(update, texts.MIXED, mixed_keyboard(self.payloads, charged=step == MIXED_CHARGED))
        return self.word_state

    async def on_text_at_start(self, update: Update, context: BotContext) -> object:
        """A word typed instead of an area: a known word is taken as it is; their own word is
        kept, and (where the flow needs one) its area asked for."""
        typed = self._typed(update)
        feeling = known_feeling(typed)
        if feeling is not None:
            return await self._picked_known(update, context, feeling)
        if own_word(typed).replace("’", "'").casefold() in _UNSURE_TYPED:
            return await self._not_sure(update, context, UNSURE)
        word = own_word(typed)
        if not word or len(word) > MAX_OWN_WORD:
            await say(update, texts.OWN_WORD_TOO_LONG.format(limit=MAX_OWN_WORD))
            return await self.ask(update, context)
        if not self.allow_typed_at_start:
            context.draft[self.typed_key] = word
            shown = html.escape(button_label(word))
            await say(update, texts.ASK_AREA_OF_OWN.format(word=shown), self._area_keyboard())
            return self.quadrant_state
        return await self._picked_own(update, context, word, None)

    def _area_keyboard(self) -> InlineKeyboardMarkup:
        """The four areas, for a word they typed (no "I'm not sure": the word is theirs)."""
        keyboard = quadrant_keyboard(self.payloads).inline_keyboard
        return InlineKeyboardMarkup(keyboard[: len(Quadrant)])

    # ------------------------------------------------------------------ one area's words

    async def _show_words(self, update: Update, context: BotContext, quadrant: Quadrant) -> str:
        context.draft[self.quadrant_key] = quadrant.value
        await say(
            update,
            texts.ASK_WORD.format(label=QUADRANT_LABELS[quadrant]),
            word_keyboard(self.payloads, quadrant, 0),
        )
        return self.word_state

    def _current(self, context: BotContext) -> Quadrant | None:
        return _quadrant(str(context.draft.get(self.quadrant_key, "")))

    async def _reask_word(self, update: Update, context: BotContext) -> None:
        quadrant = self._current(context)
        if quadrant is None:
            await self.ask(update, context)
            return
        await self._show_words(update, context, quadrant)

    async def on_word(self, update: Update, context: BotContext) -> object:
        """A word tapped."""
        tapped = self.payloads.word.tapped(update)
        feeling = feeling_by_key(tapped.key) if tapped is not None else None
        if feeling is None:
            await close_tapped(update, common_texts.STALE_BUTTON_TOAST)
            quadrant = self._current(context)
            if quadrant is None:
                return await self.ask(update, context)
            return await self._show_words(update, context, quadrant)
        await close_tapped(update)
        return await self._picked_known(update, context, feeling)

    async def on_page(self, update: Update, context: BotContext) -> object:
        """More / Back under the words: redraw the same message's keyboard."""
        query = update.callback_query
        assert query is not None
        tapped = self.payloads.page.tapped(update)
        quadrant = _quadrant(tapped.q) if tapped is not None else None
        if tapped is None or quadrant is None:
            await close_tapped(update, common_texts.STALE_BUTTON_TOAST)
            return await self.ask(update, context)
        await query.answer()
        context.draft[self.quadrant_key] = quadrant.value
        page = max(0, min(tapped.page, page_count(quadrant) - 1))
        markup = word_keyboard(self.payloads, quadrant, page)
        await redraw_keyboard(update, markup)
        return self.word_state

    async def on_back(self, update: Update, context: BotContext) -> str:
        """Back to the four areas."""
        await close_tapped(update)
        return await self.ask(update, context)

    async def on_own(self, update: Update, context: BotContext) -> str:
        """None of these: ask for their own word."""
        tapped = self.payloads.own.tapped(update)
        quadrant = _quadrant(tapped.q) if tapped is not None else None
        if quadrant is None:
            await close_tapped(update, common_texts.STALE_BUTTON_TOAST)
            return await self.ask(update, context)
        await close_tapped(update)
        context.draft[self.quadrant_key] = quadrant.value
        await say(update, texts.ASK_OWN_WORD, back_keyboard(self.payloads))
        return self.own_word_state

    async def _reask_own(self, update: Update, context: BotContext) -> None:
        await say(update, texts.ASK_OWN_WORD, back_keyboard(self.payloads))

    async def on_typed_word(self, update: Update, context: BotContext) -> object:
        """A word typed after choosing an area: theirs, or one from the list."""
        typed = self._typed(update)
        feeling = known_feeling(typed)
        if feeling is not None:
            return await self._picked_known(update, context, feeling)
        word = own_word(typed)
        if not word or len(word) > MAX_OWN_WORD:
            await say(update, texts.OWN_WORD_TOO_LONG.format(limit=MAX_OWN_WORD))
            return None
        quadrant = self._current(context)
        if quadrant is None:  # typed under the "hard to tell" words: ask for its area
            context.draft[self.typed_key] = word
            shown = html.escape(button_label(word))
            await say(update, texts.ASK_AREA_OF_OWN.format(word=shown), self._area_keyboard())
            return self.quadrant_state
        return await self._picked_own(update, context, word, quadrant)

    # ------------------------------------------------------------------ handing it over

    async def _picked_known(self, update: Update, context: BotContext, feeling: Feeling) -> object:
        context.draft.pop(self.quadrant_key, None)
        context.draft.pop(self.typed_key, None)
        picked = PickedFeeling(
            word=feeling.word,
            key=feeling.key,
            quadrant=feeling.quadrant.value,
            definition=feeling.definition,
        )
        return await self.on_picked(update, context, picked)

    async def _picked_own(
        self, update: Update, context: BotContext, typed: str, quadrant: Quadrant | None
    ) -> object:
        context.draft.pop(self.quadrant_key, None)
        picked = PickedFeeling(
            word=typed,
            key=None,
            quadrant=quadrant.value if quadrant is not None else None,
            definition=None,
        )
        return await self.on_picked(update, context, picked)

    @staticmethod
    def _typed(update: Update) -> str:
        message = update.effective_message
        return " ".join((message.text or "").split()) if message else ""

    def states(self) -> dict[object, list[BaseHandler]]:
        """The picker's states, for a ConversationHandler's `states`."""
        p = self.payloads
        back = CallbackQueryHandler(self.on_back, pattern=p.back.pattern())
        typed = MessageHandler(filters.TEXT & ~filters.COMMAND, self.on_typed_word)
        return {
            self.quadrant_state: [
                CallbackQueryHandler(self.on_quadrant, pattern=p.quadrant.pattern()),
                MessageHandler(filters.TEXT & ~filters.COMMAND, self.on_text_at_start),
                *catch_all(self._reask_quadrant, expects_text=True),
            ],
            self.word_state: [
                CallbackQueryHandler(self.on_word, pattern=p.word.pattern()),
                CallbackQueryHandler(self.on_page, pattern=p.page.pattern()),
                CallbackQueryHandler(self.on_own, pattern=p.own.pattern()),
                back,
                typed,
                *catch_all(self._reask_word, expects_text=True),
            ],
            self.own_word_state: [
                back,
                typed,
                *catch_all(self._reask_own, expects_text=True),
            ],
        }


def escape_word(picked: PickedFeeling) -> str:
    """The picked word as every message shows it, ready for HTML (a typed word is the
    person's own text)."""
    return html.escape(button_label(picked.word))
