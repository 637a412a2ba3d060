"""Where everything on the weekly chart goes, in pixels: pure geometry, no drawing.

Two panels, one above the other: bars of small wins per week (every bar labelled with its
number, a quiet week's 0 included), then dots of average reframe relief per week (joined where
weeks follow each other, a gap where a week had none), the weeks named under the lower panel by
their first date, under an axis label that says so. `chart_png` paints the result.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from bot.digest import texts

WIDTH, HEIGHT = 1000, 560
BACKGROUND = "#FAF7F2"  # opaque off-white: survives Telegram's JPEG step, reads in dark themes
INK = "#2B2B2B"
MUTED = "#8A8580"
GRID = "#E4DED6"
BAR = "#3E7C59"
LINE = "#C0562F"
# Pixel sizes of the text (the old chart's 18 pt and 14 pt at 100 dpi).
TITLE_SIZE, LABEL_SIZE = 25, 19
LEFT, RIGHT = 60, 980  # the plotting area's sides; tick labels sit left of LEFT
TICK_GAP = 8  # between a tick label and the plotting area, or a bar and its number
DOT_RADIUS = 6.5
LINE_WIDTH = 3.5
MIN_SLOTS = 4  # room for at least this many weeks, so one week is not one huge bar
BAR_WIDTH = 0.6  # of a week's slot


@dataclass(frozen=True)
class ChartData:
    """What the chart shows, and nothing else (no words a person wrote): small to send to a
    worker process, and the same data always draws the same PNG."""

    labels: tuple[str, ...]  # each week's first date, "Nov 16"
    wins: tuple[int, ...]
    relief: tuple[float | None, ...]  # None: no reframe that week


@dataclass(frozen=True)
class Panel:
    """One plotting area, in pixels, and the data range it shows."""

    top: float
    bottom: float
    low: float
    high: float

    def y(self, value: float) -> float:
        """The pixel row of a data value."""
        return self.bottom - (value - self.low) / (self.high - self.low) * (self.bottom - self.top)


@dataclass(frozen=True)
class Box:
    """A filled rectangle: a bar, a grid line, an axis line."""

    x0: float
    y0: float
    x1: float
    y1: float
    color: str


@dataclass(frozen=True)
class Label:
    """A piece of text; `anchor` is Pillow's two-letter anchor ("mb": middle, bottom)."""

    text: str
    x: float
    y: float
    size: int
    color: str
    anchor: str


@dataclass(frozen=True)
class Layout:
    """Everything to paint, back to front: boxes, then relief runs and dots, then labels."""

    boxes: tuple[Box, ...]
    runs: tuple[tuple[tuple[float, float], ...], ...]  # joined relief points, weeks in a row
    dots: tuple[tuple[float, float], ...]
    labels: tuple[Label, ...]
    relief_area: tuple[float, float]  # top and bottom pixel rows the relief line may cover


WINS_TITLE_Y = 14
WINS_PANEL = (62.0, 262.0)
RELIEF_TITLE_Y = 298
RELIEF_PANEL = (352.0, 472.0)
X_LABELS_Y = 482
AXIS_LABEL_Y = 522


def nice_ticks(low: float, high: float, most: int = 5) -> list[int]:
    """Whole-number ticks from `low` to `high`, at most `most` of them, on a step of 1, 2 or 5
    times a power of ten (like matplotlib's `MaxNLocator(integer=True)`)."""
    span = max(high - low, 1.0)
    step = 1
    for magnitude in (1, 10, 100, 1000, 10000):
        for base in (1, 2, 5):
            step = base * magnitude
            if span / step <= most - 1:
                first = math.ceil(low / step) * step
                return list(range(first, math.floor(high) + 1, step))
    first = math.ceil(low / step) * step
    return list(range(first, math.floor(high) + 1, step))


def _y_axis(panel: Panel, ticks: list[int]) -> tuple[list[Box], list[Label]]:
    """Grid lines and tick labels for a panel, and its baseline."""
    boxes, labels = [], []
    for tick in ticks:
        y = round(panel.y(tick))
        boxes.append(Box(LEFT, y, RIGHT, y, GRID))
        labels.append(Label(str(tick), LEFT - TICK_GAP, y, LABEL_SIZE, INK, "rm"))
    return boxes, labels


