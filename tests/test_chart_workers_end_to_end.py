"""The real `python -m bot`: its chart workers start with it, draw the digest's chart, and are
gone when it stops."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path

from bot.store import Store
from bot.store.schedule import Planned
from tests.conftest import KEY
from tests.e2e_support import BotProcess, bot_env, db_path

PERSON = 710_000
WAIT = 60.0
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


async def _seed(path: Path, now: datetime) -> None:
    """One person in UTC with wins in three weeks, whose weekly digest fell due a minute ago.
    Their times are inside quiet hours by their own choice, so no hour of the day holds the
    digest back."""
    store = Store(path, KEY)
    await store.open()
    today = now.date()
    await store.users.create(PERSON, "en", now - timedelta(days=30))
    await store.users.complete_setup(PERSON, "UTC", clock_time(23, 45))
    await store.users.set_digest(PERSON, today.weekday(), clock_time(23, 30))
    for days_ago in (14, 7, 0):
        day = today - timedelta(days=days_ago)
        await store.entries.add_win(
            PERSON,
            f"w{days_ago}",
            now=now - timedelta(days=days_ago),
            local_date=day,
            text="a small thing",
            progress_kind="paused",
        )
    await store.schedule.set_plans(
        [
            (PERSON, "prompt", Planned(now + timedelta(days=1), today + timedelta(days=1))),
            (PERSON, "digest", Planned(now - timedelta(minutes=1), today)),
        ]
    )
    await store.close()


def _children(pid: int) -> set[int]:
    """The ids of a process's children, from /proc."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def _gone(pid: int) -> bool:
    """Exited: no such process, or a zombie (exited, waiting for init to collect it; here
    multiprocessing's resource tracker, which ends when the bot ends)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return stat.rpartition(")")[2].split()[0] == "Z"


def _all_gone_within(pids: list[int], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while not all(_gone(pid) for pid in pids):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def test_the_bot_draws_charts_in_workers_it_starts_and_stops(double, tmp_path: Path) -> None:
    telegram, server = double
    telegram.add_private_chat(PERSON)
    asyncio.run(_seed(db_path(tmp_path), datetime.now(UTC)))
    bot = BotProcess(telegram, bot_env(server, telegram, tmp_path), tmp_path)
    bot.start()
    assert bot.proc is not None
    assert telegram.wait_until(lambda: len(telegram.calls_to("sendMessage")) >= 1, WAIT)
    photos = [c for c in telegram.calls_to("sendPhoto") if c.status == 200]
    assert len(photos) == 1
    workers = _children(bot.proc.pid)
    assert workers, "the bot runs no chart worker"
    began = time.monotonic()
    status, output = bot.terminate()
    assert status == 0, output
    assert time.monotonic() - began < 10
    # The workers end with the bot; multiprocessing's resource tracker ends when it sees the bot's
    # end of its pipe close, a moment after the bot itself.
    assert _all_gone_within(workers, 5.0), output
    (chat,) = [m for m in telegram.transcript(PERSON) if m.kind == "photo"]
    assert chat.file_bytes is not None and chat.file_bytes.startswith(PNG_SIGNATURE)
    assert "Your weeks in numbers" in telegram.transcript(PERSON)[-1].text
