"""Due prompts and digests, and the delivery records that make each one happen at most once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Literal

from bot.store.db import Database
from bot.store.entries import KINDS

Kind = Literal["prompt", "digest"]
# Every table of entries: saving any of them on a day counts as checking in that day.
ENTRY_TABLES = tuple(kind.table for kind in KINDS)
_COLUMNS = {
    "prompt": ("next_prompt_at", "next_prompt_date"),
    "digest": ("next_digest_at", "next_digest_date"),
}


@dataclass(frozen=True)
class Planned:
    """An instant (UTC) and the local date it belongs to."""

    at: datetime
    local_date: date


@dataclass(frozen=True)
class ToPlan:
    """A person whose next prompt or digest needs planning."""

    telegram_id: int
    timezone: str
    prompt_time: time
    digest_weekday: int
    digest_time: time
    needs_prompt: bool
    needs_digest: bool


@dataclass(frozen=True)
class Due:
    """A person whose prompt or digest is due, with what deciding and sending need."""

    telegram_id: int
    timezone: str
    prompt_time: time
    digest_weekday: int
    digest_time: time
    paused_until: datetime | None
    skip_if_checked_in: bool
    last_question_key: str | None
    due_at: datetime
    local_date: date
    put_off_question: str | None = None  # asked again instead of a new question


@dataclass(frozen=True)
class Delivery:
    """One claimed prompt or digest."""

    telegram_id: int
    kind: str
    local_date: date
    status: str
    message_id: int | None
    detail: str | None
    answered: str | None


@dataclass(frozen=True)
class SentPrompt:
    """A daily question as it reached a person: which one, when, and how it was answered."""

    local_date: date
    status: str
    question_key: str | None
    sent_at: datetime | None
    message_id: int | None
    answered: str | None


@dataclass(frozen=True)
class Finished:
    """How one sent (or failed) delivery ended, to record with others in one transaction."""

    telegram_id: int
    local_date: date
    status: str
    detail: str | None = None
    message_id: int | None = None
    sent_at: datetime | None = None
    question_key: str | None = None  # remembered as the person's last daily question


@dataclass(frozen=True)
class Claim:
    """What to record for one due person: send it (claimed) or skip it, and what comes next."""

    due: Due
    status: Literal["claimed", "skipped"]
    detail: str | None
    next: Planned


class ScheduleRepository:
    """Reads and writes the schedule columns of `users` and the `deliveries` table."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def to_plan(self, limit: int) -> list[ToPlan]:
        """Active, set-up people with no next prompt or digest planned."""
        # Two lookups in the partial due-indexes (NULLs are indexed) rather than one OR, which
        # SQLite answers by reading every active person: ~0.9 s per tick at 100,000 people.
        columns = (
            "SELECT telegram_id, timezone, prompt_time, digest_weekday, digest_time, "
            "next_prompt_at IS NULL, next_digest_at IS NULL FROM users "
            "WHERE active = 1 AND timezone IS NOT NULL AND prompt_time IS NOT NULL"
        )
        rows = await self._db.fetch_all(
            f"{columns} AND next_prompt_at IS NULL UNION "
            f"{columns} AND next_digest_at IS NULL LIMIT ?",
            (limit,),
        )
        return [
            ToPlan(
                r[0],
                r[1],
                time.fromisoformat(r[2]),
                r[3],
                time.fromisoformat(r[4]),
                bool(r[5]),
                bool(r[6]),
            )
            for r in rows
        ]

    async def set_plans(self, plans: list[tuple[int, Kind, Planned]]) -> None:
        """Record next due instants, in one transaction."""
        async with self._db.transaction() as conn:
            for telegram_id, kind, planned in plans:
                at_col, date_col = _COLUMNS[kind]
                await conn.execute(
                    f"UPDATE users SET {at_col} = ?, {date_col} = ? WHERE telegram_id = ?",
                    (planned.at.isoformat(), planned.local_date.isoformat(), telegram_id),
                )

    async def due(self, kind: Kind, now: datetime, limit: int) -> list[Due]:
        """People whose prompt or digest is due at `now`, earliest first."""
        at_col, date_col = _COLUMNS[kind]
        rows = await self._db.fetch_all(
            "SELECT telegram_id, timezone, prompt_time, digest_weekday, digest_time, "
            f"paused_until, skip_if_checked_in, last_question_key, {at_col}, {date_col}, "
            "put_off_question "
            f"FROM users WHERE active = 1 AND {at_col} <= ? ORDER BY {at_col} LIMIT ?",
            (now.isoformat(), limit),
        )
        return [
            Due(
                telegram_id=r[0],
                timezone=r[1],
                prompt_time=time.fromisoformat(r[2]),
                digest_weekday=r[3],
                digest_time=time.fromisoformat(r[4]),
                paused_until=datetime.fromisoformat(r[5]) if r[5] else None,
                skip_if_checked_in=bool(r[6]),
                last_question_key=r[7],
                due_at=datetime.fromisoformat(r[8]),
                local_date=date.fromisoformat(r[9]),
                put_off_question=r[10],
            )
            for r in rows
        ]

    async def claim(self, kind: Kind, claims: list[Claim], now: datetime) -> list[Due]:
        """Record each claim and plan each person's next one, atomically; return those to send.

        A delivery is unique per (person, kind, local date): one already recorded for that
        date is left as it is (and not returned), unless it was snoozed, which a claim revives.
        """
        at_col, date_col = _COLUMNS[kind]
        to_send = []
        async with self._db.transaction() as conn:
            for claim in claims:
                due = claim.due
                cursor = await conn.execute(
                    "INSERT INTO deliveries (telegram_id, kind, local_date, due_at, claimed_at, "
                    "status, detail) VALUES (?, ?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT (telegram_id, kind, local_date) DO UPDATE SET "
                    "status = excluded.status, detail = excluded.detail, "
                    "claimed_at = excluded.claimed_at WHERE deliveries.status = 'snoozed'",
                    (
                        due.telegram_id,
                        kind,
                        due.local_date.isoformat(),
                        due.due_at.isoformat(),
                        now.isoformat(),
                        claim.status,
                        claim.detail,
                    ),
                )
                await conn.execute(
                    f"UPDATE users SET {at_col} = ?, {date_col} = ? WHERE telegram_id = ?",
                    (claim.next.at.isoformat(), claim.next.local_date.isoformat(), due.telegram_id),
                )
                if cursor.rowcount == 1 and claim.status == "claimed":
                    to_send.append(due)
        return to_send

    async def unfinished(self, kind: Kind) -> list[tuple[int, date, str]]:
        """Deliveries claimed but not yet sent (after a crash): (person, local date, status)."""
        rows = await self._db.fetch_all(
            "SELECT telegram_id, local_date, status FROM deliveries "
            "WHERE kind = ? AND status IN ('claimed', 'sending')",
            (kind,),
        )
        return [(r[0], date.fromisoformat(r[1]), r[2]) for r in rows]

    async def set_status(
        self,
        telegram_id: int,
        kind: Kind,
        local_date: date,
        status: str,
        *,
        detail: str | None = None,
        message_id: int | None = None,
        sent_at: datetime | None = None,
    ) -> None:
        """Move a delivery along: sending, sent, failed, uncertain."""
        await self._db.execute(
            "UPDATE deliveries SET status = ?, detail = coalesce(?, detail), "
            "message_id = coalesce(?, message_id), sent_at = coalesce(?, sent_at) "
            "WHERE telegram_id = ? AND kind = ? AND local_date = ?",
            (
                status,
                detail,
                message_id,
                sent_at.isoformat() if sent_at else None,
                telegram_id,
                kind,
                local_date.isoformat(),
            ),
        )

    async def mark_sending(self, kind: Kind, people: list[tuple[int, date]]) -> None:
        """Mark several claimed deliveries as about to be sent, in one transaction."""
        async with self._db.transaction() as conn:
            await conn.executemany(
                "UPDATE deliveries SET status = 'sending' "
                "WHERE telegram_id = ? AND kind = ? AND local_date = ?",
                [(telegram_id, kind, day.isoformat()) for telegram_id, day in people],
            )

    async def finish(self, kind: Kind, finished: list[Finished]) -> None:
        """Record how several deliveries ended (and the questions asked), in one transaction."""
        async with self._db.transaction() as conn:
            await conn.executemany(
                "UPDATE deliveries SET status = ?, detail = coalesce(?, detail), "
                "message_id = coalesce(?, message_id), sent_at = coalesce(?, sent_at) "
                "WHERE telegram_id = ? AND kind = ? AND local_date = ?",
                [
                    (
                        f.status,
                        f.detail,
                        f.message_id,
                        f.sent_at.isoformat() if f.sent_at else None,
                        f.telegram_id,
                        kind,
                        f.local_date.isoformat(),
                    )
                    for f in finished
                ],
            )
            await conn.executemany(
                "UPDATE users SET last_question_key = ?, put_off_question = NULL "
                "WHERE telegram_id = ?",
                [(f.question_key, f.telegram_id) for f in finished if f.question_key],
            )

    async def get(self, telegram_id: int, kind: Kind, local_date: date) -> Delivery | None:
        """One delivery."""
        row = await self._db.fetch_one(
            "SELECT telegram_id, kind, local_date, status, message_id, detail, answered "
            "FROM deliveries WHERE telegram_id = ? AND kind = ? AND local_date = ?",
            (telegram_id, kind, local_date.isoformat()),
        )
        if row is None:
            return None
        return Delivery(row[0], row[1], date.fromisoformat(row[2]), *row[3:])

    async def latest_prompt(self, telegram_id: int) -> SentPrompt | None:
        """The person's newest prompt delivery (of any status), or None."""
        rows = await self._sent_prompts(
            "ORDER BY local_date DESC LIMIT 1", (telegram_id,), "telegram_id = ?"
        )
        return rows[0] if rows else None

    async def sent_prompt_by_message(self, telegram_id: int, message_id: int) -> SentPrompt | None:
        """The prompt that a message of the bot's was, or None."""
        rows = await self._sent_prompts(
            "LIMIT 1", (telegram_id, message_id), "telegram_id = ? AND message_id = ?"
        )
        return rows[0] if rows else None

    async def _sent_prompts(
        self, tail: str, params: tuple[object, ...], where: str
    ) -> list[SentPrompt]:
        rows = await self._db.fetch_all(
            # An uncertain prompt (the bot stopped while sending it) has no recorded send time;
            # its claim's time stands in, so an answer to it can still be recognised.
            "SELECT local_date, status, detail, "
            "CASE WHEN status = 'uncertain' THEN COALESCE(sent_at, claimed_at) ELSE sent_at END, "
            "message_id, answered FROM deliveries "
            f"WHERE kind = 'prompt' AND {where} {tail}",
            params,
        )
        return [
            SentPrompt(
                date.fromisoformat(r[0]),
                r[1],
                r[2],
                datetime.fromisoformat(r[3]) if r[3] else None,
                r[4],
                r[5],
            )
            for r in rows
        ]

    async def prompt_by_message(self, telegram_id: int, message_id: int) -> Delivery | None:
        """The prompt delivery a message belongs to."""
        row = await self._db.fetch_one(
            "SELECT local_date FROM deliveries WHERE telegram_id = ? AND kind = 'prompt' "
            "AND message_id = ?",
            (telegram_id, message_id),
        )
        return await self.get(telegram_id, "prompt", date.fromisoformat(row[0])) if row else None

    async def mark_answered(self, telegram_id: int, local_date: date, how: str) -> None:
        """Note that a prompt was answered (a flow started from it, or "Not today")."""
        await self._db.execute(
            "UPDATE deliveries SET answered = coalesce(answered, ?) "
            "WHERE telegram_id = ? AND kind = 'prompt' AND local_date = ?",
            (how, telegram_id, local_date.isoformat()),
        )

    async def snooze(self, telegram_id: int, local_date: date, until: datetime) -> bool:
        """Ask the same question again at `until` (same local date); False if that prompt
        isn't waiting."""
        async with self._db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE deliveries SET status = 'snoozed' WHERE telegram_id = ? AND "
                "kind = 'prompt' AND local_date = ? AND status = 'sent' AND answered IS NULL",
                (telegram_id, local_date.isoformat()),
            )
            if cursor.rowcount != 1:
                return False
            await conn.execute(
                "UPDATE users SET next_prompt_at = ?2, next_prompt_date = ?3, "
                "put_off_question = (SELECT detail FROM deliveries WHERE telegram_id = ?1 "
                "AND kind = 'prompt' AND local_date = ?3) WHERE telegram_id = ?1",
                (telegram_id, until.isoformat(), local_date.isoformat()),
            )
        return True

    async def put_off_until_tomorrow(self, telegram_id: int, local_date: date) -> bool:
        """Answer a waiting prompt with "tomorrow": the next prompt asks the same question.
        False if that prompt isn't waiting."""
        async with self._db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE deliveries SET answered = 'tomorrow' WHERE telegram_id = ? AND "
                "kind = 'prompt' AND local_date = ? AND status = 'sent' AND answered IS NULL",
                (telegram_id, local_date.isoformat()),
            )
            if cursor.rowcount != 1:
                return False
            await conn.execute(
                "UPDATE users SET put_off_question = (SELECT detail FROM deliveries "
                "WHERE telegram_id = ?1 AND kind = 'prompt' AND local_date = ?2) "
                "WHERE telegram_id = ?1",
                (telegram_id, local_date.isoformat()),
            )
        return True

    async def put_off_question(self, telegram_id: int) -> str | None:
        """The daily question a person put off, to be asked again; None if there is none."""
        row = await self._db.fetch_one(
            "SELECT put_off_question FROM users WHERE telegram_id = ?", (telegram_id,)
        )
        return row[0] if row else None

    async def digest_sent_before(self, telegram_id: int) -> bool:
        """True once a weekly digest has reached this person."""
        row = await self._db.fetch_one(
            "SELECT 1 FROM deliveries WHERE telegram_id = ? AND kind = 'digest' "
            "AND status = 'sent' LIMIT 1",
            (telegram_id,),
        )
        return row is not None

    async def checked_in(self, telegram_id: int, local_date: date) -> bool:
        """True if the person saved any reflection on that local date."""
        day = local_date.isoformat()
        row = await self._db.fetch_one(
            "SELECT "
            + " OR ".join(
                f"EXISTS (SELECT 1 FROM {table} WHERE telegram_id = ?1 AND local_date = ?2)"
                for table in ENTRY_TABLES
            ),
            (telegram_id, day),
        )
        return bool(row and row[0])

    async def deliveries_of(self, telegram_id: int) -> list[Delivery]:
        """Every delivery for one person, oldest date first."""
        rows = await self._db.fetch_all(
            "SELECT telegram_id, kind, local_date, status, message_id, detail, answered "
            "FROM deliveries WHERE telegram_id = ? ORDER BY local_date, kind",
            (telegram_id,),
        )
        return [Delivery(r[0], r[1], date.fromisoformat(r[2]), *r[3:]) for r in rows]
