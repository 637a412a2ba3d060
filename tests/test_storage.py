"""Storage on real, encrypted, temporary SQLite files."""

from __future__ import annotations

from datetime import UTC, datetime, time
from pathlib import Path

import pytest
import sqlcipher3

from bot.store import (
    SCHEMA_VERSION,
    Database,
    DatabaseTooNewError,
    Store,
    WrongKeyError,
)
from bot.store.keys import PersonKeys
from bot.store.migrations import migrate

KEY = "k" * 40
NOW = datetime(2026, 11, 22, 9, 30, tzinfo=UTC)


@pytest.fixture
async def store(tmp_path: Path):
    s = Store(tmp_path / "s.db", KEY)
    await s.open()
    yield s
    await s.close()


async def test_migrations_apply_on_an_empty_file_and_again(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "m.db", KEY)
    keys = await PersonKeys.open(tmp_path / "m.keys.db", KEY)
    assert await db.user_version() == 0
    assert await migrate(db, keys) == SCHEMA_VERSION
    tables = {r[0] for r in await db.fetch_all("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"users", "conversation_states", "user_drafts"} <= tables
    assert await migrate(db, keys) == SCHEMA_VERSION  # idempotent
    assert await db.user_version() == SCHEMA_VERSION
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


async def test_pragmas_are_set(store: Store) -> None:
    assert (await store.db.fetch_one("PRAGMA journal_mode"))[0] == "wal"
    assert (await store.db.fetch_one("PRAGMA foreign_keys"))[0] == 1
    assert (await store.db.fetch_one("PRAGMA secure_delete"))[0] == 1
    assert (await store.db.fetch_one("PRAGMA busy_timeout"))[0] > 0


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
    await store.erase_person(11)
    assert await store.users.get(11) is None
    assert await store.users.get(12) is not None
    assert await store.state.conversations("settings") == {}
    assert 11 not in await store.state.drafts()


async def test_reflections_round_trip_newest_first_and_never_twice(store: Store) -> None:
    from datetime import date, timedelta

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
    from datetime import date

    await store.users.create(4, "en", NOW)
    with pytest.raises(sqlcipher3.IntegrityError):
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
