"""`/win`: note one small thing you did or noticed, and the kind of progress it was."""

from conversations.win.flow import build

__all__ = ["build"]
