"""`python -m bot try`: the real bot in a terminal chat, the Bot API double in Telegram's place.

The same `build_application` as in production (handlers, storage, texts, scheduler), wired to the
in-process double (`FakeRequest(FakeTelegram())`), so no token and no network are needed. Time is
a `FixedClock` that only moves when the person says so (`:later`, `:at`); each move runs the
scheduler's tick at every due instant on the way, as the repeating job would have.

The loop is deliberately plain: read a line (blocking; nothing runs in the background while the
clock is fixed), hand it to the bot, wait until the update is processed, print what came back.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import logging
import os
import re
import secrets
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import ExitStack
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from telegram import Update

from bot import try_texts as texts
from bot.app import build_application
from bot.clock import FixedClock
from bot.config import ConfigError, Settings, load_settings
from bot.pipeline.application import SmallStepsApplication
from bot.store import StoreError
from fake_telegram import Button, FakeRequest, FakeTelegram, FakeUser, SentMessage

PERSON_ID = 1001
PERSON_NAME = "Ana"
KEY_VARIABLES = ("SMALLSTEPS_DB_KEY", "SMALLSTEPS_DB_KEY_FILE")
# Far enough ahead that every planned delivery is "due" by then (used to spot a real database).
END_OF_TIME = datetime(9999, 1, 1, tzinfo=UTC)
# A year of daily check-ins and weekly look-backs, with room to spare.
MAX_STEPS = 1000
_UNITS = {"m": timedelta(minutes=1), "h": timedelta(hours=1), "d": timedelta(days=1)}
_UNITS["w"] = timedelta(weeks=1)
_DURATION_PART = re.compile(r"(\d+)\s*([mhdw])")
_TAP = re.compile(r"#?(\d+)")
# `:later`, `:at`… (while `:)` or `:D` are messages for the bot).
_TERMINAL_COMMAND = re.compile(r":[a-z]{2,}")
_COMMANDS = {":quit", ":exit", ":help", ":now", ":later", ":at"}
_SIGNATURES = ((b"\x89PNG\r\n\x1a\n", ".png"), (b"\xff\xd8\xff", ".jpg"), (b"%PDF-", ".pdf"))


def parse_duration(text: str) -> timedelta | None:
    """`30m`, `1h`, `1d`, `2d3h`, `1w` → a timedelta; None if it doesn't read as one."""
    compact = text.strip().lower()
    if not compact or _DURATION_PART.sub("", compact).strip():
        return None
    return sum((int(n) * _UNITS[unit] for n, unit in _DURATION_PART.findall(compact)), timedelta())


def parse_instant(text: str, zone: tzinfo | None) -> datetime | None:
    """An ISO date and time; without an offset it is read in `zone` (None: this machine's)."""
    try:
        instant = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=zone) if zone else instant.astimezone()
    return instant.astimezone(UTC)


class FileSaver:
    """Writes the photos and documents the bot sends into one folder, made when first needed."""

    def __init__(self, folder: Path | None) -> None:
        self._folder = folder

    def save(self, message: SentMessage) -> Path:
        """Save a message's file and return where it went."""
        if self._folder is None:
            self._folder = Path(tempfile.mkdtemp(prefix="small-steps-try-"))
        self._folder.mkdir(parents=True, exist_ok=True)
        data = message.file_bytes or b""
        name = Path(message.file_name or message.kind).name
        # Bytes sent without a name arrive as "application.octet-stream": name them by content.
        ext = next((e for magic, e in _SIGNATURES if data.startswith(magic)), None)
        if ext and not name.lower().endswith(ext):
            name = message.kind + ext
        path = self._folder / f"{message.chat_id}-{message.message_id:04d}-{name}"
        path.write_bytes(data)
        return path


