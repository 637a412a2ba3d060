"""What the double keeps: recorded calls, the bot's messages, chats, files; method names."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

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


def canonical(method: str) -> str:
    """A method's name as Telegram spells it (Bot API method names are case-insensitive)."""
    return _CANONICAL.get(method.lower(), method)


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
class Chat:
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
class StoredFile:
    """A file known to the double (uploaded by the bot or sent by a fake user)."""

    file_id: str
    file_unique_id: str
    file_path: str
    data: bytes | None
    mime_type: str
    file_name: str
