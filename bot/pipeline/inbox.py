"""Fetched updates are kept until handled, so a crash between fetching and handling loses none.

PTB confirms updates to Telegram (the next getUpdates carries a higher offset) as soon as it has
fetched them, before handling them. `InboxRequest` wraps the getUpdates request: the updates it
returns are written to the encrypted store first. Handling an update removes it, in the same
transaction that records it as handled; at start-up, what is left is handled then
(`SmallStepsApplication.initialize`). Handled ids make a second delivery harmless.

Two faults are dealt with here rather than in PTB, where either would stop all handling:
- an update the library cannot read (PTB would fail on the whole batch, log it, and fetch the
  same batch again forever) is set aside in the quarantine, and PTB gets an empty update with
  the same id in its place, so the offset moves past it and everyone else is answered;
- a database that cannot take the updates (a full disk, a lock held too long) is tried again
  with backoff; the batch is not confirmed to Telegram until it is kept.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from typing import Any

from telegram import Update
from telegram.error import NetworkError
from telegram.request import BaseRequest, RequestData

from bot.clock import Clock
from bot.health import Progress
from bot.pipeline.errors import redacted
from bot.pipeline.retry import Sleep, fault_backoff
from bot.store import STORE_FAULTS, Store

log = logging.getLogger(__name__)


class InboxUnavailableError(NetworkError):
    """The fetched updates could not be kept (the bot is stopping during a database fault);
    they are not confirmed to Telegram, which hands them over again."""


def readable(update: dict[str, Any]) -> bool:
    """True if the library can read this update."""
    try:
        Update.de_json(update, None)
    except Exception:  # whatever the library raises on a malformed update
        return False
    return True


class InboxRequest(BaseRequest):
    """A getUpdates request object that keeps what it fetched in the store before returning it."""

    def __init__(
        self,
        inner: BaseRequest,
        store: Store,
        clock: Clock,
        progress: Progress | None = None,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self._inner = inner
        self._store = store
        self._clock = clock
        self._progress = progress or Progress()
        self._sleep = sleep
        # Replaced by the composition root: keep trying while the updater runs.
        self.keep_trying: Callable[[], bool] = lambda: True

    @property
    def read_timeout(self) -> float | None:
        """The wrapped request's read timeout."""
        return self._inner.read_timeout

    async def initialize(self) -> None:
        """Initialise the wrapped request."""
        await self._inner.initialize()

    async def shutdown(self) -> None:
        """Shut the wrapped request down."""
        await self._inner.shutdown()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        *args: Any,
        **kwargs: Any,
    ) -> tuple[int, bytes]:
        """Make the request; keep any updates it returns before PTB sees them."""
        status, payload = await self._inner.do_request(url, method, request_data, *args, **kwargs)
        if status != 200 or url.rsplit("/", 1)[-1] != "getUpdates" or not self._store.is_open:
            return status, payload
        body = json.loads(payload)
        updates = [u for u in body.get("result") or [] if isinstance(u, dict) and "update_id" in u]
        if not updates:
            return status, payload
        kept = [(u["update_id"], json.dumps(u)) for u in updates if readable(u)]
        unreadable = [(u["update_id"], json.dumps(u)) for u in updates if not readable(u)]
        await self._keep(kept, unreadable)
        self._progress.received([update_id for update_id, _ in kept])
        if not unreadable:
            return status, payload
        skipped = {update_id for update_id, _ in unreadable}
        body["result"] = [
            {"update_id": u["update_id"]} if u["update_id"] in skipped else u for u in updates
        ]
        return status, json.dumps(body).encode()

    async def _keep(self, kept: list[tuple[int, str]], unreadable: list[tuple[int, str]]) -> None:
        """Store the batch, trying again while the database fails (see the module's notes)."""
        failures = 0
        while True:
            try:
                now = self._clock.now()
                await self._store.state.receive(kept, now)
                for update_id, payload in unreadable:
                    await self._store.state.quarantine(update_id, payload, "unreadable", now)
                    log.warning("update_quarantined update_id=%s reason=unreadable", update_id)
            except STORE_FAULTS as exc:
                failures += 1
                log.error("inbox_store_failed error=%s attempt=%d", redacted(exc), failures)
                if not self.keep_trying():
                    raise InboxUnavailableError("the fetched updates could not be kept") from exc
                await self._sleep(fault_backoff(failures))
                continue
            if failures:
                log.info("inbox_store_recovered attempts=%d", failures + 1)
            return
