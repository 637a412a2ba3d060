"""`/settings`: change time zone, check-in time, weekly look-back, pause."""

from conversations.settings.flow import FLOW, build

__all__ = ["FLOW", "build"]
