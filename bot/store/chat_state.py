"""One chat's stored conversation states and draft, read when an instance that shares the
database handles that chat's update (it keeps no authoritative state in memory)."""

from __future__ import annotations

import json
import logging
from typing import Any

from bot.store.db import Database
from bot.store.keys import PersonKeys
from bot.store.postgres import PostgresDatabase
from bot.store.sealing import SealError

log = logging.getLogger(__name__)


async def conversations_of(
    db: Database | PostgresDatabase, key: tuple[int | str, ...]
) -> dict[str, object]:
    """The state of each conversation this chat key is in, by conversation name."""
    rows = await db.fetch_all(
        "SELECT conversation, state FROM conversation_states WHERE chat_key = ?",
        (json.dumps(list(key)),),
    )
    return {str(name): json.loads(state) for name, state in rows}


async def draft_of(
    db: Database | PostgresDatabase, keys: PersonKeys, telegram_id: int
) -> dict[str, Any]:
    """A person's in-flow draft answers ({} when none, or when it can no longer be opened:
    their key was destroyed since)."""
    row = await db.fetch_one("SELECT data FROM user_drafts WHERE telegram_id = ?", (telegram_id,))
    if row is None:
        return {}
    try:
        words = await keys.open_value(telegram_id, "user_drafts.data", row[0])
    except SealError:
        log.warning("draft_unreadable")
        return {}
    return dict(json.loads(words)) if words is not None else {}
