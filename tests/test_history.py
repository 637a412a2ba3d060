"""`/history`: a person's entries, newest first, in their local time, a page at a time."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from conversations.common import texts as common
from conversations.history import texts
from fake_telegram import FakeUser, SentMessage
from fake_telegram.entities import utf16_len
from tests.conftest import NOW, Harness, onboard

# A Wednesday evening in Berlin (UTC+1 in November).
WED_EVENING = datetime(2026, 11, 18, 19, 5, tzinfo=UTC)


def _message(ana: FakeUser, message_id: int) -> SentMessage:
    (message,) = [m for m in ana.transcript() if m.message_id == message_id]
    return message


def _quoted(text: str) -> list[str]:
    """The person's own words on a page, in order."""
    return re.findall(r"“([^”]*)”", text)


def _labels(message: SentMessage) -> list[str]:
    return [button.text for row in message.buttons for button in row]


def _turns(message: SentMessage) -> list[str]:
    """The page-turning buttons (each entry also has its own "Open" button)."""
    return [label for label in _labels(message) if label in (texts.NEWER, texts.OLDER)]


async def _win(
    harness: Harness, ana: FakeUser, at: datetime, text: str, kind: str = "paused"
) -> None:
    assert await harness.store.entries.add_win(
        ana.user_id,
        f"win-{at.isoformat()}",
        now=at,
        local_date=at.date(),
        text=text,
        progress_kind=kind,
    )


async def _feeling(
    harness: Harness,
    ana: FakeUser,
    at: datetime,
    word: str,
    intensity: int,
    body: str | None = None,
    about: str | None = None,
) -> None:
    assert await harness.store.entries.add_feeling(
        ana.user_id,
        f"feel-{at.isoformat()}",
        now=at,
        local_date=at.date(),
        word=word,
        feeling_key=None,
        quadrant="calm",
        intensity=intensity,
        body=body,
        about=about,
    )


async def _reframe(
    harness: Harness, ana: FakeUser, at: datetime, friend_words: str, before: int, after: int
) -> None:
    assert await harness.store.entries.add_reframe(
        ana.user_id,
        f"rf-{at.isoformat()}",
        now=at,
        local_date=at.date(),
        situation="A tense call with my manager.",
        critic="You always mess this up.",
        heaviness_before=before,
        feeling="ashamed",
        friend_words=friend_words,
        critic_is="assumption",
        heaviness_after=after,
    )


async def test_before_setting_up(ana: FakeUser) -> None:
    await ana.send("/history")
    assert ana.replies() == [common.NOT_SET_UP]


async def test_nothing_yet_points_to_win(ana: FakeUser) -> None:
    await onboard(ana)
    await ana.send("/history")
    assert ana.replies() == [texts.EMPTY]
    assert "/win" in texts.EMPTY
    assert ana.last_message().buttons == []


async def test_every_kind_newest_first_in_local_time(harness: Harness, ana: FakeUser) -> None:
    await onboard(ana)
    await _win(harness, ana, WED_EVENING, "Counted to ten before answering.")
    await _feeling(
        harness,
        ana,
        WED_EVENING + timedelta(days=1, hours=-6),  # Thu 13:05 in Berlin
        "calm",
        4,
        body="Loose shoulders",
        about="The walk home",
    )
    await _reframe(
        harness,
        ana,
        datetime(2026, 11, 20, 22, 40, tzinfo=UTC),  # Fri 23:40 in Berlin
        "Anyone would find that call hard; you prepared well.",
        8,
        5,
    )
    await _feeling(harness, ana, datetime(2026, 11, 21, 7, 0, tzinfo=UTC), "tired", 6)
    # And one through the check-in itself, at NOW (Sunday 10:00 in Berlin).
    await ana.send("/win")
    await ana.send("Asked for a day off.")
    await ana.tap("Set or held a boundary 🚧")

    await ana.send("/history")
    assert ana.replies() == [
        "Looking back, newest first\n"
        "\n"
        "Sun 22 Nov, 10:00\n"
        "🌱 Small win — Set or held a boundary: “Asked for a day off.”\n"
        "\n"
        "Sat 21 Nov, 08:00\n"
        "🎨 Named a feeling: Tired (6/10)\n"
        "\n"
        "Fri 20 Nov, 23:40\n"
        "💛 Reframe: heaviness 8 → 5\n"
        "“Anyone would find that call hard; you prepared well.”\n"
        "\n"
        "Thu 19 Nov, 14:05\n"
        "🎨 Named a feeling: Calm (4/10)\n"
        "In your body: Loose shoulders\n"
        "About: The walk home\n"
        "\n"
        "Wed 18 Nov, 20:05\n"
        "🌱 Small win — Paused before reacting: “Counted to ten before answering.”"
    ]
    assert _turns(ana.last_message()) == []  # one page: nothing to turn


