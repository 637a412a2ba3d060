"""`/history`: a person's entries, newest first, a page at a time; open, edit, delete, filter."""

from conversations.history.edit import FLOW as EDIT_FLOW
from conversations.history.edit import build as edit_flow
from conversations.history.handlers import handlers

__all__ = ["EDIT_FLOW", "edit_flow", "handlers"]
