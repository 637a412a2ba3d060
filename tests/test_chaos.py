"""Chaos: SIGKILL the real process at seeded random moments while several people onboard, work
through /win, /feel and /reframe, export, and erase themselves, while the daily fan-out runs,
while the disk is full (RLIMIT_FSIZE) and with unreadable updates in the stream. Afterwards:
the database is intact, no confirmed entry is lost or doubled, nobody got a day's prompt twice,
everyone still there is answered, and the person who erased themselves left nothing behind.

`make test` runs a short version (a fixed seed and counts). The soak:
    SMALLSTEPS_SOAK=1 .venv/bin/python -m pytest tests/test_chaos.py -s
runs 60 kills (SMALLSTEPS_SOAK_KILLS to change it) and prints the figures.
"""

from __future__ import annotations

import os
import random
import resource
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.store import Store, Win
from fake_telegram import FakeTelegram, SyncFakeUser
from tests.e2e_support import BotProcess, bot_env, db_path, read_store
from tests.test_crash_kills import FLOWS, Step, _answer, _wait

SOAK = os.environ.get("SMALLSTEPS_SOAK") == "1"
SEED = 20_261_201
KILLS = int(os.environ.get("SMALLSTEPS_SOAK_KILLS", "60")) if SOAK else 6
WAIT = 12.0  # for an answer that must come
AFTER_KILL = 5.0  # for an answer after a restart (it is lost if the kill came mid-send)
ERASED_ID = 9103
KILL_CHANCE = 0.2  # per action
MOMENTS = ("sent", "fetched", "answered", "later")


ZONE = ZoneInfo("Europe/Berlin")

ONBOARDING = [
    Step("/start", "Is that okay?"),
    Step("tap:Yes, that's okay", "Which time zone are you in?"),
    Step("Germany", "Is that your time?"),
    Step("tap:Yes, that's right", "What time of day suits a short check-in?"),
    Step("21:30", "All set ✓"),
]


@dataclass
class Figures:
    """What happened, for the assertions and the report."""

    kills: int = 0
    moments: Counter[str] = field(default_factory=Counter)
    actions: int = 0
    lost: int = 0
    full_disks: int = 0
    unreadable: int = 0
    fan_outs: int = 0
    confirmed: dict[int, list[str]] = field(default_factory=dict)
    typed: set[str] = field(default_factory=set)


