"""Random text at every free-text step: the bot always answers, never fails, never sends
something Telegram would refuse, and moves the person on only where the input allows it.

One application per step; every example is a message from a person who stands at that step
(a fresh fake person whenever the previous one moved on, so transcripts stay short and each
example costs a handful of updates). Every step gets the edge cases below, then random inputs
from a fixed seed per step, so CI runs the same inputs every time; set SMALLSTEPS_FUZZ_EXAMPLES
to fuzz deeper locally (400 per step takes about two minutes).
"""

from __future__ import annotations

import asyncio
import logging
import math
import os
import re
import zlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path

import pytest
from hypothesis import example, given, seed, settings
from hypothesis import strategies as st
from telegram.ext import ConversationHandler

from bot.clock import FixedClock
from bot.config import Settings
from bot.content.feelings import QUADRANT_LABELS, Quadrant
from conversations.feel import texts as feel_texts
from conversations.pickers import feeling_texts as picker_texts
from fake_telegram import FakeTelegram, FakeUser
from tests.conftest import KEY, NOW, Harness

EXAMPLES = int(os.environ.get("SMALLSTEPS_FUZZ_EXAMPLES", "20"))
FIRST_PERSON = 10_000

# What a fake person's leading command looks like (the double adds a bot_command entity).
COMMAND = re.compile(r"/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?(?![A-Za-z0-9_@])")

# ------------------------------------------------------------------ what people might type

HTML_SPECIALS = "<>&\"'"
MARKDOWN_SPECIALS = "_*[]()~`>#+-=|{}.!\\"
CONTROL = "".join(map(chr, range(32))) + "\x7f\x85"
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"
BIDI = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
RTL_WORDS = ["שלום", "مرحبا", "أنا متعب", "עייף"]
EMOJI = ["🙂", "🌱", "👩‍👩‍👧", "🏳️‍🌈", "❤️‍🔥", "🇩🇪", "👍🏽", "🫠", "#️⃣", "e\u0301"]
TIMES = ["21:30", "9pm", "7:15 am", "noon", "24:00", "12am", "930", "2130", "21h", "9.15 p.m."]
NUMBERS = ["0", "7", "10", "11", "-1", "7/10", " 7 ", "07", "٧", "１０", "²", "Ⅶ", "3.5"]
PLACES = ["Germany", "New York", "UTC+5:45", "utc-3:30", "Europe/Berlin", "Berlin, Germany"]
ODD_PLACES = ["../../etc/passwd", "Etc/GMT+5", "localtime", "UTC", "posix/Europe/Berlin"]
FEELINGS = ["calm", "anxious", "quietly okay", "ashamed", "At ease"]
WRITING = ["I paused before answering <3", "a & b", "<b>bold</b>", "</i>", "&amp;", "&#0;"]
MARKUP = ["x < y > z", "\"quoted\" 'single'", "*not bold* _not italic_", "[link](http://x.y)"]
PLAUSIBLE = TIMES + NUMBERS + PLACES + ODD_PLACES + FEELINGS + WRITING + MARKUP
EDGE_CASES = [
    "",
    " ",
    "\n\n",
    "\t",
    "\u200b",
    "\u202e",
    "\x00",
    "<",
    "&",
    "x" * 4096,
    "x" * 4097,
    "🙂" * 2048,
    "😀" * 5000,
    "&" * 10_000,
    "<" * 3000,
    "a\u0301" * 3000,
    "/cancel",
    "/start",
    "/win now please",
    "/unknown_command",
    "/",
    "//",
    "/ü",
    "I don't want to be here anymore",
]

_pieces = st.one_of(
    st.sampled_from(list(HTML_SPECIALS + MARKDOWN_SPECIALS + CONTROL + ZERO_WIDTH + BIDI)),
    st.sampled_from(RTL_WORDS + EMOJI + PLAUSIBLE),
    st.characters(),
)
_mixed = st.lists(_pieces, max_size=40).map("".join)


