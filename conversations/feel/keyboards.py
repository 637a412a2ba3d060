"""/feel's button payloads and keyboards (the pickers draw their own from these payloads)."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.safety import GROUNDING_LABEL
from conversations.common.callback import Payload
from conversations.feel import texts
from conversations.menu import start_button
from conversations.pickers.payloads import feeling_payloads, scale_pick


@dataclass(frozen=True)
class Skip(Payload):
    """Skip an optional step: `feel:s:body`, `feel:s:about`."""

    PREFIX = "feel:s"
    step: str


@dataclass(frozen=True)
class Offer(Payload):
    """After a heavy feeling: `feel:g:go` (grounding) or `feel:g:no`. Works after the flow ended."""

    PREFIX = "feel:g"
    answer: str


PICKER_PAYLOADS = feeling_payloads("feel")  # feel:q, feel:w, feel:p, feel:o, feel:b
INTENSITY = scale_pick("feel:i")  # how strong, 1 to 10: feel:i:7
# Any other /feel button (from an earlier conversation) starts the flow again; the offer's
# buttons are answered outside the flow instead (see `flow.handlers`).
ANY = r"^feel:(?!g(?::|$))"


def _button(label: str, payload: Payload) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=payload.pack())


def skip(step: str) -> InlineKeyboardMarkup:
    """One tap past an optional question."""
    return InlineKeyboardMarkup([[_button(texts.SKIP, Skip(step))]])


def offer() -> InlineKeyboardMarkup:
    """A minute of grounding, a reframe, or nothing at all."""
    return InlineKeyboardMarkup(
        [
            [_button(GROUNDING_LABEL, Offer("go"))],
            [start_button("reframe")],
            [_button(texts.NO_THANKS, Offer("no"))],
        ]
    )
