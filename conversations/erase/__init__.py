"""`/delete`: erase everything kept about a person."""

from conversations.erase.flow import FLOW, build

__all__ = ["FLOW", "build"]
