"""A small win survives the real `python -m bot` process being killed between its two steps."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.store import Store, Win
from fake_telegram import SyncFakeUser
from tests.conftest import KEY
from tests.e2e_support import BotProcess, bot_env, db_path, onboard_sync


def test_a_win_started_before_a_crash_is_saved_after_it(double, tmp_path: Path) -> None:
    telegram, server = double
    bot = BotProcess(telegram, bot_env(server, telegram, tmp_path), tmp_path)
    ana = SyncFakeUser(telegram, user_id=5151, first_name="Ana")
    bot.start()
    try:
        onboard_sync(ana)

        ana.send("/win")
        ana.wait_for_text("What's one small thing you did or noticed?")
        ana.send("Paused & breathed before replying <3")
        ana.wait_for_text("Which kind of step was it?")

        # Killed between the two steps: the words and the flow id survive.
        bot.kill()
        bot.start()
        ana.tap("Paused before reacting ⏸️")
        saved = ana.wait_for_text("Saved ✓ Paused before reacting")
        assert "“Paused & breathed before replying <3”" in saved.text
        assert "Your very first small win here." in saved.text

        status, output = bot.terminate()
    finally:
        if bot.proc and bot.proc.poll() is None:
            bot.proc.kill()
            bot.proc.wait()
    assert status == 0, output
    assert "breathed" not in output  # nobody's words in the logs

    async def read_back() -> list[tuple[str, str]]:
        store = Store(db_path(tmp_path), KEY)
        await store.open()
        try:
            entries = await store.entries.all_of(5151)
            drafts = await store.state.drafts()
        finally:
            await store.close()
        assert drafts == {}
        return [(e.text, e.progress_kind) for e in entries if isinstance(e, Win)]

    assert asyncio.run(read_back()) == [("Paused & breathed before replying <3", "paused")]
