"""User-facing safety texts (Telegram HTML parse mode; nothing the person wrote is echoed)."""

from __future__ import annotations

from html import escape

from bot.safety.helplines import emergency_number, helplines_for

__all__ = [
    "ANOTHER_EXERCISE_LABEL",
    "ASK_SAFE",
    "CARRY_ON_NOTE",
    "CHOOSE_EXERCISE",
    "CONTINUE_LABEL",
    "DONE_LABEL",
    "EMERGENCY_LINE",
    "EXERCISE_CLOSING",
    "GROUNDING_LABEL",
    "HELPLINES_LABEL",
    "HELP_SAFETY_LINE",
    "KEEP_GOING",
    "KEEP_GOING_IN_FLOW",
    "NEXT_LABEL",
    "NOTHING_HELD",
    "NOT_SAFE_LABEL",
    "PLAN_OFFER",
    "SAFE_LABEL",
    "STOPPED",
    "STOP_LABEL",
    "crisis_reply",
    "emergency_line",
    "format_helplines",
    "sos_reply",
]

CONTINUE_LABEL = "Keep going"
GROUNDING_LABEL = "Grounding exercise 🌿"
STOP_LABEL = "Stop for now"
NOT_SAFE_LABEL = "I'm not safe"
SAFE_LABEL = "I'm safe, carry on"
HELPLINES_LABEL = "Show helplines"
NEXT_LABEL = "Next"
DONE_LABEL = "Done"
ANOTHER_EXERCISE_LABEL = "Another exercise 🌿"

EMERGENCY_LINE = "If you're in danger right now, call your local emergency number."
_EMERGENCY_NUMBER_LINE = "If you're in danger right now, call <b>{number}</b> (emergency)."

HELP_SAFETY_LINE = "If things feel too heavy, send /sos any time to see helplines."

# The second tier: one short, warm question. The message waits until the person answers.
ASK_SAFE = (
    "Thank you for telling me. Before we go on: are you safe right now?\n\n"
    "If this is about something in the past, or a step forward, tap "
    "<b>I'm safe, carry on</b> and I'll keep your words right where they were. "
    "They wait here until you choose."
)
CARRY_ON_NOTE = "Thank you for letting me know. If that changes, /sos is one tap away."
NOTHING_HELD = (
    "Thank you for letting me know. I couldn't find what you wrote just now; could you send "
    "it once more? /sos is one tap away if you need it."
)
# {helplines}: format_helplines(…); {emergency}: emergency_line(…).
CRISIS = (
    "It sounds like things are really hard right now. I'm sorry you're carrying this.\n\n"
    "I'm only a bot and can't help in an emergency, but people can. "
    "You can reach them here:\n\n"
    "{helplines}\n\n"
    "{emergency}\n\n"
    "You're welcome to keep going here, try a grounding exercise, "
    "or stop for now. Any choice is okay."
)
# The crisis reply ({reply}) for someone who has no safety plan yet.
PLAN_OFFER = (
    "{reply}\n\n"
    "When you feel ready, and only if you want to, /safetyplan helps you write down what "
    "helps you in hard moments, in your own words."
)
SOS = (
    "Here are people you can talk to:\n\n"
    "{helplines}\n\n"
    "{emergency}\n\n"
    "I'm here too whenever you want to keep going."
)

KEEP_GOING_IN_FLOW = (
    "Okay. I'm still here. Whenever you're ready, answer the question above, "
    "or send /cancel to stop."
)
KEEP_GOING = "Okay. I'm here whenever you want to write. /sos shows the helplines any time."
STOPPED = (
    "Okay, we'll stop here. Nothing from that step was saved. Please be gentle with yourself "
    "today. /sos shows the helplines any time."
)

CHOOSE_EXERCISE = (
    "Let's slow down together. There's nothing to get right; pick one, and tap "
    "“Next” whenever you're ready for the next step."
)
EXERCISE_CLOSING = (
    "That was a few minutes just for you. Whatever you feel now is okay.\n\n"
    "If you'd like to talk to a person, the helplines are one tap away."
)


def format_helplines(country_code: str | None) -> str:
    """Return the helplines for a country as HTML bullet lines (names bold, numbers plain)."""
    return "\n".join(
        f"• <b>{escape(h.name)}</b>: {escape(h.contact)} ({escape(h.note)})"
        for h in helplines_for(country_code)
    )


def emergency_line(country_code: str | None) -> str:
    """The emergency number for the person's country, or the general line when unknown."""
    number = emergency_number(country_code)
    return _EMERGENCY_NUMBER_LINE.format(number=escape(number)) if number else EMERGENCY_LINE


def crisis_reply(country_code: str | None, *, offer_plan: bool = False) -> str:
    """Return the warm reply shown when a message reads as clear risk, or "I'm not safe"."""
    reply = CRISIS.format(
        helplines=format_helplines(country_code), emergency=emergency_line(country_code)
    )
    return PLAN_OFFER.format(reply=reply) if offer_plan else reply


def sos_reply(country_code: str | None) -> str:
    """Return the /sos answer: helplines and the emergency number, without assuming anything."""
    return SOS.format(
        helplines=format_helplines(country_code), emergency=emergency_line(country_code)
    )
