"""Entries: small wins, named feelings, self-compassion reframes, answers to the daily question
(reflections), free notes and setbacks."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from bot.store.db import Database
from bot.store.keys import PERSON_FIELDS, PersonKeys
from bot.store.sealing import SealError

log = logging.getLogger(__name__)


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


@dataclass(frozen=True)
class Reflection:
    """A typed answer to the daily question, kept with the question as it was asked."""

    id: int
    created_at: datetime
    local_date: date
    question_key: str | None
    question: str
    text: str


@dataclass(frozen=True)
class Note:
    """A free note, with the journaling prompt it answers if the person asked for one."""

    id: int
    created_at: datetime
    local_date: date
    prompt: str | None
    text: str


@dataclass(frozen=True)
class Setback:
    """A hard moment: what happened, and what helped or what they'd try next time."""

    id: int
    created_at: datetime
    local_date: date
    what_happened: str
    what_helped: str | None


Entry = Win | Feeling | Reframe | Reflection | Note | Setback


@dataclass(frozen=True)
class EntryKind:
    """Where one kind of entry is kept, and which of its fields holds the words a person can
    edit afterwards (a feeling's word and a reframe's numbers stay as they were chosen)."""

    code: str  # one letter, for button payloads
    table: str
    cls: type
    columns: str
    editable: str


KINDS: tuple[EntryKind, ...] = (
    EntryKind("w", "wins", Win, "id, created_at, local_date, text, progress_kind", "text"),
    EntryKind(
        "f",
        "feelings",
        Feeling,
        "id, created_at, local_date, word, feeling_key, quadrant, intensity, body, about",
        "about",
    ),
    EntryKind(
        "r",
        "reframes",
        Reframe,
        "id, created_at, local_date, situation, critic, heaviness_before, feeling, friend_words, "
        "critic_is, heaviness_after",
        "friend_words",
    ),
    EntryKind(
        "q",
        "reflections",
        Reflection,
        "id, created_at, local_date, question_key, question, text",
        "text",
    ),
    EntryKind("n", "notes", Note, "id, created_at, local_date, prompt, text", "text"),
    EntryKind(
        "s",
        "setbacks",
        Setback,
        "id, created_at, local_date, what_happened, what_helped",
        "what_happened",
    ),
)
KIND_BY_CODE = {kind.code: kind for kind in KINDS}
KIND_BY_TABLE = {kind.table: kind for kind in KINDS}
KIND_BY_CLASS: dict[type, EntryKind] = {kind.cls: kind for kind in KINDS}


def kind_of(entry: Entry) -> EntryKind:
    """The kind an entry is."""
    return KIND_BY_CLASS[type(entry)]


def editable_text(entry: Entry) -> str | None:
    """The words of an entry that a person can change."""
    return getattr(entry, kind_of(entry).editable)


def _union(select: str) -> str:
    """`select` (with {table}) over every kind's table, joined by UNION ALL."""
    return " UNION ALL ".join(select.format(table=kind.table) for kind in KINDS)


def _names(kind: EntryKind) -> list[str]:
    return [name.strip() for name in kind.columns.split(",")]


_NAMES: dict[str, list[str]] = {kind.table: _names(kind) for kind in KINDS}
# (position, "table.column") of each sealed column in a kind's row.
_SEALED_AT: dict[str, list[tuple[int, str]]] = {
    kind.table: [
        (i, f"{kind.table}.{name}")
        for i, name in enumerate(_NAMES[kind.table])
        if name in PERSON_FIELDS[kind.table]
    ]
    for kind in KINDS
}


def _built(
    kind: EntryKind, open_one: Callable[[str, object], str | None], row: tuple
) -> Entry | None:
    """An entry from its row, its words opened; None if they cannot be."""
    values = list(row)
    try:
        for i, field in _SEALED_AT[kind.table]:
            values[i] = open_one(field, values[i])
    except SealError:
        log.warning("entry_unreadable table=%s id=%s", kind.table, values[0])
        return None
    values[1] = datetime.fromisoformat(values[1])
    values[2] = date.fromisoformat(values[2])
    return kind.cls(*values)


