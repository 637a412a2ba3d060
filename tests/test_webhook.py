"""Webhook mode: its settings, and the real `python -m bot --webhook` refusing requests that do
not carry the secret token while answering those that do."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pytest

from bot.config import ConfigError, check_update_mode, load_settings
from bot.store import Store
from fake_telegram import FakeTelegram, HttpDouble
from tests.conftest import KEY
from tests.e2e_support import START_TIMEOUT, bot_env, env_for, read_store

TOKEN = "123456:ABC"
SECRET = "s3cret-Token_for-the-webhook"
BASE = {"TELEGRAM_BOT_TOKEN": TOKEN, "SMALLSTEPS_DB_KEY": KEY}
HOOK = {"SMALLSTEPS_WEBHOOK_URL": "https://bot.example.org/telegram/in"}


def test_without_webhook_settings_it_stays_on_long_polling() -> None:
    s = load_settings(BASE)
    assert s.webhook_url is None and s.webhook_secret is None
    assert (s.webhook_listen, s.webhook_port) == ("127.0.0.1", 8443)
    check_update_mode(s, webhook=False)
    with pytest.raises(ConfigError, match="SMALLSTEPS_WEBHOOK_URL"):
        check_update_mode(s, webhook=True)


def test_every_webhook_variable_is_read_and_the_secret_hidden() -> None:
    s = load_settings(
        {
            **BASE,
            **HOOK,
            "SMALLSTEPS_WEBHOOK_SECRET": SECRET,
            "SMALLSTEPS_WEBHOOK_LISTEN": "0.0.0.0",
            "SMALLSTEPS_WEBHOOK_PORT": "9000",
        }
    )
    assert s.webhook_url == "https://bot.example.org/telegram/in"
    assert (s.webhook_secret, s.webhook_listen, s.webhook_port) == (SECRET, "0.0.0.0", 9000)
    assert s.webhook_path == "telegram/in"  # the proxy forwards the path unchanged
    assert SECRET not in repr(s) and TOKEN not in repr(s)
    check_update_mode(s, webhook=True)
    with pytest.raises(ConfigError, match="--webhook"):
        check_update_mode(s, webhook=False)  # polling would delete the webhook


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"SMALLSTEPS_WEBHOOK_SECRET": ""}, "SMALLSTEPS_WEBHOOK_SECRET is needed"),
        ({"SMALLSTEPS_WEBHOOK_SECRET": "short-secret"}, "16 to 256 characters"),
        ({"SMALLSTEPS_WEBHOOK_SECRET": "a secret with spaces!"}, "only letters, digits"),
        ({"SMALLSTEPS_WEBHOOK_URL": "http://bot.example.org/in"}, "https://"),
        ({"SMALLSTEPS_WEBHOOK_URL": "https:///in"}, "https://"),
        ({"SMALLSTEPS_WEBHOOK_URL": "https://bot.example.org:8080/in"}, "443, 80, 88 or 8443"),
        ({"SMALLSTEPS_WEBHOOK_PORT": "eighty"}, "port number"),
        ({"SMALLSTEPS_WEBHOOK_PORT": "70000"}, "port number"),
    ],
)
def test_bad_webhook_settings_say_what_to_fix(extra: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_settings({**BASE, **HOOK, "SMALLSTEPS_WEBHOOK_SECRET": SECRET, **extra})


def _cli(tmp_path: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=tmp_path,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_cli_refuses_a_mode_its_settings_do_not_fit(tmp_path: Path) -> None:
    plain = env_for(None, tmp_path, **BASE)
    for args in (["--webhook"], ["run", "--webhook"], ["--webhook", "run"]):
        result = _cli(tmp_path, plain, *args)
        assert result.returncode == 2 and "--webhook needs SMALLSTEPS_WEBHOOK_URL" in result.stderr
    hooked = env_for(None, tmp_path, **BASE, **HOOK, SMALLSTEPS_WEBHOOK_SECRET=SECRET)
    result = _cli(tmp_path, hooked, "run")
    assert result.returncode == 2 and "python -m bot --webhook" in result.stderr
    assert "Traceback" not in result.stderr and SECRET not in result.stderr
    assert not (tmp_path / "data").exists()  # refused before opening anything


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class WebhookBot:
    """`python -m bot --webhook` as a child process; its output is read as it comes, so the
    test knows the moment PTB reports the application started (the server listens by then)."""

    def __init__(self, env: dict[str, str], cwd: Path, *args: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bot", *args],
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: list[str] = []
        self._started = threading.Event()
        assert self.proc.stdout is not None
        self._reader = threading.Thread(target=self._read, args=(self.proc.stdout,), daemon=True)
        self._reader.start()

    def _read(self, stream: IO[str]) -> None:
        for line in stream:
            self.lines.append(line)
            if "Application started" in line:
                self._started.set()
        self._started.set()  # the process ended: stop waiting

    def wait_started(self) -> None:
        self._started.wait(START_TIMEOUT)
        assert self.proc.poll() is None, self.output()
        assert any("Application started" in line for line in self.lines), self.output()

    def stop(self, kill: bool = False) -> int:
        """End the process (SIGTERM, or SIGKILL) and collect the rest of its output."""
        if self.proc.poll() is None:
            self.proc.kill() if kill else self.proc.terminate()
        status = self.proc.wait(timeout=15)
        self._reader.join(timeout=15)
        assert self.proc.stdout is not None
        self.proc.stdout.close()
        return status

    def output(self) -> str:
        return "".join(self.lines)


@pytest.fixture
def webhook_bot(
    double: tuple[FakeTelegram, HttpDouble], tmp_path: Path
) -> Iterator[tuple[WebhookBot, FakeTelegram, int]]:
    telegram, server = double
    port = _free_port()
    env = bot_env(server, telegram, tmp_path)
    env.update(
        SMALLSTEPS_WEBHOOK_URL="https://bot.example.org/telegram/in",
        SMALLSTEPS_WEBHOOK_SECRET=SECRET,
        SMALLSTEPS_WEBHOOK_LISTEN="127.0.0.1",
        SMALLSTEPS_WEBHOOK_PORT=str(port),
    )
    bot = WebhookBot(env, tmp_path, "--webhook")
    try:
        yield bot, telegram, port
    finally:
        bot.stop(kill=True)


def _post(port: int, update: dict, secret: str | None) -> int:
    """POST an update to the bot's webhook on loopback, as Telegram (or a stranger) would."""
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/telegram/in",
        data=json.dumps(update).encode(),
        headers=headers,
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        error.close()
        return int(error.code)


