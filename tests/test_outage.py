"""Outages: an update the library cannot read, a database that fails mid-update, a full disk.
None of them stops the bot; each heals without a restart, and SIGTERM still stops it quickly."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import resource
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlcipher3

from bot.health import judge
from bot.store import Store
from fake_telegram import SyncFakeUser
from tests.conftest import Harness, onboard
from tests.e2e_support import BotProcess, bot_env, db_path, onboard_sync, read_store

STOP_WITHIN = 10.0  # seconds from SIGTERM to exit, in every state


class FailingCalls:
    """Fault injection for one store method: raise `error` for the first `times` calls."""

    def __init__(self, method, error: BaseException, times: int) -> None:
        self._method = method
        self._error = error
        self.left = times
        self.calls = 0

    async def __call__(self, *args, **kwargs):
        self.calls += 1
        if self.left > 0:
            self.left -= 1
            raise self._error
        return await self._method(*args, **kwargs)


async def test_a_database_fault_while_marking_an_update_handled_heals_without_a_restart(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    state = harness.store.state
    fault = FailingCalls(state.mark_handled, sqlcipher3.OperationalError("disk I/O error"), 4)
    state.mark_handled = fault  # type: ignore[method-assign]
    ana = harness.person()
    with caplog.at_level(logging.INFO):
        await ana.send("/start")
    # Retried with backoff until the fault cleared; then saved, and only then answered, once.
    assert fault.calls == 5
    assert harness.sleeps == [0.5, 1.0, 2.0, 2.0]
    assert "Is that okay?" in ana.last_text()
    assert sum("Is that okay?" in text for text in ana.replies()) == 1
    assert await state.unhandled() == []
    faults = [r.getMessage() for r in caplog.records if "store_fault" in r.getMessage()]
    assert len(faults) == 4 and all("error=OperationalError" in f for f in faults)
    # The conversation moved on and was saved: the next answer goes to the next step.
    await ana.tap("Yes, that's okay")
    assert "Which time zone are you in?" in ana.last_text()


async def test_an_update_that_keeps_failing_is_set_aside_and_the_next_one_is_answered(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    state = harness.store.state
    fault = FailingCalls(state.mark_handled, RuntimeError("a bug of this update's own"), 3)
    state.mark_handled = fault  # type: ignore[method-assign]
    ana, bob = harness.person(1001, "Ana"), harness.person(1002, "Bob")
    with caplog.at_level(logging.INFO):
        await ana.send("/start my private words")
        await bob.send("/start")
    assert "Is that okay?" in bob.last_text()
    quarantined = await state.quarantined()
    assert len(quarantined) == 1 and quarantined[0][1] == "commit:RuntimeError"
    assert await state.unhandled() == []
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "update_quarantined" in logged and "quarantined=1" in logged
    assert "private words" not in logged
    # Erasing Ana erases what was set aside of hers.
    erased = await harness.store.erase_person(1001)
    assert erased["quarantine"] == 1
    assert await state.quarantined() == []


async def test_an_unreadable_update_left_in_the_inbox_does_not_stop_the_next_start(
    harness: Harness,
) -> None:
    ana = harness.person()
    await onboard(ana)
    bad = ana._unreadable_update("unreadable words")
    await harness.store.state.receive([(bad["update_id"], json.dumps(bad))], harness.clock.now())
    await harness.restart()  # used to raise (and exit 1) on every start
    assert await harness.store.state.quarantined() == [(bad["update_id"], "unreadable")]
    assert await harness.store.state.unhandled() == []
    await ana.send("/win")
    assert "What's one small thing" in ana.last_text()


def _stop_in_time(bot: BotProcess) -> str:
    began = time.monotonic()
    status, output = bot.terminate()
    took = time.monotonic() - began
    assert status == 0, output
    assert took < STOP_WITHIN, f"SIGTERM took {took:.1f} s"
    return output


def test_an_unreadable_update_is_set_aside_and_everyone_else_is_answered(
    double, tmp_path: Path
) -> None:
    telegram, server = double
    bot = BotProcess(telegram, bot_env(server, telegram, tmp_path), tmp_path)
    ana = SyncFakeUser(telegram, user_id=501, first_name="Ana")
    bob = SyncFakeUser(telegram, user_id=502, first_name="Bob")
    bot.start()
    try:
        ana.send_unreadable("poison-words only Ana wrote")
        bob.send("/start")
        bob.wait_for_text("Is that okay?")
        assert telegram.wait_until(lambda: telegram.pending_updates() == 0, 5)
        # No fetch loop: a handful of polls, not hundreds a second.
        polls = len(telegram.calls_to("getUpdates"))
        assert polls < 10, polls
        output = _stop_in_time(bot)  # with the update set aside, not redelivered
        bot.start()  # restarts are clean
        bob.tap("Yes, that's okay")
        bob.wait_for_text("Which time zone are you in?")
        output = _stop_in_time(bot)
    finally:
        if bot.proc and bot.proc.poll() is None:
            bot.proc.kill()
            bot.proc.wait()
    assert "poison-words" not in output
    assert "CRITICAL" not in output
    assert "update_quarantined" in output

    async def read(store: Store) -> tuple[list[tuple[int, str]], int]:
        row = await store.db.fetch_one("SELECT count(*) FROM inbox")
        return await store.state.quarantined(), int(row[0]) if row else -1

    quarantined, inbox = read_store(tmp_path, read)
    assert [reason for _, reason in quarantined] == ["unreadable"]
    assert inbox == 0
    # Kept encrypted: the words are nowhere in the files on disk.
    for file in db_path(tmp_path).parent.iterdir():
        assert b"poison-words" not in file.read_bytes(), file.name


WAL_FRAME = 4096 + 24  # one page and its frame header in the write-ahead log


def _fill_disk(pid: int, data: Path, room: int = 0) -> None:
    """No file of the bot may grow more than `room` bytes (RLIMIT_FSIZE): for it, the disk is
    full. Its output log is far smaller than the limit, so it can still say what happens."""
    largest = max(f.stat().st_size for f in data.iterdir())
    limit = largest + room
    resource.prlimit(pid, resource.RLIMIT_FSIZE, (limit, resource.RLIM_INFINITY))


def _free_disk(pid: int) -> None:
    resource.prlimit(pid, resource.RLIMIT_FSIZE, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))


def _heartbeat(tmp_path: Path) -> dict:
    path = db_path(tmp_path).with_name("smallsteps.heartbeat")
    return json.loads(path.read_text(encoding="utf-8"))


def test_a_full_disk_stops_nothing_for_good_and_handling_resumes_when_it_has_room(
    double, tmp_path: Path
) -> None:
    telegram, server = double
    bot = BotProcess(telegram, bot_env(server, telegram, tmp_path), tmp_path)
    ana = SyncFakeUser(telegram, user_id=601, first_name="Ana")
    data = db_path(tmp_path).parent
    bot.start()
    try:
        onboard_sync(ana)
        assert bot.proc is not None
        pid = bot.proc.pid
        # Room for a few more pages in the log (the inbox's row, its entry in the index by
        # chat, the pages they split into): the update is kept in the inbox, then saving the
        # state it leads to fails.
        # This used to end PTB's update fetcher: nothing was answered again, even after the
        # disk had room.
        _fill_disk(pid, data, room=4 * WAL_FRAME)
        mark = telegram.current_seq()
        ana.send("/win")
        answered = telegram.wait_until(
            lambda: any(m.seq > mark and "small thing" in m.text for m in ana.transcript()), 1.5
        )
        assert not answered, f"answered, although nothing could be saved:\n{bot.output()}"
        assert "store_fault step=commit" in bot.output()
        _free_disk(pid)
        ana.wait_for_text("What's one small thing", timeout=10)  # no restart
        ana.send("finished a chapter")
        ana.wait_for_text("Which kind of step was it?")
        ana.tap("Paused before reacting ⏸️")
        ana.wait_for_text("Saved ✓")

        # Full again, so that not even the inbox can take an update; SIGTERM during this
        # outage stops the bot in time, and the update is not lost (Telegram still has it).
        _fill_disk(pid, data)
        ana.send("/feel")
        assert telegram.wait_until(lambda: "inbox_store_failed" in bot.output(), 5)
        _stop_in_time(bot)
        bot.start()
        ana.wait_for_text("How are you feeling right now?", timeout=10)
        _stop_in_time(bot)
    finally:
        if bot.proc and bot.proc.poll() is None:
            bot.proc.kill()
            bot.proc.wait()

    async def read(store: Store) -> tuple[str, list[str]]:
        row = await store.db.fetch_one("PRAGMA integrity_check")
        return str(row[0]) if row else "", [e.text for e in await store.entries.all_of(601)]

    integrity, wins = read_store(tmp_path, read)
    assert integrity == "ok"
    assert wins == ["finished a chapter"]


def test_health_follows_progress_of_the_running_bot(double, tmp_path: Path) -> None:
    telegram, server = double
    env = bot_env(server, telegram, tmp_path)
    # systemd's notification socket, as Type=notify with WatchdogSec gives the service.
    notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    notify.bind(str(tmp_path / "notify.sock"))
    notify.settimeout(15)
    env["NOTIFY_SOCKET"] = str(tmp_path / "notify.sock")
    bot = BotProcess(telegram, env, tmp_path)
    health = HealthCommand(env, tmp_path)
    assert health.run()[0] == 1  # not running: no heartbeat
    bot.start()
    try:
        assert telegram.wait_until(lambda: health.run()[0] == 0, 10), health.run()
        beat = _heartbeat(tmp_path)
        assert beat["waiting"] == 0 and beat["last_tick_at"] is not None
        told = [notify.recv(100).decode() for _ in range(2)]
        assert told == ["READY=1", "WATCHDOG=1"]
        _stop_in_time(bot)
        notify.setblocking(False)
        rest = []
        with contextlib.suppress(BlockingIOError):
            while True:
                rest.append(notify.recv(100).decode())
        assert rest[-1] == "STOPPING=1", rest
    finally:
        notify.close()
        if bot.proc and bot.proc.poll() is None:
            bot.proc.kill()
            bot.proc.wait()


@pytest.mark.parametrize(
    ("beat", "healthy", "why"),
    [
        ({"written_at": 995, "started_at": 900, "last_tick_at": 980}, True, "ok"),
        ({"written_at": 800, "started_at": 700, "last_tick_at": 790}, False, "no heartbeat"),
        ({"written_at": 995, "started_at": 700, "last_tick_at": 850}, False, "tick 150 s ago"),
        ({"written_at": 995, "started_at": 700, "last_tick_at": None}, False, "tick never"),
        ({"written_at": 995, "started_at": 990, "last_tick_at": None}, True, "ok"),
        (
            {
                "written_at": 995,
                "started_at": 700,
                "last_tick_at": 990,
                "oldest_waiting_since": 870,
            },
            False,
            "waited 130 s",
        ),
    ],
)
def test_health_judges_progress_not_existence(beat: dict, healthy: bool, why: str) -> None:
    verdict = judge(beat, max_age=120, now=1000)
    assert verdict.healthy is healthy
    assert why in verdict.reason


class HealthCommand:
    """`python -m bot health` with the bot's environment."""

    def __init__(self, env: dict[str, str], cwd: Path) -> None:
        self.env = env
        self.cwd = cwd

    def run(self) -> tuple[int, str]:
        done = subprocess.run(
            [sys.executable, "-m", "bot", "health"],
            cwd=self.cwd,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=30,
        )
        return done.returncode, done.stdout + done.stderr


