"""A typed answer to the daily question, kept as a reflection under that question."""

from conversations.reflect.handlers import free_text, replies

__all__ = ["free_text", "replies"]