def _start_update(telegram: FakeTelegram, user_id: int) -> dict:
    telegram.add_private_chat(user_id, "Ana")
    user = {"id": user_id, "is_bot": False, "first_name": "Ana", "language_code": "en"}
    update = {
        "update_id": telegram.next_update_id(),
        "message": {
            "message_id": telegram.next_message_id(user_id),
            "date": int(time.time()),
            "chat": {"id": user_id, "type": "private", "first_name": "Ana"},
            "from": user,
            "text": "/start",
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        },
    }
    telegram.observe_update(update)  # the double learns the chat, as if Telegram had it
    return update


def test_webhook_answers_only_requests_with_the_secret(
    webhook_bot: tuple[WebhookBot, FakeTelegram, int],
) -> None:
    bot, telegram, port = webhook_bot
    bot.wait_started()
    (hook,) = telegram.calls_to("setWebhook")
    assert hook.params["url"] == "https://bot.example.org/telegram/in"
    assert hook.params["secret_token"] == SECRET
    assert "message" in hook.params["allowed_updates"]
    assert telegram.polls_started() == 0  # no long polling beside the webhook

    stranger = _start_update(telegram, 7001)
    assert _post(port, stranger, None) == 403
    assert _post(port, stranger, "not-the-secret-token") == 403

    ana = _start_update(telegram, 7002)
    assert _post(port, ana, SECRET) == 200
    assert telegram.wait_until(
        lambda: any("Is that okay?" in m.text for m in telegram.transcript(7002)), START_TIMEOUT
    ), bot.output()

    status = bot.stop()
    output = bot.output()
    assert status == 0, output
    # The refused requests reached no handler: Ana's reply is the only message sent.
    assert telegram.transcript(7001) == []
    assert {c.params["chat_id"] for c in telegram.calls_to("sendMessage")} == {7002}
    assert "database closed" in output
    assert SECRET not in output and telegram.token not in output and KEY not in output


