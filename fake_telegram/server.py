"""The fake Bot API server: one lock over all state, dispatch, recording and inspection."""

from __future__ import annotations

import copy
import threading
import time
from collections.abc import Callable
from typing import Any

from fake_telegram.admin import Admin
from fake_telegram.chats import Chats
from fake_telegram.limits import Fault, Faults, RateLimits
from fake_telegram.polling import Polling
from fake_telegram.records import ApiCall, Chat, FileTuple, SentMessage, StoredFile, canonical
from fake_telegram.sending import Sending
from fake_telegram.validation import ApiError, decode_params

# Telegram takes an answer to a button tap for about 15 seconds after the tap.
CALLBACK_TIMEOUT = 15.0

_LIMITED = frozenset(
    {"sendMessage", "sendPhoto", "sendDocument", "editMessageText", "editMessageReplyMarkup"}
)


class FakeTelegram(Chats, Sending, Admin, Polling, Faults):
    """An in-memory Telegram Bot API server; thread-safe, one lock guards all state.

    This class holds the state, dispatches each method and records the call; the methods
    themselves are in the parts it is made of, one per concern.
    """

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
        self._chats: dict[int, Chat] = {}
        self._messages: dict[int, dict[int, SentMessage]] = {}
        self._user_messages: set[tuple[int, int]] = set()
        self._blocked: set[int] = set()
        self._updates: list[dict[str, Any]] = []
        self._last_update_id = 0
        self._pending_queries: set[str] = set()
        self._query_seen: dict[str, float] = {}  # when each pending query arrived (self.clock)
        self.late_answers: list[str] = []  # queries answered after their time ran out
        # The double's clock (seconds): callback answers' timeout; tests may share a virtual one.
        self.clock: Callable[[], float] = time.monotonic
        # Seconds a callback query can be answered after it arrived (None: forever).
        self.callback_timeout: float | None = CALLBACK_TIMEOUT
        self._query_answers: dict[str, dict[str, Any]] = {}
        self._query_counter = 0
        self._commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self._scopes: dict[str, dict[str, Any]] = {}
        self._descriptions: dict[tuple[str, str], str] = {}
        self._faults: dict[str, list[Fault]] = {}
        self._files: dict[str, StoredFile] = {}
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

    def handle(
        self,
        method: str,
        params: dict[str, Any],
        files: dict[str, FileTuple] | None = None,
    ) -> tuple[int, dict[str, Any]]:
        """Run one Bot API method; returns (HTTP status, JSON body) shaped like Telegram's."""
        name = canonical(method)
        if name == "getUpdates":
            return self._long_poll(params)
        with self._cond:
            return self._call(name, params, files or {})

    async def handle_async(
        self,
        method: str,
        params: dict[str, Any],
        files: dict[str, FileTuple] | None = None,
    ) -> tuple[int, dict[str, Any]]:
        """Like handle, but a getUpdates long poll waits without blocking the event loop."""
        if canonical(method) != "getUpdates":
            return self.handle(method, params, files)
        return await self._long_poll_async(params)

    def calls_to(self, method: str) -> list[ApiCall]:
        """The recorded calls of one method, oldest first."""
        name = canonical(method)
        with self._cond:
            return [call for call in self.calls if call.method == name]

    def current_seq(self) -> int:
        """The newest message sequence number (bumped at every send and edit)."""
        with self._cond:
            return self._seq

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
