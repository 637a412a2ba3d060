"""People and their settings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time

from bot.store.db import Database
from bot.store.keys import PersonKeys

# `paused_until` for a pause with no end date: until the person resumes.
PAUSED_INDEFINITELY = datetime(9999, 12, 31, tzinfo=UTC)

_COLUMNS = (
    "telegram_id, language_code, consented_at, timezone, prompt_time, digest_weekday, "
    "digest_time, paused_until, active, created_at, skip_if_checked_in"
)


@dataclass(frozen=True)
class User:
    """A person who agreed to use Small Steps, and their settings."""

    telegram_id: int
    language_code: str | None
    consented_at: datetime
    timezone: str | None
    prompt_time: time | None
    digest_weekday: int
    digest_time: time
    paused_until: datetime | None
    active: bool
    created_at: datetime
    skip_if_checked_in: bool = True

    @property
    def is_set_up(self) -> bool:
        """True once the time zone and the daily prompt time are known."""
        return self.timezone is not None and self.prompt_time is not None

    def is_paused(self, now: datetime) -> bool:
        """True while a pause is in force at `now`."""
        return self.paused_until is not None and self.paused_until > now


# Changing what a schedule depends on clears the planned instants; the scheduler's tick plans
# them again from the new settings (bot/schedule/tick.py).
_REPLAN_PROMPT = "next_prompt_at = NULL, next_prompt_date = NULL"
_REPLAN_DIGEST = "next_digest_at = NULL, next_digest_date = NULL"
_REPLAN_BOTH = f"{_REPLAN_PROMPT}, {_REPLAN_DIGEST}"


def _time(value: str | None) -> time | None:
    return time.fromisoformat(value) if value else None


def _instant(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _hhmm(value: time) -> str:
    return value.strftime("%H:%M")


def _row_to_user(row: tuple) -> User:
    return User(
        telegram_id=row[0],
        language_code=row[1],
        consented_at=datetime.fromisoformat(row[2]),
        timezone=row[3],
        prompt_time=_time(row[4]),
        digest_weekday=row[5],
        digest_time=time.fromisoformat(row[6]),
        paused_until=_instant(row[7]),
        active=bool(row[8]),
        created_at=datetime.fromisoformat(row[9]),
        skip_if_checked_in=bool(row[10]),
    )


class UserRepository:
    """Reads and writes the `users` table. (No column of it holds words a person wrote; their
    key is made when they agree, so what they write from then on is sealed from the start.)"""

    def __init__(self, db: Database, keys: PersonKeys) -> None:
        self._db = db
        self._keys = keys

    async def get(self, telegram_id: int) -> User | None:
        """Return the person with this Telegram id, or None if they never consented."""
        row = await self._db.fetch_one(
            f"SELECT {_COLUMNS} FROM users WHERE telegram_id = ?", (telegram_id,)
        )
        return _row_to_user(row) if row else None

    async def create(self, telegram_id: int, language_code: str | None, now: datetime) -> User:
        """Record consent for a new person (keeps an existing row as it is) and return them."""
        await self._keys.key(telegram_id, create=True)
        stamp = now.isoformat()
        await self._db.execute(
            "INSERT INTO users (telegram_id, language_code, consented_at, created_at) "
            "VALUES (?, ?, ?, ?) ON CONFLICT (telegram_id) DO NOTHING",
            (telegram_id, language_code, stamp, stamp),
        )
        user = await self.get(telegram_id)
        assert user is not None
        return user

    async def complete_setup(self, telegram_id: int, timezone: str, prompt_time: time) -> None:
        """Save the time zone and daily prompt time chosen during onboarding, together."""
        await self._db.execute(
            "UPDATE users SET timezone = ?, prompt_time = ?, active = 1, "
            f"{_REPLAN_BOTH} WHERE telegram_id = ?",
            (timezone, _hhmm(prompt_time), telegram_id),
        )

    async def set_timezone(self, telegram_id: int, timezone: str) -> None:
        """Change a person's IANA time zone."""
        await self._db.execute(
            f"UPDATE users SET timezone = ?, {_REPLAN_BOTH} WHERE telegram_id = ?",
            (timezone, telegram_id),
        )

    async def set_prompt_time(self, telegram_id: int, prompt_time: time) -> None:
        """Change the local time of the daily prompt."""
        await self._db.execute(
            f"UPDATE users SET prompt_time = ?, {_REPLAN_PROMPT} WHERE telegram_id = ?",
            (_hhmm(prompt_time), telegram_id),
        )

    async def set_digest(self, telegram_id: int, weekday: int, at: time) -> None:
        """Change the weekday (Monday is 0) and local time of the weekly digest."""
        if not 0 <= weekday <= 6:
            raise ValueError(f"weekday out of range: {weekday}")
        await self._db.execute(
            "UPDATE users SET digest_weekday = ?, digest_time = ?, "
            f"{_REPLAN_DIGEST} WHERE telegram_id = ?",
            (weekday, _hhmm(at), telegram_id),
        )

    async def set_paused_until(self, telegram_id: int, until: datetime | None) -> None:
        """Pause prompts until an instant, or resume them with None."""
        await self._db.execute(
            "UPDATE users SET paused_until = ? WHERE telegram_id = ?",
            (until.isoformat() if until else None, telegram_id),
        )

    async def set_skip_if_checked_in(self, telegram_id: int, skip: bool) -> None:
        """Whether a day's check-in is left out once the person has written something that day."""
        await self._db.execute(
            "UPDATE users SET skip_if_checked_in = ? WHERE telegram_id = ?",
            (int(skip), telegram_id),
        )

    async def set_active(self, telegram_id: int, active: bool) -> None:
        """Mark a person reachable (or not, after they blocked the bot)."""
        await self._db.execute(
            f"UPDATE users SET active = ?, {_REPLAN_BOTH} WHERE telegram_id = ?",
            (int(active), telegram_id),
        )
