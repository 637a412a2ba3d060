"""/feel's button payloads and keyboards (the picker draws its own from these payloads)."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.safety import GROUNDING_LABEL
from conversations.common.callback import Payload
from conversations.feel import texts
from conversations.feel.picker import FeelingPayloads
from conversations.menu import MenuPick


@dataclass(frozen=True)
class QuadrantPick(Payload):
    """One of the four areas: `feel:q:ue`."""

    PREFIX = "feel:q"
    q: str


@dataclass(frozen=True)
class WordPick(Payload):
    """A feeling word: `feel:w:anxious`."""

    PREFIX = "feel:w"
    key: str


@dataclass(frozen=True)
class WordPage(Payload):
    """A page of an area's words: `feel:p:ue:1`."""

    PREFIX = "feel:p"
    q: str
    page: int


@dataclass(frozen=True)
class OwnWord(Payload):
    """None of these: type your own word (`feel:o:ue`)."""

    PREFIX = "feel:o"
    q: str


@dataclass(frozen=True)
class BackToAreas(Payload):
    """Back to the four areas."""

    PREFIX = "feel:b"


@dataclass(frozen=True)
class Intensity(Payload):
    """How strong, 1 to 10: `feel:i:7`."""

    PREFIX = "feel:i"
    value: int


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


PICKER_PAYLOADS = FeelingPayloads(
    quadrant=QuadrantPick, word=WordPick, page=WordPage, own=OwnWord, back=BackToAreas
)
# Any other /feel button (from an earlier conversation) starts the flow again; the offer's
# buttons are answered outside the flow instead (see `flow.handlers`).
ANY = r"^feel:(?!g(?::|$))"


def _button(label: str, payload: Payload) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=payload.pack())


def intensity() -> InlineKeyboardMarkup:
    """1 to 10, in two rows."""
    numbers = [_button(str(n), Intensity(n)) for n in range(1, 11)]
    return InlineKeyboardMarkup([numbers[:5], numbers[5:]])


def skip(step: str) -> InlineKeyboardMarkup:
    """One tap past an optional question."""
    return InlineKeyboardMarkup([[_button(texts.SKIP, Skip(step))]])


def offer() -> InlineKeyboardMarkup:
    """A minute of grounding, a reframe, or nothing at all."""
    return InlineKeyboardMarkup(
        [
            [_button(GROUNDING_LABEL, Offer("go"))],
            [_button(texts.REFRAME_LABEL, MenuPick("reframe"))],
            [_button(texts.NO_THANKS, Offer("no"))],
        ]
    )
