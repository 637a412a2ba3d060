"""The weekly digest: hand-made histories in, exact messages out."""

from __future__ import annotations

import itertools
import re
from dataclasses import fields
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.digest import Digest, build_digest, render_digest, texts
from bot.digest.compute import Change, ChangeKind, LookBack, WeekPoint
from bot.store.entries import Entry, Feeling, Note, Reflection, Reframe, Setback, Win
from fake_telegram.entities import parse_html, utf16_len

TODAY = date(2026, 11, 22)  # a Sunday: this week is Nov 16 – Nov 22
FORBIDDEN = re.compile(r"streak|missed|you should|failed", re.IGNORECASE)
_ids = itertools.count(1)


def _stamp(days_ago: int) -> dict[str, object]:
    """Id, creation time and local date; entries made later sort later within a day."""
    n = next(_ids)
    day = TODAY - timedelta(days=days_ago)
    created = datetime(day.year, day.month, day.day, 8, tzinfo=UTC) + timedelta(seconds=n)
    return {"id": n, "created_at": created, "local_date": day}


def win(days_ago: int, text: str, kind: str = "other") -> Win:
    """A small win logged `days_ago` days before TODAY."""
    return Win(**_stamp(days_ago), text=text, progress_kind=kind)


def feel(days_ago: int, word: str, about: str | None = None) -> Feeling:
    """A named feeling (typed by the person, so no key)."""
    return Feeling(
        **_stamp(days_ago),
        word=word,
        feeling_key=None,
        quadrant="pc",
        intensity=5,
        body=None,
        about=about,
    )


def reframe(
    days_ago: int, before: int, after: int, friend: str = "Go easy on yourself."
) -> Reframe:
    """A reframe with its heaviness before and after."""
    return Reframe(
        **_stamp(days_ago),
        situation="A hard talk.",
        critic="I ruin everything.",
        heaviness_before=before,
        feeling="ashamed",
        friend_words=friend,
        critic_is="assumption",
        heaviness_after=after,
    )


def rendered(entries: list[Entry], today: date = TODAY) -> str:
    """The digest message, checked to be valid Telegram HTML within the length limit."""
    text = render_digest(build_digest(entries, today))
    plain, _ = parse_html(text)
    assert utf16_len(plain) <= 4096
    assert not FORBIDDEN.search(plain)
    return text


def ordinary_history() -> list[Entry]:
    """Six weeks of use, first entry Oct 11; this week has wins, feelings and reframes."""
    return [
        # Their first two weeks (Oct 11 – Oct 24): 3 feelings, 2 different words.
        win(42, "Took a breath before replying", "paused"),
        feel(42, "anxious"),
        feel(41, "anxious"),
        feel(39, "sad"),
        reframe(40, 8, 7),
        reframe(33, 6, 5),
        # About four weeks ago: a win wins the look-back over a reframe and a feeling.
        feel(28, "tired"),
        win(28, "Told my manager I can't stay late today", "boundary"),
        win(17, "Went for a walk", "coping"),
        feel(12, "anxious"),
        # This week.
        win(5, "Said no to extra work & meant it", "boundary"),
        feel(5, "calm"),
        reframe(5, 7, 4),
        win(4, "Called my sister", "reached_out"),
        feel(4, "Anxious"),
        win(
            3,
            "Noticed I go quiet when I'm criticised, and stayed with it",
            "pattern",
        ),
        feel(2, "hopeful"),
        reframe(2, 6, 4),
        win(1, "Paused before snapping at the kids", "paused"),
        feel(1, "calm"),
        feel(0, "proud"),
        win(0, "Held my ground with the landlord", "boundary"),
    ]


