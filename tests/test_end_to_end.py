"""The real `python -m bot` process against the Bot API double over HTTP on 127.0.0.1."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bot.store import Store
from fake_telegram import SyncFakeUser
from tests.conftest import KEY
from tests.e2e_support import BotProcess, env_for


def test_onboard_kill_restart_and_be_greeted_back(double, tmp_path: Path) -> None:
    telegram, server = double
    bot = BotProcess(
        telegram,
        env_for(server, tmp_path, TELEGRAM_BOT_TOKEN=telegram.token, SMALLSTEPS_DB_KEY=KEY),
        tmp_path,
    )
    ana = SyncFakeUser(telegram, user_id=4242, first_name="Ana")
    bot.start()
    try:
        ana.send("/start")
        ana.wait_for_text("Is that okay?")
        ana.tap("Yes, that's okay")
        ana.wait_for_text("Which time zone are you in?")
        ana.send("Germany")
        ana.wait_for_text("Is that your time?")
        ana.tap("Yes, that's right")
        ana.wait_for_text("What time of day suits a short check-in?")

        # Killed mid-onboarding: the step and the chosen zone survive.
        bot.kill()
        bot.start()
        ana.send("21:30")
        ana.wait_for_text("All set ✓")

        bot.kill()
        bot.start()
        ana.send("/start")
        ana.wait_for_text("Welcome back, Ana")

        status, stderr = bot.terminate()
    finally:
        if bot.proc and bot.proc.poll() is None:
            bot.proc.kill()
            bot.proc.wait()
    assert status == 0, stderr
    assert telegram.token not in stderr and "Germany" not in stderr
    assert "database closed" in stderr
    assert "start" in [c["command"] for c in telegram.commands()]

    import asyncio

    async def read_back() -> tuple[str | None, str | None]:
        store = Store(tmp_path / "data" / "smallsteps.db", KEY)
        await store.open()
        person = await store.users.get(4242)
        await store.close()
        assert person is not None and person.prompt_time is not None
        return person.timezone, person.prompt_time.strftime("%H:%M")

    assert asyncio.run(read_back()) == ("Europe/Berlin", "21:30")


def _run_cli(env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_no_token_explains_how_to_get_one(tmp_path: Path) -> None:
    result = _run_cli(env_for(None, tmp_path, SMALLSTEPS_DB_KEY=KEY), tmp_path)
    assert result.returncode == 2
    assert "@BotFather" in result.stderr and "TELEGRAM_BOT_TOKEN=" in result.stderr
    assert "make try" in result.stderr
    assert "Traceback" not in result.stderr


def test_no_key_is_refused_with_what_to_set(tmp_path: Path) -> None:
    result = _run_cli(env_for(None, tmp_path, TELEGRAM_BOT_TOKEN="1:x"), tmp_path)
    assert result.returncode == 2
    assert "SMALLSTEPS_DB_KEY" in result.stderr and "Traceback" not in result.stderr


def test_a_wrong_key_is_refused_and_the_file_left_alone(double, tmp_path: Path) -> None:
    telegram, server = double
    bot = BotProcess(
        telegram,
        env_for(server, tmp_path, TELEGRAM_BOT_TOKEN=telegram.token, SMALLSTEPS_DB_KEY=KEY),
        tmp_path,
    )
    bot.start()
    assert bot.terminate()[0] == 0
    db = tmp_path / "data" / "smallsteps.db"
    before = db.read_bytes()
    env = env_for(server, tmp_path, TELEGRAM_BOT_TOKEN=telegram.token, SMALLSTEPS_DB_KEY="z" * 40)
    result = _run_cli(env, tmp_path)
    assert result.returncode == 2
    assert "cannot be opened with this key" in result.stderr
    assert "Traceback" not in result.stderr
    assert db.read_bytes() == before


def test_init_key_writes_a_key_once(tmp_path: Path) -> None:
    env = env_for(None, tmp_path)
    first = subprocess.run(
        [sys.executable, "-m", "bot", "init-key"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert first.returncode == 0 and "Back it up" in first.stdout
    second = subprocess.run(
        [sys.executable, "-m", "bot", "init-key"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert second.returncode == 0 and second.stdout == ""
    assert (tmp_path / ".env").read_text().count("SMALLSTEPS_DB_KEY=") == 1
