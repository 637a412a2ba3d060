"""Worker processes that draw charts, started and stopped with the application.

Drawing a chart is CPU work in Python that holds the GIL; in a thread of the bot's process it
would delay everyone's replies while a batch of digests goes out. With more than one core the
application starts `ChartWorkers` (spawned processes, one per spare core, at most
`MAX_PROCESSES`) and `render_chart` hands them the chart's numbers (never a person's words) and
waits in its thread for the PNG. With one core there is no spare core to give: a worker process
would take its CPU from the event loop all the same, so charts are drawn in a thread
(`asyncio.to_thread`), which at a few milliseconds a chart costs little.

Failures: a chart that fails to draw, a worker that dies or hangs, gives no chart (None; the
digest goes out as text, with the same numbers); a dead or hung pool is replaced. Stopping
cancels what has not started and waits at most `STOP_SECONDS` for the rest; a chart that was
waited on then raises `ChartsStopped`, so its digest is not sent now and stays due.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool

from bot.digest.chart_layout import LABEL_SIZE, TITLE_SIZE, ChartData
from bot.digest.chart_png import draw_png, font

log = logging.getLogger(__name__)

PARENT_CHECK_SECONDS = 1.0
MAX_PROCESSES = 2
RENDER_SECONDS = 20.0  # a chart takes milliseconds; longer than this, the worker is stuck
STOP_SECONDS = 5.0  # then stragglers are terminated, so the bot stops well within 10 s

Draw = Callable[[ChartData], bytes]


class ChartsStopped(Exception):
    """The workers were stopped while a chart was on its way: do not send without it."""


def _die_with(parent: int) -> None:
    """End this worker within a second of the bot's process ending, however it ends: a
    SIGKILLed bot must leave no workers behind (they would also hold its output pipes open)."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _warm(parent: int) -> None:
    """Run once in each worker as it starts: tie its life to the bot's, and load the fonts
    before the first chart."""
    _die_with(parent)
    for size in (LABEL_SIZE, TITLE_SIZE):
        font(size)


def _ready() -> int:
    """A first task, so the workers start (and warm up) with the application."""
    return os.getpid()


class ChartWorkers:
    """A small pool of spawned processes drawing charts; `render` is safe from any thread."""

    def __init__(
        self, processes: int, draw: Draw = draw_png, timeout: float = RENDER_SECONDS
    ) -> None:
        self._processes = processes
        self._draw = draw
        self._timeout = timeout
        self._lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None
        self._stopping = False

    def start(self) -> None:
        """Start the processes (they warm up in the background; nothing waits for them)."""
        with self._lock:
            self._pool = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        pool = ProcessPoolExecutor(
            max_workers=self._processes,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_warm,
            initargs=(os.getpid(),),
        )
        for _ in range(self._processes):
            pool.submit(_ready)
        return pool

    def pids(self) -> list[int]:
        """The worker processes' ids (for tests and diagnostics)."""
        pool = self._pool
        return list(pool._processes) if pool is not None and pool._processes else []

    def render(self, data: ChartData) -> bytes | None:
        """Draw in a worker and wait for the PNG; blocks the calling thread, not the GIL."""
        for attempt in (1, 2):
            future = self._submit(data)
            try:
                return future.result(timeout=self._timeout)
            except (CancelledError, BrokenProcessPool) as exc:
                if self._stopping:
                    raise ChartsStopped from exc
                # A worker died (killed, out of memory): a new pool, and one more try.
                log.error("chart_worker_lost attempt=%d", attempt)
                self._replace(future)
            except FutureTimeout:
                log.error("chart_timeout seconds=%s", self._timeout)
                self._replace(future)
                return None
            except Exception as exc:
                log.error("chart_failed error=%s", type(exc).__name__)
                return None
        return None

    def _submit(self, data: ChartData) -> Future[bytes]:
        with self._lock:
            if self._stopping or self._pool is None:
                raise ChartsStopped
            try:
                return self._pool.submit(self._draw, data)
            except BrokenProcessPool:
                self._pool = self._new_pool()
                return self._pool.submit(self._draw, data)

    def _replace(self, failed: Future[bytes]) -> None:
        """Replace the pool `failed` ran in, unless another thread already did."""
        with self._lock:
            old = self._pool
            if self._stopping or old is None:
                return
            broken = getattr(old, "_broken", False)
            if not broken and not failed.running():
                return
            self._pool = self._new_pool()
        _end(old, 0)

    def stop(self, timeout: float = STOP_SECONDS) -> None:
        """Cancel charts not started, give running ones `timeout` seconds, end the processes."""
        with self._lock:
            self._stopping = True
            old, self._pool = self._pool, None
        if old is not None:
            _end(old, timeout)


def _end(pool: ProcessPoolExecutor, timeout: float) -> None:
    """Shut a pool down without waiting on a stuck worker: join, then terminate, then kill."""
    processes = list((pool._processes or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.join(timeout)
        if process.is_alive():
            process.terminate()
            process.join(1)
        if process.is_alive():
            process.kill()
            process.join(1)


_running: ChartWorkers | None = None


def running() -> ChartWorkers | None:
    """The application's chart workers, if they are running."""
    return _running


def start(processes: int | None = None, draw: Draw = draw_png) -> ChartWorkers | None:
    """Start the chart workers for this process's application (post_init). None with one
    core: charts are then drawn in a thread (see the module's docstring)."""
    global _running
    if processes is None:
        spare = (os.cpu_count() or 1) - 1
        processes = min(spare, MAX_PROCESSES)
    if processes < 1:
        log.info("chart_workers processes=0")
        return None
    stop()
    workers = ChartWorkers(processes, draw)
    workers.start()
    _running = workers
    log.info("chart_workers processes=%d", processes)
    return workers


def stop() -> None:
    """Stop the chart workers, if running (post_shutdown)."""
    global _running
    workers, _running = _running, None
    if workers is not None:
        workers.stop()
