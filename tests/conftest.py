"""Shared fixtures: a real Application wired to the Bot API double, a fixed clock, fake people."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from telegram import Update

from bot.app import build_application
from bot.clock import FixedClock
from bot.config import Settings
from bot.pipeline.application import SmallStepsApplication
from bot.store import Store
from bot.store.keys import PERSON_FIELDS, owner_column
from fake_telegram import FakeRequest, FakeTelegram, FakeUser, HttpDouble, serve_http

# PTB 22 warns (as an error, under our filterwarnings) when it builds RetryAfter with an int
# unless told to use timedelta everywhere; the bot sets the same in its entry point.
os.environ.setdefault("PTB_TIMEDELTA", "true")

KEY = "test-key-" + "0123456789" * 4
# A Sunday morning: 09:00 UTC is 10:00 in Berlin, 04:00 in New York.
NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


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


@pytest.fixture
def settings(tmp_path: Path, telegram: FakeTelegram) -> Settings:
    return Settings(token=telegram.token, db_key=KEY, db_path=tmp_path / "smallsteps.db")


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

    async def _sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)

    async def start(self) -> SmallStepsApplication:
        self.app = build_application(
            self.settings,
            request=self.request_class(self.telegram),
            clock=self.clock,
            sleep=self._sleep,
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
    with their key (what an operator holding the key store could read)."""
    rows = await store.db.fetch_all(f"SELECT {columns} FROM {table} ORDER BY rowid")
    names = [row[1] for row in await store.db.fetch_all(f"PRAGMA table_info({table})")]
    if columns != "*":
        names = [name.strip() for name in columns.split(",")]
    fields = PERSON_FIELDS.get(table, ())
    if not fields:
        return rows
    ids = await store.db.fetch_all(f"SELECT {owner_column(table)} FROM {table} ORDER BY rowid")
    opened = []
    for (telegram_id,), row in zip(ids, rows, strict=True):
        values = list(row)
        for i, name in enumerate(names):
            if name in fields:
                values[i] = await store.keys.open_value(telegram_id, f"{table}.{name}", values[i])
        opened.append(tuple(values))
    return opened
