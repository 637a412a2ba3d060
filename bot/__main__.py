"""`python -m bot`: run Small Steps (long polling or webhook), or an operator's command."""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import logging
import os
import sys
from pathlib import Path

from bot.config import (
    ConfigError,
    Settings,
    check_update_mode,
    dotenv_warning,
    ensure_key_in_dotenv,
    load_settings,
    read_db_path,
    read_environment,
    read_health_max_age,
)
from bot.logs import configure_logging
from bot.store import StoreError

log = logging.getLogger("bot")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bot",
        description="Small Steps: a Telegram companion for noticing your own progress.",
        epilog="Settings come from the environment and .env: see the README.",
    )
    webhook_help = "receive updates by webhook (needs SMALLSTEPS_WEBHOOK_URL and _SECRET)"
    parser.add_argument("--webhook", action="store_true", help=webhook_help)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    run = commands.add_parser("run", help="run the bot with long polling (the default)")
    # SUPPRESS: `--webhook run` keeps the flag given before the command.
    run.add_argument("--webhook", action="store_true", default=argparse.SUPPRESS, help=webhook_help)
    commands.add_parser(
        "init-key", help="create a database key in .env if none is configured (used by make run)"
    )
    try_it = commands.add_parser(
        "try", help="chat with the bot in this terminal, without Telegram (no token needed)"
    )
    try_it.add_argument(
        "--db", type=Path, metavar="PATH", help="keep the database here (key: SMALLSTEPS_DB_KEY)"
    )
    try_it.add_argument("--clock", metavar="ISO-DATETIME", help="start the bot's clock here")
    try_it.add_argument("--out", type=Path, metavar="DIR", help="save photos and files here")
    backup = commands.add_parser(
        "backup", help="copy the database, still encrypted, while the bot may be running"
    )
    backup.add_argument("path", type=Path, metavar="PATH", help="a new file (never overwritten)")
    backup_keys = commands.add_parser(
        "backup-keys",
        help="copy the key store (each person's key, kept apart from the database), encrypted",
    )
    backup_keys.add_argument(
        "path", type=Path, metavar="PATH", help="a new file (never overwritten)"
    )
    erase_user = commands.add_parser(
        "erase-user", help="erase everything about one person (a request made outside the chat)"
    )
    erase_user.add_argument("telegram_id", type=_telegram_id, metavar="TELEGRAM_ID")
    erase_user.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    commands.add_parser(
        "health",
        help="exit 0 if the running bot made progress lately, 1 if not (for health checks)",
    )
    commands.add_parser(
        "check", help="check the database: every page's seal and SQLite's integrity check"
    )
    commands.add_parser(
        "migrate-to-postgres",
        help="copy the SQLite database (SMALLSTEPS_DB_PATH) into the empty PostgreSQL database "
        "at SMALLSTEPS_DATABASE_URL",
    )
    return parser


def _telegram_id(value: str) -> int:
    if not value.isdigit() or int(value) <= 0:
        raise argparse.ArgumentTypeError(f"{value!r} is not a Telegram user id (a number)")
    return int(value)


def _run(webhook: bool) -> int:
    from telegram import Update

    from bot.app import build_application

    settings = load_settings(read_environment())
    check_update_mode(settings, webhook=webhook)
    if webhook and importlib.util.find_spec("tornado") is None:
        print(
            "Webhook mode needs python-telegram-bot's webhooks extra: "
            "pip install 'python-telegram-bot[webhooks]'",
            file=sys.stderr,
        )
        return 2
    app = build_application(settings)
    try:
        if webhook:
            log.info(
                "starting db=%s updates=webhook listen=%s port=%d",
                settings.db_path,
                settings.webhook_listen,
                settings.webhook_port,
            )
            from bot.pipeline.webhook import serve

            asyncio.run(serve(app, settings))
        else:
            log.info("starting db=%s", settings.db_path)
            app.run_polling(allowed_updates=Update.ALL_TYPES, close_loop=False)
    except StoreError as exc:
        print(exc, file=sys.stderr)
        return 2
    log.info("stopped")
    return 0


