"""Journaling prompts for `/note`'s "Give me a question": open questions to write from, in the
spirit of the seeds' prompts (values, learning, feelings, small steps, sessions), in our words."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class JournalPrompt:
    """One prompt; the key is stored with a note, so keep keys stable if a text is reworded."""

    key: str
    text: str


JOURNAL_PROMPTS: tuple[JournalPrompt, ...] = (
    JournalPrompt("values", "What mattered to you today? Where did you live by it, and where not?"),
    JournalPrompt("learned", "What did you find out today about yourself, someone else, or life?"),
    JournalPrompt(
        "feeling_place", "If the feeling you have right now were a place, what is it like there?"
    ),
    JournalPrompt(
        "feeling_letter", "Write a few lines to a feeling that's been visiting you lately."
    ),
    JournalPrompt(
        "feeling_why", "Name one feeling from today, then ask yourself why, and why again."
    ),
    JournalPrompt("good_step", "What's one good step you took this week, however small?"),
    JournalPrompt("month", "How have you grown, even a little, over the past month?"),
    JournalPrompt(
        "thought_check", "Which thought kept coming back today? Is it a fact, or a guess?"
    ),
    JournalPrompt("thought_shape", "How did one of today's thoughts shape what you felt and did?"),
    JournalPrompt(
        "session_surprise", "What surprised you in your last session or bit of self-work?"
    ),
    JournalPrompt("session_unsaid", "Is there something you wish you'd said in your last session?"),
    JournalPrompt("session_felt", "How did you feel during your last session, and afterwards?"),
)

_BY_KEY = {prompt.key: prompt for prompt in JOURNAL_PROMPTS}


def journal_prompt(index: int) -> JournalPrompt:
    """The prompt at `index`, wrapping around, so "another question" can go on for ever."""
    return JOURNAL_PROMPTS[index % len(JOURNAL_PROMPTS)]


def journal_prompt_by_key(key: str) -> JournalPrompt | None:
    """The prompt with this key, or None."""
    return _BY_KEY.get(key)
