"""The weekly chart: wins per week (bars) over reframe relief per week (dots), as an opaque PNG."""

from __future__ import annotations

import io
import math

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from bot.digest import texts
from bot.digest.compute import Digest

WIDTH, HEIGHT, DPI = 1000, 560, 100
BACKGROUND = "#FAF7F2"  # opaque off-white: survives Telegram's JPEG step, reads in dark themes
INK = "#2B2B2B"
MUTED = "#8A8580"
BAR = "#3E7C59"
LINE = "#C0562F"
TITLE_SIZE, LABEL_SIZE, VALUE_SIZE = 18, 14, 14
MIN_SLOTS = 4  # room for at least this many weeks, so one week is not one huge bar


def _style(axes: Axes) -> None:
    """Plain axes: no box, no frame lines but the baseline, big dark tick labels."""
    for side in ("top", "right", "left"):
        axes.spines[side].set_visible(False)
    axes.spines["bottom"].set_color(MUTED)
    axes.set_facecolor(BACKGROUND)
    axes.tick_params(colors=INK, labelsize=LABEL_SIZE, length=0, pad=6)
    axes.yaxis.set_major_locator(MaxNLocator(nbins=4, integer=True))
    axes.grid(axis="y", color="#E4DED6", linewidth=1)
    axes.set_axisbelow(True)


def render_chart(digest: Digest) -> bytes:
    """Draw the chart and return PNG bytes.

    Synchronous and CPU-bound (about 100 ms), but thread-safe: each call builds its own `Figure`
    on its own Agg canvas, with no pyplot and no global state changed. Call it with
    `await asyncio.to_thread(render_chart, digest)` so it never blocks the event loop.
    """
    figure = draw_chart(digest)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", facecolor=BACKGROUND, dpi=DPI)
    return buffer.getvalue()


def draw_chart(digest: Digest) -> Figure:
    """The chart as a matplotlib `Figure`: bars of wins (a quiet week shows its 0) over dots of
    relief, the weeks named by their first date under an axis label that says so."""
    series = digest.series
    positions = list(range(len(series)))
    labels = [texts.short_date(week.start) for week in series]
    wins = [week.wins for week in series]
    relief = [math.nan if week.relief is None else week.relief for week in series]

    figure = Figure(figsize=(WIDTH / DPI, HEIGHT / DPI), dpi=DPI, facecolor=BACKGROUND)
    FigureCanvasAgg(figure)
    top, bottom = figure.subplots(2, 1, sharex=True, height_ratios=(3, 2))
    figure.subplots_adjust(left=0.06, right=0.98, top=0.91, bottom=0.15, hspace=0.45)

    _style(top)
    bars = top.bar(positions, wins, width=0.6, color=BAR)
    top.bar_label(bars, [str(n) for n in wins], color=INK, fontsize=VALUE_SIZE)
    top.set_ylim(0, max([1, *wins]) * 1.25)
    top.set_title(texts.CHART_WINS, loc="left", color=INK, fontsize=TITLE_SIZE, pad=12)

    _style(bottom)
    known = [value for value in relief if not math.isnan(value)]
    if known:
        bottom.axhline(0, color=MUTED, linewidth=1)
        bottom.plot(positions, relief, color=LINE, linewidth=2.5, marker="o", markersize=9)
        for x, value in zip(positions, relief, strict=True):
            if not math.isnan(value):
                bottom.annotate(
                    texts.number(value),
                    (x, value),
                    xytext=(0, 10),
                    textcoords="offset points",
                    ha="center",
                    color=INK,
                    fontsize=VALUE_SIZE,
                )
        low, high = min([0.0, *known]), max([1.0, *known])
        margin = (high - low) * 0.2
        bottom.set_ylim(low - (margin if low < 0 else 0), high + margin)
    else:
        bottom.set_ylim(0, 1)
        bottom.set_yticks([])
        bottom.text(
            0.5,
            0.5,
            texts.CHART_NO_REFRAMES,
            transform=bottom.transAxes,
            ha="center",
            va="center",
            color=MUTED,
            fontsize=LABEL_SIZE,
        )
    bottom.set_title(texts.CHART_RELIEF, loc="left", color=INK, fontsize=TITLE_SIZE, pad=12)
    bottom.set_xticks(positions, labels)
    pad = max(0, MIN_SLOTS - len(series)) / 2  # a short history stays centred, bars stay slim
    bottom.set_xlim(-0.6 - pad, len(series) - 0.4 + pad)
    bottom.set_xlabel(texts.CHART_WEEKS, color=MUTED, fontsize=LABEL_SIZE, labelpad=8)
    return figure


def chart_caption(digest: Digest) -> str:
    """A short caption for the chart photo (well under Telegram's 1,024 characters)."""
    start = digest.series[0].start if digest.series else digest.week[0]
    return texts.CAPTION.format(start=texts.short_date(start), end=texts.short_date(digest.today))