class Chaos:
    """The bot, the people, and a seeded source of trouble."""

    def __init__(self, telegram: FakeTelegram, bot: BotProcess, tmp_path: Path) -> None:
        self.telegram = telegram
        self.bot = bot
        self.tmp_path = tmp_path
        self.rng = random.Random(SEED)
        self.figures = Figures()
        self.onboarded = False  # fan-outs begin once everyone is set up

    # ------------------------------------------------------------------ trouble

    def restart(self, moment: str) -> None:
        self.bot.kill()
        self.figures.kills += 1
        self.figures.moments[moment] += 1
        if self.onboarded and self.figures.kills % 3 == 0:
            self.fan_out_due()
            self.bot.start()
            # Killed again while the first tick sends everyone their check-in, or not.
            time.sleep(self.rng.uniform(0.0, 1.5))
            self.bot.kill()
            self.figures.kills += 1
            self.figures.moments["fan-out"] += 1
        self.bot.start()

    def fan_out_due(self) -> None:
        """While the bot is down: everyone's check-in for today is due now (the next start's
        first tick sends them, and may be killed halfway)."""
        self.figures.fan_outs += 1

        async def due(store: Store) -> None:
            now = datetime.now(UTC)
            # A check-in time inside the quiet hours is sent whatever the hour is now, so the
            # fan-out happens at any time of day the suite runs.
            await store.db.execute(
                "UPDATE users SET next_prompt_at = ?, next_prompt_date = ?, prompt_time = ?, "
                "skip_if_checked_in = 0 WHERE timezone IS NOT NULL",
                (
                    (now - timedelta(minutes=1)).isoformat(),
                    now.astimezone(ZONE).date().isoformat(),
                    "23:30",
                ),
            )

        read_store(self.tmp_path, due)

    def full_disk(self) -> None:
        """The database's disk is full for a moment, then has room again."""
        assert self.bot.proc is not None
        pid = self.bot.proc.pid
        data = db_path(self.tmp_path).parent
        limit = max(f.stat().st_size for f in data.iterdir())
        resource.prlimit(pid, resource.RLIMIT_FSIZE, (limit, resource.RLIM_INFINITY))
        time.sleep(self.rng.uniform(0.2, 1.0))
        resource.prlimit(pid, resource.RLIMIT_FSIZE, (resource.RLIM_INFINITY,) * 2)
        self.figures.full_disks += 1

    # ------------------------------------------------------------------ people

    def act(self, user: SyncFakeUser, step: Step) -> bool:
        """One action; True once its answer was seen, False if it was lost to a kill."""
        mark = self.telegram.current_seq()
        if user.user_id != ERASED_ID and self.rng.random() < 0.08:
            user.send_unreadable(f"unreadable-{self.figures.actions}")
            self.figures.unreadable += 1
        if step.action.startswith("tap:"):
            user.tap(step.action[4:])
        else:
            self.figures.typed.add(step.action)
            user.send(step.action)
        self.figures.actions += 1
        if self.bot.proc is not None and self.rng.random() < 0.1:
            self.full_disk()
        if self.figures.kills >= KILLS or self.rng.random() > KILL_CHANCE:
            answer = _wait(user, mark, step.expect, WAIT)
            assert answer is not None, f"no answer to {step.action!r} (and no kill)"
            return True
        moment = self.rng.choice(MOMENTS)
        if moment == "fetched":
            self.telegram.wait_until(lambda: self.telegram.pending_updates() == 0, WAIT)
        elif moment in ("answered", "later"):
            assert _wait(user, mark, step.expect, WAIT) is not None
            if moment == "later":
                time.sleep(self.rng.uniform(0.0, 0.3))
        self.restart(moment)
        if _wait(user, mark, step.expect, AFTER_KILL) is not None:
            return True
        self.figures.lost += 1
        return False

    def start_over(self, user: SyncFakeUser) -> None:
        mark = self.telegram.current_seq()
        user.send("/cancel")
        fragments = ("Okay, stopped.", "There's nothing to stop")
        assert self.telegram.wait_until(
            lambda: any(_answer(user, mark, f) for f in fragments), WAIT
        ), "no answer to /cancel"

    def run(self, user: SyncFakeUser, steps: list[Step]) -> bool:
        """All steps; False (after /cancel) if an answer was lost on the way."""
        for step in steps:
            if not self.act(user, step):
                self.start_over(user)
                return False
        return True

    def onboard(self, user: SyncFakeUser) -> None:
        while not self.run(user, ONBOARDING):
            pass

    def reflect(self, user: SyncFakeUser, flow: str, n: int) -> None:
        while True:
            steps, unique = FLOWS[flow](n)
            n += 1000
            mark = self.telegram.current_seq()
            if self.run(user, steps):
                saved = _answer(user, mark, "Saved ✓")
                assert saved is not None and unique in saved.text
                self.figures.confirmed.setdefault(user.user_id, []).append(unique)
                return

    def export(self, user: SyncFakeUser) -> None:
        while not self.run(user, [Step("/export", "keep them somewhere safe")]):
            pass

    def erase(self, user: SyncFakeUser) -> None:
        steps = [
            Step("/delete", "permanently erases everything"),
            Step("tap:Yes, erase everything", "has been erased"),
        ]
        while not self.run(user, steps):
            pass


