"""The small win's button payloads and keyboards."""

from __future__ import annotations

import re
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.content.progress import PROGRESS_KINDS
from conversations.common.callback import Payload
from conversations.menu import MenuPick, start_button
from conversations.win import texts


@dataclass(frozen=True)
class KindPick(Payload):
    """The kind of progress a win was: `win:k:paused` (the key only, never user text)."""

    PREFIX = "win:k"
    key: str


@dataclass(frozen=True)
class Meanings(Payload):
    """ "What do these mean?" under the kinds: `win:m`."""

    PREFIX = "win:m"


@dataclass(frozen=True)
class Done(Payload):
    """The "That's all for now" button under the acknowledgement: `win:done`."""

    PREFIX = "win:done"


# The menu's button (the daily prompt reuses it) and "Note another win" both start the flow.
START = MenuPick("win")
START_PATTERN = re.compile(rf"^{re.escape(START.pack())}$")


def _button(label: str, payload: Payload) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=payload.pack())


def kinds(*, explain: bool = False) -> InlineKeyboardMarkup:
    """One button per kind of progress, one per row so the labels fit on a phone; with
    `explain`, a last button that shows what each kind means."""
    rows = [[_button(k.label, KindPick(k.key))] for k in PROGRESS_KINDS]
    if explain:
        rows.append([_button(texts.MEANINGS_LABEL, Meanings())])
    return InlineKeyboardMarkup(rows)


def after_saving() -> InlineKeyboardMarkup:
    """What next: another win, a feeling, or done."""
    return InlineKeyboardMarkup(
        [
            [_button(texts.AGAIN_LABEL, START)],
            [start_button("feel")],
            [_button(texts.DONE_LABEL, Done())],
        ]
    )
