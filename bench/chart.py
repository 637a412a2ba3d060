"""Chart: CPU milliseconds per weekly chart, for the renderer before and the renderer now.

Each renderer draws the same chart (a year's history: twelve weeks of bars, relief dots with
gaps) `--repeat` times in a spawned worker process of its own, as the bot does, and the worker
measures its own CPU time (`time.process_time`) around each chart. The first chart in a worker
(cold: fonts and caches loaded) is reported apart; the rest are warm (median and p95).

Renderers:
- `matplotlib` — the chart as it was drawn before (kept here, in this file, for comparison):
  a new `Figure` per chart, Agg, 1000 × 560 at 100 dpi;
- `matplotlib-72dpi` — the same figure saved at 72 dpi (720 × 403 px): what a lower DPI buys;
- `matplotlib-reused` — one figure drawn once, then saved again unchanged for every chart: the
  floor of any "prepare one figure, only update the artists' data" scheme (its draw can only
  cost more than this);
- `pillow` — the renderer now (`bot.digest.chart_png`): a layout in pixels painted with Pillow;
- `pillow-zlib6` — the same with zlib's default compression instead of the fastest level.

    PYTHONPATH=. python bench/chart.py --repeat 30
"""

from __future__ import annotations

import argparse
import io
import math
import multiprocessing
import statistics
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, date, datetime, timedelta

from benchlib import Report, calibrate, fmt, percentile

from bot.digest import build_digest
from bot.digest.chart import chart_data
from bot.digest.chart_layout import ChartData
from bot.store.entries import Entry, Reframe, Win

TODAY = date(2026, 11, 22)
TARGET_MS = 40.0
RENDERERS = ("matplotlib", "matplotlib-72dpi", "matplotlib-reused", "pillow", "pillow-zlib6")


def a_year() -> ChartData:
    """The chart of a year: a win most days, a reframe every eleven days (weeks without)."""
    entries: list[Entry] = []

    def stamp(day: date) -> dict[str, object]:
        created = datetime(day.year, day.month, day.day, 8, tzinfo=UTC)
        return {"id": len(entries) + 1, "created_at": created, "local_date": day}

    for days_ago in range(364, -1, -1):
        day = TODAY - timedelta(days=days_ago)
        if days_ago % 5:
            entries.append(Win(**stamp(day), text="w", progress_kind="paused"))
        if days_ago % 11 == 0:
            entries.append(
                Reframe(
                    **stamp(day),
                    situation="s",
                    critic="c",
                    heaviness_before=8,
                    feeling="sad",
                    friend_words="f",
                    critic_is=None,
                    heaviness_after=8 - days_ago % 6,
                )
            )
    return chart_data(build_digest(entries, TODAY))


# --- The renderer before: matplotlib, as it was in bot/digest/chart.py ----------------------


def _matplotlib_figure(data: ChartData):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    from bot.digest import texts
    from bot.digest.chart_layout import BACKGROUND, BAR, INK, LINE, MIN_SLOTS, MUTED

    def style(axes) -> None:
        for side in ("top", "right", "left"):
            axes.spines[side].set_visible(False)
        axes.spines["bottom"].set_color(MUTED)
        axes.set_facecolor(BACKGROUND)
        axes.tick_params(colors=INK, labelsize=14, length=0, pad=6)
        axes.yaxis.set_major_locator(MaxNLocator(nbins=4, integer=True))
        axes.grid(axis="y", color="#E4DED6", linewidth=1)
        axes.set_axisbelow(True)

    positions = list(range(len(data.wins)))
    wins = list(data.wins)
    relief = [math.nan if value is None else value for value in data.relief]
    figure = Figure(figsize=(10, 5.6), dpi=100, facecolor=BACKGROUND)
    FigureCanvasAgg(figure)
    top, bottom = figure.subplots(2, 1, sharex=True, height_ratios=(3, 2))
    figure.subplots_adjust(left=0.06, right=0.98, top=0.91, bottom=0.15, hspace=0.45)
    style(top)
    bars = top.bar(positions, wins, width=0.6, color=BAR)
    top.bar_label(bars, [str(n) for n in wins], color=INK, fontsize=14)
    top.set_ylim(0, max([1, *wins]) * 1.25)
    top.set_title(texts.CHART_WINS, loc="left", color=INK, fontsize=18, pad=12)
    style(bottom)
    known = [value for value in relief if not math.isnan(value)]
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
                fontsize=14,
            )
    low, high = min([0.0, *known]), max([1.0, *known])
    margin = (high - low) * 0.2
    bottom.set_ylim(low - (margin if low < 0 else 0), high + margin)
    bottom.set_title(texts.CHART_RELIEF, loc="left", color=INK, fontsize=18, pad=12)
    bottom.set_xticks(positions, list(data.labels))
    pad = max(0, MIN_SLOTS - len(wins)) / 2
    bottom.set_xlim(-0.6 - pad, len(wins) - 0.4 + pad)
    bottom.set_xlabel(texts.CHART_WEEKS, color=MUTED, fontsize=14, labelpad=8)
    return figure


