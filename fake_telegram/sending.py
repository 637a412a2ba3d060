"""Sending methods: messages, media and files, edits, deletes, chat actions, query answers."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from typing import Any

from fake_telegram.entities import utf16_len
from fake_telegram.records import FileTuple, SentMessage, StoredFile
from fake_telegram.validation import ApiError, bad, check_markup, format_text, inline_keyboard

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
_MAX_TEXT = 4096
_MAX_CAPTION = 1024
_NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)
_QUERY_TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"


class Sending:
    """The FakeTelegram part that answers the methods that write to a chat.

    Finds chats and stores messages through `Chats` (`_chat`, `_writable_chat`, `_check_reply`,
    `_store`, `_message_json`).
    """

    _cond: threading.Condition
    _messages: dict[int, dict[int, SentMessage]]
    _user_messages: set[tuple[int, int]]
    _pending_queries: set[str]
    _query_seen: dict[str, float]
    late_answers: list[str]
    clock: Callable[[], float]
    callback_timeout: float | None
    _query_answers: dict[str, dict[str, Any]]
    _files: dict[str, StoredFile]
    _file_counter: int
    _seq: int

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

    def _media_file(self, value: Any, files: dict[str, FileTuple], kind: str) -> StoredFile:
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

    def _new_file(self, kind: str, data: bytes | None, file_name: str, mime: str) -> StoredFile:
        """Store a file under fresh ids."""
        self._file_counter += 1
        n = self._file_counter
        suffix = f".{file_name.rsplit('.', 1)[-1]}" if "." in file_name else ""
        stored = StoredFile(
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

    def _answer_callback_query(self, p: dict[str, Any], files: dict[str, FileTuple]) -> bool:
        """answerCallbackQuery: each query can be answered once, within `callback_timeout`
        seconds of the double's clock (after that Telegram has stopped the spinner itself)."""
        query_id = str(p.get("callback_query_id") or "")
        if query_id not in self._pending_queries:
            raise ApiError(400, _QUERY_TOO_OLD)
        seen = self._query_seen.pop(query_id, None)
        self._pending_queries.discard(query_id)
        timeout = self.callback_timeout
        if timeout is not None and seen is not None and self.clock() - seen > timeout:
            self.late_answers.append(query_id)
            raise ApiError(400, _QUERY_TOO_OLD)
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