@pytest.mark.timeout(1800 if SOAK else 240)
def test_chaos_kills_full_disks_and_unreadable_updates_lose_nothing(double, tmp_path: Path) -> None:
    telegram, server = double
    bot = BotProcess(telegram, bot_env(server, telegram, tmp_path), tmp_path)
    chaos = Chaos(telegram, bot, tmp_path)
    ana = SyncFakeUser(telegram, user_id=9101, first_name="Ana")
    bo = SyncFakeUser(telegram, user_id=9102, first_name="Bo")
    cy = SyncFakeUser(telegram, user_id=9103, first_name="Cy")  # erases herself at the end
    began = time.monotonic()
    bot.start()
    try:
        for person in (ana, bo, cy):
            chaos.onboard(person)
        chaos.onboarded = True
        chaos.reflect(cy, "win", 7)
        n = 0
        while chaos.figures.kills < KILLS or n < 3:  # every flow at least once
            person = (ana, bo)[n % 2]
            chaos.reflect(person, list(FLOWS)[n % 3], n)
            if n % 4 == 1:
                chaos.export(person)
            n += 1
        chaos.erase(cy)
        # Everyone still here is answered.
        for person in (ana, bo):
            mark = telegram.current_seq()
            person.send("/help")
            assert _wait(person, mark, "helps you notice", WAIT), "not answered at the end"
        status, output = bot.terminate()
    finally:
        if bot.proc and bot.proc.poll() is None:
            bot.proc.kill()
            bot.proc.wait()
    assert status == 0, output
    took = time.monotonic() - began
    figures = chaos.figures

    async def read(store: Store) -> dict:
        row = await store.db.fetch_one("PRAGMA integrity_check")
        kept = {}
        for person in (ana, bo):
            entries = await store.entries.all_of(person.user_id)
            kept[person.user_id] = [
                e.text if isinstance(e, Win) else getattr(e, "about", None) or e.friend_words
                for e in entries
            ]
        deliveries = {p.user_id: await store.schedule.deliveries_of(p.user_id) for p in (ana, bo)}
        return {
            "integrity": row[0] if row else None,
            "kept": kept,
            "deliveries": deliveries,
            "cy": await store.count_person(cy.user_id),
            "quarantined": len(await store.state.quarantined()),
        }

    found = read_store(tmp_path, read)
    assert found["integrity"] == "ok"
    for person in (ana, bo):
        kept = found["kept"][person.user_id]
        doubled = [text for text, count in Counter(kept).items() if count > 1]
        assert doubled == [], f"saved twice: {doubled}"
        missing = [t for t in figures.confirmed.get(person.user_id, []) if t not in kept]
        assert missing == [], f"confirmed but not kept: {missing}"
        assert set(kept) <= figures.typed
        # No prompt twice: one delivery per day, and its message sent once.
        prompts = [d for d in found["deliveries"][person.user_id] if d.kind == "prompt"]
        assert len({d.local_date for d in prompts}) == len(prompts)
        transcript = person.transcript()
        for delivery in prompts:
            sent = [m for m in transcript if m.message_id == delivery.message_id]
            if sent:
                same = [m for m in transcript if m.text == sent[0].text and m.kind == "text"]
                assert len(same) == 1, f"prompt sent {len(same)} times"
    assert all(count == 0 for count in found["cy"].values()), found["cy"]
    assert found["quarantined"] == figures.unreadable
    assert figures.kills >= KILLS
    prompted = sum(
        1 for p in (ana, bo) for d in found["deliveries"][p.user_id] if d.kind == "prompt"
    )
    print(
        f"\nchaos: kills {figures.kills} (moments {dict(figures.moments)}), "
        f"actions {figures.actions}, answers lost with the process {figures.lost}, "
        f"full disks {figures.full_disks}, unreadable updates {figures.unreadable}, "
        f"fan-outs made due {figures.fan_outs} (prompt deliveries {prompted}), "
        f"confirmed { {k: len(v) for k, v in figures.confirmed.items()} }, {took:.1f} s"
    )
