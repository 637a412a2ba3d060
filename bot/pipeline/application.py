"""The PTB Application subclass that owns Small Steps' long-lived services."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from telegram import Bot, BotCommand, Update
from telegram.ext import Application

from bot.clock import Clock
from bot.config import Settings
from bot.health import Progress, notify_systemd
from bot.pipeline import outbox
from bot.pipeline.errors import redacted, watch_store_faults
from bot.pipeline.ordering import chat_id_of
from bot.pipeline.persistence import StorePersistence
from bot.pipeline.retry import Sleep, fault_backoff
from bot.schedule.tick import Scheduler
from bot.store import STORE_FAULTS, Store, UnwritableFolderError, claims
from bot.store.lease import Lease
from bot.store.lock import DatabaseInUseError, RunLock

T = TypeVar("T")

log = logging.getLogger(__name__)


# When the bot is asked to stop, updates already fetched are still handled for this long; the
# rest stay in the inbox for the next start, so that a stop under load ends within 10 s (one
# that began in time may still wait up to 5 s for Telegram: bot.pipeline.retry.INTERACTIVE).
STOP_GRACE = 3.0

# An update whose handling keeps failing for a reason of its own (not the database's) is set
# aside after this many attempts, so that everyone after it is answered.
ATTEMPTS = 3


@dataclass(frozen=True)
class Services:
    """What handlers need from the outside world."""

    store: Store
    clock: Clock
    settings: Settings
    progress: Progress = field(default_factory=Progress)
    sleep: Sleep = asyncio.sleep  # waits between retries (tests record them instead)
    # Set by the composition root once the bot exists (the scheduler sends with it).
    scheduler: Scheduler | None = None


class Stopping(Exception):
    """The application is stopping: leave the update in the inbox for the next start."""


class SetAside(Exception):
    """The update keeps failing for a reason of its own: quarantine it."""


class SmallStepsApplication(Application):  # type: ignore[type-arg]
    """Opens the store before PTB loads persisted state, and saves state after every update.

    PTB loads persistence inside `initialize()` (before `post_init` runs), so the database is
    opened here rather than in `post_init`. The same start-up and shutdown therefore run under
    `run_polling()` and under `async with app:` in tests.
    """

    def __init__(self, *, services: Services, commands: list[BotCommand], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.services = services
        self.commands = commands
        self.stopping = False
        self.stop_began = 0.0  # time.monotonic() when stop() was called
        self.faulty = False  # the last attempt to use the store failed
        self.run_lock = RunLock(services.settings.db_path)
        # Instances sharing a PostgreSQL database take updates from its inbox (webhook mode:
        # bot.pipeline.claimer, set by the composition root, started by bot.pipeline.webhook).
        self.shared = False
        self.claimer: Any = None
        # Polling allows one getUpdates consumer per token: on PostgreSQL, one polling
        # instance per database, held as a lease.
        self.polling_lease: Lease | None = None

    async def initialize(self) -> None:
        """Open the store, let PTB load state, publish the command menu, and queue the updates
        fetched but not handled before the last stop (bot.pipeline.inbox); one that cannot be
        read is set aside rather than stopping the start."""
        db_path = self.services.settings.db_path
        try:
            locked = self.run_lock.acquire()
        except OSError as exc:
            raise UnwritableFolderError(
                f"Small Steps cannot create the folder {db_path.parent} for its database "
                f"({redacted(exc)}). Create it and make it writable by the user the bot runs as, "
                "or set SMALLSTEPS_DB_PATH to a writable place."
            ) from exc
        if not locked:
            raise DatabaseInUseError(
                f"Another Small Steps process is already using {db_path}. Stop it first: two "
                "bots on one database would answer everyone twice."
            )
        try:
            await self.services.store.open()
            await self._one_polling_instance()
        except BaseException:
            await self.services.store.close()
            await self._release_leases()
            self.run_lock.release()
            raise
        try:
            await super().initialize()
            await self.bot.set_my_commands(self.commands)
            sent = await outbox.send_stored(self.services.store, self.bot, self.services.sleep)
            if sent:
                log.info("stored_replies_sent count=%d", sent)
            if self.shared:
                await self._note_chats_of_kept_updates()
            # Instances sharing a database claim what is kept instead (bot.pipeline.claimer).
            kept = [] if self.shared else await self.services.store.state.unhandled()
            for update_id, payload in kept:
                update = read_update(payload, self.bot)
                if update is None:
                    await self.services.store.state.quarantine(
                        update_id, payload, "unreadable", self.services.clock.now()
                    )
                    log.warning("update_quarantined update_id=%s reason=unreadable", update_id)
                    continue
                self.services.progress.received([update_id])
                await self.update_queue.put(update)
                log.info("update_requeued")
        except BaseException:
            await self.services.store.close()
            await self._release_leases()
            self.run_lock.release()
            raise
        notify_systemd("READY=1", self.services.settings.notify_socket)
        log.info("application initialised")

    async def _one_polling_instance(self) -> None:
        """On PostgreSQL, refuse to poll beside another polling instance of this database."""
        url = self.services.settings.database_url
        if self.shared or url is None:
            return
        self.polling_lease = Lease(url, "polling")
        if not await self.polling_lease.hold():
            raise DatabaseInUseError(
                "Another Small Steps instance is already polling Telegram with this PostgreSQL "
                "database. Polling allows one instance per bot token: stop the other one, or "
                "run every instance in webhook mode (`python -m bot --webhook`) behind a load "
                "balancer (README: When one process is not enough)."
            )

    async def _note_chats_of_kept_updates(self) -> None:
        """Give the inbox updates kept without their chat (by a polling run, or before schema
        step 12) their chat, so that the instances can claim them."""
        store = self.services.store
        unassigned = set(await claims.unassigned(store.db))
        if not unassigned:
            return
        for update_id, payload in await store.state.unhandled():
            if update_id in unassigned:
                await claims.assign_chat(
                    store.db, update_id, chat_id_of(read_update(payload, None))
                )

    async def _release_leases(self) -> None:
        if self.polling_lease is not None:
            await self.polling_lease.release()
        scheduler = self.services.scheduler
        if scheduler is not None and scheduler.lease is not None:
            await scheduler.lease.release()

    async def stop(self) -> None:
        """Stop retrying (what is unhandled stays in the inbox), then let PTB stop."""
        self.stopping = True
        self.stop_began = time.monotonic()
        notify_systemd("STOPPING=1", self.services.settings.notify_socket)
        if self.services.scheduler is not None:
            self.services.scheduler.stopping = True
        await super().stop()

    async def shutdown(self) -> None:
        """Let PTB write its last state, then close the store (without waiting on a database
        that is failing: what was not saved is still in the inbox)."""
        try:
            await super().shutdown()
        finally:
            if self.faulty and self.services.store.is_open:
                await self.services.store.close(checkpoint=False)
            await self.services.store.close()
            await self._release_leases()
            self.run_lock.release()

    async def process_update(self, update: object) -> None:
        """Handle one update once, save the state it led to, then send the replies.

        Telegram redelivers updates whose receipt was not confirmed before a crash; the ids of
        handled updates are stored with the conversation state in one transaction, so an update
        is either handled and remembered, or neither. Replies wait in the outbox until then.

        Nothing escapes from here (an exception would end PTB's update fetcher, and with it all
        handling). A fault of the database (full disk, lock, I/O) is retried with backoff until
        it clears, the update kept meanwhile; any other fault sets the update aside after a few
        attempts. Either way, the next update is handled.
        """
        update_id = update.update_id if isinstance(update, Update) else None
        try:
            await self._handle(update, update_id)
        except Stopping:
            log.warning("update_left_for_next_start update_id=%s", update_id)
        except SetAside as exc:
            await self._quarantine(update, update_id, str(exc))

    async def _handle(self, update: object, update_id: int | None) -> None:
        store = self.services.store
        if self.stopping and time.monotonic() - self.stop_began > STOP_GRACE:
            # Not started soon enough after the stop: it stays in the inbox for the next start,
            # so a stop under load ends within seconds instead of working through the queue.
            raise Stopping
        failures = 0
        while True:
            if update_id is not None and store.is_open:
                handled = await self._attempt(
                    "was_handled", lambda: store.state.was_handled(update_id), update_id
                )
                if handled:
                    log.info("update_duplicate update_id=%s", update_id)
                    self.services.progress.handled(update_id)
                    return
            box = outbox.open_outbox()
            faults = watch_store_faults()
            try:
                await super().process_update(update)
            except Exception as exc:
                # PTB hands handlers' errors to the error handler; this is anything else.
                log.error("update_failed update_id=%s error=%s", update_id, redacted(exc))
                raise SetAside(f"handling:{redacted(exc)}") from exc
            finally:
                outbox.close_outbox()
            if not faults:
                break
            # A handler could not use the database: nothing it said is sent, and the update
            # is handled again (its conversation did not move on) once the fault clears.
            failures += 1
            self.faulty = True
            await self._pause(failures, update_id)
        if store.is_open:
            await self.update_persistence()
            owners = _owners(update)
            await self._attempt("commit", lambda: self._commit(update_id, box, owners), update_id)
        self.faulty = False
        self.services.progress.handled(update_id)
        try:
            await outbox.deliver(box, update_id, store, self.services.sleep)
            chat = update.effective_chat if isinstance(update, Update) else None
            if chat is not None:  # replies stored by a handler itself (erasure's "Done")
                await outbox.send_stored(store, self.bot, self.services.sleep, chat.id)
        except Exception as exc:  # a reply is never sent twice: no retry here
            log.error("reply_failed update_id=%s error=%s", update_id, redacted(exc))

    async def _commit(
        self, update_id: int | None, box: list[outbox.Queued], owners: set[int]
    ) -> None:
        """The conversation state, the drafts, the replies and the handled id, in one
        transaction (the state and drafts of `owners` only: see `write_pending`)."""
        store = self.services.store
        persistence = self.persistence
        pending = None
        async with store.db.transaction():
            await outbox.store(box, store, self.services.clock.now())
            if isinstance(persistence, StorePersistence):
                pending = await persistence.write_pending(owners)
            if update_id is not None:
                await store.state.mark_handled(update_id, self.services.clock.now())
        # A claimed update (instances sharing PostgreSQL): its claim commits with all of it.
        await claims.commit_claim()
        if pending is not None and isinstance(persistence, StorePersistence):
            persistence.committed(pending)

    async def _attempt(
        self, step: str, action: Callable[[], Awaitable[T]], update_id: int | None
    ) -> T:
        """Run one step around handling until it succeeds; see `process_update`."""
        failures = 0
        while True:
            try:
                result = await action()
            except STORE_FAULTS as exc:
                failures += 1
                self.faulty = True
                log.error(
                    "store_fault step=%s update_id=%s error=%s attempt=%d",
                    step,
                    update_id,
                    redacted(exc),
                    failures,
                )
            except Exception as exc:
                failures += 1
                log.error(
                    "step_failed step=%s update_id=%s error=%s attempt=%d",
                    step,
                    update_id,
                    redacted(exc),
                    failures,
                )
                if failures >= ATTEMPTS:
                    raise SetAside(f"{step}:{redacted(exc)}") from exc
            else:
                if failures:
                    log.info("step_recovered step=%s update_id=%s", step, update_id)
                return result
            await self._pause(failures, update_id)

    async def _pause(self, failures: int, update_id: int | None) -> None:
        """Wait before the next attempt, unless the application is stopping or the update was
        claimed (its claim's transaction is spoilt: it is rolled back and claimed again)."""
        if self.stopping or claims.unsettled():
            raise Stopping
        await self.services.sleep(fault_backoff(failures))
        if self.stopping:
            raise Stopping

    async def _quarantine(self, update: object, update_id: int | None, reason: str) -> None:
        """Set the update aside (kept, encrypted, counted) so that everyone else is answered."""
        if update_id is None:
            return
        store = self.services.store

        async def keep() -> None:
            payload = await store.state.payload_of(update_id)
            if payload is None and isinstance(update, Update):
                payload = json.dumps(update.to_dict())
            await store.state.quarantine(
                update_id, payload or "{}", reason, self.services.clock.now()
            )

        try:
            await self._attempt("quarantine", keep, update_id)
        except (Stopping, SetAside):
            return
        self.services.progress.handled(update_id)
        count = len(await store.state.quarantined())
        log.warning(
            "update_quarantined update_id=%s reason=%s quarantined=%d", update_id, reason, count
        )


def _owners(update: object) -> set[int]:
    """The chat and person an update came from (none for anything else)."""
    if not isinstance(update, Update):
        return set()
    return {entity.id for entity in (update.effective_chat, update.effective_user) if entity}


def read_update(payload: str, bot: Bot | None) -> Update | None:
    """The update in a stored or fetched JSON payload, or None if the library cannot read it."""
    try:
        data = json.loads(payload)
        return Update.de_json(data, bot) if isinstance(data, dict) else None
    except Exception:  # whatever the library raises on a malformed update
        return None
