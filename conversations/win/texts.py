"""What a person reads while noting a small win (`/win`)."""

from __future__ import annotations

from bot.content.progress import ProgressKind

MAX_WORDS = 1000

ASK_TEXT = (
    "What's one small thing you did or noticed? A few words are plenty, and it doesn't "
    "have to be big.\n"
    "\n"
    "<i>For example: I took a breath before answering my sister.</i>"
)
TRIMMED = "That was a lot — I kept the first {limit:,} characters, up to the last whole word."
LOST = "Sorry, I lost what you wrote. Could you send it to me once more?"
STALE_RESTART = "That button is from an earlier win, so let's note a fresh one."

ASK_KIND = "Thank you. Which kind of step was it? Pick the closest one:\n\n{meanings}"
ASK_KIND_SHORT = "Thank you. Which kind of step was it? Pick the closest one."
REASK_KIND = "Which kind of step was it? Pick the closest one below."
MEANINGS = "What each kind means:\n\n{meanings}"
MEANINGS_LABEL = "What do these mean? ❓"
MEANING_LINE = "• <b>{name}</b>: {meaning}"

SAVED = "Saved ✓ <b>{name}</b>\n\n“{words}”\n\n{why}\n\n{count}"
# The line under a saved win: true, and different as the notes grow.
VERY_FIRST = "Your very first small win here. This is how noticing begins 🌱"
NEW_KIND = (
    "A new kind of step in your notes: {phrase}. That makes {kinds} different kinds so far.",
    "First time you've noted {phrase} here. Your notes now hold {kinds} kinds of steps.",
    "{phrase_capital} is new in your notes, the {kinds_ordinal} kind of step you've noticed.",
)
# A recovery milestone ("two months without self-harm", "I told my therapist"): said plainly.
WITH_MILESTONE = (
    "{saved}\n\nThis is a real milestone. Getting here took strength and courage, and it "
    "belongs to you 🌱"
)
NTH_TIME = "That's the {ordinal} time you've noted {phrase}."

AGAIN_LABEL = "Note another win 🌱"
DONE_LABEL = "That's all for now"
DONE = "Thank you for noticing it. See you soon 🌱"

# How each kind reads inside "you've noted …" (keys as in bot/content/progress.py).
PHRASES = {
    "pattern": "noticing a pattern",
    "let_feel": "letting a feeling in",
    "sat_with": "sitting with discomfort",
    "boundary": "setting or holding a boundary",
    "kind_self": "being kind to yourself",
    "coping": "using a coping skill",
    "reached_out": "reaching out or connecting",
    "paused": "pausing before reacting",
    "showed_up": "showing up on a hard day",
    "other": "a shift of your own",
}
PHRASE_FALLBACK = "this kind of step"


def kind_name(kind: ProgressKind) -> str:
    """A kind's label without its trailing emoji, for use inside a sentence."""
    head, _, tail = kind.label.rpartition(" ")
    return head if head and not any(char.isalnum() for char in tail) else kind.label


def ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, …"""
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


# The words on the button that starts this flow (the menu, the daily prompt, other flows).
MENU_LABEL = "Note a small win 🌱"
