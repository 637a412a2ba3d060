"""Replies waiting to be sent: stored with the state they belong to, taken out when sent."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.store import sealing
from bot.store.db import Database
from bot.store.keys import PersonKeys
from bot.store.sealing import SealError


@dataclass(frozen=True)
class StoredReply:
    """A text message (and its buttons, as Telegram's JSON) for one chat."""

    id: int
    chat_id: int
    text: str
    keyboard: dict[str, Any] | None


class OutboxRepository:
    """Reads and writes `outbox`. A reply may quote what the person wrote, so it is sealed
    under their key when they have one (a reply to someone who has saved nothing yet, or the
    farewell after an erasure, has no words of theirs to seal)."""

    def __init__(self, db: Database, keys: PersonKeys) -> None:
        self._db = db
        self._keys = keys

    async def add(
        self, chat_id: int, text: str, keyboard: dict[str, Any] | None, now: datetime
    ) -> int:
        """Store a reply (inside the caller's transaction, with the state it belongs to)."""
        words = json.dumps({"text": text, "keyboard": keyboard})
        payload = sealing.stored_plain(words, self._db.dialect)
        seal = await self._keys.sealer(chat_id, create=False)
        if seal is not None:
            payload = seal("outbox.payload", words) or payload
        async with self._db.transaction() as conn:
            cursor = await conn.execute(
                "INSERT INTO outbox (chat_id, payload, created_at) VALUES (?, ?, ?) RETURNING id",
                (chat_id, payload, now.isoformat()),
            )
            rows = list(await cursor.fetchall())  # to the end: the statement then completes
            return int(rows[0][0]) if rows else 0

    async def waiting(self, chat_id: int | None = None) -> list[StoredReply]:
        """Replies not sent yet, oldest first (one chat's, or everyone's)."""
        if chat_id is None:
            rows = await self._db.fetch_all("SELECT id, chat_id, payload FROM outbox ORDER BY id")
        else:
            rows = await self._db.fetch_all(
                "SELECT id, chat_id, payload FROM outbox WHERE chat_id = ? ORDER BY id", (chat_id,)
            )
        replies = []
        for reply_id, chat, payload in rows:
            try:
                opened = await self._keys.open_value(int(chat), "outbox.payload", payload)
            except SealError:  # sealed for someone erased since: it was theirs alone
                continue
            data = json.loads(opened or "{}")
            replies.append(StoredReply(int(reply_id), int(chat), data["text"], data["keyboard"]))
        return replies

    async def take(self, reply_id: int) -> bool:
        """Take a reply out just before sending it; False if it was already taken."""
        return await self._db.execute("DELETE FROM outbox WHERE id = ?", (reply_id,)) > 0
