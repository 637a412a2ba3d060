"""The safety net in every free-text step of every flow, and outside flows.

Clear risk: helplines at once, the message is not taken as an answer (nor stored), and the
step waits for the real answer. Possible risk: one question; "I'm safe, carry on" hands the
same words to the step that was waiting, which takes them as its answer."""

from __future__ import annotations

import pytest

from bot.content.feelings import QUADRANT_LABELS, Quadrant
from fake_telegram import FakeUser
from tests.conftest import Harness, onboard, readable_rows

CRISIS = "i can't do this anymore, i want to kill myself"
LOW = QUADRANT_LABELS[Quadrant.UNPLEASANT_LOW]
SITUATION = "I forgot my friend's birthday."
CRITIC = "I'm a useless friend."

# Each free-text step: how to reach it, a fragment of its question, an answer it accepts, and a
# fragment of the next question.
STEPS = {
    "win: what happened": (
        ["/win"],
        "What's one small thing",
        "I went outside",
        "Thank you. Which kind of step",
    ),
    "feel: own word": (
        ["/feel", f"tap:{LOW}", "tap:None of these"],
        "What's your word",
        "flat",
        "How strong",
    ),
    "feel: where in the body": (
        ["/feel", f"tap:{LOW}", "tap:None of these", "flat", "tap:6"],
        "Where do you notice it",
        "my chest",
        "What does it seem to be about?",
    ),
    "feel: what it's about": (
        ["/feel", f"tap:{LOW}", "tap:None of these", "flat", "tap:6", "tap:Skip"],
        "What does it seem to be about?",
        "work",
        "Saved ✓",
    ),
    "reframe: what happened": (["/reframe"], "What happened?", SITUATION, "When you think"),
    "reframe: the critic": (
        ["/reframe", SITUATION],
        "When you think",
        CRITIC,
        "How heavy does that feel",
    ),
    "reframe: the feeling, typed": (
        ["/reframe", SITUATION, CRITIC, "8"],
        "Now let's notice the feeling",
        "guilty",
        "",
    ),
    "reframe: words for a friend": (
        ["/reframe", SITUATION, CRITIC, "8", "guilty"],
        "Take your time; there's no right answer.",
        "You have a lot going on.",
        "One more look, if you like.",
    ),
    "note: anything on your mind": (
        ["/note"],
        "Write whatever is on your mind",
        "A quiet day.",
        "Saved ✓",
    ),
    "note: after asking for a question": (
        ["/note", "tap:Give me a question 💭"],
        "Here's one, if it helps",
        "Honesty.",
        "Saved ✓",
    ),
    "setback: what happened": (
        ["/setback"],
        "What happened?",
        "I skipped my walk.",
        "Was there anything",
    ),
    "setback: what helped": (
        ["/setback", "I skipped my walk."],
        "Was there anything that helped",
        "Music.",
        "Saved ✓",
    ),
    "history: editing an entry's words": (
        [
            "/win",
            "I went outside",
            "tap:Paused before reacting ⏸️",
            "/history",
            "tap:Open Sun 22 Nov, 10:00 🌱",
            "tap:Edit the words ✏️",
        ],
        "Send me the new words",
        "I went outside twice",
        "Updated ✓",
    ),
}

TABLES = ("wins", "feelings", "reframes", "reflections", "notes", "setbacks")


async def _act(user: FakeUser, actions: list[str]) -> None:
    for action in actions:
        if action.startswith("tap:"):
            await user.tap(action[4:])
        else:
            await user.send(action)


@pytest.mark.parametrize("step", list(STEPS))
async def test_crisis_words_in_a_step(harness: Harness, ana: FakeUser, step: str) -> None:
    reach, question, answer, following = STEPS[step]
    await onboard(ana)
    await _act(ana, reach)
    waiting = ana.last_text()
    assert question in waiting, waiting
    await ana.send(CRISIS)
    (reply,) = ana.replies()
    assert reply.startswith("It sounds like things are really hard right now.")
    assert "TelefonSeelsorge" in reply  # Ana lives in Berlin
    await ana.tap("Keep going")
    assert ana.last_text() != CRISIS
    await ana.send(answer)  # the same step takes the real answer and moves on
    assert any(following in reply for reply in ana.replies()), ana.replies()
    assert ana.last_text() != waiting
    for table in TABLES:
        rows = await readable_rows(harness.store, table)
        assert not any(CRISIS in str(row) for row in rows), table


# Words that get the second tier and still make sense as an answer in any step.
POSSIBLE = "I used to cut myself"


@pytest.mark.parametrize("step", list(STEPS))
async def test_possible_risk_in_a_step_is_asked_about_then_taken_as_the_answer(
    harness: Harness, ana: FakeUser, step: str
) -> None:
    reach, question, _answer, following = STEPS[step]
    await onboard(ana)
    await _act(ana, reach)
    assert question in ana.last_text()
    await ana.send(POSSIBLE)
    (asked,) = ana.replies()
    assert asked.startswith("Thank you for telling me. Before we go on: are you safe")
    assert ana.buttons() == ["I'm not safe", "I'm safe, carry on", "Grounding exercise 🌿"]
    for table in TABLES:
        assert not any(POSSIBLE in str(row) for row in await readable_rows(harness.store, table)), (
            table
        )
    await ana.tap("I'm safe, carry on")
    replies = ana.replies()
    assert replies[0].startswith("Thank you for letting me know.")
    assert any(following in reply for reply in replies[1:]), replies
    assert await readable_rows(harness.store, "safety_holds") == []


async def test_possible_risk_as_the_last_answer_is_stored_where_that_step_stores_it(
    harness: Harness, ana: FakeUser
) -> None:
    reach, _question, _answer, _following = STEPS["feel: what it's about"]
    await onboard(ana)
    await _act(ana, reach)
    await ana.send(POSSIBLE)
    await ana.tap("I'm safe, carry on")
    assert "Saved ✓" in ana.last_text()
    (row,) = await readable_rows(harness.store, "feelings", "about")
    assert row == (POSSIBLE,)


@pytest.mark.parametrize("tier", ["clear", "possible"])
async def test_outside_any_flow_both_tiers_answer(ana: FakeUser, tier: str) -> None:
    await onboard(ana)
    await ana.send(CRISIS if tier == "clear" else POSSIBLE)
    (reply,) = ana.replies()
    expected = "It sounds like things" if tier == "clear" else "Thank you for telling me."
    assert reply.startswith(expected)
