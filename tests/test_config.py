"""Settings: read once, with clear errors that say what to do."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import ConfigError, ensure_key_in_dotenv, load_settings, read_environment

TOKEN = "123456:ABC"
KEY = "a" * 32


def test_defaults_follow_the_contract() -> None:
    s = load_settings({"TELEGRAM_BOT_TOKEN": TOKEN, "SMALLSTEPS_DB_KEY": KEY})
    assert s.api_base_url == "https://api.telegram.org/bot"
    assert s.file_base_url == "https://api.telegram.org/file/bot"
    assert s.db_path == Path("data/smallsteps.db")
    assert TOKEN not in repr(s) and KEY not in repr(s)


def test_every_variable_is_read() -> None:
    s = load_settings(
        {
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "SMALLSTEPS_DB_KEY": KEY,
            "TELEGRAM_API_BASE_URL": "http://127.0.0.1:9/bot",
            "TELEGRAM_FILE_BASE_URL": "http://127.0.0.1:9/file/bot",
            "SMALLSTEPS_DB_PATH": "/tmp/x.db",
        }
    )
    assert (s.api_base_url, s.file_base_url) == (
        "http://127.0.0.1:9/bot",
        "http://127.0.0.1:9/file/bot",
    )
    assert s.db_path == Path("/tmp/x.db")


def test_postgres_is_chosen_by_its_url_and_sqlite_otherwise() -> None:
    base = {"TELEGRAM_BOT_TOKEN": TOKEN, "SMALLSTEPS_DB_KEY": KEY}
    assert load_settings(base).database_url is None
    url = "postgresql://smallsteps:pg-secret-pw@db.example.org:5432/smallsteps"
    s = load_settings({**base, "SMALLSTEPS_DATABASE_URL": f" {url} "})
    assert s.database_url == url and "pg-secret-pw" not in repr(s)
    with pytest.raises(ConfigError, match="PostgreSQL address"):
        load_settings({**base, "SMALLSTEPS_DATABASE_URL": "mysql://db/smallsteps"})


def test_broadcast_rate_and_concurrency() -> None:
    base = {"TELEGRAM_BOT_TOKEN": TOKEN, "SMALLSTEPS_DB_KEY": KEY}
    s = load_settings(base)
    assert (s.broadcast_rate, s.concurrent_updates) == (30.0, 64)
    s = load_settings(
        {**base, "SMALLSTEPS_BROADCAST_RATE": "100", "SMALLSTEPS_CONCURRENT_UPDATES": "8"}
    )
    assert (s.broadcast_rate, s.concurrent_updates) == (100.0, 8)
    for name, raw in [
        ("SMALLSTEPS_BROADCAST_RATE", "0"),
        ("SMALLSTEPS_BROADCAST_RATE", "fast"),
        ("SMALLSTEPS_CONCURRENT_UPDATES", "2.5"),
        ("SMALLSTEPS_CONCURRENT_UPDATES", "-1"),
    ]:
        with pytest.raises(ConfigError, match=name):
            load_settings({**base, name: raw})


def test_no_token_says_how_to_get_one() -> None:
    with pytest.raises(ConfigError, match="BotFather"):
        load_settings({"SMALLSTEPS_DB_KEY": KEY})


def test_no_key_and_short_key_are_refused() -> None:
    with pytest.raises(ConfigError, match="SMALLSTEPS_DB_KEY"):
        load_settings({"TELEGRAM_BOT_TOKEN": TOKEN})
    with pytest.raises(ConfigError, match="at least 32"):
        load_settings({"TELEGRAM_BOT_TOKEN": TOKEN, "SMALLSTEPS_DB_KEY": "short"})


def test_key_file(tmp_path: Path) -> None:
    key_file = tmp_path / "key"
    key_file.write_text(KEY + "\n")
    s = load_settings({"TELEGRAM_BOT_TOKEN": TOKEN, "SMALLSTEPS_DB_KEY_FILE": str(key_file)})
    assert s.db_key == KEY
    with pytest.raises(ConfigError, match="not a file"):
        load_settings({"TELEGRAM_BOT_TOKEN": TOKEN, "SMALLSTEPS_DB_KEY_FILE": str(tmp_path / "no")})


def test_dotenv_is_read_and_the_environment_wins(tmp_path: Path) -> None:
    dotenv = tmp_path / ".env"
    dotenv.write_text(f"TELEGRAM_BOT_TOKEN=from-file\nSMALLSTEPS_DB_KEY={KEY}\n")
    env = read_environment({"TELEGRAM_BOT_TOKEN": "from-env"}, dotenv)
    assert env["TELEGRAM_BOT_TOKEN"] == "from-env"
    assert env["SMALLSTEPS_DB_KEY"] == KEY


def test_a_key_is_generated_once(tmp_path: Path) -> None:
    dotenv = tmp_path / ".env"
    dotenv.write_text("TELEGRAM_BOT_TOKEN=t")  # no trailing newline
    notice = ensure_key_in_dotenv({}, dotenv)
    assert notice is not None and "Back it up" in notice
    env = read_environment({}, dotenv)
    assert env["TELEGRAM_BOT_TOKEN"] == "t"
    assert len(env["SMALLSTEPS_DB_KEY"]) == 64
    assert ensure_key_in_dotenv(env, dotenv) is None
    assert dotenv.read_text().count("SMALLSTEPS_DB_KEY") == 1
    assert dotenv.stat().st_mode & 0o077 == 0
