"""`python -m bot migrate-to-postgres`: a SQLite database copied, whole, into PostgreSQL."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from bot.store import Store
from bot.store.lock import RunLock
from bot.store.to_postgres import TargetNotEmptyError, copy_to_postgres
from tests.conftest import KEY, NOW
from tests.e2e_support import env_for

ANA, BO = 1001, 2002
WORDS = "SENTINEL-7c2: I asked for help"


async def _fill(path: Path) -> None:
    """A SQLite database with a little of everything in it, as a running bot leaves it."""
    store = Store(path, KEY)
    await store.open()
    try:
        day = NOW.date()
        for person in (ANA, BO):
            await store.users.create(person, "en", NOW)
        await store.entries.add_win(
            ANA, "w1", now=NOW, local_date=day, text=WORDS, progress_kind="reached"
        )
        await store.entries.add_feeling(
            ANA,
            "f1",
            now=NOW + timedelta(minutes=1),
            local_date=day,
            word="calm",
            feeling_key="calm",
            quadrant="pc",
            intensity=4,
            body=None,
            about=None,
        )
        await store.entries.add_note(BO, "n1", now=NOW, local_date=day, prompt=None, text="hi")
        await store.state.save_conversation("win", (ANA, ANA), "win.kind", NOW)
        await store.state.save_draft(ANA, {"text": WORDS})
        await store.state.receive([(70, '{"update_id": 70}')], NOW)
        await store.state.mark_handled(69, NOW)
        await store.safety.save_section(BO, "reasons", "my cat", NOW)
        await store.outbox.add(BO, "Hello again", None, NOW)
    finally:
        await store.close()


async def test_every_row_is_copied_and_the_copy_works_as_the_original(
    tmp_path: Path, postgres_url: str
) -> None:
    path = tmp_path / "smallsteps.db"
    await _fill(path)
    counts = await copy_to_postgres(path, KEY, postgres_url)
    assert counts["users"] == 2 and counts["wins"] == 1 and counts["feelings"] == 1
    assert counts["notes"] == 1 and counts["outbox"] == 1 and counts["inbox"] == 1
    assert counts["handled_updates"] == 1 and counts["safety_plans"] == 1
    assert next(iter(counts)) == "users"  # first: the other tables refer to it

    copy = Store(path, KEY, database_url=postgres_url)
    await copy.open()
    try:
        original = Store(path, KEY)
        await original.open()
        try:
            for person in (ANA, BO):
                assert await copy.users.get(person) == await original.users.get(person)
                assert await copy.entries.all_of(person) == await original.entries.all_of(person)
            assert await copy.state.drafts() == await original.state.drafts()
            assert await copy.state.conversations("win") == {(ANA, ANA): "win.kind"}
            assert await copy.safety.plan(BO) == {"reasons": "my cat"}
            assert await copy.state.unhandled() == await original.state.unhandled()
            assert await copy.state.was_handled(69)
            assert await copy.outbox.waiting() == await original.outbox.waiting()
        finally:
            await original.close()
        # New rows get ids after the copied ones.
        newest = max(entry.id for entry in await copy.entries.all_of(ANA))
        assert await copy.entries.add_win(
            ANA, "w2", now=NOW, local_date=date(2026, 11, 23), text="later", progress_kind="k"
        )
        assert max(entry.id for entry in await copy.entries.all_of(ANA)) > newest
        replies = await copy.outbox.waiting()
        assert await copy.outbox.add(BO, "next", None, NOW) > max(r.id for r in replies)
    finally:
        await copy.close()


async def test_a_target_with_data_is_refused_and_left_as_it_was(
    tmp_path: Path, postgres_url: str
) -> None:
    path = tmp_path / "smallsteps.db"
    await _fill(path)
    target = Store(path, KEY, database_url=postgres_url)
    await target.open()
    try:
        await target.users.create(5, "en", NOW)
        with pytest.raises(TargetNotEmptyError, match="already holds data"):
            await copy_to_postgres(path, KEY, postgres_url)
        assert await target.db.fetch_all("SELECT telegram_id FROM users") == [(5,)]
        assert await target.db.fetch_one("SELECT count(*) FROM wins") == (0,)
    finally:
        await target.close()


async def _cli(tmp_path: Path, db: Path, url: str | None) -> subprocess.CompletedProcess[str]:
    extra = {"SMALLSTEPS_DATABASE_URL": url} if url else {}
    return await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "bot", "migrate-to-postgres"],
        cwd=tmp_path,
        env=env_for(None, tmp_path, SMALLSTEPS_DB_KEY=KEY, SMALLSTEPS_DB_PATH=str(db), **extra),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )


async def test_the_command_copies_says_how_many_rows_and_refuses_a_second_time(
    tmp_path: Path, postgres_url: str
) -> None:
    path = tmp_path / "data" / "smallsteps.db"
    path.parent.mkdir()
    await _fill(path)
    first = await _cli(tmp_path, path, postgres_url)
    assert first.returncode == 0, first.stderr
    assert "  users: 2\n" in first.stdout and "  wins: 1\n" in first.stdout
    assert "Every count matches" in first.stdout
    again = await _cli(tmp_path, path, postgres_url)
    assert again.returncode == 1
    assert "already holds data" in again.stderr and "nothing was copied" in again.stderr
    for run in (first, again):
        output = run.stdout + run.stderr
        assert "SENTINEL" not in output and KEY not in output and "Traceback" not in output


async def test_the_command_needs_the_url_and_a_stopped_bot(
    tmp_path: Path, postgres_url: str
) -> None:
    path = tmp_path / "data" / "smallsteps.db"
    path.parent.mkdir()
    await _fill(path)
    no_url = await _cli(tmp_path, path, None)
    assert no_url.returncode == 2 and "Set SMALLSTEPS_DATABASE_URL" in no_url.stderr
    lock = RunLock(path)  # what the running bot holds
    assert lock.acquire()
    try:
        running = await _cli(tmp_path, path, postgres_url)
    finally:
        lock.release()
    assert running.returncode == 2 and "nothing was copied" in running.stderr
    check = Store(path, KEY, database_url=postgres_url)
    await check.open()
    try:
        assert await check.db.fetch_one("SELECT count(*) FROM users") == (0,)
    finally:
        await check.close()


async def test_an_older_database_is_sealed_first_and_copied_sealed(
    tmp_path: Path, postgres_url: str
) -> None:
    """A database from before per-person keys is brought to this version's schema (its words
    sealed) before the copy; the copy holds the same sealed bytes, opened by the copied keys."""
    from tests.test_person_keys import ANA_WIN, BO_WIN, _old_database

    path = tmp_path / "old.db"
    await _old_database(path)
    counts = await copy_to_postgres(path, KEY, postgres_url)
    assert counts["wins"] == 2 and counts["person_keys"] == 2

    copy = Store(path, KEY, database_url=postgres_url)
    original = Store(path, KEY)
    await copy.open()
    await original.open()
    try:
        query = "SELECT telegram_id, text FROM wins ORDER BY telegram_id"
        copied = [(i, bytes(v)) for i, v in await copy.db.fetch_all(query)]
        assert copied == [(i, bytes(v)) for i, v in await original.db.fetch_all(query)]
        assert all(b"SECRET" not in v and b"OPEN" not in v for _, v in copied)
        assert [e.text for e in await copy.entries.all_of(ANA)] == [ANA_WIN]  # type: ignore[union-attr]
        assert [e.text for e in await copy.entries.all_of(BO)] == [BO_WIN]  # type: ignore[union-attr]
    finally:
        await original.close()
        await copy.close()
