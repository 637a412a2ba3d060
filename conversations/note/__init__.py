"""`/note`: write anything, any time; a journaling question on request."""

from conversations.note.flow import FLOW, build

__all__ = ["FLOW", "build"]
