"""Morning fan-out: many people's daily prompts due in the same minute.

Parts (all by default, or pick with --parts):

- db: the scheduler's tick with a bot whose sends return at once (no PTB, no HTTP): what
  claiming, deciding and recording one delivery costs, per prompt, and which store calls it
  spends it in.
- ceiling: the whole application in process (PTB's Bot, FakeRequest answering at once), with
  the AIORateLimiter as configured, and with a pass-through limiter: the code's own ceiling.
- e2e: the real `python -m bot` polling the Bot API double over HTTP on 127.0.0.1, with the
  double's Telegram-like limits on (30 messages/s overall with bursts of 30, 1/s per chat with
  bursts of 3, 429 + retry_after beyond): sustained prompts/s and 429s received; and people
  tapping through /win before and during the fan-out (their p99 against the idle p99).

    PYTHONPATH=. python bench/fanout.py --people 100000 --e2e-seconds 120
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sqlite3
import sys
import tempfile
import time
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import sqlcipher3
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
from seed import open_store, seed_people
from telegram.request import BaseRequest

from bot.app import build_application
from bot.clock import FixedClock
from bot.config import Settings
from bot.schedule.tick import Scheduler
from bot.store import Store
from conversations.checkins.compose import make_composer
from fake_telegram import RateLimits, serve_http

FIRST_ID = 1_000_000
PROBE_ID = 900_000


# ---------------------------------------------------------------------- db


class InstantBot:
    """Stands in for PTB's Bot: every send succeeds at once."""

    def __init__(self) -> None:
        self.sent = 0

    async def send_message(self, chat_id: int, text: str, **kwargs: Any) -> Any:
        self.sent += 1
        return SimpleNamespace(message_id=self.sent)

    async def send_photo(self, chat_id: int, photo: bytes, **kwargs: Any) -> Any:
        self.sent += 1
        return SimpleNamespace(message_id=self.sent)