class TrySession:
    """One person chatting with the real application over the in-process double."""

    def __init__(
        self,
        app: SmallStepsApplication,
        telegram: FakeTelegram,
        clock: FixedClock,
        files: FileSaver,
        write: Callable[[str], None],
    ) -> None:
        self.app = app
        self.telegram = telegram
        self.clock = clock
        self.files = files
        self.write = write
        self.person = FakeUser(telegram, self._deliver, user_id=PERSON_ID, first_name=PERSON_NAME)
        self._shown: dict[int, tuple[str, list[list[Button]]]] = {}
        self._keyboard: dict[int, tuple[int, Button]] = {}
        # Telegram's update ids only ever grow, and the bot skips an id it has handled before.
        # A fresh double counts from 1, so with a kept database (--db) the ids continue from
        # the wall clock in milliseconds: always past the previous run's.
        self._update_ids = itertools.count(time.time_ns() // 1_000_000)

    async def _deliver(self, update: dict[str, Any]) -> None:
        update = {**update, "update_id": next(self._update_ids)}
        await self.app.process_update(Update.de_json(update, self.app.bot))

    # ------------------------------------------------------------------ time

    async def zone(self) -> tzinfo | None:
        """The person's time zone once they have chosen one."""
        user = await self.app.services.store.users.get(PERSON_ID)
        return ZoneInfo(user.timezone) if user and user.timezone else None

    async def describe_now(self) -> str:
        """The bot's current time, in the person's zone (or this machine's)."""
        zone = await self.zone()
        now = self.clock.now()
        local = now.astimezone(zone) if zone else now.astimezone()
        return local.strftime(texts.TIME_FORMAT) + texts.ZONE.format(zone=zone or local.tzname())

    async def _next_due(self, until: datetime) -> datetime | None:
        schedule = self.app.services.store.schedule
        due = [
            first.due_at
            for kind in ("prompt", "digest")
            for first in await schedule.due(kind, until, 1)  # type: ignore[arg-type]
        ]
        return min(due, default=None)

    async def _tick(self) -> None:
        assert self.app.services.scheduler is not None
        mark = self.telegram.current_seq()
        await self.app.services.scheduler.tick()
        if self.telegram.current_seq() != mark:
            self.write(texts.MOVED.format(when=await self.describe_now()))
            self.show_since(mark)

    async def advance_to(self, target: datetime) -> None:
        """Move the clock to `target`, ticking at every due instant on the way and at the end."""
        if target < self.clock.now():
            self.write(texts.NOT_BACKWARDS.format(when=await self.describe_now()))
            return
        await self._tick()  # plans anything not yet planned, at the current time
        for _ in range(MAX_STEPS):
            due = await self._next_due(target)
            if due is None or due <= self.clock.now():
                break
            self.clock.set(due)
            await self._tick()
        if self.clock.now() < target:
            self.clock.set(target)
            await self._tick()
        self.write(texts.NOW.format(when=await self.describe_now()))

    # ------------------------------------------------------------------ what the person sees

    def show_since(self, mark: int) -> None:
        """Print the bot's messages sent or edited after sequence number `mark`."""
        changed = [m for m in self.telegram.transcript(PERSON_ID) if m.seq > mark]
        keyboard: dict[int, tuple[int, Button]] = {}
        for message in sorted(changed, key=lambda m: m.seq):
            before = self._shown.get(message.message_id)
            self._shown[message.message_id] = (message.text, message.buttons)
            if before is not None and before[0] == message.text and not message.buttons:
                continue  # only its buttons were taken away: nothing new to read
            self._show(message, edited=before is not None, keyboard=keyboard)
        if keyboard:
            self._keyboard = keyboard

    def _show(
        self, message: SentMessage, *, edited: bool, keyboard: dict[int, tuple[int, Button]]
    ) -> None:
        lines: list[str] = []
        if message.file_bytes is not None:
            path = self.files.save(message)
            lines.append(texts.FILE_SAVED.format(kind=message.kind, path=path))
        if message.text:
            lines.extend(message.text.split("\n"))
        for row in message.buttons:
            labels = []
            for button in row:
                number = len(keyboard) + 1
                keyboard[number] = (message.message_id, button)
                template = texts.LINK_BUTTON if button.url else texts.BUTTON
                labels.append(template.format(number=number, label=button.text, url=button.url))
            lines.append("  ".join(labels))
        first = texts.BOT + (texts.EDITED if edited else "")
        self.write(first + (lines[0] if lines else ""))
        for line in lines[1:]:
            self.write(texts.INDENT + line if line else "")

    def _taps(self, line: str) -> int | None:
        """The button number a line asks to tap, or None if it is a message for the bot."""
        match = _TAP.fullmatch(line.strip())
        if match is None:
            return None
        if line.strip().startswith("#"):
            return int(match.group(1))
        # A bare number is a tap only while the newest message still offers buttons (otherwise
        # it is an answer, such as an intensity or an hour). On a keyboard of numbers (a 0–10
        # scale) it picks the button with that label, never the button in that position.
        transcript = self.telegram.transcript(PERSON_ID)
        if not transcript or not transcript[-1].buttons:
            return None
        labels = {button.text.strip(): n for n, (_, button) in self._keyboard.items()}
        if line.strip() in labels:
            return labels[line.strip()]
        if any(label.isdigit() for label in labels):
            return None  # not one of its numbers: an answer for the bot to read
        number = int(match.group(1))
        return number if number in self._keyboard else None

    async def tap(self, number: int) -> None:
        """Tap button `number` of the newest numbered keyboard."""
        if number not in self._keyboard:
            self.write(texts.NO_SUCH_BUTTON.format(text=f"#{number}"))
            return
        message_id, button = self._keyboard[number]
        if button.callback_data is None:
            self.write(texts.LINK_ONLY.format(number=number, url=button.url))
            return
        mark = self.telegram.current_seq()
        query_id = await self.person.tap_data(button.callback_data, message_id)
        answer = self.telegram.callback_answer(query_id) or {}
        if answer.get("text"):
            self.write(texts.NOTICE.format(text=answer["text"]))
        self.show_since(mark)

    async def send(self, text: str) -> None:
        """Send a text message as the person."""
        mark = self.telegram.current_seq()
        await self.person.send(text)
        self.show_since(mark)

    # ------------------------------------------------------------------ one line of input

    async def handle(self, line: str) -> bool:
        """Act on one line the person typed; False when they want to leave."""
        text = line.strip()
        if not text:
            return True
        command, _, rest = text.partition(" ")
        command = command.lower()
        if command in (":quit", ":q", ":exit"):
            return False
        if command in (":help", ":h", ":?"):
            self.write(texts.HELP)
        elif _TERMINAL_COMMAND.fullmatch(command) and command not in _COMMANDS:
            # A mistyped :command, not a message: it must not end up saved as someone's words.
            self.write(texts.UNKNOWN_COMMAND.format(command=command))
        elif command == ":now":
            self.write(texts.NOW.format(when=await self.describe_now()))
        elif command == ":later":
            duration = parse_duration(rest)
            if duration is None:
                self.write(texts.BAD_DURATION.format(text=rest))
            else:
                await self.advance_to(self.clock.now() + duration)
        elif command == ":at":
            instant = parse_instant(rest, await self.zone())
            if instant is None:
                self.write(texts.BAD_INSTANT.format(text=rest))
            else:
                await self.advance_to(instant)
        elif (number := self._taps(text)) is not None:
            await self.tap(number)
        else:
            await self.send(text)
        return True


def _settings(args: argparse.Namespace, telegram: FakeTelegram, scratch: Path) -> Settings:
    """Settings for the double: its token, and a throwaway database unless --db was given."""
    if args.db is None:
        key = secrets.token_hex(32)
        return Settings(token=telegram.token, db_key=key, db_path=scratch / "smallsteps.db")
    env = {name: os.environ[name] for name in KEY_VARIABLES if os.environ.get(name, "").strip()}
    if not env:
        raise ConfigError(texts.NEEDS_KEY)
    env.update(TELEGRAM_BOT_TOKEN=telegram.token, SMALLSTEPS_DB_PATH=str(args.db))
    return load_settings(env)


async def _start(
    args: argparse.Namespace, scratch: Path, write: Callable[[str], None]
) -> TrySession:
    telegram = FakeTelegram()
    settings = _settings(args, telegram, scratch)
    clock = FixedClock(datetime.now(UTC))
    app = build_application(settings, request=FakeRequest(telegram), clock=clock)
    await app.initialize()
    try:
        # A database with other people in it belongs to a real bot: ticking here would record
        # their check-ins as sent to a pretend Telegram.
        planned = await app.services.store.schedule.due("prompt", END_OF_TIME, 2)
        if any(due.telegram_id != PERSON_ID for due in planned):
            raise ConfigError(texts.NOT_A_TRY_DATABASE.format(path=settings.db_path))
        session = TrySession(app, telegram, clock, FileSaver(args.out), write)
        if args.clock:
            start = parse_instant(args.clock, await session.zone())
            if start is None:
                raise ConfigError(texts.BAD_CLOCK.format(text=args.clock))
            clock.set(start)
    except BaseException:
        await app.shutdown()
        raise
    database = (
        texts.THROWAWAY_DB if args.db is None else texts.KEPT_DB.format(path=settings.db_path)
    )
    write(texts.BANNER.format(name=PERSON_NAME, database=database))
    write(texts.NOW.format(when=await session.describe_now()))
    return session


def _read_line(stdin: TextIO, interactive: bool, write: Callable[[str], None]) -> str | None:
    """One line from the person; None at end of input. Echoed when it came from a pipe."""
    if interactive:
        try:
            return input(texts.YOU)
        except EOFError:
            write("")
            return None
    line = stdin.readline()
    if not line:
        return None
    write(texts.YOU + line.rstrip("\n"))
    return line


def main(args: argparse.Namespace) -> int:
    """Run the terminal chat until :quit or end of input; return the exit status."""
    # The terminal is the conversation; keep the bot's own INFO logging (stderr) out of it.
    logging.getLogger().setLevel(logging.WARNING)

    def write(text: str) -> None:
        print(text, flush=True)

    interactive = sys.stdin.isatty()
    with ExitStack() as stack:
        scratch = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="small-steps-")))
        runner = stack.enter_context(asyncio.Runner())
        try:
            session = runner.run(_start(args, scratch, write))
        except (ConfigError, StoreError) as exc:
            print(exc, file=sys.stderr)
            return 2
        try:
            while (line := _read_line(sys.stdin, interactive, write)) is not None:
                if not runner.run(session.handle(line)):
                    break
        except KeyboardInterrupt:
            write("")
        finally:
            runner.run(session.app.shutdown())
        write(texts.BYE)
    return 0
