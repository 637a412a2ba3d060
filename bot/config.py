"""Settings: read once at start-up from the environment and `.env` into one frozen object."""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from dotenv import dotenv_values

DEFAULT_API_BASE_URL = "https://api.telegram.org/bot"
DEFAULT_FILE_BASE_URL = "https://api.telegram.org/file/bot"
DEFAULT_DB_PATH = "data/smallsteps.db"
MIN_KEY_LENGTH = 32
DEFAULT_WEBHOOK_LISTEN = "127.0.0.1"
DEFAULT_WEBHOOK_PORT = 8443
MIN_WEBHOOK_SECRET_LENGTH = 16
# `python -m bot health` fails when the bot has made no progress for this long (seconds). The
# scheduler ticks every 30 s, so anything shorter would fail a healthy bot.
DEFAULT_HEALTH_MAX_AGE = 120.0
MIN_HEALTH_MAX_AGE = 60.0
# Telegram's overall limit for a bot is about 30 messages a second; paid broadcasts allow more.
DEFAULT_BROADCAST_RATE = 30.0
# How often the scheduler's tick runs (seconds); also how soon another instance takes the
# fan-out over when its holder dies (several instances on PostgreSQL).
DEFAULT_TICK_SECONDS = 30.0
# Updates of different people handled at once (one person's are always handled in order).
DEFAULT_CONCURRENT_UPDATES = 64
# Telegram's rules for setWebhook: the secret is 1-256 of these characters, and the public URL
# uses one of these ports.
_WEBHOOK_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")
_WEBHOOK_PORTS = frozenset({443, 80, 88, 8443})

NO_TOKEN_MESSAGE = """\
Small Steps needs a Telegram bot token to run.

  1. In Telegram, open a chat with @BotFather and send /newbot.
  2. Pick a name and a username; BotFather replies with a token like 123456:ABC-DEF...
  3. Put it in a file named .env in this folder:
         TELEGRAM_BOT_TOKEN=123456:ABC-DEF...
     or export it in your shell:  export TELEGRAM_BOT_TOKEN=...

Then run `make run` again.

To try the bot first without Telegram (no token, no network): make try
"""

NO_KEY_MESSAGE = """\
Small Steps keeps everything it stores encrypted, and needs a secret key for that.

Set SMALLSTEPS_DB_KEY (at least 32 characters) in the environment or in .env, or
SMALLSTEPS_DB_KEY_FILE to a file holding it. `make run` creates one for you on first run.
Keep a copy of the key somewhere safe: without it the database cannot be read.
"""


_SECRET_NAMES = ("SMALLSTEPS_DB_KEY", "TELEGRAM_BOT_TOKEN", "SMALLSTEPS_WEBHOOK_SECRET")


class ConfigError(Exception):
    """The settings are missing or invalid; the message says what to do."""


