"""Which flow a person is in, and leaving it cleanly when they start another.

PTB's table of conversation states is read only through `conversation_table`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta

from telegram import Update
from telegram.ext import Application, ApplicationHandlerStop, ConversationHandler

from bot.context import BotContext
from conversations.common import conversation_table, texts
from conversations.common.callback import prefix_pattern
from conversations.common.replies import close_tapped, say
from conversations.menu import MenuPick

# A flow nobody has answered for this long ends on its own at the person's next message.
STALE_AFTER = timedelta(hours=3)
# Noting that the person is still here is a write; once every few minutes is precise enough.
TOUCH_EVERY = timedelta(minutes=5)

# Every flow defined so far, by name → how a person would call it (filled as flows are built).
_SPOKEN: dict[str, str] = {}


def spoken(name: str, default: str) -> str:
    """How a person would call the flow named `name`."""
    return _SPOKEN.get(name, default)


@dataclass(frozen=True)
class Flow:
    """Everything that names one flow: each flow package exports one, `catalog.FLOWS` lists
    them, and the tables below are derived from them."""

    name: str  # the ConversationHandler's name (and its stored state's)
    spoken: str  # how a person would call it: "the small win"
    build: Callable[[], ConversationHandler]  # type: ignore[type-arg]
    prefix: str | None = None  # the first part of its button payloads: "win"
    commands: tuple[str, ...] = ()  # commands that start it
    menu_label: str | None = None  # the words on the button (`menu:<name>`) that starts it
    entry_buttons: tuple[str, ...] = ()  # other payloads' first parts that start it

    def __post_init__(self) -> None:
        _SPOKEN[self.name] = self.spoken

    @property
    def menu(self) -> bool:
        """Whether a button (the menu's, the daily prompt's, another flow's) starts it."""
        return self.menu_label is not None

    def menu_button(self) -> MenuPick:
        """The menu button that starts this flow."""
        return MenuPick(self.name)

    async def answer_opening_tap(self, update: Update) -> bool:
        """Answer the tap that opened this flow, if a tap did; True when it was not the menu's
        start button but an old button of the flow (the tap's toast says it expired)."""
        query = update.callback_query
        if query is None:
            return False
        stale = not self.menu_button().exact().match(query.data or "")
        await close_tapped(update, texts.STALE_BUTTON_TOAST if stale else None)
        return stale

    def buttons(self) -> re.Pattern[str]:
        """Every one of this flow's buttons (an old one starts it again, or is answered)."""
        assert self.prefix is not None
        return prefix_pattern(self.prefix)


@dataclass(frozen=True)
class FlowTable:
    """The flows by what starts them and whose buttons are whose."""

    spoken: dict[str, str]  # flow name → how a person would call it
    commands: dict[str, str]  # command → flow name
    menu: dict[str, str]  # menu button's data → flow name
    entry_buttons: dict[str, str]  # first part of a payload that starts a flow → flow name
    owners: dict[str, str]  # first part of a flow's own payloads → flow name

    @classmethod
    def of(cls, flows: Iterable[Flow]) -> FlowTable:
        flows = tuple(flows)
        return cls(
            spoken={flow.name: flow.spoken for flow in flows},
            commands={command: flow.name for flow in flows for command in flow.commands},
            menu={flow.menu_button().pack(): flow.name for flow in flows if flow.menu},
            entry_buttons={p: flow.name for flow in flows for p in flow.entry_buttons},
            owners={flow.prefix: flow.name for flow in flows if flow.prefix},
        )


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


class SwitchGuard:
    """Starting a flow while inside another ends the other first, so answers never mix; a
    flow left open for hours ends before this message is read."""

    def __init__(self, flows: Iterable[Flow]) -> None:
        self.table = FlowTable.of(flows)

    def _spoken(self, name: str, default: str) -> str:
        return self.table.spoken.get(name, default)

    async def _ended_as_stale(self, update: Update, context: BotContext, active: list[str]) -> bool:
        """End flows left open for hours (what was confirmed is already saved); otherwise
        note that the person is still here. The time lives with the stored state, so it
        survives a restart, and no timer per person is needed."""
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
        flow = self._spoken(active[0], "that")
        await say(update, texts.STALE_FLOW_ENDED.format(flow=flow))
        return True

    async def __call__(self, update: Update, context: BotContext) -> None:
        user, chat = update.effective_user, update.effective_chat
        if user is None or chat is None:
            return
        active = active_flows(context.application, chat.id, user.id)
        if not active:
            return
        if await self._ended_as_stale(update, context, active):
            return  # this message starts fresh
        table = self.table
        target: str | None = None
        command = _command(update)
        if command is not None:
            target = table.commands.get(command)
        elif update.callback_query is not None:
            data = update.callback_query.data or ""
            first = data.split(":", 1)[0]
            target = table.menu.get(data) or table.entry_buttons.get(first)
            owner = table.owners.get(first)
            if target is None and owner is not None and owner not in active:
                # A button from a flow that has ended, while another is waiting for an answer.
                await update.callback_query.answer(texts.STALE_BUTTON_TOAST)
                flow = self._spoken(active[0], "another step")
                await say(update, texts.STALE_IN_FLOW.format(flow=flow))
                raise ApplicationHandlerStop
        if target is None or active == [target]:
            return  # not a flow's start, or the flow's own restart (its fallbacks handle that)
        end_flows(context.application, chat.id, user.id)
        context.draft.clear()
        left = [name for name in active if name != target] or active
        await say(update, texts.SWITCHED.format(flow=self._spoken(left[0], "that")))
