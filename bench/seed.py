"""Bulk fixtures for benchmarks: many people (and their history) written straight into the store.

A benchmark fixture, not product code: it opens the store the normal way (so migrations run
and the schema is whatever the code says), then writes rows with `executemany`, naming the
columns it fills so that later migrations adding tables or defaulted columns don't break it.
"""

from __future__ import annotations

import json
import random
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.content.feelings import FEELINGS
from bot.content.progress import PROGRESS_KINDS
from bot.schedule.timing import next_daily, next_weekly
from bot.store import Store

# Where people live, roughly weighted; all real IANA names, several with DST.
ZONES = [
    ("Europe/Berlin", 14),
    ("Europe/London", 10),
    ("America/New_York", 12),
    ("America/Los_Angeles", 7),
    ("America/Chicago", 5),
    ("America/Sao_Paulo", 6),
    ("Europe/Madrid", 5),
    ("Europe/Warsaw", 4),
    ("Asia/Kolkata", 8),
    ("Australia/Sydney", 4),
    ("Asia/Tokyo", 3),
    ("Africa/Lagos", 3),
    ("Europe/Kyiv", 3),
    ("America/Mexico_City", 4),
    ("Asia/Jakarta", 3),
    ("Pacific/Auckland", 1),
    ("Asia/Kathmandu", 1),
    ("UTC", 2),
]
BATCH = 5_000


@dataclass(frozen=True)
class Mix:
    """Fractions of people in unusual states."""

    paused: float = 0.05
    inactive: float = 0.03  # blocked the bot
    mid_flow: float = 0.02  # in the middle of a reflection: a stored conversation state + draft


async def open_store(path: Path, key: str) -> Store:
    """Open (creating and migrating) the encrypted store."""
    store = Store(path, key)
    await store.open()
    return store


def _prompt_time(rng: random.Random) -> time:
    # Most people pick a morning or an evening slot; some a quarter-hour elsewhere in the day.
    if rng.random() < 0.8:
        hour = rng.choice([7, 8, 8, 9, 9, 12, 18, 19, 20, 20, 21, 21, 21, 22])
        return time(hour, rng.choice([0, 0, 0, 30, 15, 45]))
    return time(rng.randrange(7, 23), rng.choice([0, 15, 30, 45]))


async def seed_people(
    store: Store,
    count: int,
    *,
    now: datetime,
    first_id: int = 1_000_000,
    due_at: datetime | None = None,
    mix: Mix | None = None,
    seed: int = 7,
) -> list[int]:
    """Write `count` set-up people; return their ids.

    With `due_at`, everyone's next prompt is due at that instant (a morning fan-out): each
    person's chosen local time is their local time then, so no quiet-hours rule skips them, and
    nobody is paused or inactive. Otherwise next prompts and digests are planned from their
    settings as the bot would, so nothing is due at `now`.
    """
    rng = random.Random(seed)
    mix = mix or Mix()
    names = [z for z, _ in ZONES]
    weights = [w for _, w in ZONES]
    cache: dict[tuple[str, time, int, time], tuple[str, str, str, str]] = {}
    ids = list(range(first_id, first_id + count))
    stamp = (now - timedelta(days=60)).isoformat()
    users: list[tuple] = []
    states: list[tuple] = []
    drafts: list[tuple] = []
    for uid in ids:
        zone = rng.choices(names, weights)[0]
        weekday = 6 if rng.random() < 0.7 else rng.randrange(7)
        digest_at = time(18, 0) if rng.random() < 0.8 else time(rng.randrange(8, 22), 0)
        paused = active = None
        if due_at is not None:
            local = due_at.astimezone(ZoneInfo(zone))
            at = local.time().replace(second=0, microsecond=0)
            plan = (
                due_at.isoformat(),
                local.date().isoformat(),
                *_weekly(weekday, digest_at, zone, now),
            )
            active = 1
        else:
            at = _prompt_time(rng)
            key = (zone, at, weekday, digest_at)
            if key not in cache:
                daily = next_daily(at, zone, now)
                cache[key] = (
                    daily.at.isoformat(),
                    daily.local_date.isoformat(),
                    *_weekly(weekday, digest_at, zone, now),
                )
            plan = cache[key]
            active = 0 if rng.random() < mix.inactive else 1
            if rng.random() < mix.paused:
                paused = (now + timedelta(days=rng.randrange(1, 14))).isoformat()
            if rng.random() < mix.mid_flow:
                chat_key = json.dumps([uid, uid])
                states.append(("win", chat_key, json.dumps("win.kind")))
                drafts.append(
                    (uid, json.dumps({"flow_id": uuid.uuid4().hex, "words": "Went for a walk"}))
                )
        users.append(
            (
                uid,
                "en",
                stamp,
                zone,
                at.strftime("%H:%M"),
                weekday,
                digest_at.strftime("%H:%M"),
                paused,
                active,
                stamp,
                *(plan if active else (None, None, None, None)),
                1,
                None,
            )
        )
    async with store.db.transaction() as conn:
        for start in range(0, len(users), BATCH):
            await conn.executemany(
                "INSERT INTO users (telegram_id, language_code, consented_at, timezone, "
                "prompt_time, digest_weekday, digest_time, paused_until, active, created_at, "
                "next_prompt_at, next_prompt_date, next_digest_at, next_digest_date, "
                "skip_if_checked_in, last_question_key) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                users[start : start + BATCH],
            )
        await conn.executemany(
            "INSERT INTO conversation_states (conversation, chat_key, state) VALUES (?, ?, ?)",
            states,
        )
        await conn.executemany("INSERT INTO user_drafts (telegram_id, data) VALUES (?, ?)", drafts)
    return ids


