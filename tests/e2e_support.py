"""Run the real `python -m bot` process against the Bot API double served on 127.0.0.1."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

from bot.store import Store
from fake_telegram import FakeTelegram, HttpDouble, SyncFakeUser
from tests.conftest import KEY

ROOT = Path(__file__).resolve().parents[1]
START_TIMEOUT = 20.0


def env_for(server: HttpDouble | None, tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "SMALLSTEPS_"))}
    env["PYTHONPATH"] = str(ROOT)
    if server is not None:
        env["TELEGRAM_API_BASE_URL"] = server.base_url
        env["TELEGRAM_FILE_BASE_URL"] = server.file_base_url
    env["SMALLSTEPS_DB_PATH"] = str(tmp_path / "data" / "smallsteps.db")
    env.update(extra)
    return env


class BotProcess:
    """`python -m bot` as a child process, started in an empty folder (no stray .env)."""

    def __init__(self, telegram: FakeTelegram, env: dict[str, str], cwd: Path) -> None:
        self.telegram = telegram
        self.env = env
        self.cwd = cwd
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def log_path(self) -> Path:
        return self.cwd / "bot-output.log"

    def output(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def start(self) -> None:
        polls_before = self.telegram.polls_started()
        with self.log_path.open("ab") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "bot"],
                cwd=self.cwd,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        # A poll that has begun (the double records a getUpdates call only when it ends).
        started = self.telegram.wait_until(
            lambda: self.telegram.polls_started() > polls_before, START_TIMEOUT
        )
        if not started:
            self.proc.kill()
            self.proc.wait()
            raise AssertionError(f"the bot did not start polling:\n{self.output()}")

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def terminate(self) -> tuple[int, str]:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=15)
        return self.proc.returncode, self.output()


def bot_env(server: HttpDouble, telegram: FakeTelegram, tmp_path: Path) -> dict[str, str]:
    """The environment an operator would give the bot, pointed at the double."""
    return env_for(server, tmp_path, TELEGRAM_BOT_TOKEN=telegram.token, SMALLSTEPS_DB_KEY=KEY)


def db_path(tmp_path: Path) -> Path:
    """Where `bot_env` puts the database."""
    return tmp_path / "data" / "smallsteps.db"


def onboard_sync(user: SyncFakeUser, place: str = "Germany", at: str = "21:30") -> None:
    """Complete onboarding against the real process, waiting for each answer."""
    user.send("/start")
    user.wait_for_text("Is that okay?")
    user.tap("Yes, that's okay")
    user.wait_for_text("Which time zone are you in?")
    user.send(place)
    user.wait_for_text("Is that your time?")
    user.tap("Yes, that's right")
    user.wait_for_text("What time of day suits a short check-in?")
    user.send(at)
    user.wait_for_text("All set ✓")


T = TypeVar("T")


def read_store(tmp_path: Path, read: Callable[[Store], Awaitable[T]]) -> T:
    """Open the stopped bot's database and run one read against it."""

    async def run() -> T:
        store = Store(db_path(tmp_path), KEY)
        await store.open()
        try:
            return await read(store)
        finally:
            await store.close()

    return asyncio.run(run())
