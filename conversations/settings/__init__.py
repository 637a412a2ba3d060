"""`/settings`: change time zone, check-in time, weekly look-back, pause."""

from conversations.settings.flow import build

__all__ = ["build"]
