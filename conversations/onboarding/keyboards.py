"""Onboarding's button payloads and keyboards."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from conversations.common.callback import Payload
from conversations.onboarding import texts
from conversations.pickers.zone_picker import ZonePayloads


@dataclass(frozen=True)
class Consent(Payload):
    """`onb:c:yes`, `onb:c:no`, `onb:c:what`."""

    PREFIX = "onb:c"
    answer: str


@dataclass(frozen=True)
class ZonePick(Payload):
    """A time zone chosen from a list."""

    PREFIX = "onb:z"
    zone: str


@dataclass(frozen=True)
class ZoneTurn(Payload):
    """A page of the time zone list."""

    PREFIX = "onb:zp"
    page: int


@dataclass(frozen=True)
class ZoneRetry(Payload):
    """Type another place."""

    PREFIX = "onb:zr"


@dataclass(frozen=True)
class ZoneYes(Payload):
    """The local time shown is right."""

    PREFIX = "onb:zy"


@dataclass(frozen=True)
class TimePick(Payload):
    """A daily check-in time: `onb:t:2130`."""

    PREFIX = "onb:t"
    hhmm: str


ZONE_PAYLOADS = ZonePayloads(pick=ZonePick, turn=ZoneTurn, retry=ZoneRetry, yes=ZoneYes)


def consent() -> InlineKeyboardMarkup:
    """Agree, decline, or read what is stored first."""
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(texts.CONSENT_YES, callback_data=Consent("yes").pack())],
            [InlineKeyboardButton(texts.CONSENT_WHAT, callback_data=Consent("what").pack())],
            [InlineKeyboardButton(texts.CONSENT_NO, callback_data=Consent("no").pack())],
        ]
    )
