"""The weekly digest as plain data: a person's history and today's local date in, a Digest out.

Pure: no I/O, no clock, the input is never changed. Definitions:

- **A week** ends on the person's digest day (`week_ends_on`, Monday is 0) and is the 7 local
  dates up to it: Sunday's digest covers Monday to Sunday, and `/digest` on the Wednesday after
  shows that new week so far (Monday to Wednesday). Every number, the chart included, uses
  these same weeks, so the digest and `/digest` on any other day agree. Entries dated after
  `today` are ignored.
- **Look-back**: one of their own entries from the week four weeks before this one (the same
  7 dates, 28 days earlier): a win if there is one, else a reframe's kind words, else a
  feeling; among those, the one nearest to 28 days before `today` (the more recent on a tie,
  the earliest written that day). Consecutive weeks draw from different weeks, so a quote does
  not repeat. When that week is empty, one from earlier weeks, taking turns week by week: from
  their first week (the 7 dates from their first entry) if it holds two or more, else from
  any earlier week; never the one last week's window offered.
- **Change**: their first two weeks of history (14 dates from their first entry) against the
  last two weeks (last week and this one, so far); only when the periods do not overlap and one
  measure has *enough data* in both periods and shows growth. Measures, first match wins:
  1. distinct feeling words: at least 3 feelings named in each period; at least 2 more words;
  2. kinds of progress noticed: at least 3 wins in each period; at least 1 more kind;
  3. reframe relief: at least 2 reframes in each period; the recent average is above 0 and at
     least 1 point more than at the start.
  Anything that looks like decline says nothing.
- **Series**: up to 12 weeks ending with this one (so far), starting with the week that holds
  their first entry; that first week starts on their first entry's date, so the chart never
  begins before they did. No history, no series.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from statistics import fmean
from typing import TypeVar

from bot.content.progress import PROGRESS_KINDS
from bot.store.entries import Entry, Feeling, Reflection, Reframe, Setback, Win

WEEK_DAYS = 7
SERIES_WEEKS = 12
LOOK_BACK_NEAREST = 28
LOOK_BACK_CHAIN = 8  # weeks worked out before this one, so consecutive look-backs differ
PERIOD_DAYS = 14
MIN_FEELINGS, MORE_WORDS = 3, 2
MIN_WINS, MORE_KINDS = 3, 1
MIN_REFRAMES, MORE_RELIEF = 2, 1.0

_EntryT = TypeVar("_EntryT", Win, Feeling, Reframe, Reflection, Setback)

_KIND_ORDER = {kind.key: index for index, kind in enumerate(PROGRESS_KINDS)}
_TYPE_ORDER: dict[type, int] = {Win: 0, Feeling: 1, Reframe: 2}
# Kinds added later sort after these, in the order they were added.
_LATER_ORDER = 3


class ChangeKind(StrEnum):
    """What grew between their first two weeks and the last two."""

    FEELING_WORDS = "feeling_words"
    PROGRESS_KINDS = "progress_kinds"
    RELIEF = "relief"


@dataclass(frozen=True)
class KindCount:
    """How many wins of one kind of progress."""

    kind: str
    count: int


@dataclass(frozen=True)
class WordCount:
    """A feeling word and how many times it was named."""

    word: str
    count: int


@dataclass(frozen=True)
class Shift:
    """One reframe's heaviness, before and after (0–10)."""

    before: int
    after: int


@dataclass(frozen=True)
class LookBack:
    """One of their own entries from about four weeks ago, or from their first week."""

    entry: Entry
    days_ago: int
    from_first_week: bool


@dataclass(frozen=True)
class Change:
    """A measure that grew: its value in their first two weeks and in the last two."""

    kind: ChangeKind
    then: float
    now: float


@dataclass(frozen=True)
class WeekPoint:
    """One week of the chart: wins logged and average reframe relief (None without reframes).
    `start` is the week's first date, or their first entry's date in the week they began."""

    start: date
    wins: int
    relief: float | None


