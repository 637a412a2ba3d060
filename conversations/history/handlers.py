"""`/history`: load a page of entries, render it, turn pages in place. Not a conversation."""

from __future__ import annotations

import html
import math
from datetime import datetime
from zoneinfo import ZoneInfo

from telegram import Chat, InlineKeyboardMarkup, MaybeInaccessibleMessage, Update
from telegram.error import BadRequest
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot import outbox
from bot.context import BotContext
from bot.store import Entry, Feeling, Reframe, User, Win
from conversations.common import texts as common_texts
from conversations.common.replies import close_tapped, say
from conversations.content.feelings import shown_word
from conversations.content.progress import progress_kind
from conversations.history import keyboards, texts
from conversations.win.texts import kind_name

PAGE_SIZE = 5
MAX_MESSAGE = 4096  # Telegram's limit, in UTF-16 code units
# Each piece of a person's own text is cut to the first of these lengths that lets the whole
# page fit in one message (almost always the first).
QUOTE_LIMITS = (200, 100, 50, 20)


# ---------------------------------------------------------------------------------- render


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _quote(text: str, limit: int) -> str:
    """A person's words on one line, cut to `limit` characters, escaped for HTML."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return html.escape(flat)
    return html.escape(flat[:limit].rstrip()) + texts.TRIMMED


def _when(instant: datetime, zone: str) -> str:
    local = instant.astimezone(ZoneInfo(zone))
    return texts.DATE.format(
        weekday=texts.WEEKDAYS_SHORT[local.weekday()],
        day=local.day,
        month=texts.MONTHS_SHORT[local.month - 1],
        time=local.strftime("%H:%M"),
    )


def _describe(entry: Entry, limit: int) -> list[str]:
    """The lines that say what an entry was."""
    if isinstance(entry, Win):
        kind = progress_kind(entry.progress_kind)
        words = _quote(entry.text, limit)
        if kind is None:
            return [texts.WIN_UNKNOWN_KIND.format(words=words)]
        return [texts.WIN.format(kind=html.escape(kind_name(kind)), words=words)]
    if isinstance(entry, Feeling):
        lines = [
            texts.FEELING.format(
                word=_quote(shown_word(entry.word), limit), intensity=entry.intensity
            )
        ]
        if entry.body:
            lines.append(texts.FEELING_BODY.format(body=_quote(entry.body, limit)))
        if entry.about:
            lines.append(texts.FEELING_ABOUT.format(about=_quote(entry.about, limit)))
        return lines
    assert isinstance(entry, Reframe)
    return [
        texts.REFRAME.format(before=entry.heaviness_before, after=entry.heaviness_after),
        texts.REFRAME_WORDS.format(words=_quote(entry.friend_words, limit)),
    ]


def render_page(entries: list[Entry], *, zone: str, first: int, total: int) -> str:
    """One page: a header, then each entry under its local date and time."""
    if total <= PAGE_SIZE:
        header = texts.HEADER_ONE_PAGE
    else:
        header = texts.PAGE_HEADER.format(first=first + 1, last=first + len(entries), total=total)
    text = ""
    for limit in QUOTE_LIMITS:
        blocks = [header]
        blocks += ["\n".join([_when(e.created_at, zone), *_describe(e, limit)]) for e in entries]
        text = "\n\n".join(blocks)
        # Escaped HTML is never shorter than what Telegram shows, so this is a safe bound.
        if _utf16_len(text) <= MAX_MESSAGE:
            break
    return text


# ------------------------------------------------------------------------------- load, react


async def _person(update: Update, context: BotContext) -> User | None:
    assert update.effective_user is not None
    person = await context.store.users.get(update.effective_user.id)
    return person if person is not None and person.is_set_up else None


async def _page(
    context: BotContext, person: User, page: int
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The text and buttons for a page; the first page if that one no longer exists."""
    assert person.timezone is not None
    total = await context.store.entries.count(person.telegram_id)
    if total == 0:
        return texts.EMPTY, None
    page_count = math.ceil(total / PAGE_SIZE)
    if not 0 <= page < page_count:
        page = 0
    entries = await context.store.entries.recent(
        person.telegram_id, PAGE_SIZE, offset=page * PAGE_SIZE
    )
    text = render_page(entries, zone=person.timezone, first=page * PAGE_SIZE, total=total)
    return text, keyboards.pages(page, page_count)


async def show(update: Update, context: BotContext) -> None:
    """`/history`: the newest entries."""
    person = await _person(update, context)
    if person is None:
        await say(update, common_texts.NOT_SET_UP)
        return
    text, keyboard = await _page(context, person, 0)
    await say(update, text, keyboard)


def _tapped_page(data: str) -> int:
    try:
        return keyboards.Page.unpack(data).page
    except ValueError:
        return 0


async def _replace(
    chat: Chat,
    message: MaybeInaccessibleMessage | None,
    text: str,
    keyboard: InlineKeyboardMarkup | None,
) -> None:
    """Show a page in place of the tapped one; a new message if that one can't be edited."""
    if message is not None:
        try:
            await chat.get_bot().edit_message_text(
                text, chat_id=chat.id, message_id=message.message_id, reply_markup=keyboard
            )
            return
        except BadRequest as exc:
            if "not modified" in exc.message:
                return  # that page is already showing
    await chat.send_message(text, reply_markup=keyboard)


async def turn(update: Update, context: BotContext) -> None:
    """The Older or Newer button: that page, in place."""
    query, chat = update.callback_query, update.effective_chat
    assert query is not None and chat is not None
    person = await _person(update, context)
    if person is None:
        await close_tapped(update)
        await say(update, common_texts.NOT_SET_UP)
        return
    await query.answer()
    text, keyboard = await _page(context, person, _tapped_page(query.data or ""))
    await outbox.post(lambda: _replace(chat, query.message, text, keyboard))


def handlers() -> list[BaseHandler]:
    """The command and its page buttons (registered after the flows, before the catch-alls)."""
    return [
        CommandHandler("history", show),
        CallbackQueryHandler(turn, pattern=keyboards.Page.pattern()),
    ]
