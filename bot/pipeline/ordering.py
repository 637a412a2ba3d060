"""Different people's updates handled at once; one person's always one after another, in order.

PTB hands every update to an update processor (its `BaseUpdateProcessor` seam) in the order
the updates arrived, each in a task of its own. `PerChatProcessor` lines each update up behind
the previous update of the same chat, then waits for one of `limit` places: a person who sends
ten messages in a row takes one place at a time, so everyone else is still answered.

Each update keeps every guarantee of `SmallStepsApplication.process_update` (handled once,
state saved before the replies go out): its handling, commit and replies run in its own task,
and the store's transactions are serialised by the database's lock, one task at a time.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Hashable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

# PTB's own bound on the tasks it starts (each waiting for its turn costs a few hundred bytes).
# Large, so that its semaphore never decides the order: the order is decided here.
_IN_FLIGHT = 100_000


def chat_key(update: object) -> Hashable:
    """Whose turn an update waits for: its chat (else its sender; else all such updates)."""
    if isinstance(update, Update):
        if update.effective_chat is not None:
            return ("chat", update.effective_chat.id)
        if update.effective_user is not None:
            return ("user", update.effective_user.id)
    return ("other",)


def chat_id_of(update: object) -> int:
    """The id an update is claimed by, among instances sharing a database (0: no chat)."""
    key = chat_key(update)
    return int(key[1]) if len(key) == 2 else 0  # type: ignore[index,arg-type]


class PerChatProcessor(BaseUpdateProcessor):
    """At most `limit` updates handled at once; updates of one chat strictly in arrival order."""

    def __init__(self, limit: int) -> None:
        super().__init__(max_concurrent_updates=_IN_FLIGHT)
        if limit < 1:
            raise ValueError("limit must be at least 1")
        self.limit = limit
        self._places: asyncio.Semaphore | None = None
        # The last update of each chat still waiting or being handled: the next one waits for it.
        self._tails: dict[Hashable, asyncio.Future[None]] = {}
        self.running = 0  # being handled right now (for tests and the benchmarks)
        self.peak = 0

    @property
    def busy(self) -> int:
        """Chats with an update waiting for its turn or being handled."""
        return len(self._tails)

    async def initialize(self) -> None:
        """Create the places (on the running loop)."""
        self._places = asyncio.Semaphore(self.limit)

    async def shutdown(self) -> None:
        """Nothing to free."""

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Wait for the chat's previous update, then for a free place; then handle it."""
        # PTB calls this in arrival order, and nothing above awaits before this line: taking
        # the chat's turn here, before any await, keeps one chat's updates in order.
        key = chat_key(update)
        before = self._tails.get(key)
        mine: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._tails[key] = mine
        started = False
        try:
            if before is not None:
                await asyncio.shield(before)
            if self._places is None:
                self._places = asyncio.Semaphore(self.limit)
            async with self._places:
                self.running += 1
                self.peak = max(self.peak, self.running)
                started = True
                try:
                    await coroutine
                finally:
                    self.running -= 1
        finally:
            if not started and asyncio.iscoroutine(coroutine):
                coroutine.close()  # cancelled while waiting: the update stays in the inbox
            if not mine.done():
                mine.set_result(None)
            if self._tails.get(key) is mine:
                del self._tails[key]
