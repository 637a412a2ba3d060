"""Keyboards for the pickers: pure functions of what to show."""

from __future__ import annotations

from datetime import time

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.timeparse import format_time
from conversations.pickers import texts
from conversations.pickers.payloads import (
    ScalePick,
    TimePick,
    ZonePick,
    ZoneRetry,
    ZoneTurn,
    ZoneYes,
)

PAGE_SIZE = 8
COMMON_TIMES = (
    time(7, 30),
    time(8, 0),
    time(9, 0),
    time(12, 30),
    time(18, 0),
    time(20, 0),
    time(21, 0),
    time(22, 0),
)


def zone_options(
    options: list[tuple[str, str]],
    page: int,
    pick: type[ZonePick],
    turn: type[ZoneTurn],
    retry: type[ZoneRetry],
) -> InlineKeyboardMarkup:
    """One button per zone (label, zone), paged, with a way to type another place."""
    start = page * PAGE_SIZE
    shown = options[start : start + PAGE_SIZE]
    rows = [[InlineKeyboardButton(label, callback_data=pick(zone).pack())] for label, zone in shown]
    nav = []
    if page > 0:
        nav.append(InlineKeyboardButton(texts.BACK, callback_data=turn(page - 1).pack()))
    if start + PAGE_SIZE < len(options):
        nav.append(InlineKeyboardButton(texts.MORE, callback_data=turn(page + 1).pack()))
    if nav:
        rows.append(nav)
    rows.append([InlineKeyboardButton(texts.TYPE_AGAIN, callback_data=retry().pack())])
    return InlineKeyboardMarkup(rows)


def zone_confirm(yes: type[ZoneYes], retry: type[ZoneRetry]) -> InlineKeyboardMarkup:
    """Yes / try again, under the local time shown."""
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(texts.YES_ZONE, callback_data=yes().pack())],
            [InlineKeyboardButton(texts.NO_ZONE, callback_data=retry().pack())],
        ]
    )


def times(pick: type[TimePick]) -> InlineKeyboardMarkup:
    """Common check-in times, four to a row."""
    buttons = [
        InlineKeyboardButton(format_time(t), callback_data=pick(t.strftime("%H%M")).pack())
        for t in COMMON_TIMES
    ]
    return InlineKeyboardMarkup([buttons[:4], buttons[4:]])


def scale(pick: type[ScalePick], numbers: range) -> InlineKeyboardMarkup:
    """Every number on the scale, in two rows (the first one longer when they don't split
    evenly: 0–5 over 6–10)."""
    buttons = [InlineKeyboardButton(str(n), callback_data=pick(n).pack()) for n in numbers]
    half = (len(buttons) + 1) // 2
    return InlineKeyboardMarkup([buttons[:half], buttons[half:]])
