"""Keeping a long typed answer: cut at a word boundary, never mid-word."""

from __future__ import annotations

from telegram import Update

# A cut goes back to the last space unless that would drop more than this share of the text.
_KEEP_AT_LEAST = 0.8


def cut_at_word(text: str, limit: int) -> tuple[str, bool]:
    """The text (stripped) kept to at most `limit` characters, cut after the last whole word
    that fits, and whether anything was cut. One very long "word" (a link) is cut at `limit`."""
    text = text.strip()
    if len(text) <= limit:
        return text, False
    head = text[:limit]
    if not text[limit].isspace():
        before, space, _ = head.rpartition(" ")
        if space and len(before) >= limit * _KEEP_AT_LEAST:
            head = before
    return head.rstrip(), True


def typed_answer(update: Update, limit: int) -> tuple[str | None, bool]:
    """The typed answer kept to `limit` characters (None if empty), and whether it was cut."""
    message = update.effective_message
    text, trimmed = cut_at_word(message.text or "" if message else "", limit)
    return text or None, trimmed
