"""`python -m bot try`: a person chats with the real bot in a terminal, no Telegram needed."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.store import Store
from bot.store.schedule import Planned
from bot.try_mode import parse_duration, parse_instant
from tests.conftest import KEY

ROOT = Path(__file__).resolve().parents[1]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Sunday 22:00 in Berlin: after that day's 18:00 look-back, before Monday's 21:30 check-in.
START = "2026-11-22T22:00+01:00"


def _env(**extra: str) -> dict[str, str]:
    """The environment without any of the bot's settings: no token, no key, no database."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "SMALLSTEPS_"))}
    env["PYTHONPATH"] = str(ROOT)
    env["TZ"] = "UTC"  # the machine's zone, used until the person has chosen theirs
    env.update(extra)
    return env


def _try(
    lines: list[str], cwd: Path, *options: str, **env: str
) -> subprocess.CompletedProcess[str]:
    """Run `python -m bot try` with these lines typed in, in an empty folder (no stray .env)."""
    return subprocess.run(
        [sys.executable, "-m", "bot", "try", *options],
        input="".join(f"{line}\n" for line in lines),
        cwd=cwd,
        env=_env(**env),
        capture_output=True,
        text=True,
        timeout=60,
    )


def _after(stdout: str, typed: str) -> str:
    """What the terminal printed after the person typed `typed`, up to their next line."""
    start = stdout.index(f"you ▸ {typed}\n") + len(f"you ▸ {typed}\n")
    end = stdout.find("you ▸ ", start)
    return stdout[start : end if end != -1 else None]


ONBOARDING = ["/start", "1", "Germany", "1", "21:30"]


def test_a_week_in_a_few_lines(tmp_path: Path) -> None:
    out = tmp_path / "pictures"
    lines = [
        *ONBOARDING,
        "/win",
        "I asked for help",
        "7",
        ":later 1d",
        "1",  # the check-in's first button: note a small win
        "I said no to an extra shift",
        "4",
        ":at 2026-11-29T18:00",  # no offset: the person's own time (Berlin)
        ":quit",
    ]
    result = _try(lines, tmp_path, "--clock", START, "--out", str(out))

    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    stdout = result.stdout
    assert "Type :help" in stdout
    assert "It is now Sun 22 Nov 2026, 21:00 (UTC)." in stdout

    welcome = _after(stdout, "/start")
    assert "bot ▸ Hi, Ana 👋 I'm Small Steps." in welcome  # HTML shown as Telegram shows it
    assert "[1] Yes, that's okay" in welcome and "[3] Not now" in welcome
    assert "Is that your time?" in _after(stdout, "Germany")
    summary = _after(stdout, "21:30")
    assert "All set ✓" in summary and "Daily check-in: 21:30" in summary
    assert "Your time zone: Berlin (UTC+1)" in summary

    assert "[7] Reached out or connected 🤝" in _after(stdout, "I asked for help")
    assert "bot ▸ Saved ✓ Reached out or connected" in _after(stdout, "7")

    next_day = _after(stdout, ":later 1d")
    assert "⏩ Mon 23 Nov 2026, 21:30 (Europe/Berlin)" in next_day
    assert re.search(r"^bot ▸ 🌱 .+\?$", next_day, re.MULTILINE), next_day
    assert "[4] Not today  [5] Later (in an hour)" in next_day
    assert "It is now Mon 23 Nov 2026, 22:00 (Europe/Berlin)." in next_day
    assert "bot ▸ Saved ✓ Set or held a boundary" in _after(stdout, "4")

    week = _after(stdout, ":at 2026-11-29T18:00")
    assert week.count("bot ▸ 🌱 ") == 5  # Tuesday to Saturday
    assert "⏩ Sun 29 Nov 2026, 18:00 (Europe/Berlin)" in week
    assert "bot ▸ Your week, Nov 23 – Nov 29 🌱" in week
    assert "I said no to an extra shift" in week and "I asked for help" in week
    (saved,) = re.findall(r"\[photo saved to (.+)\]", week)
    chart = Path(saved)
    assert chart.parent == out and chart.suffix == ".png"
    assert chart.read_bytes().startswith(PNG_SIGNATURE)
    assert stdout.rstrip().endswith("Bye for now.")


