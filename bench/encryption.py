"""Encryption's cost: the same storage workload on SQLCipher and on plain SQLite, same run.

Both go through the same aiosqlite pattern and the same `Database` and `EntryRepository`
code (the plain one opens stdlib `sqlite3` instead of `sqlcipher3`, with the same pragmas but
the key). The workload, repeated in alternating rounds so drift on a noisy machine hits both:

- writes: reflections saved one per transaction, as the bot saves them;
- reads: a year-long history read back and turned into a digest, as the weekly digest does.

Reported: wall and CPU time of each, and the ratio SQLCipher / plain (SQLCipher's own claim is
5–15% overhead). Writes are dominated by the commit's fsync (synchronous=FULL, the default),
which encryption does not change; CPU time shows the encryption work on its own.

The per-person layer (each person's words sealed with AES-256-GCM under their own key, on top of
SQLCipher) is measured the same way: the same SQLCipher store with the layer, and with it
replaced by a pass-through, in alternating rounds. Reported per entry saved and per entry read.

    PYTHONPATH=. python bench/encryption.py --writes 400 --reads 20 --rounds 3
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import aiosqlite
import sqlcipher3
from benchlib import KEY, Report, calibrate, fmt
from seed import Mix, seed_history, seed_people

from bot.digest import build_digest
from bot.store import Store, UserRepository
from bot.store.db import BUSY_TIMEOUT_MS, Database
from bot.store.entries import EntryRepository
from bot.store.keys import PersonKeys, key_store_path
from bot.store.migrations import migrate, seal_plaintext

PERSON = 4_000_000


async def _plain(path: Path) -> Database:
    """The same connection pattern as Database.open, over stdlib sqlite3 and without a key."""
    conn = aiosqlite.core.Connection(
        lambda: sqlite3.connect(str(path), isolation_level=None, check_same_thread=False),
        iter_chunk_size=64,
    )
    await conn
    await conn.execute("PRAGMA journal_mode = WAL")
    await conn.execute("PRAGMA foreign_keys = ON")
    await conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    await conn.execute("PRAGMA secure_delete = ON")
    return Database(conn, path)


class _Unsealed(PersonKeys):
    """The per-person layer switched off: words pass through as they are."""

    async def seal(self, telegram_id: int, field: str, text: str | None) -> str | None:  # type: ignore[override]
        return text

    async def open_value(self, telegram_id: int, field: str, value: object) -> str | None:
        return None if value is None else str(value)


async def _open(kind: str, path: Path) -> Store:
    """A Store over either database (migrated), so the seeding helpers work on both. Kinds:
    `sqlcipher` (as shipped), `plain` (stdlib sqlite3, layer on), `unsealed` (SQLCipher, layer
    off)."""
    store = Store(path, KEY)
    db = await (_plain(path) if kind == "plain" else Database.open(path, KEY))
    keys = await PersonKeys.open(key_store_path(path), KEY)
    if kind == "unsealed":
        keys = _Unsealed(keys.db, KEY)
    await migrate(db, keys)
    store._db, store._keys = db, keys  # the Store's own open() always uses SQLCipher, sealed
    store.users = UserRepository(db, keys)
    store.entries = EntryRepository(db, keys)
    return store


async def _round(kind: str, workdir: Path, writes: int, reads: int, n: int) -> dict[str, float]:
    path = workdir / f"{kind}-{n}.db"
    store = await _open(kind, path)
    now = datetime.now(UTC)
    await seed_people(store, 2, now=now, first_id=PERSON, mix=Mix(0, 0, 0))
    await seed_history(store, PERSON, today=now.date(), days=365)
    # The seeding writes with SQL, as words were stored before sealing: seal them as an upgrade
    # does (the pass-through leaves them as they are).
    async with store.db.transaction() as conn:
        await seal_plaintext(conn, store.keys)
    entries = store.entries
    figures: dict[str, float] = {}

    c0, w0 = time.process_time(), time.perf_counter()
    for i in range(writes):
        await entries.add_win(
            PERSON + 1,
            f"flow-{i}",
            now=now,
            local_date=now.date(),
            text="Asked for help at work, which I never do",
            progress_kind="boundary",
        )
    figures["writes_wall"] = (time.perf_counter() - w0) / writes
    figures["writes_cpu"] = (time.process_time() - c0) / writes

    c0, w0 = time.process_time(), time.perf_counter()
    for _ in range(reads):
        build_digest(await entries.all_of(PERSON), now.date())
    figures["reads_wall"] = (time.perf_counter() - w0) / reads
    figures["reads_cpu"] = (time.process_time() - c0) / reads

    # Per entry read: the year's history (about one entry a day, some days more) read back.
    count = len(await entries.all_of(PERSON))
    c0, w0 = time.process_time(), time.perf_counter()
    for _ in range(reads):
        await entries.all_of(PERSON)
    figures["entry_read_wall"] = (time.perf_counter() - w0) / (reads * count)
    figures["entry_read_cpu"] = (time.process_time() - c0) / (reads * count)
    await store.close()
    return figures


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--writes", type=int, default=400, help="reflections saved per round")
    parser.add_argument("--reads", type=int, default=20, help="digest reads per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-append", action="store_true")
    args = parser.parse_args(argv)
    report = Report("Encryption's cost")
    report.add("machine speed reference (before)", f"{fmt(calibrate(), 1)} ms")

    async def run() -> dict[str, list[dict[str, float]]]:
        results: dict[str, list[dict[str, float]]] = {"sqlcipher": [], "plain": [], "unsealed": []}
        with tempfile.TemporaryDirectory(prefix="bench-encryption-") as tmp:
            for n in range(args.rounds):
                order = ("sqlcipher", "plain", "unsealed")
                for kind in order if n % 2 == 0 else reversed(order):
                    results[kind].append(await _round(kind, Path(tmp), args.writes, args.reads, n))
        return results

    results = asyncio.run(run())
    for key, what in [
        ("writes_wall", "reflection write (own transaction), wall"),
        ("writes_cpu", "reflection write, CPU"),
        ("reads_wall", "a year's history read + digest, wall"),
        ("reads_cpu", "a year's history read + digest, CPU"),
    ]:
        cipher = statistics.median(r[key] for r in results["sqlcipher"]) * 1000
        plain = statistics.median(r[key] for r in results["plain"]) * 1000
        report.add(
            what,
            f"{fmt(cipher, 3)} ms",
            baseline=f"plain {fmt(plain, 3)} ms",
            ratio=f"{fmt(cipher / plain, 2)}× ({fmt((cipher / plain - 1) * 100, 0)}%)",
        )
    for key, what in [
        ("writes_wall", "per-person layer: an entry saved, wall"),
        ("writes_cpu", "per-person layer: an entry saved, CPU"),
        ("entry_read_wall", "per-person layer: an entry read back, wall"),
        ("entry_read_cpu", "per-person layer: an entry read back, CPU"),
    ]:
        sealed = statistics.median(r[key] for r in results["sqlcipher"]) * 1000
        unsealed = statistics.median(r[key] for r in results["unsealed"]) * 1000
        report.add(
            what,
            f"{fmt(sealed, 4)} ms",
            baseline=f"without the layer {fmt(unsealed, 4)} ms",
            ratio=f"{fmt(sealed / unsealed, 2)}× ({fmt((sealed - unsealed) * 1000, 1)} µs)",
        )
    report.add("machine speed reference (after)", f"{fmt(calibrate(), 1)} ms")
    report.note(
        f"medians of {args.rounds} alternating rounds; stdlib sqlite {sqlite3.sqlite_version}, "
        f"SQLCipher's SQLite {sqlcipher3.sqlite_version}; both in WAL mode with "
        "synchronous=FULL (the default), secure_delete on"
    )
    if not args.no_append:
        report.append()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
