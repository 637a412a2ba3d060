"""`python -m bot`: run Small Steps (long polling), or an operator's command."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from bot.config import ConfigError, ensure_key_in_dotenv, load_settings, read_environment
from bot.logs import configure_logging
from bot.store import StoreError

log = logging.getLogger("bot")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bot",
        description="Small Steps: a Telegram companion for noticing your own progress.",
        epilog="Settings come from the environment and .env: see the README.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser("run", help="run the bot with long polling (the default)")
    commands.add_parser(
        "init-key", help="create a database key in .env if none is configured (used by make run)"
    )
    return parser


def _run() -> int:
    from telegram import Update

    from bot.app import build_application

    settings = load_settings(read_environment())
    app = build_application(settings)
    log.info("starting db=%s", settings.db_path)
    try:
        app.run_polling(allowed_updates=Update.ALL_TYPES, close_loop=False)
    except StoreError as exc:
        print(exc, file=sys.stderr)
        return 2
    log.info("stopped")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Parse arguments and do what they ask; return the exit status."""
    # Opt in to PTB 22's timedelta durations now rather than on its deprecation warning.
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    args = _parser().parse_args(argv)
    configure_logging()
    try:
        if args.command == "init-key":
            notice = ensure_key_in_dotenv(read_environment(), Path(".env"))
            if notice:
                print(notice)
            return 0
        return _run()
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
