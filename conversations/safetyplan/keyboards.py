"""The safety plan's button payloads and keyboards."""

from __future__ import annotations

import re
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.safety.plan import SECTIONS
from conversations.common.callback import Payload
from conversations.menu import MenuPick
from conversations.safetyplan import texts


@dataclass(frozen=True)
class Pick(Payload):
    """A section to write or change: `plan:s:reasons`."""

    PREFIX = "plan:s"
    key: str


@dataclass(frozen=True)
class Action(Payload):
    """`plan:a:use`, `plan:a:keep`, `plan:a:clear`, `plan:a:back`, `plan:a:show`, `plan:a:done`."""

    PREFIX = "plan:a"
    name: str


START = MenuPick("safetyplan")
START_PATTERN = re.compile(rf"^{re.escape(START.pack())}$")


def _button(label: str, payload: Payload) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=payload.pack())


def overview(filled: set[str]) -> InlineKeyboardMarkup:
    """One button per section (✓ when written), then show and done."""
    rows = [
        [
            _button(
                texts.SECTION_LINE.format(title=s.title) if s.key in filled else s.title,
                Pick(s.key),
            )
        ]
        for s in SECTIONS
    ]
    if filled:
        rows.append([_button(texts.SHOW_LABEL, Action("show"))])
    rows.append([_button(texts.DONE_LABEL, Action("done"))])
    return InlineKeyboardMarkup(rows)


def section(*, written: bool, prefill: bool) -> InlineKeyboardMarkup:
    """Under a section's question: use the suggestion, keep, clear, or go back."""
    rows = []
    if prefill:
        rows.append([_button(texts.USE_LABEL, Action("use"))])
    if written:
        rows.append([_button(texts.KEEP_LABEL, Action("keep"))])
        rows.append([_button(texts.CLEAR_LABEL, Action("clear"))])
    rows.append([_button(texts.BACK_LABEL, Action("back"))])
    return InlineKeyboardMarkup(rows)


def start_button(label: str) -> InlineKeyboardMarkup:
    """A single button that opens the plan (for /settings)."""
    return InlineKeyboardMarkup([[_button(label, START)]])
