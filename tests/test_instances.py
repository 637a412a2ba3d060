"""Several instances on one PostgreSQL database: claiming updates (one chat at a time, each
chat's oldest first, different chats at once) and the scheduler's lease (one holder; another
takes over when the holder's connection dies). Real PostgreSQL, a schema per test."""

from __future__ import annotations

import asyncio
import json
import random
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import psycopg
import pytest

from bot.app import _tick, build_application
from bot.clock import FixedClock
from bot.config import Settings
from bot.pipeline.application import SmallStepsApplication
from bot.store import Store, claims
from bot.store.lease import Lease
from bot.store.lock import DatabaseInUseError
from fake_telegram import FakeRequest, FakeTelegram
from tests.conftest import KEY, NOW


@pytest.fixture
async def two(postgres_url: str, tmp_path: Path) -> AsyncIterator[tuple[Store, Store]]:
    """Two instances' stores on one database."""
    first = Store(tmp_path / "a.db", KEY, database_url=postgres_url)
    second = Store(tmp_path / "b.db", KEY, database_url=postgres_url)
    await first.open()
    await second.open()
    yield first, second
    await first.close()
    await second.close()


def _chat() -> int:
    # Chat locks are per database, not per schema: ids of their own keep tests apart.
    return random.randrange(10**9, 10**12)


async def _keep(store: Store, update_id: int, chat_id: int) -> None:
    async with store.db.transaction():
        await store.state.receive([(update_id, json.dumps({"update_id": update_id}))], NOW)
        await claims.assign_chat(store.db, update_id, chat_id)


async def _handle(store: Store, update_id: int) -> None:
    """What the pipeline writes into a claim, then its commit."""
    await store.state.mark_handled(update_id, NOW)
    await claims.commit_claim()


async def test_one_chat_is_claimed_by_one_instance_at_a_time_oldest_first(
    two: tuple[Store, Store],
) -> None:
    a, b = two
    chat = _chat()
    for update_id in (101, 102, 103):
        await _keep(a, update_id, chat)
    holding = asyncio.Event()
    done = asyncio.Event()

    async def first() -> int | None:
        async with claims.claim(a.db) as claimed:  # type: ignore[arg-type]
            assert claimed is not None
            holding.set()
            await done.wait()
            await _handle(a, claimed.update_id)
            return claimed.update_id

    task = asyncio.create_task(first())
    await holding.wait()
    # While the first instance holds 101, neither 101 nor the chat's later updates are free.
    async with claims.claim(b.db) as claimed:  # type: ignore[arg-type]
        assert claimed is None
    done.set()
    assert await task == 101
    order = []
    for store in (b, a, b):
        async with claims.claim(store.db) as claimed:  # type: ignore[arg-type]
            if claimed is not None:
                order.append(claimed.update_id)
                await _handle(store, claimed.update_id)
    assert order == [102, 103]
    assert await a.state.unhandled() == []


async def test_different_chats_are_claimed_at_once(two: tuple[Store, Store]) -> None:
    a, b = two
    first_chat, second_chat = _chat(), _chat()
    await _keep(a, 201, first_chat)
    await _keep(a, 202, first_chat)
    await _keep(b, 203, second_chat)
    async with claims.claim(a.db) as one, claims.claim(b.db) as other:  # type: ignore[arg-type]
        assert one is not None and other is not None
        assert (one.update_id, one.chat_id) == (201, first_chat)
        assert (other.update_id, other.chat_id) == (203, second_chat)


async def test_a_claim_left_uncommitted_leaves_the_update_for_anyone(
    two: tuple[Store, Store],
) -> None:
    a, b = two
    chat = _chat()
    await _keep(a, 301, chat)
    async with claims.claim(a.db) as claimed:  # type: ignore[arg-type]
        assert claimed is not None
        await a.state.mark_handled(301, NOW)  # then the instance dies before its commit
    assert not await b.state.was_handled(301)
    async with claims.claim(b.db) as claimed:  # type: ignore[arg-type]
        assert claimed is not None and claimed.update_id == 301
        await _handle(b, 301)
    assert await a.state.was_handled(301)
    async with claims.claim(a.db) as claimed:  # type: ignore[arg-type]
        assert claimed is None


async def test_an_update_delivered_again_after_its_handling_is_not_claimed(
    two: tuple[Store, Store],
) -> None:
    a, b = two
    chat = _chat()
    await _keep(a, 401, chat)
    async with claims.claim(a.db) as claimed:  # type: ignore[arg-type]
        assert claimed is not None
        await _handle(a, 401)
    await _keep(b, 401, chat)  # Telegram sent it again to the other instance
    await _keep(b, 402, chat)
    async with claims.claim(b.db) as claimed:  # type: ignore[arg-type]
        assert claimed is not None and claimed.update_id == 402
    assert await claims.forget_handled_in_inbox(b.db) == 1  # type: ignore[arg-type]