def test_private_files(double, tmp_path: Path) -> None:
    telegram, server = double
    bot = BotProcess(telegram, bot_env(server, telegram, tmp_path), tmp_path)
    bot.start()
    try:
        SyncFakeUser(telegram, user_id=701, first_name="Ana").send("/start")
        _stop_in_time(bot)
    finally:
        if bot.proc and bot.proc.poll() is None:
            bot.proc.kill()
            bot.proc.wait()
    data = db_path(tmp_path).parent
    assert data.stat().st_mode & 0o777 == 0o700
    for file in data.iterdir():
        assert file.stat().st_mode & 0o077 == 0, (file.name, oct(file.stat().st_mode))


async def test_replies_saved_with_the_state_are_sent_after_a_crash_once(harness: Harness) -> None:
    ana = harness.person()
    await ana.send("/start")
    outbox = harness.store.outbox
    # The process dies after the state (and its replies) were committed, before sending.
    died = FailingCalls(outbox.take, asyncio.CancelledError(), 1)
    outbox.take = died  # type: ignore[method-assign]
    with pytest.raises(asyncio.CancelledError):
        await ana.tap("Yes, that's okay")
    assert "Which time zone" not in " ".join(ana.replies())
    await harness.restart()
    assert sum("Which time zone are you in?" in text for text in ana.replies()) == 1
    await harness.restart()  # sent once: not again
    assert sum("Which time zone are you in?" in text for text in ana.replies()) == 1
    await ana.send("Germany")
    assert "Is that your time?" in ana.last_text()
