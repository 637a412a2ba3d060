"""What a scheduled delivery says: the daily question, or the weekly digest with its chart."""

from __future__ import annotations

import asyncio
import html
from datetime import date, datetime, time, timedelta

from bot.digest import build_digest, chart_caption, render_chart, render_digest
from bot.schedule.outgoing import Compose, Outgoing
from bot.schedule.timing import held_by_quiet_hours
from bot.store import Store
from bot.store.schedule import Due, Kind
from conversations.checkins import keyboards, texts
from conversations.content.prompts import question_by_key, question_for

# "Later" asks again after this long.
SNOOZE = timedelta(hours=1)


def later_fits(at: datetime, timezone: str, prompt_time: time) -> bool:
    """Whether asking again an hour after `at` would get through quiet hours."""
    return not held_by_quiet_hours(at + SNOOZE, timezone, prompt_time)


async def digest_message(
    store: Store, telegram_id: int, today: date, week_ends_on: int
) -> Outgoing:
    """The weekly digest for one person, whose weeks end on their digest day: text, and a
    chart rendered off the event loop."""
    entries = await store.entries.all_of(telegram_id)
    digest = build_digest(entries, today, week_ends_on)
    text = render_digest(digest)
    if not digest.show_chart:
        return Outgoing(text=text)
    chart = await asyncio.to_thread(render_chart, digest)
    return Outgoing(text=text, photo=chart, caption=chart_caption(digest))


def make_composer(store: Store) -> Compose:
    """The scheduler's `compose` function, bound to the store."""

    async def compose(kind: Kind, due: Due) -> Outgoing:
        if kind == "digest":
            return await digest_message(store, due.telegram_id, due.local_date, due.digest_weekday)
        put_off = question_by_key(due.put_off_question) if due.put_off_question else None
        question = put_off or question_for(due.local_date.toordinal(), due.last_question_key)
        later = later_fits(due.due_at, due.timezone, due.prompt_time)
        return Outgoing(
            text=texts.PROMPT.format(question=html.escape(question.text)),
            keyboard=keyboards.prompt(due.local_date, later=later),
            question_key=question.key,
        )

    return compose
