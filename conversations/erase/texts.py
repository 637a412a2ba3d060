"""What a person reads in /delete."""

EXPLAIN = (
    "<b>Erase everything?</b>\n"
    "\n"
    "This permanently erases everything I keep about you: your settings, your reflections, "
    "and any step you're in the middle of. Your own key goes first, so even backups made "
    "before can no longer be read. It can't be undone.\n"
    "\n"
    "Want a copy to keep first? Send /export and I'll send you everything as files; "
    "these buttons will still be here.\n"
    "\n"
    "I can't remove chat messages older than 48 hours (Telegram doesn't let bots do that); "
    "you can delete this chat yourself in Telegram."
)
NOTHING_STORED = "I don't have anything stored about you, so there's nothing to erase."
CONFIRM = "Yes, erase everything"
KEEP = "No, keep my data"
ERASED = (
    "Done. Everything I kept about you has been erased. "
    "If you ever want to start again, send /start. Take care 🌱"
)
KEPT = "Okay, nothing was erased."
