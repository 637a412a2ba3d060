"""The fake Bot API: chats, methods, recording, long polling and fault injection."""

from __future__ import annotations

import asyncio
import contextlib
import copy
import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from fake_telegram.entities import utf16_len
from fake_telegram.validation import (
    ApiError,
    bad,
    check_commands,
    check_markup,
    decode_params,
    format_text,
    inline_keyboard,
)

FileTuple = tuple[str, bytes, str]
"""An uploaded file as (file name, content, MIME type)."""

_METHODS = (
    "getMe",
    "getUpdates",
    "setWebhook",
    "deleteWebhook",
    "getWebhookInfo",
    "setMyCommands",
    "getMyCommands",
    "deleteMyCommands",
    "setMyDescription",
    "getMyDescription",
    "setMyShortDescription",
    "getMyShortDescription",
    "sendMessage",
    "editMessageText",
    "editMessageReplyMarkup",
    "deleteMessage",
    "answerCallbackQuery",
    "sendChatAction",
    "leaveChat",
    "sendPhoto",
    "sendDocument",
    "getChat",
    "getFile",
    "close",
    "logOut",
)
_CANONICAL = {name.lower(): name for name in _METHODS}

_CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
_DEFAULT_UPDATE_TYPES_EXCLUDED = frozenset(
    {"chat_member", "message_reaction", "message_reaction_count"}
)
_MAX_TEXT = 4096
_MAX_CAPTION = 1024
_MAX_LONG_POLL = 25.0
_NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)
_QUERY_TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"
_CONFLICT = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)
# Methods that put a message in a chat (or change one): what Telegram's flood limits count.
_LIMITED = frozenset(
    {"sendMessage", "sendPhoto", "sendDocument", "editMessageText", "editMessageReplyMarkup"}
)


@dataclass(frozen=True)
class ApiCall:
    """One Bot API call the bot made, as the double answered it."""

    method: str
    params: dict[str, Any]
    status: int
    response: dict[str, Any]


@dataclass(frozen=True)
class Button:
    """One inline keyboard button."""

    text: str
    callback_data: str | None = None
    url: str | None = None


@dataclass
class SentMessage:
    """A message the bot sent, as it stands now (edits applied)."""

    message_id: int
    chat_id: int
    kind: str
    text: str
    raw: str
    parse_mode: str | None
    reply_markup: dict[str, Any] | None
    seq: int
    date: int
    entities: list[dict[str, Any]] = field(default_factory=list)
    file_name: str | None = None
    file_bytes: bytes | None = None
    file_id: str | None = None
    mime_type: str | None = None
    edit_date: int | None = None

    @property
    def buttons(self) -> list[list[Button]]:
        """The inline keyboard as rows of buttons (empty if there is none)."""
        rows = (self.reply_markup or {}).get("inline_keyboard") or []
        return [
            [Button(b.get("text", ""), b.get("callback_data"), b.get("url")) for b in row]
            for row in rows
        ]


@dataclass
class _Chat:
    """A chat the double knows about."""

    id: int
    type: str
    first_name: str | None = None
    title: str | None = None
    language_code: str | None = None
    last_message_id: int = 0

    def json(self) -> dict[str, Any]:
        """The Chat object as Telegram sends it."""
        if self.type == "private":
            return {"id": self.id, "type": "private", "first_name": self.first_name or ""}
        return {"id": self.id, "type": self.type, "title": self.title or ""}


@dataclass
class _StoredFile:
    """A file known to the double (uploaded by the bot or sent by a fake user)."""

    file_id: str
    file_unique_id: str
    file_path: str
    data: bytes | None
    mime_type: str
    file_name: str


@dataclass
class _Fault:
    """An injected failure for the next call(s) of one method."""

    status: int
    description: str
    retry_after: int | None
    remaining: int


@dataclass
class _Poll:
    """One getUpdates call in progress."""

    params: dict[str, Any]
    limit: int
    timeout: float
    generation: int
    wakeups: int
    ended: bool = False


@dataclass
class _Bucket:
    """A token bucket: `burst` tokens at most, refilled at `rate` per second."""

    rate: float
    burst: float
    tokens: float
    stamp: float

    def take(self, now: float) -> float:
        """Take a token and return 0, or return how many seconds until one is free."""
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return 0.0
        return (1.0 - self.tokens) / self.rate


