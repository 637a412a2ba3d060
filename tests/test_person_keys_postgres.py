"""Per-person keys on PostgreSQL: the key store is a schema of its own, left out of the data's
dump, so a dump made before an erasure, restored after it, no longer yields the erased
person's words; and a key destroyed by one instance is not used by another after."""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit, urlunsplit

import psycopg
import pytest

from bot.config import Settings
from bot.store import KeyStoreMismatchError, Store
from bot.store.entries import editable_text
from bot.store.keys import key_schema_for
from conversations.history import texts as history_texts
from fake_telegram import FakeTelegram, FakeUser
from tests.conftest import KEY, Harness, onboard

ANA, BO = 1001, 2002
ANA_WIN = "SECRET-a11a: I told my sister how I felt"
BO_WIN = "OPEN-b0b0: I cooked dinner"
PAUSED = "Paused before reacting ⏸️"
NOW = datetime(2026, 11, 22, 9, 30, tzinfo=UTC)


@pytest.fixture
def settings(tmp_path: Path, telegram: FakeTelegram, postgres_url: str) -> Settings:
    """The bot on PostgreSQL, whatever SMALLSTEPS_TEST_BACKEND says."""
    return Settings(
        token=telegram.token,
        db_key=KEY,
        db_path=tmp_path / "unused.db",
        database_url=postgres_url,
    )


def _server_and_schema(url: str) -> tuple[str, str]:
    """The server's URL without options, and the schema the test's data is in."""
    parts = urlsplit(url)
    options = dict(parse_qsl(parts.query))["options"]
    return urlunsplit(parts._replace(query="")), options.removeprefix("-csearch_path=")


async def _win(user: FakeUser, words: str) -> None:
    await user.send("/win")
    await user.send(words)
    await user.tap(PAUSED)
    assert "Saved ✓" in user.last_text()


async def _words(store: Store, telegram_id: int) -> list[str | None]:
    return [editable_text(entry) for entry in await store.entries.all_of(telegram_id)]


@pytest.mark.skipif(shutil.which("pg_dump") is None, reason="needs pg_dump and psql")
async def test_a_dump_made_before_an_erasure_no_longer_yields_the_words(
    tmp_path: Path, harness: Harness, ana: FakeUser, settings: Settings
) -> None:
    assert settings.database_url is not None
    server, schema = _server_and_schema(settings.database_url)
    bo = harness.person(BO, "Bo")
    for person, words in ((ana, ANA_WIN), (bo, BO_WIN)):
        await onboard(person)
        await _win(person, words)

    # The data's dump, as the README says to make it: the key store's schema left out.
    dump = tmp_path / "before.sql"
    command = ["pg_dump", "--no-owner", f"--schema={schema}", "--exclude-schema=*_keys"]
    subprocess.run([*command, "-f", dump, server], check=True)
    text = dump.read_text()
    assert "CREATE TABLE" in text and "wins" in text
    assert "person_keys" not in text and "SECRET-a11a" not in text and "OPEN-b0b0" not in text

    await ana.send("/delete")
    await ana.tap("Yes, erase everything")
    assert await harness.store.keys.key(ANA, create=False) is None
    await harness.stop()

    # The old dump is restored in place of the data; the key store is the live one.
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA "{schema}" CASCADE')
    subprocess.run(
        ["psql", "-q", "-v", "ON_ERROR_STOP=1", "-f", dump, server],
        check=True,
        capture_output=True,
    )
    await harness.start()
    store = harness.store
    # Her rows are back, sealed; nothing of hers opens, and nothing fails either.
    assert (await store.count_person(ANA))["wins"] == 1
    assert await store.entries.all_of(ANA) == []
    await ana.send("/history")
    assert ana.replies() == [history_texts.EMPTY]
    # Bo's words, sealed under his own key, still read.
    assert await _words(store, BO) == [BO_WIN]
    await bo.send("/history")
    assert any("OPEN-b0b0" in reply for reply in bo.replies())


async def test_the_key_store_is_a_schema_apart_from_the_data(postgres_url: str) -> None:
    store = Store(Path("unused.db"), KEY, database_url=postgres_url)
    await store.open()
    try:
        await store.users.create(ANA, "en", NOW)
        await store.entries.add_win(
            ANA, "w1", now=NOW, local_date=NOW.date(), text=ANA_WIN, progress_kind="k"
        )
        _, schema = _server_and_schema(postgres_url)
        data_tables = {
            str(row[0])
            for row in await store.db.fetch_all(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = ?",
                (schema,),
            )
        }
        key_tables = {
            str(row[0])
            for row in await store.db.fetch_all(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = ?",
                (key_schema_for(schema),),
            )
        }
        assert "wins" in data_tables and "person_keys" not in data_tables
        assert "person_keys" in key_tables and "wins" not in key_tables
        # The words are bytes, sealed; they read back through her key.
        row = await store.db.fetch_one("SELECT text FROM wins WHERE telegram_id = ?", (ANA,))
        assert row is not None and isinstance(row[0], bytes) and b"SECRET" not in row[0]
        assert await _words(store, ANA) == [ANA_WIN]
    finally:
        await store.close()


async def test_a_key_destroyed_by_one_instance_is_not_used_by_another(postgres_url: str) -> None:
    first = Store(Path("unused.db"), KEY, database_url=postgres_url)
    second = Store(Path("unused.db"), KEY, database_url=postgres_url)
    await first.open()
    await second.open()
    try:
        await first.users.create(ANA, "en", NOW)
        await first.entries.add_win(
            ANA, "w1", now=NOW, local_date=NOW.date(), text=ANA_WIN, progress_kind="k"
        )
        assert await _words(second, ANA) == [ANA_WIN]  # the second now holds her key
        row = await second.db.fetch_one("SELECT text FROM wins WHERE telegram_id = ?", (ANA,))
        assert row is not None
        sealed = bytes(row[0])

        assert await first.keys.destroy(ANA)
        # The second instance no longer opens what was sealed under her key...
        assert await second.keys.key(ANA, create=False) is None
        with pytest.raises(Exception, match="destroyed"):
            await second.keys.open_value(ANA, "wins.text", sealed)
        # ...and seals what comes next under a new key, which the first one opens too.
        new = await second.keys.seal(ANA, "wins.text", "a fresh start")
        assert await first.keys.open_value(ANA, "wins.text", new) == "a fresh start"
    finally:
        await second.close()
        await first.close()


async def test_sealed_data_is_never_run_with_a_missing_key_store(postgres_url: str) -> None:
    store = Store(Path("unused.db"), KEY, database_url=postgres_url)
    await store.open()
    try:
        await store.users.create(ANA, "en", NOW)
        await store.entries.add_win(
            ANA, "w1", now=NOW, local_date=NOW.date(), text=ANA_WIN, progress_kind="k"
        )
    finally:
        await store.close()
    server, schema = _server_and_schema(postgres_url)
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA "{key_schema_for(schema)}" CASCADE')

    with pytest.raises(KeyStoreMismatchError, match="no key store"):
        await Store(Path("unused.db"), KEY, database_url=postgres_url).open()
    with psycopg.connect(server, autocommit=True) as conn:  # and none was made
        row = conn.execute(
            "SELECT count(*) FROM information_schema.schemata WHERE schema_name = %s",
            (key_schema_for(schema),),
        ).fetchone()
        assert row == (0,)
