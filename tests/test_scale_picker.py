"""The scale picker (a number tapped or typed) as /feel and /reframe show it."""

from __future__ import annotations

import pytest

from conversations.pickers.scale_picker import typed_number
from fake_telegram import FakeUser
from tests.conftest import onboard


def _rows(ana: FakeUser) -> list[list[str]]:
    markup = ana.last_message().reply_markup or {}
    return [[button["text"] for button in row] for row in markup.get("inline_keyboard", [])]


@pytest.mark.parametrize(
    ("typed", "value"),
    [("7", 7), (" 7 ", 7), ("7/10", 7), ("7 / 10", 7), ("0", 0), ("10", 10), ("10/10", 10)],
)
def test_a_typed_number_on_the_scale_is_read(typed: str, value: int) -> None:
    assert typed_number(typed, range(11)) == value


@pytest.mark.parametrize("typed", ["11", "-1", "7.5", "seven", "7/5", "", "77", "1 0", "7 7"])
def test_anything_else_is_not(typed: str) -> None:
    assert typed_number(typed, range(11)) is None


def test_the_scale_decides_what_counts() -> None:
    assert typed_number("0", range(1, 11)) is None
    assert typed_number("1", range(1, 11)) == 1


async def test_one_to_ten_shows_in_two_rows_of_five(ana: FakeUser) -> None:
    await onboard(ana)
    await ana.send("/feel")
    await ana.send("calm")
    assert _rows(ana) == [["1", "2", "3", "4", "5"], ["6", "7", "8", "9", "10"]]


async def test_zero_to_ten_shows_six_over_five(ana: FakeUser) -> None:
    await onboard(ana)
    await ana.send("/reframe")
    await ana.send("A hard day at work.")
    await ana.send("You never get anything right.")
    assert _rows(ana) == [["0", "1", "2", "3", "4", "5"], ["6", "7", "8", "9", "10"]]