def lay_out(data: ChartData) -> Layout:
    """Place the bars, dots, lines and text of the chart for `data`."""
    weeks = len(data.wins)
    pad = max(0, MIN_SLOTS - weeks) / 2  # a short history stays centred, bars stay slim
    x_low, x_high = -0.6 - pad, weeks - 0.4 + pad
    slot = (RIGHT - LEFT) / (x_high - x_low)

    def x(position: float) -> float:
        return LEFT + (position - x_low) * slot

    boxes: list[Box] = []
    labels: list[Label] = [
        Label(texts.CHART_WINS, LEFT, WINS_TITLE_Y, TITLE_SIZE, INK, "la"),
        Label(texts.CHART_RELIEF, LEFT, RELIEF_TITLE_Y, TITLE_SIZE, INK, "la"),
    ]

    # Small wins: bars from 0, each with its number above it (a quiet week shows its 0).
    wins_panel = Panel(*WINS_PANEL, 0, max([1, *data.wins]) * 1.25)
    grid, tick_labels = _y_axis(wins_panel, nice_ticks(0, wins_panel.high))
    boxes += grid
    labels += tick_labels
    half = BAR_WIDTH * slot / 2
    for position, count in enumerate(data.wins):
        top = wins_panel.y(count)
        if count:
            boxes.append(Box(x(position) - half, top, x(position) + half, wins_panel.bottom, BAR))
        labels.append(Label(str(count), x(position), top - TICK_GAP, LABEL_SIZE, INK, "mb"))
    boxes.append(Box(LEFT, wins_panel.bottom, RIGHT, wins_panel.bottom, MUTED))

    # Reframe relief: dots, joined only across weeks in a row that both had a reframe.
    known = [value for value in data.relief if value is not None]
    runs: list[tuple[tuple[float, float], ...]] = []
    dots: list[tuple[float, float]] = []
    if known:
        low, high = min([0.0, *known]), max([1.0, *known])
        margin = (high - low) * 0.2
        relief_panel = Panel(*RELIEF_PANEL, low - (margin if low < 0 else 0), high + margin)
        grid, tick_labels = _y_axis(relief_panel, nice_ticks(relief_panel.low, relief_panel.high))
        boxes += grid
        labels += tick_labels
        zero = round(relief_panel.y(0))
        boxes.append(Box(LEFT, zero, RIGHT, zero, MUTED))
        run: list[tuple[float, float]] = []
        for position, value in enumerate(data.relief):
            if value is None:
                if len(run) > 1:
                    runs.append(tuple(run))
                run = []
                continue
            point = (x(position), relief_panel.y(value))
            run.append(point)
            dots.append(point)
            number = texts.number(value)
            y_text = point[1] - DOT_RADIUS - TICK_GAP
            labels.append(Label(number, point[0], y_text, LABEL_SIZE, INK, "mb"))
        if len(run) > 1:
            runs.append(tuple(run))
    else:
        relief_panel = Panel(*RELIEF_PANEL, 0, 1)
        middle = (relief_panel.top + relief_panel.bottom) / 2
        labels.append(
            Label(texts.CHART_NO_REFRAMES, (LEFT + RIGHT) / 2, middle, LABEL_SIZE, MUTED, "mm")
        )
    boxes.append(Box(LEFT, relief_panel.bottom, RIGHT, relief_panel.bottom, MUTED))

    # The weeks, named under the lower panel, and what those names are.
    for position, name in enumerate(data.labels):
        labels.append(Label(name, x(position), X_LABELS_Y, LABEL_SIZE, INK, "mt"))
    labels.append(
        Label(texts.CHART_WEEKS, (LEFT + RIGHT) / 2, AXIS_LABEL_Y, LABEL_SIZE, MUTED, "mt")
    )
    area = (RELIEF_PANEL[0] - DOT_RADIUS - 2, RELIEF_PANEL[1] + DOT_RADIUS + 2)
    return Layout(tuple(boxes), tuple(runs), tuple(dots), tuple(labels), area)
