"""The one encrypted SQLite connection: opening, keying, pragmas, transactions."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
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


class Database:
    """A single aiosqlite connection over SQLCipher, with a locked transaction helper."""

    def __init__(self, conn: aiosqlite.Connection, path: Path) -> None:
        self._conn = conn
        self.path = path
        self._lock = asyncio.Lock()

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

    async def close(self) -> None:
        """Checkpoint the WAL and close the connection."""
        async with self._lock:
            await self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            await self._conn.close()
        log.info("database closed")

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """Run a block of statements atomically (BEGIN IMMEDIATE … COMMIT, ROLLBACK on error)."""
        async with self._lock:
            await self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                await self._conn.execute("ROLLBACK")
                raise
            await self._conn.execute("COMMIT")

    async def fetch_one(self, sql: str, params: Iterable[Any] = ()) -> tuple[Any, ...] | None:
        """Run a query and return its first row, or None."""
        async with self._lock, self._conn.execute(sql, tuple(params)) as cursor:
            row = await cursor.fetchone()
        return tuple(row) if row is not None else None

    async def fetch_all(self, sql: str, params: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
        """Run a query and return all its rows."""
        async with self._lock:
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
