"""A large community in one process: 100,000 registered people with realistic settings.

Settings are spread over 18 time zones (several with DST), morning and evening check-in times,
digest days and times; 5% paused, 3% inactive (blocked the bot), 2% in the middle of a
reflection (a stored conversation state and draft, which PTB loads at start-up). Nobody is due.

- Start-up to first poll and resident memory: the real `python -m bot` against the double over
  HTTP, once on an empty database and once on the community (the ratio is the community's cost),
  beside the echo bot (the floor of PTB itself).
- Idle tick: the scheduler's tick, in process, with nothing due (a fixed clock at the seeding
  instant); the first tick (recovery and planning) is reported apart.

    PYTHONPATH=. python bench/community.py --people 100000
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from benchlib import (
    KEY,
    ROOT,
    TOKEN,
    Child,
    Report,
    WatchedTelegram,
    calibrate,
    child_env,
    fmt,
    real_bot_args,
)
from fanout import InstantRequest
from seed import open_store, seed_people

from bot.app import build_application
from bot.clock import FixedClock
from bot.config import Settings
from fake_telegram import serve_http

SETTLE = 3.0  # seconds after the first poll before memory is read (the first tick has run)


async def _process(args: list[str], db: Path, workdir: Path) -> tuple[float, float]:
    """Start a bot process; return (seconds to first poll, resident MB after settling)."""
    workdir.mkdir(parents=True, exist_ok=True)
    telegram = WatchedTelegram(token=TOKEN)
    with serve_http(telegram) as server:
        child = Child(args, child_env(server, db), workdir, telegram)
        child.start()
        try:
            await asyncio.sleep(SETTLE)
            rss = child.rss_mb()
        finally:
            child.stop()
    return child.startup_seconds, rss


async def _ticks(db: Path, now: datetime, count: int) -> tuple[float, list[float], list[float]]:
    """First tick's wall seconds, then `count` idle ticks' wall and CPU seconds."""
    settings = Settings(token=TOKEN, db_key=KEY, db_path=db)
    app = build_application(settings, request=InstantRequest(), clock=FixedClock(now))
    await app.initialize()
    assert app.services.scheduler is not None
    try:
        start = time.perf_counter()
        first = await app.services.scheduler.tick()
        first_wall = time.perf_counter() - start
        assert first.sent == 0, f"something was due: {first}"
        walls, cpus = [], []
        for _ in range(count):
            c0, w0 = time.process_time(), time.perf_counter()
            report = await app.services.scheduler.tick()
            walls.append(time.perf_counter() - w0)
            cpus.append(time.process_time() - c0)
            assert report.sent == 0 and report.planned == 0
    finally:
        await app.shutdown()
    return first_wall, walls, cpus


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--ticks", type=int, default=20, help="idle ticks timed")
    parser.add_argument("--no-append", action="store_true")
    args = parser.parse_args(argv)
    report = Report("A large community in one process")
    report.add("machine speed reference (before)", f"{fmt(calibrate(), 1)} ms")

    async def run() -> None:
        with tempfile.TemporaryDirectory(prefix="bench-community-") as tmp:
            work = Path(tmp)
            empty_db = work / "empty" / "data" / "smallsteps.db"
            big_db = work / "big" / "data" / "smallsteps.db"
            now = datetime.now(UTC)
            store = await open_store(empty_db, KEY)
            await store.close()
            store = await open_store(big_db, KEY)
            start = time.perf_counter()
            await seed_people(store, args.people, now=now)
            print(f"  seeded {args.people:,} people in {time.perf_counter() - start:.1f} s")
            await store.close()
            size = sum(p.stat().st_size for p in big_db.parent.iterdir()) / 1e6

            # Ticks first, at the seeding instant: the processes below run on the real clock and
            # may start sending prompts that fall due meanwhile.
            first, walls, cpus = await _ticks(big_db, now, args.ticks)
            echo = [sys.executable, str(ROOT / "bench" / "echo_bot.py")]
            echo_up, echo_rss = await _process(echo, empty_db, work / "echo")
            empty_up, empty_rss = await _process(real_bot_args(), empty_db, work / "empty")
            big_up, big_rss = await _process(real_bot_args(), big_db, work / "big")

            report.add("people registered", f"{args.people:,} (database {fmt(size, 0)} MB)")
            report.add(
                "start-up to first poll",
                f"{fmt(big_up)} s",
                baseline=f"empty db {fmt(empty_up)} s; echo bot {fmt(echo_up)} s",
                ratio=f"{fmt(big_up / empty_up)}× empty",
                target="≤ 3 s",
                met=big_up <= 3,
            )
            report.add(
                f"resident memory {SETTLE:.0f} s after the first poll",
                f"{fmt(big_rss, 0)} MB",
                baseline=f"empty db {fmt(empty_rss, 0)} MB; echo bot {fmt(echo_rss, 0)} MB",
                ratio=f"{fmt(big_rss / empty_rss)}× empty",
                target="≤ 200 MB",
                met=big_rss <= 200,
            )
            report.add("first tick (recovery + planning check)", f"{fmt(first * 1000, 1)} ms")
            median = statistics.median(walls)
            report.add(
                f"idle tick, median of {len(walls)}",
                f"{fmt(median * 1000, 2)} ms wall, {fmt(statistics.median(cpus) * 1000, 2)} ms CPU",
                ratio=f"{fmt(median * 1000 / 50)}× the target",
                target="≤ 50 ms",
                met=median <= 0.05,
            )
            report.add("idle tick, slowest", f"{fmt(max(walls) * 1000, 2)} ms")

    asyncio.run(run())
    report.add("machine speed reference (after)", f"{fmt(calibrate(), 1)} ms")
    if not args.no_append:
        report.append()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
