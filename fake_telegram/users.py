"""Fake Telegram users: build Telegram-shaped updates and read what the bot said back."""

from __future__ import annotations

import re
import time
from collections.abc import Awaitable, Callable
from typing import Any

from fake_telegram.entities import utf16_len
from fake_telegram.records import Button, SentMessage
from fake_telegram.server import FakeTelegram

_COMMAND = re.compile(r"/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?(?![A-Za-z0-9_@])")
_FAKE_JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00fake-photo\xff\xd9"
_FAKE_OGG = b"OggS\x00\x02fake-voice"
_FAKE_WEBP = b"RIFF\x10\x00\x00\x00WEBPfake-sticker"


def _command_entities(text: str) -> list[dict[str, Any]]:
    """A bot_command entity for a leading /command, as Telegram adds it."""
    match = _COMMAND.match(text)
    if match is None:
        return []
    return [{"type": "bot_command", "offset": 0, "length": utf16_len(match.group())}]


def describe(messages: list[SentMessage]) -> str:
    """A readable transcript for assertion messages."""
    lines = []
    for message in messages:
        labels = [b.text for row in message.buttons for b in row]
        suffix = f"  [buttons: {', '.join(labels)}]" if labels else ""
        lines.append(f"  #{message.message_id} ({message.kind}) {message.text!r}{suffix}")
    return "\n".join(lines) or "  (the bot has sent nothing)"


