"""The pure part of the safety net: tiers, helplines, grounding, the plan's sections, texts."""

from bot.safety.detect import Tier, assess, is_crisis, is_recovery
from bot.safety.helplines import INTERNATIONAL, Helpline, emergency_number, helplines_for
from bot.safety.texts import (
    CONTINUE_LABEL,
    EMERGENCY_LINE,
    GROUNDING_LABEL,
    HELP_SAFETY_LINE,
    STOP_LABEL,
    crisis_reply,
    format_helplines,
    sos_reply,
)

__all__ = [
    "CONTINUE_LABEL",
    "EMERGENCY_LINE",
    "GROUNDING_LABEL",
    "HELP_SAFETY_LINE",
    "INTERNATIONAL",
    "STOP_LABEL",
    "Helpline",
    "Tier",
    "assess",
    "crisis_reply",
    "emergency_number",
    "format_helplines",
    "helplines_for",
    "is_crisis",
    "is_recovery",
    "sos_reply",
]
