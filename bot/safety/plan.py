"""The seven sections of a personal safety plan (Stanley & Brown's safety planning
intervention), and how a saved plan reads in a crisis answer. Pure: no storage, no Telegram."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from bot.safety.helplines import emergency_number, helplines_for

__all__ = ["MAX_SECTION", "SECTIONS", "Section", "helplines_text", "render_plan", "section"]

MAX_SECTION = 450  # characters kept per section: the whole plan fits in one message


@dataclass(frozen=True, slots=True)
class Section:
    """One section: a key for storage and buttons, a title, and the question that fills it."""

    key: str
    title: str
    question: str


SECTIONS: tuple[Section, ...] = (
    Section(
        "warning_signs",
        "Warning signs",
        "What tells you a hard time may be coming? Thoughts, feelings, moods or situations. "
        "<i>For example: not sleeping, cancelling plans, “what's the point” thoughts.</i>",
    ),
    Section(
        "coping",
        "Things I can do on my own",
        "What can you do on your own to take the edge off, even a little? "
        "<i>For example: a cold shower, a walk round the block, loud music, the 5-4-3-2-1 "
        "exercise.</i>",
    ),
    Section(
        "distractions",
        "People and places that take my mind off things",
        "Which people or places help you feel a bit more okay, without needing to talk "
        "about it? <i>For example: my sister's kitchen, the library, the café on the corner.</i>",
    ),
    Section(
        "people",
        "People I can ask for help",
        "Who could you reach out to and tell that you're struggling? Names and numbers are "
        "optional; “my cousin” is enough.",
    ),
    Section(
        "professionals",
        "Professionals and helplines",
        "Who can you contact for professional support? Your therapist, your doctor, a helpline.",
    ),
    Section(
        "safe_space",
        "Making my space safer",
        "What could make your space safer when things get hard? <i>For example: giving my "
        "pills to a friend to look after, keeping blades out of the house.</i>",
    ),
    Section(
        "reasons",
        "My reasons for living",
        "What matters to you and keeps you going? Big or small. "
        "<i>For example: my dog, seeing the sea again, my nephew's laugh.</i>",
    ),
)


def section(key: str) -> Section | None:
    """The section with this key, if there is one."""
    return next((s for s in SECTIONS if s.key == key), None)


def helplines_text(country_code: str | None) -> str:
    """Helplines (and the emergency number) for a country, as plain lines a plan can keep."""
    lines = [f"{h.name}: {h.contact}" for h in helplines_for(country_code)]
    number = emergency_number(country_code)
    if number:
        lines.append(f"Emergency: {number}")
    return "\n".join(lines)


PLAN_TITLE = "<b>Your plan, in your words</b>"
PLAN_SECTION = "<b>{title}</b>\n{text}"


def render_plan(plan: dict[str, str]) -> str:
    """The saved sections, in order, as HTML (the person's words escaped). Each section is
    capped, so the whole plan always fits in one Telegram message (4,096 characters)."""
    parts = [
        PLAN_SECTION.format(title=escape(s.title), text=escape(plan[s.key][:MAX_SECTION]))
        for s in SECTIONS
        if plan.get(s.key)
    ]
    return "\n\n".join([PLAN_TITLE, *parts])
