"""The button under a kept answer."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from conversations.common.callback import Payload
from conversations.reflect import texts


@dataclass(frozen=True)
class AsWin(Payload):
    """Note a kept answer as a small win too: `refl:win:12` (the reflection's id)."""

    PREFIX = "refl:win"
    reflection: int


def after_keeping(reflection_id: int) -> InlineKeyboardMarkup:
    """One tap to count the answer as a small win as well."""
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(texts.AS_WIN_LABEL, callback_data=AsWin(reflection_id).pack())]]
    )
