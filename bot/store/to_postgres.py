"""Moving to PostgreSQL: copy a SQLite database, whole, into an empty PostgreSQL database, and
its key store into the PostgreSQL key store. Sealed words are copied as they are (bytes): the
keys that open them come along, wrapped as they were."""

from __future__ import annotations

import logging
from pathlib import Path

from bot.store import Store
from bot.store.db import Database, StoreError
from bot.store.keys import PersonKeys
from bot.store.migrations import SCHEMA_VERSION, migrate
from bot.store.postgres import PostgresConnection, PostgresDatabase

log = logging.getLogger(__name__)

# Rows read from SQLite and sent to PostgreSQL at a time.
BATCH = 1000


class TargetNotEmptyError(StoreError):
    """The PostgreSQL database already holds rows: a copy never mixes with other data."""


class CopyMismatchError(StoreError):
    """A table's row count in the copy differs from the original (nothing was committed)."""


async def copy_to_postgres(
    path: Path, key: str, url: str, *, keys_url: str | None = None
) -> dict[str, int]:
    """Copy every row of the SQLite database at `path` into the PostgreSQL database at `url`
    (given its schema first), in one transaction, and return the rows per table. The key store
    is copied first, into the PostgreSQL key store (beside the data, or at `keys_url`).

    The SQLite file is brought to this version's schema first, as starting the bot would (so
    every person's words are sealed), and read under its write lock, so the copy is one
    consistent moment. Refuse a target that holds any row; roll everything back if a count
    differs."""
    source = Store(path, key)
    await source.open()
    try:
        assert isinstance(source.db, Database)
        version = await source.db.user_version()
        if version != SCHEMA_VERSION:
            raise StoreError(f"{path} is at schema version {version}, not {SCHEMA_VERSION}.")
        target = await PostgresDatabase.open(url, max_size=1)
        try:
            keys = await PersonKeys.open_postgres(url, key, keys_url=keys_url)
            try:
                copied_keys = await _copy_keys(source.keys, keys)
                await migrate(target, keys)
                counts = await _copy(source.db, target)
            finally:
                await keys.close()
        finally:
            await target.close()
    finally:
        await source.close(checkpoint=False)
    counts["person_keys"] = copied_keys
    log.info("copied to postgres tables=%d", len(counts))
    return counts


async def _copy_keys(source: PersonKeys, target: PersonKeys) -> int:
    """Copy every wrapped key, and the key store's name (which the data is linked to), into a
    key store that holds no other keys; committed before the data is copied. Running again
    after a failed copy finds its own keys there and goes on."""
    name = await source.identity()
    rows = await source.db.fetch_all(
        "SELECT telegram_id, wrapped, created_at FROM person_keys ORDER BY telegram_id"
    )
    async with target.db.transaction() as conn:
        cursor = await conn.execute("SELECT EXISTS (SELECT 1 FROM person_keys)")
        row = await cursor.fetchone()
        if row and row[0] and await target.identity() != name:
            raise TargetNotEmptyError(
                f"The PostgreSQL key store at {target.location} already holds data (keys of "
                "another key store). Copy into an empty database (or a new schema); nothing "
                "was copied."
            )
        await conn.execute("UPDATE identity SET id = ?", (name,))
        await conn.executemany(
            "INSERT INTO person_keys (telegram_id, wrapped, created_at) VALUES (?, ?, ?) "
            "ON CONFLICT (telegram_id) DO NOTHING",
            [(int(i), bytes(w), str(c)) for i, w, c in rows],
        )
        cursor = await conn.execute("SELECT count(*) FROM person_keys")
        row = await cursor.fetchone()
        copied = int(row[0]) if row else 0
        if copied != len(rows):
            raise CopyMismatchError(
                f"person_keys: {len(rows)} keys in the SQLite key store but {copied} in the "
                "copy; nothing was committed."
            )
    return copied


async def _copy(source: Database, target: PostgresDatabase) -> dict[str, int]:
    tables = [
        str(name)
        for (name,) in await source.fetch_all(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            # key_store: linked to the same key store by `migrate` already
            "AND name NOT LIKE 'sqlite_%' AND name != 'key_store' ORDER BY name"
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
    cursor = await conn.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = "
        "current_schema() AND table_name = ? AND data_type = 'bytea'",
        (table,),
    )
    # Sealed words are bytes already; words kept unsealed (str) become UTF-8 there.
    binary = {columns.index(str(name)) for (name,) in await cursor.fetchall()}
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
        await conn.executemany(
            insert,
            [
                tuple(
                    value.encode("utf-8") if i in binary and isinstance(value, str) else value
                    for i, value in enumerate(row[1:])
                )
                for row in rows
            ],
        )
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
