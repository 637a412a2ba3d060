"""`/export`: everything a person wrote, as JSON, CSV and a Markdown journal, read back here."""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
from dataclasses import fields
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.store import Entry, Feeling, Note, Reflection, Reframe, Setback, User, Win
from bot.timezones import local_date
from conversations.common import texts as common
from conversations.content.journal_prompts import JOURNAL_PROMPTS
from conversations.content.prompts import question_by_key
from conversations.export import formats, texts
from conversations.export.words import WORD_FIELDS
from fake_telegram import FakeUser, SentMessage
from tests.conftest import NOW, Harness, onboard

TELEGRAM_MAX_FILE = 50 * 1024 * 1024
HEART = "<3 & “quotes”, emoji 🌱, RTL שלום"
# Each of these would run as a formula in a spreadsheet if written as it is.
FORMULAS = ['=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)", "\tTAB", "\rCR"]
ENTRY_TYPES: dict[str, type] = {
    "win": Win,
    "feeling": Feeling,
    "reframe": Reframe,
    "reflection": Reflection,
    "note": Note,
    "setback": Setback,
}


# --------------------------------------------------------------------------- reading back


async def _export(ana: FakeUser) -> list[SentMessage]:
    """Send /export; return what the bot sent in answer."""
    seen = len(ana.transcript())
    await ana.send("/export")
    return ana.transcript()[seen:]


def _files(sent: list[SentMessage]) -> dict[str, bytes]:
    """The warning, then exactly three documents: their bytes by file extension."""
    assert [m.kind for m in sent] == ["text", "document", "document", "document"]
    assert sent[0].text == texts.WARNING
    files = {}
    for message in sent[1:]:
        assert message.file_name is not None and message.file_bytes is not None
        assert message.text  # each has a short caption
        files[message.file_name.rsplit(".", 1)[1]] = message.file_bytes
    assert list(files) == ["json", "csv", "md"]
    return files


def _without_words(item: dict[str, Any]) -> dict[str, Any]:
    """The stored fields only: without the words written beside the codes."""
    return {name: value for name, value in item.items() if name not in WORD_FIELDS}


def _entry(item: dict[str, Any]) -> Entry:
    """An entry rebuilt from the JSON file."""
    values = _without_words(item)
    cls = ENTRY_TYPES[values.pop("kind")]
    values["created_at"] = datetime.fromisoformat(values["created_at"])
    values["local_date"] = date.fromisoformat(values["local_date"])
    return cls(**values)


def _person(item: dict[str, Any]) -> User:
    """The person rebuilt from the JSON file."""
    values = _without_words(item)
    for name in ("consented_at", "created_at"):
        values[name] = datetime.fromisoformat(values[name])
    for name in ("prompt_time", "digest_time"):
        values[name] = time.fromisoformat(values[name]) if values[name] else None
    paused = values["paused_until"]
    values["paused_until"] = datetime.fromisoformat(paused) if paused else None
    return User(**values)


def _rows(data: bytes) -> list[list[str]]:
    """The CSV's rows, header first."""
    assert data.startswith(codecs.BOM_UTF8)
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def _weeks(journal: str) -> dict[str, list[str]]:
    """The journal's week headings, each with its entries' date headings."""
    weeks: dict[str, list[str]] = {}
    for line in journal.splitlines():
        if line.startswith("## "):
            weeks[line.removeprefix("## ")] = []
        elif line.startswith("### "):
            list(weeks.values())[-1].append(line.removeprefix("### "))
    return weeks


def _headings(journal: str) -> list[str]:
    return [line for line in journal.splitlines() if line.startswith("#")]


async def _win(
    harness: Harness, ana: FakeUser, at: datetime, text: str, kind: str = "paused"
) -> None:
    person = await harness.store.users.get(ana.user_id)
    assert person is not None and person.timezone is not None
    assert await harness.store.entries.add_win(
        ana.user_id,
        f"win-{at.isoformat()}-{text[:20]}",
        now=at,
        local_date=local_date(person.timezone, at),
        text=text,
        progress_kind=kind,
    )


async def _feeling(harness: Harness, ana: FakeUser, at: datetime) -> None:
    assert await harness.store.entries.add_feeling(
        ana.user_id,
        f"feel-{at.isoformat()}",
        now=at,
        local_date=local_date("Europe/Berlin", at),
        word="calm",
        feeling_key="calm",
        quadrant="pc",
        intensity=4,
        body="Loose shoulders",
        about=None,
    )


async def _reframe(harness: Harness, ana: FakeUser, at: datetime) -> None:
    assert await harness.store.entries.add_reframe(
        ana.user_id,
        f"rf-{at.isoformat()}",
        now=at,
        local_date=local_date("Europe/Berlin", at),
        situation="A tense call with my manager.",
        critic="- You always mess this up.",
        heaviness_before=8,
        feeling="ashamed",
        friend_words="Anyone would find that call hard; you prepared well.",
        critic_is="assumption",
        heaviness_after=5,
    )


# ----------------------------------------------------------------------- through the chat


async def test_a_stranger_is_asked_to_set_up_first(harness: Harness, ana: FakeUser) -> None:
    sent = await _export(ana)
    assert [m.text for m in sent] == [common.NOT_SET_UP]
    assert await harness.store.users.get(ana.user_id) is None


async def test_everything_goes_and_comes_back_exactly(harness: Harness, ana: FakeUser) -> None:
    await onboard(ana)  # Berlin
    for words in (FORMULAS[0], HEART):
        await ana.send("/win")
        await ana.send(words)
        await ana.tap("Set or held a boundary 🚧")
    for n, words in enumerate(FORMULAS[1:], start=1):
        await _win(harness, ana, NOW - timedelta(days=n), words)
    await _feeling(harness, ana, NOW - timedelta(days=10, hours=3))
    await _reframe(harness, ana, NOW - timedelta(days=11))
    stored = await harness.store.entries.all_of(ana.user_id)
    assert len(stored) == 9

    sent = await _export(ana)
    files = _files(sent)
    assert [m.file_name for m in sent[1:]] == [
        "small-steps-2026-11-22.json",
        "small-steps-2026-11-22.csv",
        "small-steps-2026-11-22.md",
    ]

    # JSON: versioned, and every field of every entry as the database holds it.
    document = json.loads(files["json"].decode("utf-8"))
    assert (document["schema"], document["version"]) == ("small-steps-export", 1)
    assert datetime.fromisoformat(document["exported_at"]) == NOW
    assert _person(document["person"]) == await harness.store.users.get(ana.user_id)
    assert [_entry(item) for item in document["entries"]] == stored
    assert [item["kind"] for item in document["entries"]].count("win") == 7
    # Words beside the codes, as the chat showed them.
    person = document["person"]
    assert (person["digest_weekday"], person["digest_day"]) == (6, "Sunday")
    assert list(person).index("digest_day") == list(person).index("digest_weekday") + 1
    feeling = next(item for item in document["entries"] if item["kind"] == "feeling")
    assert (feeling["quadrant"], feeling["quadrant_name"]) == ("pc", "Pleasant, calm")
    reframe_item = next(item for item in document["entries"] if item["kind"] == "reframe")
    assert (reframe_item["critic_is"], reframe_item["critic_is_name"]) == (
        "assumption",
        "Assumption",
    )
    assert HEART.encode("utf-8") in files["json"]  # written as it is, not \u-escaped

    # CSV: BOM, CRLF, one row per entry; formulas neutralised, everything else byte-exact.
    rows = _rows(files["csv"])
    assert files["csv"].startswith(codecs.BOM_UTF8 + b"date,time,kind,text,")
    assert files["csv"].count(b"\n") == files["csv"].count(b"\r\n") == len(stored) + 1
    header, body = rows[0], rows[1:]
    assert header == list(formats.CSV_HEADER)
    assert len(body) == len(stored)
    by_column = [dict(zip(header, row, strict=True)) for row in body]
    win_texts = [row["text"] for row in by_column if row["kind"] == "win"]
    assert sorted(win_texts) == sorted(["'" + words for words in FORMULAS] + [HEART])
    assert HEART.encode("utf-8") in files["csv"]
    newest = by_column[-1]
    assert (newest["date"], newest["time"], newest["kind"]) == ("2026-11-22", "10:00", "win")
    assert (newest["text"], newest["progress_kind"]) == (HEART, "boundary")
    assert newest["progress_kind_name"] == "Set or held a boundary"
    feeling = next(row for row in by_column if row["kind"] == "feeling")
    assert (feeling["quadrant"], feeling["quadrant_name"]) == ("pc", "Pleasant, calm")
    reframe = next(row for row in by_column if row["kind"] == "reframe")
    assert reframe["critic"] == "'- You always mess this up."  # user text, always
    assert (reframe["heaviness_before"], reframe["heaviness_after"]) == ("8", "5")
    assert reframe["text"] == reframe["word"] == ""  # other kinds' columns stay empty

    # Markdown: a journal by week; her words quoted and escaped, never turned into structure.
    journal = files["md"].decode("utf-8")
    assert journal.startswith(texts.TITLE + "\n")
    assert "Times are Berlin time" in journal
    assert "9 entries." in journal
    assert "> \\<3 & “quotes”, emoji 🌱, RTL שלום" in journal
    assert "> \\- You always mess this up." in journal
    assert "🌱 You noted a small win, setting or holding a boundary:" in journal
    assert _weeks(journal) == {
        "Week of Monday 9 November 2026": [
            "Wednesday 11 November 2026, 10:00",
            "Thursday 12 November 2026, 07:00",
        ],
        "Week of Monday 16 November 2026": [
            "Tuesday 17 November 2026, 10:00",
            "Wednesday 18 November 2026, 10:00",
            "Thursday 19 November 2026, 10:00",
            "Friday 20 November 2026, 10:00",
            "Saturday 21 November 2026, 10:00",
            "Sunday 22 November 2026, 10:00",
            "Sunday 22 November 2026, 10:00",
        ],
    }


async def test_local_days_follow_the_persons_time_zone(harness: Harness, ana: FakeUser) -> None:
    await onboard(ana, place="Kathmandu", at="07:00")
    sunday_evening_utc = datetime(2026, 11, 15, 20, 0, tzinfo=UTC)  # Monday 01:45 in Kathmandu
    await _win(harness, ana, sunday_evening_utc, "Slept before midnight… almost.")
    await _win(
        harness, ana, sunday_evening_utc - timedelta(hours=10), "# Not a heading\n> nor this"
    )

    files = _files(await _export(ana))
    journal = files["md"].decode("utf-8")
    assert _weeks(journal) == {
        "Week of Monday 9 November 2026": ["Sunday 15 November 2026, 15:45"],
        "Week of Monday 16 November 2026": ["Monday 16 November 2026, 01:45"],
    }
    assert "> \\# Not a heading\\\n> \\> nor this\n" in journal
    assert len(_headings(journal)) == 1 + 2 + 2  # title, weeks, entries: nothing of hers
    rows = _rows(files["csv"])[1:]
    assert [(row[0], row[1]) for row in rows] == [("2026-11-15", "15:45"), ("2026-11-16", "01:45")]
    document = json.loads(files["json"])
    assert [item["local_date"] for item in document["entries"]] == ["2026-11-15", "2026-11-16"]


async def test_an_empty_history_still_gives_three_valid_files(
    harness: Harness, ana: FakeUser
) -> None:
    await onboard(ana)
    files = _files(await _export(ana))
    document = json.loads(files["json"])
    assert document["entries"] == [] and document["person"]["timezone"] == "Europe/Berlin"
    assert _rows(files["csv"]) == [list(formats.CSV_HEADER)]
    journal = files["md"].decode("utf-8")
    assert texts.NOTHING_YET in journal
    assert _weeks(journal) == {}


async def test_someone_who_agreed_but_is_not_set_up_can_take_a_copy(
    harness: Harness, ana: FakeUser
) -> None:
    await ana.send("/start")
    await ana.tap("Yes, that's okay")  # a user row, but no time zone yet
    await ana.send("/export")  # read-only, so it answers mid-onboarding too
    assert ana.replies()[0].startswith("Here's a copy of everything you've written")
    await ana.send("Germany")  # and onboarding still waits at its step
    assert "Is that your time?" in ana.last_text()
    await ana.send("/cancel")
    files = _files(await _export(ana))
    person = _person(json.loads(files["json"])["person"])
    assert person == await harness.store.users.get(ana.user_id)
    assert person.timezone is None
    assert "Times are UTC time" in files["md"].decode("utf-8")
    assert _rows(files["csv"]) == [list(formats.CSV_HEADER)]


async def test_check_ins_sent_are_in_the_json(harness: Harness, ana: FakeUser) -> None:
    await onboard(ana, at="21:30")
    await harness.tick()
    await harness.tick(datetime(2026, 11, 22, 20, 30, tzinfo=UTC))  # 21:30 in Berlin
    files = _files(await _export(ana))
    deliveries = json.loads(files["json"])["deliveries"]
    stored = await harness.store.schedule.deliveries_of(ana.user_id)
    assert ("prompt", "sent") in [(d.kind, d.status) for d in stored]
    assert deliveries == [
        {
            "telegram_id": d.telegram_id,
            "kind": d.kind,
            "local_date": d.local_date.isoformat(),
            "status": d.status,
            "message_id": d.message_id,
            "detail": d.detail,
            "answered": d.answered,
        }
        for d in stored
    ]


async def test_a_year_of_entries(harness: Harness, ana: FakeUser) -> None:
    await onboard(ana)
    long_text = ("I noticed the urge & let it pass 🌊 שלום. " * 30)[:1000]
    for day in range(366):
        await _win(harness, ana, NOW - timedelta(days=day), long_text)
    for day in range(0, 366, 7):
        await _feeling(harness, ana, NOW - timedelta(days=day, hours=2))

    files = _files(await _export(ana))
    assert all(len(data) < TELEGRAM_MAX_FILE for data in files.values())
    assert len(json.loads(files["json"])["entries"]) == 366 + 53
    assert len(_rows(files["csv"])) == 1 + 366 + 53
    weeks = _weeks(files["md"].decode("utf-8"))
    assert len(weeks) == 53
    assert sum(len(days) for days in weeks.values()) == 366 + 53


# ------------------------------------------------------------------------- the pure parts

BERLIN = User(
    telegram_id=7,
    language_code="en",
    consented_at=datetime(2026, 1, 1, tzinfo=UTC),
    timezone="Europe/Berlin",
    prompt_time=time(21, 30),
    digest_weekday=6,
    digest_time=time(18, 0),
    paused_until=None,
    active=True,
    created_at=datetime(2026, 1, 1, tzinfo=UTC),
)


def _a_win(at: datetime, text: str = "A small thing.", kind: str = "paused", n: int = 1) -> Win:
    return Win(n, at, at.date(), text, kind)


def test_the_csv_header_covers_every_field_of_every_kind() -> None:
    shared = {"id", "created_at", "local_date"}
    kinds = (Win, Feeling, Reframe, Reflection, Note, Setback)
    kind_fields = [f.name for cls in kinds for f in fields(cls)]
    assert list(formats.CSV_HEADER[:3]) == ["date", "time", "kind"]
    distinct = [name for name in dict.fromkeys(kind_fields) if name not in shared]
    assert list(formats.CSV_HEADER[3 : 3 + len(distinct)]) == distinct
    assert list(formats.CSV_HEADER[3 + len(distinct) :]) == [
        "progress_kind_name",
        "quadrant_name",
        "critic_is_name",
    ]
    assert set(formats.KIND_NAMES) == set(kinds)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTAB", "'\tTAB"),
        ("\rCR", "'\rCR"),
        ("1+1=2", "1+1=2"),
        (" =1", " =1"),
        ("", ""),
    ],
)
def test_formula_starts_are_neutralised(value: str, shown: str) -> None:
    assert formats.neutralise(value) == shown


