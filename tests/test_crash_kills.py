"""SIGKILL the real process again and again while a person works through /win, /feel,
/reframe, /note and /setback: the database stays intact, everything the bot confirmed is
kept, nothing is doubled.

The person is scripted: after every action they wait for the bot's answer. Kills come after
a seeded pseudo-random number of actions (1 to 4), at one of three moments: right after the
person sent something, once the bot has fetched it (and confirmed it to Telegram), or once
the answer arrived. After each restart the person waits for the answer they were missing; if
it never comes (the update was lost with the process), they do what a person would: /cancel
and begin that reflection again, with new words.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bot.content.feelings import QUADRANT_LABELS, Quadrant
from bot.store import Entry, Feeling, Note, Reframe, Setback, Store, Win
from fake_telegram import FakeTelegram, SentMessage, SyncFakeUser
from tests.e2e_support import BotProcess, bot_env, onboard_sync, read_store

SEED = 20_261_122
KILLS = 20
WAIT = 10.0  # for an answer that must come (no kill in between)
MAX_FLOWS = 100  # a bound on the loop: each flow has several chances of a kill
CALM = QUADRANT_LABELS[Quadrant.PLEASANT_CALM]
MOMENTS = ("sent", "fetched", "answered")


@dataclass(frozen=True)
class Step:
    """Send text (or tap a button: `tap:label`), then expect an answer containing `expect`."""

    action: str
    expect: str


def win_steps(n: int) -> tuple[list[Step], str]:
    words = f"win-{n}: paused before replying"
    return [
        Step("/win", "What's one small thing"),
        Step(words, "Which kind of step was it?"),
        Step("tap:Paused before reacting ⏸️", "Saved ✓"),
    ], words


def feel_steps(n: int) -> tuple[list[Step], str]:
    about = f"about-{n}: the morning"
    return [
        Step("/feel", "How are you feeling right now?"),
        Step(f"tap:{CALM}", "Which word comes closest?"),
        Step("tap:Calm", "How strong is it right now"),
        Step("tap:4", "Where do you notice it in your body"),
        Step(f"body-{n}: shoulders", "What does it seem to be about?"),
        Step(about, "Saved ✓"),
    ], about


def reframe_steps(n: int) -> tuple[list[Step], str]:
    friend = f"friend-{n}: you did your best"
    return [
        Step("/reframe", "What happened?"),
        Step(f"situation-{n}: missed a call", "what does the critical voice"),
        Step(f"critic-{n}: useless", "How heavy does that feel"),
        Step("tap:8", "Now let's notice the feeling"),
        Step("ashamed", "there's no right answer"),
        Step(friend, "One more look, if you like."),
        Step("tap:Skip", "how heavy does it feel, from 0 to 10?"),
        Step("tap:5", "Saved ✓"),
    ], friend


def note_steps(n: int) -> tuple[list[Step], str]:
    words = f"note-{n}: a quiet evening"
    return [
        Step("/note", "Write whatever is on your mind"),
        Step("tap:Give me a question 💭", "Here's one, if it helps"),
        Step(words, "Saved ✓"),
    ], words


def setback_steps(n: int) -> tuple[list[Step], str]:
    what = f"setback-{n}: skipped my walk"
    return [
        Step("/setback", "What happened?"),
        Step(what, "Was there anything that helped"),
        Step(f"helped-{n}: tea", "Saved ✓"),
    ], what


FLOWS = {
    "win": win_steps,
    "feel": feel_steps,
    "reframe": reframe_steps,
    "note": note_steps,
    "setback": setback_steps,
}


@dataclass
class Tally:
    """What happened, for the assertions and the report."""

    kills: int = 0
    actions: int = 0
    lost: Counter[str] = field(default_factory=Counter)
    flows_started: int = 0
    typed: set[str] = field(default_factory=set)
    confirmed: dict[str, list[str]] = field(default_factory=lambda: {k: [] for k in FLOWS})
    moments: Counter[str] = field(default_factory=Counter)
    asked: list[tuple[int, str]] = field(default_factory=list)  # (mark, expected answer)

    def answered_twice(self, transcript: list[SentMessage]) -> list[str]:
        """Actions whose answer came more than once: an update handled twice."""
        twice = []
        for i, (mark, expect) in enumerate(self.asked):
            until = self.asked[i + 1][0] if i + 1 < len(self.asked) else float("inf")
            count = sum(1 for m in transcript if mark < m.seq <= until and expect in m.text)
            if count > 1:
                twice.append(expect)
        return twice


def _answer(user: SyncFakeUser, mark: int, fragment: str) -> SentMessage | None:
    """The newest bot message after `mark` containing `fragment`, if one has arrived."""
    for message in reversed(user.transcript()):
        if message.seq > mark and fragment in message.text:
            return message
    return None


def _wait(user: SyncFakeUser, mark: int, fragment: str, timeout: float) -> SentMessage | None:
    found: list[SentMessage] = []

    def arrived() -> bool:
        message = _answer(user, mark, fragment)
        if message is not None:
            found.append(message)
        return message is not None

    user.telegram.wait_until(arrived, timeout)
    return found[-1] if found else None


class Person:
    """Ana, working through reflections while the bot keeps dying under her."""

    def __init__(self, telegram: FakeTelegram, bot: BotProcess, rng: random.Random) -> None:
        self.telegram = telegram
        self.bot = bot
        self.rng = rng
        self.user = SyncFakeUser(telegram, user_id=8181, first_name="Ana")
        self.tally = Tally()
        self.until_kill = rng.randint(1, 4)

    def act(self, step: Step) -> bool:
        """Do one step; True once its answer was seen, False if it was lost to a kill."""
        mark = self.telegram.current_seq()
        if step.action.startswith("tap:"):
            self.user.tap(step.action[4:])
        else:
            self.tally.typed.add(step.action)
            self.user.send(step.action)
        self.tally.actions += 1
        self.tally.asked.append((mark, step.expect))
        self.until_kill -= 1
        if self.until_kill > 0 or self.tally.kills >= KILLS:
            answer = _wait(self.user, mark, step.expect, WAIT)
            assert answer is not None, f"no answer to {step.action!r} (and no kill)"
            return True
        self.until_kill = self.rng.randint(1, 4)
        moment = self.rng.choice(MOMENTS)
        if moment == "fetched":
            # Telegram has handed the update over and been told so (the next poll began).
            assert self.telegram.wait_until(lambda: self.telegram.pending_updates() == 0, WAIT)
        elif moment == "answered":
            assert _wait(self.user, mark, step.expect, WAIT) is not None
        self.bot.kill()
        self.tally.kills += 1
        self.tally.moments[moment] += 1
        # Telegram hands an update over again only if its receipt was not yet confirmed.
        redelivered = self.telegram.pending_updates() > 0
        self.bot.start()
        if _wait(self.user, mark, step.expect, WAIT if redelivered else 0) is not None:
            return True
        assert not redelivered, f"no answer to {step.action!r} after it was handed over again"
        self.tally.lost[moment] += 1
        return False

    def start_over(self) -> None:
        """No answer came: stop whatever is open, as a person would, and begin again."""
        mark = self.telegram.current_seq()
        self.user.send("/cancel")

        def answered() -> bool:
            return any(
                _answer(self.user, mark, text) is not None
                for text in ("Okay, stopped.", "There's nothing to stop")
            )

        assert self.telegram.wait_until(answered, WAIT), "no answer to /cancel"

    def reflect(self, flow: str, n: int) -> None:
        """One whole reflection; restarted from the top whenever an answer was lost."""
        while True:
            self.tally.flows_started += 1
            steps, unique = FLOWS[flow](n)
            n += 1000  # new words if this attempt is abandoned
            for step in steps:
                mark = self.telegram.current_seq()
                if not self.act(step):
                    break
                if step is steps[-1]:
                    saved = _answer(self.user, mark, "Saved ✓")
                    assert saved is not None, saved
                    # Wins, feelings and reframes repeat her words; notes and setbacks don't.
                    assert flow in ("note", "setback") or unique in saved.text, saved
                    self.tally.confirmed[flow].append(unique)
                    return
            self.start_over()


def _everything(tmp_path: Path) -> tuple[str, list[Entry]]:
    async def read(store: Store) -> tuple[str, list[Entry]]:
        row = await store.db.fetch_one("PRAGMA integrity_check")
        assert row is not None
        return str(row[0]), await store.entries.all_of(8181)

    return read_store(tmp_path, read)


def test_twenty_kills_lose_nothing_confirmed_and_double_nothing(double, tmp_path: Path) -> None:
    telegram, server = double
    # Updates handled concurrently, as shipped (one person's always in order).
    env = {**bot_env(server, telegram, tmp_path), "SMALLSTEPS_CONCURRENT_UPDATES": "64"}
    bot = BotProcess(telegram, env, tmp_path)
    ana = Person(telegram, bot, random.Random(SEED))
    began = time.monotonic()
    bot.start()
    try:
        onboard_sync(ana.user)
        n = 0
        while ana.tally.kills < KILLS:
            assert n < MAX_FLOWS, f"too few kills: {ana.tally}"
            flow = list(FLOWS)[n % len(FLOWS)]
            ana.reflect(flow, n)
            n += 1
        status, output = bot.terminate()
    finally:
        if bot.proc and bot.proc.poll() is None:
            bot.proc.kill()
            bot.proc.wait()
    assert status == 0, output

    integrity, entries = _everything(tmp_path)
    assert integrity == "ok"
    kept = {
        "win": [e.text for e in entries if isinstance(e, Win)],
        "feel": [e.about or "" for e in entries if isinstance(e, Feeling)],
        "reframe": [e.friend_words for e in entries if isinstance(e, Reframe)],
        "note": [e.text for e in entries if isinstance(e, Note)],
        "setback": [e.what_happened for e in entries if isinstance(e, Setback)],
    }
    tally = ana.tally
    for flow, texts in kept.items():
        doubled = [text for text, count in Counter(texts).items() if count > 1]
        assert doubled == [], f"{flow} saved twice: {doubled}"
        missing = [text for text in tally.confirmed[flow] if text not in texts]
        assert missing == [], f"{flow} confirmed but not kept: {missing}"
        assert set(texts) <= tally.typed, f"{flow} holds words nobody typed"
    assert tally.kills >= KILLS
    assert tally.answered_twice(ana.user.transcript()) == [], "an update was handled twice"
    print(
        f"\nkills survived: {tally.kills} (moments {dict(tally.moments)}), "
        f"actions: {tally.actions}, answers lost with the process: {dict(tally.lost)}, "
        f"confirmed: { {k: len(v) for k, v in tally.confirmed.items()} }, "
        f"kept: { {k: len(v) for k, v in kept.items()} }, "
        f"{time.monotonic() - began:.1f} s"
    )
