"""`/history`'s buttons: turning pages, one kind, opening, editing and deleting an entry."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.store import Entry
from bot.store.entries import KINDS, kind_of
from conversations.common.callback import Payload
from conversations.history import texts
from conversations.history.render import open_date


@dataclass(frozen=True)
class Page(Payload):
    """A page of everything, newest first from 0: `hist:p:2`."""

    PREFIX = "hist:p"
    page: int


@dataclass(frozen=True)
class KindPage(Payload):
    """A page of one kind of entry: `hist:k:q:0` (the kind's code)."""

    PREFIX = "hist:k"
    kind: str
    page: int


@dataclass(frozen=True)
class FoundPage(Payload):
    """A page of the last search (its word is kept with the person, never in a button)."""

    PREFIX = "hist:f"
    page: int


@dataclass(frozen=True)
class PickKind(Payload):
    """Ask which kind to show: `hist:pick`."""

    PREFIX = "hist:pick"


@dataclass(frozen=True)
class Open(Payload):
    """One entry in full: `hist:o:w:12:k-w-0` (kind code, id, the list to go back to)."""

    PREFIX = "hist:o"
    kind: str
    id: int
    back: str


@dataclass(frozen=True)
class Delete(Payload):
    """Ask before deleting one entry: `hist:d:w:12:p-0`."""

    PREFIX = "hist:d"
    kind: str
    id: int
    back: str


@dataclass(frozen=True)
class Erase(Payload):
    """Delete one entry, confirmed: `hist:x:w:12:p-0`."""

    PREFIX = "hist:x"
    kind: str
    id: int
    back: str


@dataclass(frozen=True)
class EditEntry(Payload):
    """Start editing one entry's words: `edit:w:12` (the edit flow's entry)."""

    PREFIX = "edit"
    kind: str
    id: int


ListPayload = Page | KindPage | FoundPage


def back_ref(payload: ListPayload) -> str:
    """A list page as a short reference, for the buttons of an entry opened from it."""
    if isinstance(payload, KindPage):
        return f"k-{payload.kind}-{payload.page}"
    if isinstance(payload, FoundPage):
        return f"f-{payload.page}"
    return f"p-{payload.page}"


def from_ref(ref: str) -> ListPayload:
    """The list page a reference names (the first page of everything if it is mangled)."""
    parts = ref.split("-")
    try:
        if parts[0] == "k" and len(parts) == 3:
            return KindPage(parts[1], int(parts[2]))
        if parts[0] == "f" and len(parts) == 2:
            return FoundPage(int(parts[1]))
        if parts[0] == "p" and len(parts) == 2:
            return Page(int(parts[1]))
    except ValueError:
        pass
    return Page(0)


def _button(label: str, payload: Payload) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=payload.pack())


def _at(payload: ListPayload, page: int) -> ListPayload:
    if isinstance(payload, KindPage):
        return KindPage(payload.kind, page)
    if isinstance(payload, FoundPage):
        return FoundPage(page)
    return Page(page)


def page(
    entries: list[Entry], zone: str, shown: ListPayload, page_count: int
) -> InlineKeyboardMarkup:
    """Open each entry; newer and older where there is something to turn to; one kind."""
    back = back_ref(shown)
    rows: list[list[InlineKeyboardButton]] = []
    for entry in entries:
        label = texts.OPEN_LABEL.format(
            when=open_date(entry.created_at, zone), emoji=texts.KIND_EMOJI[kind_of(entry).code]
        )
        rows.append([_button(label, Open(kind_of(entry).code, entry.id, back))])
    turn = []
    number = shown.page
    if number > 0:
        turn.append(_button(texts.NEWER, _at(shown, number - 1)))
    if number + 1 < page_count:
        turn.append(_button(texts.OLDER, _at(shown, number + 1)))
    if turn:
        rows.append(turn)
    rows.append([_button(texts.FILTER_LABEL, PickKind())])
    return InlineKeyboardMarkup(rows)


def kinds() -> InlineKeyboardMarkup:
    """One button per kind of entry, and everything."""
    rows = [[_button(texts.KIND_LABELS[kind.code], KindPage(kind.code, 0))] for kind in KINDS]
    rows.append([_button(texts.EVERYTHING_LABEL, Page(0))])
    return InlineKeyboardMarkup(rows)


def entry(code: str, entry_id: int, back: str) -> InlineKeyboardMarkup:
    """Edit, delete, or back to the list."""
    return InlineKeyboardMarkup(
        [
            [_button(texts.EDIT_LABEL, EditEntry(code, entry_id))],
            [_button(texts.DELETE_LABEL, Delete(code, entry_id, back))],
            [_button(texts.BACK_LABEL, from_ref(back))],
        ]
    )


def confirm_delete(code: str, entry_id: int, back: str) -> InlineKeyboardMarkup:
    """Yes, or keep it."""
    return InlineKeyboardMarkup(
        [
            [_button(texts.YES_DELETE_LABEL, Erase(code, entry_id, back))],
            [_button(texts.KEEP_LABEL, Open(code, entry_id, back))],
        ]
    )


def back_to(back: str) -> InlineKeyboardMarkup:
    """Just the way back to the list."""
    return InlineKeyboardMarkup([[_button(texts.BACK_LABEL, from_ref(back))]])
