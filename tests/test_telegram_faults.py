"""Replies to a person under Telegram's faults: 429 (wait and send once), 403 (blocked: no
retry storm, nothing lost), 5xx (retried once it is safe; a failed tap answer loses nothing), and
Telegram unreachable for a while (the real process keeps polling and catches up, once each).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from telegram.ext import ConversationHandler

from bot.clock import FixedClock
from bot.config import Settings
from bot.store import Win
from conversations.common import texts as common
from conversations.win import texts as win_texts
from fake_telegram import FakeTelegram, FakeUser, SyncFakeUser
from tests.conftest import Harness, onboard
from tests.e2e_support import BotProcess, bot_env, onboard_sync, read_store

ASK_KIND = "Thank you. Which kind of step was it?"
PAUSED = "Paused before reacting ⏸️"


def _sent(telegram: FakeTelegram, chat_id: int, starts: str, status: int = 200) -> int:
    """How many sendMessage calls to this chat, with this answer, began with `starts`."""
    return sum(
        1
        for call in telegram.calls_to("sendMessage")
        if call.params.get("chat_id") == chat_id
        and call.status == status
        and str(call.params.get("text", "")).startswith(starts)
    )


def _state(harness: Harness, user_id: int, flow: str) -> object:
    assert harness.app is not None
    (conversation,) = [
        h
        for hs in harness.app.handlers.values()
        for h in hs
        if isinstance(h, ConversationHandler) and h.name == flow
    ]
    return conversation._conversations.get((user_id, user_id))


async def _wins(harness: Harness, user_id: int) -> list[str]:
    return [e.text for e in await harness.store.entries.all_of(user_id) if isinstance(e, Win)]


def _failures(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.getMessage().startswith("update_failed")]


async def test_429_on_a_reply_is_waited_out_and_the_reply_arrives_once(
    harness: Harness, ana: FakeUser, caplog: pytest.LogCaptureFixture
) -> None:
    await onboard(ana)
    await ana.send("/win")
    harness.telegram.fail_next(
        "sendMessage", status=429, description="Too Many Requests: retry after 1", retry_after=1
    )
    await ana.send("Stood up for myself")
    assert _sent(harness.telegram, ana.user_id, ASK_KIND, status=429) == 1
    assert _sent(harness.telegram, ana.user_id, ASK_KIND) == 1, "the question was lost"
    assert [t for t in ana.replies() if t.startswith(ASK_KIND)] != []
    await ana.tap(PAUSED)
    assert ana.replies()[0].startswith("Saved ✓")
    assert await _wins(harness, ana.user_id) == ["Stood up for myself"]
    assert _failures(caplog) == []


async def test_429_on_the_first_of_several_replies_keeps_their_order(
    harness: Harness, ana: FakeUser
) -> None:
    await ana.send("/start")
    harness.telegram.fail_next(
        "sendMessage", status=429, description="Too Many Requests: retry after 1", retry_after=1
    )
    await ana.tap("Yes, that's okay")
    thanks, question = ana.replies()
    assert thanks.startswith("Thank you. Let's set up")
    assert question.startswith("Which time zone are you in?")


async def test_blocked_mid_flow_no_retry_storm_and_the_words_are_kept(
    harness: Harness, ana: FakeUser, caplog: pytest.LogCaptureFixture
) -> None:
    await onboard(ana)
    bo = harness.person(2002, "Bo")
    await onboard(bo)
    await ana.send("/win")
    harness.telegram.block(ana.user_id)
    calls_before = len(harness.telegram.calls)
    await ana.send("Went for a walk")

    refused = [c for c in harness.telegram.calls[calls_before:] if c.status != 200]
    assert [(c.method, c.status) for c in refused] == [("sendMessage", 403)]
    assert _failures(caplog) == []
    assert any(r.getMessage().startswith("reply_failed") for r in caplog.records)
    # The bot carries on for everyone else.
    await bo.send("/win")
    assert bo.replies()[0].startswith("What's one small thing")

    # She unblocks and writes again: her words were kept, the question comes back.
    harness.telegram.unblock(ana.user_id)
    assert _state(harness, ana.user_id, "win") == "win.kind"
    await ana.send("hello?")
    assert ana.replies() == [common.BUTTONS_ONLY, win_texts.REASK_KIND]
    await ana.tap(PAUSED)
    assert await _wins(harness, ana.user_id) == ["Went for a walk"]


async def test_5xx_once_on_a_reply_the_reply_still_arrives_once(
    harness: Harness, ana: FakeUser, caplog: pytest.LogCaptureFixture
) -> None:
    await onboard(ana)
    await ana.send("/win")
    harness.telegram.fail_next("sendMessage", status=502, description="Bad Gateway")
    await ana.send("Asked for help")
    assert _sent(harness.telegram, ana.user_id, ASK_KIND, status=502) == 1
    assert _sent(harness.telegram, ana.user_id, ASK_KIND) == 1, "the question was lost"
    assert _failures(caplog) == []
    await ana.tap(PAUSED)
    assert await _wins(harness, ana.user_id) == ["Asked for help"]


@pytest.fixture
async def tolerant_harness(
    settings: Settings, telegram: FakeTelegram, clock: FixedClock
) -> AsyncIterator[Harness]:
    """A harness that lets one callback query stay unanswered (Telegram failed the answer)."""
    h = Harness(settings, telegram, clock)
    await h.start()
    yield h
    await h.stop()


async def test_5xx_while_answering_a_tap_still_saves_what_was_tapped(
    tolerant_harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    harness = tolerant_harness
    ana = harness.person()
    await onboard(ana)
    await ana.send("/win")
    await ana.send("Said no kindly")
    harness.telegram.fail_next("answerCallbackQuery", status=502, description="Bad Gateway")
    failed_query = await ana.tap(PAUSED)

    # The answer only stops the spinner: its failure is noted, and the tap still counts.
    assert ana.replies()[0].startswith("Saved ✓")
    assert await _wins(harness, ana.user_id) == ["Said no kindly"]
    assert _state(harness, ana.user_id, "win") is None
    assert "tap_answer_failed error=NetworkError" in caplog.text
    assert _failures(caplog) == []
    assert harness.telegram.unanswered_callback_queries() == [failed_query]


# PTB waits 1, 1.5, 2.25, 3.4, 5.1 s after consecutive polling errors, so five failures would
# cost 13 s of this suite; two (updates queued after the first) show the same in 2.5 s.
OUTAGE = 2


def test_telegram_unreachable_for_a_while_then_everything_once(double, tmp_path: Path) -> None:
    telegram, server = double
    bot = BotProcess(telegram, bot_env(server, telegram, tmp_path), tmp_path)
    ana = SyncFakeUser(telegram, user_id=7171, first_name="Ana")
    bo = SyncFakeUser(telegram, user_id=7272, first_name="Bo")
    bot.start()
    try:
        onboard_sync(ana)
        onboard_sync(bo)

        # Telegram's front end fails the next polls; the current long poll ends empty.
        telegram.fail_next("getUpdates", status=502, description="Bad Gateway", times=OUTAGE)
        telegram.interrupt_long_polls()

        def outage_began() -> bool:
            return any(c.status == 502 for c in telegram.calls_to("getUpdates"))

        assert telegram.wait_until(outage_began, 10)
        # Meanwhile people keep writing.
        ana.send("/win")
        ana.send("Wrote during the outage")
        bo.send("just saying hi")
        bo.send("/help")

        kind = ana.wait_for_text(ASK_KIND, timeout=20)
        ana.tap(PAUSED)
        ana.wait_for_text("Saved ✓")
        bo.wait_for_text("/win: note one small thing")
        assert bot.proc is not None and bot.proc.poll() is None, "the bot died"
        failed_polls = [c for c in telegram.calls_to("getUpdates") if c.status == 502]
        status, output = bot.terminate()
    finally:
        if bot.proc and bot.proc.poll() is None:
            bot.proc.kill()
            bot.proc.wait()
    assert status == 0, output
    assert len(failed_polls) == OUTAGE
    assert telegram.token not in output
    # Each update queued during the outage was handled exactly once.
    assert _sent(telegram, ana.user_id, "What's one small thing") == 1
    assert _sent(telegram, ana.user_id, ASK_KIND) == 1 and kind.text.startswith(ASK_KIND)
    assert _sent(telegram, ana.user_id, "Saved ✓") == 1
    assert _sent(telegram, bo.user_id, common.OUTSIDE_FLOW) == 1
    assert _sent(telegram, bo.user_id, "<b>Small Steps</b> helps you") == 1

    async def wins(store) -> list[str]:
        return [e.text for e in await store.entries.all_of(ana.user_id) if isinstance(e, Win)]

    assert read_store(tmp_path, wins) == ["Wrote during the outage"]
