"""The update pipeline's shared rules: one retry policy for every send (its waits injected, an
interactive reply's wait capped), and flows that speak only through the shared reply helpers."""

from __future__ import annotations

import ast
import logging
import re
from pathlib import Path

import pytest
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.pipeline.retry import INTERACTIVE, SCHEDULED, Limits, Outcome, send
from fake_telegram import FakeUser
from tests.conftest import Harness, onboard

ROOT = Path(__file__).resolve().parent.parent
HELPERS = ROOT / "conversations" / "common" / "replies.py"
# Calls that put something in a chat or change a message in it. Answering a tap (`answer`,
# the spinner or a toast) is not a message and is allowed anywhere.
SENDING = re.compile(
    r"^(send_\w+|reply_\w+|edit_message_\w+|copy_messages?|forward_messages?|delete_messages?"
    r"|leave)$"
)
ASK_KIND = "Thank you. Which kind of step was it?"


def _sending_calls(path: Path) -> list[str]:
    """`file:line name` for every call of a sending Bot API method in this file."""
    tree = ast.parse(path.read_text(), filename=str(path))
    return [
        f"{path.relative_to(ROOT)}:{node.lineno} {node.func.attr}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and SENDING.match(node.func.attr)
    ]


def test_flows_send_only_through_the_shared_reply_helpers() -> None:
    direct = [
        call
        for path in sorted((ROOT / "conversations").rglob("*.py"))
        if path != HELPERS
        for call in _sending_calls(path)
    ]
    assert direct == [], "send through conversations/common/replies.py instead"


def test_the_direct_send_check_sees_the_helpers_own_sends() -> None:
    # The check above would pass on a tree it cannot read; the helpers do send, so it must see it.
    names = {call.rsplit(" ", 1)[1] for call in _sending_calls(HELPERS)}
    assert {"send_message", "send_photo", "send_document", "edit_message_reply_markup"} <= names


class _Calls:
    """A send that fails with the given errors, in order, then succeeds."""

    def __init__(self, *errors: Exception) -> None:
        self.errors = list(errors)
        self.count = 0

    async def __call__(self) -> object:
        self.count += 1
        if self.errors:
            raise self.errors.pop(0)
        return None


class _Waits:
    def __init__(self) -> None:
        self.seconds: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.seconds.append(seconds)


async def test_the_policy_waits_out_a_429_and_backs_off_after_a_5xx() -> None:
    call, waits = _Calls(RetryAfter(3), NetworkError("Bad Gateway")), _Waits()
    outcome = await send(call, SCHEDULED, waits)
    assert outcome == Outcome("sent")
    assert call.count == 3 and waits.seconds == [3.0, 2.0]


@pytest.mark.parametrize(
    ("error", "result"),
    [
        (TimedOut(), "uncertain"),
        (Forbidden("Forbidden: bot was blocked by the user"), "blocked"),
        (BadRequest("Bad Request: chat not found"), "failed"),
    ],
)
async def test_the_policy_never_retries_what_may_have_arrived_or_cannot(
    error: Exception, result: str
) -> None:
    call, waits = _Calls(error), _Waits()
    outcome = await send(call, INTERACTIVE, waits)
    assert outcome.result == result and call.count == 1 and waits.seconds == []


async def test_the_policy_gives_up_after_its_attempts_without_a_last_wait() -> None:
    call, waits = _Calls(*[NetworkError("Bad Gateway")] * 5), _Waits()
    outcome = await send(call, Limits(attempts=3, backoff=0.5), waits)
    assert outcome == Outcome("failed", detail="GaveUp")
    assert call.count == 3 and waits.seconds == [0.5, 1.0]


async def test_the_policy_does_not_start_a_wait_past_its_cap() -> None:
    call, waits = _Calls(RetryAfter(2), RetryAfter(4)), _Waits()
    outcome = await send(call, Limits(attempts=5, backoff=0.5, max_wait=5.0), waits)
    assert outcome == Outcome("failed", detail="TooLong")
    assert call.count == 2 and waits.seconds == [2.0]


async def test_a_reply_waits_out_a_short_429_through_the_injected_sleep(
    harness: Harness, ana: FakeUser
) -> None:
    await onboard(ana)
    await ana.send("/win")
    harness.sleeps.clear()
    harness.telegram.fail_next(
        "sendMessage", status=429, description="Too Many Requests: retry after 2", retry_after=2
    )
    await ana.send("Stood up for myself")
    assert harness.sleeps == [2.0]
    assert [t for t in ana.replies() if t.startswith(ASK_KIND)] != []


async def test_an_interactive_reply_is_not_held_past_its_cap_and_the_words_are_kept(
    harness: Harness, ana: FakeUser, caplog: pytest.LogCaptureFixture
) -> None:
    await onboard(ana)
    await ana.send("/win")
    harness.sleeps.clear()
    long_wait = int(INTERACTIVE.max_wait or 0) + 30
    harness.telegram.fail_next(
        "sendMessage",
        status=429,
        description=f"Too Many Requests: retry after {long_wait}",
        retry_after=long_wait,
    )
    with caplog.at_level(logging.WARNING, logger="bot.pipeline"):
        await ana.send("Stood up for myself")
    assert harness.sleeps == [], "an interactive reply waited longer than its cap"
    assert [t for t in ana.replies() if t.startswith(ASK_KIND)] == []
    assert any("reply_failed" in r.getMessage() for r in caplog.records)
    # Given up, not left behind: nothing stored is sent later as a surprise.
    assert await harness.store.outbox.waiting() == []
