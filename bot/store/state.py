"""Conversation state and in-flow drafts, kept so that a restart loses nothing."""

from __future__ import annotations

import json
import logging
from datetime import datetime
from typing import Any

from bot.store import sealing
from bot.store.db import Database
from bot.store.keys import PersonKeys
from bot.store.sealing import SealError

log = logging.getLogger(__name__)


def people_in(payload: str) -> set[int]:
    """The people an update (Telegram's JSON) comes from or happens in the chat of: the `from`
    and `chat` ids of its one field besides update_id. Empty for a payload that is not JSON."""
    try:
        data = json.loads(payload)
    except ValueError:
        return set()
    people: set[int] = set()
    if not isinstance(data, dict):
        return people
    for name, value in data.items():
        if name == "update_id" or not isinstance(value, dict):
            continue
        for side in ("from", "chat"):
            who = value.get(side)
            if isinstance(who, dict) and isinstance(who.get("id"), int):
                people.add(who["id"])
    return people


def owner_of(payload: str) -> int | None:
    """Whose key seals a stored update: the one person it involves (in a private chat, the
    sender is the chat), or None."""
    people = people_in(payload)
    return next(iter(people)) if len(people) == 1 else None


class StateRepository:
    """Reads and writes `conversation_states` and `user_drafts` (JSON, never pickles; drafts
    hold typed words, so they are sealed under the person's key)."""

    def __init__(self, db: Database, keys: PersonKeys) -> None:
        self._db = db
        self._keys = keys

    async def conversations(self, name: str) -> dict[tuple[int | str, ...], object]:
        """Return every stored state of one conversation, keyed as PTB keys them."""
        rows = await self._db.fetch_all(
            "SELECT chat_key, state FROM conversation_states WHERE conversation = ?", (name,)
        )
        return {tuple(json.loads(key)): json.loads(state) for key, state in rows}

    async def save_conversation(
        self, name: str, key: tuple[int | str, ...], state: object | None, now: datetime
    ) -> None:
        """Store one conversation's state (touched at `now`), or forget it when it ended."""
        chat_key = json.dumps(list(key))
        if state is None:
            await self._db.execute(
                "DELETE FROM conversation_states WHERE conversation = ? AND chat_key = ?",
                (name, chat_key),
            )
            return
        await self._db.execute(
            "INSERT INTO conversation_states (conversation, chat_key, state, touched_at) "
            "VALUES (?, ?, ?, ?) ON CONFLICT (conversation, chat_key) DO UPDATE SET "
            "state = excluded.state, touched_at = excluded.touched_at",
            (name, chat_key, json.dumps(state), now.isoformat()),
        )

    async def touched_at(self, key: tuple[int | str, ...]) -> datetime | None:
        """When this chat's open conversations last moved on or heard from the person."""
        row = await self._db.fetch_one(
            "SELECT max(touched_at) FROM conversation_states WHERE chat_key = ?",
            (json.dumps(list(key)),),
        )
        return datetime.fromisoformat(row[0]) if row and row[0] else None

    async def touch(self, key: tuple[int | str, ...], now: datetime) -> None:
        """Note that the person is still talking within their open conversations."""
        await self._db.execute(
            "UPDATE conversation_states SET touched_at = ? WHERE chat_key = ?",
            (now.isoformat(), json.dumps(list(key))),
        )

    async def drafts(self) -> dict[int, dict[str, Any]]:
        """Return every person's in-flow draft answers."""
        rows = await self._db.fetch_all("SELECT telegram_id, data FROM user_drafts")
        drafts: dict[int, dict[str, Any]] = {}
        for telegram_id, data in rows:
            try:
                words = await self._keys.open_value(telegram_id, "user_drafts.data", data)
            except SealError:
                log.warning("draft_unreadable")
                continue
            if words is not None:
                drafts[telegram_id] = json.loads(words)
        return drafts

    async def save_draft(self, telegram_id: int, data: dict[str, Any]) -> None:
        """Store a person's draft answers; an empty draft leaves no row behind."""
        if not data:
            await self.drop_draft(telegram_id)
            return
        await self._db.execute(
            "INSERT INTO user_drafts (telegram_id, data) VALUES (?, ?) "
            "ON CONFLICT (telegram_id) DO UPDATE SET data = excluded.data",
            (
                telegram_id,
                await self._keys.seal(telegram_id, "user_drafts.data", json.dumps(data)),
            ),
        )

    async def drop_draft(self, telegram_id: int) -> None:
        """Forget a person's draft answers."""
        await self._db.execute("DELETE FROM user_drafts WHERE telegram_id = ?", (telegram_id,))

    async def was_handled(self, update_id: int) -> bool:
        """True if this Telegram update was already handled."""
        row = await self._db.fetch_one(
            "SELECT 1 FROM handled_updates WHERE update_id = ?", (update_id,)
        )
        return row is not None

    async def mark_handled(self, update_id: int, now: datetime) -> None:
        """Remember that this update was handled (and drop it from the inbox)."""
        async with self._db.transaction() as conn:
            await conn.execute(
                "INSERT INTO handled_updates (update_id, handled_at) VALUES (?, ?) "
                "ON CONFLICT (update_id) DO NOTHING",
                (update_id, now.isoformat()),
            )
            await conn.execute("DELETE FROM inbox WHERE update_id = ?", (update_id,))

    async def receive(self, updates: list[tuple[int, str]], now: datetime) -> None:
        """Keep fetched updates (id, JSON) until they are handled."""
        if not updates:
            return
        rows = [
            (update_id, *await self._seal_update("inbox", payload), now.isoformat())
            for update_id, payload in updates
        ]
        async with self._db.transaction() as conn:
            await conn.executemany(
                "INSERT INTO inbox (update_id, payload, telegram_id, received_at) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (update_id) DO NOTHING",
                rows,
            )

    async def unhandled(self) -> list[tuple[int, str]]:
        """Fetched updates (id, JSON) not handled yet, oldest first."""
        rows = await self._db.fetch_all(
            "SELECT update_id, payload, telegram_id FROM inbox WHERE update_id NOT IN "
            "(SELECT update_id FROM handled_updates) ORDER BY update_id"
        )
        updates = []
        for update_id, payload, telegram_id in rows:
            opened = await self._open_update("inbox", telegram_id, payload)
            if opened is not None:
                updates.append((int(update_id), opened))
        return updates

    async def quarantine(self, update_id: int, payload: str, reason: str, now: datetime) -> None:
        """Set an update aside (kept, encrypted, never handled) and count it as handled, so
        that a redelivery or a restart does not try it again."""
        sealed, telegram_id = await self._seal_update("quarantine", payload)
        async with self._db.transaction() as conn:
            await conn.execute(
                "INSERT INTO quarantine (update_id, payload, telegram_id, reason, received_at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (update_id) DO NOTHING",
                (update_id, sealed, telegram_id, reason, now.isoformat()),
            )
            await conn.execute(
                "INSERT INTO handled_updates (update_id, handled_at) VALUES (?, ?) "
                "ON CONFLICT (update_id) DO NOTHING",
                (update_id, now.isoformat()),
            )
            await conn.execute("DELETE FROM inbox WHERE update_id = ?", (update_id,))

    async def quarantined(self) -> list[tuple[int, str]]:
        """The updates set aside: (id, reason), oldest first (for counts and operators)."""
        rows = await self._db.fetch_all(
            "SELECT update_id, reason FROM quarantine ORDER BY update_id"
        )
        return [(int(row[0]), str(row[1])) for row in rows]

    async def payload_of(self, update_id: int) -> str | None:
        """The stored JSON of an update still in the inbox."""
        row = await self._db.fetch_one(
            "SELECT payload, telegram_id FROM inbox WHERE update_id = ?", (update_id,)
        )
        return await self._open_update("inbox", row[1], row[0]) if row else None

    async def open_stored(self, telegram_id: int | None, payload: object) -> str | None:
        """The JSON of an update as the inbox keeps it (sealed under its owner's key, or not);
        None if it was sealed for someone erased since."""
        return await self._open_update("inbox", telegram_id, payload)

    async def _seal_update(self, table: str, payload: str) -> tuple[str | bytes, int | None]:
        """An update to store, and whose it is: sealed under that person's key when they have
        one (the name and words in it); someone who has not agreed to anything has no key, and
        their update is kept as it came until it is handled."""
        telegram_id = owner_of(payload)
        seal = None if telegram_id is None else await self._keys.sealer(telegram_id, create=False)
        if seal is None:
            return sealing.stored_plain(payload, self._db.dialect), telegram_id
        sealed = seal(f"{table}.payload", payload)
        assert sealed is not None
        return sealed, telegram_id

    async def _open_update(
        self, table: str, telegram_id: int | None, payload: object
    ) -> str | None:
        """A stored update's JSON; None if it was sealed for someone erased since."""
        if telegram_id is None:
            return sealing.plain_text(payload)
        try:
            return await self._keys.open_value(telegram_id, f"{table}.payload", payload)
        except SealError:
            log.warning("stored_update_unreadable table=%s", table)
            return None

    async def forget_handled_before(self, cutoff: datetime) -> int:
        """Forget handled updates older than `cutoff` (Telegram keeps updates for 24 hours)."""
        return await self._db.execute(
            "DELETE FROM handled_updates WHERE handled_at < ?", (cutoff.isoformat(),)
        )