@dataclass(frozen=True)
class Digest:
    """Everything the weekly message and chart say, computed once."""

    today: date
    week: tuple[date, ...]  # all 7 dates of this week; the last is the digest day
    wins_by_kind: tuple[KindCount, ...]
    win_quotes: tuple[str, ...]
    feeling_count: int
    feeling_words: tuple[str, ...]
    new_feeling_words: tuple[str, ...]
    top_feeling: WordCount | None
    reframes: tuple[Shift, ...]
    average_relief: float | None
    days_showed_up: int
    is_quiet: bool
    is_first_week: bool
    has_history: bool
    look_back: LookBack | None
    change: Change | None
    series: tuple[WeekPoint, ...]
    # Setbacks are only ever mentioned kindly, never counted: was there one this week, and did
    # the person come back (any entry on a later day)?
    had_setback: bool = False
    came_back: bool = False

    @property
    def win_count(self) -> int:
        """How many small wins this week."""
        return sum(item.count for item in self.wins_by_kind)

    @property
    def so_far(self) -> bool:
        """True before the digest day: this week is not over yet."""
        return self.today < self.week[-1]

    @property
    def show_chart(self) -> bool:
        """Whether a chart adds anything: not a quiet week, and at least two weeks to compare."""
        return not self.is_quiet and len(self.series) >= 2


def _order(entry: Entry) -> tuple[date, object, int, int]:
    return entry.local_date, entry.created_at, _TYPE_ORDER.get(type(entry), _LATER_ORDER), entry.id


def _clean(text: str | None) -> str:
    return " ".join((text or "").split())


def _word_key(word: str) -> str:
    return _clean(word).casefold()


def _relief(reframe: Reframe) -> int:
    return reframe.heaviness_before - reframe.heaviness_after


def _between(entries: Sequence[Entry], first: date, last: date) -> list[Entry]:
    return [entry for entry in entries if first <= entry.local_date <= last]


def _of(entries: Sequence[Entry], cls: type[_EntryT]) -> list[_EntryT]:
    return [entry for entry in entries if isinstance(entry, cls)]


def _wins_by_kind(wins: Sequence[Win]) -> tuple[KindCount, ...]:
    counts = Counter(win.progress_kind for win in wins)
    order = sorted(
        counts, key=lambda kind: (-counts[kind], _KIND_ORDER.get(kind, len(_KIND_ORDER)), kind)
    )
    return tuple(KindCount(kind, counts[kind]) for kind in order)


def _win_quotes(wins: Sequence[Win]) -> tuple[str, ...]:
    """Every win's words (the first of identical texts), in the order written."""
    seen: set[str] = set()
    quotes = []
    for win in wins:
        if _clean(win.text) and _word_key(win.text) not in seen:
            seen.add(_word_key(win.text))
            quotes.append(_clean(win.text))
    return tuple(quotes)


def _feelings(
    feelings: Sequence[Feeling], earlier: Sequence[Feeling]
) -> tuple[tuple[str, ...], tuple[str, ...], WordCount | None]:
    """Distinct words (first spelling), words never named before, the most named (2+ times)."""
    spelling: dict[str, str] = {}
    for feeling in feelings:
        if _clean(feeling.word):
            spelling.setdefault(_word_key(feeling.word), _clean(feeling.word))
    known = {_word_key(feeling.word) for feeling in earlier}
    new = tuple(word for key, word in spelling.items() if key not in known)
    counts = Counter(_word_key(feeling.word) for feeling in feelings if _clean(feeling.word))
    top = max(spelling, key=lambda key: counts[key], default=None)  # first named on a tie
    top_word = (
        WordCount(spelling[top], counts[top]) if top is not None and counts[top] >= 2 else None
    )
    return tuple(spelling.values()), new, top_word


