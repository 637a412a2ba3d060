"""Interactive throughput against the floor: Small Steps as shipped and a bare PTB echo bot.

N simulated people (60 and 200 by default) each run real flow steps in a closed loop, thinking
`--think` seconds (1.5) between an answer and their next step: /win, their words, a tap on the
kind; /feel, a tap on an area, a tap on a word; /reframe, what happened. The echo bot
(bench/echo_bot.py) is bare PTB: no storage, no rate limiter, updates handled concurrently; it
gets the same mix of texts and taps and makes the same Telegram calls per step (a tap: answer
it, remove the keyboard, send the next message). Both are separate processes polling the Bot
API double over HTTP on 127.0.0.1, one after the other in the same run. The double keeps
Telegram's per-chat limit (1 message/s, bursts of 3: beyond it, 429) and no overall limit, and
its 15 s for answering a tap.

Reported per size: updates/s, p50/p95/p99 reply latency (push_update to the reply landing in
the double), CPU seconds per update of the bot's process (psutil), Telegram calls per update,
429s, steps with no reply, and taps lost (never answered with their reply, or answered after
Telegram's 15 s); Small Steps' ratios to the echo bot. Targets: throughput ≥ 0.8×, p99 ≤ 1.5×,
no unanswered step, no lost tap.

    PYTHONPATH=. python bench/interactive.py --people 60,200 --seconds 30
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from benchlib import (
    KEY,
    ROOT,
    TOKEN,
    Child,
    Person,
    Report,
    WatchedTelegram,
    Watcher,
    calibrate,
    child_env,
    fmt,
    percentile,
    real_bot_args,
)
from seed import Mix, open_store, seed_people

from fake_telegram import RateLimits, serve_http

FIRST_ID = 2_000_000
TIMEOUT = 30.0

# (kind, text sent or None for a tap, a fragment of the reply that answers it)
REAL_STEPS = [
    ("text", "/win", "What's one small thing"),
    ("text", "Paused before replying to my boss", "Which kind of step"),
    ("tap", None, "Saved ✓"),
    ("text", "/feel", "How are you feeling right now?"),
    ("tap", None, "Which word comes closest?"),
    ("tap", None, "How strong is it right now"),
    ("text", "/reframe", "What happened?"),
    ("text", "I snapped at my sister", "critical voice"),
]
ECHO_STEPS = [
    (kind, text, "echo: " + (text if text is not None else "next")) for kind, text, _ in REAL_STEPS
]


@dataclass
class Run:
    """One bot's figures."""

    name: str
    latencies: list[float] = field(default_factory=list)
    steps: int = 0
    timeouts: int = 0
    seconds: float = 0.0
    cpu: float = 0.0
    startup: float = 0.0
    calls: int = 0
    refused: int = 0  # 429s from the double
    taps_lost: int = 0  # tap steps with no reply
    late_answers: int = 0  # taps answered after Telegram's 15 s
    exit_status: int | None = None

    @property
    def rate(self) -> float:
        return self.steps / self.seconds if self.seconds else float("nan")

    def p(self, q: float) -> float:
        return percentile(self.latencies, q) * 1000


async def _person(
    person: Person,
    watcher: Watcher,
    steps: list[tuple[str, str | None, str]],
    run: Run,
    window: tuple[float, float],
    think: float,
) -> None:
    start, stop = window
    while time.perf_counter() < stop:
        for kind, text, expect in steps:
            if time.perf_counter() >= stop:
                return
            if think:
                await asyncio.sleep(think)
            future = watcher.expect(person.user_id, expect)
            pushed = time.perf_counter()
            if kind == "tap":
                message = watcher.last.get(person.user_id)
                if message is None:
                    break
                person.tap(message)
            else:
                assert text is not None
                person.text(text)
            try:
                stamp, _ = await asyncio.wait_for(future, TIMEOUT)
            except TimeoutError:
                if pushed >= start:
                    run.timeouts += 1
                    run.taps_lost += kind == "tap"
                break
            if start <= pushed and stamp <= stop:
                run.latencies.append(stamp - pushed)
                run.steps += 1


async def _run_one(
    name: str,
    args: list[str],
    steps: list[tuple[str, str | None, str]],
    people: int,
    seconds: float,
    warmup: float,
    think: float,
    workdir: Path,
) -> Run:
    workdir.mkdir(parents=True)
    db = workdir / "data" / "smallsteps.db"
    db.parent.mkdir()
    store = await open_store(db, KEY)
    await seed_people(store, people, now=datetime.now(UTC), first_id=FIRST_ID, mix=Mix(0, 0, 0))
    await store.close()

    telegram = WatchedTelegram(token=TOKEN)
    telegram.record_calls = False
    # Telegram's per-chat limit (1/s, bursts of 3), no overall one.
    telegram.limit_rate(RateLimits(overall=1e9, overall_burst=1e9, per_chat=1.0, chat_burst=3))
    loop = asyncio.get_running_loop()
    watcher = Watcher(telegram, loop)
    persons = [Person(telegram, FIRST_ID + n) for n in range(people)]
    run = Run(name)
    with serve_http(telegram) as server:
        child = Child(args, child_env(server, db), workdir, telegram)
        child.start()
        run.startup = child.startup_seconds
        try:
            now = time.perf_counter()
            window = (now + warmup, now + warmup + seconds)

            async def measure() -> None:
                await asyncio.sleep(warmup)
                cpu0, calls0 = child.cpu_seconds(), sum(telegram.counts.values())
                await asyncio.sleep(seconds)
                run.cpu = child.cpu_seconds() - cpu0
                run.calls = sum(telegram.counts.values()) - calls0

            await asyncio.gather(
                measure(), *(_person(p, watcher, steps, run, window, think) for p in persons)
            )
            run.seconds = seconds
        finally:
            run.exit_status = child.stop()
    run.refused = sum(n for (_, status), n in telegram.counts.items() if status == 429)
    run.late_answers = len(telegram.late_answers)
    # getUpdates calls are not replies; count them out of the per-update figure.
    return run


