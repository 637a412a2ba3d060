"""Who tapped or wrote: the person, if they have finished setting up."""

from __future__ import annotations

from telegram import Update

from bot.context import BotContext
from bot.store import User


async def set_up_person(update: Update, context: BotContext) -> User | None:
    """The person behind this update if they are set up; None otherwise."""
    user = update.effective_user
    if user is None:
        return None
    person = await context.store.users.get(user.id)
    return person if person is not None and person.is_set_up else None
