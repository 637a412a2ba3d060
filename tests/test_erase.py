"""`/delete`: everything about a person goes, after a clear confirmation."""

from __future__ import annotations

from conversations.erase import texts
from fake_telegram import FakeUser
from tests.conftest import Harness, onboard


async def _count(harness: Harness, table: str) -> int:
    row = await harness.store.db.fetch_one(f"SELECT count(*) FROM {table}")
    assert row is not None
    return int(row[0])


async def test_nothing_to_erase_for_a_stranger(ana: FakeUser) -> None:
    await ana.send("/delete")
    assert ana.replies() == [texts.NOTHING_STORED]


async def test_keep_changes_nothing(harness: Harness, ana: FakeUser) -> None:
    await onboard(ana)
    await ana.send("/delete")
    (explain,) = ana.replies()
    assert "permanently erases everything" in explain and "48 hours" in explain
    assert ana.buttons() == ["No, keep my data", "Yes, erase everything"]
    await ana.tap("No, keep my data")
    assert ana.replies() == [texts.KEPT]
    assert await harness.store.users.get(ana.user_id) is not None


async def test_erase_everything_then_start_fresh(harness: Harness, ana: FakeUser) -> None:
    bo = harness.person(2002, "Bo")
    await onboard(bo)
    await onboard(ana)
    await ana.send("/settings")  # leave a flow open
    await ana.send("/cancel")
    await ana.send("/delete")
    await ana.tap("Yes, erase everything")
    assert ana.replies() == [texts.ERASED]
    await harness.app.update_persistence()
    assert await harness.store.users.get(ana.user_id) is None
    assert await harness.store.users.get(bo.user_id) is not None  # only Ana's data goes
    assert await _count(harness, "users") == 1
    assert await _count(harness, "user_drafts") == 0
    assert await _count(harness, "conversation_states") == 0
    await ana.send("/start")
    assert "Is that okay?" in ana.last_text()


async def test_a_stale_confirm_button_asks_again(harness: Harness, ana: FakeUser) -> None:
    await onboard(ana)
    await harness.restart()
    await ana.tap_data("del:yes")
    assert "permanently erases everything" in ana.last_text()
    assert await harness.store.users.get(ana.user_id) is not None


async def test_delete_suggests_a_copy_first_and_export_works_before_confirming(
    harness: Harness, ana: FakeUser
) -> None:
    await onboard(ana)
    await ana.send("/win")
    await ana.send("Asked for a day off.")
    await ana.tap("Set or held a boundary 🚧")
    await ana.send("/delete")
    (explain,) = ana.replies()
    assert "Send /export" in explain
    await ana.send("/export")
    assert [m.file_name for m in ana.transcript() if m.kind == "document"] == [
        "small-steps-2026-11-22.json",
        "small-steps-2026-11-22.csv",
        "small-steps-2026-11-22.md",
    ]
    await ana.tap("Yes, erase everything")  # the confirmation still waits
    assert ana.replies() == [texts.ERASED]
    assert await harness.store.users.get(ana.user_id) is None
