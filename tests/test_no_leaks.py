"""Nothing a person writes, and no secret, reaches the logs, stdout or stderr: not at DEBUG,
not when a handler fails, and not from the real process.

Every text a person types carries a sentinel (`SENTINEL-<n>`); the token, the part of it after
the colon, and the database key are secrets. The in-process run sets every logger that could
speak (ours, PTB's, httpx, httpcore, APScheduler, aiosqlite) to DEBUG, as an operator hunting
a bug would, and walks through every flow.
"""

from __future__ import annotations

import logging
import subprocess
import sys
import traceback
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot import logs
from bot.content.feelings import QUADRANT_LABELS, Quadrant
from bot.store import Win
from bot.texts import SOMETHING_WENT_WRONG
from conversations.pickers import feeling_texts as picker_texts
from fake_telegram import FakeTelegram, FakeUser, SyncFakeUser, serve_http
from tests.conftest import KEY, Harness, onboard
from tests.e2e_support import BotProcess, bot_env, env_for, read_store

TOKEN = "123456:SECRET-TOKEN-abc"
SECRETS = (TOKEN, TOKEN.split(":", 1)[1], KEY)
SENTINEL = "SENTINEL-"
LOGGERS = ("", "telegram", "telegram.ext", "httpx", "httpcore", "apscheduler", "aiosqlite")
LOW = QUADRANT_LABELS[Quadrant.UNPLEASANT_LOW]
STIRRED = QUADRANT_LABELS[Quadrant.UNPLEASANT_STIRRED]


class Sentinels:
    """Fresh, numbered sentinels to put into everything a person types."""

    def __init__(self) -> None:
        self.issued = 0

    def __call__(self, text: str = "") -> str:
        self.issued += 1
        return f"{text} {SENTINEL}{self.issued}".strip()


@pytest.fixture
def telegram() -> FakeTelegram:
    """The double, with a token whose secret part is easy to look for."""
    return FakeTelegram(token=TOKEN)


@pytest.fixture
def debug_everything(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """Every logger at DEBUG, with the bot's own logging safeguards in place (as
    `configure_logging` installs them), restored afterwards."""
    touched = {name: logging.getLogger(name) for name in (*LOGGERS, *logs.CONTENT_LOGGERS)}
    saved = {name: (lg.level, list(lg.filters)) for name, lg in touched.items()}
    logs.keep_contents_out()
    for name in LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name)
    try:
        yield caplog
    finally:
        for name, (level, filters) in saved.items():
            touched[name].setLevel(level)
            touched[name].filters[:] = filters


def _record_texts(records: list[logging.LogRecord]) -> list[str]:
    """Everything a log handler could print from these records."""
    found = []
    for record in records:
        found += [record.getMessage(), str(record.msg), repr(record.args)]
        if record.exc_info and record.exc_info[1] is not None:
            found.append("".join(traceback.format_exception(record.exc_info[1])))
        found += [record.exc_text or "", record.stack_info or ""]
    return found


def assert_nothing_leaked(texts: list[str], what: str) -> None:
    for secret in (SENTINEL, *SECRETS):
        hits = [text for text in texts if secret in text]
        assert hits == [], f"{secret!r} found in {what}:\n" + "\n".join(h[:500] for h in hits[:5])


