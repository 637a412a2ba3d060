"""The one place that touches PTB's private table of conversation states.

PTB has no public way to ask "is this person inside that conversation?" or to end one from
outside it, so this reads `ConversationHandler._conversations`: a mapping from (chat id,
user id) to the person's state. Popping a key there also marks it for the persistence, so
the stored state goes too. `tests/test_conversation_table.py` fails loudly if a PTB upgrade
changes any of this.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from telegram.ext import ConversationHandler

Key = tuple[int, int]


def _table(handler: ConversationHandler[Any]) -> MutableMapping[Key, object]:
    table = getattr(handler, "_conversations", None)
    if not isinstance(table, MutableMapping):
        raise RuntimeError(
            "python-telegram-bot no longer keeps ConversationHandler._conversations; "
            "update conversations/common/conversation_table.py"
        )
    return table


def state_of(handler: ConversationHandler[Any], key: Key) -> object | None:
    """The state this person is in inside this conversation, or None if they are not in it."""
    return _table(handler).get(key)


def forget(handler: ConversationHandler[Any], key: Key) -> bool:
    """End this person's conversation from outside it; True if they were inside it."""
    return _table(handler).pop(key, None) is not None


def load(handler: ConversationHandler[Any], key: Key, state: object | None) -> None:
    """Set a person's state as the database has it (None: not in it), without marking it for
    the persistence to write back (it is what is stored already)."""
    table = _table(handler)
    data = getattr(table, "data", None)  # PTB's TrackingDict keeps its items in `data`
    target = data if isinstance(data, dict) else table
    if state is None:
        target.pop(key, None)
    else:
        target[key] = state


def place(handler: ConversationHandler[Any], key: Key, state: object) -> None:
    """Put a person in a state (how tests reach every step of every flow directly)."""
    _table(handler)[key] = state
