"""The PostgreSQL database: a connection pool with the same methods as the SQLite `Database`.

Selected by SMALLSTEPS_DATABASE_URL. The repositories keep their SQL (SQLite's dialect, which
is close to PostgreSQL's for what they use); the seam is here: `?` and `?N` placeholders become
`$N`, and a transaction is a real server transaction on one pooled connection, which nested
`transaction()` calls of the same task (and the tasks it gathers) join, as on SQLite.

psycopg 3 rather than asyncpg: its cursors have the DB-API shape the repositories already use
on aiosqlite (`execute` returning a cursor with `rowcount` and `fetchone`, `executemany`), it
binds `$N` parameters server-side through its raw cursor, `bytes` round-trip as BYTEA, and
psycopg_pool gives a pool that replaces broken connections. asyncpg is faster per query, but
would need a second query shape (status strings for row counts, no cursors outside
transactions).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from contextvars import ContextVar
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import psycopg
from psycopg import AsyncConnection, AsyncRawCursor
from psycopg_pool import AsyncConnectionPool, PoolTimeout

from bot.store.db import StoreError

log = logging.getLogger(__name__)

# Connections kept open: updates of different people are handled concurrently, and the
# scheduler's tick runs beside them.
POOL_MIN = 1
POOL_MAX = 10
# How long opening waits for the server before saying it did not answer (seconds).
CONNECT_TIMEOUT = 10.0


class DatabaseUnreachableError(StoreError):
    """The PostgreSQL server did not answer, or refused the connection."""


def redacted_url(url: str) -> str:
    """The URL without its password, for messages and logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.netloc.rsplit("@", 1)[-1]
    user = parts.username or ""
    return urlunsplit(parts._replace(netloc=f"{user}:***@{host}"))


def with_schema(url: str, schema: str) -> str:
    """`url` with every connection's search_path set to `schema` (its tables unqualified)."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k != "options"]
    query.append(("options", f"-csearch_path={schema}"))
    return urlunsplit(parts._replace(query=urlencode(query)))


@functools.lru_cache(maxsize=1024)
def to_postgres(sql: str) -> str:
    """SQLite's placeholders in PostgreSQL's form: `?N` becomes `$N`; plain `?` marks are
    numbered in order. Quoted strings and identifiers are left as they are."""
    out: list[str] = []
    counter = 0
    i = 0
    while i < len(sql):
        char = sql[i]
        if char in "'\"":
            end = sql.index(char, i + 1)
            while end + 1 < len(sql) and sql[end + 1] == char:  # a doubled quote inside
                end = sql.index(char, end + 2)
            out.append(sql[i : end + 1])
            i = end + 1
            continue
        if char == "?":
            j = i + 1
            while j < len(sql) and sql[j].isdigit():
                j += 1
            if j > i + 1:
                out.append("$" + sql[i + 1 : j])
            else:
                counter += 1
                out.append(f"${counter}")
            i = j
            continue
        out.append(char)
        i += 1
    return "".join(out)


class PostgresConnection:
    """The transaction's connection, as repositories use it inside `transaction()`."""

    def __init__(self, conn: AsyncConnection[Any]) -> None:
        self._conn = conn

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> AsyncRawCursor[Any]:
        """Run one statement; the cursor has `rowcount` and, for queries, the rows."""
        cursor = AsyncRawCursor(self._conn)
        await cursor.execute(to_postgres(sql), tuple(params))
        return cursor

    async def executemany(self, sql: str, params: Iterable[Sequence[Any]]) -> AsyncRawCursor[Any]:
        """Run one statement for each set of parameters (pipelined)."""
        cursor = AsyncRawCursor(self._conn)
        await cursor.executemany(to_postgres(sql), [tuple(p) for p in params])
        return cursor


# The database and connection whose transaction the current task is inside.
_inside: ContextVar[tuple[PostgresDatabase, PostgresConnection] | None] = ContextVar(
    "inside_postgres_transaction", default=None
)


