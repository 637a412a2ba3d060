"""`/history`: a person's recent reflections, newest first, a page at a time."""

from conversations.history.handlers import handlers

__all__ = ["handlers"]
