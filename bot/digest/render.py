"""The weekly digest as one HTML message: short sections, their own words escaped and trimmed."""

from __future__ import annotations

import html
from collections.abc import Sequence

from bot.content.feelings import shown_word
from bot.content.progress import progress_kind
from bot.digest import texts
from bot.digest.compute import ChangeKind, Digest, LookBack
from bot.store.entries import Reflection, Reframe, Win

QUOTE_LIMIT = 200  # characters of one quote, before escaping
WORD_LIMIT = 40  # characters of one feeling word
MAX_WORDS = 12  # feeling words listed before "and N more"
MAX_QUOTES = 5  # wins quoted before "and N more"
MAX_SHIFTS = 12  # reframes listed before "and N more"


def _trim(text: str, limit: int) -> str:
    """Whitespace collapsed; past the limit, cut at a word boundary if one is near, then "…"."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    head, space, _ = cut.rpartition(" ")
    if space and len(head) >= limit // 2:
        cut = head
    return cut.rstrip(" ,.;:-") + "…"


def _user(text: str, limit: int = QUOTE_LIMIT) -> str:
    """A person's own words, trimmed and escaped for HTML."""
    return html.escape(_trim(text, limit), quote=False)


def _listed(items: Sequence[str], limit: int) -> str:
    """Items joined, the rest summed up as "and N more"."""
    shown = list(items[:limit])
    if len(items) > limit:
        shown.append(texts.AND_MORE.format(count=len(items) - limit))
    return texts.WORD_SEPARATOR.join(shown)


def _word(word: str) -> str:
    """A feeling word as the confirmation showed it, trimmed and escaped."""
    return _user(shown_word(word), WORD_LIMIT)


def _words(words: Sequence[str]) -> str:
    return _listed([texts.WORD.format(word=_word(word)) for word in words], MAX_WORDS)


def _label(kind: str) -> str:
    found = progress_kind(kind)
    return found.label if found is not None else texts.UNKNOWN_KIND


def _wins(digest: Digest) -> str:
    lines = [texts.WINS_TITLE.format(count=digest.win_count)]
    lines += [
        texts.KIND_LINE.format(label=_label(item.kind), count=item.count)
        for item in digest.wins_by_kind
    ]
    if digest.win_quotes:
        lines.append(texts.IN_YOUR_WORDS)
        shown = digest.win_quotes[:MAX_QUOTES]
        lines += [texts.QUOTE.format(text=_user(quote)) for quote in shown]
        if len(digest.win_quotes) > len(shown):
            more = len(digest.win_quotes) - len(shown)
            lines.append(texts.MORE_WINS.format(count=more))
    return "\n".join(lines)


def _feelings(digest: Digest) -> str:
    lines = [texts.FEELINGS_TITLE.format(count=digest.feeling_count), _words(digest.feeling_words)]
    if digest.new_feeling_words and not digest.is_first_week:
        lines.append(texts.NEW_WORDS.format(words=_words(digest.new_feeling_words)))
    if digest.top_feeling is not None:
        times = texts.counted(digest.top_feeling.count, texts.TIMES)
        word = _word(digest.top_feeling.word)
        lines.append(texts.TOP_WORD.format(word=word, times=times))
    return "\n".join(lines)


def _reframes(digest: Digest) -> str:
    shifts = [texts.SHIFT.format(before=s.before, after=s.after) for s in digest.reframes]
    lines = [
        texts.REFRAMES_TITLE.format(count=len(digest.reframes)),
        texts.SHIFTS.format(shifts=_listed(shifts, MAX_SHIFTS)),
    ]
    relief = digest.average_relief
    if relief is not None and round(relief, 1) > 0:
        line = texts.RELIEF_ONE if len(digest.reframes) == 1 else texts.RELIEF
        lines.append(line.format(points=texts.counted(relief, texts.POINTS)))
    else:
        lines.append(texts.RELIEF_NONE)
    return "\n".join(lines)


