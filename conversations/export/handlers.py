"""`/export`: load everything, make the files off the event loop, send them. Not a conversation.

Anyone who agreed to use the bot (has a user row) can export, set up or not: the files hold
whatever is kept about them, even if that is only their consent and settings.
"""

from __future__ import annotations

import asyncio

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler

from bot.context import BotContext
from conversations.common import texts as common_texts
from conversations.common.replies import say, send_file
from conversations.export import texts
from conversations.export.formats import export_files


async def export_command(update: Update, context: BotContext) -> None:
    """`/export`: a warning that the files aren't encrypted, then the three files."""
    user, chat = update.effective_user, update.effective_chat
    assert user is not None and chat is not None
    person = await context.store.users.get(user.id)
    if person is None:
        await say(update, common_texts.NOT_SET_UP)
        return
    entries = await context.store.entries.all_of(person.telegram_id)
    deliveries = await context.store.schedule.deliveries_of(person.telegram_id)
    plan = await context.store.safety.plan(person.telegram_id)
    files = await asyncio.to_thread(
        export_files, person, entries, deliveries, context.clock.now(), plan
    )
    await say(update, texts.WARNING)
    for file in files:
        await send_file(update, file.data, file.name, file.caption)


def handlers() -> list[BaseHandler]:
    """The command (registered with the commands outside flows)."""
    return [CommandHandler("export", export_command)]
