"""Shared pieces of the benchmarks: reporting, statistics, the watched double, processes.

Benchmarks import this as a sibling module (`python bench/<script>.py` puts `bench/` first on
`sys.path`); they need the repository root importable too (`PYTHONPATH=.`, or the project
installed, as `make bench` does).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import shlex
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fake_telegram import FakeTelegram, HttpDouble, SentMessage

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "benchmarks.md"
KEY = "bench-key-" + "0123456789" * 4
TOKEN = "123456:BENCH-TOKEN"

# PTB 22 warns unless durations are timedeltas; the bot's entry point sets the same.
os.environ.setdefault("PTB_TIMEDELTA", "true")


# ---------------------------------------------------------------------- statistics


def percentile(values: Iterable[float], q: float) -> float:
    """The q-th percentile (0–100) by linear interpolation; NaN for no values."""
    data = sorted(values)
    if not data:
        return float("nan")
    k = (len(data) - 1) * q / 100
    lo = int(k)
    hi = min(lo + 1, len(data) - 1)
    return data[lo] + (data[hi] - data[lo]) * (k - lo)


def calibrate(rounds: int = 3) -> float:
    """Milliseconds for a fixed pure-Python workload (best of `rounds`): the machine's speed now.

    Printed beside absolute figures so a reader can tell a slow machine from slow code.
    """
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        total = 0
        table: dict[int, int] = {}
        for i in range(300_000):
            total += i * i % 7
            table[i & 1023] = total
        best = min(best, time.perf_counter() - start)
    return best * 1000


def fmt(value: float, digits: int = 2) -> str:
    """A number for a table: NaN as a dash, big numbers without decimals."""
    if value != value:  # NaN
        return "—"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:.{digits}f}"


# ---------------------------------------------------------------------- reporting


@dataclass
class Row:
    """One figure: what, the value (with unit), optionally a baseline, ratio and target."""

    what: str
    value: str
    baseline: str = ""
    ratio: str = ""
    target: str = ""
    met: str = ""


@dataclass
class Report:
    """A benchmark's figures; printed and appended to docs/benchmarks.md with the command."""

    title: str
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    started: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))

    def add(
        self,
        what: str,
        value: str,
        *,
        baseline: str = "",
        ratio: str = "",
        target: str = "",
        met: bool | None = None,
    ) -> None:
        """Add a figure; `met` None leaves the column empty."""
        verdict = "" if met is None else ("yes" if met else "**no**")
        self.rows.append(Row(what, value, baseline, ratio, target, verdict))
        print(f"  {what}: {value}" + (f"  (baseline {baseline}, ratio {ratio})" if ratio else ""))

    def note(self, text: str) -> None:
        """A line of explanation under the table."""
        self.notes.append(text)
        print(f"  note: {text}")

    def markdown(self, command: str) -> str:
        """The section as Markdown."""
        when = self.started.strftime("%Y-%m-%d %H:%M UTC")
        cores = os.cpu_count()
        lines = [
            f"### {self.title} — {when}, {cores} cores",
            "",
            f"`{command}`",
            "",
            "| figure | value | baseline | ratio | target | met |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
        for r in self.rows:
            lines.append(
                f"| {r.what} | {r.value} | {r.baseline} | {r.ratio} | {r.target} | {r.met} |"
            )
        if self.notes:
            lines.append("")
            lines.extend(f"- {n}" for n in self.notes)
        return "\n".join(lines) + "\n"

    def append(self, doc: Path | None = DOC) -> None:
        """Append to docs/benchmarks.md (unless `doc` is None), with the exact command."""
        command = command_line()
        text = self.markdown(command)
        if doc is None:
            return
        doc.parent.mkdir(parents=True, exist_ok=True)
        with doc.open("a", encoding="utf-8") as handle:
            handle.write("\n" + text)
        print(f"appended to {doc.relative_to(ROOT) if doc.is_relative_to(ROOT) else doc}")


def command_line() -> str:
    """The command that ran this benchmark, as it could be typed again from the repo root."""
    script = Path(sys.argv[0]).resolve()
    shown = script.relative_to(ROOT) if script.is_relative_to(ROOT) else script
    args = " ".join(shlex.quote(a) for a in sys.argv[1:])
    return f"PYTHONPATH=. python {shown} {args}".rstrip()


# ---------------------------------------------------------------------- the watched double


class WatchedTelegram(FakeTelegram):
    """The Bot API double, also telling waiters the moment a bot message lands in a chat.

    Waiting through `wait_until` re-runs every waiter's predicate (with transcript copies) on
    every state change, which would make hundreds of simulated people the bottleneck; this
    hook costs one dict lookup per stored message.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.on_message: Callable[[SentMessage], None] | None = None
        self.record_calls = True
        self.sent_count = 0
        self.counted_from: int | None = None  # also count messages to chats with ids from this
        self.counted = 0
        self.counts: Counter[tuple[str, int]] = Counter()

    def _store(self, chat: Any, **fields: Any) -> SentMessage:  # type: ignore[override]
        message = super()._store(chat, **fields)
        self.sent_count += 1
        if self.counted_from is not None and message.chat_id >= self.counted_from:
            self.counted += 1
        hook = self.on_message
        if hook is not None:
            hook(message)
        return message

    def _edit_message_text(self, p: dict[str, Any], files: dict[str, Any]) -> Any:
        result = super()._edit_message_text(p, files)
        hook = self.on_message
        if hook is not None:
            hook(self._messages[p["chat_id"]][p["message_id"]])
        return result

    def _record(self, name: str, params: dict[str, Any], status: int, body: dict[str, Any]):
        self.counts[(name, status)] += 1
        if self.record_calls:
            return super()._record(name, params, status, body)
        # Long fan-outs: keep only failures, so the harness's memory and copies stay small.
        if status != 200:
            return super()._record(name, params, status, body)
        self._changed()
        return status, body


class Watcher:
    """Per-chat futures resolved (on an asyncio loop) when a matching bot message arrives."""

    def __init__(self, telegram: WatchedTelegram, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self._waiting: dict[int, tuple[str, asyncio.Future[tuple[float, SentMessage]]]] = {}
        self._lock = threading.Lock()
        self.last: dict[int, SentMessage] = {}
        telegram.on_message = self._seen

    def expect(self, chat_id: int, fragment: str) -> asyncio.Future[tuple[float, SentMessage]]:
        """A future for the next bot message in `chat_id` containing `fragment`."""
        future: asyncio.Future[tuple[float, SentMessage]] = self._loop.create_future()
        with self._lock:
            self._waiting[chat_id] = (fragment, future)
        return future

    def _seen(self, message: SentMessage) -> None:
        stamp = time.perf_counter()
        with self._lock:
            if message.buttons:
                self.last[message.chat_id] = message
            waiting = self._waiting.get(message.chat_id)
            if waiting is None or waiting[0] not in message.text:
                return
            del self._waiting[message.chat_id]
        future = waiting[1]

        def resolve() -> None:
            if not future.done():
                future.set_result((stamp, message))

        self._loop.call_soon_threadsafe(resolve)


# ---------------------------------------------------------------------- people


class Person:
    """A simulated person: builds Telegram-shaped updates and pushes them to the double."""

    def __init__(self, telegram: FakeTelegram, user_id: int) -> None:
        self.telegram = telegram
        self.user_id = user_id
        telegram.add_private_chat(user_id, "Ana", "en")
        self.user = {"id": user_id, "is_bot": False, "first_name": "Ana", "language_code": "en"}
        self.chat = {"id": user_id, "type": "private", "first_name": "Ana"}

    def text(self, text: str) -> None:
        """Send a text message (a leading /command gets its entity)."""
        message: dict[str, Any] = {
            "message_id": self.telegram.next_message_id(self.user_id),
            "date": int(time.time()),
            "chat": self.chat,
            "from": self.user,
            "text": text,
        }
        if text.startswith("/"):
            length = len(text.split()[0])
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        self.telegram.push_update({"message": message})

    def tap(self, message: SentMessage, row: int = 0, column: int = 0) -> None:
        """Tap a button on one of the bot's messages."""
        button = message.buttons[row][column]
        query = {
            "id": self.telegram.new_callback_query_id(),
            "from": self.user,
            "chat_instance": f"{self.user_id}{self.telegram.bot_id}",
            "data": button.callback_data,
            "message": self.telegram.message_json(self.user_id, message.message_id)
            or {"chat": self.chat, "message_id": message.message_id, "date": 0},
        }
        self.telegram.push_update({"callback_query": query})


# ---------------------------------------------------------------------- processes


def child_env(server: HttpDouble, db_path: Path, **extra: str) -> dict[str, str]:
    """The environment an operator would give the bot, pointed at the double."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "SMALLSTEPS_"))}
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env["TELEGRAM_API_BASE_URL"] = server.base_url
    env["TELEGRAM_FILE_BASE_URL"] = server.file_base_url
    env["TELEGRAM_BOT_TOKEN"] = server.telegram.token
    env["SMALLSTEPS_DB_PATH"] = str(db_path)
    env["SMALLSTEPS_DB_KEY"] = KEY
    env.update(extra)
    return env


class Child:
    """A bot process (the real one or the echo baseline) polling the double."""

    def __init__(self, args: list[str], env: dict[str, str], cwd: Path, telegram: FakeTelegram):
        self.args = args
        self.env = env
        self.cwd = cwd
        self.telegram = telegram
        self.proc: subprocess.Popen[bytes] | None = None
        self.startup_seconds = float("nan")

    @property
    def log_path(self) -> Path:
        return self.cwd / "process-output.log"

    def output(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def start(self, timeout: float = 60.0) -> None:
        """Start and wait until its first getUpdates has begun (start-up to first poll)."""
        before = self.telegram.polls_started()
        started = time.perf_counter()
        with self.log_path.open("ab") as log:
            self.proc = subprocess.Popen(
                self.args,
                cwd=self.cwd,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        ok = self.telegram.wait_until(lambda: self.telegram.polls_started() > before, timeout)
        if not ok:
            self.stop()
            raise RuntimeError(f"{self.args} did not start polling:\n{self.output()[-3000:]}")
        self.startup_seconds = time.perf_counter() - started

    def cpu_seconds(self) -> float:
        """User + system CPU seconds the process has used so far."""
        import psutil

        assert self.proc is not None
        times = psutil.Process(self.proc.pid).cpu_times()
        return times.user + times.system

    def rss_mb(self) -> float:
        """Resident memory now, in MB."""
        import psutil

        assert self.proc is not None
        return psutil.Process(self.proc.pid).memory_info().rss / 1e6

    def stop(self) -> int | None:
        """SIGTERM, then SIGKILL after 20 s; returns the exit status."""
        if self.proc is None or self.proc.poll() is not None:
            return None if self.proc is None else self.proc.returncode
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return self.proc.wait()


def real_bot_args(no_rate_limit: bool = False, *experiments: str) -> list[str]:
    """The command line of the real bot: `python -m bot`, or the bench launcher (rate limits
    off, and experiments such as `--synchronous-normal`)."""
    if no_rate_limit or experiments:
        flags = ["--no-rate-limit"] if no_rate_limit else []
        return [sys.executable, str(ROOT / "bench" / "run_bot.py"), *flags, *experiments]
    return [sys.executable, "-m", "bot"]


# ---------------------------------------------------------------------- probing people

THINK = 1.5  # seconds a probing person takes between an answer and their next step
ANSWER_TIMEOUT = 20.0
WIN_STEPS = [
    ("command", "/win", "What's one small thing"),
    ("text", "Took a walk instead of doom-scrolling", "Which kind of step"),
    ("tap", None, "Saved ✓"),
]


@dataclass
class Probe:
    """People tapping through /win (words, then a kind) and how long each answer took."""

    latencies: list[tuple[str, float, float]] = field(default_factory=list)  # step, at, seconds
    timeouts: int = 0

    def of(self, step: str) -> list[float]:
        """Latencies of one kind of step ("tap", "text", "command"), or of all with "all"."""
        return [s for k, _, s in self.latencies if step in ("all", k)]


async def probe_loop(person: Person, watcher: Watcher, probe: Probe, stop: float) -> None:
    """Tap through /win again and again until `stop`, pausing THINK seconds between steps."""
    while time.perf_counter() < stop:
        for step, payload, expect in WIN_STEPS:
            future = watcher.expect(person.user_id, expect)
            pushed = time.perf_counter()
            if step == "tap":
                message = watcher.last.get(person.user_id)
                if message is None:
                    break
                person.tap(message)
            else:
                assert payload is not None
                person.text(payload)
            try:
                stamp, _ = await asyncio.wait_for(future, ANSWER_TIMEOUT)
            except TimeoutError:
                probe.timeouts += 1
                break
            probe.latencies.append((step, pushed, stamp - pushed))
            await asyncio.sleep(THINK)


def report_probes(report: Report, idle: Probe, busy: Probe, during: str) -> None:
    """Tap and all-step latencies while busy against idle; the tap p99 is the target."""
    for step in ("tap", "all"):
        idle_l, busy_l = idle.of(step), busy.of(step)
        p_idle, p_busy = percentile(idle_l, 99), percentile(busy_l, 99)
        name = "tap" if step == "tap" else "any step"
        report.add(
            f"{name}: p99 answer during {during}",
            f"{fmt(p_busy * 1000, 0)} ms (n={len(busy_l)})",
            baseline=f"idle {fmt(p_idle * 1000, 0)} ms (n={len(idle_l)})",
            ratio=f"{fmt(p_busy / p_idle, 2)}×",
            target="≤ 2× idle p99",
            met=p_busy <= 2 * p_idle,
        )
        report.add(
            f"{name}: p50 answer during {during}",
            f"{fmt(percentile(busy_l, 50) * 1000, 0)} ms",
            baseline=f"idle {fmt(percentile(idle_l, 50) * 1000, 0)} ms",
        )
    report.add(
        f"probe steps with no answer in {ANSWER_TIMEOUT:.0f} s (idle / {during})",
        f"{idle.timeouts} / {busy.timeouts}",
    )


def make_due(path: Path, column: str, due: dt.datetime, first_id: int, last_id: int) -> int:
    """Make people's next prompt or digest (`column`) due at `due`, from outside the bot.

    Their chosen local time becomes their local time at `due`, so the quiet-hours rule (which
    skips a delivery at night unless the person chose a night-time) never skips one.
    """
    from zoneinfo import ZoneInfo

    import sqlcipher3

    kind = {"next_prompt_at": "prompt", "next_digest_at": "digest"}[column]
    conn = sqlcipher3.connect(str(path), isolation_level=None)
    try:
        conn.execute(f"PRAGMA key = '{KEY}'")
        conn.execute("PRAGMA busy_timeout = 10000")
        conn.execute("BEGIN IMMEDIATE")
        zones = [row[0] for row in conn.execute("SELECT DISTINCT timezone FROM users")]
        moved = 0
        for zone in zones:
            local = due.astimezone(ZoneInfo(zone))
            cursor = conn.execute(
                f"UPDATE users SET next_{kind}_at = ?, next_{kind}_date = ?, {kind}_time = ? "
                "WHERE timezone = ? AND telegram_id BETWEEN ? AND ?",
                (
                    due.isoformat(),
                    local.date().isoformat(),
                    local.strftime("%H:%M"),
                    zone,
                    first_id,
                    last_id,
                ),
            )
            moved += cursor.rowcount
        conn.execute("COMMIT")
        return moved
    finally:
        conn.close()