def _headers_only(port: int, length: int, secret: str | None) -> int:
    """Announce a body of `length` bytes but send none: the answer must come from the headers."""
    lines = [
        "POST /telegram/in HTTP/1.1",
        f"Host: 127.0.0.1:{port}",
        "Content-Type: application/json",
        f"Content-Length: {length}",
    ]
    if secret is not None:
        lines.append(f"X-Telegram-Bot-Api-Secret-Token: {secret}")
    with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
        conn.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        status_line = conn.recv(200).split(b"\r\n", 1)[0].decode()
    return int(status_line.split()[1])


def test_webhook_checks_the_secret_and_the_size_before_reading_a_body(
    webhook_bot: tuple[WebhookBot, FakeTelegram, int],
) -> None:
    bot, _, port = webhook_bot
    bot.wait_started()
    hundred_mb = 100 * 1024 * 1024
    assert _headers_only(port, hundred_mb, None) == 403
    assert _headers_only(port, hundred_mb, SECRET) == 413
    assert bot.stop() == 0


def test_webhook_sets_aside_an_unreadable_update_and_logs_none_of_it(
    webhook_bot: tuple[WebhookBot, FakeTelegram, int], tmp_path: Path
) -> None:
    bot, telegram, port = webhook_bot
    bot.wait_started()
    bad = _start_update(telegram, 7003)
    bad["message"]["text"] = "/start poison-words in a webhook"
    del bad["message"]["from"]["first_name"]
    assert _post(port, bad, SECRET) == 200  # taken, so Telegram does not send it again
    ana = _start_update(telegram, 7004)
    assert _post(port, ana, SECRET) == 200
    assert telegram.wait_until(
        lambda: any("Is that okay?" in m.text for m in telegram.transcript(7004)), START_TIMEOUT
    ), bot.output()
    assert bot.stop() == 0
    output = bot.output()
    assert "poison-words" not in output and "CRITICAL" not in output
    assert "update_quarantined" in output

    async def read(store: Store) -> list[tuple[int, str]]:
        return await store.state.quarantined()

    assert read_store(tmp_path, read) == [(bad["update_id"], "unreadable")]


def test_webhook_stores_an_update_before_acknowledging_it(
    double: tuple[FakeTelegram, HttpDouble], tmp_path: Path
) -> None:
    telegram, server = double
    port = _free_port()
    env = bot_env(server, telegram, tmp_path)
    env.update(
        SMALLSTEPS_WEBHOOK_URL="https://bot.example.org/telegram/in",
        SMALLSTEPS_WEBHOOK_SECRET=SECRET,
        SMALLSTEPS_WEBHOOK_PORT=str(port),
    )
    first = WebhookBot(env, tmp_path, "--webhook")
    try:
        first.wait_started()
        ana = _start_update(telegram, 7005)
        assert _post(port, ana, SECRET) == 200
        first.stop(kill=True)  # at once: whatever happened after the 200 is lost with it
    finally:
        first.stop(kill=True)
    second = WebhookBot(env, tmp_path, "--webhook")
    try:
        second.wait_started()
        assert telegram.wait_until(
            lambda: any("Is that okay?" in m.text for m in telegram.transcript(7005)),
            START_TIMEOUT,
        ), second.output()
        assert second.stop() == 0
    finally:
        second.stop(kill=True)
    asked = [m for m in telegram.transcript(7005) if "Is that okay?" in m.text]
    assert len(asked) == 1