ON_POSTGRES = """\
SMALLSTEPS_DATABASE_URL is set: the data is in PostgreSQL, so `{command}` (made for the
SQLite file) does not apply. Use PostgreSQL's own tools: for backups of the data,
`pg_dump --exclude-schema=smallsteps_keys` (the key store is that schema, or the database at
SMALLSTEPS_KEYS_DATABASE_URL; back it up apart and keep those copies only a short while); its
checksums and amcheck for integrity."""


def _database_settings() -> Settings:
    """Settings for a command that only touches the database (no token needed)."""
    settings = load_settings(read_environment(), need_token=False)
    if settings.database_url is None and not settings.db_path.is_file():
        raise ConfigError(f"There is no database at {settings.db_path}. Check SMALLSTEPS_DB_PATH.")
    return settings


BACKUP_KEYS_NOTE = """\
People's words in the copy are sealed with keys of their own, kept in the key store
({keys}), not in the copy. Back the key store up too (`python -m bot backup-keys PATH`)
and keep those copies only for a short while: an erased person's words stay unreadable in
every copy of the database once no copy of the key store from before the erasure is left."""


def _backup(target: Path, *, keys: bool = False) -> int:
    from bot.store.backup import BackupRefusedError, backup, backup_keys
    from bot.store.keys import key_store_path

    settings = _database_settings()
    if settings.database_url is not None:
        print(ON_POSTGRES.format(command="backup-keys" if keys else "backup"), file=sys.stderr)
        return 2
    copy = backup_keys if keys else backup
    try:
        report = asyncio.run(copy(settings.db_path, target, settings.db_key))
    except BackupRefusedError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"Backed up to {report.path}. Rows in the copy:")
    for table, count in report.rows.items():
        print(f"  {table}: {count}")
    print("The copy is encrypted with the same key: keep the key apart from it.")
    if not keys:
        print(BACKUP_KEYS_NOTE.format(keys=key_store_path(settings.db_path)))
    return 0


ERASE_WHILE_RUNNING = """\
The bot is running with this database ({path}), so nothing was erased.
A running bot keeps people's unfinished answers in memory and would write them back after
an erasure. Either ask the person to send /delete in the chat (it works while the bot runs),
or stop the bot (for example `systemctl stop small-steps` or `docker compose stop`), run
this command again, and start the bot afterwards."""


def _erase_user(telegram_id: int, yes: bool) -> int:
    from bot.store.lock import RunLock

    settings = _database_settings()
    lock = RunLock(settings.db_path)
    if not lock.acquire():
        print(ERASE_WHILE_RUNNING.format(path=settings.db_path), file=sys.stderr)
        return 2
    try:
        return _erase_user_locked(settings, telegram_id, yes)
    finally:
        lock.release()


def _erase_user_locked(settings: Settings, telegram_id: int, yes: bool) -> int:
    from bot.store import Store

    async def erase() -> int:
        store = Store(
            settings.db_path,
            settings.db_key,
            database_url=settings.database_url,
            keys_database_url=settings.keys_database_url,
        )
        await store.open()
        try:
            if not any((await store.count_person(telegram_id)).values()):
                print(f"Nothing is stored for Telegram id {telegram_id}.", file=sys.stderr)
                return 1
            if not yes and sys.stdin.isatty():
                answer = input(f"Erase everything for {telegram_id}? [y/N] ")
                if answer.strip().lower() not in ("y", "yes"):
                    print("Nothing was erased.")
                    return 1
            erased = await store.erase_person(telegram_id)
            checkpointed = await store.db.checkpoint()
        finally:
            await store.close()
        print(f"Erased everything for Telegram id {telegram_id}. Rows erased:")
        for table, count in erased.items():
            print(f"  {table}: {count}")
        if not checkpointed:
            print(
                "Another program holds the database open: old copies of these pages stay in "
                "its -wal file until it closes it."
            )
        return 0

    return asyncio.run(erase())


def _health() -> int:
    from bot.health import check, heartbeat_path

    env = read_environment()
    verdict = check(heartbeat_path(read_db_path(env)), read_health_max_age(env))
    print(verdict.reason, file=sys.stdout if verdict.healthy else sys.stderr)
    return 0 if verdict.healthy else 1


