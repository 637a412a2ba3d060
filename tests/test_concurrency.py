"""Many people at once: each person's updates handled in order and once, taps never lost to a
late answer, replies paced per chat, and a stop under load that is quick and loses nothing.

These run the application as in production (long polling through the inbox, PTB's update
processor, the rate limiter) against the Bot API double, in process.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Callable
from datetime import time as clock_time
from typing import Any

import pytest

from bot.app import build_application
from bot.clock import FixedClock
from bot.config import Settings
from bot.pipeline.ordering import PerChatProcessor
from bot.store import Win
from conversations.common import texts as common_texts
from fake_telegram import FakeRequest, FakeTelegram, RateLimits, SyncFakeUser
from tests.conftest import Harness, onboard

PAUSED = "Paused before reacting ⏸️"
ASK_TEXT = "What's one small thing you did or noticed?"
ASK_KIND = "Which kind of step was it?"
SAVED = "Saved ✓"
NOTHING_TO_CANCEL = common_texts.NOTHING_TO_CANCEL
FIRST_ID = 50_000


async def _wins(harness: Harness, user_id: int) -> list[str]:
    return [e.text for e in await harness.store.entries.all_of(user_id) if isinstance(e, Win)]


async def _seed(harness: Harness, people: int) -> list[SyncFakeUser]:
    """People already set up (Berlin, 21:30), as after onboarding."""
    users = []
    for n in range(people):
        user_id = FIRST_ID + n
        await harness.store.users.create(user_id, "en", harness.clock.now())
        await harness.store.users.complete_setup(user_id, "Europe/Berlin", clock_time(21, 30))
        users.append(SyncFakeUser(harness.telegram, user_id=user_id, first_name=f"P{n}"))
    return users


def _processor(harness: Harness) -> PerChatProcessor:
    assert harness.app is not None
    processor = harness.app.update_processor
    assert isinstance(processor, PerChatProcessor)
    return processor


async def _start_polling(harness: Harness) -> None:
    """Fetch updates from the double and handle them, as `python -m bot` does."""
    app = harness.app
    assert app is not None and app.updater is not None
    await app.updater.start_polling(poll_interval=0.0, timeout=1)
    await app.start()


async def _stop_polling(harness: Harness) -> None:
    app = harness.app
    assert app is not None and app.updater is not None
    if app.updater.running:
        await app.updater.stop()
    if app.running:
        await app.stop()


async def _settled(harness: Harness, timeout: float = 30.0) -> None:
    """Wait until every update pushed to the double is fetched, handled and answered."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if (
            harness.telegram.pending_updates() == 0
            and not await harness.store.state.unhandled()
            and harness.app is not None
            and harness.app.update_processor.current_concurrent_updates == 0
        ):
            return
        await asyncio.sleep(0.02)
    raise AssertionError("updates were still waiting or being handled after 30 s")


@pytest.fixture
async def polling(harness: Harness) -> AsyncIterator[Harness]:
    yield harness
    await _stop_polling(harness)


def _after(user: SyncFakeUser, mark: int) -> list[str]:
    """Texts of the bot's messages to `user` sent (or edited) after `mark`."""
    return [m.text for m in user.transcript() if m.seq > mark]


async def test_many_people_at_once_each_in_order_each_once(polling: Harness) -> None:
    harness = polling
    people = await _seed(harness, 12)
    await _start_polling(harness)
    rounds = 3
    mark = harness.telegram.current_seq()
    for r in range(rounds):
        # Every person's next steps, interleaved with everyone else's, all queued at once:
        # each chat has several updates waiting while the others' are handled.
        for step in ("/win", "words"):
            for user in people:
                user.send("/win" if step == "/win" else f"kept my word {user.user_id} {r}")
        await _settled(harness)
        for user in people:
            user.tap(PAUSED)
            user.send("/cancel")
        await _settled(harness)

    assert _processor(harness).peak > 1, "no two people's updates were ever handled at once"
    for user in people:
        # In order: a tap handled before its words, or /cancel before the tap, saves nothing.
        expected = [f"kept my word {user.user_id} {r}" for r in range(rounds)]
        assert await _wins(harness, user.user_id) == expected
        texts = _after(user, mark)
        starts = [
            next(s for s in (ASK_TEXT, "Thank you", SAVED, "There") if t.startswith(s))
            for t in texts
        ]
        assert starts == [ASK_TEXT, "Thank you", SAVED, "There"] * rounds, texts
    assert await harness.store.state.unhandled() == []
    assert harness.telegram.unanswered_callback_queries() == []