async def _every_flow(harness: Harness, ana: FakeUser, s: Sentinels) -> None:
    """Every flow, with a sentinel in everything Ana types (some of it quoted back to her)."""
    # Onboarding: a place that matches nothing (quoted back), a bad time, then good answers.
    await ana.send("/start")
    await ana.tap("Yes, that's okay")
    await ana.send(s("Atlantis"))
    await ana.send("Germany")
    await ana.tap("Yes, that's right")
    await ana.send(s("half past"))
    await ana.send("21:30")
    assert "All set" in ana.replies()[0]

    # Settings: a typed place and time, both refused, then a new time.
    await ana.send("/settings")
    await ana.tap("Time zone 🌍")
    await ana.send(s("Lemuria"))
    await ana.send("/settings")
    await ana.tap("Daily check-in time ⏰")
    await ana.send(s("teatime"))
    await ana.send("20:00")
    await ana.tap("Done ✓")

    # /win, with the words quoted back in the acknowledgement.
    await ana.send("/win")
    await ana.send(s("I paused before replying <3"))
    await ana.tap("Paused before reacting ⏸️")
    assert SENTINEL in ana.last_text()
    await ana.tap("That's all for now")

    # /feel with their own word, a refused typed intensity, body and about.
    await ana.send("/feel")
    await ana.tap(LOW)
    await ana.tap(picker_texts.NONE_OF_THESE)
    await ana.send(s("flat"))
    await ana.send(s("eleven"))
    await ana.tap("8")
    await ana.send(s("tight chest"))
    await ana.send(s("the meeting"))
    assert SENTINEL in ana.replies()[0]

    # /reframe with every free-text answer, and a refused typed rating.
    await ana.send("/reframe")
    await ana.send(s("I snapped at my sister"))
    await ana.send(s("I'm a terrible person"))
    await ana.send(s("very"))
    await ana.send("7")
    await ana.send(s("bruised"))
    await ana.send(s("You were exhausted"))
    await ana.tap("Assumption")
    await ana.send("4")
    assert SENTINEL in ana.last_text()

    # /note from a journaling question, and /setback with what helped.
    await ana.send("/note")
    await ana.tap("Give me a question 💭")
    await ana.send(s("a private note"))
    await ana.send("/setback")
    await ana.send(s("a hard moment"))
    await ana.send(s("a walk helped"))

    # Reading back: history, a search, an entry opened and edited, and the digest.
    await ana.send("/history")
    assert SENTINEL in " ".join(ana.replies())
    await ana.send(f"/history {SENTINEL}")  # a search, with a word she typed
    assert SENTINEL in " ".join(ana.replies())
    await ana.tap(next(b for b in ana.buttons() if b.startswith("Open")))
    await ana.tap("Edit the words ✏️")
    await ana.send(s("new words"))
    await ana.send("/digest")
    assert ana.replies()

    # The scheduler: today's prompt is skipped (she has checked in), tomorrow's is sent and
    # answered from its button.
    await harness.tick()
    await harness.tick(datetime(2026, 11, 22, 19, 0, tzinfo=UTC))
    await harness.tick(datetime(2026, 11, 23, 19, 0, tzinfo=UTC))
    assert any(text.startswith("🌱 ") for text in ana.replies()), [t[:60] for t in ana.texts()[-6:]]
    await ana.send(s("my answer to the question"))
    assert "Kept ✓" in ana.last_text()
    await ana.tap("Note a small win 🌱")
    await ana.send(s("Drank water"))
    await ana.tap("Paused before reacting ⏸️")

    # Outside any flow, an unknown command, and a crisis message to the safety net.
    await ana.send(s("just saying hi"))
    await ana.send(s("/nonsense"))
    await ana.send(s("I want to end it all"))
    assert "It sounds like things are really hard" in ana.replies()[0]
    await ana.tap("Keep going")

    # Export, if this version has it, then erase.
    await ana.send("/export")
    assert ana.replies()
    await ana.send("/delete")
    await ana.tap("Yes, erase everything")
    assert await harness.store.users.get(ana.user_id) is None


