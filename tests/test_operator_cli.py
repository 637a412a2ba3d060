"""Operators' commands through the real CLI: `python -m bot backup` and `erase-user`."""

from __future__ import annotations

import asyncio
import os
import pty
import stat
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import sqlcipher3

from bot.store import Store, WrongKeyError, key_store_path
from tests.conftest import KEY, NOW
from tests.e2e_support import env_for

ANA, BO, STRANGER = 1001, 2002, 3003
WORDS = "SENTINEL-c1i5: I said no kindly"


async def _cli(tmp_path: Path, db: Path, *args: str, stdin: int | None = None):
    """Run `python -m bot ARGS` with the key and path set, no token, stdin not a TTY."""
    result = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "bot", *args],
        cwd=tmp_path,
        env=env_for(None, tmp_path, SMALLSTEPS_DB_KEY=KEY, SMALLSTEPS_DB_PATH=str(db)),
        stdin=subprocess.DEVNULL if stdin is None else stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )
    output = result.stdout + result.stderr
    assert "SENTINEL" not in output and KEY not in output and "Traceback" not in output
    return result


@pytest.fixture
async def live(tmp_path: Path) -> AsyncIterator[Store]:
    """An open store, as the running bot holds it, with two people in it."""
    store = Store(tmp_path / "data" / "smallsteps.db", KEY)
    await store.open()
    for person in (ANA, BO):
        await store.users.create(person, "en", NOW)
    await store.entries.add_win(
        ANA, "w1", now=NOW, local_date=NOW.date(), text=WORDS, progress_kind="paused"
    )
    day = NOW.date()
    await store.entries.add_reflection(
        ANA,
        "q1",
        now=NOW,
        local_date=day,
        question_key=None,
        question="Q?",
        text=WORDS,
        prompt_date=None,
    )
    await store.entries.add_note(ANA, "n1", now=NOW, local_date=day, prompt=None, text=WORDS)
    await store.entries.add_setback(
        ANA, "s1", now=NOW, local_date=day, what_happened=WORDS, what_helped=None
    )
    await store.state.save_draft(BO, {"words": WORDS})
    yield store
    await store.close()


async def _snapshot(store: Store) -> tuple[list, list, dict]:
    return (
        [u.telegram_id for u in [await store.users.get(ANA), await store.users.get(BO)] if u],
        await store.entries.all_of(ANA),
        await store.state.drafts(),
    )


async def test_backup_while_the_store_is_open(tmp_path: Path, live: Store) -> None:
    db = tmp_path / "data" / "smallsteps.db"
    copy = tmp_path / "copy.db"
    # The newest rows are only in the WAL so far: the copy must include them all the same.
    assert db.with_name(db.name + "-wal").stat().st_size > 0
    before = await _snapshot(live)

    result = await _cli(tmp_path, db, "backup", str(copy))

    assert result.returncode == 0, result.stderr
    assert str(copy) in result.stdout
    assert "users: 2" in result.stdout and "wins: 1" in result.stdout
    for table in ("reflections", "notes", "setbacks"):
        assert f"{table}: 1" in result.stdout
    assert "user_drafts: 1" in result.stdout
    # One self-contained, private file, encrypted: the words are not in its bytes.
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("copy")) == ["copy.db"]
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert WORDS.encode() not in copy.read_bytes()

    # The live store carries on; what it writes now is not in the copy.
    await live.users.create(STRANGER, "en", NOW)
    assert await live.users.get(STRANGER) is not None

    # The copy holds the words sealed; the live key store opens them.
    backup = Store(copy, KEY, keys_path=key_store_path(db))
    await backup.open()
    try:
        assert await _snapshot(backup) == before
        assert await backup.users.get(STRANGER) is None
    finally:
        await backup.close()


async def test_the_copy_does_not_open_without_the_key(tmp_path: Path, live: Store) -> None:
    copy = tmp_path / "copy.db"
    assert (await _cli(tmp_path, live.db.path, "backup", str(copy))).returncode == 0
    conn = sqlcipher3.connect(str(copy))
    try:
        with pytest.raises(sqlcipher3.DatabaseError):
            conn.execute("SELECT count(*) FROM sqlite_master").fetchall()
    finally:
        conn.close()
    with pytest.raises(WrongKeyError):
        await Store(copy, "x" * 40).open()


