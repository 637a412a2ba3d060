"""Reflections: small wins, named feelings, self-compassion reframes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from bot.store.db import Database


@dataclass(frozen=True)
class Win:
    """A small win and the kind of progress it was."""

    id: int
    created_at: datetime
    local_date: date
    text: str
    progress_kind: str


@dataclass(frozen=True)
class Feeling:
    """A feeling named precisely, with its intensity and optional context."""

    id: int
    created_at: datetime
    local_date: date
    word: str
    feeling_key: str | None  # None when the person typed their own word
    quadrant: str
    intensity: int
    body: str | None
    about: str | None


@dataclass(frozen=True)
class Reframe:
    """A self-compassion reframe: the critic's words, a friend's words, heaviness before/after."""

    id: int
    created_at: datetime
    local_date: date
    situation: str
    critic: str
    heaviness_before: int
    feeling: str
    friend_words: str
    critic_is: str | None
    heaviness_after: int


Entry = Win | Feeling | Reframe

_WIN = "id, created_at, local_date, text, progress_kind"
_FEELING = "id, created_at, local_date, word, feeling_key, quadrant, intensity, body, about"
_REFRAME = (
    "id, created_at, local_date, situation, critic, heaviness_before, feeling, friend_words, "
    "critic_is, heaviness_after"
)
_TABLES: dict[str, tuple[str, type]] = {
    "wins": (_WIN, Win),
    "feelings": (_FEELING, Feeling),
    "reframes": (_REFRAME, Reframe),
}


def _build(cls: type, row: tuple) -> Entry:
    values = list(row)
    values[1] = datetime.fromisoformat(values[1])
    values[2] = date.fromisoformat(values[2])
    return cls(*values)


class EntryRepository:
    """Reads and writes the three reflection tables."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def _insert(self, table: str, columns: dict[str, object]) -> bool:
        names = ", ".join(columns)
        marks = ", ".join("?" for _ in columns)
        changed = await self._db.execute(
            f"INSERT INTO {table} ({names}) VALUES ({marks}) "
            "ON CONFLICT (telegram_id, flow_id) DO NOTHING",
            tuple(columns.values()),
        )
        return changed == 1

    async def add_win(
        self,
        telegram_id: int,
        flow_id: str,
        *,
        now: datetime,
        local_date: date,
        text: str,
        progress_kind: str,
    ) -> bool:
        """Save a small win; False if this flow already saved it."""
        return await self._insert(
            "wins",
            {
                "telegram_id": telegram_id,
                "flow_id": flow_id,
                "created_at": now.isoformat(),
                "local_date": local_date.isoformat(),
                "text": text,
                "progress_kind": progress_kind,
            },
        )

    async def add_feeling(
        self,
        telegram_id: int,
        flow_id: str,
        *,
        now: datetime,
        local_date: date,
        word: str,
        feeling_key: str | None,
        quadrant: str,
        intensity: int,
        body: str | None,
        about: str | None,
    ) -> bool:
        """Save a named feeling; False if this flow already saved it."""
        return await self._insert(
            "feelings",
            {
                "telegram_id": telegram_id,
                "flow_id": flow_id,
                "created_at": now.isoformat(),
                "local_date": local_date.isoformat(),
                "word": word,
                "feeling_key": feeling_key,
                "quadrant": quadrant,
                "intensity": intensity,
                "body": body,
                "about": about,
            },
        )

    async def add_reframe(
        self,
        telegram_id: int,
        flow_id: str,
        *,
        now: datetime,
        local_date: date,
        situation: str,
        critic: str,
        heaviness_before: int,
        feeling: str,
        friend_words: str,
        critic_is: str | None,
        heaviness_after: int,
    ) -> bool:
        """Save a reframe; False if this flow already saved it."""
        return await self._insert(
            "reframes",
            {
                "telegram_id": telegram_id,
                "flow_id": flow_id,
                "created_at": now.isoformat(),
                "local_date": local_date.isoformat(),
                "situation": situation,
                "critic": critic,
                "heaviness_before": heaviness_before,
                "feeling": feeling,
                "friend_words": friend_words,
                "critic_is": critic_is,
                "heaviness_after": heaviness_after,
            },
        )

    async def count_wins(self, telegram_id: int, progress_kind: str | None = None) -> int:
        """How many wins a person logged (of one kind, if given)."""
        if progress_kind is None:
            row = await self._db.fetch_one(
                "SELECT count(*) FROM wins WHERE telegram_id = ?", (telegram_id,)
            )
        else:
            row = await self._db.fetch_one(
                "SELECT count(*) FROM wins WHERE telegram_id = ? AND progress_kind = ?",
                (telegram_id, progress_kind),
            )
        return int(row[0]) if row else 0

    async def count_win_kinds(self, telegram_id: int) -> int:
        """How many different kinds of progress a person's wins were."""
        row = await self._db.fetch_one(
            "SELECT count(DISTINCT progress_kind) FROM wins WHERE telegram_id = ?", (telegram_id,)
        )
        return int(row[0]) if row else 0

    async def count(self, telegram_id: int) -> int:
        """How many reflections of any kind a person has saved."""
        row = await self._db.fetch_one(
            "SELECT (SELECT count(*) FROM wins WHERE telegram_id = ?1)"
            " + (SELECT count(*) FROM feelings WHERE telegram_id = ?1)"
            " + (SELECT count(*) FROM reframes WHERE telegram_id = ?1)",
            (telegram_id,),
        )
        return int(row[0]) if row else 0

    async def recent(self, telegram_id: int, limit: int, offset: int = 0) -> list[Entry]:
        """A page of a person's reflections, newest first."""
        keys = await self._db.fetch_all(
            "SELECT kind, id FROM ("
            " SELECT 'wins' AS kind, id, created_at FROM wins WHERE telegram_id = ?1"
            " UNION ALL SELECT 'feelings', id, created_at FROM feelings WHERE telegram_id = ?1"
            " UNION ALL SELECT 'reframes', id, created_at FROM reframes WHERE telegram_id = ?1"
            ") ORDER BY created_at DESC, id DESC LIMIT ?2 OFFSET ?3",
            (telegram_id, limit, offset),
        )
        entries: list[Entry] = []
        for kind, entry_id in keys:
            columns, cls = _TABLES[kind]
            row = await self._db.fetch_one(
                f"SELECT {columns} FROM {kind} WHERE id = ?", (entry_id,)
            )
            if row is not None:
                entries.append(_build(cls, row))
        return entries

    async def all_of(self, telegram_id: int) -> list[Entry]:
        """Every reflection a person saved, oldest first."""
        entries: list[Entry] = []
        for table, (columns, cls) in _TABLES.items():
            rows = await self._db.fetch_all(
                f"SELECT {columns} FROM {table} WHERE telegram_id = ? ORDER BY created_at",
                (telegram_id,),
            )
            entries.extend(_build(cls, row) for row in rows)
        return sorted(entries, key=lambda e: (e.created_at, e.id))
