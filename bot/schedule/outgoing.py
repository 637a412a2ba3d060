"""What the tick asks a composer for, and what the composer gives back: one delivery's message.

The tick sends what it is given; the flows' composer decides what a prompt or a digest says.
Both depend on this module, and neither on the other.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from telegram import InlineKeyboardMarkup

from bot.store.schedule import Due, Kind


@dataclass(frozen=True)
class Outgoing:
    """What to send for one delivery: text and buttons, optionally a photo first."""

    text: str
    keyboard: InlineKeyboardMarkup | None = None
    photo: bytes | None = None
    caption: str | None = None
    question_key: str | None = None


Compose = Callable[[Kind, Due], Awaitable[Outgoing]]