ORDINARY = """\
<b>Your week, Nov 16 – Nov 22</b> 🌱
Here's what you noticed this week. Every line is something you did.

<b>Small wins: 5</b>
• Set or held a boundary 🚧: 2
• Noticed a pattern 🔍: 1
• Reached out or connected 🤝: 1
• Paused before reacting ⏸️: 1
In your own words:
<blockquote>Said no to extra work &amp; meant it</blockquote>
<blockquote>Called my sister</blockquote>
<blockquote>Noticed I go quiet when I'm criticised, and stayed with it</blockquote>
<blockquote>Paused before snapping at the kids</blockquote>
<blockquote>Held my ground with the landlord</blockquote>

<b>Feelings named: 5</b>
<i>Calm</i>, <i>Anxious</i>, <i>Hopeful</i>, <i>Proud</i>
New for you this week: <i>Calm</i>, <i>Hopeful</i>, <i>Proud</i>
The word you reached for most: <b>Calm</b> (2 times)

<b>Kinder words for yourself: 2</b>
Heaviness before → after: 7 → 4, 6 → 4
On average, 2.5 points lighter afterwards.

You stopped by on 6 days this week.

<b>Looking back</b>
About 4 weeks ago, on Oct 25, you noted:
<blockquote>Told my manager I can't stay late today</blockquote>

<b>Then and now</b>
In your first two weeks here you named 2 different feelings. In the last two weeks: 4. \
You're finding more words for what you feel.

<b>Your weeks in numbers</b>
Small wins per week since Oct 11: 1, 0, 1, 0, 1, 0, 5
Points lighter after a reframe, per week: none, 1, 1, none, none, none, 2.5

Small steps add up. See you next week 💛"""


def test_an_ordinary_week_reads_exactly() -> None:
    assert rendered(ordinary_history()) == ORDINARY


def test_an_ordinary_week_as_data() -> None:
    digest = build_digest(ordinary_history(), TODAY)
    assert digest.week[0] == date(2026, 11, 16) and digest.week[-1] == TODAY
    assert [(item.kind, item.count) for item in digest.wins_by_kind] == [
        ("boundary", 2),
        ("pattern", 1),
        ("reached_out", 1),
        ("paused", 1),
    ]
    assert digest.average_relief == 2.5
    assert digest.days_showed_up == 6
    assert not digest.is_quiet and not digest.is_first_week
    assert digest.look_back is not None and digest.look_back.days_ago == 28
    assert digest.change == Change(ChangeKind.FEELING_WORDS, 2, 4)
    assert len(digest.series) == 7  # from the week of their first entry, not 12
    assert digest.series[0] == WeekPoint(date(2026, 10, 11), 1, None)  # the day they began
    assert digest.series[-1] == WeekPoint(date(2026, 11, 16), 5, 2.5)
    assert digest.show_chart


def test_a_quiet_week_is_short_and_kind() -> None:
    text = rendered([win(30, "Made my bed", "showed_up"), feel(10, "flat")])
    assert text == (
        "<b>Your week, Nov 16 – Nov 22</b> 🌱\n"
        "This week was quiet here, and that's okay. Life happens outside this chat too.\n"
        "\n"
        "Whenever you like, /win notes one small thing you did and /feel names how you feel. "
        "A few words are plenty.\n"
        "\n"
        "<b>Looking back</b>\n"
        # Last week looked back at "Made my bed" (their first week), so this week it varies.
        "About a week ago, on Nov 12, you named a feeling: <b>Flat</b>."
    )


def test_an_empty_history_is_a_quiet_week_without_numbers() -> None:
    digest = build_digest([], TODAY)
    assert digest.is_quiet and not digest.is_first_week and not digest.show_chart
    assert digest.look_back is None and digest.change is None
    assert digest.series == ()  # nothing to chart before their first entry
    assert rendered([]) == (
        "<b>Your week, Nov 16 – Nov 22</b> 🌱\n"
        "Nothing saved here yet, and that's completely fine.\n"
        "\n"
        "Whenever you like, /win notes one small thing you did and /feel names how you feel. "
        "A few words are plenty."
    )


