"""Settings: read once at start-up from the environment and `.env` into one frozen object."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from dotenv import dotenv_values

DEFAULT_API_BASE_URL = "https://api.telegram.org/bot"
DEFAULT_FILE_BASE_URL = "https://api.telegram.org/file/bot"
DEFAULT_DB_PATH = "data/smallsteps.db"
MIN_KEY_LENGTH = 32

NO_TOKEN_MESSAGE = """\
Small Steps needs a Telegram bot token to run.

  1. In Telegram, open a chat with @BotFather and send /newbot.
  2. Pick a name and a username; BotFather replies with a token like 123456:ABC-DEF...
  3. Put it in a file named .env in this folder:
         TELEGRAM_BOT_TOKEN=123456:ABC-DEF...
     or export it in your shell:  export TELEGRAM_BOT_TOKEN=...

Then run `make run` again.
"""

NO_KEY_MESSAGE = """\
Small Steps keeps everything it stores encrypted, and needs a secret key for that.

Set SMALLSTEPS_DB_KEY (at least 32 characters) in the environment or in .env, or
SMALLSTEPS_DB_KEY_FILE to a file holding it. `make run` creates one for you on first run.
Keep a copy of the key somewhere safe: without it the database cannot be read.
"""


class ConfigError(Exception):
    """The settings are missing or invalid; the message says what to do."""


@dataclass(frozen=True)
class Settings:
    """Everything the bot reads from its environment, once."""

    token: str
    db_key: str
    db_path: Path
    api_base_url: str = DEFAULT_API_BASE_URL
    file_base_url: str = DEFAULT_FILE_BASE_URL

    def __repr__(self) -> str:
        return (
            f"Settings(token=<hidden>, db_key=<hidden>, db_path={str(self.db_path)!r}, "
            f"api_base_url={self.api_base_url!r})"
        )


def read_environment(
    environ: Mapping[str, str] | None = None, dotenv_path: Path | None = Path(".env")
) -> dict[str, str]:
    """Merge `.env` (if present) under the process environment; the environment wins."""
    merged: dict[str, str] = {}
    if dotenv_path is not None and dotenv_path.is_file():
        merged.update({k: v for k, v in dotenv_values(dotenv_path).items() if v is not None})
    merged.update(os.environ if environ is None else environ)
    return merged


def _read_key(env: Mapping[str, str]) -> str:
    key = env.get("SMALLSTEPS_DB_KEY", "").strip()
    key_file = env.get("SMALLSTEPS_DB_KEY_FILE", "").strip()
    if not key and key_file:
        path = Path(key_file)
        if not path.is_file():
            raise ConfigError(f"SMALLSTEPS_DB_KEY_FILE points to {path}, which is not a file.")
        key = path.read_text(encoding="utf-8").strip()
    if not key:
        raise ConfigError(NO_KEY_MESSAGE)
    if len(key) < MIN_KEY_LENGTH:
        raise ConfigError(
            f"The database key must be at least {MIN_KEY_LENGTH} characters long "
            f"(the one given has {len(key)})."
        )
    return key


def load_settings(env: Mapping[str, str]) -> Settings:
    """Build the settings from an environment mapping, or raise ConfigError saying what to do."""
    token = env.get("TELEGRAM_BOT_TOKEN", "").strip()
    if not token:
        raise ConfigError(NO_TOKEN_MESSAGE)
    return Settings(
        token=token,
        db_key=_read_key(env),
        db_path=Path(env.get("SMALLSTEPS_DB_PATH", "").strip() or DEFAULT_DB_PATH),
        api_base_url=env.get("TELEGRAM_API_BASE_URL", "").strip() or DEFAULT_API_BASE_URL,
        file_base_url=env.get("TELEGRAM_FILE_BASE_URL", "").strip() or DEFAULT_FILE_BASE_URL,
    )


def ensure_key_in_dotenv(env: Mapping[str, str], dotenv_path: Path) -> str | None:
    """Append a new random key to `.env` when none is configured; return a notice, or None."""
    if env.get("SMALLSTEPS_DB_KEY", "").strip() or env.get("SMALLSTEPS_DB_KEY_FILE", "").strip():
        return None
    key = secrets.token_hex(32)
    existing = dotenv_path.read_text(encoding="utf-8") if dotenv_path.is_file() else ""
    separator = "" if not existing or existing.endswith("\n") else "\n"
    with dotenv_path.open("a", encoding="utf-8") as handle:
        handle.write(f"{separator}SMALLSTEPS_DB_KEY={key}\n")
    dotenv_path.chmod(0o600)
    return (
        f"Created a new database encryption key in {dotenv_path}.\n"
        "Back it up somewhere safe (a password manager): without it the database cannot be "
        "read, and nobody can recover it for you."
    )