def test_a_kept_database_remembers_the_person(tmp_path: Path) -> None:
    db = tmp_path / "try" / "smallsteps.db"
    first = _try([*ONBOARDING], tmp_path, "--db", str(db), "--clock", START, SMALLSTEPS_DB_KEY=KEY)
    assert first.returncode == 0, first.stderr
    assert "All set ✓" in first.stdout  # end of input ends the session cleanly, too
    assert not db.read_bytes().startswith(b"SQLite format 3"), "the database must be encrypted"

    second = _try(
        ["/start", ":quit"],
        tmp_path,
        "--db",
        str(db),
        "--clock",
        "2026-11-23T08:00",
        SMALLSTEPS_DB_KEY=KEY,
    )
    assert second.returncode == 0, second.stderr
    assert "It is now Mon 23 Nov 2026, 08:00 (Europe/Berlin)." in second.stdout
    assert "bot ▸ Welcome back, Ana 🌱" in _after(second.stdout, "/start")


def test_a_kept_database_needs_a_key(tmp_path: Path) -> None:
    result = _try(["/start"], tmp_path, "--db", str(tmp_path / "x.db"))
    assert result.returncode == 2
    assert "SMALLSTEPS_DB_KEY" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "x.db").exists()


async def _a_real_bots_database(path: Path) -> None:
    """Someone else's data: a person with a planned check-in."""
    now = datetime(2026, 11, 22, 9, tzinfo=UTC)
    store = Store(path, KEY)
    await store.open()
    await store.users.create(555, "en", now)
    await store.users.complete_setup(555, "UTC", time(9, 30))
    due = now + timedelta(minutes=30)
    await store.schedule.set_plans([(555, "prompt", Planned(due, due.date()))])
    await store.close()


def test_a_real_bots_database_is_left_alone(tmp_path: Path) -> None:
    db = tmp_path / "smallsteps.db"
    asyncio.run(_a_real_bots_database(db))
    result = _try([":later 1d"], tmp_path, "--db", str(db), SMALLSTEPS_DB_KEY=KEY)
    assert result.returncode == 2
    assert "holds other people's data" in result.stderr and "Traceback" not in result.stderr


def test_durations_and_instants() -> None:
    assert parse_duration("30m") == timedelta(minutes=30)
    assert parse_duration("1d") == timedelta(days=1)
    assert parse_duration("2d 3h") == timedelta(days=2, hours=3)
    assert parse_duration("1w") == timedelta(weeks=1)
    assert parse_duration("soon") is None and parse_duration("") is None
    berlin = ZoneInfo("Europe/Berlin")
    assert parse_instant("2026-11-29T18:00", berlin) == datetime(2026, 11, 29, 17, tzinfo=UTC)
    assert parse_instant("2026-11-29T18:00Z", berlin) == datetime(2026, 11, 29, 18, tzinfo=UTC)
    assert parse_instant("Sunday", berlin) is None


def test_a_typed_number_picks_the_button_with_that_label(tmp_path: Path) -> None:
    lines = [
        *ONBOARDING,
        "/reframe",
        "A hard call",
        "I always mess up",
        "7",  # on the 0–10 scale: the button labelled 7, not the seventh button (6)
        "ashamed",
        "You did your best",
        "2",  # Fact / Assumption / …: no numbers on them, so the second button
        "3",
        ":quit",
    ]
    result = _try(lines, tmp_path, "--clock", START)
    assert result.returncode == 0, result.stderr
    assert "[8] 7" in _after(result.stdout, "I always mess up")
    assert "Noticing that is a real skill. An assumption" in _after(result.stdout, "2")
    assert "From 7 to 3" in _after(result.stdout, "3")