def _report_mode(report: Report, mode: str, echo: Run, real: Run) -> None:
    def line(what: str, value: float, base: float, unit: str, target: str = "", met=None):
        ratio = value / base if base else float("nan")
        report.add(
            f"{mode}: {what}",
            f"{fmt(value)} {unit}",
            baseline=f"{fmt(base)} {unit}",
            ratio=f"{fmt(ratio)}×",
            target=target,
            met=met,
        )
        return ratio

    r = line("updates/s", real.rate, echo.rate, "/s")
    report.rows[-1].target = "≥ 0.8× echo"
    report.rows[-1].met = "yes" if r >= 0.8 else "**no**"
    line("p50 reply latency", real.p(50), echo.p(50), "ms")
    line("p95 reply latency", real.p(95), echo.p(95), "ms")
    r = line("p99 reply latency", real.p(99), echo.p(99), "ms")
    report.rows[-1].target = "≤ 1.5× echo"
    report.rows[-1].met = "yes" if r <= 1.5 else "**no**"
    line(
        "bot CPU per update",
        real.cpu / max(real.steps, 1) * 1000,
        echo.cpu / max(echo.steps, 1) * 1000,
        "ms",
    )
    line(
        "Bot API calls per update (incl. getUpdates)",
        real.calls / max(real.steps, 1),
        echo.calls / max(echo.steps, 1),
        "",
    )
    report.add(
        f"{mode}: steps with no reply in {TIMEOUT:.0f} s (Small Steps / echo)",
        f"{real.timeouts} / {echo.timeouts}",
        target="0 (Small Steps)",
        met=real.timeouts == 0,
    )
    real_lost = real.taps_lost + real.late_answers
    report.add(
        f"{mode}: taps lost: unanswered or answered after 15 s (Small Steps / echo)",
        f"{real_lost} / {echo.taps_lost + echo.late_answers}",
        target="0 (Small Steps)",
        met=real_lost == 0,
    )
    report.add(
        f"{mode}: 429s from the double (Small Steps / echo)", f"{real.refused} / {echo.refused}"
    )
    report.add(
        f"{mode}: start-up to first poll (Small Steps / echo)",
        f"{fmt(real.startup)} s / {fmt(echo.startup)} s",
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", default="60,200", help="sizes, comma-separated")
    parser.add_argument("--seconds", type=float, default=30.0, help="measured window per bot")
    parser.add_argument("--warmup", type=float, default=5.0)
    parser.add_argument("--think", type=float, default=1.5, help="seconds between steps")
    parser.add_argument(
        "--experiment",
        action="append",
        default=[],
        help="run Small Steps through bench/run_bot.py with this flag (e.g. --synchronous-normal)",
    )
    parser.add_argument("--no-append", action="store_true")
    args = parser.parse_args(argv)
    sizes = [int(n) for n in args.people.split(",") if n]
    report = Report("Interactive: Small Steps as shipped against a bare PTB bot")
    report.add("machine speed reference (before)", f"{fmt(calibrate(), 1)} ms")
    report.add("people in a closed loop", ", ".join(str(n) for n in sizes))
    report.add("think time between steps", f"{fmt(args.think)} s")
    if args.experiment:
        report.note(f"Experiment: Small Steps ran with {' '.join(args.experiment)}.")

    async def run() -> None:
        with tempfile.TemporaryDirectory(prefix="bench-interactive-") as tmp:
            for people in sizes:
                mode = f"{people} people"
                echo_args = [sys.executable, str(ROOT / "bench" / "echo_bot.py"), "--no-rate-limit"]
                common = (people, args.seconds, args.warmup, args.think)
                print(f"{mode}: echo bot (bare)")
                echo = await _run_one(
                    "echo", echo_args, ECHO_STEPS, *common, Path(tmp) / f"{people}-echo"
                )
                print(f"  {fmt(echo.rate)} updates/s, p99 {fmt(echo.p(99))} ms")
                print(f"{mode}: Small Steps (as shipped)")
                real = await _run_one(
                    "small-steps",
                    real_bot_args(False, *args.experiment),
                    REAL_STEPS,
                    *common,
                    Path(tmp) / f"{people}-real",
                )
                print(f"  {fmt(real.rate)} updates/s, p99 {fmt(real.p(99))} ms")
                _report_mode(report, mode, echo, real)

    asyncio.run(run())
    report.add("machine speed reference (after)", f"{fmt(calibrate(), 1)} ms")
    report.note(
        "Latency: from push_update to the expected reply being stored by the double. Closed "
        "loop: each person's next step follows the previous reply after the think time."
    )
    report.note(
        "Small Steps as shipped (per-chat pace, overall pace for broadcasts only, different "
        "people's updates at once); the echo bot bare (no limiter, concurrent updates). The "
        "double: Telegram's per-chat limit on, no overall limit."
    )
    if not args.no_append:
        report.append()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