@dataclass
class RateLimits:
    """Telegram-like flood limits for the double (off unless `FakeTelegram.limit_rate` is called).

    Sends and edits are counted against an overall token bucket (`overall` per second, bursts
    of `overall_burst`) and one per chat (`per_chat` per second, bursts of `chat_burst`); a
    call beyond either gets 429 with `retry_after` (whole seconds, at least 1), as Telegram does.
    """

    overall: float = 30.0
    overall_burst: float = 30.0
    per_chat: float = 1.0
    chat_burst: float = 3.0
    clock: Callable[[], float] = time.monotonic
    refused: int = 0
    _overall: _Bucket | None = None
    _chats: dict[int, _Bucket] = field(default_factory=dict)

    def check(self, chat_id: Any) -> None:
        """Count one send to `chat_id`, or raise a 429 ApiError."""
        now = self.clock()
        if self._overall is None:
            self._overall = _Bucket(self.overall, self.overall_burst, self.overall_burst, now)
        chat = self._chats.get(chat_id) if isinstance(chat_id, int) else None
        if chat is None and isinstance(chat_id, int):
            chat = self._chats[chat_id] = _Bucket(
                self.per_chat, self.chat_burst, self.chat_burst, now
            )
        # Peek at the chat's bucket first so a refusal there costs no overall token.
        if chat is not None:
            wait = chat.take(now)
            if wait:
                self._refuse(wait)
        wait = self._overall.take(now)
        if wait:
            if chat is not None:
                chat.tokens += 1.0  # the message was not sent: give the chat's token back
            self._refuse(wait)

    def _refuse(self, wait: float) -> None:
        self.refused += 1
        seconds = max(1, int(wait + 0.999))
        raise ApiError(429, f"Too Many Requests: retry after {seconds}", seconds)


def _update_type(update: dict[str, Any]) -> str:
    """The update's type, e.g. "message" or "callback_query"."""
    return next((key for key in update if key != "update_id"), "")