class _Person:
    """What a fake user does and sees; subclasses only decide how updates are delivered."""

    def __init__(
        self,
        telegram: FakeTelegram,
        *,
        user_id: int,
        first_name: str = "Ana",
        language_code: str = "en",
    ) -> None:
        """Register the user's private chat with the double."""
        self.telegram = telegram
        self.user_id = user_id
        self.first_name = first_name
        self.language_code = language_code
        telegram.add_private_chat(user_id, first_name, language_code)
        self._mark = telegram.current_seq()
        self._last_bot_message = 0

    # ------------------------------------------------------------------ Telegram objects

    @property
    def user(self) -> dict[str, Any]:
        """This user as a Telegram User object."""
        return {
            "id": self.user_id,
            "is_bot": False,
            "first_name": self.first_name,
            "language_code": self.language_code,
        }

    @property
    def chat(self) -> dict[str, Any]:
        """The private chat with the bot as a Telegram Chat object."""
        return {"id": self.user_id, "type": "private", "first_name": self.first_name}

    def _message_update(self, chat: dict[str, Any], **content: Any) -> dict[str, Any]:
        """A message update from this user in a chat."""
        return {
            "update_id": self.telegram.next_update_id(),
            "message": {
                "message_id": self.telegram.next_message_id(chat["id"]),
                "date": int(time.time()),
                "chat": chat,
                "from": self.user,
                **content,
            },
        }

    def _text_update(self, text: str, chat: dict[str, Any] | None = None) -> dict[str, Any]:
        """A text message, with a bot_command entity for a leading /command."""
        content: dict[str, Any] = {"text": text}
        entities = _command_entities(text)
        if entities:
            content["entities"] = entities
        return self._message_update(chat or self.chat, **content)

    def _reply_update(self, text: str, message_id: int) -> dict[str, Any]:
        """A text message sent as a reply to one of the bot's messages (Telegram's "Reply")."""
        replied = self.telegram.message_json(self.user_id, message_id)
        if replied is None:
            raise AssertionError(f"there is no bot message {message_id} to reply to")
        update = self._text_update(text)
        update["message"]["reply_to_message"] = replied
        return update

    def _unreadable_update(self, text: str) -> dict[str, Any]:
        """A text message the library cannot read: its `from` lacks the required first_name
        (fault injection: Telegram never sends this, but one bad update must not stop a bot)."""
        update = self._text_update(text)
        del update["message"]["from"]["first_name"]
        return update

    def _file(self, data: bytes, kind: str, file_name: str, mime_type: str) -> dict[str, Any]:
        """Store a file with the double so the bot can getFile and download it."""
        return self.telegram.upload_file(data, kind=kind, file_name=file_name, mime_type=mime_type)

    def _sticker_update(self, emoji: str) -> dict[str, Any]:
        """A sticker message."""
        ids = self._file(_FAKE_WEBP, "sticker", "sticker.webp", "image/webp")
        sticker = {
            **ids,
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
        }
        return self._message_update(self.chat, sticker=sticker)

    def _photo_update(self, data: bytes, caption: str | None) -> dict[str, Any]:
        """A photo message."""
        photo = [
            {**self._file(data, "photo", "photo.jpg", "image/jpeg"), "width": 640, "height": 480}
        ]
        content: dict[str, Any] = {"photo": photo}
        if caption:
            content["caption"] = caption
        return self._message_update(self.chat, **content)

    def _voice_update(self, data: bytes, duration: int) -> dict[str, Any]:
        """A voice message."""
        voice = {
            **self._file(data, "voice", "voice.ogg", "audio/ogg"),
            "duration": duration,
            "mime_type": "audio/ogg",
        }
        return self._message_update(self.chat, voice=voice)

    def _document_update(
        self, data: bytes, file_name: str, mime_type: str, caption: str | None
    ) -> dict[str, Any]:
        """A document message."""
        document = {
            **self._file(data, "document", file_name, mime_type),
            "file_name": file_name,
            "mime_type": mime_type,
        }
        content: dict[str, Any] = {"document": document}
        if caption:
            content["caption"] = caption
        return self._message_update(self.chat, **content)

    def _find_button(self, label: str) -> tuple[SentMessage, Button]:
        """The newest bot message offering a button labelled exactly `label`."""
        transcript = self.transcript()
        for message in reversed(transcript):
            for row in message.buttons:
                for button in row:
                    if button.text == label:
                        return message, button
        offered = [m for m in transcript if m.buttons]
        newest = [b.text for row in offered[-1].buttons for b in row] if offered else []
        raise AssertionError(
            f"{self.first_name} sees no button {label!r}; the newest keyboard offers "
            f"{newest!r}. Transcript:\n{describe(transcript[-8:])}"
        )

    def _callback_update(self, data: str, message_id: int | None) -> dict[str, Any]:
        """A callback_query update for a button press on a bot message."""
        query: dict[str, Any] = {
            "id": self.telegram.new_callback_query_id(),
            "from": self.user,
            "chat_instance": f"{self.user_id}{self.telegram.bot_id}",
            "data": data,
        }
        if message_id is None:
            transcript = self.transcript()
            message_id = transcript[-1].message_id if transcript else None
        if message_id is not None:
            message = self.telegram.message_json(self.user_id, message_id)
            query["message"] = message or {"chat": self.chat, "message_id": message_id, "date": 0}
        return {"update_id": self.telegram.next_update_id(), "callback_query": query}

    def _tap_update(self, label: str) -> dict[str, Any]:
        """A callback_query update for tapping the newest button with this label."""
        message, button = self._find_button(label)
        if button.callback_data is None:
            raise AssertionError(f"button {label!r} opens {button.url!r}; it sends no callback")
        return self._callback_update(button.callback_data, message.message_id)

    def tap_update(self, label: str) -> dict[str, Any]:
        """The update tapping the newest button labelled `label` would send, not yet sent (for
        tests that deliver it themselves: late, or through the inbox)."""
        return self._tap_update(label)

    def _membership_update(self, chat: dict[str, Any], old: str, new: str) -> dict[str, Any]:
        """A my_chat_member update changing the bot's status in a chat."""
        bot = self.telegram.bot_user()

        def member(status: str) -> dict[str, Any]:
            extra = {"until_date": 0} if status == "kicked" else {}
            return {"status": status, "user": bot, **extra}

        return {
            "update_id": self.telegram.next_update_id(),
            "my_chat_member": {
                "chat": chat,
                "from": self.user,
                "date": int(time.time()),
                "old_chat_member": member(old),
                "new_chat_member": member(new),
            },
        }

    @staticmethod
    def _group(group_id: int, title: str) -> dict[str, Any]:
        """A basic group as a Telegram Chat object."""
        return {"id": group_id, "type": "group", "title": title}

    def _group_text_update(self, group_id: int, text: str) -> dict[str, Any]:
        """A text message from this user in a group the bot is in."""
        try:
            chat = self.telegram.chat_json(group_id)
        except KeyError:
            raise AssertionError(f"add the bot to group {group_id} first") from None
        return self._text_update(text, chat)

    # ------------------------------------------------------------------ what the user sees

    def transcript(self) -> list[SentMessage]:
        """The bot's messages in this chat as they stand now, oldest first."""
        return self.telegram.transcript(self.user_id)

    def last_message(self) -> SentMessage:
        """The bot's newest message in this chat."""
        transcript = self.transcript()
        if not transcript:
            raise AssertionError(f"the bot has not written to {self.first_name} yet")
        return transcript[-1]

    def last_text(self) -> str:
        """The text (or caption) of the bot's newest message in this chat."""
        return self.last_message().text

    def texts(self) -> list[str]:
        """The texts of all the bot's messages in this chat, oldest first."""
        return [message.text for message in self.transcript()]

    def replies(self) -> list[str]:
        """The texts of the messages the bot sent in this chat since this user's last action."""
        return [m.text for m in self.transcript() if m.message_id > self._last_bot_message]

    def buttons(self) -> list[str]:
        """The labels on the newest bot message with an inline keyboard, flattened."""
        for message in reversed(self.transcript()):
            if message.buttons:
                return [button.text for row in message.buttons for button in row]
        return []


