"""`/history`: load a view's page, render it, react to taps in place. Not a conversation.

A page lists entries newest first, each with a button to open it; an opened entry can be
edited (conversations/history/edit.py) or deleted, after a confirmation, as thoroughly as
`/delete` erases everything. `/history wins` shows one kind; `/history boundary` looks for a
word (kept with the person's draft, never in a button, so the search's pages can turn).
"""

from __future__ import annotations

import html

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot.context import BotContext
from bot.store import User
from conversations.common import texts as common_texts
from conversations.common.people import set_up_person
from conversations.common.replies import close_tapped, say, show_in_place
from conversations.history import keyboards, texts, views
from conversations.history.render import PAGE_SIZE, render_entry, render_page

SEARCH_KEY = "history_search"  # the word of the last `/history <word>`, in the person's draft


def _header(view: views.View, page: views.Page) -> str:
    first, last = page.page * PAGE_SIZE + 1, page.page * PAGE_SIZE + len(page.entries)
    numbers = {"first": first, "last": last, "total": page.total}
    if view.kind is not None:
        kind = texts.KIND_HEADERS[view.kind]
        if page.total <= PAGE_SIZE:
            return texts.KIND_HEADER.format(kind=kind)
        return texts.KIND_PAGE_HEADER.format(kind=kind, **numbers)
    if view.word is not None:
        word = html.escape(view.word)
        if page.total <= PAGE_SIZE:
            return texts.FOUND_HEADER.format(word=word)
        return texts.FOUND_PAGE_HEADER.format(word=word, **numbers)
    if page.total <= PAGE_SIZE:
        return texts.HEADER_ONE_PAGE
    return texts.PAGE_HEADER.format(**numbers)


def _empty(view: views.View) -> str:
    if view.kind is not None:
        return texts.KIND_EMPTY.format(kind=texts.KIND_HEADERS[view.kind])
    if view.word is not None:
        return texts.FOUND_NOTHING.format(word=html.escape(view.word))
    return texts.EMPTY


def _view_of(payload: keyboards.ListPayload, context: BotContext) -> views.View | None:
    """The view a list button shows; None when it is a search that has ended."""
    if isinstance(payload, keyboards.KindPage):
        known = payload.kind in texts.KIND_HEADERS
        return views.View(kind=payload.kind) if known else views.View()
    if isinstance(payload, keyboards.FoundPage):
        word = context.draft.get(SEARCH_KEY)
        return views.View(word=word) if isinstance(word, str) and word else None
    return views.View()