def _check() -> int:
    from bot.store import Database

    settings = _database_settings()
    if settings.database_url is not None:
        print(ON_POSTGRES.format(command="check"), file=sys.stderr)
        return 2

    from bot.store.keys import key_store_path
    from bot.store.sealing import key_store_passphrase

    async def run(path: Path, passphrase: str) -> list[str]:
        db = await Database.open(path, passphrase)
        try:
            return [str(row[0]) for row in await db.fetch_all("PRAGMA integrity_check")]
        finally:
            await db.close(checkpoint=False)

    keys = key_store_path(settings.db_path)
    for path, passphrase, what in (
        (settings.db_path, settings.db_key, "database"),
        (keys, key_store_passphrase(settings.db_key), "key store"),
    ):
        if not path.is_file():
            print(
                f"There is no key store at {path}: without it, nobody's words in the database "
                "can be read. Put back the key store kept beside the database, or its latest "
                "copy (`python -m bot backup-keys` makes them).",
                file=sys.stderr,
            )
            return 2
        problems = [line for line in asyncio.run(run(path, passphrase)) if line != "ok"]
        if problems:
            print(f"The {what} at {path} has {len(problems)} problems:", file=sys.stderr)
            for line in problems[:20]:
                print(f"  {line}", file=sys.stderr)
            print(
                "Restore the latest backup (`python -m bot backup` and `backup-keys` make them).",
                file=sys.stderr,
            )
            return 2
        print(f"The {what} at {path} is intact (every page sealed, integrity ok).")
    return 0


MIGRATE_WHILE_RUNNING = """\
The bot is running with this database ({path}), so nothing was copied: it would keep
writing to SQLite during and after the copy. Stop the bot, run this command again, then start
the bot with SMALLSTEPS_DATABASE_URL set."""

NEED_DATABASE_URL = """\
Set SMALLSTEPS_DATABASE_URL to the PostgreSQL database to copy into, for example
postgresql://smallsteps:PASSWORD@127.0.0.1:5432/smallsteps (an empty database)."""


def _migrate_to_postgres() -> int:
    from bot.store.lock import RunLock
    from bot.store.postgres import redacted_url
    from bot.store.to_postgres import TargetNotEmptyError, copy_to_postgres

    settings = _database_settings()
    if settings.database_url is None:
        raise ConfigError(NEED_DATABASE_URL)
    if not settings.db_path.is_file():
        raise ConfigError(f"There is no database at {settings.db_path}. Check SMALLSTEPS_DB_PATH.")
    lock = RunLock(settings.db_path)
    if not lock.acquire():
        print(MIGRATE_WHILE_RUNNING.format(path=settings.db_path), file=sys.stderr)
        return 2
    try:
        counts = asyncio.run(
            copy_to_postgres(settings.db_path, settings.db_key, settings.database_url)
        )
    except TargetNotEmptyError as exc:
        print(exc, file=sys.stderr)
        return 1
    finally:
        lock.release()
    print(f"Copied {settings.db_path} into {redacted_url(settings.database_url)}. Rows:")
    for table, count in counts.items():
        print(f"  {table}: {count}")
    print(
        "Every count matches. Start the bot with SMALLSTEPS_DATABASE_URL set from now on; the "
        "SQLite file stays where it is (keep it, and its key, until you no longer need it)."
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    """Parse arguments and do what they ask; return the exit status."""
    # Opt in to PTB 22's timedelta durations now rather than on its deprecation warning.
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    args = _parser().parse_args(argv)
    configure_logging()
    if args.command == "health":
        return _health()
    warning = dotenv_warning(Path(".env"))
    if warning:
        print(warning, file=sys.stderr)
    try:
        if args.command == "check":
            return _check()
        if args.command == "init-key":
            notice = ensure_key_in_dotenv(read_environment(), Path(".env"))
            if notice:
                print(notice)
            return 0
        if args.command == "try":
            from bot import try_mode  # only this command needs the Bot API double

            return try_mode.main(args)
        if args.command == "backup":
            return _backup(args.path)
        if args.command == "backup-keys":
            return _backup(args.path, keys=True)
        if args.command == "erase-user":
            return _erase_user(args.telegram_id, args.yes)
        if args.command == "migrate-to-postgres":
            return _migrate_to_postgres()
        return _run(webhook=args.webhook)
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return 2
    except StoreError as exc:
        print(exc, file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