class FakeUser(_Person):
    """A fake user for in-process tests; `deliver` hands each update to the Application."""

    def __init__(
        self,
        telegram: FakeTelegram,
        deliver: Callable[[dict[str, Any]], Awaitable[None]],
        *,
        user_id: int,
        first_name: str = "Ana",
        language_code: str = "en",
    ) -> None:
        """Register the user's chat; updates go to `deliver`."""
        super().__init__(
            telegram, user_id=user_id, first_name=first_name, language_code=language_code
        )
        self._deliver = deliver

    async def _send_update(self, update: dict[str, Any]) -> None:
        """Let the double see the update, then deliver it and wait for the bot to handle it."""
        self.telegram.observe_update(update)
        self._mark = self.telegram.current_seq()
        self._last_bot_message = max((m.message_id for m in self.transcript()), default=0)
        await self._deliver(update)

    async def send(self, text: str) -> None:
        """Send a text message (a leading /command gets its bot_command entity)."""
        await self._send_update(self._text_update(text))

    async def send_reply(self, text: str, message_id: int) -> None:
        """Send text as a reply to the bot's message `message_id`."""
        await self._send_update(self._reply_update(text, message_id))

    async def send_sticker(self, emoji: str = "🙂") -> None:
        """Send a sticker."""
        await self._send_update(self._sticker_update(emoji))

    async def send_photo(self, data: bytes = _FAKE_JPEG, caption: str | None = None) -> None:
        """Send a photo."""
        await self._send_update(self._photo_update(data, caption))

    async def send_voice(self, data: bytes = _FAKE_OGG, duration: int = 3) -> None:
        """Send a voice message."""
        await self._send_update(self._voice_update(data, duration))

    async def send_document(
        self,
        data: bytes = b"%PDF-1.4 fake",
        file_name: str = "notes.pdf",
        mime_type: str = "application/pdf",
        caption: str | None = None,
    ) -> None:
        """Send a document."""
        await self._send_update(self._document_update(data, file_name, mime_type, caption))

    async def tap(self, label: str) -> str:
        """Tap the newest inline button labelled exactly `label`; returns the query id."""
        update = self._tap_update(label)
        await self._send_update(update)
        return str(update["callback_query"]["id"])

    async def tap_data(self, callback_data: str, message_id: int | None = None) -> str:
        """Send a callback query with arbitrary data (stale or forged buttons)."""
        update = self._callback_update(callback_data, message_id)
        await self._send_update(update)
        return str(update["callback_query"]["id"])

    async def add_bot_to_group(self, group_id: int, title: str) -> None:
        """Add the bot to a basic group (a my_chat_member update, left -> member)."""
        await self._send_update(
            self._membership_update(self._group(group_id, title), "left", "member")
        )

    async def send_in_group(self, group_id: int, text: str) -> None:
        """Send a text message in a group the bot was added to."""
        await self._send_update(self._group_text_update(group_id, text))

    async def block_bot(self) -> None:
        """Block the bot (my_chat_member member -> kicked); later sends get 403."""
        await self._send_update(self._membership_update(self.chat, "member", "kicked"))

    async def unblock_bot(self) -> None:
        """Unblock the bot (my_chat_member kicked -> member)."""
        await self._send_update(self._membership_update(self.chat, "kicked", "member"))