async def test_a_tap_answered_too_late_is_still_saved_and_the_person_told(
    harness: Harness,
) -> None:
    ana = harness.person()
    await onboard(ana)
    await ana.send("/win")
    await ana.send("Asked for help")
    update = ana.tap_update(PAUSED)
    harness.telegram.observe_update(update)
    harness.time.advance(16)  # longer than Telegram keeps a tap answerable
    await harness.deliver(update)

    assert await _wins(harness, ana.user_id) == ["Asked for help"]
    assert ana.last_text().startswith(SAVED)
    assert harness.telegram.late_answers == [update["callback_query"]["id"]]


async def test_a_tap_kept_in_the_inbox_is_saved_after_a_restart_much_later(
    polling: Harness,
) -> None:
    harness = polling
    ana = harness.person()
    await onboard(ana)
    await ana.send("/win")
    await ana.send("Went for a walk")
    # The tap was fetched and kept in the inbox; the process ended before handling it.
    update = ana.tap_update(PAUSED)
    harness.telegram.observe_update(update)
    await harness.store.state.receive(
        [(update["update_id"], json.dumps(update))], harness.clock.now()
    )
    await harness.stop()
    harness.time.advance(120)  # back two minutes later: the tap can no longer be answered
    await harness.start()
    await _start_polling(harness)
    await _settled(harness)

    assert await _wins(harness, ana.user_id) == ["Went for a walk"]
    assert ana.last_text().startswith(SAVED)
    assert harness.telegram.late_answers == [update["callback_query"]["id"]]
    assert await harness.store.state.unhandled() == []


