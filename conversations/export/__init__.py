"""`/export`: everything a person wrote, sent to them as JSON, CSV and a Markdown journal."""

from conversations.export.handlers import handlers

__all__ = ["handlers"]
