"""Content the runtime and the flows share: feeling words and kinds of progress."""

from bot.content.feelings import (
    FEELINGS,
    QUADRANT_DESCRIPTIONS,
    QUADRANT_LABELS,
    Feeling,
    Quadrant,
    feeling_by_key,
    feelings_in,
)
from bot.content.progress import PROGRESS_KINDS, ProgressKind, progress_kind

__all__ = [
    "FEELINGS",
    "PROGRESS_KINDS",
    "QUADRANT_DESCRIPTIONS",
    "QUADRANT_LABELS",
    "Feeling",
    "ProgressKind",
    "Quadrant",
    "feeling_by_key",
    "feelings_in",
    "progress_kind",
]
