"""The fake Bot API over HTTP on loopback, for a bot running in another process."""

from __future__ import annotations

import json
import threading
from email.message import Message
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from fake_telegram.records import FileTuple
from fake_telegram.request import route
from fake_telegram.server import FakeTelegram

_LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})


def _parse_multipart(content_type: str, body: bytes) -> tuple[dict[str, str], dict[str, FileTuple]]:
    """Split a multipart/form-data body into form fields and files (stdlib email parser)."""
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode("latin-1")
    message = BytesParser(policy=HTTP).parsebytes(head + body)
    params: dict[str, str] = {}
    files: dict[str, FileTuple] = {}
    if not message.is_multipart():
        return params, files
    for part in message.iter_parts():
        if not isinstance(part, Message):
            continue
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str):
            continue
        payload = part.get_payload(decode=True)
        data = payload if isinstance(payload, bytes) else b""
        file_name = part.get_filename()
        if file_name is None:
            params[name] = data.decode("utf-8")
        else:
            files[name] = (file_name, data, part.get_content_type())
    return params, files


class _Server(ThreadingHTTPServer):
    """A threading HTTP server that carries the double and stays quiet."""

    daemon_threads = True
    # Telegram accepts hundreds of connections at once; the standard library's backlog of 5
    # would reset a burst of them (a bot with many concurrent requests saw ReadErrors).
    request_queue_size = 1024
    telegram: FakeTelegram

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Stay quiet: clients that go away mid long-poll (a killed bot) are expected."""


class _Handler(BaseHTTPRequestHandler):
    """Routes /bot<token>/<method> and /file/bot<token>/<path> to the double."""

    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        """Never log: request lines contain the token."""

    def do_GET(self) -> None:
        """Serve a Bot API call or a file download."""
        self._serve(b"", "")

    def do_POST(self) -> None:
        """Serve a Bot API call with a form, JSON or multipart body."""
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self._serve(body, self.headers.get("Content-Type") or "")

    def _serve(self, body: bytes, content_type: str) -> None:
        """Parse the request, call the double and reply."""
        telegram = self.server.telegram
        url = urlsplit(self.path)
        target = route(telegram, url.path)
        if isinstance(target[0], int):
            self._reply(target[0], target[1])
            return
        kind, name = target
        if kind == "file":
            content = telegram.file_content(name)
            if content is None:
                self._reply(404, {"ok": False, "error_code": 404, "description": "Not Found"})
            else:
                self._send(200, content, "application/octet-stream")
            return
        params: dict[str, Any] = dict(parse_qsl(url.query, keep_blank_values=True))
        files: dict[str, FileTuple] = {}
        media_type = content_type.split(";", 1)[0].strip().lower()
        try:
            if media_type == "application/json" and body:
                decoded = json.loads(body)
                if not isinstance(decoded, dict):
                    raise ValueError("the JSON body must be an object")
                params.update(decoded)
            elif media_type == "application/x-www-form-urlencoded":
                params.update(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
            elif media_type == "multipart/form-data":
                fields, files = _parse_multipart(content_type, body)
                params.update(fields)
        except (ValueError, UnicodeDecodeError):
            description = "Bad Request: can't parse request body"
            self._reply(400, {"ok": False, "error_code": 400, "description": description})
            return
        try:
            status, answer = telegram.handle(name, params, files)
        except Exception as error:  # a bug in the double: say so instead of hanging up
            description = f"Internal Server Error: the fake Telegram failed: {error!r}"
            status, answer = 500, {"ok": False, "error_code": 500, "description": description}
        self._reply(status, answer)

    def _reply(self, status: int, body: dict[str, Any]) -> None:
        """Send a JSON answer."""
        self._send(status, json.dumps(body).encode(), "application/json")

    def _send(self, status: int, payload: bytes, content_type: str) -> None:
        """Send a complete response."""
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


class HttpDouble:
    """A running (or startable) HTTP front for a FakeTelegram; a context manager."""

    def __init__(self, telegram: FakeTelegram, host: str = "127.0.0.1", port: int = 0) -> None:
        """Prepare to serve on loopback; start() binds the socket."""
        if host not in _LOOPBACK:
            raise ValueError("the fake Telegram only listens on loopback")
        self.telegram = telegram
        self._host = host
        self._port = port
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        """The bound port."""
        if self._server is None:
            raise RuntimeError("the HTTP double is not running")
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        """What to pass as PTB's base_url (PTB appends the token)."""
        return f"http://{self._host}:{self.port}/bot"

    @property
    def file_base_url(self) -> str:
        """What to pass as PTB's base_file_url."""
        return f"http://{self._host}:{self.port}/file/bot"

    def start(self) -> HttpDouble:
        """Bind and serve in a daemon thread."""
        if self._server is not None:
            return self
        server = _Server((self._host, self._port), _Handler)
        server.telegram = self.telegram
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.05},  # how quickly shutdown() is noticed
            name="fake-telegram-http",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, release the port and let pending long polls return."""
        server, thread = self._server, self._thread
        if server is None or thread is None:
            return
        self._server = self._thread = None
        server.shutdown()
        server.server_close()
        thread.join()
        self.telegram.interrupt_long_polls()

    def __enter__(self) -> HttpDouble:
        """Start serving."""
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Stop serving."""
        self.stop()


def serve_http(telegram: FakeTelegram, host: str = "127.0.0.1", port: int = 0) -> HttpDouble:
    """Serve the double over HTTP on loopback; use as a context manager or call start()."""
    return HttpDouble(telegram, host, port).start()
