"""`/win`: note one small thing you did or noticed, and the kind of progress it was."""

from conversations.win.flow import FLOW, build

__all__ = ["FLOW", "build"]
