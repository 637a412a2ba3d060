"""Draw docs/digest-example.png (shown in the README) from a made-up history, with bot.digest.

Run from the repository root:  python docs/make_digest_example.py
It prints the digest message as the person would read it, too.
"""

from __future__ import annotations

import itertools
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.digest import build_digest, chart_caption, render_chart, render_digest  # noqa: E402
from bot.store.entries import Entry, Feeling, Reframe, Win  # noqa: E402
from fake_telegram import parse_html  # noqa: E402

TODAY = date(2026, 11, 29)  # a Sunday: the look-back's default day
OUTPUT = ROOT / "docs" / "digest-example.png"
_ids = itertools.count(1)


def _stamp(days_ago: int) -> dict[str, object]:
    n = next(_ids)
    day = TODAY - timedelta(days=days_ago)
    created = datetime(day.year, day.month, day.day, 19, tzinfo=UTC) + timedelta(minutes=n)
    return {"id": n, "created_at": created, "local_date": day}


def win(days_ago: int, text: str, kind: str) -> Win:
    return Win(**_stamp(days_ago), text=text, progress_kind=kind)


def feeling(days_ago: int, word: str) -> Feeling:
    return Feeling(
        **_stamp(days_ago),
        word=word,
        feeling_key=None,
        quadrant="uh",
        intensity=6,
        body=None,
        about=None,
    )


def reframe(days_ago: int, before: int, after: int) -> Reframe:
    return Reframe(
        **_stamp(days_ago),
        situation="A meeting went badly.",
        critic="I always mess things up.",
        heaviness_before=before,
        feeling="ashamed",
        friend_words="One hard meeting doesn't undo everything you've done.",
        critic_is="assumption",
        heaviness_after=after,
    )


def history() -> list[Entry]:
    """Six weeks of someone slowly finding their feet."""
    return [
        win(41, "Took a breath before replying to my boss", "paused"),
        feeling(40, "anxious"),
        reframe(38, 8, 7),
        win(33, "Noticed I get snappy when I skip lunch", "pattern"),
        feeling(31, "overwhelmed"),
        win(27, "Asked a friend to walk with me", "reached_out"),
        reframe(25, 7, 5),
        win(22, "Went to the appointment even though I wanted to cancel", "showed_up"),
        win(20, "Let myself cry instead of scrolling", "let_feel"),
        feeling(19, "sad"),
        win(15, "Said no to an extra shift", "boundary"),
        reframe(13, 8, 5),
        win(12, "Wrote down three things that went okay", "coping"),
        win(9, "Told my sister I needed a quiet evening", "boundary"),
        win(6, "Paused before answering a sharp email", "paused"),
        feeling(4, "hopeful"),
        win(4, "Spoke to myself kindly after a mistake", "kind_self"),
        reframe(3, 7, 3),
        win(2, "Stayed with the restlessness for ten minutes", "sat_with"),
        win(1, "Called my mum back", "reached_out"),
        feeling(0, "calm"),
    ]


def main() -> None:
    digest = build_digest(history(), TODAY)
    png = render_chart(digest)
    OUTPUT.write_bytes(png)
    print(f"wrote {OUTPUT.relative_to(ROOT)} ({len(png) // 1024} KB)")
    print()
    print(chart_caption(digest))
    print()
    print(parse_html(render_digest(digest))[0])


if __name__ == "__main__":
    main()
