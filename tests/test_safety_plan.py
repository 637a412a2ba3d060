"""`/safetyplan` through the chat: seven sections in the person's words, at their pace,
editable, shown first in every crisis answer, exported, erased; and a real process killed
while the plan is being built loses nothing already confirmed."""

from __future__ import annotations

import json
import random
import time
from pathlib import Path

from bot.safety.plan import SECTIONS
from bot.store import Store
from conversations.common import texts as common
from conversations.safetyplan import texts
from fake_telegram import FakeTelegram, SyncFakeUser
from tests.conftest import Harness, onboard
from tests.e2e_support import BotProcess, bot_env, onboard_sync, read_store
from tests.test_export import _export, _files

TITLES = [s.title for s in SECTIONS]
OVERVIEW_BUTTONS = [*TITLES, texts.DONE_LABEL]
SIGNS = "not sleeping, cancelling plans <3 & more"


async def _plan(harness: Harness, user_id: int) -> dict[str, str]:
    return await harness.store.safety.plan(user_id)


async def test_it_starts_gently_and_waits_for_set_up(ana) -> None:
    await ana.send("/safetyplan")
    assert ana.replies() == [common.NOT_SET_UP]
    await onboard(ana)
    await ana.send("/safetyplan")
    (intro,) = ana.replies()
    assert intro.startswith("Your safety plan\n\nA safety plan is a short list")
    assert "at your own pace" in intro.casefold() or "Go at your own pace" in intro
    assert ana.buttons() == OVERVIEW_BUTTONS


async def test_a_plan_is_built_section_by_section_and_shown_first_in_a_crisis(
    harness: Harness, ana
) -> None:
    await onboard(ana)  # Berlin
    await ana.send("/safetyplan")
    await ana.tap("Warning signs")
    assert ana.replies()[0].startswith("Warning signs\n\nWhat tells you a hard time")
    assert ana.buttons() == [texts.BACK_LABEL]
    await ana.send(SIGNS)
    saved, overview = ana.replies()
    assert saved == "Saved ✓ Warning signs"
    assert overview.startswith("Your safety plan: 1 of 7 parts written.")
    assert ana.buttons()[0] == "Warning signs ✓" and texts.SHOW_LABEL in ana.buttons()

    # Professionals and helplines: suggested for her country, kept with one tap.
    await ana.tap("Professionals and helplines")
    (question,) = ana.replies()
    assert "For where you live:" in question and "TelefonSeelsorge" in question
    assert "Emergency: 112" in question
    await ana.tap(texts.USE_LABEL)
    assert ana.replies()[0] == "Saved ✓ Professionals and helplines"

    await ana.tap("My reasons for living")
    await ana.send("my dog, and the sea")
    await ana.tap(texts.DONE_LABEL)
    assert ana.replies() == [texts.DONE]
    plan = await _plan(harness, ana.user_id)
    assert plan["warning_signs"] == SIGNS
    assert "TelefonSeelsorge: 0800 111 0 111" in plan["professionals"]
    assert plan["reasons"] == "my dog, and the sea"

    # Every crisis answer shows her plan first, then the helplines; no offer to make one.
    await ana.send("I want to kill myself")
    shown, helplines = ana.replies()
    assert shown.startswith("Your plan, in your words\n\nWarning signs\n" + SIGNS)
    assert shown.index("Warning signs") < shown.index("My reasons for living")
    assert helplines.startswith("It sounds like things are really hard right now.")
    assert "/safetyplan" not in helplines
    await ana.send("/sos")
    assert ana.replies()[0].startswith("Your plan, in your words")


async def test_each_section_can_be_changed_kept_or_cleared(harness: Harness, ana) -> None:
    await onboard(ana)
    await ana.send("/safetyplan")
    await ana.tap("People I can ask for help")
    await ana.send("my cousin")
    await ana.tap("People I can ask for help ✓")
    (question,) = ana.replies()
    assert "Right now it says:\nmy cousin" in question
    assert ana.buttons() == [texts.KEEP_LABEL, texts.CLEAR_LABEL, texts.BACK_LABEL]
    await ana.send("my cousin Lea, and my neighbour")
    assert (await _plan(harness, ana.user_id))["people"] == "my cousin Lea, and my neighbour"
    await ana.tap("People I can ask for help ✓")
    await ana.tap(texts.KEEP_LABEL)
    assert ana.replies()[0].startswith("Your safety plan: 1 of 7")
    await ana.tap("People I can ask for help ✓")
    await ana.tap(texts.CLEAR_LABEL)
    assert ana.replies()[0] == "Okay, People I can ask for help is empty again."
    assert await _plan(harness, ana.user_id) == {}


async def test_cancel_stickers_and_long_text_lose_nothing_saved(harness: Harness, ana) -> None:
    await onboard(ana)
    await ana.send("/safetyplan")
    await ana.tap("Things I can do on my own")
    await ana.send("a cold shower")
    await ana.tap("Making my space safer")
    await ana.send_sticker()
    assert ana.replies()[0] == common.TEXT_ONLY
    await ana.send("x" * 5000)
    trimmed, saved, _overview = ana.replies()
    assert trimmed == texts.TRIMMED.format(limit=450) and saved.startswith("Saved ✓")
    await ana.tap("My reasons for living")
    await ana.send("/cancel")
    assert ana.replies() == [texts.KEPT_ON_CANCEL, common.CANCELLED]
    plan = await _plan(harness, ana.user_id)
    assert plan == {"coping": "a cold shower", "safe_space": "x" * 450}