def test_the_first_week_is_a_welcome() -> None:
    history = [
        win(2, "Got out of bed and opened the curtains", "showed_up"),
        feel(2, "tired"),
        reframe(1, 8, 5),
        feel(0, "relieved"),
    ]
    digest = build_digest(history, TODAY)
    assert digest.is_first_week and digest.look_back is None and len(digest.series) == 1
    assert rendered(history) == (
        "<b>Your first week with Small Steps</b> 🌱\n"
        "Welcome! You've started noticing your own small steps, and that is a step in itself. "
        "Here's what you gathered so far.\n"
        "\n"
        "<b>Small wins: 1</b>\n"
        "• Showed up on a hard day 🌱: 1\n"
        "In your own words:\n"
        "<blockquote>Got out of bed and opened the curtains</blockquote>\n"
        "\n"
        "<b>Feelings named: 2</b>\n"
        "<i>Tired</i>, <i>Relieved</i>\n"
        "\n"
        "<b>Kinder words for yourself: 1</b>\n"
        "Heaviness before → after: 8 → 5\n"
        "Afterwards it felt 3 points lighter.\n"
        "\n"
        "You stopped by on 3 days this week.\n"
        "\n"
        "Small steps add up. See you next week 💛"
    )


POOL_THEN = ("sad", "tense", "tired")
POOL_NOW = ("calm", "hopeful", "tense", "content", "curious", "grateful", "tired")


def year_history() -> list[Entry]:
    """A win and a feeling every day for a year, a reframe every third day."""
    kinds = ("pattern", "let_feel", "sat_with", "boundary", "kind_self", "coping", "paused")
    entries: list[Entry] = []
    for days_ago in range(364, -1, -1):
        entries.append(win(days_ago, f"Small thing number {365 - days_ago}", kinds[days_ago % 7]))
        if days_ago >= 351:
            word = POOL_THEN[days_ago % 3]
        elif days_ago == 300:
            word = "elated"  # named once, long ago: not new when it comes back this week
        elif days_ago == 4:
            word = "elated"
        elif days_ago == 3:
            word = "Wistful"
        elif days_ago == 1:
            word = "at peace"
        else:
            word = POOL_NOW[days_ago % 7]
        entries.append(feel(days_ago, word))
        if days_ago % 3 == 0:
            entries.append(reframe(days_ago, 7, 7 - (days_ago % 4)))
    return entries


def test_a_year_of_daily_history() -> None:
    history = year_history()
    digest = build_digest(history, TODAY)
    assert digest.win_count == 7 and digest.days_showed_up == 7
    assert [item.count for item in digest.wins_by_kind] == [1] * 7
    assert digest.feeling_count == 7
    assert digest.new_feeling_words == ("Wistful", "at peace")  # against the whole year
    assert "elated" in digest.feeling_words
    assert not digest.is_first_week and not digest.is_quiet
    four_weeks_ago = TODAY - timedelta(days=28)
    expected = next(e for e in history if isinstance(e, Win) and e.local_date == four_weeks_ago)
    assert digest.look_back == LookBack(expected, 28, from_first_week=False)
    assert digest.change == Change(ChangeKind.FEELING_WORDS, 3, 10)
    assert len(digest.series) == 12
    assert digest.series[0].start == date(2026, 8, 31)
    assert [week.wins for week in digest.series] == [7] * 12
    # This week's reframes: 6, 3 and 0 days ago; relief is days_ago % 4 → 2, 3, 0.
    assert [(shift.before, shift.after) for shift in digest.reframes] == [(7, 5), (7, 4), (7, 7)]
    assert digest.average_relief == pytest.approx(5 / 3)

    text = rendered(history)
    assert "New for you this week: <i>Wistful</i>, <i>At peace</i>\n" in text
    assert "On average, 1.7 points lighter afterwards.\n" in text
    assert "Small wins per week since Aug 31: " + ", ".join(["7"] * 12) + "\n" in text
    assert "In the last two weeks: 10." in text
    assert "<blockquote>Small thing number 337</blockquote>" in text


def test_their_words_are_escaped_and_trimmed() -> None:
    long_win = "I wrote <3 & <b>bold</b> things " * 20
    history = [
        reframe(27, 9, 6, friend="You did your best <i>today</i> & that's enough"),
        win(1, "short <3", "kind_self"),
        win(0, long_win, "kind_self"),
        feel(0, "<b>meh</b>"),
    ]
    text = rendered(history)
    assert "<blockquote>short &lt;3</blockquote>" in text
    assert "<i>&lt;b&gt;meh&lt;/b&gt;</i>" in text
    assert "<blockquote>You did your best &lt;i&gt;today&lt;/i&gt; &amp; that's enough" in text
    plain, _ = parse_html(text)
    quote = next(line for line in plain.splitlines() if line.startswith("I wrote <3 & <b>bold"))
    assert len(quote) <= 200 and quote.endswith("…")
    assert "&lt;b&gt;bold&lt;/b&gt;" in text


