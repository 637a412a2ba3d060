"""Shared fixtures: a real Application wired to the Bot API double, a fixed clock, fake people."""

from __future__ import annotations

import functools
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import psycopg
import pytest
from telegram import Update

from bot.app import build_application
from bot.clock import FixedClock
from bot.config import Settings
from bot.pipeline.application import SmallStepsApplication
from bot.pipeline.limits import PaceClock
from bot.store import Store
from bot.store.keys import PERSON_FIELDS, key_schema_for, owner_column
from fake_telegram import (
    FakeRequest,
    FakeTelegram,
    FakeUser,
    HttpDouble,
    VirtualClock,
    serve_http,
)

# PTB 22 warns (as an error, under our filterwarnings) when it builds RetryAfter with an int
# unless told to use timedelta everywhere; the bot sets the same in its entry point.
os.environ.setdefault("PTB_TIMEDELTA", "true")

KEY = "test-key-" + "0123456789" * 4
# A Sunday morning: 09:00 UTC is 10:00 in Berlin, 04:00 in New York.
NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


# The PostgreSQL server for the tests that run on both backends. Each test gets a schema of
# its own, dropped afterwards. When it does not answer, those tests are skipped (and the
# summary says so) unless SMALLSTEPS_REQUIRE_POSTGRES=1 (CI), when they fail.
POSTGRES_URL = os.environ.get(
    "SMALLSTEPS_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)
REQUIRE_POSTGRES = os.environ.get("SMALLSTEPS_REQUIRE_POSTGRES") == "1"
POSTGRES_SKIPPED = "PostgreSQL tests skipped: {url} did not answer"


@functools.cache
def postgres_answers() -> bool:
    """True if the test PostgreSQL server accepts a connection (asked once per process)."""
    try:
        with psycopg.connect(POSTGRES_URL, connect_timeout=3):
            return True
    except psycopg.Error:
        return False


def _shown_url() -> str:
    from bot.store.postgres import redacted_url

    return redacted_url(POSTGRES_URL)


def with_search_path(url: str, schema: str) -> str:
    """`url` with every connection's search_path set to `schema`."""
    parts = urlsplit(url)
    query = [*parse_qsl(parts.query), ("options", f"-csearch_path={schema}")]
    return urlunsplit(parts._replace(query=urlencode(query)))


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Say once, at the end, that the PostgreSQL half of the suite did not run."""
    skipped = terminalreporter.stats.get("skipped", [])
    if any("did not answer" in str(report.longrepr) for report in skipped):
        terminalreporter.write_line(POSTGRES_SKIPPED.format(url=_shown_url()), yellow=True)


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A URL to a fresh, empty schema in the test PostgreSQL database; dropped afterwards."""
    if not postgres_answers():
        message = POSTGRES_SKIPPED.format(url=_shown_url())
        if REQUIRE_POSTGRES:
            pytest.fail(f"{message} (and SMALLSTEPS_REQUIRE_POSTGRES=1)", pytrace=False)
        pytest.skip(message)
    schema = f"test_{uuid.uuid4().hex}"
    with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield with_search_path(POSTGRES_URL, schema)
    finally:
        with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')
            # the key store beside it (bot/store/keys.py), if one was made
            conn.execute(f'DROP SCHEMA IF EXISTS "{key_schema_for(schema)}" CASCADE')


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest) -> str | None:
    """Each backend in turn: None for SQLite, a fresh schema's URL for PostgreSQL."""
    if request.param == "sqlite":
        return None
    return request.getfixturevalue("postgres_url")


