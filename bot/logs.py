"""Logging set-up: ids and event names only; the HTTP client's URL logging (token!) silenced."""

from __future__ import annotations

import logging

# Libraries whose DEBUG lines carry what people write, or secrets:
# - PTB's bot logs every Bot API call with its parameters and its result (message texts, the
#   person's words quoted back, exported files);
# - PTB's application logs "Processing update …" with the whole update (what the person typed);
# - PTB's "telegram.ext" logger itself, and "telegram.ext.Updater" (a child: a filter on a
#   logger does not see the records its children pass up), where the webhook handler logs each
#   request body and the updater logs what it fetched;
# - aiosqlite logs every statement with its parameters (entries, drafts, and `PRAGMA key`);
#   psycopg's debug lines may carry connection details.
# Their records below INFO are dropped by a filter on each logger rather than by a level, so
# they stay out even when someone turns these loggers (or everything) up to DEBUG.
CONTENT_LOGGERS = (
    "telegram.Bot",
    "telegram.ext.ExtBot",
    "telegram.ext.Application",
    "telegram.ext",
    "telegram.ext.Updater",
    "aiosqlite",
    "psycopg",
    "psycopg.pool",
)


class _DropDebug(logging.Filter):
    """Let INFO and above through; drop DEBUG records."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno > logging.DEBUG


_DROP_DEBUG = _DropDebug()


def keep_contents_out() -> None:
    """Drop the DEBUG records of the loggers that print contents (idempotent)."""
    for name in CONTENT_LOGGERS:
        logger = logging.getLogger(name)
        if _DROP_DEBUG not in logger.filters:
            logger.addFilter(_DROP_DEBUG)


def configure_logging(level: int = logging.INFO) -> None:
    """Log to stderr; keep httpx/httpcore at WARNING because their INFO lines contain the token."""
    logging.basicConfig(
        level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s", force=True
    )
    for noisy in ("httpx", "httpcore"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    # APScheduler logs every job run at INFO.
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    keep_contents_out()