def test_a_very_busy_week_stays_within_one_message() -> None:
    history: list[Entry] = []
    for n in range(60):
        history.append(win(n % 7, "x" * 1000 + f" <{n}>", "other"))
        history.append(feel(n % 7, f"my own word number {n} " + "&" * 30))
        history.append(reframe(n % 7, 10, 0, friend="y" * 1000))
    history.append(reframe(28, 10, 0, friend="<kind> " * 400))
    text = rendered(history)
    assert "and 48 more" in text
    assert len(parse_html(text)[0]) < 4096


def test_a_decline_says_nothing() -> None:
    history = [
        # Then: six different words, four kinds of wins, reframes 5 points lighter.
        *(feel(40 - n, word) for n, word in enumerate(("calm", "proud", "tender", "brave", "shy"))),
        feel(35, "hopeful"),
        *(win(40 - n, "did it", kind) for n, kind in enumerate(("pattern", "boundary", "coping"))),
        win(36, "again", "paused"),
        reframe(39, 8, 3),
        reframe(37, 9, 4),
        # Now: fewer words, one kind, reframes barely lighter.
        feel(5, "tired"),
        feel(3, "tired"),
        feel(1, "flat"),
        win(4, "rested", "coping"),
        win(2, "rested again", "coping"),
        win(0, "rested once more", "coping"),
        reframe(6, 6, 6),
        reframe(2, 7, 6),
    ]
    digest = build_digest(history, TODAY)
    assert digest.change is None
    text = rendered(history)
    assert texts.CHANGE_TITLE not in text
    assert "Turning towards yourself with kindness counts" not in text  # relief 0.5 is still > 0
    assert "On average, 0.5 points lighter afterwards." in text


def test_growth_without_enough_data_says_nothing() -> None:
    history = [feel(40, "sad"), feel(39, "sad"), *(feel(n, f"word {n}") for n in range(6))]
    assert build_digest(history, TODAY).change is None  # only 2 feelings in the first weeks


def test_lighter_reframes_are_noticed() -> None:
    history = [
        reframe(40, 6, 6),
        reframe(38, 7, 6),
        reframe(9, 8, 5),
        reframe(3, 7, 4),
        reframe(1, 6, 6),
    ]
    digest = build_digest(history, TODAY)
    assert digest.change == Change(ChangeKind.RELIEF, 0.5, 2.0)
    assert (
        "<b>Then and now</b>\n"
        "Lately a reframe leaves things about 2 points lighter on average, "
        "more than in your first two weeks here.\n"
    ) in rendered(history)
    # A week whose reframes were not lighter on average reads as kindness, never as a score.
    assert "Turning towards yourself" not in rendered(history)
    assert "Turning towards yourself" in rendered([reframe(1, 6, 6), reframe(0, 5, 7)])


def test_build_digest_is_pure() -> None:
    history = ordinary_history()
    before = list(history)
    first = build_digest(history, TODAY)
    assert history == before
    assert build_digest(list(reversed(history)), TODAY) == first
    assert build_digest(history, TODAY) == first
    assert isinstance(first, Digest)
    with pytest.raises(AttributeError):
        first.is_quiet = True  # type: ignore[misc]
    assert all(not isinstance(getattr(first, f.name), list) for f in fields(first))


def test_entries_after_today_are_ignored() -> None:
    history = ordinary_history()
    assert build_digest([*history, win(-1, "tomorrow", "coping")], TODAY) == build_digest(
        history, TODAY
    )


def test_no_digest_text_shames() -> None:
    constants = [value for value in vars(texts).values() if isinstance(value, str)]
    constants += [
        form for value in vars(texts).values() if isinstance(value, tuple) for form in value
    ]
    for text in constants:
        assert not FORBIDDEN.search(text), text