class FakeTelegram:
    """An in-memory Telegram Bot API server; thread-safe, one lock guards all state."""

    def __init__(
        self,
        token: str = "123456:TEST-TOKEN",
        bot_id: int = 123456,
        bot_username: str = "SmallStepsTestBot",
    ) -> None:
        """Start with no chats, no updates and no recorded calls."""
        self.token = token
        self.bot_id = bot_id
        self.bot_username = bot_username
        self._lock = threading.RLock()
        self._cond = threading.Condition(self._lock)
        self.calls: list[ApiCall] = []
        self.left_chats: set[int] = set()
        self._chats: dict[int, _Chat] = {}
        self._messages: dict[int, dict[int, SentMessage]] = {}
        self._user_messages: set[tuple[int, int]] = set()
        self._blocked: set[int] = set()
        self._updates: list[dict[str, Any]] = []
        self._last_update_id = 0
        self._pending_queries: set[str] = set()
        self._query_answers: dict[str, dict[str, Any]] = {}
        self._query_counter = 0
        self._commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self._scopes: dict[str, dict[str, Any]] = {}
        self._descriptions: dict[tuple[str, str], str] = {}
        self._faults: dict[str, list[_Fault]] = {}
        self._files: dict[str, _StoredFile] = {}
        self._file_counter = 0
        self._seq = 0
        self._poll_generation = 0
        self._wakeups = 0
        self._polls_in_progress = 0
        self._allowed_updates: frozenset[str] | None = None
        self._webhook: dict[str, Any] | None = None  # what setWebhook was given, if anything
        self._listeners: list[Callable[[], None]] = []
        self.rate_limits: RateLimits | None = None
        self._handlers: dict[str, Callable[[dict[str, Any], dict[str, FileTuple]], Any]] = {
            "getMe": self._get_me,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "setMyCommands": self._set_my_commands,
            "getMyCommands": self._get_my_commands,
            "deleteMyCommands": self._delete_my_commands,
            "setMyDescription": lambda p, f: self._set_description(p, "description", 512),
            "getMyDescription": lambda p, f: self._get_description(p, "description"),
            "setMyShortDescription": lambda p, f: self._set_description(
                p, "short_description", 120
            ),
            "getMyShortDescription": lambda p, f: self._get_description(p, "short_description"),
            "sendMessage": self._send_message,
            "editMessageText": self._edit_message_text,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "deleteMessage": self._delete_message,
            "answerCallbackQuery": self._answer_callback_query,
            "sendChatAction": self._send_chat_action,
            "leaveChat": self._leave_chat,
            "sendPhoto": lambda p, f: self._send_media(p, f, "photo"),
            "sendDocument": lambda p, f: self._send_media(p, f, "document"),
            "getChat": self._get_chat,
            "getFile": self._get_file,
            "close": lambda p, f: True,
            "logOut": lambda p, f: True,
        }

    # ------------------------------------------------------------------ entry points

    def handle(
        self,
        method: str,
        params: dict[str, Any],
        files: dict[str, FileTuple] | None = None,
    ) -> tuple[int, dict[str, Any]]:
        """Run one Bot API method; returns (HTTP status, JSON body) shaped like Telegram's."""
        name = _CANONICAL.get(method.lower(), method)
        with self._cond:
            if name != "getUpdates":
                return self._call(name, params, files or {})
            poll = self._begin_poll(params)
            if isinstance(poll, tuple):
                return poll
            self._cond.wait_for(lambda: self._poll_ready(poll), poll.timeout)
            return self._end_poll(poll)

    async def handle_async(
        self,
        method: str,
        params: dict[str, Any],
        files: dict[str, FileTuple] | None = None,
    ) -> tuple[int, dict[str, Any]]:
        """Like handle, but a getUpdates long poll waits without blocking the event loop."""
        if _CANONICAL.get(method.lower(), method) != "getUpdates":
            return self.handle(method, params, files)
        loop = asyncio.get_running_loop()
        changed = asyncio.Event()

        def wake() -> None:
            with contextlib.suppress(RuntimeError):  # the loop may already be closed
                loop.call_soon_threadsafe(changed.set)

        with self._cond:
            poll = self._begin_poll(params)
            if isinstance(poll, tuple):
                return poll
            self._listeners.append(wake)
        try:
            deadline = loop.time() + poll.timeout
            while True:
                with self._cond:
                    if self._poll_ready(poll) or loop.time() >= deadline:
                        return self._end_poll(poll)
                    changed.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(changed.wait(), deadline - loop.time())
        finally:
            with self._cond:
                self._listeners.remove(wake)
                self._abandon_poll(poll)

    # ------------------------------------------------------------------ setup and faults

    def fail_next(
        self,
        method: str,
        *,
        status: int,
        description: str,
        retry_after: int | None = None,
        times: int = 1,
    ) -> None:
        """Make the next `times` calls of `method` fail with this error."""
        name = _CANONICAL.get(method.lower(), method)
        with self._cond:
            fault = _Fault(status, description, retry_after, times)
            self._faults.setdefault(name, []).append(fault)

    def limit_rate(self, limits: RateLimits | None = None) -> RateLimits:
        """Turn on Telegram-like flood limits (429 with retry_after beyond them); off by default."""
        with self._cond:
            self.rate_limits = limits or RateLimits()
            return self.rate_limits

    def block(self, user_id: int) -> None:
        """The user blocks the bot: sends to their chat fail with 403."""
        with self._cond:
            self._blocked.add(user_id)
            self._changed()

    def unblock(self, user_id: int) -> None:
        """The user unblocks the bot."""
        with self._cond:
            self._blocked.discard(user_id)
            self._changed()

    def add_private_chat(
        self, user_id: int, first_name: str = "Ana", language_code: str = "en"
    ) -> None:
        """Register a private chat with a user without any update."""
        with self._cond:
            if user_id not in self._chats:
                self._chats[user_id] = _Chat(user_id, "private", first_name, None, language_code)
                self._changed()

    def interrupt_long_polls(self) -> None:
        """Make pending getUpdates calls return now (with whatever is queued)."""
        with self._cond:
            self._wakeups += 1
            self._changed()

    # ------------------------------------------------------------------ updates

    def next_update_id(self) -> int:
        """Allocate a fresh update_id."""
        with self._cond:
            self._last_update_id += 1
            return self._last_update_id

    def push_update(self, update: dict[str, Any]) -> None:
        """Queue an update for getUpdates and wake long pollers."""
        with self._cond:
            update = copy.deepcopy(update)
            if "update_id" not in update:
                self._last_update_id += 1
                update["update_id"] = self._last_update_id
            self._last_update_id = max(self._last_update_id, update["update_id"])
            self.observe_update(update)
            self._updates.append(update)
            self._changed()

    def observe_update(self, update: dict[str, Any]) -> None:
        """Learn what an update implies (chats, user messages, open callback queries)."""
        with self._cond:
            for key in ("message", "edited_message", "channel_post", "edited_channel_post"):
                if key in update:
                    self._observe_message(update[key])
            query = update.get("callback_query")
            if query is not None:
                self._pending_queries.add(str(query["id"]))
                if query.get("message", {}).get("date"):
                    self._register_chat(query["message"]["chat"], query.get("from"))
            member = update.get("my_chat_member")
            if member is not None:
                self._observe_membership(member)
            self._changed()

    def pending_updates(self) -> int:
        """How many updates are queued and not yet confirmed."""
        with self._cond:
            return len(self._updates)

    def polls_started(self) -> int:
        """How many getUpdates calls have begun (a restarted bot's first poll bumps it)."""
        with self._cond:
            return self._poll_generation

    def polls_in_progress(self) -> int:
        """How many getUpdates calls are being answered right now (long polls waiting)."""
        with self._cond:
            return self._polls_in_progress

    def wait_until(self, predicate: Callable[[], bool], timeout: float) -> bool:
        """Block until predicate() is true (re-checked on every state change) or timeout."""
        with self._cond:
            return self._cond.wait_for(predicate, timeout)

    # ------------------------------------------------------------------ helpers for fake users

    def next_message_id(self, chat_id: int) -> int:
        """Allocate the id of a user's next message in a chat (shared with the bot's ids)."""
        with self._cond:
            chat = self._chats.get(chat_id)
            if chat is None:
                raise KeyError(f"unknown chat {chat_id}")
            chat.last_message_id += 1
            self._user_messages.add((chat_id, chat.last_message_id))
            return chat.last_message_id

    def new_callback_query_id(self) -> str:
        """Allocate a fresh callback query id (it becomes pending once its update is seen)."""
        with self._cond:
            self._query_counter += 1
            return f"{self.bot_id}{self._query_counter:06d}"

    def bot_user(self) -> dict[str, Any]:
        """The bot as a Telegram User object."""
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": "Small Steps",
            "username": self.bot_username,
        }

    def chat_json(self, chat_id: int) -> dict[str, Any]:
        """The Chat object of a known chat."""
        with self._cond:
            return self._chats[chat_id].json()

    def message_json(self, chat_id: int, message_id: int) -> dict[str, Any] | None:
        """A bot message as a Telegram Message object as it stands now, or None if gone."""
        with self._cond:
            message = self._messages.get(chat_id, {}).get(message_id)
            return None if message is None else self._message_json(message)

    def upload_file(
        self, data: bytes, *, kind: str, file_name: str, mime_type: str
    ) -> dict[str, Any]:
        """Store a file (e.g. a user's photo) so getFile can serve it; returns its ids."""
        with self._cond:
            stored = self._new_file(kind, data, file_name, mime_type)
            return {
                "file_id": stored.file_id,
                "file_unique_id": stored.file_unique_id,
                "file_size": len(data),
            }

    def file_content(self, file_path: str) -> bytes | None:
        """The bytes of a stored file by its getFile path, or None."""
        with self._cond:
            for stored in self._files.values():
                if stored.file_path == file_path:
                    return stored.data
            return None

    def current_seq(self) -> int:
        """The newest message sequence number (bumped at every send and edit)."""
        with self._cond:
            return self._seq

    # ------------------------------------------------------------------ inspection

    def calls_to(self, method: str) -> list[ApiCall]:
        """The recorded calls of one method, oldest first."""
        name = _CANONICAL.get(method.lower(), method)
        with self._cond:
            return [call for call in self.calls if call.method == name]

    def transcript(self, chat_id: int) -> list[SentMessage]:
        """The bot's messages in a chat as they stand now, oldest first."""
        with self._cond:
            messages = self._messages.get(chat_id, {})
            return [copy.deepcopy(messages[mid]) for mid in sorted(messages)]

    def unanswered_callback_queries(self) -> list[str]:
        """Ids of callback queries the bot has not answered yet."""
        with self._cond:
            return sorted(self._pending_queries)

    def callback_answer(self, query_id: str) -> dict[str, Any] | None:
        """The answerCallbackQuery parameters for a query, or None if unanswered."""
        with self._cond:
            answer = self._query_answers.get(query_id)
            return None if answer is None else dict(answer)

    def commands(self, scope_type: str = "default", language_code: str = "") -> list[dict]:
        """The command list set for a scope type and language."""
        with self._cond:
            for (scope_key, lang), commands in self._commands.items():
                if self._scopes[scope_key]["type"] == scope_type and lang == language_code:
                    return copy.deepcopy(commands)
            return []

    def is_blocked(self, user_id: int) -> bool:
        """Whether the user has blocked the bot."""
        with self._cond:
            return user_id in self._blocked

    # ------------------------------------------------------------------ machinery

    def _changed(self) -> None:
        """Wake everyone waiting for a state change."""
        self._cond.notify_all()
        for listener in list(self._listeners):
            listener()

    def _call(
        self, name: str, raw: dict[str, Any], files: dict[str, FileTuple]
    ) -> tuple[int, dict[str, Any]]:
        """Decode, apply faults, dispatch and record one non-polling call."""
        params = dict(raw)
        try:
            params = decode_params(raw)
            self._take_fault(name)
            if self.rate_limits is not None and name in _LIMITED:
                self.rate_limits.check(params.get("chat_id"))
            handler = self._handlers.get(name)
            if handler is None:
                raise ApiError(404, "Not Found: method not found")
            result = handler(params, files)
            return self._record(name, params, 200, {"ok": True, "result": result})
        except ApiError as error:
            return self._record(name, params, error.status, error.body())

    def _record(
        self, name: str, params: dict[str, Any], status: int, body: dict[str, Any]
    ) -> tuple[int, dict[str, Any]]:
        """Append an ApiCall and wake waiters; returns a copy of the answer."""
        self.calls.append(ApiCall(name, params, status, body))
        self._changed()
        return status, copy.deepcopy(body)

    def _take_fault(self, name: str) -> None:
        """Raise the next injected fault for a method, if any."""
        faults = self._faults.get(name)
        if not faults:
            return
        fault = faults[0]
        fault.remaining -= 1
        if fault.remaining <= 0:
            faults.pop(0)
        raise ApiError(fault.status, fault.description, fault.retry_after)

    # ------------------------------------------------------------------ getUpdates

    def _begin_poll(self, raw: dict[str, Any]) -> _Poll | tuple[int, dict[str, Any]]:
        """Start a getUpdates call: confirm the offset and end any older long poll."""
        params = dict(raw)
        try:
            params = decode_params(raw)
            self._take_fault("getUpdates")
        except ApiError as error:
            return self._record("getUpdates", params, error.status, error.body())
        offset = params.get("offset")
        if isinstance(offset, int) and offset > 0:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        allowed = params.get("allowed_updates")
        if isinstance(allowed, list):
            self._allowed_updates = frozenset(allowed) if allowed else None
        limit = params.get("limit")
        limit = min(max(limit, 1), 100) if isinstance(limit, int) else 100
        timeout = params.get("timeout") or 0.0
        self._poll_generation += 1
        self._polls_in_progress += 1
        self._changed()
        return _Poll(
            params,
            limit,
            min(max(float(timeout), 0.0), _MAX_LONG_POLL),
            self._poll_generation,
            self._wakeups,
        )

    def _allowed(self, update: dict[str, Any]) -> bool:
        """Whether the bot's allowed_updates setting lets this update through."""
        kind = _update_type(update)
        if self._allowed_updates is None:
            return kind not in _DEFAULT_UPDATE_TYPES_EXCLUDED
        return kind in self._allowed_updates

    def _poll_ready(self, poll: _Poll) -> bool:
        """Whether a waiting getUpdates call should answer now."""
        return (
            any(self._allowed(u) for u in self._updates)
            or poll.generation != self._poll_generation
            or poll.wakeups != self._wakeups
        )

    def _abandon_poll(self, poll: _Poll) -> None:
        """Forget a getUpdates call whose caller went away (e.g. a cancelled task)."""
        if not poll.ended:
            poll.ended = True
            self._polls_in_progress -= 1
            self._changed()

    def _end_poll(self, poll: _Poll) -> tuple[int, dict[str, Any]]:
        """Answer a getUpdates call."""
        poll.ended = True
        self._polls_in_progress -= 1
        if poll.generation != self._poll_generation:
            error = ApiError(409, _CONFLICT)
            return self._record("getUpdates", poll.params, error.status, error.body())
        self._updates = [u for u in self._updates if self._allowed(u)]
        result = copy.deepcopy(self._updates[: poll.limit])
        return self._record("getUpdates", poll.params, 200, {"ok": True, "result": result})

    # ------------------------------------------------------------------ observation

    def _register_chat(self, chat: dict[str, Any], user: dict[str, Any] | None) -> _Chat:
        """Remember a chat seen in an update."""
        known = self._chats.get(chat["id"])
        if known is None:
            language = (user or {}).get("language_code") if chat["type"] == "private" else None
            known = _Chat(
                chat["id"], chat["type"], chat.get("first_name"), chat.get("title"), language
            )
            self._chats[chat["id"]] = known
        return known

    def _observe_message(self, message: dict[str, Any]) -> None:
        """Remember a user's message from an update."""
        chat = self._register_chat(message["chat"], message.get("from"))
        message_id = message["message_id"]
        chat.last_message_id = max(chat.last_message_id, message_id)
        if not message.get("from", {}).get("is_bot"):
            self._user_messages.add((chat.id, message_id))

    def _observe_membership(self, member: dict[str, Any]) -> None:
        """Track blocks and group membership from a my_chat_member update."""
        chat = self._register_chat(member["chat"], member.get("from"))
        status = member["new_chat_member"]["status"]
        inside = status in ("member", "administrator", "creator", "restricted")
        if chat.type == "private":
            if status == "kicked":
                self._blocked.add(chat.id)
            elif inside:
                self._blocked.discard(chat.id)
        elif inside:
            self.left_chats.discard(chat.id)
        else:
            self.left_chats.add(chat.id)

    # ------------------------------------------------------------------ validation

    def _chat(self, params: dict[str, Any]) -> _Chat:
        """The chat a call targets, or 400 like Telegram."""
        chat_id = params.get("chat_id")
        if chat_id is None or chat_id == "":
            raise bad("chat_id is empty")
        chat = self._chats.get(chat_id) if isinstance(chat_id, int) else None
        if chat is None:
            raise bad("chat not found")
        return chat

    def _writable_chat(self, params: dict[str, Any]) -> _Chat:
        """The chat a call writes to, or 400/403 like Telegram."""
        chat = self._chat(params)
        if chat.type == "private" and chat.id in self._blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        if chat.id in self.left_chats:
            raise ApiError(403, f"Forbidden: bot is not a member of the {chat.type} chat")
        return chat

    def _check_reply(self, chat: _Chat, params: dict[str, Any]) -> None:
        """Reject replies to messages that do not exist, unless allowed."""
        reply = params.get("reply_parameters")
        if not isinstance(reply, dict) or "message_id" not in reply:
            return
        if reply.get("allow_sending_without_reply"):
            return
        message_id = reply["message_id"]
        exists = message_id in self._messages.get(chat.id, {}) or (
            (chat.id, message_id) in self._user_messages
        )
        if not exists:
            raise bad("message to be replied not found")

    # ------------------------------------------------------------------ messages

    def _store(self, chat: _Chat, **fields: Any) -> SentMessage:
        """Record a new bot message in a chat."""
        chat.last_message_id += 1
        self._seq += 1
        message = SentMessage(
            message_id=chat.last_message_id,
            chat_id=chat.id,
            seq=self._seq,
            date=int(time.time()),
            **fields,
        )
        self._messages.setdefault(chat.id, {})[message.message_id] = message
        return message

    def _message_json(self, message: SentMessage) -> dict[str, Any]:
        """A bot message as a Telegram Message object."""
        body: dict[str, Any] = {
            "message_id": message.message_id,
            "date": message.date,
            "chat": self._chats[message.chat_id].json(),
            "from": self.bot_user(),
        }
        if message.edit_date is not None:
            body["edit_date"] = message.edit_date
        text_key, entities_key = "caption", "caption_entities"
        stored = self._files.get(message.file_id or "")
        if message.kind == "text":
            text_key, entities_key = "text", "entities"
        elif message.kind == "photo" and stored is not None:
            body["photo"] = [
                {
                    "file_id": stored.file_id,
                    "file_unique_id": stored.file_unique_id,
                    "width": 320,
                    "height": 320,
                    "file_size": len(stored.data or b""),
                }
            ]
        elif stored is not None:
            body["document"] = {
                "file_id": stored.file_id,
                "file_unique_id": stored.file_unique_id,
                "file_name": stored.file_name,
                "mime_type": stored.mime_type,
                "file_size": len(stored.data or b""),
            }
        if message.text:
            body[text_key] = message.text
            if message.entities:
                body[entities_key] = copy.deepcopy(message.entities)
        markup = inline_keyboard(message.reply_markup)
        if markup is not None:
            body["reply_markup"] = copy.deepcopy(markup)
        return body

    def _send_message(self, p: dict[str, Any], files: dict[str, FileTuple]) -> dict[str, Any]:
        """sendMessage."""
        chat = self._writable_chat(p)
        markup = check_markup(p.get("reply_markup"))
        raw = p.get("text")
        if not isinstance(raw, str):
            raise bad("message text is empty")
        text, entities, mode = format_text(raw, p.get("parse_mode"), p.get("entities"))
        if not text:
            raise bad("message text is empty")
        if utf16_len(text) > _MAX_TEXT:
            raise bad("message is too long")
        self._check_reply(chat, p)
        message = self._store(
            chat,
            kind="text",
            text=text,
            raw=raw,
            parse_mode=mode,
            reply_markup=markup,
            entities=entities,
        )
        return self._message_json(message)

    def _send_media(
        self, p: dict[str, Any], files: dict[str, FileTuple], kind: str
    ) -> dict[str, Any]:
        """sendPhoto and sendDocument."""
        chat = self._writable_chat(p)
        markup = check_markup(p.get("reply_markup"))
        stored = self._media_file(p.get(kind), files, kind)
        raw = p.get("caption") or ""
        text, entities, mode = format_text(raw, p.get("parse_mode"), p.get("caption_entities"))
        if utf16_len(text) > _MAX_CAPTION:
            raise bad("message caption is too long")
        self._check_reply(chat, p)
        message = self._store(
            chat,
            kind=kind,
            text=text,
            raw=raw,
            parse_mode=mode,
            reply_markup=markup,
            entities=entities,
            file_name=stored.file_name,
            file_bytes=stored.data,
            file_id=stored.file_id,
            mime_type=stored.mime_type,
        )
        return self._message_json(message)

    def _media_file(self, value: Any, files: dict[str, FileTuple], kind: str) -> _StoredFile:
        """Resolve a photo/document parameter: an upload, a known file_id or a URL."""
        upload: FileTuple | None = None
        if value is None:
            upload = files.get(kind)
        elif isinstance(value, str) and value.startswith("attach://"):
            upload = files.get(value.removeprefix("attach://"))
        elif isinstance(value, str) and value in self._files:
            return self._files[value]
        elif isinstance(value, str) and re.match(r"https?://\S+$", value):
            name = value.rstrip("/").rsplit("/", 1)[-1] or kind
            return self._new_file(kind, None, name, "application/octet-stream")
        else:
            raise bad("wrong file identifier/HTTP URL specified")
        if upload is None:
            raise bad(f"there is no {kind} in the request")
        file_name, data, mime_type = upload
        return self._new_file(kind, bytes(data), file_name, mime_type)

    def _new_file(self, kind: str, data: bytes | None, file_name: str, mime: str) -> _StoredFile:
        """Store a file under fresh ids."""
        self._file_counter += 1
        n = self._file_counter
        suffix = f".{file_name.rsplit('.', 1)[-1]}" if "." in file_name else ""
        stored = _StoredFile(
            file_id=f"FAKE-{kind}-{n}",
            file_unique_id=f"fake{n}",
            file_path=f"{kind}s/file_{n}{suffix}",
            data=data,
            mime_type=mime,
            file_name=file_name,
        )
        self._files[stored.file_id] = stored
        return stored

    def _bot_message(self, p: dict[str, Any], missing: str) -> SentMessage:
        """The bot message an edit or delete targets, or 400 like Telegram."""
        chat = self._writable_chat(p) if missing == "edit" else self._chat(p)
        message_id = p.get("message_id")
        if not isinstance(message_id, int):
            raise bad("message identifier is not specified")
        message = self._messages.get(chat.id, {}).get(message_id)
        if message is not None:
            return message
        if missing == "edit" and (chat.id, message_id) in self._user_messages:
            raise bad("message can't be edited")
        raise bad(f"message to {missing} not found")

    def _edit_message_text(self, p: dict[str, Any], files: dict[str, FileTuple]) -> Any:
        """editMessageText."""
        message = self._bot_message(p, "edit")
        if message.kind != "text":
            raise bad("there is no text in the message to edit")
        markup = check_markup(p.get("reply_markup"))
        raw = p.get("text")
        if not isinstance(raw, str):
            raise bad("message text is empty")
        text, entities, mode = format_text(raw, p.get("parse_mode"), p.get("entities"))
        if not text:
            raise bad("message text is empty")
        if utf16_len(text) > _MAX_TEXT:
            raise bad("message is too long")
        same_content = text == message.text and entities == message.entities
        if same_content and inline_keyboard(markup) == inline_keyboard(message.reply_markup):
            raise ApiError(400, _NOT_MODIFIED)
        self._seq += 1
        message.text, message.raw, message.parse_mode = text, raw, mode
        message.entities, message.reply_markup = entities, markup
        message.seq, message.edit_date = self._seq, int(time.time())
        return self._message_json(message)

    def _edit_message_reply_markup(self, p: dict[str, Any], files: dict[str, FileTuple]) -> Any:
        """editMessageReplyMarkup."""
        message = self._bot_message(p, "edit")
        markup = check_markup(p.get("reply_markup"))
        if inline_keyboard(markup) == inline_keyboard(message.reply_markup):
            raise ApiError(400, _NOT_MODIFIED)
        self._seq += 1
        message.reply_markup, message.seq, message.edit_date = markup, self._seq, int(time.time())
        return self._message_json(message)

    def _delete_message(self, p: dict[str, Any], files: dict[str, FileTuple]) -> bool:
        """deleteMessage (bots may delete their own and, in private chats, users' messages)."""
        chat = self._chat(p)
        message_id = p.get("message_id")
        if not isinstance(message_id, int):
            raise bad("message identifier is not specified")
        if self._messages.get(chat.id, {}).pop(message_id, None) is not None:
            return True
        if (chat.id, message_id) in self._user_messages:
            self._user_messages.discard((chat.id, message_id))
            return True
        raise bad("message to delete not found")

    # ------------------------------------------------------------------ other methods

    def _get_me(self, p: dict[str, Any], files: dict[str, FileTuple]) -> dict[str, Any]:
        """getMe."""
        return {
            **self.bot_user(),
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def _set_webhook(self, p: dict[str, Any], files: dict[str, FileTuple]) -> bool:
        """setWebhook: remembered (the double never calls it; tests post updates themselves)."""
        url = str(p.get("url") or "")
        if not url:
            return self._delete_webhook(p, files)
        if not url.startswith("https://"):
            raise bad("bad webhook: An HTTPS URL must be provided for webhook")
        secret = p.get("secret_token")
        if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", str(secret)):
            raise bad("secret token contains unallowed characters")
        self._webhook = {
            "url": url,
            "secret_token": secret,
            "allowed_updates": p.get("allowed_updates"),
        }
        if p.get("drop_pending_updates"):
            self._updates.clear()
        return True

    def _delete_webhook(self, p: dict[str, Any], files: dict[str, FileTuple]) -> bool:
        """deleteWebhook (may drop pending updates)."""
        self._webhook = None
        if p.get("drop_pending_updates"):
            self._updates.clear()
        return True

    def _get_webhook_info(self, p: dict[str, Any], files: dict[str, FileTuple]) -> dict:
        """getWebhookInfo."""
        return {
            "url": self._webhook["url"] if self._webhook else "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }

    def _scope_key(self, p: dict[str, Any]) -> tuple[str, str]:
        """The (scope, language) key commands are stored under."""
        scope = p.get("scope") or {"type": "default"}
        if not isinstance(scope, dict) or "type" not in scope:
            raise bad("can't parse BotCommandScope JSON object")
        key = json.dumps(scope, sort_keys=True)
        self._scopes[key] = scope
        return key, str(p.get("language_code") or "")

    def _set_my_commands(self, p: dict[str, Any], files: dict[str, FileTuple]) -> bool:
        """setMyCommands with Telegram's validation."""
        commands = check_commands(p.get("commands"))
        key = self._scope_key(p)
        if commands:
            self._commands[key] = commands
        else:
            self._commands.pop(key, None)
        return True

    def _get_my_commands(self, p: dict[str, Any], files: dict[str, FileTuple]) -> list[dict]:
        """getMyCommands."""
        return copy.deepcopy(self._commands.get(self._scope_key(p), []))

    def _delete_my_commands(self, p: dict[str, Any], files: dict[str, FileTuple]) -> bool:
        """deleteMyCommands."""
        self._commands.pop(self._scope_key(p), None)
        return True

    def _set_description(self, p: dict[str, Any], key: str, limit: int) -> bool:
        """setMyDescription / setMyShortDescription."""
        value = str(p.get(key) or "")
        if len(value) > limit:
            raise bad(f"{key.replace('_', ' ')} is too long")
        self._descriptions[(key, str(p.get("language_code") or ""))] = value
        return True

    def _get_description(self, p: dict[str, Any], key: str) -> dict[str, str]:
        """getMyDescription / getMyShortDescription."""
        return {key: self._descriptions.get((key, str(p.get("language_code") or "")), "")}

    def _answer_callback_query(self, p: dict[str, Any], files: dict[str, FileTuple]) -> bool:
        """answerCallbackQuery: each query can be answered once."""
        query_id = str(p.get("callback_query_id") or "")
        if query_id not in self._pending_queries:
            raise ApiError(400, _QUERY_TOO_OLD)
        self._pending_queries.discard(query_id)
        self._query_answers[query_id] = {
            key: p[key] for key in ("text", "show_alert", "url", "cache_time") if key in p
        }
        return True

    def _send_chat_action(self, p: dict[str, Any], files: dict[str, FileTuple]) -> bool:
        """sendChatAction."""
        self._writable_chat(p)
        if p.get("action") not in _CHAT_ACTIONS:
            raise bad("wrong parameter action in request")
        return True

    def _leave_chat(self, p: dict[str, Any], files: dict[str, FileTuple]) -> bool:
        """leaveChat (groups only)."""
        chat = self._chat(p)
        if chat.type == "private":
            raise bad("chat member status can't be changed in private chats")
        self.left_chats.add(chat.id)
        return True

    def _get_chat(self, p: dict[str, Any], files: dict[str, FileTuple]) -> dict[str, Any]:
        """getChat: a ChatFullInfo."""
        chat = self._chat(p)
        return {
            **chat.json(),
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        }

    def _get_file(self, p: dict[str, Any], files: dict[str, FileTuple]) -> dict[str, Any]:
        """getFile."""
        stored = self._files.get(str(p.get("file_id") or ""))
        if stored is None:
            raise bad("invalid file_id")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.data or b""),
            "file_path": stored.file_path,
        }