def _repeat(piece: str, length: int) -> str:
    """`piece` repeated to exactly `length` characters (cheap long texts)."""
    return (piece * (length // len(piece) + 1))[:length]


_long = st.builds(
    _repeat, st.text(min_size=1, max_size=12) | _mixed.filter(bool), st.integers(0, 10_000)
)
_decorated = st.builds(
    lambda before, word, after: before + word + after,
    st.sampled_from(["", " ", "\u200b", "\u202e", "<b>", "&", "\n"]),
    st.sampled_from(PLAUSIBLE),
    st.sampled_from(["", " ", ".", "!", "\u200d", "</b>", "🙂"]),
)
TEXTS = st.one_of(
    st.text(max_size=300),
    _mixed,
    _long,
    st.sampled_from(PLAUSIBLE),
    _decorated,
    st.sampled_from(EDGE_CASES),
)

# ------------------------------------------------------------------ the steps

Prepare = Callable[["Fuzz", FakeUser], Awaitable[None]]
CALM = QUADRANT_LABELS[Quadrant.PLEASANT_CALM]
LOW = QUADRANT_LABELS[Quadrant.UNPLEASANT_LOW]


async def _consented(fuzz: Fuzz, p: FakeUser) -> None:
    await p.send("/start")
    await p.tap("Yes, that's okay")


async def _at_onboarding_time(fuzz: Fuzz, p: FakeUser) -> None:
    await _consented(fuzz, p)
    await p.send("Germany")
    await p.tap("Yes, that's right")


def _settings_step(*taps: str) -> Prepare:
    async def prepare(fuzz: Fuzz, p: FakeUser) -> None:
        await fuzz.set_up(p)
        await p.send("/settings")
        for label in taps:
            await p.tap(label)

    return prepare


def _sent(*actions: str) -> Prepare:
    """A set-up person who then sends or taps (`tap:label`) these, in order."""

    async def prepare(fuzz: Fuzz, p: FakeUser) -> None:
        await fuzz.set_up(p)
        for action in actions:
            if action.startswith("tap:"):
                await p.tap(action[4:])
            else:
                await p.send(action)

    return prepare


async def _nothing(fuzz: Fuzz, p: FakeUser) -> None:
    await fuzz.set_up(p)


@dataclass(frozen=True)
class Step:
    """A place where a person types free text, and where typing may take them."""

    flow: str | None
    state: str | None
    prepare: Prepare
    onward: frozenset[tuple[str | None, str | None]] = field(default_factory=frozenset)
    keeps: tuple[str, int] | None = None  # the draft key the words go to, and their limit

    def allowed(self) -> frozenset[tuple[str | None, str | None]]:
        return self.onward | {(self.flow, self.state)}


def _to(*pairs: tuple[str | None, str | None]) -> frozenset[tuple[str | None, str | None]]:
    return frozenset(pairs)


END = (None, None)
REFRAME_TO_FRIEND = ("/reframe", "What happened", "My critic", "tap:8")
STEPS: dict[str, Step] = {
    "onboarding.place": Step(
        "onboarding",
        "onboarding.place",
        _consented,
        _to(("onboarding", "onboarding.choose_zone"), ("onboarding", "onboarding.confirm_zone")),
    ),
    "onboarding.time": Step("onboarding", "onboarding.time", _at_onboarding_time, _to(END)),
    "settings.place": Step(
        "settings",
        "settings.place",
        _settings_step("Time zone 🌍"),
        _to(("settings", "settings.choose_zone"), ("settings", "settings.confirm_zone")),
    ),
    "settings.prompt_time": Step(
        "settings",
        "settings.prompt_time",
        _settings_step("Daily check-in time ⏰"),
        _to(("settings", "settings.menu")),
    ),
    "settings.digest_time": Step(
        "settings",
        "settings.digest_time",
        _settings_step("Weekly look-back 📅", "Friday"),
        _to(("settings", "settings.menu")),
    ),
    "win.text": Step("win", "win.text", _sent("/win"), _to(("win", "win.kind")), ("words", 1000)),
    "feel.own_word": Step(
        "feel",
        "feel.own_word",
        _sent("/feel", f"tap:{CALM}", f"tap:{picker_texts.NONE_OF_THESE}"),
        _to(("feel", "feel.intensity")),
    ),
    "feel.intensity": Step(
        "feel",
        "feel.intensity",
        _sent("/feel", f"tap:{CALM}", "tap:Calm"),
        _to(("feel", "feel.body")),
    ),
    "feel.body": Step(
        "feel",
        "feel.body",
        _sent("/feel", f"tap:{CALM}", "tap:Calm", "tap:4"),
        _to(("feel", "feel.about")),
        ("feel_body", 300),
    ),
    "feel.about": Step(
        "feel",
        "feel.about",
        _sent("/feel", f"tap:{CALM}", "tap:Calm", "tap:4", f"tap:{feel_texts.SKIP}"),
        _to(END),
    ),
    "reframe.situation": Step(
        "reframe",
        "reframe.situation",
        _sent("/reframe"),
        _to(("reframe", "reframe.critic")),
        ("reframe_situation", 1000),
    ),
    "reframe.critic": Step(
        "reframe",
        "reframe.critic",
        _sent("/reframe", "What happened"),
        _to(("reframe", "reframe.heaviness_before")),
        ("reframe_critic", 1000),
    ),
    "reframe.heaviness_before": Step(
        "reframe",
        "reframe.heaviness_before",
        _sent("/reframe", "What happened", "My critic"),
        _to(("reframe", "reframe.feeling_area")),
    ),
    "reframe.feeling_typed": Step(
        "reframe",
        "reframe.feeling_area",
        _sent(*REFRAME_TO_FRIEND),
        _to(("reframe", "reframe.friend")),
    ),
    "reframe.feeling_own": Step(
        "reframe",
        "reframe.feeling_own",
        _sent(*REFRAME_TO_FRIEND, f"tap:{LOW}", f"tap:{picker_texts.NONE_OF_THESE}"),
        _to(("reframe", "reframe.friend")),
    ),
    "reframe.friend": Step(
        "reframe",
        "reframe.friend",
        _sent(*REFRAME_TO_FRIEND, "ashamed"),
        _to(("reframe", "reframe.check")),
        ("reframe_friend", 1000),
    ),
    "reframe.heaviness_after": Step(
        "reframe",
        "reframe.heaviness_after",
        _sent(*REFRAME_TO_FRIEND, "ashamed", "Be kind", "tap:Skip"),
        _to(END),
    ),
    "note.text": Step("note", "note.text", _sent("/note"), _to(END)),
    "setback.what": Step(
        "setback",
        "setback.what",
        _sent("/setback"),
        _to(("setback", "setback.helped")),
        ("what", 4096),
    ),
    "setback.helped": Step("setback", "setback.helped", _sent("/setback", "A hard day"), _to(END)),
    "edit.text": Step(
        "edit",
        "edit.text",
        _sent(
            "/win",
            "I went outside",
            "tap:Paused before reacting ⏸️",
            "/history",
            "tap:Open Sun 22 Nov, 10:00 🌱",
            "tap:Edit the words ✏️",
        ),
        _to(END),
    ),
    "outside any flow": Step(None, None, _nothing),
}
COUNTS: dict[str, int] = {}


def _kept_well(text: str, limit: int, kept: object) -> bool:
    """Whether a free-text step kept what was typed as it should: trimmed; when longer than
    `limit`, a beginning of it that ends at a word boundary (at least 80% of the limit kept),
    or, with no boundary that near, the first `limit` characters."""
    words = text.strip()
    if len(words) <= limit:
        return kept == words
    if not isinstance(kept, str) or not words.startswith(kept) or kept != kept.rstrip():
        return False
    at_a_word = words[len(kept)].isspace() and len(kept) >= limit * 0.8
    at_the_limit = kept == words[:limit].rstrip() and (
        words[limit].isspace() or " " not in words[math.ceil(limit * 0.8) : limit]
    )
    return at_a_word or at_the_limit


def _flow_state(harness: Harness, user_id: int) -> tuple[str | None, str | None]:
    """(flow name, state) the person is in, read from PTB's conversation table."""
    assert harness.app is not None
    found = [
        (handler.name, handler._conversations.get((user_id, user_id)))
        for handlers in harness.app.handlers.values()
        for handler in handlers
        if isinstance(handler, ConversationHandler)
        and handler._conversations.get((user_id, user_id)) is not None
    ]
    assert len(found) <= 1, f"inside several flows at once: {found}"
    return (found[0][0], str(found[0][1])) if found else END


class Fuzz:
    """One application, and a person standing at the step under test."""

    def __init__(self, step: Step, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
        telegram = FakeTelegram()
        settings_ = Settings(token=telegram.token, db_key=KEY, db_path=tmp_path / "fuzz.db")
        self.harness = Harness(settings_, telegram, FixedClock(NOW))
        self.step = step
        self.caplog = caplog
        self.person: FakeUser | None = None
        self.next_id = FIRST_PERSON
        self.count = 0

    async def set_up(self, person: FakeUser) -> None:
        """A person who finished onboarding (written straight to the store: it's not tested)."""
        store = self.harness.store
        await store.users.create(person.user_id, "en", NOW)
        await store.users.complete_setup(person.user_id, "Europe/Berlin", time(21, 30))

    async def at_step(self) -> FakeUser:
        """The current person if still at the step, else a fresh one brought there."""
        if self.person is not None:
            return self.person
        self.next_id += 1
        person = self.harness.person(self.next_id, "Ana")
        await self.step.prepare(self, person)
        where = _flow_state(self.harness, person.user_id)
        assert where == (self.step.flow, self.step.state), f"preparation ended at {where}"
        self.problems()  # preparation itself must be clean
        self.person = person
        return person

    def problems(self) -> None:
        """No handler failed, no reply was lost, Telegram refused nothing."""
        failures = [
            r.getMessage()
            for r in self.caplog.records
            if r.levelno >= logging.ERROR
            or r.getMessage().startswith(("update_failed", "reply_failed", "error_reply_failed"))
        ]
        assert failures == [], failures
        refused = [c for c in self.harness.telegram.calls if c.status != 200]
        assert refused == [], [(c.method, c.status, c.response) for c in refused]

    async def one(self, text: str) -> None:
        """Send `text` at the step and check what happened."""
        person = await self.at_step()
        await person.send(text)
        context = f"input {text[:200]!r} (length {len(text)}) at {self.step.state}"
        assert person.replies(), f"no reply to {context}"
        self.problems()
        where = _flow_state(self.harness, person.user_id)
        if not COMMAND.match(text):
            assert where in self.step.allowed(), f"{context} led to {where}"
        if where != (self.step.flow, self.step.state):
            self.person = None
            if self.step.keeps is not None and where in self.step.onward:
                key, limit = self.step.keeps
                assert self.harness.app is not None
                kept = self.harness.app.user_data[person.user_id].get(key)
                assert _kept_well(text, limit, kept), f"{context} was kept as {kept!r}"
        self.count += 1


@pytest.mark.parametrize("name", list(STEPS))
def test_random_text_at_every_step(
    name: str, tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    caplog.set_level(logging.INFO)
    fuzz = Fuzz(STEPS[name], tmp_path, caplog)
    with asyncio.Runner() as runner:
        runner.run(fuzz.harness.start())
        try:
            # A fixed seed per step: the same inputs on every run, different ones per step.
            @seed(zlib.crc32(name.encode()))
            @settings(max_examples=EXAMPLES, deadline=None, database=None)
            @given(text=TEXTS)
            def check(text: str) -> None:
                runner.run(fuzz.one(text))

            for edge in EDGE_CASES:  # every step gets these too, before the random ones
                check = example(text=edge)(check)
            check()
        finally:
            runner.run(fuzz.harness.stop())
    assert fuzz.harness.telegram.unanswered_callback_queries() == []
    assert fuzz.count >= EXAMPLES + len(EDGE_CASES)
    COUNTS[name] = fuzz.count
    print(f"\nfuzzed {fuzz.count} inputs at {name}")
