"""Static content for the flows: feeling words, progress kinds, daily questions, reframe texts."""

from conversations.content.feelings import (
    FEELINGS,
    QUADRANT_DESCRIPTIONS,
    QUADRANT_LABELS,
    Feeling,
    Quadrant,
    feeling_by_key,
    feelings_in,
)
from conversations.content.progress import PROGRESS_KINDS, ProgressKind, progress_kind
from conversations.content.prompts import (
    DAILY_QUESTIONS,
    LEADS_TO,
    DailyQuestion,
    question_by_key,
    question_for,
)
from conversations.content.reframe import (
    COMMON_HUMANITY_LINES,
    FACT_OR_ASSUMPTION_HINT,
    FRIEND_QUESTION,
    FRIEND_QUESTIONS,
    common_humanity_line,
    friend_question,
)

__all__ = [
    "COMMON_HUMANITY_LINES",
    "DAILY_QUESTIONS",
    "FACT_OR_ASSUMPTION_HINT",
    "FEELINGS",
    "FRIEND_QUESTION",
    "FRIEND_QUESTIONS",
    "LEADS_TO",
    "PROGRESS_KINDS",
    "QUADRANT_DESCRIPTIONS",
    "QUADRANT_LABELS",
    "DailyQuestion",
    "Feeling",
    "ProgressKind",
    "Quadrant",
    "common_humanity_line",
    "feeling_by_key",
    "feelings_in",
    "friend_question",
    "progress_kind",
    "question_by_key",
    "question_for",
]