@given(st.text())
def test_any_text_survives_the_csv(text: str) -> None:
    data = formats.to_csv(BERLIN, [_a_win(NOW, text)])
    (row,) = _rows(data)[1:]
    assert row[3] == formats.neutralise(text)


def _unescape(markdown: str) -> str:
    """What CommonMark shows for backslash escapes."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown)


# Backslash pairs, `&` that starts no entity, or anything that is no Markdown marker.
_ALL_ESCAPED = re.compile(r"(?:\\[!-/:-@\[-`{-~]|&(?!#?[0-9A-Za-z]+;)|[^\\<\[\]`*_|~$&])*", re.S)
_MARKDOWNISH = st.text(st.sampled_from("#>-+=*_`~|<>[]()!&;$\\ .)0123456789aé🌱\t"))


@given(st.one_of(_MARKDOWNISH, st.text()))
def test_a_line_of_her_words_shows_as_written(text: str) -> None:
    line = text.splitlines()[0] if text.splitlines() else text
    escaped = formats.escape_line(line)
    assert _unescape(escaped) == line.strip()
    assert not re.match(r"[#>+=\-*_`~|]|\d+[.)]", escaped)  # never a heading, quote or list
    assert _ALL_ESCAPED.fullmatch(escaped)


def test_quotes_keep_line_breaks_and_never_leave_the_quote() -> None:
    assert formats.quote("one\ntwo\n\n# three\n") == ["> one\\", "> two", ">", "> \\# three"]
    assert formats.quote("ends with \\\nnext") == ["> ends with \\\\\\", "> next"]
    assert formats.quote("\n \n") == [">"]


def test_weeks_start_on_monday_across_dst_and_the_new_year() -> None:
    entries = [
        _a_win(datetime(2026, 10, 25, 22, 59, tzinfo=UTC), n=1),  # Sun 23:59 after fall-back
        _a_win(datetime(2026, 10, 25, 23, 0, tzinfo=UTC), n=2),  # Mon 00:00 in Berlin
        _a_win(datetime(2026, 12, 31, 12, 0, tzinfo=UTC), n=3),  # Thursday
        _a_win(datetime(2027, 1, 3, 22, 59, tzinfo=UTC), n=4),  # Sunday 23:59
    ]
    journal = formats.to_markdown(BERLIN, list(reversed(entries)), NOW).decode("utf-8")
    assert _weeks(journal) == {
        "Week of Monday 19 October 2026": ["Sunday 25 October 2026, 23:59"],
        "Week of Monday 26 October 2026": ["Monday 26 October 2026, 00:00"],
        "Week of Monday 28 December 2026": [
            "Thursday 31 December 2026, 13:00",
            "Sunday 3 January 2027, 23:59",
        ],
    }


def test_every_kind_reads_as_prose() -> None:
    at = datetime(2026, 11, 18, 19, 5, tzinfo=UTC)
    entries: list[Entry] = [
        _a_win(at, "Counted to ten *twice*.", kind="no-longer-a-kind"),
        Feeling(1, at, at.date(), "on *edge*", None, "ue", 7, None, "The [meeting]"),
        Reframe(
            1, at, at.date(), "Late again.", "Useless.", 9, "guilty", "Trains run late.", None, 6
        ),
    ]
    journal = formats.to_markdown(BERLIN, entries, NOW).decode("utf-8")
    assert (
        "🌱 You noted a small win, a step of your own:\n\n> Counted to ten \\*twice\\*." in journal
    )
    assert "🎨 You named a feeling: **on \\*edge\\***, 7 out of 10." in journal
    assert "Where you felt it" not in journal  # nothing said about a body she left out
    assert "What it was about:\n\n> The \\[meeting\\]" in journal
    assert "The feeling underneath: **guilty**." in journal
    assert "You saw it as" not in journal  # she skipped the fact-or-assumption check
    assert "How heavy it felt: 9 out of 10 before, 6 out of 10 after." in journal


def test_the_files_depend_only_on_what_they_are_given() -> None:
    entries = [_a_win(NOW - timedelta(days=n), f"Win {n}", n=n) for n in range(3)]
    first = formats.export_files(BERLIN, entries, [], NOW)
    again = formats.export_files(BERLIN, list(reversed(entries)), [], NOW)
    assert first == again
    assert [f.name for f in first] == [
        "small-steps-2026-11-22.json",
        "small-steps-2026-11-22.csv",
        "small-steps-2026-11-22.md",
    ]
    assert all(len(f.caption) <= 1024 for f in first)
    late = NOW.replace(hour=23, minute=30)  # already Monday in Berlin
    assert formats.file_name(BERLIN, late, "md") == "small-steps-2026-11-23.md"


async def test_answers_notes_and_setbacks_in_all_three_files(
    harness: Harness, ana: FakeUser
) -> None:
    await onboard(ana, at="21:30")
    await harness.tick()
    await harness.tick(datetime(2026, 11, 22, 20, 30, tzinfo=UTC))
    asked = await harness.store.schedule.latest_prompt(ana.user_id)
    assert asked is not None and asked.question_key is not None
    question = question_by_key(asked.question_key)
    assert question is not None
    await ana.send("# Not a heading, just <3")
    await ana.send("/note")
    await ana.tap("Give me a question 💭")
    await ana.send("=honesty, mostly")
    await ana.send("/setback")
    await ana.send("I cancelled on a friend")
    await ana.tap("Skip")
    stored = await harness.store.entries.all_of(ana.user_id)
    assert [type(e) for e in stored] == [Reflection, Note, Setback]

    files = _files(await _export(ana))
    document = json.loads(files["json"].decode("utf-8"))
    assert [_entry(item) for item in document["entries"]] == stored
    assert [item["kind"] for item in document["entries"]] == ["reflection", "note", "setback"]

    rows = [dict(zip(formats.CSV_HEADER, row, strict=True)) for row in _rows(files["csv"])[1:]]
    assert (rows[0]["kind"], rows[0]["question"], rows[0]["text"]) == (
        "reflection",
        question.text,
        "# Not a heading, just <3",
    )
    assert (rows[1]["text"], rows[1]["prompt"]) == ("'=honesty, mostly", JOURNAL_PROMPTS[0].text)
    assert (rows[2]["what_happened"], rows[2]["what_helped"]) == ("I cancelled on a friend", "")

    journal = files["md"].decode("utf-8")
    # Each answer sits under its question.
    assert (
        f"💬 You answered the day's question:\n\n**{formats.escape_line(question.text)}**"
        "\n\n> \\# Not a heading, just \\<3"
    ) in journal
    assert "📝 You wrote a note." in journal and "> \\=honesty, mostly" in journal
    assert "What happened:\n\n> I cancelled on a friend" in journal
    assert "What helped" not in journal  # she skipped it
