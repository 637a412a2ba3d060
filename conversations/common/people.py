"""Who tapped or wrote: the person, if they have finished setting up, and their day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from telegram import Update

from bot.context import BotContext
from bot.store import User
from bot.timezones import local_date


async def set_up_person(update: Update, context: BotContext) -> User | None:
    """The person behind this update if they are set up; None otherwise."""
    user = update.effective_user
    if user is None:
        return None
    person = await context.store.users.get(user.id)
    return person if person is not None and person.is_set_up else None


@dataclass(frozen=True)
class Today:
    """When an entry is being saved: the person, the instant, and their local date."""

    person: User
    now: datetime
    local_date: date


async def today_for(update: Update, context: BotContext) -> Today | None:
    """The person behind this update and their local date now; None if they are not set up."""
    person = await set_up_person(update, context)
    if person is None or person.timezone is None:
        return None
    now = context.clock.now()
    return Today(person, now, local_date(person.timezone, now))
