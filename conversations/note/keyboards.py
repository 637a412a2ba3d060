"""The note's button payloads and keyboards."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from conversations.common.callback import Payload
from conversations.note import texts


@dataclass(frozen=True)
class AskQuestion(Payload):
    """Offer a journaling question (another one, when tapped again): `note:q`."""

    PREFIX = "note:q"


@dataclass(frozen=True)
class Again(Payload):
    """Write another note: `note:again`."""

    PREFIX = "note:again"


@dataclass(frozen=True)
class Done(Payload):
    """That's all for now: `note:done`."""

    PREFIX = "note:done"


def _button(label: str, payload: Payload) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=payload.pack())


def ask(*, asked: bool = False) -> InlineKeyboardMarkup:
    """A question to write from (or another one)."""
    label = texts.ANOTHER_LABEL if asked else texts.QUESTION_LABEL
    return InlineKeyboardMarkup([[_button(label, AskQuestion())]])


def after_saving() -> InlineKeyboardMarkup:
    """Another note, or done."""
    return InlineKeyboardMarkup(
        [[_button(texts.AGAIN_LABEL, Again())], [_button(texts.DONE_LABEL, Done())]]
    )