class HeldTransaction:
    """A transaction on one pooled connection that the task holding it joins (its statements
    and its `transaction()` blocks run inside it), committed by `commit()` or rolled back when
    it ends: what an instance holds while it handles an update it claimed (bot/store/claims.py)."""

    def __init__(self, conn: AsyncConnection[Any]) -> None:
        self.connection = PostgresConnection(conn)
        self.open = True
        self.committed = False  # False after a COMMIT that failed: it may or may not have

    async def commit(self) -> None:
        """Commit now; the task's later statements run outside it, each by itself."""
        if not self.open:
            return
        self.open = False
        _inside.set(None)
        await self.connection.execute("COMMIT")
        self.committed = True


_held: ContextVar[HeldTransaction | None] = ContextVar("held_transaction", default=None)


def held_transaction() -> HeldTransaction | None:
    """The open held transaction of the current task, if any."""
    held = _held.get()
    return held if held is not None and held.open else None


def holding_uncommitted() -> bool:
    """True if the current task holds a transaction not (known to be) committed: open, or
    whose COMMIT failed. Its work must not be done again outside it."""
    held = _held.get()
    return held is not None and not held.committed


class PostgresDatabase:
    """A pool of connections to one PostgreSQL database, used like the SQLite `Database`."""

    dialect = "postgres"

    def __init__(self, pool: AsyncConnectionPool[Any], url: str) -> None:
        self._pool = pool
        self.location = redacted_url(url)

    @classmethod
    async def open(
        cls,
        url: str,
        *,
        min_size: int = POOL_MIN,
        max_size: int = POOL_MAX,
        timeout: float = CONNECT_TIMEOUT,
    ) -> PostgresDatabase:
        """Connect to the database at `url`; raise DatabaseUnreachableError saying what to do."""
        pool: AsyncConnectionPool[Any] = AsyncConnectionPool(
            url,
            min_size=min_size,
            max_size=max_size,
            # Every statement outside `transaction()` commits by itself, as on SQLite. No check
            # query at each checkout (it doubled a read's round trips): a connection broken by a
            # server restart fails once, as a store fault the pipeline retries, and is replaced.
            kwargs={"autocommit": True},
            open=False,
            name="smallsteps",
        )
        try:
            await pool.open(wait=True, timeout=timeout)
        except (PoolTimeout, psycopg.Error) as exc:
            await pool.close()
            raise DatabaseUnreachableError(
                f"Small Steps cannot reach the PostgreSQL database at {redacted_url(url)} "
                f"({type(exc).__name__}). Check that the server runs, and the host, port, user, "
                "password and database name in SMALLSTEPS_DATABASE_URL. Unset it to use SQLite."
            ) from exc
        log.info("database opened dialect=postgres")
        return cls(pool, url)

    @staticmethod
    async def current_schema(url: str, *, timeout: float = CONNECT_TIMEOUT) -> str:
        """The schema the tables of the database at `url` are made in."""
        try:
            async with await psycopg.AsyncConnection.connect(
                url, autocommit=True, connect_timeout=max(1, int(timeout))
            ) as conn:
                cursor = await conn.execute("SELECT current_schema()")
                row = await cursor.fetchone()
        except psycopg.OperationalError as exc:
            raise DatabaseUnreachableError(
                f"Small Steps cannot reach the PostgreSQL database at {redacted_url(url)} "
                f"({type(exc).__name__}). Check that the server runs, and the host, port, user, "
                "password and database name in SMALLSTEPS_DATABASE_URL. Unset it to use SQLite."
            ) from exc
        return str(row[0]) if row and row[0] else "public"

    @staticmethod
    async def create_schema(url: str, schema: str, *, timeout: float = CONNECT_TIMEOUT) -> None:
        """Create `schema` in the database at `url` unless it exists."""
        try:
            async with await psycopg.AsyncConnection.connect(
                url, autocommit=True, connect_timeout=max(1, int(timeout))
            ) as conn:
                await conn.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
        except psycopg.errors.UniqueViolation:
            pass  # another instance made it at the same moment
        except psycopg.OperationalError as exc:
            raise DatabaseUnreachableError(
                f"Small Steps cannot reach the PostgreSQL database at {redacted_url(url)} "
                f"({type(exc).__name__}) to create the schema {schema}. Check that the server "
                "runs and the user may create schemas there."
            ) from exc

    async def close(self, *, checkpoint: bool = True) -> None:
        """Close every connection (`checkpoint` is for SQLite's WAL; PostgreSQL has none)."""
        await self._pool.close()
        log.info("database closed")

    async def checkpoint(self) -> bool:
        """Nothing to do here: PostgreSQL's write-ahead log and vacuum are the server's. (Old
        versions of erased rows can stay in them for a while; the README says so.)"""
        if self._current() is not None and held_transaction() is None:
            raise RuntimeError("checkpoint() inside a transaction: call it after the commit")
        return True

    def _current(self) -> PostgresConnection | None:
        inside = _inside.get()
        return inside[1] if inside is not None and inside[0] is self else None

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[PostgresConnection]:
        """Run a block of statements atomically (BEGIN … COMMIT, ROLLBACK on error); inside
        one, further transactions of this task join it."""
        current = self._current()
        if current is not None:
            yield current  # part of the enclosing transaction
            return
        async with self._pool.connection() as conn, conn.transaction():
            wrapped = PostgresConnection(conn)
            token = _inside.set((self, wrapped))
            try:
                yield wrapped
            finally:
                _inside.reset(token)

    @asynccontextmanager
    async def hold(self) -> AsyncIterator[HeldTransaction]:
        """Begin a transaction that this task joins until it commits (`HeldTransaction`); one
        not committed by the end of the block is rolled back."""
        if self._current() is not None:
            raise RuntimeError("hold() inside a transaction")
        async with self._pool.connection() as conn:
            held = HeldTransaction(conn)
            await held.connection.execute("BEGIN")
            inside = _inside.set((self, held.connection))
            holding = _held.set(held)
            try:
                yield held
            finally:
                _inside.reset(inside)
                _held.reset(holding)
                if held.open:
                    held.open = False
                    try:
                        await held.connection.execute("ROLLBACK")
                    except psycopg.Error as exc:  # a broken connection: the pool replaces it
                        log.warning("rollback_failed error=%s", type(exc).__name__)

    async def _rows(self, sql: str, params: Iterable[Any]) -> list[tuple[Any, ...]]:
        current = self._current()
        if current is not None:
            cursor = await current.execute(sql, tuple(params))
            return list(await cursor.fetchall()) if cursor.description else []
        async with self._pool.connection() as conn:
            cursor = await PostgresConnection(conn).execute(sql, tuple(params))
            return list(await cursor.fetchall()) if cursor.description else []

    async def fetch_one(self, sql: str, params: Iterable[Any] = ()) -> tuple[Any, ...] | None:
        """Run a query and return its first row, or None (for queries of one row at most)."""
        rows = await self._rows(sql, params)
        return tuple(rows[0]) if rows else None

    async def fetch_all(self, sql: str, params: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
        """Run a query and return all its rows."""
        return [tuple(row) for row in await self._rows(sql, params)]

    async def execute(self, sql: str, params: Iterable[Any] = ()) -> int:
        """Run one write statement in its own transaction; return the number of rows changed."""
        async with self.transaction() as conn:
            cursor = await conn.execute(sql, tuple(params))
            return cursor.rowcount

    async def user_version(self) -> int:
        """The schema version recorded in the `schema_version` table (0: no schema yet)."""
        row = await self.fetch_one("SELECT to_regclass('schema_version') IS NOT NULL")
        if not row or not row[0]:
            return 0
        row = await self.fetch_one("SELECT version FROM schema_version")
        return int(row[0]) if row else 0
