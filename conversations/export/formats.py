"""The export files, made by pure functions: JSON (complete), CSV (spreadsheets), Markdown.

Local dates and times use the person's current time zone (UTC if they haven't chosen one yet),
as `/history` does. The journal groups entries by weeks starting on Monday, oldest week first.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime, time, timedelta
from itertools import groupby
from typing import Any
from zoneinfo import ZoneInfo

from bot.safety.plan import SECTIONS
from bot.store import Entry, Feeling, Note, Reflection, Reframe, Setback, User, Win
from bot.store.schedule import Delivery
from bot.timezones import zone_label
from bot.weekdays import WEEKDAYS
from conversations.export import texts
from conversations.export.words import with_words
from conversations.win.texts import PHRASES

SCHEMA = "small-steps-export"
VERSION = 1
FALLBACK_ZONE = "UTC"  # for someone who agreed to use the bot but hasn't chosen a time zone

KIND_NAMES: dict[type, str] = {
    Win: "win",
    Feeling: "feeling",
    Reframe: "reframe",
    Reflection: "reflection",
    Note: "note",
    Setback: "setback",
}

# Fields every entry has; the CSV shows them as a local date and time instead.
_SHARED = ("id", "created_at", "local_date")
# Fixed, so spreadsheets built on it keep working: local date and time, kind, then the fields
# of every kind (a test checks that this covers them all).
CSV_HEADER = (
    "date",
    "time",
    "kind",
    "text",
    "progress_kind",
    "word",
    "feeling_key",
    "quadrant",
    "intensity",
    "body",
    "about",
    "situation",
    "critic",
    "heaviness_before",
    "feeling",
    "friend_words",
    "critic_is",
    "heaviness_after",
    "question_key",
    "question",
    "prompt",
    "what_happened",
    "what_helped",
    # The words beside the codes above, after the columns of each kind.
    "progress_kind_name",
    "quadrant_name",
    "critic_is_name",
)
# A cell starting with one of these may run as a formula in Excel or LibreOffice (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class ExportFile:
    """One file to send: its name, its bytes, and the caption that goes with it."""

    name: str
    data: bytes
    caption: str


# ---------------------------------------------------------------------------------- shared


def _zone(person: User) -> ZoneInfo:
    return ZoneInfo(person.timezone or FALLBACK_ZONE)


def _in_order(entries: Iterable[Entry]) -> list[Entry]:
    return sorted(entries, key=lambda entry: (entry.created_at, entry.id))


def _plain(value: object) -> object:
    """A value as JSON holds it: dates, times and instants in ISO 8601."""
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return value


def _record(item: Any) -> dict[str, object]:
    """Every field of a stored dataclass, in declaration order."""
    return {field.name: _plain(getattr(item, field.name)) for field in fields(item)}


def file_name(person: User, now: datetime, extension: str) -> str:
    """`small-steps-2026-11-22.json`, dated in the person's local time."""
    day = now.astimezone(_zone(person)).date()
    return texts.FILE_NAME.format(date=day.isoformat(), extension=extension)


# ------------------------------------------------------------------------------------ JSON


