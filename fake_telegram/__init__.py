"""A Telegram Bot API double at PTB's network seam: in-process or over HTTP on loopback."""

from fake_telegram.entities import EntityParseError, parse_html, utf16_len
from fake_telegram.http import HttpDouble, serve_http
from fake_telegram.request import FakeRequest
from fake_telegram.state import ApiCall, Button, FakeTelegram, SentMessage
from fake_telegram.users import FakeUser, SyncFakeUser

__all__ = [
    "ApiCall",
    "Button",
    "EntityParseError",
    "FakeRequest",
    "FakeTelegram",
    "FakeUser",
    "HttpDouble",
    "SentMessage",
    "SyncFakeUser",
    "parse_html",
    "serve_http",
    "utf16_len",
]
