"""The pure part of the safety net: crisis detection, helplines and the texts that go with them."""

from bot.safety.detect import is_crisis
from bot.safety.helplines import INTERNATIONAL, Helpline, helplines_for
from bot.safety.texts import (
    CONTINUE_LABEL,
    EMERGENCY_LINE,
    GROUNDING_DONE,
    GROUNDING_INTRO,
    GROUNDING_LABEL,
    HELP_SAFETY_LINE,
    STOP_LABEL,
    crisis_reply,
    format_helplines,
    grounding_steps,
    sos_reply,
)

__all__ = [
    "CONTINUE_LABEL",
    "EMERGENCY_LINE",
    "GROUNDING_DONE",
    "GROUNDING_INTRO",
    "GROUNDING_LABEL",
    "HELP_SAFETY_LINE",
    "INTERNATIONAL",
    "STOP_LABEL",
    "Helpline",
    "crisis_reply",
    "format_helplines",
    "grounding_steps",
    "helplines_for",
    "is_crisis",
    "sos_reply",
]
