"""One chat's stored conversation states and draft, read when an instance that shares the
database handles that chat's update (it keeps no authoritative state in memory)."""

from __future__ import annotations

import json
from typing import Any

from bot.store.db import Database
from bot.store.postgres import PostgresDatabase


async def conversations_of(
    db: Database | PostgresDatabase, key: tuple[int | str, ...]
) -> dict[str, object]:
    """The state of each conversation this chat key is in, by conversation name."""
    rows = await db.fetch_all(
        "SELECT conversation, state FROM conversation_states WHERE chat_key = ?",
        (json.dumps(list(key)),),
    )
    return {str(name): json.loads(state) for name, state in rows}


async def draft_of(db: Database | PostgresDatabase, telegram_id: int) -> dict[str, Any]:
    """A person's in-flow draft answers ({} when none)."""
    row = await db.fetch_one("SELECT data FROM user_drafts WHERE telegram_id = ?", (telegram_id,))
    return dict(json.loads(row[0])) if row else {}
