"""Static content for the flows: daily questions and reframe texts (feeling words and kinds of
progress, which the digest shares, are in `bot.content`)."""

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
    "FRIEND_QUESTION",
    "FRIEND_QUESTIONS",
    "LEADS_TO",
    "DailyQuestion",
    "common_humanity_line",
    "friend_question",
    "question_by_key",
    "question_for",
]
