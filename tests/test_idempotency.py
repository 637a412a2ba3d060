"""An update Telegram delivers twice (after a crash, before its receipt was confirmed) is
handled once."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fake_telegram import FakeUser
from tests.conftest import NOW, Harness, onboard, readable_rows


def _text_update(harness: Harness, user: FakeUser, text: str) -> dict[str, Any]:
    return user._text_update(text)  # the exact dict Telegram would (re)deliver


async def test_a_redelivered_update_is_handled_once(harness: Harness, ana: FakeUser) -> None:
    await onboard(ana)
    await ana.send("/win")
    update = _text_update(harness, ana, "I drank a glass of water")
    harness.telegram.observe_update(update)
    await harness.deliver(update)
    replies = len(ana.transcript())
    await harness.restart()
    await harness.deliver(update)  # Telegram sends it again after the restart
    assert len(ana.transcript()) == replies
    await ana.tap("Used a coping skill 🧰")
    rows = await readable_rows(harness.store, "wins", "text")
    assert rows == [("I drank a glass of water",)]


async def test_handled_updates_are_forgotten_after_a_day(harness: Harness, ana: FakeUser) -> None:
    await ana.send("/start")
    assert await harness.store.db.fetch_one("SELECT count(*) FROM handled_updates") == (1,)
    await harness.tick(NOW + timedelta(hours=23))
    assert await harness.store.db.fetch_one("SELECT count(*) FROM handled_updates") == (1,)
    await harness.tick(NOW + timedelta(hours=25))
    assert await harness.store.db.fetch_one("SELECT count(*) FROM handled_updates") == (0,)


async def test_an_update_fetched_but_not_handled_before_a_crash_is_handled_after_it(
    harness: Harness, ana: FakeUser
) -> None:
    await onboard(ana)
    await ana.send("/win")
    update = _text_update(harness, ana, "I said no to an extra shift")
    harness.telegram.push_update(update)
    assert harness.app is not None
    fetched = await harness.app.bot.get_updates(timeout=0)  # PTB would now confirm it
    assert [u.update_id for u in fetched] == [update["update_id"]]
    await harness.restart()  # ...and the process died before handling it

    requeued = harness.app.update_queue.get_nowait()
    await harness.app.process_update(requeued)
    assert ana.last_text().startswith("Thank you. Which kind of step was it?")
    # Telegram sends it again too (it was never confirmed): handled once all the same.
    (again,) = await harness.app.bot.get_updates(timeout=0)
    await harness.app.process_update(again)
    assert len([t for t in ana.texts() if t.startswith("Thank you. Which kind")]) == 1
    assert await harness.store.state.unhandled() == []
    await ana.tap("Set or held a boundary 🚧")
    assert await readable_rows(harness.store, "wins", "text") == [("I said no to an extra shift",)]