def _weekly(weekday: int, at: time, zone: str, now: datetime) -> tuple[str, str]:
    weekly = next_weekly(weekday, at, zone, now)
    return weekly.at.isoformat(), weekly.local_date.isoformat()


async def seed_history(
    store: Store,
    telegram_id: int,
    *,
    today: date,
    days: int = 365,
    seed: int = 11,
) -> int:
    """A year (by default) of daily reflections for one person: a win most days, a feeling
    often, a reframe now and then. Returns the number of entries written."""
    rng = random.Random(seed)
    wins: list[tuple] = []
    feelings: list[tuple] = []
    reframes: list[tuple] = []
    kinds = [k.key for k in PROGRESS_KINDS]
    words = list(FEELINGS)
    for back in range(days - 1, -1, -1):
        day = today - timedelta(days=back)
        created = datetime.combine(day, time(20, 30), tzinfo=UTC).isoformat()
        if rng.random() < 0.85:
            wins.append(
                (
                    telegram_id,
                    uuid.uuid4().hex,
                    created,
                    day.isoformat(),
                    "Paused before answering, and said what I needed",
                    rng.choice(kinds),
                )
            )
        if rng.random() < 0.6:
            feeling = rng.choice(words)
            feelings.append(
                (
                    telegram_id,
                    uuid.uuid4().hex,
                    created,
                    day.isoformat(),
                    feeling.key,
                    feeling.key,
                    feeling.quadrant.value,
                    rng.randrange(1, 11),
                    "shoulders" if rng.random() < 0.5 else None,
                    None,
                )
            )
        if rng.random() < 0.15:
            before = rng.randrange(4, 11)
            reframes.append(
                (
                    telegram_id,
                    uuid.uuid4().hex,
                    created,
                    day.isoformat(),
                    "I missed a deadline at work",
                    "You always mess things up",
                    before,
                    "ashamed",
                    "Deadlines slip for everyone; you told them early.",
                    "assumption",
                    max(0, before - rng.randrange(0, 5)),
                )
            )
    async with store.db.transaction() as conn:
        await conn.executemany(
            "INSERT INTO wins (telegram_id, flow_id, created_at, local_date, text, "
            "progress_kind) VALUES (?, ?, ?, ?, ?, ?)",
            wins,
        )
        await conn.executemany(
            "INSERT INTO feelings (telegram_id, flow_id, created_at, local_date, word, "
            "feeling_key, quadrant, intensity, body, about) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            feelings,
        )
        await conn.executemany(
            "INSERT INTO reframes (telegram_id, flow_id, created_at, local_date, situation, "
            "critic, heaviness_before, feeling, friend_words, critic_is, heaviness_after) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            reframes,
        )
    return len(wins) + len(feelings) + len(reframes)
