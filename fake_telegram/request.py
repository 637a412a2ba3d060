"""A PTB BaseRequest that answers from a FakeTelegram instead of the network."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import unquote, urlsplit

from telegram.request import BaseRequest, RequestData

from fake_telegram.records import FileTuple
from fake_telegram.server import FakeTelegram


def route(telegram: FakeTelegram, path: str) -> tuple[str, str] | tuple[int, dict[str, Any]]:
    """Split a URL path into ("api"|"file", method or file path), or an error answer."""
    segments = [unquote(s) for s in path.split("/") if s]
    index = next((i for i, s in enumerate(segments) if s.startswith("bot")), None)
    if index is None:
        return 404, {"ok": False, "error_code": 404, "description": "Not Found"}
    segment = segments[index]
    if segment != f"bot{telegram.token}":
        return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
    rest = segments[index + 1 :]
    if index > 0 and segments[index - 1] == "file" and rest:
        return "file", "/".join(rest)
    if len(rest) != 1:
        return 404, {"ok": False, "error_code": 404, "description": "Not Found"}
    return "api", rest[0]


class FakeRequest(BaseRequest):
    """Answers PTB's Bot API requests from a FakeTelegram, in process."""

    def __init__(self, telegram: FakeTelegram) -> None:
        """Serve requests from this double."""
        self._telegram = telegram

    @property
    def read_timeout(self) -> float:
        """Default read timeout (PTB adds the long-poll timeout to it)."""
        return 5.0

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to tear down."""

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """Run the Bot API method named by the URL against the double."""
        target = route(self._telegram, urlsplit(url).path)
        if isinstance(target[0], int):
            status, body = target
            return status, json.dumps(body).encode()
        kind, name = target
        if kind == "file":
            content = self._telegram.file_content(name)
            if content is None:
                body = {"ok": False, "error_code": 404, "description": "Not Found"}
                return 404, json.dumps(body).encode()
            return 200, content
        params = dict(request_data.json_parameters) if request_data else {}
        files: dict[str, FileTuple] = {}
        if request_data is not None and request_data.contains_files:
            for part, (file_name, content, mime_type) in request_data.multipart_data.items():
                data = content if isinstance(content, bytes) else content.read()
                files[part] = (file_name or part, data, mime_type or "application/octet-stream")
        status, body = await self._telegram.handle_async(name, params, files)
        return status, json.dumps(body).encode()
