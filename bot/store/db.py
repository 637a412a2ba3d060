"""The one encrypted SQLite connection: opening, keying, pragmas, transactions."""

from __future__ import annotations

import asyncio
import logging
import os
import stat
from collections.abc import AsyncIterator, Iterable
from contextlib import AbstractAsyncContextManager, asynccontextmanager, nullcontext
from contextvars import ContextVar
from pathlib import Path
from typing import Any

import aiosqlite
import psycopg
import sqlcipher3

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000


class StoreError(Exception):
    """The database cannot be used; the message says why, in words for an operator."""


class WrongKeyError(StoreError):
    """The key does not open the database (or the file is not a Small Steps database)."""


class DatabaseTooNewError(StoreError):
    """The database was written by a newer version of Small Steps."""


class DamagedDatabaseError(StoreError):
    """The file opens with the key but some of its pages are damaged (or it is cut short)."""


class ReadOnlyError(StoreError):
    """The database, or the folder it needs to write beside it, cannot be written."""


class UnwritableFolderError(StoreError):
    """The folder for the database does not exist and cannot be created."""


# Errors that come from the database or the disk under it (full, read-only, locked, damaged)
# rather than from the update being handled: they are retried until they clear. On PostgreSQL
# (bot/store/postgres.py) those are the server's: a lost connection, a restart, a deadlock.
STORE_FAULTS: tuple[type[BaseException], ...] = (
    sqlcipher3.Error,
    psycopg.OperationalError,
    psycopg.InterfaceError,
    OSError,
)

PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700
_SIDE_FILES = ("-wal", "-shm")


def _quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


# The database whose transaction the current task (and the tasks it awaits) is inside.
_inside: ContextVar[Database | None] = ContextVar("inside_transaction", default=None)


