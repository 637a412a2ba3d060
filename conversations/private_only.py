"""Private chats only: a group gets one polite line, then the bot leaves. Nothing is stored."""

from __future__ import annotations

import logging

from telegram import Chat, ChatMember, Update
from telegram.ext import ApplicationHandlerStop

from bot.context import BotContext
from conversations.common import texts
from conversations.common.replies import say_and_leave

log = logging.getLogger(__name__)

_JOINED = {ChatMember.MEMBER, ChatMember.ADMINISTRATOR, ChatMember.RESTRICTED}


async def guard(update: Update, context: BotContext) -> None:
    """Let private chats through; answer and leave groups; drop everything else quietly."""
    chat = update.effective_chat
    if update.edited_message is not None:
        # An edit of something already answered: the first version is what counts.
        raise ApplicationHandlerStop
    if chat is not None and chat.type == Chat.PRIVATE:
        return
    if chat is not None and chat.type in (Chat.GROUP, Chat.SUPERGROUP):
        joined = (
            update.my_chat_member is not None
            and update.my_chat_member.new_chat_member.status in _JOINED
        )
        if joined or update.message is not None:
            log.info("group_left chat=%s", chat.id)
            await say_and_leave(update, texts.GROUPS_ONLY_PRIVATE)
    raise ApplicationHandlerStop
