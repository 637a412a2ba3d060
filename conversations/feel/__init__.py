"""`/feel`: name a feeling precisely (area, word, strength, body, what it's about)."""

from conversations.feel.flow import build, handlers

__all__ = ["build", "handlers"]