async def test_dates_follow_the_persons_time_zone(harness: Harness, ana: FakeUser) -> None:
    await onboard(ana, place="Toronto")
    await _win(harness, ana, datetime(2026, 11, 22, 3, 30, tzinfo=UTC), "Late-night walk.")
    await ana.send("/history")
    assert "Sat 21 Nov, 22:30" in ana.last_text()  # still Saturday evening in Toronto


async def test_twelve_entries_turn_in_pages_of_five(harness: Harness, ana: FakeUser) -> None:
    await onboard(ana)
    for n in range(1, 13):
        await _win(harness, ana, NOW - timedelta(hours=13 - n), f"Win number {n}.")
    await ana.send("/history")
    first = ana.last_message()
    assert first.text.startswith("Looking back, newest first (1–5 of 12)")
    assert _quoted(first.text) == [f"Win number {n}." for n in (12, 11, 10, 9, 8)]
    assert _turns(first) == ["Older ▸"]

    await ana.tap("Older ▸")
    second = _message(ana, first.message_id)  # the same message, turned
    assert ana.replies() == []
    assert second.text.startswith("Looking back, newest first (6–10 of 12)")
    assert _quoted(second.text) == [f"Win number {n}." for n in (7, 6, 5, 4, 3)]
    assert _turns(second) == ["◂ Newer", "Older ▸"]

    await ana.tap("Older ▸")
    third = _message(ana, first.message_id)
    assert third.text.startswith("Looking back, newest first (11–12 of 12)")
    assert _quoted(third.text) == ["Win number 2.", "Win number 1."]
    assert _turns(third) == ["◂ Newer"]

    await ana.tap("◂ Newer")
    assert _message(ana, first.message_id).text == second.text


async def test_html_in_entries_is_shown_as_written(harness: Harness, ana: FakeUser) -> None:
    await onboard(ana)
    await _win(harness, ana, NOW, "<b>hi</b> & <3")
    await _feeling(harness, ana, NOW - timedelta(hours=1), "<i>meh</i>", 3, about="A&B </b>")
    await _reframe(harness, ana, NOW - timedelta(hours=2), "You're doing <ok> & fine", 7, 4)
    await ana.send("/history")
    shown = ana.last_message()
    assert "“<b>hi</b> & <3”" in shown.text
    assert "Named a feeling: <i>meh</i> (3/10)" in shown.text
    assert "About: A&B </b>" in shown.text
    assert "“You're doing <ok> & fine”" in shown.text
    assert "&lt;b&gt;hi&lt;/b&gt; &amp; &lt;3" in shown.raw
    # Only our own date headers are bold; nothing she typed became formatting.
    assert [e["type"] for e in shown.entities] == ["bold"] * 4


async def test_very_long_entries_still_fit_one_message(harness: Harness, ana: FakeUser) -> None:
    await onboard(ana)
    await _win(harness, ana, NOW, "I kept going & going\n" * 300)  # 6,300 characters
    await ana.send("/history")
    assert "Paused before reacting: “I kept going & going I kept going" in ana.last_text()
    (quote,) = _quoted(ana.last_text())
    assert len(quote) == 201 and quote.endswith("…")  # a generous quote, cut and saying so

    for n in range(1, 5):
        huge = "🌊&" * 2000  # astral emoji count twice towards Telegram's limit
        await _feeling(harness, ana, NOW - timedelta(hours=n), huge, 9, body=huge, about=huge)
    await ana.send("/history")
    shown = ana.last_message()
    assert utf16_len(shown.text) <= 4096
    assert shown.text.count("…") == 1 + 4 * 3  # every long piece is cut, and says so
    assert shown.text.count("Named a feeling: 🌊&") == 4
    assert "Paused before reacting: “I kept going & going" in shown.text


async def test_a_page_that_no_longer_exists(harness: Harness, ana: FakeUser) -> None:
    await onboard(ana)
    for n in range(1, 8):
        await _win(harness, ana, NOW - timedelta(hours=n), f"Older win {n}.")
    await ana.send("/history")
    history = ana.last_message()

    # Everything erased, then set up again: the old "Older ▸" button is answered kindly.
    await ana.send("/delete")
    await ana.tap("Yes, erase everything")
    query_id = await ana.tap("Older ▸")
    assert harness.telegram.callback_answer(query_id) is not None
    assert ana.replies() == [common.NOT_SET_UP]
    await onboard(ana)
    await ana.tap_data("hist:p:1", history.message_id)
    assert _message(ana, history.message_id).text == texts.EMPTY
    assert _message(ana, history.message_id).buttons == []

    # A page beyond the end (or a mangled one) shows the newest page instead.
    await _win(harness, ana, NOW, "A fresh start.")
    for data in ("hist:p:7", "hist:p:-1", "hist:p:x"):
        query_id = await ana.tap_data(data, history.message_id)
        assert harness.telegram.callback_answer(query_id) is not None
        assert _message(ana, history.message_id).text.endswith("“A fresh start.”")
        assert ana.replies() == []  # shown in place, never a second copy