def _save(figure, dpi: int) -> bytes:
    from bot.digest.chart_layout import BACKGROUND

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", facecolor=BACKGROUND, dpi=dpi)
    return buffer.getvalue()


def _renderer(name: str, data: ChartData) -> Callable[[], bytes]:
    if name == "matplotlib":
        return lambda: _save(_matplotlib_figure(data), 100)
    if name == "matplotlib-72dpi":
        return lambda: _save(_matplotlib_figure(data), 72)
    if name == "matplotlib-reused":
        figure = _matplotlib_figure(data)
        return lambda: _save(figure, 100)
    from bot.digest import chart_png

    if name == "pillow":
        return lambda: chart_png.draw_png(data)
    if name == "pillow-zlib6":

        def level6() -> bytes:
            layout = chart_png.lay_out(data)
            saved, chart_png.COMPRESS_LEVEL = chart_png.COMPRESS_LEVEL, 6
            try:
                return chart_png.paint(layout)
            finally:
                chart_png.COMPRESS_LEVEL = saved

        return level6
    raise ValueError(name)


def measure(name: str, data: ChartData, repeat: int) -> tuple[float, list[float], int]:
    """In the worker: CPU ms of the first chart, of each warm chart, and the PNG's size."""
    draw = _renderer(name, data)
    start = time.process_time()
    png = draw()
    cold = (time.process_time() - start) * 1000
    warm = []
    for _ in range(repeat):
        start = time.process_time()
        draw()
        warm.append((time.process_time() - start) * 1000)
    return cold, warm, len(png)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=30, help="warm charts per renderer")
    parser.add_argument("--renderers", default=",".join(RENDERERS))
    parser.add_argument("--no-append", action="store_true")
    args = parser.parse_args(argv)
    names = [name for name in args.renderers.split(",") if name]
    report = Report("Chart")
    report.add("machine speed reference (before)", f"{fmt(calibrate(), 1)} ms")
    data = a_year()
    report.add(
        "chart drawn",
        f"{len(data.wins)} weeks, {sum(v is not None for v in data.relief)} with relief",
    )
    results: dict[str, tuple[float, list[float], int]] = {}
    context = multiprocessing.get_context("spawn")
    for name in names:
        with ProcessPoolExecutor(max_workers=1, mp_context=context) as worker:
            results[name] = worker.submit(measure, name, data, args.repeat).result()
    before = statistics.median(results["matplotlib"][1]) if "matplotlib" in results else None
    for name, (cold, warm, size) in results.items():
        median = statistics.median(warm)
        report.add(
            f"{name}: CPU per chart, warm (median of {len(warm)})",
            f"{fmt(median)} ms",
            baseline=f"matplotlib {fmt(before)} ms" if before and name != "matplotlib" else "",
            ratio=f"{fmt(median / before)}×" if before and name != "matplotlib" else "",
            target=f"≤ {TARGET_MS:.0f} ms",
            met=median <= TARGET_MS,
        )
        report.add(
            f"{name}: warm p95 / first in the worker (cold)",
            f"{fmt(percentile(warm, 95))} ms / {fmt(cold)} ms",
        )
        report.add(f"{name}: PNG size", f"{size / 1024:.0f} KB")
    report.note(
        "CPU time of the worker process (time.process_time) around each chart; the old "
        "renderer is kept in bench/chart.py. Small N on a shared machine: to be re-measured."
    )
    report.add("machine speed reference (after)", f"{fmt(calibrate(), 1)} ms")
    if not args.no_append:
        report.append()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
