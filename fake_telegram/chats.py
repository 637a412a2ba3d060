"""Chats and messages: the chats the double knows, who blocked the bot, the bot's messages."""

from __future__ import annotations

import copy
import threading
import time
from collections.abc import Callable
from typing import Any

from fake_telegram.records import Chat, SentMessage, StoredFile
from fake_telegram.validation import ApiError, bad, inline_keyboard


class Chats:
    """The FakeTelegram part that tracks chats, users' messages and the bot's messages.

    Wakes waiters through the server's `_changed`.
    """

    bot_id: int
    bot_username: str
    left_chats: set[int]
    _cond: threading.Condition
    _chats: dict[int, Chat]
    _messages: dict[int, dict[int, SentMessage]]
    _user_messages: set[tuple[int, int]]
    _blocked: set[int]
    _pending_queries: set[str]
    _query_seen: dict[str, float]
    clock: Callable[[], float]
    _query_answers: dict[str, dict[str, Any]]
    _query_counter: int
    _files: dict[str, StoredFile]
    _seq: int

    def add_private_chat(
        self, user_id: int, first_name: str = "Ana", language_code: str = "en"
    ) -> None:
        """Register a private chat with a user without any update."""
        with self._cond:
            if user_id not in self._chats:
                self._chats[user_id] = Chat(user_id, "private", first_name, None, language_code)
                self._changed()

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

    def is_blocked(self, user_id: int) -> bool:
        """Whether the user has blocked the bot."""
        with self._cond:
            return user_id in self._blocked

    def observe_update(self, update: dict[str, Any]) -> None:
        """Learn what an update implies (chats, user messages, open callback queries)."""
        with self._cond:
            for key in ("message", "edited_message", "channel_post", "edited_channel_post"):
                if key in update:
                    self._observe_message(update[key])
            query = update.get("callback_query")
            if query is not None:
                self._pending_queries.add(str(query["id"]))
                self._query_seen[str(query["id"])] = self.clock()
                if query.get("message", {}).get("date"):
                    self._register_chat(query["message"]["chat"], query.get("from"))
            member = update.get("my_chat_member")
            if member is not None:
                self._observe_membership(member)
            self._changed()

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

    def _register_chat(self, chat: dict[str, Any], user: dict[str, Any] | None) -> Chat:
        """Remember a chat seen in an update."""
        known = self._chats.get(chat["id"])
        if known is None:
            language = (user or {}).get("language_code") if chat["type"] == "private" else None
            known = Chat(
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

    def _chat(self, params: dict[str, Any]) -> Chat:
        """The chat a call targets, or 400 like Telegram."""
        chat_id = params.get("chat_id")
        if chat_id is None or chat_id == "":
            raise bad("chat_id is empty")
        chat = self._chats.get(chat_id) if isinstance(chat_id, int) else None
        if chat is None:
            raise bad("chat not found")
        return chat

    def _writable_chat(self, params: dict[str, Any]) -> Chat:
        """The chat a call writes to, or 400/403 like Telegram."""
        chat = self._chat(params)
        if chat.type == "private" and chat.id in self._blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        if chat.id in self.left_chats:
            raise ApiError(403, f"Forbidden: bot is not a member of the {chat.type} chat")
        return chat

    def _check_reply(self, chat: Chat, params: dict[str, Any]) -> None:
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

    def _store(self, chat: Chat, **fields: Any) -> SentMessage:
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
