"""Settings' button payloads and keyboards."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.weekdays import WEEKDAYS
from conversations.common import texts as common_texts
from conversations.common.callback import Payload
from conversations.menu import start_button
from conversations.pickers.payloads import time_pick, zone_payloads
from conversations.settings import texts


@dataclass(frozen=True)
class Choice(Payload):
    """A settings menu button: `set:m:tz`."""

    PREFIX = "set:m"
    action: str


@dataclass(frozen=True)
class DigestDay(Payload):
    """A weekday for the look-back (Monday is 0)."""

    PREFIX = "set:d"
    weekday: int


@dataclass(frozen=True)
class Pause(Payload):
    """Pause for a number of days (0: until resumed)."""

    PREFIX = "set:p"
    days: int


ZONE_PAYLOADS = zone_payloads("set")
PROMPT_TIME = time_pick("set:t")
DIGEST_TIME = time_pick("set:dt")


def _button(label: str, payload: Payload) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=payload.pack())


def settings_menu(paused: bool, skip_if_checked_in: bool = True) -> InlineKeyboardMarkup:
    """What can be changed."""
    pause = (
        _button(texts.RESUME_LABEL, Choice("resume"))
        if paused
        else _button(texts.PAUSE_LABEL, Choice("pause"))
    )
    return InlineKeyboardMarkup(
        [
            [_button(texts.ZONE_LABEL, Choice("zone"))],
            [_button(texts.TIME_LABEL, Choice("time"))],
            [_button(texts.DIGEST_LABEL, Choice("digest"))],
            [pause],
            [
                _button(texts.SKIP_TURN_OFF_LABEL, Choice("skip_off"))
                if skip_if_checked_in
                else _button(texts.SKIP_TURN_ON_LABEL, Choice("skip_on"))
            ],
            [start_button("safetyplan")],
            [_button(texts.DONE_LABEL, Choice("done"))],
        ]
    )


def weekdays() -> InlineKeyboardMarkup:
    """Seven days, then Back."""
    days = [_button(name, DigestDay(index)) for index, name in enumerate(WEEKDAYS)]
    return InlineKeyboardMarkup(
        [days[0:3], days[3:5], days[5:7], [_button(texts.BACK, Choice("menu"))]]
    )


def pause_lengths() -> InlineKeyboardMarkup:
    """How long to pause, then Back."""
    lengths = [_button(label, Pause(days)) for days, label in common_texts.PAUSE_DAYS.items()]
    return InlineKeyboardMarkup(
        [
            lengths[:2],
            lengths[2:],
            [_button(common_texts.PAUSE_FOREVER, Pause(0))],
            [_button(texts.BACK, Choice("menu"))],
        ]
    )