async def test_risk_words_in_the_plan_are_asked_about_and_kept_when_safe(
    harness: Harness, ana
) -> None:
    await onboard(ana)
    await ana.send("/safetyplan")
    await ana.tap("Warning signs")
    words = "when I start thinking about killing myself"
    await ana.send(words)  # clear words elsewhere; here the question comes first
    assert ana.replies()[0].startswith("Thank you for telling me. Before we go on")
    assert await _plan(harness, ana.user_id) == {}
    await ana.tap("I'm safe, carry on")
    assert "Saved ✓ Warning signs" in ana.replies()
    assert (await _plan(harness, ana.user_id))["warning_signs"] == words


async def test_settings_and_help_offer_it(ana) -> None:
    await onboard(ana)
    await ana.send("/help")
    assert "/safetyplan" in ana.last_text()
    await ana.send("/settings")
    await ana.tap("My safety plan 🧭")
    assert ana.replies()[-1].startswith("Your safety plan")
    assert ana.buttons() == OVERVIEW_BUTTONS


async def test_the_plan_is_exported_and_erased(harness: Harness, ana) -> None:
    await onboard(ana)
    await ana.send("/safetyplan")
    await ana.tap("My reasons for living")
    await ana.send("- my nephew's laugh <3")
    files = _files(await _export(ana))
    document = json.loads(files["json"].decode("utf-8"))
    assert document["safety_plan"] == {"reasons": "- my nephew's laugh <3"}
    journal = files["md"].decode("utf-8")
    assert (
        "## My safety plan\n\n### My reasons for living\n\n> \\- my nephew's laugh \\<3" in journal
    )

    counts = await harness.store.count_person(ana.user_id)
    assert counts["safety_plans"] == 1
    await ana.send("/delete")
    await ana.tap("Yes, erase everything")
    assert await harness.store.db.fetch_all("SELECT * FROM safety_plans") == []


async def test_the_operator_erasure_covers_the_plan_and_held_words(harness: Harness, ana) -> None:
    await onboard(ana)
    await ana.send("/safetyplan")
    await ana.tap("My reasons for living")
    await ana.send("my dog")
    await ana.send("/cancel")
    await ana.send("/win")
    await ana.send("I wrote letters to say goodbye")  # held, waiting for an answer
    erased = await harness.store.erase_person(ana.user_id)
    assert erased["safety_plans"] == 1 and erased["safety_holds"] == 1


# --------------------------------------------------------------------- a real process, killed

KILLS = 3
WAIT = 10.0


def _answer_after(user: SyncFakeUser, mark: int, fragment: str, timeout: float) -> bool:
    def arrived() -> bool:
        return any(m.seq > mark and fragment in m.text for m in user.transcript())

    return user.telegram.wait_until(arrived, timeout)


def _button_for(user: SyncFakeUser, title: str) -> str:
    newest = next(m for m in reversed(user.transcript()) if m.buttons)
    labels = [b.text for row in newest.buttons for b in row]
    return title if title in labels else f"{title} ✓"


def test_sigkill_while_building_the_plan_loses_nothing_confirmed(
    double: tuple[FakeTelegram, object], tmp_path: Path
) -> None:
    telegram, server = double
    bot = BotProcess(telegram, bot_env(server, telegram, tmp_path), tmp_path)  # type: ignore[arg-type]
    ana = SyncFakeUser(telegram, user_id=8282, first_name="Ana")
    rng = random.Random(20_261_201)
    confirmed: dict[str, str] = {}
    typed: set[str] = set()
    kills, began = 0, time.monotonic()
    bot.start()
    try:
        onboard_sync(ana)
        for n, section in enumerate(SECTIONS):
            attempt = 0
            while section.key not in confirmed:
                attempt += 1
                words = f"{section.key}-{attempt}: in my own words"
                ana.send("/safetyplan")
                ana.wait_for_text("Your safety plan", WAIT)
                ana.tap(_button_for(ana, section.title))
                ana.wait_for_text(section.title, WAIT)
                mark = telegram.current_seq()
                ana.send(words)
                typed.add(words)
                saved = f"Saved ✓ {section.title}"
                if kills < KILLS and n % 3 == 0:
                    if rng.random() < 0.5:
                        _answer_after(ana, mark, saved, WAIT)  # killed once it was confirmed
                    bot.kill()
                    kills += 1
                    bot.start()
                if _answer_after(ana, mark, saved, WAIT):
                    confirmed[section.key] = words
        status, output = bot.terminate()
    finally:
        if bot.proc and bot.proc.poll() is None:
            bot.proc.kill()
            bot.proc.wait()
    assert status == 0, output

    async def read(store: Store) -> tuple[str, dict[str, str]]:
        row = await store.db.fetch_one("PRAGMA integrity_check")
        return str(row[0]) if row else "", await store.safety.plan(8282)

    integrity, plan = read_store(tmp_path, read)
    assert integrity == "ok"
    assert kills == KILLS
    for key, words in confirmed.items():
        assert plan.get(key) == words, key  # every confirmed section is kept, as written
    assert set(plan.values()) <= typed
    print(f"\nplan built through {kills} kills in {time.monotonic() - began:.1f} s")


async def test_a_full_plan_of_long_html_looking_sections_still_fits_one_message(
    harness: Harness, ana
) -> None:
    await onboard(ana)
    for s in SECTIONS:
        await harness.store.safety.save_section(
            ana.user_id, s.key, "<3 & " * 200, harness.clock.now()
        )
    await ana.send("/safetyplan")
    await ana.tap("Warning signs ✓")
    await ana.send("<3 & " * 200)
    assert texts.TRIMMED.format(limit=450) in ana.replies()
    await ana.send("/cancel")
    await ana.send("I want to kill myself")
    shown, helplines = ana.replies()
    assert shown.startswith("Your plan, in your words") and len(shown) <= 4096
    assert shown.count("<3 &") >= 7 * 89  # every section, each at most 450 characters
    assert helplines.startswith("It sounds like things are really hard")
