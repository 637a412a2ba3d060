"""/feel in the real `python -m bot` process: killed mid-flow, restarted, and still saved."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.content.feelings import QUADRANT_LABELS, Quadrant
from bot.store import Store
from bot.store.entries import Feeling
from conversations.feel import texts
from fake_telegram import SyncFakeUser
from tests.conftest import KEY
from tests.e2e_support import BotProcess, env_for, onboard_sync


def test_feel_survives_a_kill_between_word_and_intensity(double, tmp_path: Path) -> None:
    telegram, server = double
    env = env_for(server, tmp_path, TELEGRAM_BOT_TOKEN=telegram.token, SMALLSTEPS_DB_KEY=KEY)
    bot = BotProcess(telegram, env, tmp_path)
    ana = SyncFakeUser(telegram, user_id=5151, first_name="Ana")
    bot.start()
    try:
        onboard_sync(ana)
        ana.send("/feel")
        ana.wait_for_text("How are you feeling right now?")
        ana.tap(QUADRANT_LABELS[Quadrant.UNPLEASANT_STIRRED])
        ana.wait_for_text("Which word comes closest?")
        ana.tap("Worried")
        ana.wait_for_text("How strong is it right now")

        bot.kill()
        bot.start()
        ana.tap("8")
        ana.wait_for_text("Where do you notice it in your body")
        ana.send("knot in my stomach")
        ana.wait_for_text("What does it seem to be about?")

        bot.kill()
        bot.start()
        ana.tap(texts.SKIP)
        ana.wait_for_text("Saved ✓ Worried, 8 out of 10.")
        ana.wait_for_text(texts.OFFER)
        status, output = bot.terminate()
    finally:
        if bot.proc and bot.proc.poll() is None:
            bot.proc.kill()
            bot.proc.wait()
    assert status == 0, output
    assert "knot in my stomach" not in output  # logs never carry what people write

    async def read_back() -> list[Feeling]:
        store = Store(tmp_path / "data" / "smallsteps.db", KEY)
        await store.open()
        try:
            entries = await store.entries.all_of(5151)
        finally:
            await store.close()
        return [e for e in entries if isinstance(e, Feeling)]

    (row,) = asyncio.run(read_back())
    assert (row.word, row.feeling_key, row.quadrant, row.intensity) == (
        "worried",
        "worried",
        "ue",
        8,
    )
    assert (row.body, row.about) == ("knot in my stomach", None)
