"""The adapter over PTB's private table of conversation states reads and ends real flows.

These tests are the alarm for a python-telegram-bot upgrade: if PTB renames or reshapes
`ConversationHandler._conversations`, they fail here, by name, before any flow misbehaves.
"""

from __future__ import annotations

from telegram.ext import CommandHandler, ConversationHandler

from conversations.common import conversation_table
from conversations.common import texts as common_texts
from conversations.onboarding.flow import State
from fake_telegram import FakeUser
from tests.conftest import Harness


def _onboarding(harness: Harness) -> ConversationHandler:  # type: ignore[type-arg]
    assert harness.app is not None
    found = [
        handler
        for handlers in harness.app.handlers.values()
        for handler in handlers
        if isinstance(handler, ConversationHandler) and handler.name == "onboarding"
    ]
    assert len(found) == 1
    return found[0]


def test_ptb_still_keeps_its_table_where_the_adapter_reads_it() -> None:
    async def noop(update: object, context: object) -> None:
        return None

    handler: ConversationHandler = ConversationHandler(  # type: ignore[type-arg]
        entry_points=[CommandHandler("x", noop)], states={}, fallbacks=[]
    )
    assert hasattr(handler, "_conversations"), (
        "python-telegram-bot moved ConversationHandler._conversations: "
        "update conversations/common/conversation_table.py"
    )
    assert conversation_table.state_of(handler, (1, 1)) is None
    conversation_table.place(handler, (1, 1), "somewhere")
    assert conversation_table.state_of(handler, (1, 1)) == "somewhere"
    assert conversation_table.forget(handler, (1, 1)) is True
    assert conversation_table.forget(handler, (1, 1)) is False


async def test_the_adapter_sees_the_states_ptb_moves_a_person_through(
    harness: Harness, ana: FakeUser
) -> None:
    onboarding, key = _onboarding(harness), (ana.user_id, ana.user_id)
    assert conversation_table.state_of(onboarding, key) is None
    await ana.send("/start")
    assert conversation_table.state_of(onboarding, key) == State.CONSENT
    await ana.tap("Yes, that's okay")
    assert conversation_table.state_of(onboarding, key) == State.PLACE


async def test_forgetting_ends_the_flow_and_its_stored_state(
    harness: Harness, ana: FakeUser
) -> None:
    await ana.send("/start")
    await ana.tap("Yes, that's okay")
    key = (ana.user_id, ana.user_id)
    assert conversation_table.forget(_onboarding(harness), key) is True
    await harness.restart()
    # Not inside onboarding any more, even after a restart from the stored state.
    assert conversation_table.state_of(_onboarding(harness), key) is None
    await ana.send("Germany")
    assert ana.last_text() == common_texts.OUTSIDE_FLOW


async def test_without_forgetting_the_flow_survives_a_restart(
    harness: Harness, ana: FakeUser
) -> None:
    await ana.send("/start")
    await ana.tap("Yes, that's okay")
    await harness.restart()
    key = (ana.user_id, ana.user_id)
    assert conversation_table.state_of(_onboarding(harness), key) == State.PLACE
    await ana.send("Germany")
    assert "Is that your time?" in ana.last_text()