@pytest.fixture
async def store(tmp_path: Path, database_url: str | None) -> AsyncIterator[Store]:
    """An open store on each backend in turn (SQLite: a temporary encrypted file)."""
    s = Store(tmp_path / "store.db", KEY, database_url=database_url)
    await s.open()
    yield s
    await s.close()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark `slow` every test that runs the real bot process (they all use the HTTP double), so
    that `make test-fast` can leave them out."""
    for item in items:
        if "double" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)


@pytest.fixture
def telegram() -> FakeTelegram:
    return FakeTelegram()


@pytest.fixture
def double() -> Iterator[tuple[FakeTelegram, HttpDouble]]:
    """A fresh double served over HTTP on 127.0.0.1, for tests that run the real process."""
    telegram = FakeTelegram()
    with serve_http(telegram) as server:
        yield telegram, server


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


# SMALLSTEPS_TEST_BACKEND=postgres runs the application's tests (the `harness`) on PostgreSQL
# too; by default they use SQLite, and tests/test_postgres_end_to_end.py covers PostgreSQL.
APP_ON_POSTGRES = os.environ.get("SMALLSTEPS_TEST_BACKEND") == "postgres"


@pytest.fixture
def settings(tmp_path: Path, telegram: FakeTelegram, request: pytest.FixtureRequest) -> Settings:
    url = request.getfixturevalue("postgres_url") if APP_ON_POSTGRES else None
    return Settings(
        token=telegram.token, db_key=KEY, db_path=tmp_path / "smallsteps.db", database_url=url
    )


class Harness:
    """The running application, restartable on the same database (as after a crash)."""

    def __init__(self, settings: Settings, telegram: FakeTelegram, clock: FixedClock) -> None:
        self.settings = settings
        self.telegram = telegram
        self.clock = clock
        self.app: SmallStepsApplication | None = None
        # The scheduler's waits (RetryAfter, backoff) are recorded instead of slept.
        self.sleeps: list[float] = []
        self.request_class: type[FakeRequest] = FakeRequest
        # Telegram's time, shared by the double (callback answers' timeout) and the bot's
        # pacing under Telegram's limits: waiting for a limit costs no real time.
        self.time = VirtualClock()
        telegram.clock = self.time.now

    async def _sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)

    async def start(self) -> SmallStepsApplication:
        self.app = build_application(
            self.settings,
            request=self.request_class(self.telegram),
            clock=self.clock,
            sleep=self._sleep,
            pace=PaceClock(self.time.now, self.time.sleep),
        )
        await self.app.initialize()
        return self.app

    async def stop(self) -> None:
        if self.app is not None:
            await self.app.shutdown()
            self.app = None

    async def restart(self) -> SmallStepsApplication:
        await self.stop()
        return await self.start()

    async def deliver(self, update: dict[str, Any]) -> None:
        assert self.app is not None, "the application is not running"
        await self.app.process_update(Update.de_json(update, self.app.bot))

    @property
    def store(self) -> Store:
        assert self.app is not None
        return self.app.services.store

    async def tick(self, when: datetime | None = None):
        """Run the scheduler once, at `when` if given."""
        if when is not None:
            self.clock.set(when)
        assert self.app is not None and self.app.services.scheduler is not None
        return await self.app.services.scheduler.tick()

    def person(self, user_id: int = 1001, first_name: str = "Ana") -> FakeUser:
        return FakeUser(self.telegram, self.deliver, user_id=user_id, first_name=first_name)


@pytest.fixture
async def harness(
    settings: Settings, telegram: FakeTelegram, clock: FixedClock
) -> AsyncIterator[Harness]:
    h = Harness(settings, telegram, clock)
    await h.start()
    yield h
    await h.stop()
    # Every button tap got an answer: no spinning buttons, ever.
    assert telegram.unanswered_callback_queries() == []


@pytest.fixture
def ana(harness: Harness) -> FakeUser:
    return harness.person()


async def onboard(user: FakeUser, place: str = "Germany", at: str = "21:30") -> None:
    """Complete onboarding the way a person would."""
    await user.send("/start")
    await user.tap("Yes, that's okay")
    await user.send(place)
    await user.tap("Yes, that's right")
    await user.send(at)
    assert "All set" in " ".join(user.replies())


async def readable_rows(store: Store, table: str, columns: str = "*") -> list[tuple[Any, ...]]:
    """Every row of a table as the database holds it, with each person's sealed words opened
    with their key (what an operator holding the key store could read); in the order stored
    (SQLite's rowid, PostgreSQL's row position)."""
    order = "rowid" if store.db.dialect == "sqlite" else "ctid"
    rows = await store.db.fetch_all(f"SELECT {columns} FROM {table} ORDER BY {order}")
    if store.db.dialect == "sqlite":
        names = [row[1] for row in await store.db.fetch_all(f"PRAGMA table_info({table})")]
    else:
        names = [
            str(row[0])
            for row in await store.db.fetch_all(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = "
                "current_schema() AND table_name = ? ORDER BY ordinal_position",
                (table,),
            )
        ]
    if columns != "*":
        names = [name.strip() for name in columns.split(",")]
    fields = PERSON_FIELDS.get(table, ())
    if not fields:
        return rows
    ids = await store.db.fetch_all(f"SELECT {owner_column(table)} FROM {table} ORDER BY {order}")
    opened = []
    for (telegram_id,), row in zip(ids, rows, strict=True):
        values = list(row)
        for i, name in enumerate(names):
            if name in fields:
                values[i] = await store.keys.open_value(telegram_id, f"{table}.{name}", values[i])
        opened.append(tuple(values))
    return opened
