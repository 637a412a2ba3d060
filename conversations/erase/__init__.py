"""`/delete`: erase everything kept about a person."""

from conversations.erase.flow import build

__all__ = ["build"]