@dataclass(frozen=True)
class Settings:
    """Everything the bot reads from its environment, once."""

    token: str  # "" only when loaded for an operator's command that never talks to Telegram
    db_key: str
    db_path: Path
    api_base_url: str = DEFAULT_API_BASE_URL
    file_base_url: str = DEFAULT_FILE_BASE_URL
    webhook_url: str | None = None  # set: updates may come by webhook (`python -m bot --webhook`)
    webhook_secret: str | None = None  # Telegram's secret_token; always set with webhook_url
    webhook_listen: str = DEFAULT_WEBHOOK_LISTEN
    webhook_port: int = DEFAULT_WEBHOOK_PORT
    health_max_age: float = DEFAULT_HEALTH_MAX_AGE
    notify_socket: str | None = None  # systemd's NOTIFY_SOCKET (Type=notify, WatchdogSec)
    database_url: str | None = None  # postgresql://…: PostgreSQL instead of SQLite (db_path)
    broadcast_rate: float = DEFAULT_BROADCAST_RATE  # messages/s for prompts and digests
    concurrent_updates: int = DEFAULT_CONCURRENT_UPDATES  # different people's, at once
    # The key store on PostgreSQL in another database (else a schema beside the data).
    keys_database_url: str | None = None
    tick_seconds: float = DEFAULT_TICK_SECONDS  # the scheduler's tick

    @property
    def webhook_path(self) -> str:
        """The path the local webhook server answers on: the public URL's path, so a reverse
        proxy forwards requests unchanged ("" for the root)."""
        return urlsplit(self.webhook_url or "").path.strip("/")

    def __repr__(self) -> str:
        return (
            f"Settings(token=<hidden>, db_key=<hidden>, db_path={str(self.db_path)!r}, "
            f"api_base_url={self.api_base_url!r}, webhook_url={self.webhook_url!r}, "
            f"webhook_secret=<hidden>, webhook_listen={self.webhook_listen!r}, "
            f"webhook_port={self.webhook_port}, "
            f"database_url={'<hidden>' if self.database_url else None}, "
            f"keys_database_url={'<hidden>' if self.keys_database_url else None})"
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


def _read_webhook_url(env: Mapping[str, str]) -> str | None:
    url = env.get("SMALLSTEPS_WEBHOOK_URL", "").strip()
    if not url:
        return None
    try:
        parts = urlsplit(url)
        port = parts.port or 443
    except ValueError:
        parts, port = None, 0
    if parts is None or parts.scheme != "https" or not parts.hostname or parts.fragment:
        raise ConfigError(
            "SMALLSTEPS_WEBHOOK_URL must be the public https:// address Telegram sends updates "
            "to, such as https://bot.example.org/telegram (TLS ends at your reverse proxy)."
        )
    if port not in _WEBHOOK_PORTS:
        raise ConfigError(
            f"SMALLSTEPS_WEBHOOK_URL uses port {port}; Telegram only delivers webhooks to ports "
            "443, 80, 88 or 8443."
        )
    return url


def _read_webhook_secret(env: Mapping[str, str]) -> str:
    secret = env.get("SMALLSTEPS_WEBHOOK_SECRET", "").strip()
    if not secret:
        raise ConfigError(
            "SMALLSTEPS_WEBHOOK_URL is set, so SMALLSTEPS_WEBHOOK_SECRET is needed too: Telegram "
            "sends it with every update and requests without it are refused. Create one with\n"
            "    python -c 'import secrets; print(secrets.token_urlsafe(32))'"
        )
    if len(secret) < MIN_WEBHOOK_SECRET_LENGTH or not _WEBHOOK_SECRET.fullmatch(secret):
        raise ConfigError(
            f"SMALLSTEPS_WEBHOOK_SECRET must be {MIN_WEBHOOK_SECRET_LENGTH} to 256 characters, "
            "using only letters, digits, _ and - (Telegram's rule for secret tokens)."
        )
    return secret


def _read_port(env: Mapping[str, str]) -> int:
    raw = env.get("SMALLSTEPS_WEBHOOK_PORT", "").strip()
    if not raw:
        return DEFAULT_WEBHOOK_PORT
    if not raw.isdigit() or not 1 <= int(raw) <= 65535:
        raise ConfigError(f"SMALLSTEPS_WEBHOOK_PORT must be a port number (1-65535), not {raw!r}.")
    return int(raw)


def _read_health_max_age(env: Mapping[str, str]) -> float:
    raw = env.get("SMALLSTEPS_HEALTH_MAX_AGE", "").strip()
    if not raw:
        return DEFAULT_HEALTH_MAX_AGE
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if value < MIN_HEALTH_MAX_AGE:
        raise ConfigError(
            f"SMALLSTEPS_HEALTH_MAX_AGE must be a number of seconds, at least "
            f"{MIN_HEALTH_MAX_AGE:.0f} (the scheduler ticks every 30 s), not {raw!r}."
        )
    return value


def _read_positive(env: Mapping[str, str], name: str, default: float, *, whole: bool) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw) if whole else float(raw)
    except ValueError:
        value = 0
    if value <= 0 or value != value:
        kind = "a whole number" if whole else "a number"
        raise ConfigError(f"{name} must be {kind} above 0, not {raw!r}.")
    return value