def test_every_win_of_the_week_is_quoted_or_counted() -> None:
    history = [win(6 - n % 7, f"Small step {n}") for n in range(7)]
    text = rendered(history)
    for n in range(5):
        assert f"<blockquote>Small step {n}</blockquote>" in text
    assert "Small step 5" not in text and "Small step 6" not in text
    assert "…and 2 more, all saved in /history." in text


def test_weeks_end_on_their_own_digest_day() -> None:
    # Digest on Wednesdays: on Sunday Nov 22 the week runs Thursday Nov 19 – Wednesday Nov 25.
    history = [win(4, "Before the week"), win(3, "Thursday"), win(0, "Sunday")]
    digest = build_digest(history, TODAY, week_ends_on=2)
    assert digest.week[0] == date(2026, 11, 19) and digest.week[-1] == date(2026, 11, 25)
    assert digest.so_far and digest.win_quotes == ("Thursday", "Sunday")
    assert [(week.start, week.wins) for week in digest.series] == [
        (date(2026, 11, 18), 1),
        (date(2026, 11, 19), 2),
    ]
    text = rendered(history, TODAY)  # the default week (ending on Sunday) for comparison
    assert "Your week so far" not in text
    so_far = render_digest(digest)
    assert so_far.startswith("<b>Your week so far, Nov 19 – Nov 22</b>")
    assert so_far.endswith("Your weekly look-back comes on Wednesday 💛")


def test_consecutive_weekly_look_backs_differ() -> None:
    history = [win(days_ago, f"Step {days_ago}") for days_ago in range(70, -1, -3)]
    picks = []
    for weeks_back in range(6, -1, -1):
        digest = build_digest(history, TODAY - timedelta(weeks=weeks_back))
        assert digest.look_back is not None
        picks.append(digest.look_back.entry.id)
    assert all(a != b for a, b in itertools.pairwise(picks))


def answer(days_ago: int, text: str, question: str = "What mattered to you today?") -> Reflection:
    """An answer to the daily question."""
    return Reflection(**_stamp(days_ago), question_key="rl_values", question=question, text=text)


def setback(days_ago: int, what: str = "I shouted at my brother") -> Setback:
    """A setback, with nothing added about what helped."""
    return Setback(**_stamp(days_ago), what_happened=what, what_helped=None)


def test_an_answer_to_the_daily_question_can_be_the_look_back() -> None:
    # The week before had its own look-back (the feeling 36 days ago), so this week's may be
    # the answer from four weeks before, ahead of a feeling on the same days.
    history = [feel(36, "calm"), feel(28, "tired"), answer(29, "Being <honest> & kind")]
    text = rendered([*history, reframe(26, 7, 5), win(0, "Slept")])
    assert (
        "<b>Looking back</b>\nAbout 4 weeks ago, on Oct 24, asked “What mattered to you today?”, "
        "you wrote:\n<blockquote>Being &lt;honest&gt; &amp; kind</blockquote>"
    ) in text
    # A win, when there is one, still comes first.
    assert "you noted:\n<blockquote>Told" in rendered(
        [feel(36, "calm"), answer(28, "Being honest"), win(28, "Told her no")]
    )


def test_setbacks_are_mentioned_kindly_and_never_counted() -> None:
    came_back = rendered([setback(3), setback(3, "another"), win(1, "Went to my session")])
    assert texts.SETBACK_CAME_BACK in came_back
    assert "shouted" not in came_back  # never quoted back
    assert not re.search(r"\d+ (setbacks?|hard)", came_back)
    still_hard = rendered([win(3, "Walked"), setback(0)])
    assert texts.SETBACK_NOTED in still_hard and texts.SETBACK_CAME_BACK not in still_hard
    assert texts.SETBACK_NOTED not in rendered([win(3, "Walked")])
    # An older setback is not this week's news, and is never the look-back.
    old = rendered([setback(28), win(0, "Walked")])
    assert texts.SETBACK_NOTED not in old and texts.SETBACK_CAME_BACK not in old
    assert "Looking back" not in rendered([setback(28), note(28), win(0, "Walked")])


def note(days_ago: int) -> Note:
    """A private note: part of the journal, never quoted in a digest."""
    return Note(**_stamp(days_ago), prompt=None, text="Private thoughts")