def _instrument(repo: Any, names: list[str], spent: dict[str, float]) -> None:
    """Wrap repository methods to add up the wall time spent in each."""
    for name in names:
        method = getattr(repo, name)

        async def timed(*args: Any, _m: Any = method, _n: str = name, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return await _m(*args, **kwargs)
            finally:
                spent[_n] += time.perf_counter() - start

        setattr(repo, name, timed)


async def _seeded(path: Path, people: int, due: datetime) -> Store:
    store = await open_store(path, KEY)
    start = time.perf_counter()
    await seed_people(store, people, now=due, first_id=FIRST_ID, due_at=due)
    print(f"  seeded {people:,} people due at once in {time.perf_counter() - start:.1f} s")
    return store


async def part_db(report: Report, people: int, workdir: Path) -> None:
    # The tick runs at the instant everyone is due (a fixed clock), so no quiet-hours boundary
    # crossed while it runs can skip anybody.
    due = datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(seconds=30)
    store = await _seeded(workdir / "db.db", people, due)
    bot = InstantBot()
    spent: dict[str, float] = defaultdict(float)
    _instrument(
        store.schedule,
        ["due", "checked_in", "claim", "mark_sending", "finish", "set_status", "to_plan"],
        spent,
    )
    scheduler = Scheduler(
        store,
        bot,  # type: ignore[arg-type]
        FixedClock(due),
        make_composer(store),  # no rate_limit_args, no pacing: this part measures the database
    )
    cpu0, wall0 = time.process_time(), time.perf_counter()
    tick = await scheduler.tick()
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    await store.close()
    sent = tick.sent
    report.add(
        "prompts claimed, sent (instantly) and recorded",
        f"{sent:,} of {people:,}" + (f"; skipped {tick.skipped}" if tick.skipped else ""),
    )
    report.add(
        "db: wall time per prompt",
        f"{fmt(wall / max(sent, 1) * 1000, 3)} ms",
        ratio=f"{fmt(sent / wall, 0)} prompts/s",
        target="≥ 500 prompts/s (part of the code ceiling)",
        met=sent / wall >= 500,
    )
    report.add("db: CPU per prompt (all threads)", f"{fmt(cpu / max(sent, 1) * 1000, 3)} ms")
    for name, seconds in sorted(spent.items(), key=lambda kv: -kv[1]):
        report.add(
            f"db: in `schedule.{name}` (summed over concurrent sends, lock waits included)",
            f"{fmt(seconds / max(sent, 1) * 1000, 3)} ms/prompt",
        )


# ---------------------------------------------------------------------- ceiling


class InstantRequest(BaseRequest):
    """PTB's network seam answering at once with minimal valid replies: no double, no HTTP.

    What remains is the bot's own cost per send: PTB serialising the call and parsing the
    reply, the rate limiter, the scheduler and the store.
    """

    def __init__(self) -> None:
        self.sent = 0

    @property
    def read_timeout(self) -> float:
        return 5.0

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to tear down."""

    async def do_request(self, url: str, method: str, request_data: Any = None, **_: Any):
        name = url.rsplit("/", 1)[-1]
        params = dict(request_data.json_parameters) if request_data else {}
        if name in ("sendMessage", "sendPhoto"):
            self.sent += 1
            chat_id = int(params["chat_id"])
            result: Any = {
                "message_id": self.sent,
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private", "first_name": "Ana"},
                "text": "ok",
            }
        elif name == "getMe":
            result = {"id": 123456, "is_bot": True, "first_name": "Small Steps", "username": "b"}
        else:
            result = True
        return 200, json.dumps({"ok": True, "result": result}).encode()


async def _ceiling_run(
    report: Report, people: int, workdir: Path, *, limited: bool, seconds: float
) -> float:
    from run_bot import PassThrough

    import bot.app as app_module

    due = datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(seconds=30)
    path = workdir / f"ceiling-{'limited' if limited else 'open'}.db"
    store = await _seeded(path, people, due)
    await store.close()
    request = InstantRequest()
    original = app_module.TelegramLimits
    if not limited:
        app_module.TelegramLimits = PassThrough  # type: ignore[misc,assignment]
    try:
        settings = Settings(token=TOKEN, db_key=KEY, db_path=path)
        app = build_application(settings, request=request, clock=FixedClock(due))
    finally:
        app_module.TelegramLimits = original  # type: ignore[misc]
    await app.initialize()
    assert app.services.scheduler is not None
    before = request.sent
    cpu0, wall0 = time.process_time(), time.perf_counter()
    task = asyncio.create_task(app.services.scheduler.tick())
    done, _ = await asyncio.wait({task}, timeout=seconds)
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    sent = request.sent - before
    if not done:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
    await app.shutdown()
    rate = sent / wall
    label = "rate limits as configured" if limited else "no rate limits (code ceiling)"
    report.add(
        f"ceiling, {label}: prompts/s",
        f"{fmt(rate, 1)}",
        ratio=f"{sent:,} sent in {wall:.1f} s" + ("" if done else " (stopped at the time limit)"),
        target="≥ 500" if not limited else "≥ 500 (capped at 30 by the limiter)",
        met=rate >= 500,
    )
    report.add(f"ceiling, {label}: CPU per prompt", f"{fmt(cpu / max(sent, 1) * 1000, 3)} ms")
    return rate


async def part_ceiling(report: Report, people: int, workdir: Path, seconds: float) -> None:
    await _ceiling_run(report, people, workdir, limited=False, seconds=seconds)
    await _ceiling_run(report, min(people, 5_000), workdir, limited=True, seconds=seconds / 2)


# ---------------------------------------------------------------------- e2e


async def part_e2e(
    report: Report, people: int, workdir: Path, seconds: float, probes: int, idle_seconds: float
) -> None:
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    path = workdir / "e2e" / "smallsteps.db"
    path.parent.mkdir(parents=True, exist_ok=True)
    # Everyone is due in a minute from "now" — an hour ahead — so idle can be measured first.
    store = await _seeded(path, people, now + timedelta(hours=1))
    await seed_people(store, probes, now=now, first_id=PROBE_ID)
    await store.close()

    telegram = WatchedTelegram(token=TOKEN)
    telegram.record_calls = False
    telegram.counted_from = FIRST_ID  # the fan-out's chats, not the probing people's
    for n in range(people):
        telegram.add_private_chat(FIRST_ID + n)
    limits = telegram.limit_rate(RateLimits())
    loop = asyncio.get_running_loop()
    watcher = Watcher(telegram, loop)
    people_probing = [Person(telegram, PROBE_ID + i) for i in range(probes)]
    with serve_http(telegram) as server:
        child = Child(real_bot_args(), child_env(server, path), workdir / "e2e", telegram)
        child.start()
        try:
            idle = Probe()
            stop = time.perf_counter() + idle_seconds
            await asyncio.gather(*(probe_loop(p, watcher, idle, stop) for p in people_probing))
            refused_idle = limits.refused

            sent_before = telegram.counted
            due = datetime.now(UTC) - timedelta(seconds=5)
            moved = await asyncio.to_thread(
                make_due, path, "next_prompt_at", due, FIRST_ID, FIRST_ID + people - 1
            )
            flipped = time.perf_counter()
            # The fan-out starts at the bot's next tick (every 30 s): wait for the first prompt.
            while telegram.counted - sent_before < 30 and time.perf_counter() - flipped < 45:
                await asyncio.sleep(0.05)
            started = time.perf_counter()
            sent_start = telegram.counted
            refused_start = limits.refused
            cpu_start = child.cpu_seconds()
            busy = Probe()
            stop = started + seconds
            samples: list[tuple[float, int]] = []

            async def sample() -> None:
                while time.perf_counter() < stop:
                    samples.append((time.perf_counter(), telegram.counted))
                    await asyncio.sleep(1)

            await asyncio.gather(
                sample(), *(probe_loop(p, watcher, busy, stop) for p in people_probing)
            )
            elapsed = time.perf_counter() - started
            sent = telegram.counted - sent_start
            refused = limits.refused - refused_start
            cpu = child.cpu_seconds() - cpu_start
            rss = child.rss_mb()
        finally:
            status = child.stop()
    rate = sent / elapsed
    report.add("people due in the same minute", f"{moved:,}")
    report.add(
        "sustained prompts/s with Telegram-like limits",
        fmt(rate, 1),
        ratio=f"{sent:,} in {elapsed:.0f} s",
        target="≥ 25",
        met=rate >= 25,
    )
    minute_rates = _window_rates(samples, 10)
    if minute_rates:
        report.add(
            "slowest / fastest 10 s window",
            f"{fmt(min(minute_rates), 1)} / {fmt(max(minute_rates), 1)} per s",
        )
    report.add("429s received during the fan-out", str(refused), target="0", met=refused == 0)
    report.add("429s received while idle", str(refused_idle))
    report.add("bot CPU per prompt", f"{fmt(cpu / max(sent, 1) * 1000, 2)} ms")
    report.add("bot resident memory during the fan-out", f"{fmt(rss, 0)} MB")
    report_probes(report, idle, busy, "the fan-out")
    report.add("bot exit status after SIGTERM", str(status))


def _window_rates(samples: list[tuple[float, int]], width: int) -> list[float]:
    rates = []
    for i in range(0, len(samples) - width, width):
        (t0, c0), (t1, c1) = samples[i], samples[i + width]
        rates.append((c1 - c0) / (t1 - t0))
    return rates


# ---------------------------------------------------------------------- main


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=100_000, help="people due at once")
    parser.add_argument("--parts", default="db,ceiling,e2e", help="comma-separated parts")
    parser.add_argument("--ceiling-seconds", type=float, default=60.0)
    parser.add_argument("--e2e-seconds", type=float, default=120.0, help="fan-out measured for")
    parser.add_argument("--idle-seconds", type=float, default=20.0, help="idle taps measured for")
    parser.add_argument("--probes", type=int, default=3, help="people tapping through /win")
    parser.add_argument("--no-append", action="store_true", help="print only")
    args = parser.parse_args(argv)
    parts = set(args.parts.split(","))
    report = Report("Morning fan-out")
    report.add("machine speed reference (before)", f"{fmt(calibrate(), 1)} ms")

    async def run() -> None:
        with tempfile.TemporaryDirectory(prefix="bench-fanout-") as tmp:
            workdir = Path(tmp)
            if "db" in parts:
                await part_db(report, args.people, workdir)
            if "ceiling" in parts:
                await part_ceiling(report, args.people, workdir, args.ceiling_seconds)
            if "e2e" in parts:
                await part_e2e(
                    report, args.people, workdir, args.e2e_seconds, args.probes, args.idle_seconds
                )

    asyncio.run(run())
    report.add("machine speed reference (after)", f"{fmt(calibrate(), 1)} ms")
    report.note(f"sqlite {sqlite3.sqlite_version}, sqlcipher3 {sqlcipher3.sqlite_version}")
    if not args.no_append:
        report.append()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
