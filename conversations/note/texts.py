"""What a person reads while writing a note (`/note`)."""

from __future__ import annotations

MAX_NOTE = 4096  # a whole Telegram message: a note is never cut

ASK = (
    "Write whatever is on your mind: a thought, something from a session, a few lines about "
    "your day. It stays here, just for you.\n"
    "\n"
    "Not sure where to start? Ask me for a question."
)
QUESTION = "Here's one, if it helps:\n\n<i>{prompt}</i>\n\nWrite as much or as little as you like."
ASK_AGAIN = "Whenever you're ready, send me your note as a message."
SAVED = "Saved ✓ Your note is kept, and you'll find it in /history whenever you look back 📝"
DONE = "Thank you for writing. See you soon 🌱"
STALE_RESTART = "That button is from an earlier note, so let's start a fresh one."
LOST = "Sorry, I lost track of that note. Could you send it to me once more?"

QUESTION_LABEL = "Give me a question 💭"
ANOTHER_LABEL = "Another question 🔄"
AGAIN_LABEL = "Write another note 📝"
DONE_LABEL = "That's all for now"