def load_settings(env: Mapping[str, str], *, need_token: bool = True) -> Settings:
    """Build the settings from an environment mapping, or raise ConfigError saying what to do.

    `need_token=False` is for operators' commands that only touch the database (backup,
    erase-user): they run without TELEGRAM_BOT_TOKEN, and the settings then carry "" for it.
    """
    token = env.get("TELEGRAM_BOT_TOKEN", "").strip()
    if not token and need_token:
        raise ConfigError(NO_TOKEN_MESSAGE)
    webhook_url = _read_webhook_url(env)
    return Settings(
        token=token,
        db_key=_read_key(env),
        db_path=read_db_path(env),
        api_base_url=env.get("TELEGRAM_API_BASE_URL", "").strip() or DEFAULT_API_BASE_URL,
        file_base_url=env.get("TELEGRAM_FILE_BASE_URL", "").strip() or DEFAULT_FILE_BASE_URL,
        webhook_url=webhook_url,
        webhook_secret=_read_webhook_secret(env) if webhook_url else None,
        webhook_listen=env.get("SMALLSTEPS_WEBHOOK_LISTEN", "").strip() or DEFAULT_WEBHOOK_LISTEN,
        webhook_port=_read_port(env),
        health_max_age=_read_health_max_age(env),
        notify_socket=env.get("NOTIFY_SOCKET", "").strip() or None,
        database_url=read_database_url(env),
        broadcast_rate=_read_positive(
            env, "SMALLSTEPS_BROADCAST_RATE", DEFAULT_BROADCAST_RATE, whole=False
        ),
        concurrent_updates=int(
            _read_positive(
                env, "SMALLSTEPS_CONCURRENT_UPDATES", DEFAULT_CONCURRENT_UPDATES, whole=True
            )
        ),
        keys_database_url=read_keys_database_url(env),
        tick_seconds=_read_positive(
            env, "SMALLSTEPS_TICK_SECONDS", DEFAULT_TICK_SECONDS, whole=False
        ),
    )


def read_database_url(env: Mapping[str, str]) -> str | None:
    """SMALLSTEPS_DATABASE_URL: a PostgreSQL database, or None for SQLite at db_path."""
    return _postgres_url("SMALLSTEPS_DATABASE_URL", env.get("SMALLSTEPS_DATABASE_URL", ""))


def read_keys_database_url(env: Mapping[str, str]) -> str | None:
    """SMALLSTEPS_KEYS_DATABASE_URL: the PostgreSQL database of the key store, or None for the
    schema `smallsteps_keys` beside the data (only read with SMALLSTEPS_DATABASE_URL set)."""
    url = env.get("SMALLSTEPS_KEYS_DATABASE_URL", "")
    return _postgres_url("SMALLSTEPS_KEYS_DATABASE_URL", url) if read_database_url(env) else None


def _postgres_url(name: str, url: str) -> str | None:
    url = url.strip()
    if not url:
        return None
    if urlsplit(url).scheme not in ("postgresql", "postgres"):
        raise ConfigError(
            f"{name} must be a PostgreSQL address such as "
            "postgresql://smallsteps:PASSWORD@db.example.org:5432/smallsteps, or unset to use "
            "SQLite (SMALLSTEPS_DB_PATH)."
        )
    return url


def read_db_path(env: Mapping[str, str]) -> Path:
    """Where the database is (for commands that need nothing else, such as `health`)."""
    return Path(env.get("SMALLSTEPS_DB_PATH", "").strip() or DEFAULT_DB_PATH)


def read_health_max_age(env: Mapping[str, str]) -> float:
    """How long the bot may go without progress before `health` fails (seconds)."""
    return _read_health_max_age(env)


def dotenv_warning(dotenv_path: Path) -> str | None:
    """A warning when `.env` holds a secret and other users of this machine can read it."""
    try:
        mode = dotenv_path.stat().st_mode & 0o777
        values = dotenv_values(dotenv_path) if mode & 0o077 else {}
    except OSError:
        return None
    secrets_held = [name for name in _SECRET_NAMES if (values.get(name) or "").strip()]
    if not secrets_held:
        return None
    return (
        f"Warning: {dotenv_path} holds {' and '.join(secrets_held)} and other users of this "
        f"machine can read it (mode {mode:o}). Make it private with:  chmod 600 {dotenv_path}"
    )


def check_update_mode(settings: Settings, *, webhook: bool) -> None:
    """Refuse a webhook run without webhook settings, and a polling run with them (polling
    would quietly delete the webhook Telegram is using)."""
    if webhook and settings.webhook_url is None:
        raise ConfigError(
            "--webhook needs SMALLSTEPS_WEBHOOK_URL (the public https:// address) and "
            "SMALLSTEPS_WEBHOOK_SECRET; SMALLSTEPS_WEBHOOK_LISTEN and SMALLSTEPS_WEBHOOK_PORT "
            f"default to {DEFAULT_WEBHOOK_LISTEN} and {DEFAULT_WEBHOOK_PORT}. See the README."
        )
    if not webhook and settings.webhook_url is not None:
        raise ConfigError(
            "SMALLSTEPS_WEBHOOK_URL is set: start with `python -m bot --webhook`, or unset it "
            "to use long polling."
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
