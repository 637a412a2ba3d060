"""Three real `python -m bot --webhook` processes on one PostgreSQL database, the Bot API
double delivering webhooks to them in turn (round robin, as a load balancer would). Three
people go through every flow in step with each other while one instance after another is
SIGKILLed mid-flow and, holding the scheduler's lease, mid-fan-out. Afterwards every flow
went on where it was, no update was handled twice, no prompt was sent twice for a person and
date, and every update the instances acknowledged was handled."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import threading
import time as clock
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import psycopg
import pytest

from bot.store import Entry, Feeling, Note, Reframe, Setback, Store, Win
from fake_telegram import FakeTelegram, HttpDouble, SyncFakeUser, WebhookDelivery
from tests.conftest import KEY
from tests.e2e_support import START_TIMEOUT, bot_env, onboard_sync
from tests.test_crash_kills import FLOWS, Step, _wait
from tests.test_webhook import SECRET, _free_port

pytestmark = pytest.mark.slow

INSTANCES = 3
TALKERS = (9101, 9102, 9103)
CROWD = tuple(range(9500, 9540))  # set up directly: they only receive the fan-outs
WAIT = 15.0  # for an answer that must come, kills or not
ZONE = "Europe/Berlin"


class Instance:
    """One `python -m bot --webhook` process (in a process group of its own, with its chart
    workers: a kill takes them all, as a container's end would); started again on the same
    port after a kill. Its output goes to a file."""

    def __init__(self, number: int, env: dict[str, str], cwd: Path) -> None:
        self.number = number
        self.port = _free_port()
        self.env = {**env, "SMALLSTEPS_WEBHOOK_PORT": str(self.port)}
        self.env["SMALLSTEPS_DB_PATH"] = str(cwd / "data" / "smallsteps.db")  # its run lock
        self.cwd = cwd
        self.proc: subprocess.Popen[bytes] | None = None
        self.kills = 0
        self.starts = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/telegram/in"

    @property
    def log_path(self) -> Path:
        return self.cwd / "bot-output.log"

    def output(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def start(self) -> None:
        self.cwd.mkdir(exist_ok=True)
        with self.log_path.open("ab") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "bot", "--webhook"],
                cwd=self.cwd,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.starts += 1

    def wait_started(self) -> None:
        def started() -> bool:
            assert self.proc is not None and self.proc.poll() is None, self.output()
            return self.output().count("Application started") >= self.starts

        assert _eventually(started, START_TIMEOUT), self.output()

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()

    def kill_and_restart(self) -> None:
        self.kill()
        self.kills += 1
        self.start()

    def terminate(self) -> int:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout=20)

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid


def _eventually(check: Callable[[], bool], timeout: float) -> bool:
    """For state only the database shows (the double sees no change to wake a wait on)."""
    deadline = clock.monotonic() + timeout
    pause = threading.Event()
    while not check():
        if clock.monotonic() > deadline:
            return False
        pause.wait(0.1)
    return True


def _rows(url: str, sql: str, params: tuple[object, ...] = ()) -> list[tuple]:
    with psycopg.connect(url, autocommit=True) as conn:
        cursor = conn.execute(sql, params)
        return list(cursor.fetchall()) if cursor.description else []


def _lease_holder(url: str) -> int | None:
    """The process id of the instance holding the scheduler's lease."""
    rows = _rows(
        url,
        "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
        "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2 "
        "AND l.classid::bigint = mod(hashtext(current_schema())::bigint + 4294967296, 4294967296) "
        "AND starts_with(a.application_name, 'smallsteps-schedule-')",
    )
    return int(rows[0][0].rsplit("-", 1)[1]) if rows else None


def _lease_to(instances: list[Instance], wanted: Instance, url: str) -> None:
    """While nothing is due: kill whichever other instance holds the scheduler's lease until
    `wanted` holds it (each time another live instance takes it over within a tick)."""
    for _ in range(12):
        assert _eventually(lambda: _lease_holder(url) is not None, WAIT), "nobody took the lease"
        holder = _lease_holder(url)
        if holder == wanted.pid:
            return
        (other,) = [i for i in instances if i.pid == holder]
        other.kill_and_restart()
        assert _eventually(lambda h=holder: _lease_holder(url) not in (None, h), WAIT)
    raise AssertionError("the lease never went to the instance wanted")


def _seed_crowd(url: str, telegram: FakeTelegram, tmp_path: Path) -> None:
    """People who finished onboarding some other day (the instances have migrated by now)."""

    async def seed() -> None:
        store = Store(tmp_path / "unused.db", KEY, database_url=url)
        await store.open()
        try:
            for telegram_id in CROWD:
                await store.users.create(telegram_id, "en", datetime.now(UTC))
                await store.users.complete_setup(telegram_id, ZONE, time(23, 30))
                await store.users.set_skip_if_checked_in(telegram_id, False)
        finally:
            await store.close()

    for telegram_id in CROWD:
        telegram.add_private_chat(telegram_id, f"P{telegram_id}")
    asyncio.run(seed())


def _fan_out_due(url: str, day: int) -> str:
    """Everyone in the crowd's check-in is due now, for the local date `day` days ahead (a
    new date each time: one prompt per person and date). A check-in time inside the quiet
    hours is sent whatever the hour is now (as in tests/test_chaos.py)."""
    now = datetime.now(UTC)
    local_date = (now + timedelta(days=day)).date().isoformat()
    _rows(
        url,
        "UPDATE users SET next_prompt_at = %s, next_prompt_date = %s, prompt_time = '23:30' "
        "WHERE telegram_id >= %s",
        ((now - timedelta(minutes=1)).isoformat(), local_date, CROWD[0]),
    )
    return local_date


def _finished(url: str, local_date: str) -> int:
    """The crowd's prompts for the date that were sent or may have been (never resent)."""
    rows = _rows(
        url,
        "SELECT count(*) FROM deliveries WHERE kind = 'prompt' AND local_date = %s "
        "AND status IN ('sent', 'uncertain')",
        (local_date,),
    )
    return int(rows[0][0])


def _crowd_messages(telegram: FakeTelegram) -> int:
    return sum(len(telegram.transcript(telegram_id)) for telegram_id in CROWD)


@pytest.fixture
def instances(
    double: tuple[FakeTelegram, HttpDouble], tmp_path: Path, postgres_url: str
) -> Iterator[list[Instance]]:
    telegram, server = double
    env = bot_env(server, telegram, tmp_path)
    env.update(
        SMALLSTEPS_DATABASE_URL=postgres_url,
        SMALLSTEPS_WEBHOOK_URL="https://bot.example.org/telegram/in",
        SMALLSTEPS_WEBHOOK_SECRET=SECRET,
        SMALLSTEPS_WEBHOOK_LISTEN="127.0.0.1",
        SMALLSTEPS_TICK_SECONDS="1",  # a takeover within a second, not thirty
    )
    running = [Instance(n, env, tmp_path / f"instance-{n}") for n in range(INSTANCES)]
    try:
        for instance in running:
            instance.start()
        for instance in running:
            instance.wait_started()
        yield running
    finally:
        for instance in running:
            instance.kill()


def test_three_instances_on_one_database_survive_kills_mid_flow_and_mid_fan_out(
    double: tuple[FakeTelegram, HttpDouble],
    instances: list[Instance],
    postgres_url: str,
    tmp_path: Path,
) -> None:
    telegram, _ = double
    began = clock.monotonic()
    delivery = WebhookDelivery(telegram, [i.url for i in instances]).start()
    people = [SyncFakeUser(telegram, user_id=i, first_name=f"T{i}") for i in TALKERS]
    asked: dict[int, list[tuple[int, str]]] = {p.user_id: [] for p in people}
    confirmed: dict[str, list[str]] = {flow: [] for flow in FLOWS}
    dates: list[str] = []
    holders_killed: list[int] = []
    try:
        for person in people:
            onboard_sync(person)
        _seed_crowd(postgres_url, telegram, tmp_path)
        for round_, flow in enumerate(FLOWS):
            plans = [FLOWS[flow](round_ * 100 + n) for n in range(len(people))]
            steps_count = len(plans[0][0])
            for k in range(steps_count):
                marks = []
                for person, (steps, _) in zip(people, plans, strict=True):
                    step: Step = steps[k]
                    mark = telegram.current_seq()
                    if step.action.startswith("tap:"):
                        person.tap(step.action[4:])
                    else:
                        person.send(step.action)
                    marks.append(mark)
                    asked[person.user_id].append((len(telegram.calls), step.expect))
                if round_ < INSTANCES and k == steps_count // 2:
                    # Mid-flow: each person's update is with one instance or another.
                    instances[round_].kill_and_restart()
                for person, (steps, _), mark in zip(people, plans, marks, strict=True):
                    answer = _wait(person, mark, steps[k].expect, WAIT)
                    assert answer is not None, f"{person.user_id}: no answer to {steps[k]}"
            for (_, unique), person in zip(plans, people, strict=True):
                confirmed[flow].append(unique)
                assert "Saved ✓" in person.last_text()
            if round_ < INSTANCES:
                for instance in instances:
                    instance.wait_started()
                _lease_to(instances, instances[round_], postgres_url)
                # Mid-fan-out: the lease's holder dies once it has sent some of the prompts.
                some = _crowd_messages(telegram) + 8
                dates.append(_fan_out_due(postgres_url, round_ + 1))
                assert telegram.wait_until(
                    lambda some=some: _crowd_messages(telegram) >= some, WAIT
                )
                holder = _lease_holder(postgres_url)
                assert holder is not None
                (victim,) = [i for i in instances if i.pid == holder]
                victim.kill_and_restart()
                assert victim is instances[round_]
                holders_killed.append(victim.number)
                assert _eventually(
                    lambda: _finished(postgres_url, dates[-1]) == len(CROWD), WAIT
                ), "the fan-out was not taken over"
        for instance in instances:
            instance.wait_started()
        assert telegram.wait_until(lambda: telegram.pending_updates() == 0, WAIT)
    finally:
        delivery.stop()
    statuses = []
    for instance in instances:
        statuses.append(instance.terminate())
        output = instance.output()
        assert KEY not in output and SECRET not in output and telegram.token not in output
    assert statuses == [0] * INSTANCES

    # Every acknowledged update was handled, once; none is left or set aside.
    handled = {row[0] for row in _rows(postgres_url, "SELECT update_id FROM handled_updates")}
    assert set(delivery.confirmed) <= handled
    assert _rows(postgres_url, "SELECT count(*) FROM inbox")[0][0] == 0
    assert _rows(postgres_url, "SELECT count(*) FROM quarantine")[0][0] == 0
    # Each answer was said once (a message edited later keeps its first saying in the calls).
    said = [
        (n, call.params.get("chat_id"), str(call.params.get("text", "")))
        for n, call in enumerate(telegram.calls)
        if call.method in ("sendMessage", "editMessageText") and call.status == 200
    ]
    for person in people:
        for i, (mark, expect) in enumerate(asked[person.user_id]):
            following = asked[person.user_id][i + 1 :]
            until = following[0][0] if following else len(telegram.calls)
            count = sum(
                1
                for n, chat, text in said
                if mark <= n < until and str(chat) == str(person.user_id) and expect in text
            )
            assert count == 1, f"{person.user_id}: {expect!r} answered {count} times"

    # Every flow's words are kept once.
    async def entries() -> dict[int, list[Entry]]:
        store = Store(tmp_path / "unused.db", KEY, database_url=postgres_url)
        await store.open()
        try:
            return {i: await store.entries.all_of(i) for i in TALKERS}
        finally:
            await store.close()

    kept = Counter[str]()
    for rows in asyncio.run(entries()).values():
        for e in rows:
            if isinstance(e, Win | Note):
                kept[e.text] += 1
            elif isinstance(e, Feeling):
                kept[e.about or ""] += 1
            elif isinstance(e, Reframe):
                kept[e.friend_words] += 1
            elif isinstance(e, Setback):
                kept[e.what_happened] += 1
    for flow, words in confirmed.items():
        assert [w for w in words if kept[w] != 1] == [], f"{flow} not kept exactly once"

    # No prompt twice for a person and date: what each received is what was recorded as sent,
    # plus at most the ones a dead holder may have sent (uncertain: never resent).
    recorded = _rows(
        postgres_url,
        "SELECT telegram_id, status FROM deliveries WHERE kind = 'prompt' AND local_date = ANY(%s)",
        (dates,),
    )
    sent = Counter(t for t, status in recorded if status == "sent")
    uncertain = Counter(t for t, status in recorded if status == "uncertain")
    assert len(recorded) == len(CROWD) * len(dates)
    for telegram_id in CROWD:
        received = len(telegram.transcript(telegram_id))
        assert sent[telegram_id] <= received <= sent[telegram_id] + uncertain[telegram_id]
    assert sum(uncertain.values()) <= 16 * len(dates)
    kills = {i.number: i.kills for i in instances}
    print(
        f"\nthree instances: kills {kills} (lease holders killed mid-fan-out: {holders_killed}), "
        f"updates confirmed {len(delivery.confirmed)}, refused deliveries {delivery.refused}, "
        f"prompts sent {sum(sent.values())}, uncertain {sum(uncertain.values())}, "
        f"{clock.monotonic() - began:.1f} s"
    )
