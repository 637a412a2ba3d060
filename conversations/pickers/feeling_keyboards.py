"""The feeling picker's keyboards: pure functions of a host flow's payloads and what to show."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.content.feelings import (
    MIXED_WORDS,
    QUADRANT_LABELS,
    Quadrant,
    feeling_by_key,
    feelings_in,
    shown_word,
)
from conversations.common.callback import Payload
from conversations.pickers import feeling_texts as texts
from conversations.pickers.payloads import FeelingPayloads

PAGE_SIZE = 9
MAX_PER_ROW = 3
# Telegram gives every button in a row the same width, so a row holds as many words as its
# longest one allows: three short words, two longer ones, or one long one on its own line.
ROW_BUDGET = 33
# The quadrant payload's other values: "I'm not sure" and its two questions' answers.
UNSURE, CHARGED, LOW, MIXED_CHARGED, MIXED_LOW = "unsure", "e1", "e0", "mix1", "mix0"


def button_label(word: str) -> str:
    """A feeling word as every message shows it: `at ease` → `At ease`."""
    return shown_word(word)


def page_count(quadrant: Quadrant) -> int:
    """How many pages a quadrant's words take."""
    return max(1, -(-len(feelings_in(quadrant)) // PAGE_SIZE))


def _too_wide(labels: list[str]) -> bool:
    return max(len(label) for label in labels) * len(labels) > ROW_BUDGET


def _button(label: str, payload: Payload) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=payload.pack())


def quadrant_keyboard(payloads: FeelingPayloads) -> InlineKeyboardMarkup:
    """The four areas, one to a row (their labels are long), then "I'm not sure"."""
    rows = [[_button(QUADRANT_LABELS[q], payloads.quadrant(q.value))] for q in Quadrant]
    rows.append([_button(texts.NOT_SURE, payloads.quadrant(UNSURE))])
    return InlineKeyboardMarkup(rows)


def energy_keyboard(payloads: FeelingPayloads) -> InlineKeyboardMarkup:
    """ "I'm not sure", first question: more charged, or lower?"""
    q = payloads.quadrant
    return InlineKeyboardMarkup(
        [
            [_button(texts.CHARGED, q(CHARGED)), _button(texts.LOW, q(LOW))],
            [_button(texts.BACK, payloads.back())],
        ]
    )


def pleasant_keyboard(payloads: FeelingPayloads, charged: bool) -> InlineKeyboardMarkup:
    """ "I'm not sure", second question: more pleasant, more unpleasant, or hard to tell?"""
    q = payloads.quadrant
    pleasant = Quadrant.PLEASANT_ENERGISED if charged else Quadrant.PLEASANT_CALM
    unpleasant = Quadrant.UNPLEASANT_STIRRED if charged else Quadrant.UNPLEASANT_LOW
    return InlineKeyboardMarkup(
        [
            [
                _button(texts.PLEASANT, q(pleasant.value)),
                _button(texts.UNPLEASANT, q(unpleasant.value)),
            ],
            [_button(texts.HARD_TO_TELL, q(MIXED_CHARGED if charged else MIXED_LOW))],
            [_button(texts.BACK, payloads.back())],
        ]
    )


def mixed_keyboard(payloads: FeelingPayloads, charged: bool) -> InlineKeyboardMarkup:
    """Words from both sides, when pleasant or unpleasant is hard to tell."""
    feelings = [f for key in MIXED_WORDS[charged] if (f := feeling_by_key(key)) is not None]
    rows = [
        [_button(button_label(f.word), payloads.word(f.key)) for f in feelings[i : i + 3]]
        for i in range(0, len(feelings), 3)
    ]
    rows.append([_button(texts.BACK, payloads.back())])
    return InlineKeyboardMarkup(rows)


def word_keyboard(payloads: FeelingPayloads, quadrant: Quadrant, page: int) -> InlineKeyboardMarkup:
    """One page of a quadrant's words, then Back / More, then "None of these"."""
    words = feelings_in(quadrant)[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
    rows: list[list[InlineKeyboardButton]] = []
    for feeling in words:
        label = button_label(feeling.word)
        row = rows[-1] if rows else None
        if row is None or len(row) >= MAX_PER_ROW or _too_wide([*(b.text for b in row), label]):
            rows.append([])
        rows[-1].append(_button(label, payloads.word(feeling.key)))
    back = payloads.page(quadrant.value, page - 1) if page > 0 else payloads.back()
    nav = [_button(texts.BACK, back)]
    if page + 1 < page_count(quadrant):
        nav.append(_button(texts.MORE, payloads.page(quadrant.value, page + 1)))
    rows.append(nav)
    rows.append([_button(texts.NONE_OF_THESE, payloads.own(quadrant.value))])
    return InlineKeyboardMarkup(rows)


def back_keyboard(payloads: FeelingPayloads) -> InlineKeyboardMarkup:
    """Under "type your own word": back to the four areas."""
    return InlineKeyboardMarkup([[_button(texts.BACK, payloads.back())]])
