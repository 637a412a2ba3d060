"""Onboarding's button payloads and keyboards."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from conversations.common.callback import Payload
from conversations.onboarding import texts
from conversations.pickers.payloads import time_pick, zone_payloads


@dataclass(frozen=True)
class Consent(Payload):
    """`onb:c:yes`, `onb:c:no`, `onb:c:what`."""

    PREFIX = "onb:c"
    answer: str


ZONE_PAYLOADS = zone_payloads("onb")
TIME_PICK = time_pick("onb:t")


def consent() -> InlineKeyboardMarkup:
    """Agree, decline, or read what is stored first."""
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(texts.CONSENT_YES, callback_data=Consent("yes").pack())],
            [InlineKeyboardButton(texts.CONSENT_WHAT, callback_data=Consent("what").pack())],
            [InlineKeyboardButton(texts.CONSENT_NO, callback_data=Consent("no").pack())],
        ]
    )
