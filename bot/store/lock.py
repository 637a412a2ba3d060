"""One process at a time per database: the running bot holds a lock file beside it."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from bot.store.db import PRIVATE_FILE, StoreError


class DatabaseInUseError(StoreError):
    """Another process (a running bot) holds the database's lock."""


class RunLock:
    """An exclusive advisory lock on `<database>.lock`, released when the process ends (even
    by SIGKILL: the kernel drops it with the file descriptor)."""

    def __init__(self, db_path: Path) -> None:
        self.path = db_path.with_name(db_path.name + ".lock")
        self._fd: int | None = None

    def acquire(self) -> bool:
        """Take the lock; False if another process holds it."""
        if self._fd is not None:
            return True
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, PRIVATE_FILE)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        self._fd = fd
        return True

    def release(self) -> None:
        """Let go of the lock (a second call does nothing)."""
        if self._fd is not None:
            fd, self._fd = self._fd, None
            os.close(fd)
