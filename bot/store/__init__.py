"""Storage: all SQL lives in this package; repositories return frozen dataclasses."""

from __future__ import annotations

from pathlib import Path

from bot.store.db import Database, DatabaseTooNewError, StoreError, WrongKeyError
from bot.store.entries import Entry, EntryRepository, Feeling, Reframe, Win
from bot.store.migrations import SCHEMA_VERSION, migrate
from bot.store.schedule import ScheduleRepository
from bot.store.state import StateRepository
from bot.store.users import PAUSED_INDEFINITELY, User, UserRepository

__all__ = [
    "PAUSED_INDEFINITELY",
    "SCHEMA_VERSION",
    "Database",
    "DatabaseTooNewError",
    "Entry",
    "EntryRepository",
    "Feeling",
    "Reframe",
    "ScheduleRepository",
    "StateRepository",
    "Store",
    "StoreError",
    "User",
    "UserRepository",
    "Win",
    "WrongKeyError",
]


class Store:
    """The repositories over one encrypted database; opened at start-up, closed at shutdown."""

    users: UserRepository
    state: StateRepository
    entries: EntryRepository
    schedule: ScheduleRepository

    def __init__(self, path: Path, key: str) -> None:
        self._path = path
        self._key = key
        self._db: Database | None = None

    @property
    def is_open(self) -> bool:
        """True between open() and close()."""
        return self._db is not None

    @property
    def db(self) -> Database:
        """The open database."""
        if self._db is None:
            raise RuntimeError("the store is not open")
        return self._db

    async def open(self) -> None:
        """Open the database and apply migrations; a second call does nothing."""
        if self._db is not None:
            return
        db = await Database.open(self._path, self._key)
        try:
            await migrate(db)
        except BaseException:
            await db.close()
            raise
        self._db = db
        self.users = UserRepository(db)
        self.state = StateRepository(db)
        self.entries = EntryRepository(db)
        self.schedule = ScheduleRepository(db)

    async def close(self) -> None:
        """Close the database; a second call does nothing."""
        if self._db is not None:
            db, self._db = self._db, None
            await db.close()

    async def erase_person(self, telegram_id: int) -> None:
        """Erase everything kept about one person, in one transaction."""
        chat_key = f"[{telegram_id}, {telegram_id}]"
        async with self.db.transaction() as conn:
            for table in ("wins", "feelings", "reframes", "deliveries", "user_drafts"):
                await conn.execute(f"DELETE FROM {table} WHERE telegram_id = ?", (telegram_id,))
            await conn.execute("DELETE FROM conversation_states WHERE chat_key = ?", (chat_key,))
            await conn.execute("DELETE FROM users WHERE telegram_id = ?", (telegram_id,))
