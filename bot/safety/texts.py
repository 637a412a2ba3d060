"""User-facing safety texts (Telegram HTML parse mode; nothing the person wrote is echoed)."""

from __future__ import annotations

from html import escape

from bot.safety.helplines import helplines_for

__all__ = [
    "CONTINUE_LABEL",
    "EMERGENCY_LINE",
    "GROUNDING_DONE",
    "GROUNDING_INTRO",
    "GROUNDING_LABEL",
    "HELP_SAFETY_LINE",
    "STOP_LABEL",
    "crisis_reply",
    "format_helplines",
    "grounding_steps",
    "sos_reply",
]

CONTINUE_LABEL = "Keep going"
GROUNDING_LABEL = "Grounding exercise 🌿"
STOP_LABEL = "Stop for now"

EMERGENCY_LINE = "If you're in danger right now, call your local emergency number."

HELP_SAFETY_LINE = "If things feel too heavy, send /sos any time to see helplines."

GROUNDING_INTRO = (
    "Let's take one slow minute together. There's nothing to get right here, "
    "just follow along at your own pace."
)

_GROUNDING_STEPS = (
    "Rest both feet on the floor and let your shoulders sink a little.",
    "Breathe in through your nose for a count of four, then out slowly for six. "
    "Do that three times.",
    "Look around and name five things you can see.",
    "Notice four things you can feel: your feet, your hands, the seat, the air on your skin.",
    "Listen for three sounds, near or far.",
    "Find two things you can smell and one you can taste, or take one more slow breath.",
)

GROUNDING_DONE = (
    "That was a minute just for you. Whatever you feel now is okay.\n\n"
    "You can keep going here or stop for now. Send /sos any time to see helplines again."
)


def grounding_steps() -> list[str]:
    """Return the one-minute grounding exercise as short steps, in order."""
    return list(_GROUNDING_STEPS)


def format_helplines(country_code: str | None) -> str:
    """Return the helplines for a country as HTML bullet lines (names bold, numbers plain)."""
    return "\n".join(
        f"• <b>{escape(h.name)}</b>: {escape(h.contact)} ({escape(h.note)})"
        for h in helplines_for(country_code)
    )


def crisis_reply(country_code: str | None) -> str:
    """Return the warm reply shown when a message suggests crisis or self-harm."""
    return (
        "It sounds like things are really hard right now. I'm sorry you're carrying this.\n\n"
        "I'm only a bot and can't help in an emergency, but people can. "
        "You can reach them here:\n\n"
        f"{format_helplines(country_code)}\n\n"
        f"{EMERGENCY_LINE}\n\n"
        "You're welcome to keep going here, try a one-minute grounding exercise, "
        "or stop for now. Any choice is okay."
    )


def sos_reply(country_code: str | None) -> str:
    """Return the /sos answer: helplines and the emergency line, without assuming anything."""
    return (
        "Here are people you can talk to:\n\n"
        f"{format_helplines(country_code)}\n\n"
        f"{EMERGENCY_LINE}\n\n"
        "I'm here too whenever you want to keep going."
    )