class SlowRequest(FakeRequest):
    """Every Bot API call but getUpdates takes a tenth of a second (a slow network)."""

    async def do_request(self, url: str, *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        if not url.endswith("/getUpdates"):
            await asyncio.sleep(0.1)
        return await super().do_request(url, *args, **kwargs)


async def test_a_stop_under_load_is_quick_and_loses_nothing(polling: Harness) -> None:
    harness = polling
    people = await _seed(harness, 60)
    harness.request_class = SlowRequest
    await harness.restart()
    await _start_polling(harness)
    mark = harness.telegram.current_seq()
    for user in people:
        user.send("/win")
    for user in people:
        user.send(f"kept my word {user.user_id}")
    # Handling under way (handled one by one, the backlog would take over 12 s of sends)...
    deadline = time.monotonic() + 10
    while not any(_after(user, mark) for user in people) and time.monotonic() < deadline:
        await asyncio.sleep(0.01)
    began = time.monotonic()
    await _stop_polling(harness)
    assert time.monotonic() - began < 10

    # ...and what was not handled is handled after the next start, once.
    await harness.restart()
    await _start_polling(harness)
    await _settled(harness)
    for user in people:
        texts = _after(user, mark)
        assert [t.split("?")[0].split(".")[0] for t in texts] == [
            ASK_TEXT.split("?")[0],
            "Thank you",
        ], texts


def _realtime(harness: Harness) -> None:
    """Real time everywhere: the double's clock, its flood limits, the bot's waits."""

    async def real_sleep(seconds: float) -> None:
        await asyncio.sleep(seconds)

    harness._sleep = real_sleep  # type: ignore[method-assign]
    harness.telegram.clock = time.monotonic

    async def start() -> Any:
        harness.app = build_application(
            harness.settings,
            request=harness.request_class(harness.telegram),
            clock=harness.clock,
            sleep=real_sleep,
        )
        await harness.app.initialize()
        return harness.app

    harness.start = start  # type: ignore[method-assign]


async def _step(
    telegram: FakeTelegram,
    user: SyncFakeUser,
    action: Callable[[], object],
    expect: str,
    timeout: float,
) -> bool:
    """Do one step and wait (up to `timeout` s) for the bot's answer containing `expect`."""
    mark = telegram.current_seq()
    action()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(expect in text for text in _after(user, mark)):
            return True
        await asyncio.sleep(0.05)
    return False


@pytest.mark.slow
async def test_load_every_step_answered_every_tap_saved(
    settings: Settings, telegram: FakeTelegram, clock: FixedClock
) -> None:
    """20 people at once, each in a closed loop of /win, words, a kind tap and /cancel, with
    Telegram's per-chat limits and its 15 s for answering a tap, in real time."""
    harness = Harness(settings, telegram, clock)
    _realtime(harness)
    await harness.start()
    limits = telegram.limit_rate(RateLimits(overall=1000, overall_burst=1000))
    people = await _seed(harness, 20)
    rounds = 3
    unanswered: list[str] = []

    async def loop(user: SyncFakeUser) -> None:
        for r in range(rounds):
            words = f"kept my word {user.user_id} {r}"
            steps: list[tuple[Callable[[], object], str]] = [
                (lambda: user.send("/win"), ASK_TEXT),
                (lambda: user.send(words), ASK_KIND),  # noqa: B023 (run before the next round)
                (lambda: user.tap(PAUSED), SAVED),
                (lambda: user.send("/cancel"), NOTHING_TO_CANCEL),
            ]
            for action, expect in steps:
                if not await _step(telegram, user, action, expect, timeout=20):
                    unanswered.append(f"{user.user_id} round {r}: {expect}")
                    return

    try:
        await _start_polling(harness)
        await asyncio.gather(*(loop(user) for user in people))
        assert unanswered == []
        await _settled(harness)
        for user in people:
            expected = [f"kept my word {user.user_id} {r}" for r in range(rounds)]
            assert await _wins(harness, user.user_id) == expected
        assert telegram.late_answers == []
        assert telegram.unanswered_callback_queries() == []
        assert limits.refused == 0, "replies went faster than Telegram's per-chat limit"
    finally:
        await _stop_polling(harness)
        await harness.stop()


async def test_a_fan_out_keeps_to_the_overall_rate_and_replies_do_not_wait_for_it(
    harness: Harness,
) -> None:
    """Prompts to 90 people at once, with Telegram's limits in the double (on the harness's
    virtual time): all sent, none refused, paced at the broadcast rate; a person talking to
    the bot meanwhile is answered before the fan-out ends."""
    limits = harness.telegram.limit_rate(RateLimits(clock=harness.time.now))
    ana = harness.person()
    await onboard(ana)
    people = await _seed(harness, 90)
    for user in people:
        await harness.store.users.set_prompt_time(user.user_id, clock_time(10, 5))
    await harness.tick()  # plans everyone's next prompt: 10:05 in Berlin, 09:05 UTC
    assert harness.clock.now().hour == 9 and harness.clock.now().minute == 0
    due = harness.clock.now().replace(minute=6)
    began = harness.time.now()
    mark = harness.telegram.current_seq()

    async def ana_meanwhile() -> None:
        await asyncio.sleep(0)  # once the fan-out has begun
        await ana.send("/win")

    report, _ = await asyncio.gather(harness.tick(due), ana_meanwhile())
    elapsed = harness.time.now() - began

    assert report.sent == 90
    assert limits.refused == 0
    assert elapsed >= 88 / 30, "the fan-out went faster than the broadcast rate"
    prompt_seqs = [m.seq for user in people for m in user.transcript() if m.seq > mark]
    (reply,) = [m for m in ana.transcript() if m.seq > mark]
    assert reply.text.startswith(ASK_TEXT)
    assert reply.seq < max(prompt_seqs), "the reply waited for the whole fan-out"


async def test_another_persons_writes_never_join_an_open_transaction(harness: Harness) -> None:
    """A transaction belongs to its own task only: another person's write is not rolled back
    with it and not committed by it. On SQLite (one connection) that write waits for it; on
    PostgreSQL it goes through a connection of its own."""
    store = harness.store
    now = harness.clock.now()
    inside = asyncio.Event()
    other_done = asyncio.Event()

    async def first_person() -> None:
        with pytest.raises(RuntimeError):
            async with store.db.transaction():
                await store.users.create(7001, "en", now)
                inside.set()
                # Time enough for the other write to finish if it did not wait for the
                # connection (a few trips to the database thread); it must still be waiting.
                await asyncio.sleep(0.05)
                if store.db.dialect == "sqlite":
                    assert not other_done.is_set()
                raise RuntimeError("this update fails: its transaction rolls back")

    async def second_person() -> None:
        await inside.wait()
        await store.users.create(7002, "en", now)
        other_done.set()

    await asyncio.gather(first_person(), second_person())
    assert await store.users.get(7001) is None
    assert await store.users.get(7002) is not None
