"""Which entries a `/history` view holds: everything, one kind, or those with a word."""

from __future__ import annotations

import math
from dataclasses import dataclass

from bot.content.progress import progress_kind
from bot.store import Entry, Store, Win
from bot.store.entries import KIND_BY_CODE, kind_of
from conversations.history import texts
from conversations.history.render import PAGE_SIZE
from conversations.win.texts import PHRASES

# Fields that hold codes rather than words: never searched.
_CODES = {"progress_kind", "feeling_key", "quadrant", "critic_is", "question_key"}


@dataclass(frozen=True)
class View:
    """Everything (both None), one kind (its code), or entries with a word."""

    kind: str | None = None
    word: str | None = None


@dataclass(frozen=True)
class Page:
    """The entries on one page of a view, and where that page is."""

    entries: list[Entry]
    page: int
    page_count: int
    total: int


def parse(argument: str) -> View:
    """What follows `/history`: a kind's name, or a word to look for."""
    word = " ".join(argument.split())[: texts.MAX_SEARCH]
    if not word:
        return View()
    for code, names in texts.KIND_WORDS.items():
        if word.casefold() in names:
            return View(kind=code)
    return View(word=word)


def _words_of(entry: Entry) -> list[str]:
    """Everything a search looks through: the person's words, and a win's kind by name."""
    found = [
        value
        for name, value in vars(entry).items()
        if isinstance(value, str) and name not in _CODES
    ]
    if isinstance(entry, Win):
        kind = progress_kind(entry.progress_kind)
        found += [kind.label if kind else "", PHRASES.get(entry.progress_kind, "")]
    return found


def matches(entry: Entry, view: View) -> bool:
    """True if the entry belongs in the view."""
    if view.kind is not None and kind_of(entry).code != view.kind:
        return False
    if view.word is not None:
        needle = view.word.casefold()
        return any(needle in text.casefold() for text in _words_of(entry))
    return True


def _bounded(page: int, page_count: int) -> int:
    return page if 0 <= page < page_count else 0


async def load(store: Store, telegram_id: int, view: View, page: int) -> Page:
    """One page of a view, newest first; the first page if that one no longer exists."""
    if view.kind is None and view.word is None:
        total = await store.entries.count(telegram_id)
        page_count = math.ceil(total / PAGE_SIZE)
        page = _bounded(page, page_count)
        entries = await store.entries.recent(telegram_id, PAGE_SIZE, offset=page * PAGE_SIZE)
        return Page(entries, page, page_count, total)
    if view.kind is not None and view.kind not in KIND_BY_CODE:
        return Page([], 0, 0, 0)
    chosen = [e for e in reversed(await store.entries.all_of(telegram_id)) if matches(e, view)]
    page_count = math.ceil(len(chosen) / PAGE_SIZE)
    page = _bounded(page, page_count)
    return Page(chosen[page * PAGE_SIZE : (page + 1) * PAGE_SIZE], page, page_count, len(chosen))
