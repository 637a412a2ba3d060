"""Telegram's request validation: parameter decoding, keyboards, text formatting."""

from __future__ import annotations

import json
import re
from typing import Any

from fake_telegram.entities import EntityParseError, parse_html, utf16_len

_JSON_FIELDS = frozenset(
    {
        "reply_markup",
        "commands",
        "scope",
        "allowed_updates",
        "entities",
        "caption_entities",
        "link_preview_options",
        "reply_parameters",
    }
)
_INT_FIELDS = frozenset(
    {
        "chat_id",
        "message_id",
        "user_id",
        "offset",
        "limit",
        "update_id",
        "from_chat_id",
        "message_thread_id",
        "reply_to_message_id",
        "cache_time",
    }
)
_FLOAT_FIELDS = frozenset({"timeout"})
_BOOL_FIELDS = frozenset(
    {
        "disable_notification",
        "protect_content",
        "show_alert",
        "drop_pending_updates",
        "allow_sending_without_reply",
        "disable_web_page_preview",
        "allow_paid_broadcast",
        "disable_content_type_detection",
        "has_spoiler",
        "show_caption_above_media",
    }
)
_BUTTON_ACTIONS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
_COMMAND_RE = re.compile(r"[a-z0-9_]{1,32}")
_WHITESPACE = " \t\n\r\v\f"


class ApiError(Exception):
    """A Bot API error response."""

    def __init__(self, status: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.retry_after = retry_after

    def body(self) -> dict[str, Any]:
        """The JSON body Telegram would send."""
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.status,
            "description": self.description,
        }
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


def bad(description: str) -> ApiError:
    """A 400 Bad Request error."""
    return ApiError(400, f"Bad Request: {description}")


def inline_keyboard(markup: dict[str, Any] | None) -> dict[str, Any] | None:
    """The markup if it is an inline keyboard (the only kind a Message carries), else None."""
    return markup if markup and "inline_keyboard" in markup else None


def _trim(text: str, entities: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    """Strip leading and trailing whitespace like Telegram, shifting entities to match."""
    stripped = text.strip(_WHITESPACE)
    if stripped == text:
        return text, entities
    lead = utf16_len(text[: len(text) - len(text.lstrip(_WHITESPACE))])
    total = utf16_len(stripped)
    kept = []
    for entity in entities:
        start = max(0, entity["offset"] - lead)
        end = min(total, entity["offset"] + entity["length"] - lead)
        if end > start:
            kept.append({**entity, "offset": start, "length": end - start})
    return stripped, kept


def decode_params(raw: dict[str, Any]) -> dict[str, Any]:
    """Turn form-field strings into the values Telegram reads from them."""
    params: dict[str, Any] = {}
    for key, value in raw.items():
        if isinstance(value, bytes):
            value = value.decode("utf-8")
        if isinstance(value, str):
            if key in _JSON_FIELDS:
                try:
                    value = json.loads(value)
                except ValueError:
                    what = "reply keyboard markup" if key == "reply_markup" else key
                    raise bad(f"can't parse {what} JSON object") from None
            elif key in _INT_FIELDS:
                try:
                    value = int(value)
                except ValueError:
                    if key != "chat_id":
                        raise bad(f"invalid {key} specified") from None
            elif key in _FLOAT_FIELDS:
                try:
                    value = float(value)
                except ValueError:
                    raise bad(f"invalid {key} specified") from None
            elif key in _BOOL_FIELDS:
                value = value.lower() in ("true", "1")
        params[key] = value
    return params


def check_markup(markup: Any) -> dict[str, Any] | None:
    """Validate reply_markup like Telegram; returns it unchanged."""
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise bad("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        rows = markup["inline_keyboard"]
        if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
            raise bad(
                'field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays'
            )
        for row in rows:
            for button in row:
                _check_button(button)
        return markup
    if any(key in markup for key in ("keyboard", "remove_keyboard", "force_reply")):
        return markup
    raise bad("can't parse reply keyboard markup JSON object")


def _check_button(button: Any) -> None:
    """Validate one inline keyboard button like Telegram (stricter on several actions)."""
    if not isinstance(button, dict):
        raise bad("can't parse inline keyboard button: InlineKeyboardButton must be an Object")
    text = button.get("text")
    if not isinstance(text, str) or not text.strip():
        raise bad("BUTTON_TEXT_INVALID")
    actions = [
        key
        for key in _BUTTON_ACTIONS
        if button.get(key) is not None
        and not (key in ("url", "callback_data") and button.get(key) == "")
    ]
    if not actions:
        raise bad(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        )
    if len(actions) > 1:
        raise bad(
            "can't parse inline keyboard button: exactly one of "
            f"{', '.join(actions)} must be used (the test double is stricter than Telegram)"
        )
    data = button.get("callback_data")
    if data is not None and (not isinstance(data, str) or len(data.encode("utf-8")) > 64):
        raise bad("BUTTON_DATA_INVALID")
    url = button.get("url")
    if url is not None and not re.match(r"(https?|tg)://\S+$", str(url)):
        raise bad("BUTTON_URL_INVALID")


def format_text(
    raw: str, parse_mode: Any, entities: Any
) -> tuple[str, list[dict[str, Any]], str | None]:
    """Parse text or a caption per parse_mode; returns (plain text, entities, mode)."""
    if isinstance(entities, list):
        text, found = raw, entities
        mode = None
    elif parse_mode in (None, ""):
        text, found, mode = raw, [], None
    elif str(parse_mode).lower() == "html":
        try:
            text, found = parse_html(raw)
        except EntityParseError as error:
            raise bad(f"can't parse entities: {error}") from None
        mode = "HTML"
    elif str(parse_mode).lower() in ("markdown", "markdownv2"):
        raise bad("can't parse entities: the test double implements only parse_mode HTML")
    else:
        raise bad("unsupported parse_mode")
    text, found = _trim(text, found)
    return text, found, mode


def check_commands(commands: Any) -> list[dict[str, str]]:
    """Validate a setMyCommands list like Telegram; returns it as stored."""
    if not isinstance(commands, list):
        raise bad("can't parse commands JSON object")
    if len(commands) > 100:
        raise bad("BOT_COMMANDS_TOO_MUCH")
    for command in commands:
        if not isinstance(command, dict):
            raise bad("can't parse BotCommand JSON object")
        name, description = command.get("command"), command.get("description")
        if not isinstance(name, str) or not _COMMAND_RE.fullmatch(name):
            raise bad("BOT_COMMAND_INVALID")
        if not isinstance(description, str) or not 1 <= len(description.strip()) <= 256:
            raise bad("BOT_COMMAND_DESCRIPTION_INVALID")
    return [{"command": c["command"], "description": c["description"]} for c in commands]