class EntryRepository:
    """Reads and writes the reflection tables, sealing each person's words under their key."""

    def __init__(self, db: Database, keys: PersonKeys) -> None:
        self._db = db
        self._keys = keys

    async def _readable(self, telegram_id: int) -> bool:
        """False when the person's key is gone (this copy of the database was made before
        they were erased): their entries are rows no one can read, and count as none."""
        return await self._keys.key(telegram_id, create=False) is not None

    async def _build(self, kind: EntryKind, telegram_id: int, row: tuple) -> Entry | None:
        """An entry from its row, its words opened; None if they cannot be (the person's key
        was destroyed after this copy of the database was made)."""
        return _built(kind, await self._keys.opener(telegram_id), row)

    async def _insert(self, table: str, columns: dict[str, object]) -> bool:
        telegram_id = columns["telegram_id"]
        assert isinstance(telegram_id, int)
        seal = await self._keys.sealer(telegram_id)
        assert seal is not None
        for name in PERSON_FIELDS[table]:
            if name in columns:
                value = columns[name]
                assert value is None or isinstance(value, str)
                columns[name] = seal(f"{table}.{name}", value)
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
        if not await self._readable(telegram_id):
            return 0
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
        if not await self._readable(telegram_id):
            return 0
        row = await self._db.fetch_one(
            "SELECT count(DISTINCT progress_kind) FROM wins WHERE telegram_id = ?", (telegram_id,)
        )
        return int(row[0]) if row else 0

    async def add_reflection(
        self,
        telegram_id: int,
        flow_id: str,
        *,
        now: datetime,
        local_date: date,
        question_key: str | None,
        question: str,
        text: str,
        prompt_date: date | None,
    ) -> int:
        """Save an answer to the daily question and mark that day's prompt answered (a snoozed
        prompt is not asked again), together. Return the reflection's id; a flow (a message)
        that already saved it saves nothing more."""
        seal = await self._keys.sealer(telegram_id)
        assert seal is not None
        sealed_question = seal("reflections.question", question)
        sealed_text = seal("reflections.text", text)
        async with self._db.transaction() as conn:
            await conn.execute(
                "INSERT INTO reflections (telegram_id, flow_id, created_at, local_date, "
                "question_key, question, text) VALUES (?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (telegram_id, flow_id) DO NOTHING",
                (
                    telegram_id,
                    flow_id,
                    now.isoformat(),
                    local_date.isoformat(),
                    question_key,
                    sealed_question,
                    sealed_text,
                ),
            )
            if prompt_date is not None:
                await conn.execute(
                    "UPDATE deliveries SET answered = 'reflection', status = CASE status "
                    "WHEN 'snoozed' THEN 'sent' ELSE status END "
                    "WHERE telegram_id = ? AND kind = 'prompt' AND local_date = ?",
                    (telegram_id, prompt_date.isoformat()),
                )
            cursor = await conn.execute(
                "SELECT id FROM reflections WHERE telegram_id = ? AND flow_id = ?",
                (telegram_id, flow_id),
            )
            row = await cursor.fetchone()
        assert row is not None
        return int(row[0])

    async def reflection_for(self, telegram_id: int, flow_id: str) -> int | None:
        """The id of the answer a flow (a message) saved, if it saved one."""
        row = await self._db.fetch_one(
            "SELECT id FROM reflections WHERE telegram_id = ? AND flow_id = ?",
            (telegram_id, flow_id),
        )
        return int(row[0]) if row else None

    async def add_note(
        self,
        telegram_id: int,
        flow_id: str,
        *,
        now: datetime,
        local_date: date,
        prompt: str | None,
        text: str,
    ) -> bool:
        """Save a free note; False if this flow already saved it."""
        return await self._insert(
            "notes",
            {
                "telegram_id": telegram_id,
                "flow_id": flow_id,
                "created_at": now.isoformat(),
                "local_date": local_date.isoformat(),
                "prompt": prompt,
                "text": text,
            },
        )

    async def add_setback(
        self,
        telegram_id: int,
        flow_id: str,
        *,
        now: datetime,
        local_date: date,
        what_happened: str,
        what_helped: str | None,
    ) -> bool:
        """Save a setback; False if this flow already saved it."""
        return await self._insert(
            "setbacks",
            {
                "telegram_id": telegram_id,
                "flow_id": flow_id,
                "created_at": now.isoformat(),
                "local_date": local_date.isoformat(),
                "what_happened": what_happened,
                "what_helped": what_helped,
            },
        )

    async def count(self, telegram_id: int) -> int:
        """How many entries of any kind a person has saved."""
        if not await self._readable(telegram_id):
            return 0
        row = await self._db.fetch_one(
            "SELECT "
            + " + ".join(
                f"(SELECT count(*) FROM {kind.table} WHERE telegram_id = ?1)" for kind in KINDS
            ),
            (telegram_id,),
        )
        return int(row[0]) if row else 0

    async def count_of(self, telegram_id: int, table: str) -> int:
        """How many entries of one kind (by table) a person has saved."""
        if not await self._readable(telegram_id):
            return 0
        kind = KIND_BY_TABLE[table]
        row = await self._db.fetch_one(
            f"SELECT count(*) FROM {kind.table} WHERE telegram_id = ?", (telegram_id,)
        )
        return int(row[0]) if row else 0

    async def saved_since(self, telegram_id: int, since: datetime) -> bool:
        """True if the person saved any entry at or after `since`."""
        if not await self._readable(telegram_id):
            return False
        row = await self._db.fetch_one(
            "SELECT EXISTS (SELECT 1 FROM ("
            + _union("SELECT created_at FROM {table} WHERE telegram_id = ?1")
            + ") AS entries WHERE created_at >= ?2)",
            (telegram_id, since.isoformat()),
        )
        return bool(row and row[0])

    async def recent(self, telegram_id: int, limit: int, offset: int = 0) -> list[Entry]:
        """A page of a person's entries, newest first."""
        if not await self._readable(telegram_id):
            return []
        keys = await self._db.fetch_all(
            "SELECT kind, id FROM ("
            + _union("SELECT '{table}' AS kind, id, created_at FROM {table} WHERE telegram_id = ?1")
            + ") AS entries ORDER BY created_at DESC, id DESC LIMIT ?2 OFFSET ?3",
            (telegram_id, limit, offset),
        )
        entries: list[Entry] = []
        for table, entry_id in keys:
            kind = KIND_BY_TABLE[table]
            row = await self._db.fetch_one(
                f"SELECT {kind.columns} FROM {table} WHERE id = ?", (entry_id,)
            )
            entry = await self._build(kind, telegram_id, row) if row is not None else None
            if entry is not None:
                entries.append(entry)
        return entries

    async def all_of(self, telegram_id: int) -> list[Entry]:
        """Every entry a person saved, oldest first."""
        open_one = await self._keys.opener(telegram_id)
        entries: list[Entry] = []
        for kind in KINDS:
            rows = await self._db.fetch_all(
                f"SELECT {kind.columns} FROM {kind.table} WHERE telegram_id = ? "
                "ORDER BY created_at",
                (telegram_id,),
            )
            for row in rows:
                entry = _built(kind, open_one, row)
                if entry is not None:
                    entries.append(entry)
        return sorted(entries, key=lambda e: (e.created_at, e.id))

    async def get(self, telegram_id: int, code: str, entry_id: int) -> Entry | None:
        """One of a person's entries by its kind's code and id; None if it isn't theirs."""
        kind = KIND_BY_CODE.get(code)
        if kind is None:
            return None
        row = await self._db.fetch_one(
            f"SELECT {kind.columns} FROM {kind.table} WHERE id = ? AND telegram_id = ?",
            (entry_id, telegram_id),
        )
        return await self._build(kind, telegram_id, row) if row is not None else None

    async def edit(self, telegram_id: int, code: str, entry_id: int, text: str) -> bool:
        """Replace an entry's editable words, then checkpoint the WAL so the old words leave no
        copy behind; False if there is no such entry of theirs."""
        kind = KIND_BY_CODE[code]
        sealed = await self._keys.seal(telegram_id, f"{kind.table}.{kind.editable}", text)
        changed = await self._db.execute(
            f"UPDATE {kind.table} SET {kind.editable} = ? WHERE id = ? AND telegram_id = ?",
            (sealed, entry_id, telegram_id),
        )
        await self._db.checkpoint()
        return changed == 1

    async def delete(self, telegram_id: int, code: str, entry_id: int) -> bool:
        """Erase one entry as thoroughly as an erasure of everything: secure_delete zeroes its
        cells, and a checkpoint leaves no earlier copy of its pages in the WAL."""
        kind = KIND_BY_CODE[code]
        changed = await self._db.execute(
            f"DELETE FROM {kind.table} WHERE id = ? AND telegram_id = ?",
            (entry_id, telegram_id),
        )
        await self._db.checkpoint()
        return changed == 1
