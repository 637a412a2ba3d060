"""The safety net's held message and the person's safety plan."""

from __future__ import annotations

import logging
from datetime import datetime

from bot.store.db import Database
from bot.store.keys import PersonKeys
from bot.store.sealing import SealError

log = logging.getLogger(__name__)


class SafetyRepository:
    """Reads and writes `safety_holds` and `safety_plans`, the person's words sealed."""

    def __init__(self, db: Database, keys: PersonKeys) -> None:
        self._db = db
        self._keys = keys

    async def hold(self, telegram_id: int, message: str, now: datetime) -> None:
        """Keep the message the safety net asked about (JSON) until the person answers."""
        await self._db.execute(
            "INSERT INTO safety_holds (telegram_id, message, held_at) VALUES (?, ?, ?) "
            "ON CONFLICT (telegram_id) DO UPDATE SET message = excluded.message, "
            "held_at = excluded.held_at",
            (
                telegram_id,
                await self._keys.seal(telegram_id, "safety_holds.message", message),
                now.isoformat(),
            ),
        )

    async def held(self, telegram_id: int) -> str | None:
        """The message waiting for the person's answer, if any."""
        row = await self._db.fetch_one(
            "SELECT message FROM safety_holds WHERE telegram_id = ?", (telegram_id,)
        )
        if row is None:
            return None
        try:
            return await self._keys.open_value(telegram_id, "safety_holds.message", row[0])
        except SealError:
            log.warning("held_message_unreadable")
            return None

    async def release(self, telegram_id: int) -> None:
        """Forget the held message (the person answered, or moved on)."""
        await self._db.execute("DELETE FROM safety_holds WHERE telegram_id = ?", (telegram_id,))

    async def plan(self, telegram_id: int) -> dict[str, str]:
        """The person's safety plan: section key -> their words (empty when there is none)."""
        rows = await self._db.fetch_all(
            "SELECT section, text FROM safety_plans WHERE telegram_id = ?", (telegram_id,)
        )
        plan: dict[str, str] = {}
        for section, text in rows:
            try:
                words = await self._keys.open_value(telegram_id, "safety_plans.text", text)
            except SealError:
                log.warning("safety_plan_unreadable")
                continue
            if words is not None:
                plan[section] = words
        return plan

    async def save_section(self, telegram_id: int, section: str, text: str, now: datetime) -> None:
        """Write (or rewrite) one section of the plan."""
        await self._db.execute(
            "INSERT INTO safety_plans (telegram_id, section, text, updated_at) "
            "VALUES (?, ?, ?, ?) ON CONFLICT (telegram_id, section) DO UPDATE SET "
            "text = excluded.text, updated_at = excluded.updated_at",
            (
                telegram_id,
                section,
                await self._keys.seal(telegram_id, "safety_plans.text", text),
                now.isoformat(),
            ),
        )

    async def clear_section(self, telegram_id: int, section: str) -> None:
        """Empty one section of the plan."""
        await self._db.execute(
            "DELETE FROM safety_plans WHERE telegram_id = ? AND section = ?",
            (telegram_id, section),
        )
