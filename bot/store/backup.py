"""Online backups: a consistent copy of the live database, encrypted with the same key."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

from bot.store.db import Database, StoreError

log = logging.getLogger(__name__)

# Files SQLite keeps beside a database; a stale one beside the copy would be read as its own.
_SIDE_FILES = ("-wal", "-journal", "-shm")


class BackupRefusedError(StoreError):
    """The copy cannot be written where asked (the file exists, or its folder does not)."""


@dataclass(frozen=True)
class BackupReport:
    """Where the copy is and how many rows each table holds in it (no contents)."""

    path: Path
    rows: dict[str, int]


def _claim(target: Path) -> None:
    """Create `target` empty and private, refusing anything that is already there."""
    if not target.parent.is_dir():
        raise BackupRefusedError(f"The folder {target.parent} does not exist.")
    for name in (target.name, *(target.name + side for side in _SIDE_FILES)):
        if (target.parent / name).exists():
            raise BackupRefusedError(
                f"{target.parent / name} already exists. A backup never overwrites a file: "
                "choose a new name."
            )
    try:
        # O_EXCL: if something appears there meanwhile, refuse rather than overwrite it.
        os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError as exc:
        raise BackupRefusedError(f"{target} already exists; choose a new name.") from exc


def _discard(target: Path) -> None:
    for path in (target, *(target.with_name(target.name + side) for side in _SIDE_FILES)):
        path.unlink(missing_ok=True)


async def _table_rows(db: Database) -> dict[str, int]:
    tables = await db.fetch_all(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name"
    )
    rows: dict[str, int] = {}
    for (name,) in tables:
        quoted = '"' + str(name).replace('"', '""') + '"'
        row = await db.fetch_one(f"SELECT count(*) FROM {quoted}")
        rows[str(name)] = int(row[0]) if row else 0
    return rows


async def backup(source: Path, target: Path, key: str) -> BackupReport:
    """Copy the database at `source` to the new file `target`, while the bot may be running.

    SQLite's backup API copies every page in one step under one read transaction, so the copy
    is consistent even as the bot keeps writing (WAL). The copy is keyed with the same key
    before anything is written to it, so it is never on disk unencrypted; it is checked
    (`quick_check`) and counted before this returns. A failed copy leaves no file behind.
    """
    if not source.is_file():
        raise StoreError(f"There is no database at {source}. Check SMALLSTEPS_DB_PATH.")
    _claim(target)
    try:
        src = await Database.open(source, key)
        try:
            copy = await Database.open(target, key)
            try:
                await src.backup_to(copy)
                check = await copy.fetch_all("PRAGMA quick_check")
                if [tuple(row) for row in check] != [("ok",)]:
                    raise StoreError(f"The copy at {target} failed its integrity check.")
                rows = await _table_rows(copy)
            finally:
                await copy.close()
        finally:
            await src.close(checkpoint=False)
    except BaseException:
        _discard(target)
        raise
    log.info("backup written tables=%d", len(rows))
    return BackupReport(target, rows)


async def backup_keys(db_path: Path, target: Path, secret: str) -> BackupReport:
    """Copy the key store of the database at `db_path` to the new file `target`, the same way
    (encrypted with the key store's own passphrase, derived from the same secret)."""
    from bot.store.keys import key_store_path
    from bot.store.sealing import key_store_passphrase

    return await backup(key_store_path(db_path), target, key_store_passphrase(secret))