async def _backend_pid(lease: Lease) -> int:
    assert lease._conn is not None
    return int(lease._conn.info.backend_pid)


async def test_the_lease_has_one_holder_and_passes_on_when_its_connection_dies(
    postgres_url: str,
) -> None:
    first, second = Lease(postgres_url, "schedule"), Lease(postgres_url, "schedule")
    other_name = Lease(postgres_url, "polling")
    try:
        assert await first.hold()
        assert not await second.hold()
        assert await first.hold()  # still ours
        assert await other_name.hold()  # another name is another lease
        # The holder's connection dies (a SIGKILLed instance's does): the server ends the session.
        # (With a timeout, pg_terminate_backend returns once the session has ended.)
        with psycopg.connect(postgres_url, autocommit=True) as admin:
            row = admin.execute(
                "SELECT pg_terminate_backend(%s, 5000)", (await _backend_pid(first),)
            ).fetchone()
        assert row == (True,)
        assert await second.hold()
        assert not await first.hold()  # it knows it lost it, and does not get it back
        await second.release()
        assert await first.hold()
    finally:
        for lease in (first, second, other_name):
            await lease.release()


async def test_a_second_polling_instance_on_one_database_refuses_to_start(
    postgres_url: str, tmp_path: Path, telegram: FakeTelegram
) -> None:
    def app(name: str) -> SmallStepsApplication:
        settings = Settings(
            token=telegram.token,
            db_key=KEY,
            db_path=tmp_path / name / "smallsteps.db",
            database_url=postgres_url,
        )
        return build_application(settings, request=FakeRequest(telegram))

    first, second = app("first"), app("second")
    await first.initialize()
    try:
        with pytest.raises(DatabaseInUseError, match="already polling Telegram"):
            await second.initialize()
        assert not second.services.store.is_open
    finally:
        await first.shutdown()
    third = app("third")  # the first one has stopped: polling is free again
    await third.initialize()
    await third.shutdown()


async def test_the_lease_holder_sends_replies_a_dead_instance_committed_but_never_sent(
    postgres_url: str, tmp_path: Path, telegram: FakeTelegram
) -> None:
    settings = Settings(
        token=telegram.token,
        db_key=KEY,
        db_path=tmp_path / "smallsteps.db",
        database_url=postgres_url,
    )
    app = build_application(settings, request=FakeRequest(telegram), clock=FixedClock(NOW))
    app.shared = True  # as in webhook mode
    await app.initialize()
    try:
        left, fresh = _chat(), _chat()
        telegram.add_private_chat(left, "Ana")
        telegram.add_private_chat(fresh, "Ben")
        outbox = app.services.store.outbox
        await outbox.add(left, "Saved ✓ (left behind)", None, NOW - timedelta(minutes=5))
        await outbox.add(fresh, "Saved ✓ (being sent)", None, NOW - timedelta(seconds=5))
        await _tick(SimpleNamespace(application=app))  # type: ignore[arg-type]
        assert [m.text for m in telegram.transcript(left)] == ["Saved ✓ (left behind)"]
        assert telegram.transcript(fresh) == []  # its instance sends it
        assert [r.chat_id for r in await outbox.waiting()] == [fresh]
        assert app.services.scheduler is not None and app.services.scheduler.lease is not None
        assert app.services.scheduler.lease.held
    finally:
        await app.shutdown()


async def test_a_kept_update_is_sealed_under_its_owner_s_key_claimed_opened_and_erased(
    two: tuple[Store, Store],
) -> None:
    a, b = two
    chat = _chat()
    await a.keys.key(chat, create=True)  # the person agreed: their words are sealed
    payload = json.dumps(
        {
            "update_id": 501,
            "message": {
                "message_id": 1,
                "date": 0,
                "chat": {"id": chat, "type": "private", "first_name": "Ana"},
                "from": {"id": chat, "is_bot": False, "first_name": "Ana"},
                "text": "SECRET words",
            },
        }
    )
    async with a.db.transaction():
        await a.state.receive([(501, payload)], NOW)
        await claims.assign_chat(a.db, 501, chat)
    row = await a.db.fetch_one("SELECT payload, telegram_id, chat_id FROM inbox")
    assert row is not None and b"SECRET" not in bytes(row[0]) and b"Ana" not in bytes(row[0])
    assert (row[1], row[2]) == (chat, chat)
    async with claims.claim(b.db) as claimed:  # type: ignore[arg-type]
        assert claimed is not None and claimed.owner == chat
        assert await b.state.open_stored(claimed.owner, claimed.payload) == payload
    counts = await b.erase_person(chat)
    assert counts["inbox"] == 1
    assert await a.db.fetch_all("SELECT update_id FROM inbox") == []
