"""The catalog of flows is the one place a flow is named: what the application runs matches it."""

from __future__ import annotations

from telegram.ext import CommandHandler, ConversationHandler

from conversations.catalog import FLOWS
from conversations.common.callback import Payload
from tests.conftest import Harness


def test_every_conversation_the_application_runs_is_a_flow_in_the_catalog(
    harness: Harness,
) -> None:
    assert harness.app is not None
    running = [
        handler.name
        for handlers in harness.app.handlers.values()
        for handler in handlers
        if isinstance(handler, ConversationHandler)
    ]
    assert running == [flow.name for flow in FLOWS]


def test_names_prefixes_and_commands_belong_to_one_flow_each() -> None:
    names = [flow.name for flow in FLOWS]
    prefixes = [flow.prefix for flow in FLOWS if flow.prefix]
    commands = [command for flow in FLOWS for command in flow.commands]
    for listed in (names, prefixes, commands):
        assert len(listed) == len(set(listed))


def test_each_flow_starts_from_its_commands_and_claims_its_own_buttons(
    harness: Harness,
) -> None:
    assert harness.app is not None
    built = {
        handler.name: handler
        for handlers in harness.app.handlers.values()
        for handler in handlers
        if isinstance(handler, ConversationHandler)
    }

    def classes(cls: type[Payload] = Payload) -> list[type[Payload]]:
        return [c for sub in cls.__subclasses__() for c in (sub, *classes(sub))]

    for flow in FLOWS:
        handler = built[flow.name]
        starts = {
            command
            for entry in handler.entry_points
            if isinstance(entry, CommandHandler)
            for command in entry.commands
        }
        assert set(flow.commands) <= starts, flow.name
        if flow.prefix is not None:
            own = [
                cls for cls in classes() if getattr(cls, "PREFIX", "").split(":")[0] == flow.prefix
            ]
            assert own, f"{flow.name} has no buttons of its own"
            assert all(flow.buttons().match(cls.PREFIX + ":x") for cls in own)
