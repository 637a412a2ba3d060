"""Answering the daily question in your own words: kept as a reflection under the question."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from bot.store import Reflection, Win
from conversations.common import texts as common
from conversations.content.prompts import question_by_key
from conversations.reflect import texts
from fake_telegram import FakeUser
from tests.conftest import Harness, onboard

# Ana (Berlin) asked for her check-in at 21:30: 20:30 UTC on Sunday 22 November.
PROMPT_AT = datetime(2026, 11, 22, 20, 30, tzinfo=UTC)
DAY = date(2026, 11, 22)


async def _prompted(harness: Harness, ana: FakeUser, at: datetime = PROMPT_AT) -> int:
    """Onboard Ana and let the scheduler send her daily question; its message id."""
    await onboard(ana, place="Germany", at="21:30")
    await harness.tick()
    await harness.tick(at)
    prompt = ana.last_message()
    assert prompt.text.startswith("🌱 "), prompt.text
    return prompt.message_id


async def _reflections(harness: Harness, ana: FakeUser) -> list[Reflection]:
    entries = await harness.store.entries.all_of(ana.user_id)
    return [e for e in entries if isinstance(e, Reflection)]


async def _asked(harness: Harness, ana: FakeUser) -> str:
    delivery = await harness.store.schedule.latest_prompt(ana.user_id)
    assert delivery is not None and delivery.question_key is not None
    question = question_by_key(delivery.question_key)
    assert question is not None
    return question.text


async def test_typed_answer_is_kept_with_its_question(harness: Harness, ana: FakeUser) -> None:
    await _prompted(harness, ana)
    question = await _asked(harness, ana)
    assert "Write your answer right here" in ana.last_text()
    harness.clock.set(PROMPT_AT + timedelta(minutes=20))
    await ana.send("That I can say no <3 & still be liked")
    assert ana.replies() == [texts.KEPT]
    assert ana.buttons() == [texts.AS_WIN_LABEL]
    (kept,) = await _reflections(harness, ana)
    assert (kept.question, kept.text, kept.local_date) == (
        question,
        "That I can say no <3 & still be liked",
        DAY,
    )
    delivery = await harness.store.schedule.get(ana.user_id, "prompt", DAY)
    assert delivery is not None and delivery.answered == "reflection"

    # It shows up in /history, under its question.
    await ana.send("/history")
    assert f"💬 Your answer to “{question}”:" in ana.last_text()
    assert "“That I can say no <3 & still be liked”" in ana.last_text()

    # The prompt has its answer: more text is not taken as another one.
    await ana.send("thanks")
    assert ana.replies() == [common.OUTSIDE_FLOW]
    assert len(await _reflections(harness, ana)) == 1


async def test_one_tap_turns_it_into_a_win(harness: Harness, ana: FakeUser) -> None:
    await _prompted(harness, ana)
    await ana.send("I asked my manager for a quieter desk.")
    await ana.tap(texts.AS_WIN_LABEL)
    assert "Which kind of step was it?" in ana.last_text()
    await ana.tap("Set or held a boundary 🚧")
    assert "Saved ✓" in ana.last_text() and "quieter desk" in ana.last_text()
    entries = await harness.store.entries.all_of(ana.user_id)
    wins = [e for e in entries if isinstance(e, Win)]
    assert [(w.text, w.progress_kind) for w in wins] == [
        ("I asked my manager for a quieter desk.", "boundary")
    ]
    assert len(await _reflections(harness, ana)) == 1  # the answer stays under its question


async def test_after_later_or_not_today_an_answer_is_still_kept(
    harness: Harness, ana: FakeUser
) -> None:
    await _prompted(harness, ana)
    await ana.tap("Later (in an hour)")
    await ana.send("Later came sooner: I rested today.")
    assert ana.replies() == [texts.KEPT]
    # The snoozed question is not asked again an hour later: it has its answer.
    await harness.tick(PROMPT_AT + timedelta(hours=1, minutes=1))
    prompts = [t for t in ana.texts() if t.startswith("🌱 ")]
    assert len(prompts) == 1

    bo = harness.person(2002, "Bo")
    await _prompted(harness, bo, PROMPT_AT + timedelta(days=1))
    await bo.tap("Not today")
    await bo.send("Actually: a calm evening.")
    assert bo.replies() == [texts.KEPT]
    assert [r.text for r in await _reflections(harness, bo)] == ["Actually: a calm evening."]


async def test_a_telegram_reply_is_kept_even_inside_a_flow(harness: Harness, ana: FakeUser) -> None:
    prompt_id = await _prompted(harness, ana)
    question = await _asked(harness, ana)
    await ana.send("/reframe")
    await ana.send_reply("That my body tells me first.", prompt_id)
    assert ana.replies() == [texts.KEPT, texts.KEPT_IN_FLOW.format(flow="the reframe")]
    assert [(r.question, r.text) for r in await _reflections(harness, ana)] == [
        (question, "That my body tells me first.")
    ]
    await ana.send("I snapped at my brother.")  # the reframe still waits for its answer
    assert "critical voice" in ana.last_text()
    assert len(await _reflections(harness, ana)) == 1


async def test_what_does_not_count_as_an_answer(harness: Harness, ana: FakeUser) -> None:
    await onboard(ana, place="Germany", at="21:30")
    await ana.send("hello?")  # no question asked yet
    assert ana.replies() == [common.OUTSIDE_FLOW]

    await harness.tick()
    await harness.tick(PROMPT_AT)
    await ana.send("/win")
    await ana.send("Went for a walk.")
    await ana.tap("Showed up on a hard day 🌱")
    await ana.send("and it rained")  # a flow came after the question: it's not the last asked
    assert ana.replies() == [common.OUTSIDE_FLOW]

    await ana.send_sticker()
    assert ana.replies() == [common.OUTSIDE_FLOW]
    await ana.send("/nonsense")
    assert ana.replies() == [common.UNKNOWN_COMMAND]
    assert await _reflections(harness, ana) == []


async def test_the_window_closes_when_the_next_prompt_is_due(
    harness: Harness, ana: FakeUser
) -> None:
    await _prompted(harness, ana)
    # Past midnight, before the next prompt: still the question she was asked.
    harness.clock.set(PROMPT_AT + timedelta(hours=4))
    await ana.send("Late answer: the walk helped.")
    assert ana.replies() == [texts.KEPT]
    (kept,) = await _reflections(harness, ana)
    assert kept.local_date == date(2026, 11, 23)  # her local date when she wrote it


async def test_the_window_closes_at_the_next_prompt_time(harness: Harness) -> None:
    bo = harness.person(2002, "Bo")
    await _prompted(harness, bo)
    await bo.send("/pause")
    await bo.tap("3 days")
    # The next day's prompt time passes (skipped: he paused): yesterday's question has closed.
    await harness.tick(PROMPT_AT + timedelta(days=1))
    await bo.send("Is this about yesterday?")
    assert bo.replies() == [common.OUTSIDE_FLOW]

    assert await _reflections(harness, bo) == []


async def test_a_question_long_past_is_not_assumed(harness: Harness, ana: FakeUser) -> None:
    """If the scheduler has not run for a long while (the bot was down), a question over a
    day and a half old is not taken to be the one being answered."""
    await _prompted(harness, ana)
    harness.clock.set(PROMPT_AT + timedelta(hours=37))
    await ana.send("Much later")
    assert ana.replies() == [common.OUTSIDE_FLOW]
    assert await _reflections(harness, ana) == []


async def test_a_prompt_answered_after_a_restart(harness: Harness, ana: FakeUser) -> None:
    await _prompted(harness, ana)
    question = await _asked(harness, ana)
    await harness.restart()
    await ana.send("What stayed with me: I'm allowed to rest.")
    assert ana.replies() == [texts.KEPT]
    assert [(r.question, r.text) for r in await _reflections(harness, ana)] == [
        (question, "What stayed with me: I'm allowed to rest.")
    ]


async def test_a_redelivered_answer_is_saved_once(harness: Harness, ana: FakeUser) -> None:
    """The same update handled again (as after a crash before it was marked handled) saves
    nothing twice: the Telegram message id is the answer's flow id."""
    await _prompted(harness, ana)
    update = ana._text_update("Kept once, however often it arrives.")
    harness.telegram.observe_update(update)
    await harness.deliver(update)
    await harness.store.db.execute("DELETE FROM handled_updates")  # as if the commit was lost
    await harness.deliver(update)
    assert [r.text for r in await _reflections(harness, ana)] == [
        "Kept once, however often it arrives."
    ]
    assert ana.texts().count(texts.KEPT) == 2  # acknowledged again, saved once


