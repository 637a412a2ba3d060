"""The one encrypted SQLite connection: opening, keying, pragmas, transactions."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Iterable
from contextlib import AbstractAsyncContextManager, asynccontextmanager, nullcontext
from contextvars import ContextVar
from pathlib import Path
from typing import Any

import aiosqlite
import sqlcipher3

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000


class StoreError(Exception):
    """The database cannot be used; the message says why, in words for an operator."""


class WrongKeyError(StoreError):
    """The key does not open the database (or the file is not a Small Steps database)."""


class DatabaseTooNewError(StoreError):
    """The database was written by a newer version of Small Steps."""


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

    def __init__(self, conn: aiosqlite.Connection, path: Path) -> None:
        self._conn = conn
        self.path = path
        self._lock = asyncio.Lock()

    def _locked(self) -> AbstractAsyncContextManager[object]:
        """The lock, unless this task is already inside one of our transactions."""
        return nullcontext() if _inside.get() is self else self._lock

    @classmethod
    async def open(cls, path: Path, key: str) -> Database:
        """Open (or create) the encrypted database at `path`; raise WrongKeyError on a bad key."""
        path.parent.mkdir(parents=True, exist_ok=True)
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
            except sqlcipher3.DatabaseError as exc:
                raise WrongKeyError(
                    f"The database at {path} cannot be opened with this key. Check "
                    "SMALLSTEPS_DB_KEY (or SMALLSTEPS_DB_KEY_FILE) and SMALLSTEPS_DB_PATH. "
                    "The file was not changed."
                ) from exc
            await conn.execute("PRAGMA journal_mode = WAL")
            await conn.execute("PRAGMA foreign_keys = ON")
            await conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            await conn.execute("PRAGMA secure_delete = ON")
        except BaseException:
            await conn.close()
            raise
        log.info("database opened")
        return cls(conn, path)

    async def close(self, *, checkpoint: bool = True) -> None:
        """Checkpoint the WAL (unless told not to: a reader such as a backup leaves the live
        database's WAL to its owner) and close the connection."""
        async with self._lock:
            if checkpoint:
                await self._checkpoint()
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
        """Run a block of statements atomically (BEGIN IMMEDIATE … COMMIT, ROLLBACK on error)."""
        if _inside.get() is self:
            yield self._conn  # part of the enclosing transaction
            return
        async with self._lock:
            token = _inside.set(self)
            try:
                await self._conn.execute("BEGIN IMMEDIATE")
                try:
                    yield self._conn
                except BaseException:
                    await self._conn.execute("ROLLBACK")
                    raise
                await self._conn.execute("COMMIT")
            finally:
                _inside.reset(token)

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
