"""The real bot's entry point (`python -m bot`), optionally without its rate limiter.

Only for benchmarks: `--no-rate-limit` swaps the limiter (bot.pipeline.limits: per chat, and
overall for broadcasts) for a pass-through one, so a run measures what the bot's own code can
do rather than the limits it keeps to.
`--no-charts` sends a tiny fixed picture in place of each digest's chart (same two messages
per digest, without the drawing), for fan-out benchmarks of Telegram's limits rather than of
the chart's cost. `--synchronous-normal` (an experiment) sets SQLite's synchronous=NORMAL
instead of the default FULL, to measure what the fsync at every commit costs. Everything else
(settings from the environment, the store, handlers, the tick) is unchanged.
"""

from __future__ import annotations

import sys
from typing import Any

from telegram.ext import BaseRateLimiter


def _tiny_png() -> bytes:
    """A 1×1 white PNG."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


_TINY_PNG = _tiny_png()


class PassThrough(BaseRateLimiter[int]):
    """A rate limiter that limits nothing (the same code path as a real one, minus the wait)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """Take (and ignore) whatever the real limiter is given."""

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to tear down."""

    async def process_request(
        self,
        callback: Any,
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Any:
        """Run the request at once."""
        return await callback(*args, **kwargs)


def main(argv: list[str]) -> int:
    if "--no-rate-limit" in argv:
        import bot.app

        bot.app.TelegramLimits = PassThrough  # type: ignore[misc,assignment]
    if "--no-charts" in argv:
        import conversations.checkins.compose as compose

        compose.render_chart = lambda digest: _TINY_PNG  # type: ignore[assignment]
    if "--synchronous-normal" in argv:
        # An experiment, not a recommendation: what the commits' fsync costs per update.
        from bot.store import db as db_module

        opened = db_module.Database.open.__func__  # type: ignore[attr-defined]

        async def open_normal(cls: Any, path: Any, key: str) -> Any:
            database = await opened(cls, path, key)
            await database._conn.execute("PRAGMA synchronous = NORMAL")
            return database

        db_module.Database.open = classmethod(open_normal)  # type: ignore[method-assign,assignment]
    from bot.__main__ import main as bot_main

    return bot_main(["run"])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
