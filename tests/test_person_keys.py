"""Each person's words sealed under a key of their own (crypto-shredding): nothing they wrote is
readable in the database without their key, the key store is kept apart from the database, an
erasure destroys the key first, and a copy of the database made before an erasure no longer
yields the erased person's words."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import pytest

from bot.config import Settings
from bot.store import (
    SCHEMA_VERSION,
    Database,
    KeyStoreMismatchError,
    Store,
    key_store_path,
    sealing,
)
from bot.store.backup import backup
from bot.store.entries import editable_text
from bot.store.migrations import KEY_STORE_VERSION, MIGRATIONS
from conversations.history import texts as history_texts
from fake_telegram import FakeTelegram, FakeUser
from tests.conftest import KEY, NOW, Harness, onboard
from tests.test_erase_traces import CipherDefaults, SQLCipherPages, _where

ANA, BO = 1001, 2002
ANA_WIN = "SECRET-a11a: I told my sister how I felt"
ANA_NOTE = "SECRET-a22a: a note just for me"
ANA_DRAFT = "SECRET-a33a: half a win, not saved yet"
ANA_PLAN = "SECRET-a44a: call Mira"
BO_WIN = "OPEN-b0b0: I cooked dinner"
PAUSED = "Paused before reacting ⏸️"


@pytest.fixture
def settings(tmp_path: Path, telegram: FakeTelegram) -> Settings:
    """These tests read the SQLite files (the database's pages, the key store beside it): SQLite
    even when SMALLSTEPS_TEST_BACKEND runs the application's tests on PostgreSQL (the key store
    on PostgreSQL: tests/test_person_keys_postgres.py)."""
    return Settings(token=telegram.token, db_key=KEY, db_path=tmp_path / "smallsteps.db")


async def _all_values(db: Database) -> list[object]:
    """Every value of every column of every table, as the database hands it out."""
    tables = await db.fetch_all("SELECT name FROM sqlite_master WHERE type = 'table'")
    values: list[object] = []
    for (table,) in tables:
        for row in await db.fetch_all(f'SELECT * FROM "{table}"'):
            values.extend(row)
    return values


def _holds(values: list[object], words: str) -> bool:
    needle = words.split(":")[0]
    return any(
        needle in value if isinstance(value, str) else needle.encode() in bytes(value)
        for value in values
        if isinstance(value, str | bytes)
    )


async def _win(user: FakeUser, words: str) -> None:
    await user.send("/win")
    await user.send(words)
    await user.tap(PAUSED)
    assert "Saved ✓" in user.last_text()


async def _words(store: Store, telegram_id: int) -> list[str | None]:
    return [editable_text(entry) for entry in await store.entries.all_of(telegram_id)]


# ------------------------------------------------------------------------------ the sealing


def test_a_value_opens_only_for_its_person_and_field() -> None:
    key = sealing.AESGCM(sealing.new_data_key())
    sealed = sealing.seal(key, ANA, "wins.text", ANA_WIN)
    assert sealed[0] == sealing.VERSION and ANA_WIN.encode() not in sealed
    assert sealing.open_sealed(key, ANA, "wins.text", sealed) == ANA_WIN
    with pytest.raises(sealing.SealError):
        sealing.open_sealed(key, BO, "wins.text", sealed)  # moved to another person
    with pytest.raises(sealing.SealError):
        sealing.open_sealed(key, ANA, "notes.text", sealed)  # moved to another field
    with pytest.raises(sealing.SealError):
        sealing.open_sealed(sealing.AESGCM(sealing.new_data_key()), ANA, "wins.text", sealed)
    assert sealing.seal(key, ANA, "wins.text", ANA_WIN) != sealed  # a fresh nonce each time


def test_a_wrapped_key_opens_only_for_its_person_and_secret() -> None:
    kek = sealing.derive_kek(KEY)
    data_key = sealing.new_data_key()
    wrapped = sealing.wrap(kek, ANA, data_key)
    assert data_key not in wrapped
    opened = sealing.unwrap(kek, ANA, wrapped)
    assert opened.decrypt(*_split(sealing.seal(opened, ANA, "f", "x")), b"v1|1001|f") == b"x"
    with pytest.raises(sealing.SealError):
        sealing.unwrap(kek, BO, wrapped)
    with pytest.raises(sealing.SealError):
        sealing.unwrap(sealing.derive_kek("another secret of forty characters, yes"), ANA, wrapped)
    # Derived under its own label: not the secret's bytes, nor the key store's passphrase.
    assert sealing.key_store_passphrase(KEY) != KEY
    assert bytes.fromhex(sealing.key_store_passphrase(KEY)) != sealing._derive(
        KEY, sealing.KEK_INFO
    )


def _split(sealed: bytes) -> tuple[bytes, bytes]:
    return sealed[1 : 1 + sealing.NONCE_SIZE], sealed[1 + sealing.NONCE_SIZE :]


# ---------------------------------------------------------------------- no words in the clear


async def test_no_table_holds_a_persons_words_in_the_clear(
    harness: Harness, ana: FakeUser, settings: Settings
) -> None:
    await onboard(ana)
    await _win(ana, ANA_WIN)
    await ana.send("/note")
    await ana.send(ANA_NOTE)
    await ana.send("/win")
    await ana.send(ANA_DRAFT)  # waits in her draft for the kind of step
    await harness.store.safety.save_section(ANA, "contacts", ANA_PLAN, NOW)
    await harness.store.safety.hold(ANA, json.dumps({"text": ANA_WIN}), NOW)

    values = await _all_values(harness.store.db)
    for words in (ANA_WIN, ANA_NOTE, ANA_DRAFT, ANA_PLAN):
        assert not _holds(values, words), words
    # The key store holds keys, wrapped, and no words either.
    key_values = await _all_values(harness.store.keys.db)
    for words in (ANA_WIN, ANA_NOTE, ANA_DRAFT, ANA_PLAN):
        assert not _holds(key_values, words), words
    # ...yet everything reads back, through her key.
    assert sorted(await _words(harness.store, ANA)) == sorted([ANA_WIN, ANA_NOTE])
    assert (await harness.store.state.drafts())[ANA]
    assert ANA_DRAFT in json.dumps((await harness.store.state.drafts())[ANA])
    assert await harness.store.safety.plan(ANA) == {"contacts": ANA_PLAN}
    assert json.loads(await harness.store.safety.held(ANA) or "") == {"text": ANA_WIN}
    await harness.stop()
    # In no decrypted page of the database file or its WAL either.
    pages = SQLCipherPages(KEY, CipherDefaults.reported()).on_disk(settings.db_path)
    for words in (ANA_WIN, ANA_NOTE, ANA_DRAFT, ANA_PLAN):
        assert _where(pages, words.split(":")[0]) == [], words


async def test_a_value_moved_to_another_person_is_not_shown(
    harness: Harness, ana: FakeUser
) -> None:
    await onboard(ana)
    await _win(ana, ANA_WIN)
    bo = harness.person(BO, "Bo")
    await onboard(bo)
    await _win(bo, BO_WIN)
    await harness.store.db.execute(
        "UPDATE wins SET text = (SELECT text FROM wins WHERE telegram_id = ?) "
        "WHERE telegram_id = ?",
        (ANA, BO),
    )
    assert await _words(harness.store, BO) == []  # his row holds her sealed words: not opened
    await bo.send("/history")
    assert ANA_WIN not in " ".join(bo.replies())
    assert await _words(harness.store, ANA) == [ANA_WIN]


# ------------------------------------------------------------------------------- erasure


async def test_a_backup_made_before_an_erasure_no_longer_yields_the_words(
    tmp_path: Path, harness: Harness, ana: FakeUser, settings: Settings
) -> None:
    bo = harness.person(BO, "Bo")
    for person, words in ((ana, ANA_WIN), (bo, BO_WIN)):
        await onboard(person)
        await _win(person, words)
    copy = tmp_path / "backups" / "before.db"
    copy.parent.mkdir()
    await backup(settings.db_path, copy, KEY)

    await ana.send("/delete")
    await ana.tap("Yes, erase everything")
    assert await harness.store.keys.key(ANA, create=False) is None
    await harness.stop()

    # The old copy is restored with the key store as it is now.
    restored = tmp_path / "restored" / "smallsteps.db"
    restored.parent.mkdir()
    shutil.copy(copy, restored)
    shutil.copy(key_store_path(settings.db_path), key_store_path(restored))
    harness.settings = dataclasses.replace(settings, db_path=restored)
    await harness.start()
    store = harness.store
    # Her rows are in the copy, sealed; nothing of hers opens, and nothing fails either.
    assert (await store.count_person(ANA))["wins"] == 1
    assert await store.entries.all_of(ANA) == []
    await ana.send("/history")
    assert ana.replies() == [history_texts.EMPTY]
    seen = len(ana.transcript())
    await ana.send("/export")
    exported = b"".join(m.file_bytes or b"" for m in ana.transcript()[seen:])
    assert exported and b"SECRET" not in exported
    # Bo's words, sealed under his own key, still read.
    assert await _words(store, BO) == [BO_WIN]
    await bo.send("/history")
    assert any("OPEN-b0b0" in reply for reply in bo.replies())


async def test_erasure_destroys_the_key_in_a_step_of_its_own(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db", KEY)
    await store.open()
    try:
        await store.users.create(ANA, "en", NOW)
        await store.entries.add_note(
            ANA, "n1", now=NOW, local_date=NOW.date(), prompt=None, text=ANA_NOTE
        )
        assert await store.keys.has_key(ANA)
        # As if the process died right after the key's step: the rows are left, unreadable.
        assert await store.keys.destroy(ANA)
        assert (await store.count_person(ANA))["notes"] == 1
        assert await store.entries.all_of(ANA) == []
        erased = await store.erase_person(ANA)  # running it again finishes the job
        assert erased["notes"] == 1 and erased["person_keys"] == 0
        assert not any((await store.count_person(ANA)).values())
    finally:
        await store.close()


# --------------------------------------------------------------------- the key store's place


async def test_a_database_is_never_run_with_a_missing_or_other_key_store(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    store = Store(path, KEY)
    await store.open()
    await store.users.create(ANA, "en", NOW)
    await store.entries.add_note(
        ANA, "n1", now=NOW, local_date=NOW.date(), prompt=None, text=ANA_NOTE
    )
    await store.close()
    keys = key_store_path(path)
    assert keys.name == "s.keys.db" and keys.is_file()
    kept = tmp_path / "kept.keys.db"
    keys.rename(kept)

    before = path.read_bytes()
    with pytest.raises(KeyStoreMismatchError, match="key store"):
        await Store(path, KEY).open()  # a new, empty key store would lose every word
    assert path.read_bytes() == before

    for leftover in tmp_path.glob("s.keys.db*"):
        leftover.unlink()
    kept.rename(keys)
    store = Store(path, KEY)
    await store.open()
    try:
        assert await _words(store, ANA) == [ANA_NOTE]
    finally:
        await store.close()


# ---------------------------------------------------------------------------- upgrading


async def _old_database(path: Path) -> None:
    """A database as the version before sealing left it, words stored as they were typed."""
    db = await Database.open(path, KEY)
    for version, statements in enumerate(MIGRATIONS[: KEY_STORE_VERSION - 1], start=1):
        async with db.transaction() as conn:
            for statement in statements:
                await conn.execute(statement)
            await conn.execute(f"PRAGMA user_version = {version}")
    stamp, day = NOW.isoformat(), NOW.date().isoformat()
    async with db.transaction() as conn:
        for person in (ANA, BO):
            await conn.execute(
                "INSERT INTO users (telegram_id, consented_at, created_at) VALUES (?, ?, ?)",
                (person, stamp, stamp),
            )
        await conn.execute(
            "INSERT INTO wins (telegram_id, flow_id, created_at, local_date, text, "
            "progress_kind) VALUES (?, 'w1', ?, ?, ?, 'paused')",
            (ANA, stamp, day, ANA_WIN),
        )
        await conn.execute(
            "INSERT INTO wins (telegram_id, flow_id, created_at, local_date, text, "
            "progress_kind) VALUES (?, 'w1', ?, ?, ?, 'paused')",
            (BO, stamp, day, BO_WIN),
        )
        await conn.execute(
            "INSERT INTO user_drafts (telegram_id, data) VALUES (?, ?)",
            (ANA, json.dumps({"words": ANA_DRAFT})),
        )
        await conn.execute(
            "INSERT INTO safety_plans (telegram_id, section, text, updated_at) "
            "VALUES (?, 'contacts', ?, ?)",
            (ANA, ANA_PLAN, stamp),
        )
        await conn.execute(
            "INSERT INTO quarantine (update_id, payload, reason, received_at) "
            "VALUES (9, ?, 'unreadable', ?)",
            (_update(9, ANA, ANA_NOTE), stamp),
        )
    await db.close()


async def test_an_old_database_has_its_words_sealed_when_it_is_opened(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    await _old_database(path)
    pages = SQLCipherPages(KEY, CipherDefaults.reported())
    assert _where(pages.on_disk(path), ANA_WIN)  # in the clear, inside SQLCipher's pages

    store = Store(path, KEY)
    await store.open()
    try:
        assert await store.db.user_version() == SCHEMA_VERSION
        values = await _all_values(store.db)
        for words in (ANA_WIN, BO_WIN, ANA_DRAFT, ANA_PLAN, ANA_NOTE, "Anaq7name"):
            assert not _holds(values, words), words
        assert await store.db.fetch_one("SELECT telegram_id FROM quarantine") == (ANA,)
        assert await _words(store, ANA) == [ANA_WIN]
        assert await _words(store, BO) == [BO_WIN]
        assert (await store.state.drafts())[ANA] == {"words": ANA_DRAFT}
        assert await store.safety.plan(ANA) == {"contacts": ANA_PLAN}
    finally:
        await store.close()
    # The old cells were zeroed and the WAL checkpointed: no page keeps the words.
    after = pages.on_disk(path)
    for words in (ANA_WIN, BO_WIN, ANA_DRAFT, ANA_PLAN, ANA_NOTE, "Anaq7name"):
        assert _where(after, words) == [], words

    again = Store(path, KEY)  # opening again changes nothing
    await again.open()
    try:
        assert await _words(again, ANA) == [ANA_WIN]
    finally:
        await again.close()


async def test_a_new_database_starts_sealed(tmp_path: Path) -> None:
    store = Store(tmp_path / "new.db", KEY)
    await store.open()
    try:
        assert await store.db.user_version() == SCHEMA_VERSION
        await store.users.create(ANA, "en", NOW)
        await store.entries.add_win(
            ANA,
            "w1",
            now=NOW,
            local_date=NOW.date(),
            text=ANA_WIN,
            progress_kind="paused",
        )
        (raw,) = await store.db.fetch_one("SELECT text FROM wins") or (None,)
        assert isinstance(raw, bytes) and raw[0] == sealing.VERSION
        assert await _words(store, ANA) == [ANA_WIN]
    finally:
        await store.close()


# ------------------------------------------------------------------------- stored updates


def _update(update_id: int, telegram_id: int, text: str, name: str = "Anaq7name") -> str:
    person = {"id": telegram_id, "is_bot": False, "first_name": name}
    return json.dumps(
        {
            "update_id": update_id,
            "message": {
                "message_id": update_id,
                "date": 0,
                "chat": {"id": telegram_id, "type": "private", "first_name": name},
                "from": person,
                "text": text,
            },
        }
    )


async def test_stored_updates_are_sealed_for_whoever_agreed_and_go_with_them(
    tmp_path: Path,
) -> None:
    stranger = 3003
    store = Store(tmp_path / "s.db", KEY)
    await store.open()
    try:
        await store.users.create(ANA, "en", NOW)
        await store.state.receive(
            [(1, _update(1, ANA, ANA_WIN)), (2, _update(2, stranger, "/start", "Cy"))], NOW
        )
        await store.state.quarantine(3, _update(3, ANA, ANA_NOTE), "unreadable", NOW)
        # One left by an older version, with no owner recorded: found all the same.
        await store.db.execute(
            "INSERT INTO quarantine (update_id, payload, reason, received_at) "
            "VALUES (4, ?, 'unreadable', ?)",
            (_update(4, ANA, ANA_DRAFT), NOW.isoformat()),
        )
        values = await _all_values(store.db)
        for words in (ANA_WIN, ANA_NOTE):  # (the older row keeps her name and draft as they came)
            assert not _holds(values, words), words
        # Someone who has agreed to nothing has no key: their update waits as it came.
        assert [
            json.loads(p)["message"]["from"]["id"] for _, p in await store.state.unhandled()
        ] == [
            ANA,
            stranger,
        ]
        assert await store.state.payload_of(1) == _update(1, ANA, ANA_WIN)

        erased = await store.erase_person(ANA)
        assert erased["inbox"] == 1 and erased["quarantine"] == 2
        assert [update_id for update_id, _ in await store.state.unhandled()] == [2]
        assert not _holds(await _all_values(store.db), "Anaq7name")
    finally:
        await store.close()
