"""What a person reads when they answer the daily question in their own words."""

from __future__ import annotations

MAX_ANSWER = 4096  # a whole Telegram message: an answer is never cut

KEPT = (
    "Kept ✓ Thank you for putting it into words. It's saved with the question, and you'll "
    "find it in /history whenever you want to look back 🌱"
)
KEPT_IN_FLOW = "We're still in {flow}: answer the question above whenever you're ready."
# When the daily question's wording is not known any more (an older version asked it).
UNKNOWN_QUESTION = "The day's question"

AS_WIN_LABEL = "It's a small win too 🌱"
AS_WIN_GONE = "That answer isn't saved any more, so let's note a fresh win."
