"""`/setback`: a hard moment, noted with care; setbacks are part of progress."""

from conversations.setback.flow import build

__all__ = ["build"]
