"""Forged and stale buttons, tapped at every callback handler in every step of every flow,
get a kind answer: the tap is answered, something is said or shown, and nothing raises."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator

import pytest
from telegram.ext import BaseHandler, CallbackQueryHandler, ConversationHandler

from bot.texts import SOMETHING_WENT_WRONG
from conversations.common import conversation_table
from conversations.common.callback import Payload
from fake_telegram import FakeUser
from tests.conftest import Harness, onboard

# Where a handler listens: outside any flow, or inside a conversation at a state.
Place = tuple[ConversationHandler | None, object]  # type: ignore[type-arg]


def _payload_classes(cls: type[Payload] = Payload) -> Iterator[type[Payload]]:
    for sub in cls.__subclasses__():
        if hasattr(sub, "PREFIX"):  # not a picker's base, whose hosts set the prefix
            yield sub
        yield from _payload_classes(sub)


def _forgeries(cls: type[Payload]) -> list[str]:
    """Data that starts like this payload's but is not one it would ever send: fields
    missing; every field the right shape but unknown or out of range; and, for a payload
    with numbers, words where a number goes."""
    fields = cls.__dataclass_fields__.values()
    numeric = [field.type in (int, "int") for field in fields]
    unknown = ["99999999" if is_int else "zz/../x" for is_int in numeric]
    shapes = ["", ":" + ":".join(unknown)]
    if any(numeric):
        shapes.append(":" + ":".join(["zz"] * len(numeric)))
    return [(cls.PREFIX + shape)[:64] for shape in shapes if (cls.PREFIX + shape)]


def _places(harness: Harness) -> Iterator[tuple[Place, CallbackQueryHandler]]:  # type: ignore[type-arg]
    assert harness.app is not None
    for handlers in harness.app.handlers.values():
        for handler in handlers:
            if isinstance(handler, CallbackQueryHandler):
                yield (None, None), handler
            elif isinstance(handler, ConversationHandler):
                yield from _in_conversation(handler)


def _in_conversation(
    conversation: ConversationHandler,  # type: ignore[type-arg]
) -> Iterator[tuple[Place, CallbackQueryHandler]]:  # type: ignore[type-arg]
    def callbacks(handlers: list[BaseHandler]) -> Iterator[CallbackQueryHandler]:  # type: ignore[type-arg]
        return (h for h in handlers if isinstance(h, CallbackQueryHandler))

    for handler in callbacks(conversation.entry_points):
        yield (None, None), handler
    for state, handlers in conversation.states.items():
        for handler in callbacks(handlers):
            yield (conversation, state), handler
    first = next(iter(conversation.states))
    for handler in callbacks(conversation.fallbacks):
        yield (conversation, first), handler


def _matches(handler: CallbackQueryHandler, data: str) -> bool:  # type: ignore[type-arg]
    pattern = handler.pattern
    return isinstance(pattern, str | re.Pattern) and re.match(pattern, data) is not None


def _conversations(harness: Harness) -> list[ConversationHandler]:  # type: ignore[type-arg]
    assert harness.app is not None
    return [
        handler
        for handlers in harness.app.handlers.values()
        for handler in handlers
        if isinstance(handler, ConversationHandler)
    ]


async def _tap(harness: Harness, user: FakeUser, data: str, message_id: int) -> str:
    """What `FakeUser.tap_data` sends, without reading the whole (long) transcript each time."""
    telegram = harness.telegram
    query_id = telegram.new_callback_query_id()
    update = {
        "update_id": telegram.next_update_id(),
        "callback_query": {
            "id": query_id,
            "from": user.user,
            "chat_instance": f"{user.user_id}{telegram.bot_id}",
            "data": data,
            "message": telegram.message_json(user.user_id, message_id),
        },
    }
    telegram.observe_update(update)
    await harness.deliver(update)
    return query_id


async def test_every_callback_handler_answers_forged_and_stale_data_kindly(
    harness: Harness, ana: FakeUser, caplog: pytest.LogCaptureFixture
) -> None:
    await onboard(ana)
    assert harness.app is not None
    key, telegram = (ana.user_id, ana.user_id), harness.telegram
    classes = list(_payload_classes())
    reached: set[int] = set()
    taps = 0
    tapped: set[tuple[str, object, str]] = set()
    seen: set[tuple[object, object]] = set()
    for (conversation, state), handler in _places(harness):
        if (handler.callback, handler.pattern) in seen:
            continue  # the same handler shared by several flows (their common fallbacks)
        seen.add((handler.callback, handler.pattern))
        if handler.pattern is None:  # a step's catch-all: any data at all, and another flow's
            forged = ["zz", "del:99999999"]
        else:
            own = [cls for cls in classes if cls.pattern().pattern == str(handler.pattern.pattern)]
            mine = own or classes  # a handler for a whole flow's prefix gets a few of them
            forged = [d for cls in mine for d in _forgeries(cls) if _matches(handler, d)][:3]
        if not forged:
            # Only exact, known data reaches it (`^menu:(win|feel)$`): nothing to forge.
            assert str(getattr(handler.pattern, "pattern", handler.pattern)).endswith("$")
            continue
        reached.add(id(handler))
        for data in forged:
            if (getattr(conversation, "name", ""), state, data) in tapped:
                continue  # this step already had this data
            tapped.add((getattr(conversation, "name", ""), state, data))
            for other in _conversations(harness):
                conversation_table.forget(other, key)
            under = await harness.app.bot.send_message(ana.user_id, "An older message")
            if conversation is not None:
                conversation_table.place(conversation, key, state)
            seq, calls = telegram.current_seq(), len(telegram.calls)
            caplog.clear()
            query_id = await _tap(harness, ana, data, under.message_id)
            taps += 1
            where = f"{data!r} at {getattr(conversation, 'name', None)}/{state}"
            answer = telegram.callback_answer(query_id)
            assert answer is not None, f"tap left spinning: {where}"
            assert not [r for r in caplog.records if r.levelno >= logging.ERROR], where
            said = [call.params.get("text") for call in telegram.calls[calls:]]
            assert SOMETHING_WENT_WRONG not in said, where
            assert answer.get("text") or telegram.current_seq() != seq, f"nothing said: {where}"
    assert len(reached) > 90 and taps > 200  # every step of every flow was reached
