"""Storage: all SQL lives in this package; repositories return frozen dataclasses."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from bot.store import chat_state, claims, sealing
from bot.store.db import (
    STORE_FAULTS,
    DamagedDatabaseError,
    Database,
    DatabaseTooNewError,
    ReadOnlyError,
    StoreError,
    UnwritableFolderError,
    WrongKeyError,
)
from bot.store.entries import (
    Entry,
    EntryRepository,
    Feeling,
    Note,
    Reflection,
    Reframe,
    Setback,
    Win,
)
from bot.store.keys import KeyStoreMismatchError, PersonKeys, key_store_path
from bot.store.migrations import SCHEMA_VERSION, linked_key_store, migrate
from bot.store.outbox import OutboxRepository, StoredReply
from bot.store.postgres import DatabaseUnreachableError, PostgresDatabase
from bot.store.safety import SafetyRepository
from bot.store.schedule import ScheduleRepository
from bot.store.state import StateRepository, people_in
from bot.store.users import PAUSED_INDEFINITELY, User, UserRepository

__all__ = [
    "PAUSED_INDEFINITELY",
    "SCHEMA_VERSION",
    "STORE_FAULTS",
    "DamagedDatabaseError",
    "Database",
    "DatabaseTooNewError",
    "DatabaseUnreachableError",
    "Entry",
    "EntryRepository",
    "Feeling",
    "KeyStoreMismatchError",
    "Note",
    "OutboxRepository",
    "PersonKeys",
    "PostgresDatabase",
    "ReadOnlyError",
    "Reflection",
    "Reframe",
    "SafetyRepository",
    "ScheduleRepository",
    "Setback",
    "StateRepository",
    "Store",
    "StoreError",
    "StoredReply",
    "UnwritableFolderError",
    "User",
    "UserRepository",
    "Win",
    "WrongKeyError",
    "chat_state",
    "claims",
    "key_store_path",
]


class Store:
    """The repositories over one database and its key store; opened at start-up, closed at
    shutdown.

    SQLite (SQLCipher) at `path`, encrypted with `key`, its key store the `.keys` file beside it
    unless `keys_path` says otherwise (a copy of the database opened with the live key store).
    Or PostgreSQL when `database_url` is given (SMALLSTEPS_DATABASE_URL), its key store the
    schema `smallsteps_keys` beside the data, or the database at `keys_database_url`. The
    repositories are the same over either.
    """

    users: UserRepository
    state: StateRepository
    entries: EntryRepository
    schedule: ScheduleRepository
    safety: SafetyRepository
    outbox: OutboxRepository

    def __init__(
        self,
        path: Path,
        key: str,
        *,
        database_url: str | None = None,
        keys_path: Path | None = None,
        keys_database_url: str | None = None,
    ) -> None:
        self._path = path
        self._key = key
        self._database_url = database_url
        self._keys_path = keys_path or key_store_path(path)
        self._keys_database_url = keys_database_url
        self._db: Database | PostgresDatabase | None = None
        self._keys: PersonKeys | None = None

    @property
    def is_open(self) -> bool:
        """True between open() and close()."""
        return self._db is not None

    @property
    def db(self) -> Database | PostgresDatabase:
        """The open database."""
        if self._db is None:
            raise RuntimeError("the store is not open")
        return self._db

    @property
    def keys(self) -> PersonKeys:
        """The open key store."""
        if self._keys is None:
            raise RuntimeError("the store is not open")
        return self._keys

    async def open(self) -> None:
        """Open the database and its key store and apply migrations; a second call does
        nothing."""
        if self._db is not None:
            return
        db: Database | PostgresDatabase
        if self._database_url:
            db = await PostgresDatabase.open(self._database_url)
        else:
            db = await Database.open(self._path, self._key)
        try:
            if self._database_url:
                keys = await PersonKeys.open_postgres(
                    self._database_url,
                    self._key,
                    keys_url=self._keys_database_url,
                    must_exist=await linked_key_store(db) is not None,
                )
            elif not self._keys_path.exists() and await linked_key_store(db) is not None:
                # A new, empty key store would open nobody's words: refuse, create nothing.
                raise KeyStoreMismatchError(
                    f"There is no key store at {self._keys_path}, and the database's words "
                    "are sealed with the keys in one. Put back the key store kept beside the "
                    "database (or its latest copy: `python -m bot backup-keys` makes them) and "
                    "start again. Nothing was changed."
                )
            else:
                keys = await PersonKeys.open(self._keys_path, self._key)
        except BaseException:
            await db.close(checkpoint=False)
            raise
        try:
            await migrate(db, keys)
            # Start with an empty WAL: if the last run died between an erasure's commit and its
            # checkpoint, the erased words' old pages are still in the WAL until this.
            await db.checkpoint()
        except BaseException:
            await keys.close()
            await db.close()
            raise
        self._db, self._keys = db, keys
        # The repositories take either database (the same methods); annotated with SQLite's.
        self.users = UserRepository(db, keys)  # type: ignore[arg-type]
        self.state = StateRepository(db, keys)  # type: ignore[arg-type]
        self.entries = EntryRepository(db, keys)  # type: ignore[arg-type]
        self.schedule = ScheduleRepository(db)  # type: ignore[arg-type]
        self.safety = SafetyRepository(db, keys)  # type: ignore[arg-type]
        self.outbox = OutboxRepository(db, keys)  # type: ignore[arg-type]

    async def close(self, *, checkpoint: bool = True) -> None:
        """Close the database and its key store (checkpointing their WALs unless told not
        to); a second call does nothing."""
        if self._db is not None:
            db, self._db = self._db, None
            keys, self._keys = self._keys, None
            try:
                await db.close(checkpoint=checkpoint)
            finally:
                if keys is not None:
                    await keys.close(checkpoint=checkpoint)

    async def count_person(self, telegram_id: int) -> dict[str, int]:
        """How many rows each table keeps about one person (for an operator; no contents)."""
        counts: dict[str, int] = {}
        stray = await _stray_updates(self.db, telegram_id)
        for table, where, params in _person_rows(telegram_id, stray):
            row = await self.db.fetch_one(f"SELECT count(*) FROM {table} WHERE {where}", params)
            counts[table] = int(row[0]) if row else 0
        counts["person_keys"] = int(await self.keys.has_key(telegram_id))
        return counts

    async def erase_person(
        self, telegram_id: int, *, farewell: str | None = None, now: datetime | None = None
    ) -> dict[str, int]:
        """Erase everything kept about one person, in one transaction, then checkpoint the WAL
        so that no copy of their words is left in it. Return how many rows went, per table.

        `farewell` (words of the bot's, telling them it is done) is stored in the same
        transaction, so it is sent even if the process dies right after the erasure.

        Their data key is destroyed first, in a step of its own: from then on their words are
        unreadable here and in every copy of the database made before, even if what follows
        fails."""
        counts: dict[str, int] = {"person_keys": int(await self.keys.destroy(telegram_id))}
        async with self.db.transaction() as conn:
            stray = await _stray_updates(self.db, telegram_id)
            for table, where, params in _person_rows(telegram_id, stray):
                cursor = await conn.execute(f"DELETE FROM {table} WHERE {where}", params)
                counts[table] = cursor.rowcount
            if farewell is not None:
                await self.outbox.add(telegram_id, farewell, None, now or datetime.now(UTC))
        # secure_delete zeroes the erased cells in the pages it rewrites, but the WAL still holds
        # earlier versions of those pages until they are checkpointed and the WAL truncated.
        await self.db.checkpoint()
        return counts


# Stored updates (their name, username and words are in them, including the update that asked
# for the erasure) carry whose they are; one that involves no single person, or cannot be read,
# carries none, and is theirs if it comes from them or happens in their chat.
_UPDATE_TABLES = ("inbox", "quarantine")


async def _stray_updates(db: Database | PostgresDatabase, telegram_id: int) -> dict[str, list[int]]:
    """The ids of stored updates that name no owner but involve this person."""
    stray: dict[str, list[int]] = {}
    for table in _UPDATE_TABLES:
        rows = await db.fetch_all(
            f"SELECT update_id, payload FROM {table} WHERE telegram_id IS NULL"
        )
        stray[table] = [
            int(update_id)
            for update_id, payload in rows
            if (plain := sealing.plain_text(payload)) is not None
            and telegram_id in people_in(plain)
        ]
    return stray


def _their_updates(
    table: str, telegram_id: int, stray: list[int]
) -> tuple[str, str, tuple[object, ...]]:
    marks = ", ".join("?" for _ in stray)
    where = f"telegram_id = ? OR update_id IN ({marks})" if stray else "telegram_id = ?"
    return table, where, (telegram_id, *stray)


def _person_rows(
    telegram_id: int, stray: dict[str, list[int]]
) -> list[tuple[str, str, tuple[object, ...]]]:
    """Where one person's rows are: (table, condition, parameters), children before users."""
    chat_key = f"[{telegram_id}, {telegram_id}]"
    by_id = "telegram_id = ?", (telegram_id,)
    return [
        ("wins", *by_id),
        ("feelings", *by_id),
        ("reframes", *by_id),
        ("reflections", *by_id),
        ("notes", *by_id),
        ("setbacks", *by_id),
        ("deliveries", *by_id),
        ("user_drafts", *by_id),
        ("safety_holds", *by_id),
        ("safety_plans", *by_id),
        ("conversation_states", "chat_key = ?", (chat_key,)),
        ("outbox", "chat_id = ?", (telegram_id,)),
        *(_their_updates(table, telegram_id, stray[table]) for table in _UPDATE_TABLES),
        ("users", *by_id),
    ]
