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
The pass-through (`_Unsealed`, here only) stands in for `PersonKeys`: no key lookup, no seal,
words stored as the column holds unsealed words.

And the per-person layer on PostgreSQL (SMALLSTEPS_BENCH_POSTGRES_URL, by default the local
server's `test` database): the same writes and reads through `Store(..., database_url=...)`, its
key store in the schema beside the data (every key lookup reads the wrapped key's row there, as
the product does), layer on against the pass-through, in alternating rounds. Each round works in
a fresh schema of its own (and its key schema), dropped afterwards. The year of history is saved
through the repository, sealed or not, as the bot would have saved it.

    PYTHONPATH=. python bench/encryption.py --writes 400 --reads 20 --rounds 3
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from pathlib import Path

import aiosqlite
import psycopg
import sqlcipher3
from benchlib import KEY, Report, calibrate, fmt
from seed import Mix, seed_history, seed_people

from bot.content.feelings import FEELINGS
from bot.content.progress import PROGRESS_KINDS
from bot.digest import build_digest
from bot.store import Store, UserRepository, sealing
from bot.store.db import BUSY_TIMEOUT_MS, Database
from bot.store.entries import EntryRepository
from bot.store.keys import PersonKeys, key_schema_for, key_store_path
from bot.store.migrations import migrate, seal_plaintext
from bot.store.postgres import redacted_url, with_schema

PERSON = 4_000_000
POSTGRES_URL = os.environ.get(
    "SMALLSTEPS_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)


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
    """The per-person layer switched off: no key is looked up, words are stored unsealed as the
    column holds them (text on SQLite, UTF-8 bytes in PostgreSQL's BYTEA) and read back as they
    are. Every way the repositories seal and open is replaced (one value, or a row's from one
    lookup)."""

    def _plain(self, text: str | None) -> str | bytes | None:
        return None if text is None else sealing.stored_plain(text, self.db.dialect)

    async def seal(self, telegram_id: int, field: str, text: str | None) -> str | bytes | None:  # type: ignore[override]
        return self._plain(text)

    async def sealer(  # type: ignore[override]
        self, telegram_id: int, *, create: bool = True
    ) -> Callable[[str, str | None], str | bytes | None]:
        return lambda field, text: self._plain(text)

    async def open_value(self, telegram_id: int, field: str, value: object) -> str | None:
        return sealing.plain_text(value)

    async def opener(self, telegram_id: int) -> Callable[[str, object], str | None]:
        return lambda field, value: sealing.plain_text(value)


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
    figures = await _measure(store.entries, now, writes, reads)
    await store.close()
    return figures


async def _seed_year(entries: EntryRepository, telegram_id: int, today: date) -> int:
    """The year `seed.seed_history` writes (same mix, same words), saved through the
    repository one entry at a time, so its words are sealed (or not) as the bot saves them."""
    rng = random.Random(11)
    kinds = [k.key for k in PROGRESS_KINDS]
    words = list(FEELINGS)
    count = 0
    for back in range(364, -1, -1):
        day = today - timedelta(days=back)
        at = datetime.combine(day, clock(20, 30), tzinfo=UTC)
        if rng.random() < 0.85:
            await entries.add_win(
                telegram_id,
                uuid.uuid4().hex,
                now=at,
                local_date=day,
                text="Paused before answering, and said what I needed",
                progress_kind=rng.choice(kinds),
            )
            count += 1
        if rng.random() < 0.6:
            feeling = rng.choice(words)
            await entries.add_feeling(
                telegram_id,
                uuid.uuid4().hex,
                now=at,
                local_date=day,
                word=feeling.key,
                feeling_key=feeling.key,
                quadrant=feeling.quadrant.value,
                intensity=rng.randrange(1, 11),
                body="shoulders" if rng.random() < 0.5 else None,
                about=None,
            )
            count += 1
        if rng.random() < 0.15:
            before = rng.randrange(4, 11)
            await entries.add_reframe(
                telegram_id,
                uuid.uuid4().hex,
                now=at,
                local_date=day,
                situation="I missed a deadline at work",
                critic="You always mess things up",
                heaviness_before=before,
                feeling="ashamed",
                friend_words="Deadlines slip for everyone; you told them early.",
                critic_is="assumption",
                heaviness_after=max(0, before - rng.randrange(0, 5)),
            )
            count += 1
    return count


def _drop_schemas(url: str, schema: str) -> None:
    with psycopg.connect(url, autocommit=True, connect_timeout=5) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        conn.execute(f'DROP SCHEMA IF EXISTS "{key_schema_for(schema)}" CASCADE')


async def _postgres_round(kind: str, url: str, writes: int, reads: int) -> dict[str, float]:
    """One round on PostgreSQL in a fresh schema (dropped afterwards): `sealed` as shipped,
    `unsealed` with the pass-through in place of the key store."""
    schema = f"bench_{uuid.uuid4().hex}"
    with psycopg.connect(url, autocommit=True, connect_timeout=5) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        store = Store(Path("unused.db"), KEY, database_url=with_schema(url, schema))
        await store.open()
        try:
            entries = store.entries
            if kind == "unsealed":
                entries = EntryRepository(store.db, _Unsealed(store.keys.db, KEY))  # type: ignore[arg-type]
            now = datetime.now(UTC)
            await seed_people(store, 2, now=now, first_id=PERSON, mix=Mix(0, 0, 0))
            await _seed_year(entries, PERSON, now.date())
            return await _measure(entries, now, writes, reads)
        finally:
            await store.close()
    finally:
        _drop_schemas(url, schema)


async def _measure(
    entries: EntryRepository, now: datetime, writes: int, reads: int
) -> dict[str, float]:
    """Reflections saved one per transaction by PERSON + 1; PERSON's year read back (with and
    without the digest built from it)."""
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
    figures["year_read_wall"] = figures["entry_read_wall"] * count
    figures["entries"] = count
    return figures


def _layer_rows(
    report: Report, where: str, sealed: list[dict[str, float]], unsealed: list[dict[str, float]]
) -> None:
    """The per-person layer's rows: layer on against the pass-through, medians of the rounds."""
    count = int(statistics.median(r["entries"] for r in sealed))
    for key, what, digits in [
        ("writes_wall", "an entry saved, wall", 4),
        ("writes_cpu", "an entry saved, CPU", 4),
        ("entry_read_wall", "an entry read back, wall", 4),
        ("entry_read_cpu", "an entry read back, CPU", 4),
        ("year_read_wall", f"a year ({count} entries) read back, wall", 3),
        ("reads_wall", "a year read back + digest, wall", 3),
        ("reads_cpu", "a year read back + digest, CPU", 3),
    ]:
        on = statistics.median(r[key] for r in sealed) * 1000
        off = statistics.median(r[key] for r in unsealed) * 1000
        per_entry = "" if key.startswith("writes") or key.startswith("entry") else " per entry"
        extra = (on - off) * 1000 / (count if per_entry else 1)
        report.add(
            f"per-person layer{where}: {what}",
            f"{fmt(on, digits)} ms",
            baseline=f"without the layer {fmt(off, digits)} ms",
            ratio=f"{fmt(on / off, 2)}× ({fmt(extra, 1)} µs{per_entry})",
        )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--writes", type=int, default=400, help="reflections saved per round")
    parser.add_argument("--reads", type=int, default=20, help="digest reads per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-append", action="store_true")
    parser.add_argument(
        "--no-postgres", action="store_true", help="SQLite only (no PostgreSQL server at hand)"
    )
    parser.add_argument(
        "--postgres-url",
        default=POSTGRES_URL,
        help="the PostgreSQL database (default: SMALLSTEPS_BENCH_POSTGRES_URL, else the local "
        "server's `test` database)",
    )
    args = parser.parse_args(argv)
    report = Report("Encryption's cost")
    report.add("machine speed reference (before)", f"{fmt(calibrate(), 1)} ms")

    async def run() -> dict[str, list[dict[str, float]]]:
        results: dict[str, list[dict[str, float]]] = {
            "sqlcipher": [],
            "plain": [],
            "unsealed": [],
            "pg-sealed": [],
            "pg-unsealed": [],
        }
        with tempfile.TemporaryDirectory(prefix="bench-encryption-") as tmp:
            for n in range(args.rounds):
                order = ("sqlcipher", "plain", "unsealed")
                for kind in order if n % 2 == 0 else reversed(order):
                    results[kind].append(await _round(kind, Path(tmp), args.writes, args.reads, n))
                if args.no_postgres:
                    continue
                pg_order = ("sealed", "unsealed")
                for kind in pg_order if n % 2 == 0 else reversed(pg_order):
                    results[f"pg-{kind}"].append(
                        await _postgres_round(kind, args.postgres_url, args.writes, args.reads)
                    )
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
    _layer_rows(report, " (SQLite)", results["sqlcipher"], results["unsealed"])
    if not args.no_postgres:
        _layer_rows(report, " (PostgreSQL)", results["pg-sealed"], results["pg-unsealed"])
    report.add("machine speed reference (after)", f"{fmt(calibrate(), 1)} ms")
    report.note(
        f"medians of {args.rounds} alternating rounds; stdlib sqlite {sqlite3.sqlite_version}, "
        f"SQLCipher's SQLite {sqlcipher3.sqlite_version}; both in WAL mode with "
        "synchronous=FULL (the default), secure_delete on"
    )
    report.note(
        "per-person layer: with it, as shipped; without it, a pass-through in place of the key "
        "store (no key lookup, no seal, words stored unsealed); the digest's row is per entry of "
        "the year; CPU is this process's only"
    )
    if not args.no_postgres:
        report.note(
            f"PostgreSQL at {redacted_url(args.postgres_url)}, a fresh schema per round (dropped "
            "afterwards), the key store in the schema beside it; every key lookup reads the "
            "wrapped key's row (one per entry saved, one per history read)"
        )
    if not args.no_append:
        report.append()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
