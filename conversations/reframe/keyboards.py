"""The reframe's button payloads and keyboards."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from conversations.common.callback import Payload
from conversations.feel.picker import FeelingPayloads
from conversations.reframe import texts

HEAVINESS = range(11)  # 0 (not heavy at all) … 10 (as heavy as it gets)


@dataclass(frozen=True)
class HeavyBefore(Payload):
    """How heavy it feels at the start: `rf:hb:7`."""

    PREFIX = "rf:hb"
    value: int


@dataclass(frozen=True)
class HeavyAfter(Payload):
    """How heavy it feels at the end: `rf:ha:4`."""

    PREFIX = "rf:ha"
    value: int


@dataclass(frozen=True)
class Check(Payload):
    """The thought check: `rf:c:fact`, `rf:c:assumption`, `rf:c:unsure`, `rf:c:skip`."""

    PREFIX = "rf:c"
    answer: str


@dataclass(frozen=True)
class FeelQuadrant(Payload):
    """The feeling picker: one of the four areas of feeling."""

    PREFIX = "rf:fq"
    q: str


@dataclass(frozen=True)
class FeelWord(Payload):
    """The feeling picker: a feeling word, by its key."""

    PREFIX = "rf:fw"
    key: str


@dataclass(frozen=True)
class FeelPage(Payload):
    """The feeling picker: a page of one area's words."""

    PREFIX = "rf:fp"
    q: str
    page: int


@dataclass(frozen=True)
class FeelOwn(Payload):
    """The feeling picker: "None of these", type your own word."""

    PREFIX = "rf:fo"
    q: str


@dataclass(frozen=True)
class FeelBack(Payload):
    """The feeling picker: back to the four areas."""

    PREFIX = "rf:fb"


FEELING_PAYLOADS = FeelingPayloads(
    quadrant=FeelQuadrant, word=FeelWord, page=FeelPage, own=FeelOwn, back=FeelBack
)
CHECK_ANSWERS = ("fact", "assumption", "unsure")
SKIP = "skip"


def _heaviness(payload: type[HeavyBefore] | type[HeavyAfter]) -> InlineKeyboardMarkup:
    buttons = [
        InlineKeyboardButton(str(value), callback_data=payload(value).pack()) for value in HEAVINESS
    ]
    return InlineKeyboardMarkup([buttons[:6], buttons[6:]])


def heaviness_before() -> InlineKeyboardMarkup:
    """0 to 10, in two rows."""
    return _heaviness(HeavyBefore)


def heaviness_after() -> InlineKeyboardMarkup:
    """0 to 10, in two rows (its own payloads, so an old first rating can't count as the last)."""
    return _heaviness(HeavyAfter)


def thought_check() -> InlineKeyboardMarkup:
    """Fact, Assumption, Not sure, Skip."""

    def button(label: str, answer: str) -> InlineKeyboardButton:
        return InlineKeyboardButton(label, callback_data=Check(answer).pack())

    return InlineKeyboardMarkup(
        [
            [button(texts.FACT, "fact"), button(texts.ASSUMPTION, "assumption")],
            [button(texts.NOT_SURE, "unsure"), button(texts.SKIP, SKIP)],
        ]
    )
