"""Replies waiting to be sent: stored with the state they belong to, taken out when sent."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.store.db import Database


@dataclass(frozen=True)
class StoredReply:
    """A text message (and its buttons, as Telegram's JSON) for one chat."""

    id: int
    chat_id: int
    text: str
    keyboard: dict[str, Any] | None


class OutboxRepository:
    """Reads and writes `outbox`."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def add(
        self, chat_id: int, text: str, keyboard: dict[str, Any] | None, now: datetime
    ) -> int:
        """Store a reply (inside the caller's transaction, with the state it belongs to)."""
        async with self._db.transaction() as conn:
            cursor = await conn.execute(
                "INSERT INTO outbox (chat_id, payload, created_at) VALUES (?, ?, ?) RETURNING id",
                (chat_id, json.dumps({"text": text, "keyboard": keyboard}), now.isoformat()),
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
            data = json.loads(payload)
            replies.append(StoredReply(int(reply_id), int(chat), data["text"], data["keyboard"]))
        return replies

    async def take(self, reply_id: int) -> bool:
        """Take a reply out just before sending it; False if it was already taken."""
        return await self._db.execute("DELETE FROM outbox WHERE id = ?", (reply_id,)) > 0
