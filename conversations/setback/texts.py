"""What a person reads while noting a setback (`/setback`)."""

from __future__ import annotations

MAX_WORDS = 4096  # a whole Telegram message: their words are never cut

ASK_WHAT = (
    "Hard days are part of changing, not a sign that you aren't. What happened? "
    "A few words are enough."
)
ASK_HELPED = (
    "Thank you for telling me. Was there anything that helped, even a little? Or something "
    "you might try next time? You can skip this."
)
SKIP_LABEL = "Skip"
STALE_RESTART = "That button is from an earlier note about a hard moment, so let's start afresh."
LOST = "Sorry, I lost what you wrote. What happened? Could you send it to me once more?"

SAVED = "Saved ✓\n\n{kind}"
# One of these follows a saved setback, in turn (never "you failed", never a score).
KIND_LINES = (
    "A setback doesn't undo the steps you've already taken. Noticing it is part of the work.",
    "Progress rarely runs in a straight line. Be as gentle with yourself tonight as you'd be "
    "with a good friend.",
    "You looked at a hard moment instead of away from it. That takes courage.",
    "Feeling stuck sometimes is normal, and it can teach you something. Tomorrow is a fresh page.",
    "Coming back after a hard day is one of the quiet signs that you're growing.",
)
