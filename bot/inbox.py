"""Fetched updates are kept until handled, so a crash between fetching and handling loses none.

PTB confirms updates to Telegram (the next getUpdates carries a higher offset) as soon as it has
fetched them, before handling them. `InboxRequest` wraps the getUpdates request: the updates it
returns are written to the encrypted store first. Handling an update removes it, in the same
transaction that records it as handled; at start-up, what is left is handled then
(`SmallStepsApplication.initialize`). Handled ids make a second delivery harmless.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from telegram.request import BaseRequest, RequestData

from bot.clock import Clock
from bot.store import Store

log = logging.getLogger(__name__)


class InboxRequest(BaseRequest):
    """A getUpdates request object that keeps what it fetched in the store before returning it."""

    def __init__(self, inner: BaseRequest, store: Store, clock: Clock) -> None:
        self._inner = inner
        self._store = store
        self._clock = clock

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
        if status == 200 and url.rsplit("/", 1)[-1] == "getUpdates" and self._store.is_open:
            updates = json.loads(payload).get("result") or []
            kept = [(u["update_id"], json.dumps(u)) for u in updates if "update_id" in u]
            await self._store.state.receive(kept, self._clock.now())
        return status, payload
