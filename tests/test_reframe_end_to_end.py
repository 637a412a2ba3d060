"""`/reframe` in the real `python -m bot` process: killed mid-reframe, it carries on."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.store import Reframe, Store
from fake_telegram import SyncFakeUser
from tests.conftest import KEY
from tests.e2e_support import BotProcess, bot_env, db_path, onboard_sync

SITUATION = "I forgot my friend's birthday."
CRITIC = "I'm a careless, selfish person."
FRIEND = "You've had a brutal month. Send her a message; she knows you care."


def test_a_reframe_survives_sigkill_and_keeps_the_earlier_answers(double, tmp_path: Path) -> None:
    telegram, server = double
    bot = BotProcess(telegram, bot_env(server, telegram, tmp_path), tmp_path)
    ana = SyncFakeUser(telegram, user_id=5151, first_name="Ana")
    bot.start()
    try:
        onboard_sync(ana)
        ana.send("/reframe")
        ana.wait_for_text("What happened?")
        ana.send(SITUATION)
        ana.wait_for_text("what does the critical voice in your head say?")

        # Killed while waiting for the critic's words: the step and the situation survive.
        bot.kill()
        bot.start()
        ana.send(CRITIC)
        ana.wait_for_text("How heavy does that feel right now?")
        ana.tap("8")
        ana.wait_for_text("Now let's notice the feeling underneath")
        ana.send("ashamed")
        ana.wait_for_text("Take your time; there's no right answer.")
        ana.send(FRIEND)
        ana.wait_for_text("Is that a fact, or an assumption?")
        ana.tap("Assumption")
        ana.wait_for_text("And now, how heavy does it feel")
        ana.tap("5")
        keepsake = ana.wait_for_text("Saved ✓")
        status, output = bot.terminate()
    finally:
        if bot.proc and bot.proc.poll() is None:
            bot.proc.kill()
            bot.proc.wait()
    assert status == 0, output
    assert FRIEND in keepsake.text and "From 8 to 5 — a little lighter." in keepsake.text
    for private in (SITUATION, CRITIC, FRIEND, "ashamed"):
        assert private not in output  # logs carry ids and events, never what people write

    async def read_back() -> list[Reframe]:
        store = Store(db_path(tmp_path), KEY)
        await store.open()
        try:
            entries = await store.entries.all_of(5151)
        finally:
            await store.close()
        return [entry for entry in entries if isinstance(entry, Reframe)]

    (row,) = asyncio.run(read_back())
    assert (row.situation, row.critic, row.heaviness_before) == (SITUATION, CRITIC, 8)
    assert (row.feeling, row.friend_words, row.critic_is, row.heaviness_after) == (
        "ashamed",
        FRIEND,
        "assumption",
        5,
    )
