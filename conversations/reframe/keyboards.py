"""The reframe's button payloads and keyboards."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from conversations.common.callback import Payload
from conversations.pickers.payloads import feeling_payloads, scale_pick
from conversations.reframe import texts

HEAVINESS = range(11)  # 0 (not heavy at all) … 10 (as heavy as it gets)


@dataclass(frozen=True)
class Check(Payload):
    """The thought check: `rf:c:fact`, `rf:c:assumption`, `rf:c:unsure`, `rf:c:skip`."""

    PREFIX = "rf:c"
    answer: str


FEELING_PAYLOADS = feeling_payloads("rf", "f")  # rf:fq, rf:fw, rf:fp, rf:fo, rf:fb
HEAVY_BEFORE = scale_pick("rf:hb")  # how heavy it feels at the start: rf:hb:7
HEAVY_AFTER = scale_pick("rf:ha")  # and at the end: rf:ha:4
CHECK_ANSWERS = ("fact", "assumption", "unsure")
SKIP = "skip"


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
