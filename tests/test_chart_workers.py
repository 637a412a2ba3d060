"""Charts drawn in worker processes that start and stop with the application; a chart that
fails never costs anyone their digest, and stopping with charts in flight loses nothing."""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import threading
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from bot.digest import build_digest, chart_workers
from bot.digest.chart import chart_data
from bot.digest.chart_png import draw_png
from bot.digest.chart_workers import ChartsStopped, ChartWorkers
from fake_telegram import FakeUser
from tests import chart_draws
from tests.conftest import Harness, onboard
from tests.test_digest_chart import TODAY, a_year
from tests.test_scheduler import utc

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def alive(pid: int) -> bool:
    """Whether a process with this id still exists."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def children() -> set[int]:
    """This process's live multiprocessing children."""
    return {child.pid for child in multiprocessing.active_children() if child.pid is not None}


@pytest.fixture(autouse=True)
def no_workers_left() -> Iterator[None]:
    before = children()
    yield
    chart_workers.stop()
    assert children() <= before, "a chart worker outlived its test"


def data():  # the chart of a year's history
    return chart_data(build_digest(a_year(), TODAY))


def test_a_worker_draws_the_same_chart_and_is_gone_after_stop() -> None:
    workers = ChartWorkers(1)
    workers.start()
    png = workers.render(data())
    assert png == draw_png(data())
    pids = workers.pids()
    assert len(pids) == 1 and all(alive(pid) for pid in pids)
    assert os.getpid() not in pids
    workers.stop()
    assert not any(alive(pid) for pid in pids)
    with pytest.raises(ChartsStopped):
        workers.render(data())


def test_a_chart_that_fails_to_draw_gives_no_chart_and_the_worker_goes_on() -> None:
    workers = ChartWorkers(1, draw=chart_draws.broken)
    workers.start()
    assert workers.render(data()) is None
    pids = workers.pids()
    assert workers.render(data()) is None
    assert workers.pids() == pids  # the same process: a failure is not a crash
    workers.stop()


def test_a_worker_that_dies_is_replaced() -> None:
    workers = ChartWorkers(1, draw=chart_draws.dying)
    workers.start()
    first = set(workers.pids())
    assert workers.render(data()) is None  # died twice: tried once more, then no chart
    replaced = set(workers.pids())
    assert replaced and not replaced & first
    workers.stop()
    assert not any(alive(pid) for pid in first | replaced)


def test_stopping_with_a_chart_in_flight_ends_within_seconds_and_the_chart_is_not_sent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    marker = tmp_path / "in-flight"
    monkeypatch.setenv(chart_draws.IN_FLIGHT, str(marker))  # inherited by the spawned worker
    workers = ChartWorkers(1, draw=chart_draws.stuck)
    workers.start()
    outcome: list[object] = []

    def wait_for_chart() -> None:
        try:
            outcome.append(workers.render(data()))
        except ChartsStopped as exc:
            outcome.append(exc)

    waiter = threading.Thread(target=wait_for_chart)
    waiter.start()
    deadline = time.monotonic() + 30
    while not marker.exists():
        assert time.monotonic() < deadline, "the worker never got the chart"
        waiter.join(0.05)
    pids = workers.pids()
    began = time.monotonic()
    workers.stop(timeout=1.0)
    waiter.join(10)
    assert time.monotonic() - began < 10
    assert len(outcome) == 1 and isinstance(outcome[0], ChartsStopped)
    assert not any(alive(pid) for pid in pids)


async def _history(harness: Harness, ana: FakeUser) -> None:
    """Ana set up in Berlin with wins in three weeks: her digest has a chart."""
    harness.clock.set(utc(2026, 11, 1, 9))
    await onboard(ana, at="21:30")
    for days_ago in (20, 13, 3):
        day = date(2026, 11, 22) - timedelta(days=days_ago)
        await harness.store.entries.add_win(
            ana.user_id,
            f"w{days_ago}",
            now=utc(day.year, day.month, day.day, 12),
            local_date=day,
            text="a small thing",
            progress_kind="paused",
        )
    await harness.tick(utc(2026, 11, 22, 9))


async def test_the_application_starts_and_stops_its_chart_workers(
    harness: Harness, ana: FakeUser
) -> None:
    app = harness.app
    assert app is not None and app.post_init is not None and app.post_shutdown is not None
    before = children()
    await app.post_init(app)
    workers = chart_workers.running()
    assert workers is not None  # this machine has more than one core
    assert (os.cpu_count() or 1) > 1
    pids = set(workers.pids())
    assert pids and pids <= children() - before

    await _history(harness, ana)
    report = await harness.tick(utc(2026, 11, 22, 17, 0))  # Sunday 18:00 in Berlin
    assert report.sent == 1
    photo, text = harness.telegram.transcript(ana.user_id)[-2:]
    assert photo.kind == "photo" and photo.file_bytes
    assert photo.file_bytes.startswith(PNG_SIGNATURE)
    assert "Your weeks in numbers" in text.text

    await app.post_shutdown(app)
    assert chart_workers.running() is None
    assert not any(alive(pid) for pid in pids)


async def test_a_chart_failing_in_a_worker_still_sends_the_digest_text(
    harness: Harness, ana: FakeUser
) -> None:
    await asyncio.to_thread(chart_workers.start, 1, chart_draws.broken)
    await _history(harness, ana)
    report = await harness.tick(utc(2026, 11, 22, 17, 0))
    assert report.sent == 1 and report.failed == 0
    digest = harness.telegram.transcript(ana.user_id)[-1]
    assert digest.kind == "text" and "Your weeks in numbers" in digest.text
    assert "Small wins per week since" in digest.text  # the chart's numbers, in words
    assert not [m for m in harness.telegram.transcript(ana.user_id) if m.kind == "photo"]
    delivery = await harness.store.schedule.get(ana.user_id, "digest", date(2026, 11, 22))
    assert delivery is not None and delivery.status == "sent"
    # Once sent, never again: the next tick sends nothing.
    later = await harness.tick(utc(2026, 11, 22, 17, 30))
    assert later.sent == 0
    await asyncio.to_thread(chart_workers.stop)
