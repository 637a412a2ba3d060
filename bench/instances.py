"""Several instances on one PostgreSQL database, against the SQLite build.

For each build (SQLite, one process polling; PostgreSQL with one, two and three instances in
webhook mode, the Bot API double delivering webhooks round robin) `--people` people run the
/win flow in a closed loop (no thinking time) for `--seconds`: reported are answered steps per
second and the bots' CPU seconds per update (every instance with its child processes, psutil).
Telegram's per-chat limit (about 1 message/s in a chat) bounds each person's pace, so with few
people the throughput says more about that limit than about the bot; CPU per update is the
figure to compare. Then the fan-out with the lease: `--crowd` people's check-ins due at once,
three instances, the broadcast rate raised out of the way; reported is prompts/s from the
moment they are due until every one is recorded as sent.

    PYTHONPATH=. python bench/instances.py --people 30 --seconds 30 --crowd 2000
    PYTHONPATH=. python bench/instances.py --people 3 --seconds 3 --crowd 40   # a tiny run

Needs a PostgreSQL server (`--postgres-url`, default SMALLSTEPS_TEST_POSTGRES_URL or
postgresql://postgres@127.0.0.1:5432/test); each build gets a schema of its own, dropped after.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import psutil
import psycopg

from bot.store import Store
from fake_telegram import FakeTelegram, SyncFakeUser, WebhookDelivery, serve_http

ROOT = Path(__file__).resolve().parents[1]
KEY = "bench-key-" + "0123456789" * 4
SECRET = "bench-webhook-secret-0123456789"
ZONE = "Europe/Berlin"
WAIT = 30.0
FIRST_PERSON = 7_000_000
FIRST_CROWD = 8_000_000


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def _schema(url: str) -> Iterator[str]:
    """A fresh schema on the server, and a URL whose connections use it; dropped after."""
    schema = f"bench_{uuid.uuid4().hex}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    parts = urlsplit(url)
    query = [*parse_qsl(parts.query), ("options", f"-csearch_path={schema}")]
    try:
        yield urlunsplit(parts._replace(query=urlencode(query)))
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


def _seed(path: Path, url: str | None, ids: list[int], telegram: FakeTelegram) -> None:
    """People who finished onboarding earlier (the schema is created on the way)."""

    async def seed() -> None:
        store = Store(path, KEY, database_url=url)
        await store.open()
        try:
            for telegram_id in ids:
                await store.users.create(telegram_id, "en", datetime.now(UTC))
                await store.users.complete_setup(telegram_id, ZONE, clock_time(23, 30))
        finally:
            await store.close()

    for telegram_id in ids:
        telegram.add_private_chat(telegram_id, f"P{telegram_id}")
    asyncio.run(seed())


class Bot:
    """One `python -m bot` process (its own process group, so its chart workers go with it)."""

    def __init__(self, env: dict[str, str], cwd: Path, webhook: bool) -> None:
        cwd.mkdir(parents=True, exist_ok=True)
        self.cwd = cwd
        self.port = _free_port()
        self.env = {**env, "SMALLSTEPS_DB_PATH": str(cwd / "data" / "smallsteps.db")}
        if webhook:
            self.env["SMALLSTEPS_WEBHOOK_PORT"] = str(self.port)
        args = [sys.executable, "-m", "bot", *(["--webhook"] if webhook else [])]
        with (cwd / "output.log").open("ab") as log:
            self.proc = subprocess.Popen(
                args,
                cwd=cwd,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/telegram/in"

    def started(self) -> bool:
        if self.proc.poll() is not None:
            raise RuntimeError((self.cwd / "output.log").read_text(errors="replace")[-3000:])
        return "Application started" in (self.cwd / "output.log").read_text(errors="replace")

    def cpu(self) -> float:
        try:
            process = psutil.Process(self.proc.pid)
            total = sum(process.cpu_times()[:2])
            for child in process.children(recursive=True):
                with contextlib.suppress(psutil.Error):
                    total += sum(child.cpu_times()[:2])
            return total
        except psutil.Error:
            return 0.0

    def stop(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()


def _until(check: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    pause = threading.Event()
    while not check():
        if time.monotonic() > deadline:
            return False
        pause.wait(0.05)
    return True


def _person_loop(user: SyncFakeUser, stop: float, answered: list[int]) -> None:
    steps = [
        ("/win", "What's one small thing"),
        ("words", "Which kind of step was it?"),
        ("tap:Paused before reacting ⏸️", "Saved ✓"),
    ]
    n = 0
    while time.monotonic() < stop:
        for action, expect in steps:
            # A new message, not an edit of an older one (a tapped keyboard is taken off after
            # the replies, so that edit can land after the person has moved on).
            seen = max((m.message_id for m in user.transcript()), default=0)
            if action.startswith("tap:"):
                user.tap(action[4:])
            else:
                user.send(f"win {n} of {user.user_id}" if action == "words" else action)
            ok = user.telegram.wait_until(
                lambda seen=seen, expect=expect: any(
                    m.message_id > seen and expect in m.text for m in user.transcript()
                ),
                WAIT,
            )
            if not ok:
                return
            answered.append(1)
        n += 1


def interactive(args: argparse.Namespace, instances: int, base: Path) -> tuple[float, float]:
    """(updates/s, CPU seconds per update) of one build; instances=0: SQLite, polling."""
    telegram = FakeTelegram()
    with serve_http(telegram) as server, contextlib.ExitStack() as stack:
        people = [FIRST_PERSON + n for n in range(args.people)]
        url = stack.enter_context(_schema(args.postgres_url)) if instances else None
        env = {
            k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "SMALLSTEPS_"))
        }
        env.update(
            PYTHONPATH=str(ROOT),
            TELEGRAM_API_BASE_URL=server.base_url,
            TELEGRAM_FILE_BASE_URL=server.file_base_url,
            TELEGRAM_BOT_TOKEN=telegram.token,
            SMALLSTEPS_DB_KEY=KEY,
        )
        if url:
            env.update(
                SMALLSTEPS_DATABASE_URL=url,
                SMALLSTEPS_WEBHOOK_SECRET=SECRET,
                SMALLSTEPS_WEBHOOK_URL="https://bot.example.org/telegram/in",
                SMALLSTEPS_WEBHOOK_LISTEN="127.0.0.1",
            )
        first = base / f"build-{instances}" / "bot-0"
        _seed(first / "data" / "smallsteps.db", url, people, telegram)
        bots = [
            Bot(env, base / f"build-{instances}" / f"bot-{n}", webhook=bool(url))
            for n in range(max(instances, 1))
        ]
        try:
            for bot in bots:
                assert _until(bot.started, 60), "an instance did not start"
            delivery = WebhookDelivery(telegram, [b.url for b in bots]).start() if url else None
            users = [SyncFakeUser(telegram, user_id=i, first_name="P") for i in people]
            answered: list[int] = []
            cpu_before = sum(b.cpu() for b in bots)
            began = time.monotonic()
            threads = [
                threading.Thread(target=_person_loop, args=(u, began + args.seconds, answered))
                for u in users
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            elapsed = time.monotonic() - began
            cpu = sum(b.cpu() for b in bots) - cpu_before
            if delivery:
                delivery.stop()
        finally:
            for bot in bots:
                bot.stop()
    count = len(answered)
    return count / elapsed, cpu / max(count, 1)


def fan_out(args: argparse.Namespace, base: Path) -> float:
    """Prompts/s of one fan-out by three instances (the lease's holder sends)."""
    telegram = FakeTelegram()
    crowd = [FIRST_CROWD + n for n in range(args.crowd)]
    with serve_http(telegram) as server, _schema(args.postgres_url) as url:
        env = {
            k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "SMALLSTEPS_"))
        }
        env.update(
            PYTHONPATH=str(ROOT),
            TELEGRAM_API_BASE_URL=server.base_url,
            TELEGRAM_FILE_BASE_URL=server.file_base_url,
            TELEGRAM_BOT_TOKEN=telegram.token,
            SMALLSTEPS_DB_KEY=KEY,
            SMALLSTEPS_DATABASE_URL=url,
            SMALLSTEPS_WEBHOOK_SECRET=SECRET,
            SMALLSTEPS_WEBHOOK_URL="https://bot.example.org/telegram/in",
            SMALLSTEPS_WEBHOOK_LISTEN="127.0.0.1",
            SMALLSTEPS_TICK_SECONDS="1",
            SMALLSTEPS_BROADCAST_RATE="10000",
        )
        _seed(base / "unused.db", url, crowd, telegram)
        bots = [Bot(env, base / "fan-out" / f"bot-{n}", webhook=True) for n in range(3)]
        try:
            for bot in bots:
                assert _until(bot.started, 60), "an instance did not start"
            now = datetime.now(UTC)
            with psycopg.connect(url, autocommit=True) as conn:
                conn.execute(
                    "UPDATE users SET next_prompt_at = %s, next_prompt_date = %s, "
                    "skip_if_checked_in = 0",
                    (
                        (now - timedelta(minutes=1)).isoformat(),
                        (now + timedelta(days=1)).date().isoformat(),
                    ),
                )
            began = time.monotonic()

            def done() -> bool:
                with psycopg.connect(url, autocommit=True) as conn:
                    row = conn.execute(
                        "SELECT count(*) FROM deliveries WHERE kind = 'prompt' AND status = 'sent'"
                    ).fetchone()
                return bool(row and row[0] >= len(crowd))

            assert _until(done, 600), "the fan-out did not finish"
            return len(crowd) / (time.monotonic() - began)
        finally:
            for bot in bots:
                bot.stop()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--crowd", type=int, default=2000)
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get(
            "SMALLSTEPS_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
        ),
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    print(
        f"# bench/instances.py --people {args.people} --seconds {args.seconds} --crowd {args.crowd}"
    )
    print("| build | updates/s | CPU ms per update |")
    print("|---|---:|---:|")
    with tempfile.TemporaryDirectory(prefix="instances-bench-") as tmp:
        base = Path(tmp)
        for instances in (0, 1, 2, 3):
            name = "SQLite, 1 process" if instances == 0 else f"PostgreSQL, {instances} instance(s)"
            rate, cpu = interactive(args, instances, base)
            print(f"| {name} | {rate:.1f} | {cpu * 1000:.1f} |", flush=True)
        print(f"\nfan-out with the lease, 3 instances: {fan_out(args, base):.0f} prompts/s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