class Database:
    """A single aiosqlite connection over SQLCipher, with a locked transaction helper.

    `transaction()` nests: inside one, further transactions and queries in the same task (and
    in tasks it gathers) join it rather than wait for the lock, so several repository writes
    can commit together (see `SmallStepsApplication.process_update`).
    """

    dialect = "sqlite"  # PostgreSQL's `PostgresDatabase` has the same methods

    def __init__(self, conn: aiosqlite.Connection, path: Path) -> None:
        self._conn = conn
        self.path = path
        self.location = str(path)
        self._lock = asyncio.Lock()

    def _locked(self) -> AbstractAsyncContextManager[object]:
        """The lock, unless this task is already inside one of our transactions."""
        return nullcontext() if _inside.get() is self else self._lock

    @classmethod
    async def open(cls, path: Path, key: str, *, check_pages: bool = True) -> Database:
        """Open (or create) the encrypted database at `path`, private to this user.

        Raise WrongKeyError, DamagedDatabaseError, ReadOnlyError or UnwritableFolderError with
        what to do. `check_pages` verifies every page's authentication code first (SQLCipher's
        cipher_integrity_check), so a damaged page is found at start-up, not mid-conversation.
        """
        _prepare_files(path)
        conn = aiosqlite.core.Connection(
            lambda: sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False),
            iter_chunk_size=64,
        )
        await conn
        try:
            await conn.execute("PRAGMA cipher_log_level = NONE")
            await conn.execute(f"PRAGMA key = {_quote(key)}")
            try:
                await conn.execute_fetchall("SELECT count(*) FROM sqlite_master")
                failures = await _page_failures(conn) if check_pages else []
            except sqlcipher3.DatabaseError as exc:
                raise _unreadable(path, await _page_failures(conn)) from exc
            if failures:
                raise _damaged(path, len(failures))
            try:
                await conn.execute("PRAGMA journal_mode = WAL")
                await conn.execute("PRAGMA foreign_keys = ON")
                await conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
                await conn.execute("PRAGMA secure_delete = ON")
                # A write lock, then nothing written: a read-only file or folder shows up here.
                await conn.execute("BEGIN IMMEDIATE")
                await conn.execute("ROLLBACK")
            except sqlcipher3.OperationalError as exc:
                raise _read_only(path) from exc
        except BaseException:
            await conn.close()
            raise
        log.info("database opened")
        return cls(conn, path)

    async def close(self, *, checkpoint: bool = True) -> None:
        """Checkpoint the WAL (unless told not to: a reader such as a backup leaves the live
        database's WAL to its owner) and close the connection."""
        async with self._lock:
            try:
                if checkpoint:
                    await self._checkpoint()
            except STORE_FAULTS as exc:
                log.warning("close_checkpoint_failed error=%s", type(exc).__name__)
            finally:
                await self._conn.close()
        log.info("database closed")

    async def checkpoint(self) -> bool:
        """Copy the WAL into the database file and truncate it to zero bytes, so that pages
        overwritten since (erased rows) survive nowhere. Return False if another connection's
        reader or writer kept it from completing within the busy timeout."""
        if _inside.get() is self:
            # Waiting for our own lock would hang, and uncommitted pages cannot be checkpointed.
            raise RuntimeError("checkpoint() inside a transaction: call it after the commit")
        async with self._lock:
            complete = await self._checkpoint()
        if not complete:
            log.warning("wal checkpoint incomplete")
        return complete

    async def _checkpoint(self) -> bool:
        rows = list(await self._conn.execute_fetchall("PRAGMA wal_checkpoint(TRUNCATE)"))
        # One row: (busy, frames in the WAL, frames checkpointed); busy is 1 when blocked.
        return not rows or int(rows[0][0]) == 0

    async def backup_to(self, target: Database) -> None:
        """Copy the whole database into `target` (opened with the same key) as one consistent
        snapshot, with SQLite's online backup API; other connections keep writing meanwhile."""
        async with self._lock, target._lock:
            # pages=0: every page in one step, under one read transaction (a consistent copy).
            await self._conn.backup(target._conn, pages=0)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """Run a block of statements atomically (BEGIN IMMEDIATE … COMMIT, ROLLBACK on error).

        Whatever fails (a statement, or the COMMIT itself on a full disk), the connection leaves
        here outside any transaction, so the next one can begin once the fault clears.
        """
        if _inside.get() is self:
            yield self._conn  # part of the enclosing transaction
            return
        async with self._lock:
            token = _inside.set(self)
            try:
                await self._end_stale_transaction()
                await self._conn.execute("BEGIN IMMEDIATE")
                try:
                    yield self._conn
                    await self._conn.execute("COMMIT")
                except BaseException:
                    await self._end_stale_transaction()
                    raise
            finally:
                _inside.reset(token)

    async def _end_stale_transaction(self) -> None:
        """Roll back a transaction left open by a failure. SQLite rolls back by itself after
        some errors (a full disk, an I/O error) but not after others (a failed COMMIT can stay
        open): without this, every later BEGIN would fail and handling would never resume."""
        if not self._conn.in_transaction:
            return
        try:
            await self._conn.execute("ROLLBACK")
        except sqlcipher3.Error as exc:
            log.warning("rollback_failed error=%s", type(exc).__name__)

    async def fetch_one(self, sql: str, params: Iterable[Any] = ()) -> tuple[Any, ...] | None:
        """Run a query and return its first row, or None (for queries of one row at most)."""
        # One trip to the connection's thread rather than three (execute, fetchone, close):
        # these lookups run several times for every update a person sends.
        async with self._locked():
            rows = await self._conn.execute_fetchall(sql, tuple(params))
        return tuple(rows[0]) if rows else None

    async def fetch_all(self, sql: str, params: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
        """Run a query and return all its rows."""
        async with self._locked():
            rows = await self._conn.execute_fetchall(sql, tuple(params))
        return [tuple(row) for row in rows]

    async def execute(self, sql: str, params: Iterable[Any] = ()) -> int:
        """Run one write statement in its own transaction; return the number of rows changed."""
        async with self.transaction() as conn:
            cursor = await conn.execute(sql, tuple(params))
            return cursor.rowcount

    async def user_version(self) -> int:
        """Return the schema version recorded in the file."""
        row = await self.fetch_one("PRAGMA user_version")
        return int(row[0]) if row else 0


def _prepare_files(path: Path) -> None:
    """Create the folder (0700) and an empty database file (0600) if missing, and make an
    existing database and its side files private (SQLite gives the side files the database
    file's mode)."""
    try:
        path.parent.mkdir(mode=PRIVATE_FOLDER, parents=True, exist_ok=True)
    except OSError as exc:
        raise UnwritableFolderError(
            f"Small Steps cannot create the folder {path.parent} for its database "
            f"({exc.strerror or type(exc).__name__}). Create it and make it writable by the user "
            "the bot runs as, or set SMALLSTEPS_DB_PATH to a writable place."
        ) from exc
    if not path.exists():
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
        except FileExistsError:
            pass
        except OSError as exc:
            raise _read_only(path) from exc
        return
    for file in (path, *(path.with_name(path.name + side) for side in _SIDE_FILES)):
        try:
            mode = stat.S_IMODE(file.stat().st_mode)
            if mode & 0o077:
                file.chmod(mode & 0o700)
                log.warning("file_made_private file=%s", file.name)
        except FileNotFoundError:
            continue
        except OSError:
            log.warning("file_mode_unchanged file=%s", file.name)


async def _page_failures(conn: aiosqlite.Connection) -> list[str]:
    """Pages whose authentication code does not verify (every page, with a wrong key)."""
    try:
        rows = await conn.execute_fetchall("PRAGMA cipher_integrity_check")
    except sqlcipher3.Error:
        return ["unreadable"]
    return [str(row[0]) for row in rows]


def _unreadable(path: Path, failures: list[str]) -> StoreError:
    """The first read failed: a wrong key (no page verifies) or a damaged file (some do)."""
    pages = max(1, path.stat().st_size // 4096) if path.exists() else 1
    if failures and (len(failures) < pages or any("invalid size" in f for f in failures)):
        return _damaged(path, len(failures))
    return WrongKeyError(
        f"The database at {path} cannot be opened with this key. Check "
        "SMALLSTEPS_DB_KEY (or SMALLSTEPS_DB_KEY_FILE) and SMALLSTEPS_DB_PATH. "
        "If the key is right, the file is not a Small Steps database or its first page is "
        "damaged: restore it from a backup. The file was not changed."
    )


def _damaged(path: Path, count: int) -> DamagedDatabaseError:
    return DamagedDatabaseError(
        f"The database at {path} opens with this key, but {count} of its pages are damaged "
        "(or the file was cut short). Stop anything else writing to it, keep the file, and "
        "restore the latest backup (`python -m bot backup` makes them). The file was not "
        "changed."
    )


def _read_only(path: Path) -> ReadOnlyError:
    return ReadOnlyError(
        f"The database at {path} cannot be written: the file or its folder {path.parent} is "
        "read-only (SQLite writes a -wal and a -shm file beside the database). Make both "
        "writable by the user the bot runs as. The file was not changed."
    )