async def test_backup_never_overwrites(tmp_path: Path, live: Store) -> None:
    existing = tmp_path / "existing.db"
    existing.write_bytes(b"an older backup")
    result = await _cli(tmp_path, live.db.path, "backup", str(existing))
    assert result.returncode == 1
    assert "already exists" in result.stderr and "Backed up" not in result.stdout
    assert existing.read_bytes() == b"an older backup"

    missing_folder = tmp_path / "nowhere" / "copy.db"
    result = await _cli(tmp_path, live.db.path, "backup", str(missing_folder))
    assert result.returncode == 1 and "does not exist" in result.stderr
    assert not missing_folder.parent.exists()


async def test_backup_without_a_database_creates_nothing(tmp_path: Path) -> None:
    db = tmp_path / "data" / "smallsteps.db"
    result = await _cli(tmp_path, db, "backup", str(tmp_path / "copy.db"))
    assert result.returncode == 2 and "no database" in result.stderr
    assert not db.exists() and not (tmp_path / "copy.db").exists()


async def _closed(live: Store) -> Path:
    """Close the store (as a stopped bot) and return its path."""
    path = live.db.path
    await live.close()
    return path


async def _reopen(db: Path) -> Store:
    store = Store(db, KEY)
    await store.open()
    return store


async def test_erase_user_erases_one_person(tmp_path: Path, live: Store) -> None:
    db = await _closed(live)
    result = await _cli(tmp_path, db, "erase-user", str(ANA))
    assert result.returncode == 0, result.stderr
    assert f"Erased everything for Telegram id {ANA}" in result.stdout
    assert "wins: 1" in result.stdout and "users: 1" in result.stdout
    for table in ("reflections", "notes", "setbacks"):
        assert f"{table}: 1" in result.stdout
    assert "user_drafts: 0" in result.stdout
    assert "[y/N]" not in result.stdout  # stdin is not a TTY: no question

    store = await _reopen(db)
    try:
        assert await store.users.get(ANA) is None and await store.entries.all_of(ANA) == []
        assert await store.users.get(BO) is not None and BO in await store.state.drafts()
    finally:
        await store.close()
    # Erasing again finds nobody.
    again = await _cli(tmp_path, db, "erase-user", str(ANA))
    assert again.returncode == 1 and f"Nothing is stored for Telegram id {ANA}" in again.stderr


async def test_erase_user_of_an_unknown_id(tmp_path: Path, live: Store) -> None:
    db = await _closed(live)
    before = db.read_bytes()
    result = await _cli(tmp_path, db, "erase-user", str(STRANGER))
    assert result.returncode == 1
    assert f"Nothing is stored for Telegram id {STRANGER}." in result.stderr
    assert result.stdout == ""
    assert db.read_bytes() == before
    bad = await _cli(tmp_path, db, "erase-user", "ana")
    assert bad.returncode == 2 and "not a Telegram user id" in bad.stderr


async def _on_a_tty(tmp_path: Path, db: Path, answer: bytes, *args: str):
    """Run erase-user with a terminal as stdin, the answer already typed into it."""
    main, terminal = pty.openpty()
    try:
        os.write(main, answer)
        return await _cli(tmp_path, db, "erase-user", *args, stdin=terminal)
    finally:
        os.close(terminal)
        os.close(main)


async def test_erase_user_asks_on_a_terminal(tmp_path: Path, live: Store) -> None:
    db = await _closed(live)
    declined = await _on_a_tty(tmp_path, db, b"n\n", str(BO))
    assert declined.returncode == 1
    assert f"Erase everything for {BO}? [y/N]" in declined.stdout
    assert "Nothing was erased." in declined.stdout

    store = await _reopen(db)
    try:
        assert await store.users.get(BO) is not None
    finally:
        await store.close()

    confirmed = await _on_a_tty(tmp_path, db, b"y\n", str(BO))
    assert confirmed.returncode == 0 and "Rows erased" in confirmed.stdout
    skipped = await _on_a_tty(tmp_path, db, b"", "--yes", str(ANA))
    assert skipped.returncode == 0 and "[y/N]" not in skipped.stdout

    store = await _reopen(db)
    try:
        assert await store.users.get(BO) is None and await store.users.get(ANA) is None
    finally:
        await store.close()
