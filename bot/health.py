"""Health that reflects progress, not existence: a small heartbeat file the running bot rewrites,
and the verdict `python -m bot health` (and the systemd watchdog) draws from it.

The bot records, in memory, when the scheduler last finished a tick and since when the oldest
fetched update has been waiting to be handled. A repeating job writes that to the heartbeat
file (one small atomic rename, no database access), so the check costs nothing at run time and
works while the database is unusable. The bot is unhealthy when the file is stale (the process
or its event loop is stuck), when no tick finished lately, or when an update has waited too long.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 10.0


class Progress:
    """What the pipeline has done lately (wall-clock seconds), kept in memory."""

    def __init__(self, now: Callable[[], float] = time.time) -> None:
        self._now = now
        self.started_at = now()
        self.last_tick_at: float | None = None
        self.last_handled_at: float | None = None
        self._waiting: dict[int, float] = {}

    def received(self, update_ids: list[int]) -> None:
        """Updates fetched (and kept) that now wait to be handled."""
        now = self._now()
        for update_id in update_ids:
            self._waiting.setdefault(update_id, now)

    def handled(self, update_id: int | None) -> None:
        """An update was handled (or set aside): it no longer waits."""
        self.last_handled_at = self._now()
        if update_id is not None:
            self._waiting.pop(update_id, None)

    def ticked(self) -> None:
        """The scheduler finished a tick."""
        self.last_tick_at = self._now()

    def snapshot(self) -> dict[str, float | int | None]:
        """The heartbeat's contents."""
        return {
            "written_at": self._now(),
            "started_at": self.started_at,
            "last_tick_at": self.last_tick_at,
            "last_handled_at": self.last_handled_at,
            "oldest_waiting_since": min(self._waiting.values(), default=None),
            "waiting": len(self._waiting),
        }


def heartbeat_path(db_path: Path) -> Path:
    """Where the heartbeat of the bot using `db_path` lives: beside the database."""
    return db_path.with_name(db_path.stem + ".heartbeat")


def write_heartbeat(path: Path, progress: Progress) -> None:
    """Replace the heartbeat file atomically (private, like the database)."""
    partial = path.with_name(path.name + ".partial")
    try:
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(progress.snapshot(), handle)
        os.replace(partial, path)
    except OSError:
        partial.unlink(missing_ok=True)
        raise


@dataclass(frozen=True)
class Verdict:
    """Healthy or not, and why (ages in seconds; no contents)."""

    healthy: bool
    reason: str


def judge(beat: dict[str, float | int | None], max_age: float, now: float) -> Verdict:
    """Decide from a heartbeat's contents whether the bot makes progress."""

    def age(key: str) -> float | None:
        value = beat.get(key)
        return None if value is None else now - float(value)

    written = age("written_at")
    if written is None or written > max_age:
        return Verdict(False, f"no heartbeat for {written or 0:.0f} s (the process is stuck)")
    tick = age("last_tick_at")
    started = age("started_at") or 0.0
    if (tick is None and started > max_age) or (tick is not None and tick > max_age):
        since = f"{tick:.0f} s ago" if tick is not None else "never"
        return Verdict(False, f"the scheduler last finished a tick {since}")
    waiting = age("oldest_waiting_since")
    if waiting is not None and waiting > max_age:
        return Verdict(False, f"an update has waited {waiting:.0f} s to be handled")
    return Verdict(True, f"ok: heartbeat {written:.0f} s ago, {beat.get('waiting', 0)} waiting")


def check(path: Path, max_age: float, now: float | None = None) -> Verdict:
    """Read the heartbeat file and judge it."""
    try:
        beat = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Verdict(False, f"no heartbeat file at {path} (is the bot running?)")
    except (OSError, ValueError) as exc:
        return Verdict(False, f"the heartbeat file at {path} is unreadable ({type(exc).__name__})")
    return judge(beat, max_age, time.time() if now is None else now)


def notify_systemd(message: str, socket_path: str | None) -> None:
    """Send one sd_notify message (READY=1, WATCHDOG=1, STOPPING=1) when run by systemd."""
    if not socket_path:
        return
    address = "\0" + socket_path[1:] if socket_path.startswith("@") else socket_path
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
            sock.sendto(message.encode("ascii"), address)
    except OSError as exc:
        log.warning("systemd_notify_failed error=%s", type(exc).__name__)
