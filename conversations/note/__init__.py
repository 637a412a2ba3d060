"""`/note`: write anything, any time; a journaling question on request."""

from conversations.note.flow import build

__all__ = ["build"]