async def test_every_flow_at_debug_leaks_nothing(
    harness: Harness,
    ana: FakeUser,
    debug_everything: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    sentinels = Sentinels()
    await _every_flow(harness, ana, sentinels)
    await harness.restart()  # start-up and shutdown lines too

    records = debug_everything.records
    assert any(r.levelno == logging.DEBUG and r.name.startswith("telegram") for r in records), (
        "no DEBUG line from PTB was captured; the test would prove nothing"
    )
    assert sentinels.issued >= 15
    assert_nothing_leaked(_record_texts(records), "the log records")
    out = capsys.readouterr()
    assert_nothing_leaked([out.out, out.err], "stdout/stderr")


async def test_a_failing_handler_is_reported_by_type_and_update_id_only(
    harness: Harness,
    ana: FakeUser,
    debug_everything: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    await onboard(ana)

    async def broken_add_win(*args: object, text: str, **kwargs: object) -> bool:
        # An error whose message carries what the person wrote, as many real ones do.
        raise ValueError(f"could not store {text!r}")

    monkeypatch.setattr(harness.store.entries, "add_win", broken_add_win)
    await ana.send("/win")
    await ana.send(f"Tidied my desk {SENTINEL}1")
    # Allocate an update id here so that we know the tap's: it gets the next one.
    update_id = harness.telegram.next_update_id() + 1
    await ana.tap("Paused before reacting ⏸️")

    assert SOMETHING_WENT_WRONG in ana.replies()
    (failure,) = [r for r in debug_everything.records if r.getMessage().startswith("update_failed")]
    assert failure.name == "bot.pipeline.errors" and failure.levelno == logging.ERROR
    assert f"update_id={update_id} " in failure.getMessage()
    assert "error=ValueError" in failure.getMessage()
    assert failure.exc_info is None  # a traceback would print the message
    assert_nothing_leaked(_record_texts(debug_everything.records), "the log records")
    out = capsys.readouterr()
    assert_nothing_leaked([out.out, out.err], "stdout/stderr")
    # Nothing half-saved: the person can try again once the store works.
    monkeypatch.undo()
    assert [e for e in await harness.store.entries.all_of(ana.user_id) if isinstance(e, Win)] == []


def test_configure_logging_installs_the_safeguards(tmp_path: Path) -> None:
    """`configure_logging(DEBUG)`, as an operator would run it (in its own interpreter, since
    it replaces the root handlers): DEBUG lines that carry contents are dropped, the rest of
    DEBUG and everything from INFO up still reach stderr."""
    script = f"""
import logging
from bot.logs import CONTENT_LOGGERS, configure_logging
configure_logging(logging.DEBUG)
for name in CONTENT_LOGGERS:
    logging.getLogger(name).debug("payload %s", "{SENTINEL}1 {TOKEN}")
    logging.getLogger(name).info("an info line from %s", name)
logging.getLogger("telegram.ext.ConversationHandler").debug("an id-only debug line")
logging.getLogger("bot").debug("a debug event")
"""
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=env_for(None, tmp_path),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
    assert "an id-only debug line" in result.stderr and "a debug event" in result.stderr
    for name in logs.CONTENT_LOGGERS:
        assert f"an info line from {name}" in result.stderr
    assert_nothing_leaked([result.stdout, result.stderr], "the output")


def test_the_real_process_leaks_nothing(tmp_path: Path) -> None:
    """`python -m bot` (it logs at INFO; it has no DEBUG switch) through onboarding and /win."""
    telegram = FakeTelegram(token=TOKEN)
    s = Sentinels()
    with serve_http(telegram) as server:
        bot = BotProcess(telegram, bot_env(server, telegram, tmp_path), tmp_path)
        ana = SyncFakeUser(telegram, user_id=6161, first_name="Ana")
        bot.start()
        try:
            ana.send("/start")
            ana.wait_for_text("Is that okay?")
            ana.tap("Yes, that's okay")
            ana.wait_for_text("Which time zone are you in?")
            ana.send(s("Atlantis"))
            ana.wait_for_text("Atlantis")
            onboard_sync_rest(ana, s)
            ana.send("/win")
            ana.wait_for_text("What's one small thing you did or noticed?")
            words = s("Paused & breathed <3")
            ana.send(words)
            ana.wait_for_text("Which kind of step was it?")
            ana.tap("Paused before reacting ⏸️")
            assert SENTINEL in ana.wait_for_text("Saved ✓").text
            ana.send(s("hello there"))
            ana.wait_for_text("I'm here")
            status, output = bot.terminate()
        finally:
            if bot.proc and bot.proc.poll() is None:
                bot.proc.kill()
                bot.proc.wait()
    assert status == 0, output
    assert "application initialised" in output  # the log was written at all
    assert_nothing_leaked([output], "the process output")

    async def wins(store) -> list[str]:
        return [e.text for e in await store.entries.all_of(6161) if isinstance(e, Win)]

    assert read_store(tmp_path, wins) == [words]


def onboard_sync_rest(ana: SyncFakeUser, s: Sentinels) -> None:
    """The rest of onboarding after the place step, with a refused time on the way."""
    ana.send("Germany")
    ana.wait_for_text("Is that your time?")
    ana.tap("Yes, that's right")
    ana.wait_for_text("What time of day suits a short check-in?")
    ana.send(s("half past"))
    ana.wait_for_text("What time of day suits a short check-in?")
    ana.send("21:30")
    ana.wait_for_text("All set ✓")
