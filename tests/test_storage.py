"""Storage: every repository test runs on both backends (the `store` fixture: an encrypted,
temporary SQLite file, then a fresh PostgreSQL schema); SQLite's file, key and pragmas, and
PostgreSQL's own seams, have tests of their own."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import psycopg
import pytest
import sqlcipher3

from bot.store import (
    SCHEMA_VERSION,
    Database,
    DatabaseTooNewError,
    DatabaseUnreachableError,
    PostgresDatabase,
    Store,
    WrongKeyError,
)
from bot.store.keys import PersonKeys
from bot.store.migrations import (
    MIGRATIONS,
    POSTGRES_BASELINE_VERSION,
    Migration,
    MissingPostgresFormError,
    migrate,
    postgres_form,
)
from bot.store.postgres import to_postgres

KEY = "k" * 40
NOW = datetime(2026, 11, 22, 9, 30, tzinfo=UTC)


async def _open(database_url: str | None, tmp_path: Path) -> Database | PostgresDatabase:
    if database_url is None:
        return await Database.open(tmp_path / "m.db", KEY)
    return await PostgresDatabase.open(database_url)


async def _keys(database_url: str | None, tmp_path: Path) -> PersonKeys:
    if database_url is None:
        return await PersonKeys.open(tmp_path / "m.keys.db", KEY)
    return await PersonKeys.open_postgres(database_url, KEY)


async def _tables(db: Database | PostgresDatabase) -> set[str]:
    if db.dialect == "sqlite":
        rows = await db.fetch_all("SELECT name FROM sqlite_master WHERE type = 'table'")
    else:
        rows = await db.fetch_all(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
        )
    return {str(r[0]) for r in rows}


async def test_migrations_apply_on_an_empty_database_and_again(
    tmp_path: Path, database_url: str | None
) -> None:
    db = await _open(database_url, tmp_path)
    keys = await _keys(database_url, tmp_path)
    try:
        assert await db.user_version() == 0
        assert await migrate(db, keys) == SCHEMA_VERSION
        assert {"users", "conversation_states", "user_drafts", "outbox"} <= await _tables(db)
        assert await migrate(db, keys) == SCHEMA_VERSION  # idempotent
        assert await db.user_version() == SCHEMA_VERSION
    finally:
        await keys.close()
        await db.close()


async def test_a_newer_database_is_refused_and_left_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    db = await Database.open(path, KEY)
    await db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    await db.close()
    before = path.read_bytes()
    with pytest.raises(DatabaseTooNewError, match="newer"):
        await Store(path, KEY).open()
    assert path.read_bytes() == before


async def test_the_file_is_encrypted(tmp_path: Path) -> None:
    path = tmp_path / "enc.db"
    s = Store(path, KEY)
    await s.open()
    await s.users.create(42, "en", NOW)
    await s.state.save_draft(42, {"note": "SENTINEL-Ana-wrote-this"})
    await s.close()
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("enc.db"))
    assert b"SENTINEL" not in raw
    assert not raw.startswith(b"SQLite format 3")
    # And the data really is there, for whoever holds the key.
    s = Store(path, KEY)
    await s.open()
    assert (await s.state.drafts())[42] == {"note": "SENTINEL-Ana-wrote-this"}
    await s.close()


async def test_a_wrong_key_is_refused_and_the_file_untouched(tmp_path: Path) -> None:
    path = tmp_path / "w.db"
    s = Store(path, KEY)
    await s.open()
    await s.users.create(1, None, NOW)
    await s.close()
    before = path.read_bytes()
    with pytest.raises(WrongKeyError, match="cannot be opened with this key"):
        await Store(path, "x" * 40).open()
    assert path.read_bytes() == before


async def test_a_plain_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "plain.db"
    conn = sqlcipher3.connect(str(path))
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(WrongKeyError):
        await Store(path, KEY).open()


async def test_pragmas_are_set(tmp_path: Path) -> None:
    store = Store(tmp_path / "p.db", KEY)
    await store.open()
    assert (await store.db.fetch_one("PRAGMA journal_mode"))[0] == "wal"
    assert (await store.db.fetch_one("PRAGMA foreign_keys"))[0] == 1
    assert (await store.db.fetch_one("PRAGMA secure_delete"))[0] == 1
    assert (await store.db.fetch_one("PRAGMA busy_timeout"))[0] > 0
    await store.close()


async def test_a_person_and_their_settings_round_trip(store: Store) -> None:
    created = await store.users.create(7, "de", NOW)
    assert created.consented_at == NOW and not created.is_set_up
    assert created.digest_weekday == 6 and created.digest_time == time(18, 0)
    assert created.active and created.paused_until is None
    await store.users.complete_setup(7, "Europe/Berlin", time(21, 30))
    await store.users.set_digest(7, 4, time(17, 15))
    await store.users.set_paused_until(7, datetime(2026, 11, 25, tzinfo=UTC))
    person = await store.users.get(7)
    assert person is not None
    assert (person.timezone, person.prompt_time) == ("Europe/Berlin", time(21, 30))
    assert (person.digest_weekday, person.digest_time) == (4, time(17, 15))
    assert person.is_paused(NOW) and not person.is_paused(datetime(2026, 11, 26, tzinfo=UTC))
    again = await store.users.create(7, "en", NOW)
    assert again.language_code == "de"  # consent is recorded once; settings are kept


async def test_a_failed_transaction_leaves_nothing(store: Store) -> None:
    with pytest.raises(RuntimeError):
        async with store.db.transaction() as conn:
            await conn.execute(
                "INSERT INTO users (telegram_id, consented_at, created_at) VALUES (5, 'x', 'x')"
            )
            raise RuntimeError("boom")
    assert await store.users.get(5) is None


async def test_conversation_state_and_drafts_round_trip(store: Store) -> None:
    await store.state.save_conversation("onboarding", (9, 9), "onboarding.time", NOW)
    await store.state.save_draft(9, {"timezone": "Asia/Kathmandu"})
    assert await store.state.conversations("onboarding") == {(9, 9): "onboarding.time"}
    await store.state.save_conversation("onboarding", (9, 9), None, NOW)
    await store.state.save_draft(9, {})
    assert await store.state.conversations("onboarding") == {}
    assert await store.state.drafts() == {}


async def test_erasing_a_person_removes_every_row(store: Store) -> None:
    await store.users.create(11, "en", NOW)
    await store.users.create(12, "en", NOW)
    await store.state.save_conversation("settings", (11, 11), "settings.menu", NOW)
    await store.state.save_draft(11, {"x": 1})
    # Updates still in the inbox (or set aside) carry their words: theirs go, others' stay.
    await store.state.receive([(1, _message(11, "mine")), (2, _message(12, "theirs"))], NOW)
    await store.state.quarantine(3, _message(11, "odd"), "unreadable", NOW)
    await store.state.quarantine(4, _message(12, "odd"), "unreadable", NOW)
    await store.outbox.add(11, "Hello", None, NOW)
    counts = await store.erase_person(11, farewell="Done.", now=NOW)
    assert counts["inbox"] == 1 and counts["quarantine"] == 1 and counts["users"] == 1
    assert await store.users.get(11) is None
    assert await store.users.get(12) is not None
    assert await store.state.conversations("settings") == {}
    assert 11 not in await store.state.drafts()
    assert [update_id for update_id, _ in await store.state.unhandled()] == [2]
    assert await store.state.quarantined() == [(4, "unreadable")]
    assert [reply.text for reply in await store.outbox.waiting(11)] == ["Done."]


def _message(person: int, text: str) -> str:
    return (
        f'{{"update_id": 1, "message": {{"message_id": 5, "date": 0, "text": "{text}", '
        f'"from": {{"id": {person}, "is_bot": false, "first_name": "A"}}, '
        f'"chat": {{"id": {person}, "type": "private"}}}}}}'
    )


async def test_reflections_round_trip_newest_first_and_never_twice(store: Store) -> None:
    await store.users.create(3, "en", NOW)
    day = date(2026, 11, 22)
    assert await store.entries.add_win(
        3, "flow-a", now=NOW, local_date=day, text="I paused <3 & breathed", progress_kind="paused"
    )
    # The same flow's last step replayed (after a crash): not saved twice.
    assert not await store.entries.add_win(
        3, "flow-a", now=NOW, local_date=day, text="I paused <3 & breathed", progress_kind="paused"
    )
    later = NOW + timedelta(minutes=5)
    assert await store.entries.add_feeling(
        3,
        "flow-b",
        now=later,
        local_date=day,
        word="calm",
        feeling_key="calm",
        quadrant="pc",
        intensity=4,
        body=None,
        about="a walk",
    )
    latest = NOW + timedelta(minutes=9)
    assert await store.entries.add_reframe(
        3,
        "flow-c",
        now=latest,
        local_date=day,
        situation="missed a call",
        critic="I'm hopeless",
        heaviness_before=8,
        feeling="ashamed",
        friend_words="You're doing your best",
        critic_is="assumption",
        heaviness_after=5,
    )
    assert await store.entries.count(3) == 3
    assert await store.entries.count_wins(3, "paused") == 1
    page = await store.entries.recent(3, limit=2)
    assert [type(e).__name__ for e in page] == ["Reframe", "Feeling"]
    assert page[0].heaviness_before == 8 and page[0].heaviness_after == 5
    (oldest,) = await store.entries.recent(3, limit=2, offset=2)
    assert oldest.text == "I paused <3 & breathed" and oldest.local_date == day
    await store.erase_person(3)
    assert await store.entries.count(3) == 0


async def test_reflection_ratings_are_checked_by_the_database(store: Store) -> None:
    await store.users.create(4, "en", NOW)
    with pytest.raises((sqlcipher3.IntegrityError, psycopg.errors.CheckViolation)):
        await store.entries.add_feeling(
            4,
            "f",
            now=NOW,
            local_date=date(2026, 11, 22),
            word="x",
            feeling_key=None,
            quadrant="pc",
            intensity=11,
            body=None,
            about=None,
        )


async def test_nested_transactions_commit_or_roll_back_together(store: Store) -> None:
    with pytest.raises(RuntimeError):
        async with store.db.transaction():
            await store.users.create(21, "en", NOW)  # its own transaction joins the outer one
            assert await store.users.get(21) is not None  # visible inside
            raise RuntimeError("boom")
    assert await store.users.get(21) is None
    async with store.db.transaction():
        await store.users.create(22, "en", NOW)
        await store.state.save_draft(22, {"step": 1})
    assert await store.users.get(22) is not None and (await store.state.drafts())[22]


async def test_replies_wait_in_the_outbox_in_order_and_are_taken_once(store: Store) -> None:
    first = await store.outbox.add(5, "one", None, NOW)
    second = await store.outbox.add(5, "two", {"inline_keyboard": []}, NOW)
    assert second > first > 0
    waiting = await store.outbox.waiting(5)
    assert [(r.id, r.text, r.keyboard) for r in waiting] == [
        (first, "one", None),
        (second, "two", {"inline_keyboard": []}),
    ]
    assert await store.outbox.take(first)
    assert not await store.outbox.take(first)
    assert [r.id for r in await store.outbox.waiting()] == [second]


async def test_bytes_round_trip_unchanged(store: Store) -> None:
    """What an encrypted field will hold (BLOB on SQLite, BYTEA on PostgreSQL) comes back as
    the same bytes."""
    blob = "BYTEA" if store.db.dialect == "postgres" else "BLOB"
    await store.db.execute(f"CREATE TABLE sealed (id INTEGER PRIMARY KEY, value {blob})")
    value = bytes(range(256)) + b"\x00 end"
    assert await store.db.execute("INSERT INTO sealed (id, value) VALUES (?, ?)", (1, value)) == 1
    row = await store.db.fetch_one("SELECT value FROM sealed WHERE id = ?", (1,))
    assert row is not None and row[0] == value and isinstance(row[0], bytes)


async def test_the_schedule_claims_each_delivery_once(store: Store) -> None:
    from bot.store.schedule import Claim, Due, Planned

    await store.users.create(8, "en", NOW)
    await store.users.complete_setup(8, "Europe/Berlin", time(21, 30))
    assert [p.telegram_id for p in await store.schedule.to_plan(10)] == [8]
    day = date(2026, 11, 22)
    due_at = datetime(2026, 11, 22, 20, 30, tzinfo=UTC)
    await store.schedule.set_plans([(8, "prompt", Planned(due_at, day))])
    assert await store.schedule.due("prompt", due_at - timedelta(minutes=1), 10) == []
    (due,) = await store.schedule.due("prompt", due_at, 10)
    assert isinstance(due, Due) and (due.local_date, due.due_at) == (day, due_at)
    tomorrow = Planned(due_at + timedelta(days=1), day + timedelta(days=1))
    claim = Claim(due, "claimed", "q1", tomorrow)
    assert await store.schedule.claim("prompt", [claim], due_at) == [due]
    assert await store.schedule.claim("prompt", [claim], due_at) == []  # never twice
    assert await store.schedule.unfinished("prompt") == [(8, day, "claimed")]
    await store.schedule.mark_sending("prompt", [(8, day)])
    await store.schedule.set_status(8, "prompt", day, "sent", message_id=77, sent_at=due_at)
    sent = await store.schedule.sent_prompt_by_message(8, 77)
    assert sent is not None and (sent.status, sent.question_key) == ("sent", "q1")
    assert await store.schedule.snooze(8, day, due_at + timedelta(hours=1))
    assert await store.schedule.put_off_question(8) == "q1"
    assert not await store.schedule.checked_in(8, day)
    await store.entries.add_win(8, "w", now=due_at, local_date=day, text="t", progress_kind="k")
    assert await store.schedule.checked_in(8, day)
    assert await store.entries.saved_since(8, due_at) and not await store.entries.saved_since(
        8, due_at + timedelta(seconds=1)
    )


async def test_a_newer_postgres_schema_is_refused_and_left_unchanged(postgres_url: str) -> None:
    db = await PostgresDatabase.open(postgres_url)
    keys = await PersonKeys.open_postgres(postgres_url, KEY)
    try:
        await migrate(db, keys)
        await keys.close()
        await db.execute("UPDATE schema_version SET version = ?", (SCHEMA_VERSION + 1,))
        with pytest.raises(DatabaseTooNewError, match="newer"):
            await Store(Path("unused.db"), KEY, database_url=postgres_url).open()
        assert await db.user_version() == SCHEMA_VERSION + 1
    finally:
        await db.close()


async def test_postgres_has_the_same_tables_columns_and_indexes_as_sqlite(
    tmp_path: Path, postgres_url: str
) -> None:
    """The PostgreSQL forms of the migrations build what the SQLite ones build."""
    lite = await Database.open(tmp_path / "schema.db", KEY)
    pg = await PostgresDatabase.open(postgres_url)
    lite_keys = await _keys(None, tmp_path)
    pg_keys = await _keys(postgres_url, tmp_path)
    try:
        await migrate(lite, lite_keys)
        await migrate(pg, pg_keys)
        lite_shape: dict[str, list[tuple[str, bool]]] = {}
        for (table,) in await lite.fetch_all(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
        ):
            columns = await lite.fetch_all(f"PRAGMA table_info({table})")
            lite_shape[table] = [(c[1], bool(c[3] or c[5])) for c in columns]
        pg_shape: dict[str, list[tuple[str, bool]]] = {}
        for table, column, nullable in await pg.fetch_all(
            "SELECT table_name, column_name, is_nullable FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND table_name <> 'schema_version' "
            "ORDER BY table_name, ordinal_position"
        ):
            pg_shape.setdefault(table, []).append((column, nullable == "NO"))
        assert pg_shape == lite_shape
        lite_indexes = await lite.fetch_all(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        )
        pg_indexes = await pg.fetch_all(
            "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() "
            "AND indexname NOT LIKE '%\\_pkey' AND indexname NOT LIKE '%\\_key'"
        )
        assert {r[0] for r in pg_indexes} == {r[0] for r in lite_indexes}
    finally:
        await lite_keys.close()
        await pg_keys.close()
        await lite.close()
        await pg.close()


def test_every_step_after_the_postgres_baseline_has_both_forms() -> None:
    for version in range(POSTGRES_BASELINE_VERSION + 1, SCHEMA_VERSION + 1):
        step = MIGRATIONS[version - 1]
        assert isinstance(step, Migration), f"step {version} needs a PostgreSQL form"
        assert postgres_form(version) and step.sqlite
    with pytest.raises(MissingPostgresFormError, match="Migration\\(sqlite="):
        postgres_form(1)  # SQLite-only: PostgreSQL gets it within the baseline


def test_placeholders_become_postgres_ones_outside_quotes() -> None:
    assert to_postgres("SELECT a FROM t WHERE b = ? AND c = ?") == (
        "SELECT a FROM t WHERE b = $1 AND c = $2"
    )
    assert to_postgres("WHERE x = ?1 AND y = ?2 OR z = ?1") == "WHERE x = $1 AND y = $2 OR z = $1"
    assert to_postgres("SELECT '?', 'it''s ?', \"odd?\" FROM t WHERE v = ?") == (
        "SELECT '?', 'it''s ?', \"odd?\" FROM t WHERE v = $1"
    )
    assert to_postgres("VALUES (?, ?) RETURNING id") == "VALUES ($1, $2) RETURNING id"


async def test_postgres_transactions_are_the_server_s_one_task_at_a_time(
    postgres_url: str,
) -> None:
    """Another task neither sees a transaction's uncommitted rows nor waits for it (SQLite's
    one connection makes it wait); the task's own nested calls join it."""
    store = Store(Path("unused.db"), KEY, database_url=postgres_url)
    await store.open()
    try:
        inside, done = asyncio.Event(), asyncio.Event()
        seen: list[object] = []

        async def outsider() -> None:
            await inside.wait()
            seen.append(await store.users.get(31))
            done.set()

        task = asyncio.create_task(outsider())
        async with store.db.transaction():
            await store.users.create(31, "en", NOW)
            assert await store.users.get(31) is not None
            inside.set()
            await done.wait()  # the outsider read while this transaction was open
        await task
        assert seen == [None]
        assert await store.users.get(31) is not None
    finally:
        await store.close()


def test_sqlite_the_tests_compare_with_supports_returning() -> None:
    """outbox.add relies on INSERT … RETURNING (SQLite 3.35+) on both backends."""
    version = tuple(int(p) for p in sqlcipher3.sqlite_version.split("."))
    assert version >= (3, 35), sqlite3.sqlite_version


async def test_a_postgres_server_that_does_not_answer_is_named_without_its_password() -> None:
    url = "postgresql://smallsteps:pg-secret-pw@127.0.0.1:9/smallsteps"
    with pytest.raises(DatabaseUnreachableError) as caught:
        await PostgresDatabase.open(url, timeout=1)
    message = str(caught.value)
    assert "postgresql://smallsteps:***@127.0.0.1:9/smallsteps" in message
    assert "pg-secret-pw" not in message and "SMALLSTEPS_DATABASE_URL" in message
