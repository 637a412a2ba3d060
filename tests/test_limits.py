"""The bot's pace under Telegram's limits (bot.pipeline.limits), on a virtual clock: per chat
for every message, overall for broadcasts only; answering a tap never waits."""

from __future__ import annotations

from typing import Any

import pytest

from bot.pipeline.limits import BROADCAST, PER_CHAT_RATE, PaceClock, TelegramLimits
from fake_telegram import VirtualClock


class Sends:
    """Requests through the limiter, and when each reached Telegram (virtual seconds)."""

    def __init__(self, broadcast_rate: float = 30.0) -> None:
        self.clock = VirtualClock(start=0.0)
        self.limits = TelegramLimits(broadcast_rate, PaceClock(self.clock.now, self.clock.sleep))
        self.at: list[tuple[str, Any, float]] = []

    async def __call__(self, endpoint: str, chat_id: Any = None, args: str | None = None) -> None:
        data = {} if chat_id is None else {"chat_id": chat_id}

        async def reach_telegram() -> bool:
            self.at.append((endpoint, chat_id, self.clock.now()))
            return True

        await self.limits.process_request(reach_telegram, (), {}, endpoint, data, args)


async def test_one_chat_gets_a_burst_of_three_then_its_pace() -> None:
    send = Sends()
    for _ in range(5):
        await send("sendMessage", 1)
    await send("editMessageReplyMarkup", 1)
    times = [t for _, _, t in send.at]
    gap = 1 / PER_CHAT_RATE
    assert times == pytest.approx([0, 0, 0, gap, 2 * gap, 3 * gap])


async def test_answering_a_tap_and_chat_actions_never_wait() -> None:
    send = Sends()
    for _ in range(5):
        await send("sendMessage", 1)
    before = send.clock.now()
    await send("answerCallbackQuery")
    await send("sendChatAction", 1)
    await send("getMe")
    assert send.clock.now() == before


async def test_broadcasts_keep_to_the_overall_rate_and_replies_do_not_wait_for_it() -> None:
    send = Sends(broadcast_rate=30.0)
    for chat in range(100, 160):
        await send("sendMessage", chat, BROADCAST)
    last_broadcast = send.at[-1][2]
    assert last_broadcast == pytest.approx(58 / 30)  # bursts of 2, then 30 a second
    # A reply to someone else now goes at once, however many broadcasts are paced.
    before = send.clock.now()
    await send("sendMessage", 1)
    assert send.at[-1][2] == before
    # ...and counts in the overall pace: the next broadcast leaves room for it.
    await send("sendMessage", 200, BROADCAST)
    assert send.at[-1][2] >= before + 1 / 30


async def test_groups_are_paced_per_minute() -> None:
    send = Sends()
    for _ in range(4):
        await send("sendMessage", -100)
    times = [t for _, _, t in send.at]
    assert times[:3] == [0, 0, 0] and times[3] == pytest.approx(60 / 18)