class SyncFakeUser(_Person):
    """A fake user for a bot in another process polling the double over HTTP."""

    def _push(self, update: dict[str, Any]) -> None:
        """Queue the update for the bot's getUpdates."""
        self._mark = self.telegram.current_seq()
        self.telegram.push_update(update)

    def send(self, text: str) -> None:
        """Send a text message (a leading /command gets its bot_command entity)."""
        self._push(self._text_update(text))

    def send_reply(self, text: str, message_id: int) -> None:
        """Send text as a reply to the bot's message `message_id`."""
        self._push(self._reply_update(text, message_id))

    def send_sticker(self, emoji: str = "🙂") -> None:
        """Send a sticker."""
        self._push(self._sticker_update(emoji))

    def send_unreadable(self, text: str) -> None:
        """Send a text message the library cannot read (see `_unreadable_update`)."""
        self._push(self._unreadable_update(text))

    def send_photo(self, data: bytes = _FAKE_JPEG, caption: str | None = None) -> None:
        """Send a photo."""
        self._push(self._photo_update(data, caption))

    def send_voice(self, data: bytes = _FAKE_OGG, duration: int = 3) -> None:
        """Send a voice message."""
        self._push(self._voice_update(data, duration))

    def send_document(
        self,
        data: bytes = b"%PDF-1.4 fake",
        file_name: str = "notes.pdf",
        mime_type: str = "application/pdf",
        caption: str | None = None,
    ) -> None:
        """Send a document."""
        self._push(self._document_update(data, file_name, mime_type, caption))

    def tap(self, label: str) -> str:
        """Tap the newest inline button labelled exactly `label`; returns the query id."""
        update = self._tap_update(label)
        self._push(update)
        return str(update["callback_query"]["id"])

    def tap_data(self, callback_data: str, message_id: int | None = None) -> str:
        """Send a callback query with arbitrary data (stale or forged buttons)."""
        update = self._callback_update(callback_data, message_id)
        self._push(update)
        return str(update["callback_query"]["id"])

    def add_bot_to_group(self, group_id: int, title: str) -> None:
        """Add the bot to a basic group (a my_chat_member update, left -> member)."""
        self._push(self._membership_update(self._group(group_id, title), "left", "member"))

    def send_in_group(self, group_id: int, text: str) -> None:
        """Send a text message in a group the bot was added to."""
        self._push(self._group_text_update(group_id, text))

    def block_bot(self) -> None:
        """Block the bot (my_chat_member member -> kicked); later sends get 403."""
        self._push(self._membership_update(self.chat, "member", "kicked"))

    def unblock_bot(self) -> None:
        """Unblock the bot (my_chat_member kicked -> member)."""
        self._push(self._membership_update(self.chat, "kicked", "member"))

    def wait_for_text(self, fragment: str, timeout: float = 15.0) -> SentMessage:
        """Wait for a bot message newer than this user's last action that contains `fragment`."""
        mark = self._mark
        found: list[SentMessage] = []

        def arrived() -> bool:
            for message in reversed(self.transcript()):
                if message.seq > mark and fragment in message.text:
                    found.append(message)
                    return True
            return False

        if not self.telegram.wait_until(arrived, timeout):
            raise AssertionError(
                f"no bot message containing {fragment!r} reached {self.first_name} within "
                f"{timeout} s. Recent transcript:\n{describe(self.transcript()[-8:])}"
            )
        return found[-1]
