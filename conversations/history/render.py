"""`/history` as text: a page of entries, or one entry in full. Pure functions."""

from __future__ import annotations

import html
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.content.feelings import shown_word
from bot.content.progress import progress_kind
from bot.store import Entry, Feeling, Note, Reflection, Reframe, Setback, Win
from bot.weekdays import WEEKDAYS_SHORT
from conversations.history import texts
from conversations.win.texts import kind_name

PAGE_SIZE = 5
MAX_MESSAGE = 4096  # Telegram's limit, in UTF-16 code units
# Each piece of a person's own text is cut to the first of these lengths that lets the whole
# page fit in one message (almost always the first).
QUOTE_LIMITS = (200, 100, 50, 20)
# One entry opened on its own: in full, unless it cannot fit in one message.
FULL_LIMITS = (4000, 2000, 1000, 500)


def utf16_len(text: str) -> int:
    """Length as Telegram counts it."""
    return len(text.encode("utf-16-le")) // 2


def _quote(text: str, limit: int) -> str:
    """A person's words on one line, cut to `limit` characters, escaped for HTML."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return html.escape(flat)
    return html.escape(flat[:limit].rstrip()) + texts.TRIMMED


def _full(text: str, limit: int) -> str:
    """A person's words with their line breaks, cut to `limit` characters, escaped."""
    kept = text.strip()
    if len(kept) <= limit:
        return html.escape(kept)
    return html.escape(kept[:limit].rstrip()) + texts.TRIMMED


def local(instant: datetime, zone: str) -> datetime:
    """An instant in the person's time zone."""
    return instant.astimezone(ZoneInfo(zone))


def when(instant: datetime, zone: str) -> str:
    """The bold date line above an entry."""
    moment = local(instant, zone)
    return texts.DATE.format(
        weekday=WEEKDAYS_SHORT[moment.weekday()],
        day=moment.day,
        month=texts.MONTHS_SHORT[moment.month - 1],
        time=moment.strftime("%H:%M"),
    )


def open_date(instant: datetime, zone: str) -> str:
    """The date on an entry's "Open" button (plain text)."""
    moment = local(instant, zone)
    return texts.OPEN_DATE.format(
        weekday=WEEKDAYS_SHORT[moment.weekday()],
        day=moment.day,
        month=texts.MONTHS_SHORT[moment.month - 1],
        time=moment.strftime("%H:%M"),
    )


def describe(entry: Entry, limit: int, *, keep_lines: bool = False) -> list[str]:
    """The lines that say what an entry was, its words cut to `limit` characters."""

    def words(text: str) -> str:
        return _full(text, limit) if keep_lines else _quote(text, limit)

    if isinstance(entry, Win):
        kind = progress_kind(entry.progress_kind)
        if kind is None:
            return [texts.WIN_UNKNOWN_KIND.format(words=words(entry.text))]
        return [texts.WIN.format(kind=html.escape(kind_name(kind)), words=words(entry.text))]
    if isinstance(entry, Feeling):
        lines = [
            texts.FEELING.format(
                word=_quote(shown_word(entry.word), limit), intensity=entry.intensity
            )
        ]
        if entry.body:
            lines.append(texts.FEELING_BODY.format(body=words(entry.body)))
        if entry.about:
            lines.append(texts.FEELING_ABOUT.format(about=words(entry.about)))
        return lines
    if isinstance(entry, Reframe):
        lines = [texts.REFRAME.format(before=entry.heaviness_before, after=entry.heaviness_after)]
        return [*lines, texts.REFRAME_WORDS.format(words=words(entry.friend_words))]
    if isinstance(entry, Reflection):
        return [
            texts.REFLECTION.format(question=html.escape(entry.question)),
            texts.REFLECTION_WORDS.format(words=words(entry.text)),
        ]
    if isinstance(entry, Note):
        lines = [texts.NOTE.format(words=words(entry.text))]
        if entry.prompt:
            lines.append(texts.NOTE_PROMPT.format(prompt=html.escape(entry.prompt)))
        return lines
    assert isinstance(entry, Setback)
    lines = [texts.SETBACK.format(words=words(entry.what_happened))]
    if entry.what_helped:
        lines.append(texts.SETBACK_HELPED.format(words=words(entry.what_helped)))
    return lines


def render_page(entries: list[Entry], *, zone: str, header: str) -> str:
    """One page: a header, then each entry under its local date and time."""
    text = ""
    for limit in QUOTE_LIMITS:
        blocks = [header]
        blocks += ["\n".join([when(e.created_at, zone), *describe(e, limit)]) for e in entries]
        text = "\n\n".join(blocks)
        # Escaped HTML is never shorter than what Telegram shows, so this is a safe bound.
        if utf16_len(text) <= MAX_MESSAGE:
            break
    return text


def render_entry(entry: Entry, *, zone: str) -> str:
    """One entry in full (its words cut only if they cannot fit in one message)."""
    text = ""
    for limit in FULL_LIMITS:
        text = "\n".join([when(entry.created_at, zone), *describe(entry, limit, keep_lines=True)])
        if utf16_len(text) <= MAX_MESSAGE:
            break
    return text
