"""The daily prompt's buttons."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from conversations.checkins import texts
from conversations.common.callback import Payload
from conversations.menu import MenuPick


@dataclass(frozen=True)
class CheckIn(Payload):
    """`chk:nt:20261122` (not today) or `chk:later:20261122`, for that local date's prompt."""

    PREFIX = "chk"
    action: str
    day: str


@dataclass(frozen=True)
class PauseFor(Payload):
    """`pause:3`: pause for days (0: until /resume)."""

    PREFIX = "pause"
    days: int


def day_code(day: date) -> str:
    """20261122."""
    return day.strftime("%Y%m%d")


@functools.lru_cache(maxsize=8)
def prompt(day: date) -> InlineKeyboardMarkup:
    """Start a flow, not today, or later (immutable, so shared by a fan-out's prompts)."""
    code = day_code(day)
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(texts.WIN_LABEL, callback_data=MenuPick("win").pack())],
            [InlineKeyboardButton(texts.FEEL_LABEL, callback_data=MenuPick("feel").pack())],
            [InlineKeyboardButton(texts.REFRAME_LABEL, callback_data=MenuPick("reframe").pack())],
            [
                InlineKeyboardButton(
                    texts.NOT_TODAY_LABEL, callback_data=CheckIn("nt", code).pack()
                ),
                InlineKeyboardButton(
                    texts.LATER_LABEL, callback_data=CheckIn("later", code).pack()
                ),
            ],
        ]
    )


PAUSE_LENGTHS = {1: "1 day", 3: "3 days", 7: "1 week", 14: "2 weeks", 0: "Until I resume"}


def pause_lengths() -> InlineKeyboardMarkup:
    """How long to pause."""
    buttons = [
        InlineKeyboardButton(label, callback_data=PauseFor(days).pack())
        for days, label in PAUSE_LENGTHS.items()
    ]
    return InlineKeyboardMarkup([buttons[:2], buttons[2:4], buttons[4:]])
