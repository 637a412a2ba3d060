"""`/history`'s page buttons."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from conversations.common.callback import Payload
from conversations.history import texts


@dataclass(frozen=True)
class Page(Payload):
    """A page of the history, newest first from 0: `hist:p:2`."""

    PREFIX = "hist:p"
    page: int


def pages(page: int, page_count: int) -> InlineKeyboardMarkup | None:
    """Newer and older, where there is something to turn to."""
    row = []
    if page > 0:
        row.append(InlineKeyboardButton(texts.NEWER, callback_data=Page(page - 1).pack()))
    if page + 1 < page_count:
        row.append(InlineKeyboardButton(texts.OLDER, callback_data=Page(page + 1).pack()))
    return InlineKeyboardMarkup([row]) if row else None