async def _list(
    context: BotContext, person: User, view: views.View, payload: keyboards.ListPayload
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The text and buttons for a page of a view (its first page if that one is gone)."""
    assert person.timezone is not None
    page = await views.load(context.store, person.telegram_id, view, payload.page)
    if page.total == 0:
        keyboard = None if view == views.View() else keyboards.kinds()
        return _empty(view), keyboard
    text = render_page(page.entries, zone=person.timezone, header=_header(view, page))
    if isinstance(payload, keyboards.KindPage):
        shown: keyboards.ListPayload = keyboards.KindPage(payload.kind, page.page)
    elif isinstance(payload, keyboards.FoundPage):
        shown = keyboards.FoundPage(page.page)
    else:
        shown = keyboards.Page(page.page)
    return text, keyboards.page(page.entries, person.timezone, shown, page.page_count)


async def show(update: Update, context: BotContext) -> None:
    """`/history`, `/history <kind>` or `/history <word>`: the newest entries of that view."""
    person = await set_up_person(update, context)
    if person is None:
        await say(update, common_texts.NOT_SET_UP)
        return
    view = views.parse(" ".join(context.args or []))
    payload: keyboards.ListPayload = keyboards.Page(0)
    if view.kind is not None:
        payload = keyboards.KindPage(view.kind, 0)
    elif view.word is not None:
        context.draft[SEARCH_KEY] = view.word
        payload = keyboards.FoundPage(0)
    text, keyboard = await _list(context, person, view, payload)
    await say(update, text, keyboard)


async def _tapped_by(update: Update, context: BotContext) -> User | None:
    """Answer the tap; the person if they are set up (or say how to begin)."""
    query = update.callback_query
    assert query is not None
    person = await set_up_person(update, context)
    if person is None:
        await close_tapped(update)
        await say(update, common_texts.NOT_SET_UP)
        return None
    await query.answer()
    return person


def _list_payload(update: Update) -> keyboards.ListPayload:
    for cls in (keyboards.Page, keyboards.KindPage, keyboards.FoundPage):
        payload = cls.tapped(update)
        if payload is not None:
            return payload
    return keyboards.Page(0)


async def turn(update: Update, context: BotContext) -> None:
    """Newer, Older, a kind, Everything, or Back to the list: that page, in place."""
    person = await _tapped_by(update, context)
    if person is None:
        return
    payload = _list_payload(update)
    view = _view_of(payload, context)
    template = "{list}"
    if view is None:
        view, payload, template = views.View(), keyboards.Page(0), texts.SEARCH_ENDED_LIST
    text, keyboard = await _list(context, person, view, payload)
    await show_in_place(update, template.format(list=text), keyboard)


async def pick_kind(update: Update, context: BotContext) -> None:
    """ "Show one kind…": the kinds, in place."""
    if await _tapped_by(update, context) is not None:
        await show_in_place(update, texts.PICK_KIND, keyboards.kinds())


async def open_entry(update: Update, context: BotContext) -> None:
    """An entry's "Open" button (or "No, keep it"): the entry in full, with what can be done."""
    person = await _tapped_by(update, context)
    if person is None:
        return
    assert person.timezone is not None
    tap = keyboards.Open.tapped(update) or keyboards.Open("w", 0, "p-0")
    entry = await context.store.entries.get(person.telegram_id, tap.kind, tap.id)
    if entry is None:
        await show_in_place(update, texts.GONE, keyboards.back_to(tap.back))
        return
    text = render_entry(entry, zone=person.timezone)
    await show_in_place(update, text, keyboards.entry(tap.kind, tap.id, tap.back))


async def ask_delete(update: Update, context: BotContext) -> None:
    """ "Delete": are you sure?"""
    if await _tapped_by(update, context) is None:
        return
    tap = keyboards.Delete.tapped(update) or keyboards.Delete("w", 0, "p-0")
    await show_in_place(
        update, texts.CONFIRM_DELETE, keyboards.confirm_delete(tap.kind, tap.id, tap.back)
    )


async def erase(update: Update, context: BotContext) -> None:
    """ "Yes, delete it": erased for good (or already gone), then the way back."""
    person = await _tapped_by(update, context)
    if person is None:
        return
    tap = keyboards.Erase.tapped(update)
    try:
        deleted = tap is not None and await context.store.entries.delete(
            person.telegram_id, tap.kind, tap.id
        )
    except KeyError:  # a kind that doesn't exist
        deleted = False
    tap = tap or keyboards.Erase("w", 0, "p-0")
    await show_in_place(
        update, texts.DELETED if deleted else texts.GONE, keyboards.back_to(tap.back)
    )


def handlers() -> list[BaseHandler]:
    """The command and its buttons (they work anywhere, mid-flow too)."""
    return [
        CommandHandler("history", show),
        CallbackQueryHandler(turn, pattern=keyboards.Page.pattern()),
        CallbackQueryHandler(turn, pattern=keyboards.KindPage.pattern()),
        CallbackQueryHandler(turn, pattern=keyboards.FoundPage.pattern()),
        CallbackQueryHandler(pick_kind, pattern=keyboards.PickKind.pattern()),
        CallbackQueryHandler(open_entry, pattern=keyboards.Open.pattern()),
        CallbackQueryHandler(ask_delete, pattern=keyboards.Delete.pattern()),
        CallbackQueryHandler(erase, pattern=keyboards.Erase.pattern()),
    ]
