"""Words beside the internal codes in the exports: a person reads "Sunday", not 6.

The codes stay (a program reading the file needs them); each gets a neighbour field with the
words a person saw in the chat.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.content.feelings import QUADRANT_LABELS, Quadrant
from bot.content.progress import progress_kind
from bot.weekdays import WEEKDAYS
from conversations.win.texts import kind_name

CRITIC_IS = {"fact": "Fact", "assumption": "Assumption", "unsure": "Not sure"}


def _weekday(value: object) -> str | None:
    return WEEKDAYS[value] if isinstance(value, int) and 0 <= value < len(WEEKDAYS) else None


def _progress_kind(value: object) -> str | None:
    kind = progress_kind(str(value)) if value else None
    return kind_name(kind) if kind is not None else None


def _quadrant(value: object) -> str | None:
    try:
        label = QUADRANT_LABELS[Quadrant(str(value))]
    except ValueError:
        return None
    head, _, tail = label.rpartition(" ")
    return head if head and not any(char.isalnum() for char in tail) else label


def _critic_is(value: object) -> str | None:
    return CRITIC_IS.get(str(value)) if value else None


# A coded field → (the field beside it holding its words, how to word a value).
WORDED: dict[str, tuple[str, Callable[[object], str | None]]] = {
    "digest_weekday": ("digest_day", _weekday),
    "progress_kind": ("progress_kind_name", _progress_kind),
    "quadrant": ("quadrant_name", _quadrant),
    "critic_is": ("critic_is_name", _critic_is),
}
WORD_FIELDS = tuple(name for name, _ in WORDED.values())


def with_words(record: dict[str, object]) -> dict[str, object]:
    """The record with each coded field followed by its words."""
    worded: dict[str, object] = {}
    for name, value in record.items():
        worded[name] = value
        if name in WORDED:
            words_name, word = WORDED[name]
            worded[words_name] = word(value)
    return worded