def to_json(
    person: User,
    entries: Sequence[Entry],
    deliveries: Sequence[Delivery],
    now: datetime,
    safety_plan: Mapping[str, str] | None = None,
) -> bytes:
    """Everything, machine-readable and versioned: settings, every field of every entry, the
    check-ins and look-backs sent, and the safety plan's sections in the person's words."""
    document = {
        "schema": SCHEMA,
        "version": VERSION,
        "exported_at": now.isoformat(),
        "person": with_words(_record(person)),
        "entries": [
            {"kind": KIND_NAMES[type(entry)], **with_words(_record(entry))}
            for entry in _in_order(entries)
        ],
        "deliveries": [_record(delivery) for delivery in deliveries],
        "safety_plan": {
            s.key: safety_plan[s.key] for s in SECTIONS if s.key in (safety_plan or {})
        },
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# ------------------------------------------------------------------------------------- CSV


def neutralise(value: str) -> str:
    """Text a spreadsheet must show as text, never run: a formula-like start gets a `'`."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralise(value)
    return value  # numbers we produce ourselves (0–10, never negative)


def to_csv(person: User, entries: Sequence[Entry]) -> bytes:
    """One row per entry under a fixed header; UTF-8 with a BOM and CRLF, as Excel expects."""
    zone = _zone(person)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for entry in _in_order(entries):
        local = entry.created_at.astimezone(zone)
        content = with_words(
            {
                field.name: getattr(entry, field.name)
                for field in fields(entry)
                if field.name not in _SHARED
            }
        )
        writer.writerow(
            [
                local.date().isoformat(),
                local.strftime("%H:%M"),
                KIND_NAMES[type(entry)],
                *(_cell(content.get(name)) for name in CSV_HEADER[3:]),
            ]
        )
    return buffer.getvalue().encode("utf-8-sig")


# -------------------------------------------------------------------------------- Markdown

# Escaped wherever they appear: emphasis, code, links, HTML, tables, strikethrough, maths.
_ANYWHERE = re.compile(r"([\\`*_\[\]<|~$])")
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
# Escaped at the start of a line: headings, quotes, lists, setext underlines.
_LINE_START = re.compile(r"^([#>+=-])")
_ORDERED_ITEM = re.compile(r"^(\d+)([.)])")


def escape_line(text: str) -> str:
    """One line of a person's words as Markdown that shows exactly those words."""
    line = _ANYWHERE.sub(r"\\\1", text.strip())
    line = _ENTITY.sub(r"\\&", line)
    line = _ORDERED_ITEM.sub(r"\1\\\2", line)
    return _LINE_START.sub(r"\\\1", line)


def _inline(text: str) -> str:
    """A person's short words (a feeling's name) on one line."""
    return escape_line(" ".join(text.split()))


def quote(text: str) -> list[str]:
    """A person's words as a block quote, keeping their line breaks."""
    lines = [escape_line(line) for line in text.splitlines()]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    quoted = []
    for index, line in enumerate(lines):
        follows = index + 1 < len(lines) and bool(lines[index + 1])
        # A backslash at the end of a line is a hard line break in CommonMark.
        quoted.append(f"> {line}\\" if line and follows else f"> {line}" if line else ">")
    return quoted or [">"]


def _day(day: date) -> str:
    return texts.DAY.format(
        weekday=WEEKDAYS[day.weekday()],
        day=day.day,
        month=texts.MONTHS[day.month - 1],
        year=day.year,
    )


def _day_and_time(local: datetime) -> str:
    return texts.DAY_AND_TIME.format(
        weekday=WEEKDAYS[local.weekday()],
        day=local.day,
        month=texts.MONTHS[local.month - 1],
        year=local.year,
        time=local.strftime("%H:%M"),
    )


def _labelled(label: str, words: str | None) -> list[str]:
    return [] if not words else ["", label, "", *quote(words)]


def _describe(entry: Entry) -> list[str]:
    """What an entry was, in sentences, with the person's words quoted."""
    if isinstance(entry, Win):
        phrase = PHRASES.get(entry.progress_kind, texts.WIN_PHRASE_UNKNOWN)
        return [texts.WIN.format(phrase=phrase), "", *quote(entry.text)]
    if isinstance(entry, Feeling):
        return [
            texts.FEELING.format(word=_inline(entry.word), intensity=entry.intensity),
            *_labelled(texts.FEELING_BODY, entry.body),
            *_labelled(texts.FEELING_ABOUT, entry.about),
        ]
    if isinstance(entry, Reflection):
        return [texts.REFLECTION, "", f"**{_inline(entry.question)}**", "", *quote(entry.text)]
    if isinstance(entry, Note):
        lines = [texts.NOTE]
        if entry.prompt:
            lines += ["", texts.NOTE_PROMPT.format(prompt=_inline(entry.prompt))]
        return [*lines, "", *quote(entry.text)]
    if isinstance(entry, Setback):
        return [
            texts.SETBACK,
            *_labelled(texts.SETBACK_WHAT, entry.what_happened),
            *_labelled(texts.SETBACK_HELPED, entry.what_helped),
        ]
    lines = [
        texts.REFRAME,
        *_labelled(texts.REFRAME_SITUATION, entry.situation),
        *_labelled(texts.REFRAME_CRITIC, entry.critic),
        "",
    ]
    check = texts.REFRAME_CHECK.get(entry.critic_is or "")
    if check is not None:
        lines.append(check)
    lines.append(texts.REFRAME_FEELING.format(feeling=_inline(entry.feeling)))
    lines += _labelled(texts.REFRAME_FRIEND, entry.friend_words)
    lines += [
        "",
        texts.REFRAME_HEAVINESS.format(before=entry.heaviness_before, after=entry.heaviness_after),
    ]
    return lines


def _week_of(local: datetime) -> date:
    """The Monday that starts the week of a local instant."""
    return local.date() - timedelta(days=local.weekday())


def _plan_blocks(safety_plan: Mapping[str, str]) -> list[str]:
    """The safety plan, section by section, in the person's words."""
    sections = [s for s in SECTIONS if safety_plan.get(s.key)]
    if not sections:
        return []
    return [
        texts.SAFETY_PLAN,
        *(
            "\n".join([texts.PLAN_SECTION.format(title=s.title), "", *quote(safety_plan[s.key])])
            for s in sections
        ),
    ]


def to_markdown(
    person: User,
    entries: Sequence[Entry],
    now: datetime,
    safety_plan: Mapping[str, str] | None = None,
) -> bytes:
    """A journal to read: entries by week (weeks start on Monday), oldest first, local times;
    then the safety plan, if there is one."""
    zone = _zone(person)
    ordered = _in_order(entries)
    blocks = [
        texts.TITLE,
        texts.EXPORTED.format(when=_day_and_time(now.astimezone(zone)), zone=zone_label(zone.key)),
    ]
    if not ordered:
        blocks.append(texts.NOTHING_YET)
    else:
        count = len(ordered)
        blocks.append(texts.COUNT_ONE if count == 1 else texts.COUNT_MANY.format(count=count))
    local_entries = [(entry.created_at.astimezone(zone), entry) for entry in ordered]
    for monday, week in groupby(local_entries, key=lambda pair: _week_of(pair[0])):
        blocks.append(texts.WEEK.format(day=_day(monday)))
        for local, entry in week:
            blocks.append(
                "\n".join([texts.ENTRY.format(when=_day_and_time(local)), "", *_describe(entry)])
            )
    blocks.extend(_plan_blocks(safety_plan or {}))
    return ("\n\n".join(blocks) + "\n").encode("utf-8")


# --------------------------------------------------------------------------------- all three


def export_files(
    person: User,
    entries: Sequence[Entry],
    deliveries: Sequence[Delivery],
    now: datetime,
    safety_plan: Mapping[str, str] | None = None,
) -> list[ExportFile]:
    """The three files `/export` sends, in the order it sends them."""
    return [
        ExportFile(
            file_name(person, now, "json"),
            to_json(person, entries, deliveries, now, safety_plan),
            texts.CAPTION_JSON,
        ),
        ExportFile(file_name(person, now, "csv"), to_csv(person, entries), texts.CAPTION_CSV),
        ExportFile(
            file_name(person, now, "md"),
            to_markdown(person, entries, now, safety_plan),
            texts.CAPTION_MARKDOWN,
        ),
    ]
