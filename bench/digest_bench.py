"""Digest: one person's year, then many people's digests due at once.

- One person with a year of daily history (a win most days, a feeling often, a reframe now and
  then): reading it from the store, computing the digest, rendering its text, and drawing the
  chart (the first, cold draw reported apart).
- `--people` people (8 weeks of history each) whose weekly digest falls due at once (a storm):
  the real `python -m bot` against the double over HTTP with Telegram-like limits on (30
  messages/s overall, bursts of 30; 1/s per chat, bursts of 3; 429 beyond them): total time
  until every digest (chart and text) is sent, messages/s while they go out (target ≥ 25/s)
  with no 429, and people tapping through /win meanwhile against the same people idle just
  before (target: p99 ≤ 2× idle). `--no-charts` sends a tiny fixed picture in place of each
  chart (bench/run_bot.py), to measure the pacing rather than the drawing.

    PYTHONPATH=. python bench/digest_bench.py --people 10000 --no-charts
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from benchlib import (
    KEY,
    TOKEN,
    Child,
    Person,
    Probe,
    Report,
    WatchedTelegram,
    Watcher,
    calibrate,
    child_env,
    fmt,
    make_due,
    probe_loop,
    real_bot_args,
    report_probes,
)
from seed import Mix, open_store, seed_history, seed_people

from bot.digest import build_digest, render_chart, render_digest
from fake_telegram import RateLimits, serve_http

FIRST_ID = 3_000_000
PROBE_ID = 900_000


async def part_one(report: Report, workdir: Path, repeat: int) -> None:
    store = await open_store(workdir / "one.db", KEY)
    today = datetime.now(UTC).date()
    await seed_people(store, 1, now=datetime.now(UTC), first_id=FIRST_ID, mix=Mix(0, 0, 0))
    entries_written = await seed_history(store, FIRST_ID, today=today, days=365)
    reads, computes, texts, charts = [], [], [], []
    cold = float("nan")
    for i in range(repeat):
        t0 = time.perf_counter()
        entries = await store.entries.all_of(FIRST_ID)
        t1 = time.perf_counter()
        digest = build_digest(entries, today)
        t2 = time.perf_counter()
        render_digest(digest)
        t3 = time.perf_counter()
        render_chart(digest)
        t4 = time.perf_counter()
        reads.append(t1 - t0)
        computes.append(t2 - t1)
        texts.append(t3 - t2)
        if i == 0:
            cold = t4 - t3
        else:
            charts.append(t4 - t3)
    await store.close()

    def ms(values: list[float]) -> float:
        return statistics.median(values) * 1000

    report.add("one person's history", f"{entries_written} entries over 365 days")
    report.add("reading it from the store (median)", f"{fmt(ms(reads))} ms")
    report.add(
        "digest computation (median)",
        f"{fmt(ms(computes))} ms",
        ratio=f"{fmt(ms(computes) / 20)}× the target",
        target="≤ 20 ms",
        met=ms(computes) <= 20,
    )
    both = [r + c + t for r, c, t in zip(reads, computes, texts, strict=True)]
    report.add(
        "read + compute + text (median)",
        f"{fmt(ms(both))} ms",
        ratio=f"{fmt(ms(both) / 20)}× the 20 ms target",
        met=ms(both) <= 20,
    )
    report.add(
        f"chart rendering (median of {len(charts)}, warm)",
        f"{fmt(ms(charts))} ms",
        ratio=f"{fmt(ms(charts) / 40)}× the target",
        target="≤ 40 ms (CPU: bench/chart.py)",
        met=ms(charts) <= 40,
    )
    report.add("chart rendering, first in the process (cold)", f"{fmt(cold * 1000)} ms")


async def part_many(
    report: Report,
    workdir: Path,
    people: int,
    probes: int,
    idle_seconds: float,
    cap: float,
    charts: bool = True,
) -> None:
    path = workdir / "many" / "data" / "smallsteps.db"
    path.parent.mkdir(parents=True)
    now = datetime.now(UTC)
    today = now.date()
    store = await open_store(path, KEY)
    await seed_people(store, people, now=now, first_id=FIRST_ID, mix=Mix(0, 0, 0))
    await seed_people(store, probes, now=now, first_id=PROBE_ID, mix=Mix(0, 0, 0))
    start = time.perf_counter()
    for n in range(people):
        await seed_history(store, FIRST_ID + n, today=today, days=56, seed=n)
    print(f"  seeded {people:,} people's 8 weeks in {time.perf_counter() - start:.1f} s")
    await store.close()

    telegram = WatchedTelegram(token=TOKEN)
    telegram.record_calls = False
    telegram.counted_from = FIRST_ID  # the digests' chats, not the probing people's
    for n in range(people):
        telegram.add_private_chat(FIRST_ID + n)
    limits = telegram.limit_rate(RateLimits())
    watcher = Watcher(telegram, asyncio.get_running_loop())
    persons = [Person(telegram, PROBE_ID + i) for i in range(probes)]
    args = real_bot_args() if charts else real_bot_args(False, "--no-charts")
    with serve_http(telegram) as server:
        child = Child(args, child_env(server, path), workdir / "many", telegram)
        child.start()
        try:
            idle = Probe()
            stop = time.perf_counter() + idle_seconds
            await asyncio.gather(*(probe_loop(p, watcher, idle, stop) for p in persons))
            photos0 = telegram.counts[("sendPhoto", 200)]
            counted_flip = telegram.counted
            due = datetime.now(UTC) - timedelta(seconds=5)
            await asyncio.to_thread(
                make_due, path, "next_digest_at", due, FIRST_ID, FIRST_ID + people - 1
            )
            flipped = time.perf_counter()
            busy = Probe()
            deadline = flipped + cap
            finished: list[float] = []

            def texts_sent() -> int:
                # Each digest ends with its text (a chart before it, unless there is none).
                photos = telegram.counts[("sendPhoto", 200)] - photos0
                return telegram.counted - counted_flip - photos

            async def until_done() -> None:
                while time.perf_counter() < deadline:
                    if texts_sent() >= people:
                        finished.append(time.perf_counter())
                        return
                    await asyncio.sleep(0.2)

            done_task = asyncio.create_task(until_done())
            first_photo = None
            while first_photo is None and time.perf_counter() < deadline:
                if telegram.counted > counted_flip:
                    first_photo = time.perf_counter()
                await asyncio.sleep(0.05)
            cpu0 = child.cpu_seconds()
            refused0 = limits.refused
            probe_stop = time.perf_counter() + min(cap, 120.0)

            async def probing() -> None:
                # People keep tapping while digests go out (at most two minutes of it).
                while not done_task.done() and time.perf_counter() < probe_stop:
                    await asyncio.gather(
                        *(
                            probe_loop(p, watcher, busy, min(probe_stop, time.perf_counter() + 5))
                            for p in persons
                        )
                    )

            await asyncio.gather(done_task, probing())
            cpu = child.cpu_seconds() - cpu0
            sent = texts_sent()
            charts_sent = telegram.counts[("sendPhoto", 200)] - photos0
            messages, refused = telegram.counted - counted_flip, limits.refused - refused0
            end = finished[0] if finished else time.perf_counter()
        finally:
            child.stop()
    total = end - (first_photo or flipped)
    report.add(
        "people whose digests fell due at once",
        f"{people:,}" + ("" if finished else f" ({sent:,} sent before the {cap:.0f} s cap)"),
    )
    report.add(
        "total time, first digest message to last",
        f"{fmt(total, 1)} s",
        ratio=f"{fmt(sent / total if total else float('nan'), 1)} digests/s",
    )
    rate = messages / total if total else float("nan")
    report.add(
        "messages/s while the digests went out (a chart and a text each)",
        f"{fmt(rate, 1)}",
        target="≥ 25",
        met=rate >= 25,
    )
    report.add("429s from the double meanwhile", str(refused), target="0", met=refused == 0)
    report.add(
        "charts sent", f"{charts_sent:,} " + ("drawn" if charts else "(a tiny fixed picture)")
    )
    report.add("bot CPU per digest", f"{fmt(cpu / max(sent, 1) * 1000, 1)} ms")
    report.add(
        "floor set by Telegram's 30/s (2 messages per digest)", f"{fmt(people * 2 / 30, 1)} s"
    )
    report_probes(report, idle, busy, "the digests")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=10_000, help="digests due at once")
    parser.add_argument("--repeat", type=int, default=11, help="single-person repetitions")
    parser.add_argument("--probes", type=int, default=3)
    parser.add_argument("--idle-seconds", type=float, default=20.0)
    parser.add_argument("--cap", type=float, default=1800.0, help="give up after (seconds)")
    parser.add_argument("--no-charts", action="store_true", help="a fixed tiny picture instead")
    parser.add_argument("--no-append", action="store_true")
    args = parser.parse_args(argv)
    report = Report("Digest")
    report.add("machine speed reference (before)", f"{fmt(calibrate(), 1)} ms")

    async def run() -> None:
        with tempfile.TemporaryDirectory(prefix="bench-digest-") as tmp:
            await part_one(report, Path(tmp), args.repeat)
            if args.people:
                await part_many(
                    report,
                    Path(tmp),
                    args.people,
                    args.probes,
                    args.idle_seconds,
                    args.cap,
                    charts=not args.no_charts,
                )

    asyncio.run(run())
    report.add("machine speed reference (after)", f"{fmt(calibrate(), 1)} ms")
    if not args.no_append:
        report.append()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
