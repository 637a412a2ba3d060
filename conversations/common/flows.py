"""Which flow a person is in, and leaving it cleanly when they start another.

PTB's table of conversation states is read only through `conversation_table`.
"""

from __future__ import annotations

from datetime import timedelta

from telegram import Update
from telegram.ext import Application, ApplicationHandlerStop, ConversationHandler

from bot.context import BotContext
from conversations.common import conversation_table, texts
from conversations.common.replies import say

# A flow nobody has answered for this long ends on its own at the person's next message.
STALE_AFTER = timedelta(hours=3)
# Noting that the person is still here is a write; once every few minutes is precise enough.
TOUCH_EVERY = timedelta(minutes=5)

# Flow names (ConversationHandler.name) → how a person would call them.
FLOW_NAMES = {
    "onboarding": "setting up",
    "settings": "your settings",
    "erase": "erasing your data",
    "win": "the small win",
    "feel": "naming a feeling",
    "reframe": "the reframe",
    "note": "the note",
    "setback": "the setback",
    "edit": "editing an entry",
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
    "note": "note",
    "setback": "setback",
    "safetyplan": "safetyplan",
}
MENU_ENTRIES = {
    "menu:settings": "settings",
    "menu:win": "win",
    "menu:feel": "feel",
    "menu:reframe": "reframe",
    "menu:safetyplan": "safetyplan",
}
# Buttons that start a flow, by the first part of their payload (they carry an id after it).
ENTRY_BUTTONS = {
    "refl": "win",  # "It's a small win too" under a kept answer to the daily question
    "edit": "edit",  # "Edit the words" under an entry opened from /history
}
# The first part of each flow's button payloads.
BUTTON_OWNERS = {
    "onb": "onboarding",
    "set": "settings",
    "del": "erase",
    "win": "win",
    "feel": "feel",
    "rf": "reframe",
    "note": "note",
    "sb": "setback",
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
        if conversation_table.state_of(handler, key) is not None
    ]


def end_flows(app: Application, chat_id: int, user_id: int) -> list[str]:  # type: ignore[type-arg]
    """End every flow this person is inside; return their names."""
    key = (chat_id, user_id)
    ended = []
    for handler in _conversations(app):
        if conversation_table.forget(handler, key):
            ended.append(handler.name)
    return ended  # type: ignore[return-value]


def _command(update: Update) -> str | None:
    message = update.message
    if message is None or not message.text or not message.text.startswith("/"):
        return None
    return message.text[1:].split(maxsplit=1)[0].split("@")[0].lower() if message.text[1:] else ""


async def _ended_as_stale(update: Update, context: BotContext, active: list[str]) -> bool:
    """End flows left open for hours (what was confirmed is already saved); otherwise note
    that the person is still here. The time lives with the stored state, so it survives a
    restart, and no timer per person is needed."""
    user, chat = update.effective_user, update.effective_chat
    assert user is not None and chat is not None
    key, now = (chat.id, user.id), context.clock.now()
    touched = await context.store.state.touched_at(key)
    if touched is None or now - touched < STALE_AFTER:
        if touched is None or now - touched >= TOUCH_EVERY:
            await context.store.state.touch(key, now)
        return False
    end_flows(context.application, chat.id, user.id)
    context.draft.clear()
    await say(update, texts.STALE_FLOW_ENDED.format(flow=FLOW_NAMES.get(active[0], "that")))
    return True


async def switch_guard(update: Update, context: BotContext) -> None:
    """Starting a flow while inside another ends the other first, so answers never mix; a
    flow left open for hours ends before this message is read."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None:
        return
    active = active_flows(context.application, chat.id, user.id)
    if not active:
        return
    if await _ended_as_stale(update, context, active):
        return  # this message starts fresh
    target: str | None = None
    command = _command(update)
    if command is not None:
        target = ENTRY_COMMANDS.get(command)
    elif update.callback_query is not None:
        data = update.callback_query.data or ""
        target = MENU_ENTRIES.get(data) or ENTRY_BUTTONS.get(data.split(":", 1)[0])
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