def _look_back_text(entry: Entry) -> str:
    if isinstance(entry, Win):
        return entry.text
    if isinstance(entry, Reframe):
        return entry.friend_words
    if isinstance(entry, Reflection):
        return entry.text
    if isinstance(entry, Feeling):
        return entry.word
    return ""  # notes stay private to the journal; setbacks are never quoted back


def _by_type(entries: Sequence[Entry]) -> list[list[Entry]]:
    """Entries with words, grouped in order of preference: wins, answers to the daily question,
    reframes, feelings."""
    usable = [entry for entry in entries if _clean(_look_back_text(entry))]
    return [group for cls in (Win, Reflection, Reframe, Feeling) if (group := _of(usable, cls))]


def _pick(history: Sequence[Entry], week_start: date, avoid: Entry | None) -> Entry | None:
    """The look-back for the week starting at `week_start`, never `avoid` (last week's)."""
    week_end = week_start + timedelta(WEEK_DAYS - 1)
    window_start = week_start - timedelta(LOOK_BACK_NEAREST)
    window = _between(history, window_start, window_start + timedelta(WEEK_DAYS - 1))

    def nearest(entry: Entry) -> tuple[int, int, tuple[date, object, int, int]]:
        days_ago = (week_end - entry.local_date).days
        return abs(days_ago - LOOK_BACK_NEAREST), days_ago, _order(entry)

    for group in _by_type(window):
        for entry in sorted(group, key=nearest):
            if entry is not avoid:
                return entry
    first = history[0].local_date
    earlier = _between(history, first, week_start - timedelta(1))
    first_week = _by_type(_between(earlier, first, first + timedelta(WEEK_DAYS - 1)))
    turn = week_start.toordinal() // WEEK_DAYS
    # Their first week's entries take turns when there are two or more; else any earlier one.
    groups = first_week[:1] if first_week and len(first_week[0]) >= 2 else _by_type(earlier)
    for group in groups:
        turns = [entry for entry in group if entry is not avoid]
        if turns:
            return turns[turn % len(turns)]
    return None


def _look_back(history: Sequence[Entry], today: date, week_start: date) -> LookBack | None:
    """This week's look-back, after working out the weeks before it in turn (no repeats)."""
    if not history:
        return None
    first = history[0].local_date
    chain_start = max(first, week_start - timedelta(WEEK_DAYS * LOOK_BACK_CHAIN))
    weeks_before = (week_start - chain_start).days // WEEK_DAYS
    shown: Entry | None = None
    for back in range(weeks_before, 0, -1):
        shown = _pick(history, week_start - timedelta(WEEK_DAYS * back), shown)
    chosen = _pick(history, week_start, shown)
    if chosen is None:
        return None
    window_start = week_start - timedelta(LOOK_BACK_NEAREST)
    in_window = window_start <= chosen.local_date < window_start + timedelta(WEEK_DAYS)
    first_week = chosen.local_date <= first + timedelta(WEEK_DAYS - 1)
    days_ago = (today - chosen.local_date).days
    return LookBack(chosen, days_ago, from_first_week=first_week and not in_window)


def _distinct_words(entries: Sequence[Entry]) -> int:
    return len({_word_key(feeling.word) for feeling in _of(entries, Feeling)})


def _change(history: Sequence[Entry], today: date, week_start: date) -> Change | None:
    """The first measure with enough data in both periods that grew; None otherwise."""
    if not history:
        return None
    first = history[0].local_date
    recent_start = week_start - timedelta(PERIOD_DAYS - WEEK_DAYS)  # last week and this one
    if first + timedelta(PERIOD_DAYS - 1) >= recent_start:
        return None
    then = _between(history, first, first + timedelta(PERIOD_DAYS - 1))
    now = _between(history, recent_start, today)

    feelings_then, feelings_now = _of(then, Feeling), _of(now, Feeling)
    if min(len(feelings_then), len(feelings_now)) >= MIN_FEELINGS:
        before, after = _distinct_words(feelings_then), _distinct_words(feelings_now)
        if after - before >= MORE_WORDS:
            return Change(ChangeKind.FEELING_WORDS, before, after)

    wins_then, wins_now = _of(then, Win), _of(now, Win)
    if min(len(wins_then), len(wins_now)) >= MIN_WINS:
        before = len({win.progress_kind for win in wins_then})
        after = len({win.progress_kind for win in wins_now})
        if after - before >= MORE_KINDS:
            return Change(ChangeKind.PROGRESS_KINDS, before, after)

    reframes_then, reframes_now = _of(then, Reframe), _of(now, Reframe)
    if min(len(reframes_then), len(reframes_now)) >= MIN_REFRAMES:
        before = fmean(_relief(reframe) for reframe in reframes_then)
        after = fmean(_relief(reframe) for reframe in reframes_now)
        if after > 0 and after - before >= MORE_RELIEF:
            return Change(ChangeKind.RELIEF, before, after)
    return None


