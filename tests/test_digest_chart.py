"""The weekly chart: an opaque PNG of a sensible size, for any history, off the event loop."""

from __future__ import annotations

import asyncio
import io
import itertools
from datetime import UTC, date, datetime, timedelta

import numpy as np
import pytest
from matplotlib.image import imread

from bot.digest import Digest, build_digest, chart_caption, render_chart
from bot.digest.chart import chart_data
from bot.digest.chart_layout import BAR, HEIGHT, WIDTH, WINS_PANEL, X_LABELS_Y, lay_out
from bot.digest.texts import number
from bot.store.entries import Entry, Reframe, Win

TODAY = date(2026, 11, 22)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_ids = itertools.count(1)


def _stamp(days_ago: int) -> dict[str, object]:
    n = next(_ids)
    day = TODAY - timedelta(days=days_ago)
    created = datetime(day.year, day.month, day.day, 8, tzinfo=UTC) + timedelta(seconds=n)
    return {"id": n, "created_at": created, "local_date": day}


def win(days_ago: int) -> Win:
    """A small win `days_ago` days before TODAY."""
    return Win(**_stamp(days_ago), text="a small thing", progress_kind="paused")


def reframe(days_ago: int, before: int, after: int) -> Reframe:
    """A reframe `days_ago` days before TODAY."""
    return Reframe(
        **_stamp(days_ago),
        situation="s",
        critic="c",
        heaviness_before=before,
        feeling="sad",
        friend_words="kind words",
        critic_is=None,
        heaviness_after=after,
    )


def first_week() -> list[Entry]:
    """Two wins and a reframe, all this week."""
    return [win(3), reframe(2, 7, 4), win(0)]


def a_year() -> list[Entry]:
    """A win most days for a year; reframes only now and then, so some weeks have none."""
    entries: list[Entry] = [win(days_ago) for days_ago in range(364, -1, -1) if days_ago % 5]
    entries += [reframe(days_ago, 8, 8 - days_ago % 6) for days_ago in range(0, 365, 11)]
    return entries


def _check_png(png: bytes | None) -> None:
    assert png is not None and png.startswith(PNG_SIGNATURE)
    pixels = imread(io.BytesIO(png), format="png")
    height, width = pixels.shape[:2]
    assert 900 <= width <= 1100 and 500 <= height <= 620
    if pixels.shape[2] == 4:
        assert np.all(pixels[..., 3] == 1.0), "the background must be opaque"


@pytest.mark.parametrize(
    "history", [[], first_week(), a_year()], ids=["empty", "first week", "a year"]
)
def test_renders_an_opaque_png(history: list[Entry]) -> None:
    digest = build_digest(history, TODAY)
    _check_png(render_chart(digest))
    caption = chart_caption(digest)
    assert len(caption) <= 1024 and caption.endswith(".")


def test_a_year_charts_twelve_weeks_with_gaps_left_blank() -> None:
    digest = build_digest(a_year(), TODAY)
    assert len(digest.series) == 12
    assert any(week.relief is None for week in digest.series)
    assert any(week.relief is not None for week in digest.series)
    assert chart_caption(digest).startswith("Your weeks from Aug 31 to Nov 22:")


async def test_renders_off_the_event_loop() -> None:
    digest: Digest = build_digest(first_week(), TODAY)
    png = await asyncio.to_thread(render_chart, digest)
    _check_png(png)


def test_a_quiet_week_shows_a_zero_and_the_axis_says_what_its_labels_are() -> None:
    # Wins in the week of Nov 2 and this week; none in the week between.
    digest = build_digest([win(18), win(17), win(1)], TODAY)
    assert [week.wins for week in digest.series] == [2, 0, 1]
    layout = lay_out(chart_data(digest))
    texts = [label.text for label in layout.labels]
    bar_numbers = [
        label.text for label in layout.labels if label.y < WINS_PANEL[1] and label.anchor == "mb"
    ]
    assert bar_numbers == ["2", "0", "1"]
    assert "Each week, from the date shown" in texts
    week_names = [label.text for label in layout.labels if label.y == X_LABELS_Y]
    # The first week starts on their first entry (Nov 4), not before it.
    assert week_names == ["Nov 4", "Nov 9", "Nov 16"]
    assert "No reframes in these weeks yet" in texts
    assert layout.dots == ()


def test_relief_dots_are_joined_only_across_weeks_in_a_row() -> None:
    digest = build_digest(a_year(), TODAY)
    relief = [week.relief for week in digest.series]
    layout = lay_out(chart_data(digest))
    assert len(layout.dots) == sum(value is not None for value in relief)
    joined = sum(1 for a, b in itertools.pairwise(relief) if a is not None and b is not None)
    assert sum(len(run) - 1 for run in layout.runs) == joined
    numbers = [
        label.text
        for label in layout.labels
        if WINS_PANEL[1] < label.y < X_LABELS_Y and label.anchor == "mb"
    ]
    assert numbers == [number(value) for value in relief if value is not None]


def test_the_same_digest_draws_the_same_png_of_the_chart_size() -> None:
    digest = build_digest(a_year(), TODAY)
    first, second = render_chart(digest), render_chart(digest)
    assert first is not None and first == second
    pixels = imread(io.BytesIO(first), format="png")
    assert pixels.shape[:2] == (HEIGHT, WIDTH)
    other = render_chart(build_digest(first_week(), TODAY))
    assert other is not None and other != first


def test_the_bars_and_dots_are_drawn_in_their_colours() -> None:
    digest = build_digest(a_year(), TODAY)
    png = render_chart(digest)
    assert png is not None
    pixels = (imread(io.BytesIO(png), format="png")[..., :3] * 255).round().astype(int)
    layout = lay_out(chart_data(digest))
    bar = next(box for box in layout.boxes if box.color == BAR)
    middle = pixels[int((bar.y0 + bar.y1) / 2), int((bar.x0 + bar.x1) / 2)]
    assert tuple(middle) == (0x3E, 0x7C, 0x59)
    x, y = layout.dots[0]
    assert tuple(pixels[round(y), round(x)]) == (0xC0, 0x56, 0x2F)