async def test_a_long_answer_is_kept_whole(harness: Harness, ana: FakeUser) -> None:
    await _prompted(harness, ana)
    long = ("Today I noticed something & it mattered <a lot>. " * 80)[:4000]
    await ana.send(long)
    assert ana.replies() == [texts.KEPT]
    (kept,) = await _reflections(harness, ana)
    assert kept.text == long.strip()


async def test_the_safety_net_answers_first_and_nothing_is_kept(
    harness: Harness, ana: FakeUser
) -> None:
    prompt_id = await _prompted(harness, ana)
    crisis = "honestly i want to kill myself"
    await ana.send(crisis)
    (reply,) = ana.replies()
    assert reply.startswith("It sounds like things are really hard right now.")
    await ana.send_reply(crisis, prompt_id)
    assert ana.replies()[0].startswith("It sounds like things are really hard right now.")
    assert await _reflections(harness, ana) == []
    await ana.tap("Keep going")
    await ana.send("Something gentler: I made tea.")  # the question still takes an answer
    assert ana.replies() == [texts.KEPT]
    assert [r.text for r in await _reflections(harness, ana)] == ["Something gentler: I made tea."]


async def test_counting_it_as_a_win_from_inside_another_flow(
    harness: Harness, ana: FakeUser
) -> None:
    await _prompted(harness, ana)
    await ana.send("I rested without guilt.")
    kept = ana.last_message().message_id
    await ana.send("/feel")
    await ana.tap(texts.AS_WIN_LABEL)  # the button under the kept answer, still there
    assert ana.replies()[0] == common.SWITCHED.format(flow="naming a feeling")
    assert "Which kind of step was it?" in ana.last_text()
    await ana.tap("Was kind to myself 💛")
    assert "Saved ✓" in ana.last_text()

    # Once the answer is deleted, its button starts a fresh win instead.
    (reflection,) = await _reflections(harness, ana)
    assert await harness.store.entries.delete(ana.user_id, "q", reflection.id)
    await ana.tap_data(f"refl:win:{reflection.id}", kept)
    assert ana.replies()[0] == texts.AS_WIN_GONE
    assert "What's one small thing" in ana.last_text()
    await ana.send("/cancel")
    wins = [e for e in await harness.store.entries.all_of(ana.user_id) if isinstance(e, Win)]
    assert [w.text for w in wins] == ["I rested without guilt."]
