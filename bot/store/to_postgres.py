"""Moving to PostgreSQL: copy a SQLite database, whole, into an empty PostgreSQL database."""

from __future__ import annotations

import logging
from pathlib import Path

from bot.store import Store
from bot.store.db import Database, StoreError
from bot.store.migrations import migrate
from bot.store.postgres import PostgresConnection, PostgresDatabase

log = logging.getLogger(__name__)

# Rows read from SQLite and sent to PostgreSQL at a time.
BATCH = 1000


class TargetNotEmptyError(StoreError):
    """The PostgreSQL database already holds rows: a copy never mixes with other data."""


class CopyMismatchError(StoreError):
    """A table's row count in the copy differs from the original (nothing was committed)."""


async def copy_to_postgres(path: Path, key: str, url: str) -> dict[str, int]:
    """Copy every row of the SQLite database at `path` into the PostgreSQL database at `url`
    (given its schema first), in one transaction, and return the rows per table.

    The SQLite file is brought to this version's schema first, as starting the bot would, and
    read under its write lock, so the copy is one consistent moment. Refuse a target that holds
    any row; roll everything back if a count differs."""
    source = Store(path, key)
    await source.open()
    try:
        target = await PostgresDatabase.open(url, max_size=1)
        try:
            await migrate(target)
            assert isinstance(source.db, Database)
            counts = await _copy(source.db, target)
        finally:
            await target.close()
    finally:
        await source.close(checkpoint=False)
    log.info("copied to postgres tables=%d", len(counts))
    return counts


async def _copy(source: Database, target: PostgresDatabase) -> dict[str, int]:
    tables = [
        str(name)
        for (name,) in await source.fetch_all(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    tables.sort(key=lambda name: name != "users")  # first: the other tables refer to it
    counts: dict[str, int] = {}
    async with source.transaction(), target.transaction() as conn:
        for table in tables:
            cursor = await conn.execute(f"SELECT EXISTS (SELECT 1 FROM {table})")
            row = await cursor.fetchone()
            if row and row[0]:
                raise TargetNotEmptyError(
                    f"The PostgreSQL database at {target.location} already holds data (in "
                    f"{table}). Copy into an empty database (or a new schema); nothing was "
                    "copied."
                )
        for table in tables:
            await _copy_table(source, conn, table)
        await _continue_identities(conn)
        for table in tables:
            row = await source.fetch_one(f"SELECT count(*) FROM {table}")
            expected = counts[table] = int(row[0]) if row else 0
            cursor = await conn.execute(f"SELECT count(*) FROM {table}")
            row = await cursor.fetchone()
            copied = int(row[0]) if row else 0
            if copied != expected:
                raise CopyMismatchError(
                    f"{table}: {expected} rows in SQLite but {copied} in the copy; nothing was "
                    "committed."
                )
    return counts


async def _copy_table(source: Database, conn: PostgresConnection, table: str) -> int:
    columns = [str(row[1]) for row in await source.fetch_all(f"PRAGMA table_info({table})")]
    names = ", ".join(columns)
    insert = f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' for _ in columns)})"
    copied, after = 0, None
    while True:
        rows = await source.fetch_all(
            f"SELECT rowid, {names} FROM {table} WHERE ? IS NULL OR rowid > ? "
            "ORDER BY rowid LIMIT ?",
            (after, after, BATCH),
        )
        if not rows:
            return copied
        await conn.executemany(insert, [row[1:] for row in rows])
        copied += len(rows)
        after = rows[-1][0]


async def _continue_identities(conn: PostgresConnection) -> None:
    """Let each generated id go on after the highest one copied."""
    cursor = await conn.execute(
        "SELECT table_name FROM information_schema.columns WHERE table_schema = "
        "current_schema() AND column_name = 'id' AND is_identity = 'YES'"
    )
    for (table,) in await cursor.fetchall():
        await conn.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table} "
            "HAVING max(id) IS NOT NULL"
        )
