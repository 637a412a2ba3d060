"""The safety net's held message and the person's safety plan."""

from __future__ import annotations

from datetime import datetime

from bot.store.db import Database


class SafetyRepository:
    """Reads and writes `safety_holds` and `safety_plans`."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def hold(self, telegram_id: int, message: str, now: datetime) -> None:
        """Keep the message the safety net asked about (JSON) until the person answers."""
        await self._db.execute(
            "INSERT INTO safety_holds (telegram_id, message, held_at) VALUES (?, ?, ?) "
            "ON CONFLICT (telegram_id) DO UPDATE SET message = excluded.message, "
            "held_at = excluded.held_at",
            (telegram_id, message, now.isoformat()),
        )

    async def held(self, telegram_id: int) -> str | None:
        """The message waiting for the person's answer, if any."""
        row = await self._db.fetch_one(
            "SELECT message FROM safety_holds WHERE telegram_id = ?", (telegram_id,)
        )
        return str(row[0]) if row else None

    async def release(self, telegram_id: int) -> None:
        """Forget the held message (the person answered, or moved on)."""
        await self._db.execute("DELETE FROM safety_holds WHERE telegram_id = ?", (telegram_id,))

    async def plan(self, telegram_id: int) -> dict[str, str]:
        """The person's safety plan: section key -> their words (empty when there is none)."""
        rows = await self._db.fetch_all(
            "SELECT section, text FROM safety_plans WHERE telegram_id = ?", (telegram_id,)
        )
        return {section: text for section, text in rows}

    async def save_section(self, telegram_id: int, section: str, text: str, now: datetime) -> None:
        """Write (or rewrite) one section of the plan."""
        await self._db.execute(
            "INSERT INTO safety_plans (telegram_id, section, text, updated_at) "
            "VALUES (?, ?, ?, ?) ON CONFLICT (telegram_id, section) DO UPDATE SET "
            "text = excluded.text, updated_at = excluded.updated_at",
            (telegram_id, section, text, now.isoformat()),
        )

    async def clear_section(self, telegram_id: int, section: str) -> None:
        """Empty one section of the plan."""
        await self._db.execute(
            "DELETE FROM safety_plans WHERE telegram_id = ? AND section = ?",
            (telegram_id, section),
        )
