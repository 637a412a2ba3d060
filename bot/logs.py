"""Logging set-up: ids and event names only; the HTTP client's URL logging (token!) silenced."""

from __future__ import annotations

import logging


def configure_logging(level: int = logging.INFO) -> None:
    """Log to stderr; keep httpx/httpcore at WARNING because their INFO lines contain the token."""
    logging.basicConfig(
        level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s", force=True
    )
    for noisy in ("httpx", "httpcore"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    # APScheduler logs every job run at INFO.
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
