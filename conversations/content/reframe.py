"""Texts for the self-compassion reframe: mindful noticing, common humanity, self-kindness."""

from __future__ import annotations

# Common humanity: this is part of being a person, not proof that something is wrong with you.
COMMON_HUMANITY_LINES: tuple[str, ...] = (
    "Lots of people would feel this way if they were standing where you are.",
    "This is a very human reaction, and you are far from the only one who has had it.",
    "Anyone carrying what you are carrying right now would find this hard.",
    "Somewhere right now, someone else is sitting with this same feeling too.",
    "Feeling this doesn't set you apart from others; it's one of the things we all share.",
    "Many people who care about doing well get stuck in exactly this spot.",
    "It makes sense that this weighs on you; it would weigh on most of us.",
    "Plenty of kind, capable people have had this very thought about themselves.",
    "Mistakes and rough days come with being human; they happen to everyone, and to you as well.",
    "It can feel lonely in the moment, but this is a struggle a great many people know.",
)

# Mindful noticing: see the inner critic's sentence clearly before deciding what to do with it.
FACT_OR_ASSUMPTION_HINT: str = (
    "A fact is something anyone could check: what happened, what was said, when. "
    "An assumption fills in a gap: a guess about what it means, what others think, "
    "or what will happen next. Words like 'always', 'never', 'everyone' or 'I'm such a...' "
    "are often a clue that it's an assumption. "
    "Try asking: would this hold up if a fair-minded person looked at the evidence?"
)

# Self-kindness: turn towards yourself the way you would turn towards a friend.
FRIEND_QUESTIONS: tuple[str, ...] = (
    "If a close friend told you this, what would you say to them?",
    "Imagine someone you love said these exact words about themselves. How would you answer?",
    "What would you tell a good friend who was going through this?",
    "If your best friend were in your shoes right now, what kind words would you offer?",
)

FRIEND_QUESTION: str = FRIEND_QUESTIONS[0]


def common_humanity_line(index: int) -> str:
    """Return a common-humanity line, rotating through them by index."""
    return COMMON_HUMANITY_LINES[index % len(COMMON_HUMANITY_LINES)]


def friend_question(index: int) -> str:
    """Return a friend question, rotating through the variants by index."""
    return FRIEND_QUESTIONS[index % len(FRIEND_QUESTIONS)]
