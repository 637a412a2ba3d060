"""The setback's button payloads and keyboards."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from conversations.common.callback import Payload
from conversations.setback import texts


@dataclass(frozen=True)
class Skip(Payload):
    """Nothing to add about what helped: `sb:skip`."""

    PREFIX = "sb:skip"


def skip() -> InlineKeyboardMarkup:
    """Skip the optional question."""
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(texts.SKIP_LABEL, callback_data=Skip().pack())]]
    )
