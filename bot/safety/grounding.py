"""Grounding exercises: short, plain steps a person follows at their own pace.

Each step is its own message; the person taps "Next" (or "Done" on the last one) when ready.
The texts are user-facing, so they live here with the other safety texts, apart from logic.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["EXERCISES", "Exercise", "exercise"]


@dataclass(frozen=True, slots=True)
class Exercise:
    """A grounding exercise: a key for buttons, a label, and its steps in order."""

    key: str
    label: str
    steps: tuple[str, ...]


EXERCISES: tuple[Exercise, ...] = (
    Exercise(
        key="senses",
        label="5-4-3-2-1: notice what's around you",
        steps=(
            "Rest both feet on the floor and let your shoulders drop a little. "
            "We'll go through your senses, one at a time.",
            "Look around and name five things you can see. Small things count: a cup, a shadow, "
            "the colour of a wall.",
            "Notice four things you can feel: your feet, your hands, the seat under you, "
            "the air on your skin.",
            "Listen for three sounds, near or far.",
            "Find two things you can smell, and one you can taste. If nothing comes, "
            "take one more slow breath instead.",
        ),
    ),
    Exercise(
        key="breath",
        label="Slow breathing, one minute",
        steps=(
            "Sit or stand however is comfortable. You don't need to change anything yet.",
            "Breathe in through your nose while you count to four.",
            "Now breathe out slowly while you count to six, a little longer than the in-breath.",
            "Do that four more times: in for four, out for six. If you lose count, just start "
            "again; there's no wrong way.",
        ),
    ),
    Exercise(
        key="stop",
        label="STOP: a pause in four steps",
        steps=(
            "<b>S — Stop.</b> Whatever you're doing, pause for a moment. Nothing needs to "
            "happen right now.",
            "<b>T — Take a breath.</b> One slow breath in, and a longer one out.",
            "<b>O — Observe.</b> What's here right now? A thought, a feeling, a place in your "
            "body that's tight. Just notice it, without judging it.",
            "<b>P — Proceed.</b> Choose one small, kind next thing: a glass of water, a text to "
            "someone, a few more breaths.",
        ),
    ),
)


def exercise(key: str) -> Exercise | None:
    """The exercise with this key, if there is one."""
    return next((e for e in EXERCISES if e.key == key), None)
