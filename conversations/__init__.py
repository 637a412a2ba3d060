"""Conversation flows: one module or package per flow."""
