"""Polling: the update queue and getUpdates long polls (blocking or on an event loop)."""

from __future__ import annotations

import asyncio
import contextlib
import copy
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fake_telegram.validation import ApiError, decode_params

_DEFAULT_UPDATE_TYPES_EXCLUDED = frozenset(
    {"chat_member", "message_reaction", "message_reaction_count"}
)
_MAX_LONG_POLL = 25.0
_CONFLICT = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)


@dataclass
class Poll:
    """One getUpdates call in progress."""

    params: dict[str, Any]
    limit: int
    timeout: float
    generation: int
    wakeups: int
    ended: bool = False


def _update_type(update: dict[str, Any]) -> str:
    """The update's type, e.g. "message" or "callback_query"."""
    return next((key for key in update if key != "update_id"), "")


class Polling:
    """The FakeTelegram part that queues updates and answers getUpdates.

    Learns chats from updates through `Chats.observe_update`, takes injected faults through
    `Faults._take_fault`, and records and wakes through the server's `_record` and `_changed`.
    """

    _cond: threading.Condition
    _updates: list[dict[str, Any]]
    _last_update_id: int
    _poll_generation: int
    _wakeups: int
    _polls_in_progress: int
    _allowed_updates: frozenset[str] | None
    _listeners: list[Callable[[], None]]

    def _long_poll(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """getUpdates, blocking this thread until updates come or the timeout passes."""
        with self._cond:
            poll = self._begin_poll(params)
            if isinstance(poll, tuple):
                return poll
            self._cond.wait_for(lambda: self._poll_ready(poll), poll.timeout)
            return self._end_poll(poll)

    async def _long_poll_async(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """getUpdates, waiting without blocking the event loop."""
        loop = asyncio.get_running_loop()
        changed = asyncio.Event()

        def wake() -> None:
            with contextlib.suppress(RuntimeError):  # the loop may already be closed
                loop.call_soon_threadsafe(changed.set)

        with self._cond:
            poll = self._begin_poll(params)
            if isinstance(poll, tuple):
                return poll
            self._listeners.append(wake)
        try:
            deadline = loop.time() + poll.timeout
            while True:
                with self._cond:
                    if self._poll_ready(poll) or loop.time() >= deadline:
                        return self._end_poll(poll)
                    changed.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(changed.wait(), deadline - loop.time())
        finally:
            with self._cond:
                self._listeners.remove(wake)
                self._abandon_poll(poll)

    def interrupt_long_polls(self) -> None:
        """Make pending getUpdates calls return now (with whatever is queued)."""
        with self._cond:
            self._wakeups += 1
            self._changed()

    def next_update_id(self) -> int:
        """Allocate a fresh update_id."""
        with self._cond:
            self._last_update_id += 1
            return self._last_update_id

    def push_update(self, update: dict[str, Any]) -> None:
        """Queue an update for getUpdates and wake long pollers."""
        with self._cond:
            update = copy.deepcopy(update)
            if "update_id" not in update:
                self._last_update_id += 1
                update["update_id"] = self._last_update_id
            self._last_update_id = max(self._last_update_id, update["update_id"])
            self.observe_update(update)
            self._updates.append(update)
            self._changed()

    def pending_updates(self) -> int:
        """How many updates are queued and not yet confirmed."""
        with self._cond:
            return len(self._updates)

    def polls_started(self) -> int:
        """How many getUpdates calls have begun (a restarted bot's first poll bumps it)."""
        with self._cond:
            return self._poll_generation

    def polls_in_progress(self) -> int:
        """How many getUpdates calls are being answered right now (long polls waiting)."""
        with self._cond:
            return self._polls_in_progress

    def wait_until(self, predicate: Callable[[], bool], timeout: float) -> bool:
        """Block until predicate() is true (re-checked on every state change) or timeout."""
        with self._cond:
            return self._cond.wait_for(predicate, timeout)

    def _begin_poll(self, raw: dict[str, Any]) -> Poll | tuple[int, dict[str, Any]]:
        """Start a getUpdates call: confirm the offset and end any older long poll."""
        params = dict(raw)
        try:
            params = decode_params(raw)
            self._take_fault("getUpdates")
        except ApiError as error:
            return self._record("getUpdates", params, error.status, error.body())
        offset = params.get("offset")
        if isinstance(offset, int) and offset > 0:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        allowed = params.get("allowed_updates")
        if isinstance(allowed, list):
            self._allowed_updates = frozenset(allowed) if allowed else None
        limit = params.get("limit")
        limit = min(max(limit, 1), 100) if isinstance(limit, int) else 100
        timeout = params.get("timeout") or 0.0
        self._poll_generation += 1
        self._polls_in_progress += 1
        self._changed()
        return Poll(
            params,
            limit,
            min(max(float(timeout), 0.0), _MAX_LONG_POLL),
            self._poll_generation,
            self._wakeups,
        )

    def _allowed(self, update: dict[str, Any]) -> bool:
        """Whether the bot's allowed_updates setting lets this update through."""
        kind = _update_type(update)
        if self._allowed_updates is None:
            return kind not in _DEFAULT_UPDATE_TYPES_EXCLUDED
        return kind in self._allowed_updates

    def _poll_ready(self, poll: Poll) -> bool:
        """Whether a waiting getUpdates call should answer now."""
        return (
            any(self._allowed(u) for u in self._updates)
            or poll.generation != self._poll_generation
            or poll.wakeups != self._wakeups
        )

    def _abandon_poll(self, poll: Poll) -> None:
        """Forget a getUpdates call whose caller went away (e.g. a cancelled task)."""
        if not poll.ended:
            poll.ended = True
            self._polls_in_progress -= 1
            self._changed()

    def _end_poll(self, poll: Poll) -> tuple[int, dict[str, Any]]:
        """Answer a getUpdates call."""
        poll.ended = True
        self._polls_in_progress -= 1
        if poll.generation != self._poll_generation:
            error = ApiError(409, _CONFLICT)
            return self._record("getUpdates", poll.params, error.status, error.body())
        self._updates = [u for u in self._updates if self._allowed(u)]
        result = copy.deepcopy(self._updates[: poll.limit])
        return self._record("getUpdates", poll.params, 200, {"ok": True, "result": result})
