"""`/setback`: a hard moment, noted with care; setbacks are part of progress."""

from conversations.setback.flow import FLOW, build

__all__ = ["FLOW", "build"]
