"""The whole pipeline on PostgreSQL: a person through /start and /win via the Bot API double,
with the inbox, the outbox, conversation state kept across a restart, handled update ids and
the scheduler's claims all in a PostgreSQL schema of the test's own."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.config import Settings
from bot.store import Win
from fake_telegram import FakeTelegram, FakeUser
from tests.conftest import KEY, Harness, onboard, readable_rows

PAUSED = "Paused before reacting ⏸️"


@pytest.fixture
def settings(tmp_path: Path, telegram: FakeTelegram, postgres_url: str) -> Settings:
    """The app's settings, with the database in PostgreSQL (the run lock and heartbeat stay
    beside the unused SQLite path)."""
    return Settings(
        token=telegram.token,
        db_key=KEY,
        db_path=tmp_path / "smallsteps.db",
        database_url=postgres_url,
    )


async def _count(harness: Harness, table: str) -> int:
    row = await harness.store.db.fetch_one(f"SELECT count(*) FROM {table}")
    assert row is not None
    return int(row[0])


async def test_a_person_starts_and_logs_a_small_win(
    harness: Harness, ana: FakeUser, tmp_path: Path
) -> None:
    assert harness.store.db.dialect == "postgres"
    before = harness.telegram.next_update_id()
    await onboard(ana, place="Germany", at="21:30")
    person = await harness.store.users.get(ana.user_id)
    assert person is not None and person.timezone == "Europe/Berlin"

    await ana.send("/win")
    assert ana.last_text().startswith("What's one small thing you did or noticed?")
    await ana.send("I waited a moment before answering my brother.")
    assert ana.last_text().startswith("Thank you. Which kind of step was it?")
    await ana.tap(PAUSED)
    assert ana.last_text().startswith("Saved ✓ Paused before reacting")

    entries = await harness.store.entries.all_of(ana.user_id)
    assert [(e.text, e.progress_kind, e.local_date) for e in entries if isinstance(e, Win)] == [
        ("I waited a moment before answering my brother.", "paused", date(2026, 11, 22))
    ]
    assert harness.app is not None
    await harness.app.update_persistence()
    # Every update handled once and gone from the inbox; every reply sent and gone from the
    # outbox; no draft or open conversation left behind.
    after = harness.telegram.next_update_id()
    handled = await harness.store.db.fetch_all("SELECT update_id FROM handled_updates")
    assert sorted(row[0] for row in handled) == list(range(before + 1, after))
    for table in ("inbox", "outbox", "user_drafts", "conversation_states"):
        assert await _count(harness, table) == 0, table
    assert not (tmp_path / "smallsteps.db").exists(), "nothing written to SQLite"


async def test_a_restart_mid_flow_continues_and_a_redelivery_is_handled_once(
    harness: Harness, ana: FakeUser
) -> None:
    await onboard(ana)
    await ana.send("/win")
    update = ana._text_update("I drank a glass of water")  # the dict Telegram would redeliver
    harness.telegram.observe_update(update)
    await harness.deliver(update)
    assert ana.last_text().startswith("Thank you. Which kind of step was it?")
    replies = len(ana.transcript())

    await harness.restart()  # a new process: state comes back from PostgreSQL
    await harness.deliver(update)  # Telegram sends it again after the restart
    assert len(ana.transcript()) == replies
    await ana.tap("Used a coping skill 🧰")
    assert ana.last_text().startswith("Saved ✓ Used a coping skill")
    assert await readable_rows(harness.store, "wins", "text") == [("I drank a glass of water",)]


async def test_the_daily_prompt_arrives_once_at_local_time(harness: Harness, ana: FakeUser) -> None:
    await onboard(ana, place="Germany", at="21:30")
    await harness.tick()  # plans
    await harness.tick(datetime(2026, 11, 22, 20, 29, tzinfo=UTC))
    assert not [t for t in ana.texts() if t.startswith("🌱 ")]
    report = await harness.tick(datetime(2026, 11, 22, 20, 30, tzinfo=UTC))
    assert report.sent == 1
    await harness.restart()
    await harness.tick(datetime(2026, 11, 22, 20, 31, tzinfo=UTC))
    assert len([t for t in ana.texts() if t.startswith("🌱 ")]) == 1
    deliveries = await harness.store.schedule.deliveries_of(ana.user_id)
    (delivery,) = [d for d in deliveries if d.kind == "prompt"]
    assert (delivery.local_date, delivery.status) == (date(2026, 11, 22), "sent")
    assert delivery.message_id == ana.last_message().message_id
