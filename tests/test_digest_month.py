"""A simulated month: the weekly digests, `/digest` on other days and the chart tell one story."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise

from conversations.checkins import texts as checkins
from fake_telegram import FakeUser
from tests.conftest import Harness, onboard

JOINED = datetime(2026, 11, 3, 11, 0, tzinfo=UTC)  # Tuesday, 12:00 in Berlin
# Wins noted through /win, by local date. Weeks end on Sunday, the digest day:
# Nov 2–8 (joined on the 3rd): 2 · Nov 9–15: 3 · Nov 16–22: none · Nov 23–29: 2 · Nov 30–: 2
WINS = {
    date(2026, 11, 3): "Opened the curtains first thing",
    date(2026, 11, 5): "Drank a glass of water before coffee",
    date(2026, 11, 10): "Told a friend I was struggling",
    date(2026, 11, 11): "Went outside for ten minutes",
    date(2026, 11, 13): "Said no to an extra shift",
    date(2026, 11, 24): "Cooked a real dinner",
    date(2026, 11, 26): "Answered an email I had avoided",
    date(2026, 12, 1): "Stretched for five minutes",
    date(2026, 12, 2): "Asked for help at work",
}
NUMBERS = re.compile(r"Small wins per week since (\w+ \d+): ([\d, ]+)")
LOOK_BACK = re.compile(r"Looking back\n(.*?)(?:\n\n|$)", re.DOTALL)


def _at(day: date, hour: int) -> datetime:
    """`hour` o'clock UTC on `day` (Berlin is UTC+1 all month)."""
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


async def _note_win(ana: FakeUser, words: str) -> None:
    await ana.send("/win")
    await ana.send(words)
    await ana.tap("Showed up on a hard day 🌱")
    assert ana.replies()[0].startswith("Saved ✓")


def _numbers(text: str) -> tuple[str, list[int]]:
    found = NUMBERS.search(text)
    assert found is not None, text
    return found.group(1), [int(n) for n in found.group(2).split(", ")]


async def test_a_month_of_digests_tells_one_story(harness: Harness, ana: FakeUser) -> None:
    harness.clock.set(JOINED)
    await onboard(ana, place="Germany", at="21:30")
    await harness.tick()

    # Minutes after joining: when the first look-back comes, and what is there so far.
    harness.clock.set(JOINED + timedelta(minutes=5))
    await ana.send("/digest")
    first, so_far = ana.replies()
    assert first == checkins.FIRST_DIGEST_COMES.format(day="Sunday 8 November", time="18:00")
    assert "Nothing saved here yet" in so_far and "quiet" not in so_far

    weekly: dict[date, str] = {}
    midweek: dict[date, list[str]] = {}
    day = JOINED.date()
    while day <= date(2026, 12, 6):
        if day in WINS:
            harness.clock.set(_at(day, 11))
            await _note_win(ana, WINS[day])
        if day.weekday() == 2:  # Wednesday: the person asks for their week so far
            harness.clock.set(_at(day, 12))
            await ana.send("/digest")
            midweek[day] = ana.replies()
        sent_before = len(ana.transcript())
        await harness.tick(_at(day, 17))  # 18:00 in Berlin, the digest time
        new = ana.transcript()[sent_before:]
        if day.weekday() == 6:
            assert new, f"no digest on {day}"
            weekly[day] = new[-1].text
            charts = [m for m in new if m.kind == "photo"]
            if len(weekly) > 1 and "quiet" not in new[-1].text:
                assert len(charts) == 1
        else:
            assert new == []
        day += timedelta(days=1)

    # The first digest: a welcome, both wins quoted, no chart yet (one week only).
    first_week = weekly[date(2026, 11, 8)]
    assert first_week.startswith("Your first week with Small Steps")
    assert WINS[date(2026, 11, 3)] in first_week and WINS[date(2026, 11, 5)] in first_week
    assert "Small wins per week" not in first_week

    # Each Sunday's numbers; the chart starts on the day of their first win, never before.
    assert _numbers(weekly[date(2026, 11, 15)]) == ("Nov 3", [2, 3])
    assert "quiet" in weekly[date(2026, 11, 22)]
    assert _numbers(weekly[date(2026, 11, 29)]) == ("Nov 3", [2, 3, 0, 2])
    assert _numbers(weekly[date(2026, 12, 6)]) == ("Nov 3", [2, 3, 0, 2, 2])
    # All of a week's wins are quoted.
    for words in (WINS[date(2026, 11, 10)], WINS[date(2026, 11, 11)], WINS[date(2026, 11, 13)]):
        assert words in weekly[date(2026, 11, 15)]

    # Wednesday's /digest uses the same weeks: earlier weeks agree, this week so far is added.
    wednesday = midweek[date(2026, 11, 25)]
    photo_caption, text = wednesday[0], wednesday[-1]
    assert text.startswith("Your week so far, Nov 23 – Nov 25")
    assert _numbers(text) == ("Nov 3", [2, 3, 0, 1])
    assert photo_caption.startswith("Your weeks from Nov 3 to Nov 25:")
    assert "Your weekly look-back comes on Sunday" in text
    assert _numbers(midweek[date(2026, 11, 11)][-1]) == ("Nov 3", [2, 2])
    assert _numbers(midweek[date(2026, 12, 2)][-1]) == ("Nov 3", [2, 3, 0, 2, 2])
    assert "Nothing saved yet this week" in midweek[date(2026, 11, 18)][-1]
    # No "first look-back" notice once one has arrived.
    assert all(checkins.FIRST_DIGEST_COMES[:20] not in m for m in wednesday)

    # The look-back varies from week to week, and Wednesday's matches Sunday's.
    looks = [LOOK_BACK.search(weekly[sunday]) for sunday in sorted(weekly)]
    quotes = [found.group(1).split("\n", 1)[1] for found in looks if found]
    assert len(quotes) >= 3
    assert all(a != b for a, b in pairwise(quotes))
    wednesday_look = LOOK_BACK.search(midweek[date(2026, 12, 2)][-1])
    sunday_look = LOOK_BACK.search(weekly[date(2026, 12, 6)])
    assert wednesday_look is not None and sunday_look is not None
    assert wednesday_look.group(1).split("\n")[1] == sunday_look.group(1).split("\n")[1]
