"""The weekly chart: wins per week (bars) over reframe relief per week (dots), as an opaque PNG.

`render_chart` is synchronous and is called in a thread (`asyncio.to_thread`). While the
application runs, it hands the drawing to the chart worker processes (`chart_workers`) and only
waits for their answer, so the thread holds no GIL and the event loop keeps answering people;
without running workers (tests that drive the application directly, one-off tools) it draws in
the calling thread, which costs a few milliseconds (see docs/benchmarks.md).
"""

from __future__ import annotations

import logging

from bot.digest import chart_workers, texts
from bot.digest.chart_layout import ChartData
from bot.digest.chart_png import draw_png
from bot.digest.compute import Digest

log = logging.getLogger(__name__)


def chart_data(digest: Digest) -> ChartData:
    """What the chart shows of a digest: the weeks' names, wins and relief."""
    return ChartData(
        labels=tuple(texts.short_date(week.start) for week in digest.series),
        wins=tuple(week.wins for week in digest.series),
        relief=tuple(week.relief for week in digest.series),
    )


def render_chart(digest: Digest) -> bytes | None:
    """The chart as PNG bytes; None if drawing it failed (logged), so that the digest still
    goes out as text, which carries the same numbers.

    Blocks: call it with `await asyncio.to_thread(render_chart, digest)`. Raises
    `chart_workers.ChartsStopped` when the application stopped the workers meanwhile, so that
    a digest is not sent without its chart while the bot stops (it stays due).
    """
    data = chart_data(digest)
    workers = chart_workers.running()
    if workers is not None:
        return workers.render(data)
    try:
        return draw_png(data)
    except Exception as exc:  # a chart is never worth the digest
        log.error("chart_failed error=%s", type(exc).__name__)
        return None


def chart_caption(digest: Digest) -> str:
    """A short caption for the chart photo (well under Telegram's 1,024 characters)."""
    start = digest.series[0].start if digest.series else digest.week[0]
    return texts.CAPTION.format(start=texts.short_date(start), end=texts.short_date(digest.today))
