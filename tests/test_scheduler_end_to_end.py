"""Kill the real process in the middle of the daily fan-out; nobody gets a prompt twice."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.store import Store
from bot.store.schedule import Planned
from fake_telegram import FakeTelegram
from tests.conftest import KEY
from tests.e2e_support import BotProcess, bot_env, db_path

PEOPLE = 200
FIRST_ID = 700_000
WAIT = 60.0


async def _seed(path: Path, now: datetime) -> None:
    """Many people in UTC whose prompt fell due a minute ago."""
    store = Store(path, KEY)
    await store.open()
    due = now - timedelta(minutes=1)
    for n in range(PEOPLE):
        uid = FIRST_ID + n
        await store.users.create(uid, "en", now - timedelta(days=1))
        await store.users.complete_setup(uid, "UTC", due.time().replace(second=0, microsecond=0))
    await store.schedule.set_plans(
        [(FIRST_ID + n, "prompt", Planned(due, due.date())) for n in range(PEOPLE)]
        + [
            (FIRST_ID + n, "digest", Planned(now + timedelta(days=3), due.date()))
            for n in range(PEOPLE)
        ]
    )
    await store.close()


async def _statuses(path: Path) -> dict[int, str]:
    store = Store(path, KEY)
    await store.open()
    rows = await store.db.fetch_all(
        "SELECT telegram_id, status FROM deliveries WHERE kind = 'prompt'"
    )
    await store.close()
    return {uid: status for uid, status in rows}


def _prompt_counts(telegram: FakeTelegram) -> Counter[int]:
    counts: Counter[int] = Counter()
    for call in telegram.calls_to("sendMessage"):
        if call.status == 200 and str(call.params.get("text", "")).startswith("🌱 "):
            counts[int(call.params["chat_id"])] += 1
    return counts


def test_sigkill_mid_fan_out_then_restart(double, tmp_path: Path) -> None:
    telegram, server = double
    for n in range(PEOPLE):
        telegram.add_private_chat(FIRST_ID + n)
    asyncio.run(_seed(db_path(tmp_path), datetime.now(UTC)))
    bot = BotProcess(telegram, bot_env(server, telegram, tmp_path), tmp_path)

    bot.start()
    assert telegram.wait_until(lambda: sum(_prompt_counts(telegram).values()) >= PEOPLE // 3, WAIT)
    bot.kill()
    sent_before_kill = sum(_prompt_counts(telegram).values())
    assert sent_before_kill < PEOPLE, "the fan-out finished before the kill; nothing was tested"

    bot.start()
    statuses: dict[int, str] = {}

    def settled() -> bool:
        return sum(_prompt_counts(telegram).values()) >= PEOPLE - 16

    assert telegram.wait_until(settled, WAIT)
    status, output = bot.terminate()
    assert status == 0, output
    statuses = asyncio.run(_statuses(db_path(tmp_path)))
    # SIGTERM ends a fan-out after its current chunk (the bot stops within seconds): what it
    # had claimed and not yet sent is sent at the next start.
    waiting = [uid for uid, s in statuses.items() if s == "claimed"]
    if waiting:
        bot.start()
        assert telegram.wait_until(
            lambda: all(_prompt_counts(telegram)[uid] == 1 for uid in waiting), WAIT
        )
        status, output = bot.terminate()
        assert status == 0, output
        statuses = asyncio.run(_statuses(db_path(tmp_path)))

    counts = _prompt_counts(telegram)
    assert max(counts.values()) == 1, "somebody got the prompt twice"
    missing = [FIRST_ID + n for n in range(PEOPLE) if counts[FIRST_ID + n] == 0]
    # The only people without a prompt are those whose request was in flight at the kill: the
    # bot cannot know whether Telegram got it, records them as uncertain, and never resends.
    assert all(statuses.get(uid) == "uncertain" for uid in missing), missing
    assert len(missing) <= 16
    sent = [uid for uid, s in statuses.items() if s == "sent"]
    assert (
        len(sent)
        + len(missing)
        + sum(1 for s in statuses.values() if s == "uncertain")
        - len(missing)
        == PEOPLE
    )


def test_sigterm_during_a_fan_out_stops_within_seconds_and_the_rest_follow(
    double, tmp_path: Path
) -> None:
    telegram, server = double
    for n in range(PEOPLE):
        telegram.add_private_chat(FIRST_ID + n)
    asyncio.run(_seed(db_path(tmp_path), datetime.now(UTC)))
    bot = BotProcess(telegram, bot_env(server, telegram, tmp_path), tmp_path)
    bot.start()
    assert telegram.wait_until(lambda: sum(_prompt_counts(telegram).values()) >= PEOPLE // 4, WAIT)
    began = time.monotonic()
    status, output = bot.terminate()
    took = time.monotonic() - began
    assert status == 0, output
    assert took < 10, f"SIGTERM took {took:.1f} s"
    assert sum(_prompt_counts(telegram).values()) < PEOPLE, "the fan-out ended before SIGTERM"
    # The rest stay claimed, sent at the next start (test_sigkill_mid_fan_out_then_restart).
    statuses = asyncio.run(_statuses(db_path(tmp_path)))
    assert "claimed" in statuses.values() and "sending" not in statuses.values()
