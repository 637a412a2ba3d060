"""A tiny run of the in-process benchmarks, and the double's optional flood limits.

The benchmarks themselves are not part of `make test` (see docs/benchmarks.md); this only
checks that they still run against the current code, in a few seconds.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from fake_telegram import FakeTelegram, RateLimits

BENCH = Path(__file__).resolve().parents[1] / "bench"


@pytest.fixture
def bench_path():
    sys.path.insert(0, str(BENCH))
    yield
    sys.path.remove(str(BENCH))


def test_the_double_has_no_flood_limits_unless_asked() -> None:
    telegram = FakeTelegram()
    telegram.add_private_chat(1)
    statuses = [telegram.handle("sendMessage", {"chat_id": 1, "text": "hi"})[0] for _ in range(40)]
    assert set(statuses) == {200}


def test_flood_limits_answer_429_with_retry_after_beyond_them() -> None:
    now = [0.0]
    telegram = FakeTelegram()
    limits = telegram.limit_rate(
        RateLimits(overall=30, overall_burst=30, per_chat=1, chat_burst=3, clock=lambda: now[0])
    )
    for chat in range(1, 33):
        telegram.add_private_chat(chat)
    # Per chat: a burst of 3, then 1/s.
    answers = [telegram.handle("sendMessage", {"chat_id": 1, "text": "hi"}) for _ in range(4)]
    assert [status for status, _ in answers] == [200, 200, 200, 429]
    assert answers[-1][1]["parameters"] == {"retry_after": 1}
    now[0] = 1.0
    assert telegram.handle("sendMessage", {"chat_id": 1, "text": "hi"})[0] == 200
    # Overall: bursts of 30 (refilled by now; one spent on chat 1 just above), then 429.
    statuses = [
        telegram.handle("sendMessage", {"chat_id": chat, "text": "hi"})[0] for chat in range(2, 32)
    ]
    assert statuses.count(200) == 29 and statuses[-1] == 429
    assert limits.refused == 2
    # answerCallbackQuery and the like are not counted.
    assert telegram.handle("getMe", {})[0] == 200


def test_fanout_db_part_runs(bench_path, capsys) -> None:
    import fanout

    assert fanout.main(["--people", "40", "--parts", "db", "--no-append"]) == 0
    assert "prompts claimed, sent (instantly) and recorded: 40 of 40" in capsys.readouterr().out


def test_encryption_benchmark_runs(bench_path, capsys) -> None:
    import encryption

    args = ["--writes", "3", "--reads", "1", "--rounds", "1", "--no-append", "--no-postgres"]
    assert encryption.main(args) == 0
    out = capsys.readouterr().out
    assert "a year's history read + digest" in out
    assert "per-person layer (SQLite): an entry saved" in out


def test_encryption_benchmark_runs_on_postgres(bench_path, capsys, postgres_url) -> None:
    import encryption
    import psycopg

    def bench_schemas() -> list[str]:
        with psycopg.connect(postgres_url) as conn:
            rows = conn.execute(
                "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'bench\\_%'"
            ).fetchall()
        return sorted(row[0] for row in rows)

    before = bench_schemas()
    args = ["--writes", "3", "--reads", "1", "--rounds", "1", "--no-append"]
    assert encryption.main([*args, "--postgres-url", postgres_url]) == 0
    out = capsys.readouterr().out
    assert "per-person layer (PostgreSQL): an entry saved" in out
    assert "per-person layer (PostgreSQL): a year (" in out
    assert bench_schemas() == before  # each round's schema (and its key schema) dropped


def test_chart_bench_runs(bench_path, capsys) -> None:
    import chart

    assert chart.main(["--repeat", "2", "--renderers", "matplotlib,pillow", "--no-append"]) == 0
    assert "pillow: CPU per chart" in capsys.readouterr().out