def _series(history: Sequence[Entry], today: date, week_start: date) -> tuple[WeekPoint, ...]:
    """Weekly wins and average relief, oldest first, from the week of their first entry."""
    if not history:
        return ()
    first = history[0].local_date
    back_to_first = -(-max(0, (week_start - first).days) // WEEK_DAYS)  # weeks, rounded up
    weeks = min(SERIES_WEEKS, back_to_first + 1)
    points = []
    for back in range(weeks - 1, -1, -1):
        start = week_start - timedelta(WEEK_DAYS * back)
        end = min(start + timedelta(WEEK_DAYS - 1), today)
        entries = _between(history, start, end)
        reliefs = [_relief(reframe) for reframe in _of(entries, Reframe)]
        relief = fmean(reliefs) if reliefs else None
        points.append(WeekPoint(max(start, first), len(_of(entries, Win)), relief))
    return tuple(points)


def _came_back(week: Sequence[Entry]) -> bool:
    """True if, after the last setback of the week, something was written on a later day."""
    setbacks = _of(week, Setback)
    if not setbacks:
        return False
    hard_day = max(setback.local_date for setback in setbacks)
    return any(entry.local_date > hard_day for entry in week)


def week_of(today: date, week_ends_on: int) -> tuple[date, ...]:
    """The 7 dates of the week holding `today`, ending on weekday `week_ends_on`."""
    end = today + timedelta((week_ends_on - today.weekday()) % WEEK_DAYS)
    return tuple(end - timedelta(back) for back in range(WEEK_DAYS - 1, -1, -1))


def build_digest(entries: Sequence[Entry], today: date, week_ends_on: int = 6) -> Digest:
    """Compute this week's digest from a person's whole history (any order), today's date and
    the weekday their weeks end on (their digest day; Monday is 0)."""
    history = sorted((entry for entry in entries if entry.local_date <= today), key=_order)
    week = week_of(today, week_ends_on)
    week_start = week[0]
    this_week = _between(history, week_start, today)
    earlier = [entry for entry in history if entry.local_date < week_start]

    wins, feelings, reframes = _of(this_week, Win), _of(this_week, Feeling), _of(this_week, Reframe)
    words, new_words, top = _feelings(feelings, _of(earlier, Feeling))
    return Digest(
        today=today,
        week=week,
        wins_by_kind=_wins_by_kind(wins),
        win_quotes=_win_quotes(wins),
        feeling_count=len(feelings),
        feeling_words=words,
        new_feeling_words=new_words,
        top_feeling=top,
        reframes=tuple(Shift(r.heaviness_before, r.heaviness_after) for r in reframes),
        average_relief=fmean(_relief(r) for r in reframes) if reframes else None,
        days_showed_up=len({entry.local_date for entry in this_week}),
        is_quiet=not this_week,
        is_first_week=bool(history) and history[0].local_date >= week_start,
        has_history=bool(history),
        look_back=_look_back(history, today, week_start),
        change=_change(history, today, week_start),
        series=_series(history, today, week_start),
        had_setback=bool(_of(this_week, Setback)),
        came_back=_came_back(this_week),
    )