def _look_back(look_back: LookBack) -> str:
    entry = look_back.entry
    day = texts.short_date(entry.local_date)
    if look_back.from_first_week:
        when = texts.WHEN_FIRST_WEEK.format(date=day)
    else:
        weeks = round(look_back.days_ago / 7)
        phrase = texts.WHEN_A_WEEK_AGO if weeks <= 1 else texts.WHEN_WEEKS_AGO
        when = phrase.format(weeks=weeks, date=day)
    if isinstance(entry, Win):
        body = texts.LOOK_BACK_WIN.format(when=when, text=_user(entry.text))
    elif isinstance(entry, Reframe):
        body = texts.LOOK_BACK_REFRAME.format(when=when, text=_user(entry.friend_words))
    elif isinstance(entry, Reflection):
        body = texts.LOOK_BACK_REFLECTION.format(
            when=when, question=html.escape(entry.question, quote=False), text=_user(entry.text)
        )
    else:
        body = texts.LOOK_BACK_FEELING.format(when=when, text=_word(entry.word))
    return f"{texts.LOOK_BACK_TITLE}\n{body}"


def _setbacks(digest: Digest) -> str | None:
    """A kind word when the week held a setback; never how many."""
    if not digest.had_setback:
        return None
    return texts.SETBACK_CAME_BACK if digest.came_back else texts.SETBACK_NOTED


def _change(digest: Digest) -> str | None:
    change = digest.change
    if change is None:
        return None
    if change.kind is ChangeKind.FEELING_WORDS:
        line = texts.CHANGE_FEELING_WORDS
    elif change.kind is ChangeKind.PROGRESS_KINDS:
        line = texts.CHANGE_PROGRESS_KINDS
    else:
        line = texts.CHANGE_RELIEF
    body = line.format(
        then=texts.number(change.then),
        now=texts.number(change.now),
        points=texts.counted(change.now, texts.POINTS),
    )
    return f"{texts.CHANGE_TITLE}\n{body}"


def _numbers(digest: Digest) -> str:
    wins = texts.VALUE_SEPARATOR.join(str(week.wins) for week in digest.series)
    start = texts.short_date(digest.series[0].start)
    lines = [texts.NUMBERS_TITLE, texts.NUMBERS_WINS.format(start=start, values=wins)]
    if any(week.relief is not None for week in digest.series):
        relief = texts.VALUE_SEPARATOR.join(
            texts.NO_VALUE if week.relief is None else texts.number(week.relief)
            for week in digest.series
        )
        lines.append(texts.NUMBERS_RELIEF.format(values=relief))
    return "\n".join(lines)


def _opening(digest: Digest) -> str:
    start, end = texts.short_date(digest.week[0]), texts.short_date(digest.today)
    if digest.so_far:
        title = texts.TITLE_SO_FAR.format(start=start, end=end)
    else:
        title = texts.TITLE.format(start=start, end=end)
    if not digest.has_history:
        return f"{title}\n{texts.NOTHING_YET}"
    if digest.is_first_week:
        return f"{texts.TITLE_FIRST}\n{texts.INTRO_FIRST}"
    if digest.is_quiet:
        return f"{title}\n{texts.QUIET_SO_FAR if digest.so_far else texts.QUIET}"
    return f"{title}\n{texts.INTRO_SO_FAR if digest.so_far else texts.INTRO}"


def _sign_off(digest: Digest) -> str:
    if digest.so_far:
        return texts.SIGN_OFF_SO_FAR.format(day=texts.weekday(digest.week[-1]))
    return texts.SIGN_OFF


def render_digest(digest: Digest) -> str:
    """The digest as Telegram HTML, well under 4,096 characters; every user word escaped."""
    sections: list[str | None] = [_opening(digest)]
    if digest.is_quiet:
        sections.append(texts.QUIET_INVITE)
        sections.append(_look_back(digest.look_back) if digest.look_back else None)
        return "\n\n".join(section for section in sections if section)
    sections += [
        _wins(digest) if digest.wins_by_kind else None,
        _feelings(digest) if digest.feeling_count else None,
        _reframes(digest) if digest.reframes else None,
        (texts.SHOWED_UP_SO_FAR if digest.so_far else texts.SHOWED_UP).format(
            days=texts.counted(digest.days_showed_up, texts.DAYS)
        ),
        _setbacks(digest),
        _look_back(digest.look_back) if digest.look_back else None,
        _change(digest),
        _numbers(digest) if digest.show_chart else None,
        _sign_off(digest),
    ]
    return "\n\n".join(section for section in sections if section)
