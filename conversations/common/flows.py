"""Which flow a person is in, and leaving it cleanly when they start another.

This is the one module that reads PTB's table of conversation states (`_conversations`):
PTB has no public way to ask "is this person inside that conversation?" or to end one from
outside it. Popping a key there also marks it for the persistence, so the stored state goes too.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, ApplicationHandlerStop, ConversationHandler

from bot.context import BotContext
from conversations.common import texts
from conversations.common.replies import say

# Flow names (ConversationHandler.name) → how a person would call them.
FLOW_NAMES = {
    "onboarding": "setting up",
    "settings": "your settings",
    "erase": "erasing your data",
    "win": "the small win",
    "feel": "naming a feeling",
    "reframe": "the reframe",
    "safetyplan": "your safety plan",
}
# Commands and menu buttons that start a flow.
ENTRY_COMMANDS = {
    "start": "onboarding",
    "settings": "settings",
    "delete": "erase",
    "win": "win",
    "feel": "feel",
    "reframe": "reframe",
    "safetyplan": "safetyplan",
}
MENU_ENTRIES = {
    "menu:settings": "settings",
    "menu:win": "win",
    "menu:feel": "feel",
    "menu:reframe": "reframe",
    "menu:safetyplan": "safetyplan",
}
# The first part of each flow's button payloads.
BUTTON_OWNERS = {
    "onb": "onboarding",
    "set": "settings",
    "del": "erase",
    "win": "win",
    "feel": "feel",
    "rf": "reframe",
    "plan": "safetyplan",
}


def _conversations(app: Application) -> list[ConversationHandler]:  # type: ignore[type-arg]
    return [
        handler
        for handlers in app.handlers.values()
        for handler in handlers
        if isinstance(handler, ConversationHandler) and handler.name
    ]


def active_flows(app: Application, chat_id: int, user_id: int) -> list[str]:  # type: ignore[type-arg]
    """The names of the flows this person is inside right now."""
    key = (chat_id, user_id)
    return [
        handler.name  # type: ignore[misc]
        for handler in _conversations(app)
        if handler._conversations.get(key) is not None
    ]


def end_flows(app: Application, chat_id: int, user_id: int) -> list[str]:  # type: ignore[type-arg]
    """End every flow this person is inside; return their names."""
    key = (chat_id, user_id)
    ended = []
    for handler in _conversations(app):
        if handler._conversations.get(key) is not None:
            handler._conversations.pop(key, None)
            ended.append(handler.name)
    return ended  # type: ignore[return-value]


def _command(update: Update) -> str | None:
    message = update.message
    if message is None or not message.text or not message.text.startswith("/"):
        return None
    return message.text[1:].split(maxsplit=1)[0].split("@")[0].lower() if message.text[1:] else ""


async def switch_guard(update: Update, context: BotContext) -> None:
    """Starting a flow while inside another ends the other first, so answers never mix."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None:
        return
    active = active_flows(context.application, chat.id, user.id)
    if not active:
        return
    target: str | None = None
    command = _command(update)
    if command is not None:
        target = ENTRY_COMMANDS.get(command)
    elif update.callback_query is not None:
        data = update.callback_query.data or ""
        target = MENU_ENTRIES.get(data)
        owner = BUTTON_OWNERS.get(data.split(":", 1)[0])
        if target is None and owner is not None and owner not in active:
            # A button from a flow that has ended, while another is waiting for an answer.
            await update.callback_query.answer(texts.STALE_BUTTON_TOAST)
            flow = FLOW_NAMES.get(active[0], "another step")
            await say(update, texts.STALE_IN_FLOW.format(flow=flow))
            raise ApplicationHandlerStop
    if target is None or active == [target]:
        return  # not a flow's start, or the flow's own restart (its fallbacks handle that)
    end_flows(context.application, chat.id, user.id)
    context.draft.clear()
    left = [name for name in active if name != target] or active
    await say(update, texts.SWITCHED.format(flow=FLOW_NAMES.get(left[0], "that")))
