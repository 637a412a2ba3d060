"""Storage: all SQL lives in this package; repositories return frozen dataclasses."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from bot.store import chat_state, claims
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
from bot.store.migrations import SCHEMA_VERSION, migrate
from bot.store.outbox import OutboxRepository, StoredReply
from bot.store.postgres import DatabaseUnreachableError, PostgresDatabase
from bot.store.safety import SafetyRepository
from bot.store.schedule import ScheduleRepository
from bot.store.state import StateRepository
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
    "Note",
    "OutboxRepository",
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
]


class Store:
    """The repositories over one database; opened at start-up, closed at shutdown.

    SQLite (SQLCipher) at `path`, encrypted with `key`; or PostgreSQL when `database_url` is
    given (SMALLSTEPS_DATABASE_URL). The repositories are the same over either.
    """

    users: UserRepository
    state: StateRepository
    entries: EntryRepository
    schedule: ScheduleRepository
    safety: SafetyRepository
    outbox: OutboxRepository

    def __init__(self, path: Path, key: str, *, database_url: str | None = None) -> None:
        self._path = path
        self._key = key
        self._database_url = database_url
        self._db: Database | PostgresDatabase | None = None

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

    async def open(self) -> None:
        """Open the database and apply migrations; a second call does nothing."""
        if self._db is not None:
            return
        db: Database | PostgresDatabase
        if self._database_url:
            db = await PostgresDatabase.open(self._database_url)
        else:
            db = await Database.open(self._path, self._key)
        try:
            await migrate(db)
            # Start with an empty WAL: if the last run died between an erasure's commit and its
            # checkpoint, the erased words' old pages are still in the WAL until this.
            await db.checkpoint()
        except BaseException:
            await db.close()
            raise
        self._db = db
        # The repositories take either database (the same methods); annotated with SQLite's.
        self.users = UserRepository(db)  # type: ignore[arg-type]
        self.state = StateRepository(db)  # type: ignore[arg-type]
        self.entries = EntryRepository(db)  # type: ignore[arg-type]
        self.schedule = ScheduleRepository(db)  # type: ignore[arg-type]
        self.safety = SafetyRepository(db)  # type: ignore[arg-type]
        self.outbox = OutboxRepository(db)  # type: ignore[arg-type]

    async def close(self, *, checkpoint: bool = True) -> None:
        """Close the database (checkpointing its WAL unless told not to); a second call does
        nothing."""
        if self._db is not None:
            db, self._db = self._db, None
            await db.close(checkpoint=checkpoint)

    async def count_person(self, telegram_id: int) -> dict[str, int]:
        """How many rows each table keeps about one person (for an operator; no contents)."""
        counts: dict[str, int] = {}
        for table, where, params in _person_rows(telegram_id, self.db.dialect):
            row = await self.db.fetch_one(f"SELECT count(*) FROM {table} WHERE {where}", params)
            counts[table] = int(row[0]) if row else 0
        return counts

    async def erase_person(
        self, telegram_id: int, *, farewell: str | None = None, now: datetime | None = None
    ) -> dict[str, int]:
        """Erase everything kept about one person, in one transaction, then checkpoint the WAL
        so that no copy of their words is left in it. Return how many rows went, per table.

        `farewell` (words of the bot's, telling them it is done) is stored in the same
        transaction, so it is sent even if the process dies right after the erasure."""
        counts: dict[str, int] = {}
        async with self.db.transaction() as conn:
            for table, where, params in _person_rows(telegram_id, self.db.dialect):
                cursor = await conn.execute(f"DELETE FROM {table} WHERE {where}", params)
                counts[table] = cursor.rowcount
            if farewell is not None:
                await self.outbox.add(telegram_id, farewell, None, now or datetime.now(UTC))
        # secure_delete zeroes the erased cells in the pages it rewrites, but the WAL still holds
        # earlier versions of those pages until they are checkpointed and the WAL truncated.
        await self.db.checkpoint()
        return counts


# An update in the inbox is theirs when its message, button tap or membership change (whatever
# its one field besides update_id is) comes from them or happens in their chat. Their name,
# username and words are in it, including the update that asked for the erasure. JSON
# functions differ: SQLite's form, then PostgreSQL's.
_THEIR_UPDATE = {
    "sqlite": (
        "EXISTS (SELECT 1 FROM json_each({table}.payload) WHERE type = 'object' "
        "AND ? IN (json_extract(value, '$.from.id'), json_extract(value, '$.chat.id')))"
    ),
    "postgres": (
        "EXISTS (SELECT 1 FROM jsonb_each({table}.payload::jsonb) AS field "
        "WHERE jsonb_typeof(field.value) = 'object' AND ?::bigint IN "
        "((field.value #>> '{{from,id}}')::bigint, (field.value #>> '{{chat,id}}')::bigint))"
    ),
}


def _person_rows(telegram_id: int, dialect: str) -> list[tuple[str, str, tuple[object, ...]]]:
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
        ("inbox", _THEIR_UPDATE[dialect].format(table="inbox"), (telegram_id,)),
        ("quarantine", _THEIR_UPDATE[dialect].format(table="quarantine"), (telegram_id,)),
        ("users", *by_id),
    ]
