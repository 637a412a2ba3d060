"""Tests for parsing the daily prompt time a person types."""

from datetime import time

import pytest

from bot.timeparse import format_time, parse_local_time


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("21:30", time(21, 30)),
        ("9:05", time(9, 5)),
        ("09:05", time(9, 5)),
        ("00:00", time(0, 0)),
        ("23:59", time(23, 59)),
        ("21.30", time(21, 30)),
        ("21h30", time(21, 30)),
        ("21 h 30", time(21, 30)),
        ("2130", time(21, 30)),
        ("0930", time(9, 30)),
        ("9pm", time(21, 0)),
        ("9 pm", time(21, 0)),
        ("9 PM", time(21, 0)),
        ("9 p.m.", time(21, 0)),
        ("9p", time(21, 0)),
        ("9:15 am", time(9, 15)),
        ("9:15am", time(9, 15)),
        ("9.15 pm", time(21, 15)),
        ("12am", time(0, 0)),
        ("12:30 am", time(0, 30)),
        ("12pm", time(12, 0)),
        ("12:45 PM", time(12, 45)),
        ("noon", time(12, 0)),
        ("Noon", time(12, 0)),
        ("12 noon", time(12, 0)),
        ("midnight", time(0, 0)),
        ("MIDNIGHT", time(0, 0)),
        ("9", time(9, 0)),
        ("21", time(21, 0)),
        ("0", time(0, 0)),
        ("9h", time(9, 0)),
        ("21h", time(21, 0)),
        ("9 o'clock", time(9, 0)),
        ("9 o’clock", time(9, 0)),
        ("9 oclock", time(9, 0)),
        ("  7   pm  ", time(19, 0)),
        ("\t21:30\n", time(21, 30)),
    ],
)
def test_accepts(text: str, expected: time) -> None:
    assert parse_local_time(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "25:99",
        "24:00",
        "2400",
        "25",
        "13pm",
        "0pm",
        "00:30 am",
        "9:60",
        "9:5",
        "930",
        "12345",
        "21:30:00",
        "tomorrow",
        "pm",
        "h",
        "-9",
        "9 amx",
        "nine",
        "9:15 in the evening pls",
        "9" + " " * 20 + "pm",
    ],
)
def test_rejects(text: str) -> None:
    assert parse_local_time(text) is None


def test_length_limit_is_twenty_characters() -> None:
    twenty = "09:15" + " " * 13 + "pm"
    assert len(twenty) == 20
    assert parse_local_time(twenty) == time(21, 15)
    assert parse_local_time("09:15" + " " * 14 + "pm") is None
    assert parse_local_time("   " + twenty + "   ") == time(21, 15)


def test_minute_precision() -> None:
    parsed = parse_local_time("21:30")
    assert parsed is not None
    assert (parsed.second, parsed.microsecond) == (0, 0)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(time(21, 30), "21:30"), (time(9, 5), "09:05"), (time(0, 0), "00:00")],
)
def test_format_time(value: time, expected: str) -> None:
    assert format_time(value) == expected


@pytest.mark.parametrize("text", ["21:30", "9:05 am", "12am", "noon", "11.59 pm"])
def test_round_trip(text: str) -> None:
    parsed = parse_local_time(text)
    assert parsed is not None
    assert parse_local_time(format_time(parsed)) == parsed
