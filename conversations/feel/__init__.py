"""`/feel`: name a feeling precisely (area, word, strength, body, what it's about)."""

from conversations.feel.flow import FLOW, build, handlers

__all__ = ["FLOW", "build", "handlers"]
