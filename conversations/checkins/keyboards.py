"""The daily prompt's buttons."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from conversations.checkins import texts
from conversations.common import pause
from conversations.common.callback import Payload
from conversations.menu import start_button


@dataclass(frozen=True)
class CheckIn(Payload):
    """`chk:nt:20261122` (not today), `chk:later:…` or `chk:tmr:…` (ask this question again
    tomorrow), for that local date's prompt."""

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


@functools.lru_cache(maxsize=16)
def prompt(day: date, *, later: bool = True) -> InlineKeyboardMarkup:
    """Start a flow, not today, or later; "Tomorrow" instead of "Later" when an hour from now
    falls in quiet hours (immutable, so shared by a fan-out's prompts)."""
    code = day_code(day)
    put_off = (
        InlineKeyboardButton(texts.LATER_LABEL, callback_data=CheckIn("later", code).pack())
        if later
        else InlineKeyboardButton(texts.TOMORROW_LABEL, callback_data=CheckIn("tmr", code).pack())
    )
    return InlineKeyboardMarkup(
        [
            [start_button("win")],
            [start_button("feel")],
            [start_button("reframe")],
            [
                InlineKeyboardButton(
                    texts.NOT_TODAY_LABEL, callback_data=CheckIn("nt", code).pack()
                ),
                put_off,
            ],
        ]
    )


def pause_lengths() -> InlineKeyboardMarkup:
    """How long to pause."""
    buttons = [
        InlineKeyboardButton(label, callback_data=PauseFor(days).pack())
        for days, label in pause.LENGTHS.items()
    ]
    return InlineKeyboardMarkup([buttons[:2], buttons[2:4], buttons[4:]])
