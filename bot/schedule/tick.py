"""The scheduler's tick: plan, claim what is due, send it, record it.

One repeating JobQueue job runs `Scheduler.tick()`. The database is the source of truth for
when each person's next prompt and digest are due, so a restart loses nothing and no per-person
job lives in memory. Each delivery is claimed (with the person's next due instant) in one
transaction before anything is sent, and is unique per person, kind and local date.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from telegram import Bot, Message

from bot.clock import Clock
from bot.pipeline.retry import SCHEDULED, Outcome, Sleep, send
from bot.schedule.outgoing import Compose, Outgoing
from bot.schedule.timing import held_by_quiet_hours, next_daily, next_weekly
from bot.store import Store
from bot.store.lease import Lease
from bot.store.schedule import Claim, Due, Finished, Kind, Planned

log = logging.getLogger(__name__)

GRACE = timedelta(hours=2)
UPDATE_MEMORY = timedelta(hours=24)
BATCH = 200
CONCURRENCY = 16


@dataclass
class TickReport:
    """What one tick did (counts only)."""

    planned: int = 0
    sent: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    failed: int = 0
    blocked: int = 0
    uncertain: int = 0
    recovered: int = 0


def _next(kind: Kind, due: Due, after: datetime) -> Planned:
    if kind == "prompt":
        occurrence = next_daily(due.prompt_time, due.timezone, after)
    else:
        occurrence = next_weekly(due.digest_weekday, due.digest_time, due.timezone, after)
    return Planned(occurrence.at, occurrence.local_date)


class Scheduler:
    """Plans, claims and sends prompts and digests; every step is safe to repeat."""

    def __init__(
        self,
        store: Store,
        bot: Bot,
        clock: Clock,
        compose: Compose,
        *,
        grace: timedelta = GRACE,
        sleep: Sleep = asyncio.sleep,
        batch: int = BATCH,
        concurrency: int = CONCURRENCY,
        rate_limit_args: str | None = None,
        lease: Lease | None = None,
    ) -> None:
        self._store = store
        self._bot = bot
        self._clock = clock
        self._compose = compose
        self._grace = grace
        self._sleep = sleep
        self._batch = batch
        self._concurrency = concurrency
        # Prompts and digests are broadcasts: the bot's rate limiter paces them under Telegram's
        # overall limit, leaving room for replies (bot.pipeline.limits). None: no pacing.
        self._broadcast = {"rate_limit_args": rate_limit_args} if rate_limit_args else {}
        self._recovered = False
        # Instances sharing PostgreSQL: only the lease's holder fans out (None: the only one).
        self.lease = lease
        self.stopping = False  # set when the bot stops: a fan-out ends after its current chunk

    async def tick(self) -> TickReport:
        """One pass: recover after a crash (first time), plan, then claim and send what's due."""
        report = TickReport()
        if not await self._leading():
            return report
        now = self._clock.now()
        if not self._recovered:
            await self._recover(report)
            self._recovered = True
        await self._plan(now, report)
        # Housekeeping: Telegram redelivers an update for at most 24 hours.
        await self._store.state.forget_handled_before(now - UPDATE_MEMORY)
        for kind in ("prompt", "digest"):
            while not self.stopping:
                due = await self._store.schedule.due(kind, now, self._batch)
                if not due:
                    break
                claims = [await self._decide(kind, person, now) for person in due]
                for claim in claims:
                    if claim.status == "skipped" and claim.detail:
                        report.skipped[claim.detail] = report.skipped.get(claim.detail, 0) + 1
                to_send = await self._store.schedule.claim(kind, claims, now)
                await self._send_all(kind, to_send, report)
        if report.sent or report.failed or report.blocked or report.uncertain:
            log.info(
                "tick sent=%d failed=%d blocked=%d uncertain=%d skipped=%s",
                report.sent,
                report.failed,
                report.blocked,
                report.uncertain,
                report.skipped,
            )
        return report

    async def _leading(self) -> bool:
        """True if this instance runs the fan-out now. An instance that takes the lease over
        recovers first: the claims its last holder left "sending" become uncertain, never
        resent (it may have died after Telegram had them)."""
        if self.lease is None:
            return True
        had = self.lease.held
        if not await self.lease.hold():
            return False
        if not had:
            self._recovered = False
        return True

    async def _recover(self, report: TickReport) -> None:
        """After a crash: resend claims never tried; never resend one that may have gone out."""
        for kind in ("prompt", "digest"):
            for telegram_id, local_date, status in await self._store.schedule.unfinished(kind):
                if status == "sending":
                    await self._store.schedule.set_status(
                        telegram_id, kind, local_date, "uncertain", detail="Interrupted"
                    )
                    report.uncertain += 1
                    log.warning("delivery_uncertain user=%s kind=%s", telegram_id, kind)
                    continue
                due = await self._due_for(telegram_id, kind, local_date)
                if due is not None:
                    await self._send_all(kind, [due], report)
                    report.recovered += 1

    async def _due_for(self, telegram_id: int, kind: Kind, local_date: date) -> Due | None:
        person = await self._store.users.get(telegram_id)
        if person is None or person.timezone is None or person.prompt_time is None:
            return None
        return Due(
            telegram_id=telegram_id,
            timezone=person.timezone,
            prompt_time=person.prompt_time,
            digest_weekday=person.digest_weekday,
            digest_time=person.digest_time,
            paused_until=person.paused_until,
            skip_if_checked_in=True,
            last_question_key=None,
            due_at=self._clock.now(),
            local_date=local_date,
            put_off_question=await self._store.schedule.put_off_question(telegram_id),
        )

    async def _plan(self, now: datetime, report: TickReport) -> None:
        """Give everyone whose settings changed (or who is new) their next due instants."""
        while True:
            people = await self._store.schedule.to_plan(self._batch)
            if not people:
                return
            plans: list[tuple[int, Kind, Planned]] = []
            for p in people:
                if p.needs_prompt:
                    o = next_daily(p.prompt_time, p.timezone, now)
                    plans.append((p.telegram_id, "prompt", Planned(o.at, o.local_date)))
                if p.needs_digest:
                    o = next_weekly(p.digest_weekday, p.digest_time, p.timezone, now)
                    plans.append((p.telegram_id, "digest", Planned(o.at, o.local_date)))
            await self._store.schedule.set_plans(plans)
            report.planned += len(people)

    async def _decide(self, kind: Kind, due: Due, now: datetime) -> Claim:
        """Send or skip one due delivery, and when the next one is."""
        following = _next(kind, due, max(now, due.due_at))
        chosen = due.prompt_time if kind == "prompt" else due.digest_time

        def skip(reason: str) -> Claim:
            return Claim(due, "skipped", reason, following)

        if due.paused_until is not None and due.paused_until > now:
            return skip("paused")
        if now - due.due_at > self._grace:
            return skip("late")
        if held_by_quiet_hours(now, due.timezone, chosen):
            return skip("quiet_hours")
        if (
            kind == "prompt"
            and due.skip_if_checked_in
            and await self._store.schedule.checked_in(due.telegram_id, due.local_date)
        ):
            return skip("checked_in")
        return Claim(due, "claimed", None, following)

    async def _send_all(self, kind: Kind, people: list[Due], report: TickReport) -> None:
        """Send in chunks of `concurrency`: each chunk is marked "sending" in one transaction,
        sent concurrently, and its outcomes recorded in one transaction. At most `concurrency`
        deliveries are ever in flight, so a crash leaves at most that many uncertain."""
        for start in range(0, len(people), self._concurrency):
            if self.stopping or not await self._leading():
                # The rest stay claimed and are sent at the next start, or by the instance that
                # takes the lease over (see _recover).
                return
            chunk = people[start : start + self._concurrency]
            messages = await asyncio.gather(*(self._compose(kind, due) for due in chunk))
            await self._store.schedule.mark_sending(
                kind, [(due.telegram_id, due.local_date) for due in chunk]
            )
            outcomes = await asyncio.gather(
                *(self._deliver(due.telegram_id, m) for due, m in zip(chunk, messages, strict=True))
            )
            await self._record(kind, chunk, messages, outcomes, report)

    async def _record(
        self,
        kind: Kind,
        chunk: list[Due],
        messages: list[Outgoing],
        outcomes: list[Outcome],
        report: TickReport,
    ) -> None:
        now = self._clock.now()
        finished = []
        for due, message, outcome in zip(chunk, messages, outcomes, strict=True):
            if outcome.result == "sent":
                finished.append(
                    Finished(
                        due.telegram_id,
                        due.local_date,
                        "sent",
                        detail=message.question_key,
                        message_id=outcome.message_id,
                        sent_at=now,
                        question_key=message.question_key,
                    )
                )
                report.sent += 1
                continue
            status = outcome.result if outcome.result != "blocked" else "failed"
            finished.append(Finished(due.telegram_id, due.local_date, status, outcome.detail))
            if outcome.result == "uncertain":
                report.uncertain += 1
                log.warning("delivery_uncertain user=%s kind=%s", due.telegram_id, kind)
            elif outcome.result == "failed":
                report.failed += 1
                log.warning(
                    "delivery_failed user=%s kind=%s error=%s",
                    due.telegram_id,
                    kind,
                    outcome.detail,
                )
        await self._store.schedule.finish(kind, finished)
        for due, outcome in zip(chunk, outcomes, strict=True):
            if outcome.result == "blocked":
                await self._store.users.set_active(due.telegram_id, False)
                report.blocked += 1
                log.info("user_inactive user=%s reason=blocked", due.telegram_id)

    async def _deliver(self, chat_id: int, message: Outgoing) -> Outcome:
        broadcast = self._broadcast
        if message.photo is not None:
            photo = message.photo
            first = await send(
                lambda: self._bot.send_photo(chat_id, photo, caption=message.caption, **broadcast),
                SCHEDULED,
                self._sleep,
            )
            if first.result != "sent":
                return first

        def text() -> Awaitable[Message]:
            return self._bot.send_message(
                chat_id, message.text, reply_markup=message.keyboard, **broadcast
            )

        return await send(text, SCHEDULED, self._sleep)
