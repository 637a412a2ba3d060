"""`/reframe`: a self-compassion reframe with a thought check, heaviness before and after."""

from conversations.reframe.flow import FLOW, build

__all__ = ["FLOW", "build"]
