"""Start-up errors through the real CLI: each problem gets its own plain message and exit 2 (so
systemd does not restart it forever), never a traceback; `check` finds a damaged page."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

import pytest

from bot.store import Store, key_store_path
from tests.conftest import KEY, NOW
from tests.e2e_support import env_for

PAGE = 4096


def _bot(tmp_path: Path, db: Path, *args: str, key: str = KEY) -> subprocess.CompletedProcess[str]:
    env = env_for(
        None,
        tmp_path,
        SMALLSTEPS_DB_KEY=key,
        SMALLSTEPS_DB_PATH=str(db),
        TELEGRAM_BOT_TOKEN="123:abc",
        TELEGRAM_API_BASE_URL="http://127.0.0.1:9/bot",
    )
    result = subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=tmp_path,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "Traceback" not in result.stdout + result.stderr
    assert KEY not in result.stdout + result.stderr
    return result


@pytest.fixture
def database(tmp_path: Path) -> Path:
    """A stopped bot's database of several pages, fully checkpointed into its file."""
    db = tmp_path / "data" / "smallsteps.db"

    async def fill() -> None:
        store = Store(db, KEY)
        await store.open()
        for person in range(1, 200):
            await store.users.create(person, "en", NOW)
        await store.close()

    asyncio.run(fill())
    assert db.stat().st_size >= 8 * PAGE
    return db


def _flip(db: Path, offset: int) -> None:
    data = bytearray(db.read_bytes())
    data[offset] ^= 0xFF
    db.write_bytes(bytes(data))


def test_check_says_an_intact_database_is_intact(tmp_path: Path, database: Path) -> None:
    result = _bot(tmp_path, database, "check")
    assert result.returncode == 0, result.stderr
    assert "is intact" in result.stdout


def test_a_missing_key_store_is_reported_and_none_is_made_up(
    tmp_path: Path, database: Path
) -> None:
    keys = key_store_path(database)
    keys.rename(tmp_path / "kept.keys.db")
    checked = _bot(tmp_path, database, "check")
    assert checked.returncode == 2
    assert "There is no key store" in checked.stderr and "backup-keys" in checked.stderr
    started = _bot(tmp_path, database)
    assert started.returncode == 2
    assert "There is no key store" in started.stderr and "Nothing was changed" in started.stderr
    assert not keys.exists()  # a new, empty one would have lost every word
    (tmp_path / "kept.keys.db").rename(keys)
    assert _bot(tmp_path, database, "check").returncode == 0


def test_a_wrong_key_is_reported_as_a_wrong_key(tmp_path: Path, database: Path) -> None:
    result = _bot(tmp_path, database, key="another-key-" + "9" * 30)
    assert result.returncode == 2
    assert "cannot be opened with this key" in result.stderr


@pytest.mark.parametrize("command", [[], ["check"]])
def test_a_damaged_page_is_found_at_start_up_not_mid_conversation(
    tmp_path: Path, database: Path, command: list[str]
) -> None:
    _flip(database, 5 * PAGE + 100)
    result = _bot(tmp_path, database, *command)
    assert result.returncode == 2
    assert "1 of its pages are damaged" in result.stderr
    assert "with this key" in result.stderr and "restore the latest backup" in result.stderr


def test_a_damaged_first_page_is_not_called_just_a_wrong_key(
    tmp_path: Path, database: Path
) -> None:
    _flip(database, 100)
    result = _bot(tmp_path, database)
    assert result.returncode == 2
    assert "damaged" in result.stderr and "this key" in result.stderr


def test_a_truncated_file_is_reported_as_damaged(tmp_path: Path, database: Path) -> None:
    data = database.read_bytes()
    database.write_bytes(data[: len(data) // 2 + 1000])
    result = _bot(tmp_path, database)
    assert result.returncode == 2
    assert "damaged (or the file was cut short)" in result.stderr


def test_a_backup_of_a_damaged_file_is_refused_plainly(tmp_path: Path, database: Path) -> None:
    _flip(database, 5 * PAGE + 100)
    copy = tmp_path / "copy.db"
    result = _bot(tmp_path, database, "backup", str(copy))
    assert result.returncode == 2
    assert "damaged" in result.stderr
    assert not copy.exists()


def test_a_folder_that_cannot_be_created_is_reported_with_what_to_do(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be\n", encoding="utf-8")
    result = _bot(tmp_path, blocker / "data" / "smallsteps.db")
    assert result.returncode == 2
    assert "cannot create the folder" in result.stderr and "SMALLSTEPS_DB_PATH" in result.stderr


def test_a_second_bot_on_the_same_database_refuses_to_start(tmp_path: Path) -> None:
    from bot.store.lock import RunLock

    db = tmp_path / "data" / "smallsteps.db"
    held = RunLock(db)
    assert held.acquire()
    try:
        result = _bot(tmp_path, db)
    finally:
        held.release()
    assert result.returncode == 2
    assert "Another Small Steps process is already using" in result.stderr


def test_an_env_file_holding_the_key_readable_by_others_is_warned_about(
    tmp_path: Path, database: Path
) -> None:
    dotenv = tmp_path / ".env"
    dotenv.write_text(f"SMALLSTEPS_DB_KEY={KEY}\n", encoding="utf-8")
    dotenv.chmod(0o644)
    warned = _bot(tmp_path, database, "check")
    assert "other users of this machine can read it" in warned.stderr
    assert "chmod 600" in warned.stderr
    dotenv.chmod(0o600)
    quiet = _bot(tmp_path, database, "check")
    assert quiet.returncode == 0 and "can read it" not in quiet.stderr


def test_existing_files_are_made_private(tmp_path: Path, database: Path) -> None:
    database.chmod(0o644)
    result = _bot(tmp_path, database, "check")
    assert result.returncode == 0, result.stderr
    assert database.stat().st_mode & 0o777 == 0o600
