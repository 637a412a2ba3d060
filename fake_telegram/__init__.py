"""A Telegram Bot API double at PTB's network seam: in-process or over HTTP on loopback.

`server.FakeTelegram` holds the state behind one lock and is made of one part per concern:
`chats` (chats and messages), `sending` (methods that write to a chat), `admin` (methods about
the bot), `polling` (the update queue and getUpdates), `limits` (flood limits and faults).
`records` has the shapes they keep; `validation` and `entities` check what the bot sends as
Telegram does; `request` and `http` put the server at PTB's network seam or on loopback;
`users` are fake people who type and tap; `webhooks` delivers queued updates to a bot's
webhook, round robin over several instances.
"""

from fake_telegram.clock import VirtualClock
from fake_telegram.entities import EntityParseError, parse_html, utf16_len
from fake_telegram.http import HttpDouble, serve_http
from fake_telegram.limits import RateLimits
from fake_telegram.records import ApiCall, Button, SentMessage
from fake_telegram.request import FakeRequest
from fake_telegram.server import FakeTelegram
from fake_telegram.users import FakeUser, SyncFakeUser
from fake_telegram.webhooks import WebhookDelivery

__all__ = [
    "ApiCall",
    "Button",
    "EntityParseError",
    "FakeRequest",
    "FakeTelegram",
    "FakeUser",
    "HttpDouble",
    "RateLimits",
    "SentMessage",
    "SyncFakeUser",
    "VirtualClock",
    "WebhookDelivery",
    "parse_html",
    "serve_http",
    "utf16_len",
]
