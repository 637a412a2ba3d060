"""Several instances on one PostgreSQL database: each instance's workers claim updates from
the shared inbox (bot/store/claims.py) and handle them, whichever instance received them.

A worker claims a chat's oldest unhandled update, reads that chat's conversation state and
draft from the database (`refresh`), and handles the update inside the claim's transaction:
the pipeline commits it with the new state, the replies and the handled id
(`SmallStepsApplication._commit`), then sends the replies. A claim that ends without that
commit is rolled back and the update claimed again, by any instance; one that keeps failing
for a reason of its own (not the database's) is set aside after a few attempts.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

import psycopg

from bot.pipeline.application import ATTEMPTS, SmallStepsApplication, read_update
from bot.pipeline.errors import redacted
from bot.pipeline.retry import fault_backoff
from bot.store import STORE_FAULTS, PostgresDatabase, claims

log = logging.getLogger(__name__)

# A worker with nothing to claim looks again after this long (an update another instance
# received, or a chat another instance was busy with); one this instance receives wakes it,
# and a worker that has just handled an update looks again at once (the chat's next update,
# received by whichever instance, is then claimed without waiting). One worker looks often,
# the others now and then, so that an idle instance costs little.
IDLE = 0.2
IDLE_OTHERS = 2.0
# A worker's claim holds a pooled connection while it handles the update: leave some for the
# scheduler and the replies' sending (bot.store.postgres.POOL_MAX is 10).
MAX_WORKERS = 6

Refresh = Callable[[object], Awaitable[None]]


class Claimer:
    """`workers` tasks that claim and handle updates until the application stops."""

    def __init__(self, app: SmallStepsApplication, refresh: Refresh, workers: int) -> None:
        self._app = app
        self._refresh = refresh
        self.workers = max(1, min(workers, MAX_WORKERS))
        self._wake = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self._attempts: dict[int, int] = {}
        self.stopping = False

    def wake(self) -> None:
        """An update was kept: look for it now."""
        self._wake.set()

    def start(self) -> None:
        """Start the workers (on the running loop)."""
        self._tasks = [
            asyncio.create_task(self._work(IDLE if n == 0 else IDLE_OTHERS), name=f"claimer-{n}")
            for n in range(self.workers)
        ]

    async def stop(self, grace: float) -> None:
        """Claim nothing more; let what is being handled finish for up to `grace` seconds, then
        cancel it (rolled back: it stays in the inbox)."""
        self.stopping = True
        self._wake.set()
        if not self._tasks:
            return
        _, pending = await asyncio.wait(self._tasks, timeout=grace)
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)

    async def _work(self, idle: float) -> None:
        failures = 0
        while not self.stopping:
            self._wake.clear()
            try:
                handled = await self.once()
            except STORE_FAULTS as exc:
                failures += 1
                log.error("claim_failed error=%s attempt=%d", redacted(exc), failures)
                await asyncio.sleep(fault_backoff(failures))
                continue
            failures = 0
            if not handled and not self.stopping:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), idle)

    async def once(self) -> bool:
        """Claim and handle one update; False if there was none to claim."""
        app = self._app
        store = app.services.store
        db = store.db
        assert isinstance(db, PostgresDatabase)
        left: tuple[int, str] | None = None
        async with claims.claim(db) as claimed:
            if claimed is None:
                return False
            update_id = claimed.update_id
            payload = await store.state.open_stored(claimed.owner, claimed.payload)
            if payload is None:
                # Sealed for someone erased since: nothing of it can be handled, or kept.
                await store.state.mark_handled(update_id, app.services.clock.now())
                await claims.commit_claim()
                log.warning("update_dropped update_id=%s reason=erased", update_id)
                return True
            update = read_update(payload, app.bot)
            if update is None:
                await store.state.quarantine(
                    update_id, payload, "unreadable", app.services.clock.now()
                )
                await claims.commit_claim()
                log.warning("update_quarantined update_id=%s reason=unreadable", update_id)
                return True
            app.services.progress.received([update_id])
            await self._refresh(update)
            await app.process_update(update)
            if claims.holding() is not None:
                # Not committed: left for later (a fault, a stop), or set aside just now.
                try:
                    set_aside = await store.state.was_handled(update_id)
                except psycopg.Error:
                    set_aside = False
                if set_aside:
                    await claims.commit_claim()
                else:
                    left = (update_id, payload)
                    log.warning("update_left_in_inbox update_id=%s", update_id)
        if left is None:
            self._attempts.pop(claimed.update_id, None)
        elif not app.faulty and not app.stopping:
            await self._count_attempt(*left)
        return True

    async def _count_attempt(self, update_id: int, payload: str) -> None:
        """An update that failed for a reason of its own: after ATTEMPTS, set it aside."""
        tries = self._attempts.get(update_id, 0) + 1
        self._attempts[update_id] = tries
        if tries < ATTEMPTS:
            return
        del self._attempts[update_id]
        store = self._app.services.store
        await store.state.quarantine(update_id, payload, "attempts", self._app.services.clock.now())
        log.warning("update_quarantined update_id=%s reason=attempts", update_id)
