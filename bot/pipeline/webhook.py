"""Webhook mode: a small Tornado server that keeps each update before Telegram is told it
arrived, and that never logs what people write.

PTB's own webhook server answers 200 before the update is stored (a crash then loses it), reads
the whole body (up to 100 MB) before it checks the secret, and logs bodies at DEBUG and
unreadable updates at CRITICAL. This one checks the secret and the size from the headers
before reading the body, stores the update in the inbox (bot.pipeline.inbox) and only then answers
200; an update the library cannot read is set aside (quarantined) and answered 200, so
Telegram does not send it again and again. A database that cannot take the update gets a 503:
Telegram tries again later.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import signal
from http import HTTPStatus
from typing import Any

import tornado.web
from telegram import Update
from tornado.httpserver import HTTPServer

from bot.config import Settings
from bot.pipeline.application import STOP_GRACE, SmallStepsApplication, read_update
from bot.pipeline.errors import redacted
from bot.pipeline.ordering import chat_id_of
from bot.store import STORE_FAULTS, claims

log = logging.getLogger(__name__)

# Telegram's updates are a few kilobytes; anything much larger is not from Telegram.
MAX_BODY = 1024 * 1024
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


@tornado.web.stream_request_body
class UpdateHandler(tornado.web.RequestHandler):
    """Receives one update per POST."""

    SUPPORTED_METHODS = ("POST",)  # type: ignore[assignment]

    def initialize(self, app: SmallStepsApplication, secret: str) -> None:  # type: ignore[override]
        """Tornado's per-request set-up."""
        self.app = app
        self.secret = secret
        self.body = bytearray()

    def prepare(self) -> None:
        """Refuse on the headers alone: no secret (403), too large or not JSON (413, 415)."""
        given = self.request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), self.secret.encode()):
            raise tornado.web.HTTPError(HTTPStatus.FORBIDDEN)
        length = self.request.headers.get("Content-Length", "")
        if not length.isdigit() or int(length) > MAX_BODY:
            raise tornado.web.HTTPError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE)
        if self.request.headers.get("Content-Type", "").split(";")[0] != "application/json":
            raise tornado.web.HTTPError(HTTPStatus.UNSUPPORTED_MEDIA_TYPE)

    def data_received(self, chunk: bytes) -> None:
        """Collect the body (its size was checked in `prepare`)."""
        self.body.extend(chunk)
        if len(self.body) > MAX_BODY:
            raise tornado.web.HTTPError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE)

    async def post(self) -> None:
        """Keep the update, then answer 200 and queue it for handling."""
        try:
            data: Any = json.loads(self.body)
        except ValueError:
            data = None
        if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
            raise tornado.web.HTTPError(HTTPStatus.BAD_REQUEST)
        update_id = data["update_id"]
        payload = json.dumps(data)
        update = read_update(payload, self.app.bot)
        state = self.app.services.store.state
        now = self.app.services.clock.now()
        try:
            if update is None:
                await state.quarantine(update_id, payload, "unreadable", now)
                log.warning("update_quarantined update_id=%s reason=unreadable", update_id)
            elif self.app.shared:
                # Kept with its chat, in the shared inbox any instance claims from.
                async with self.app.services.store.db.transaction():
                    await state.receive([(update_id, payload)], now)
                    await claims.assign_chat(
                        self.app.services.store.db, update_id, chat_id_of(update)
                    )
            else:
                await state.receive([(update_id, payload)], now)
        except STORE_FAULTS as exc:
            log.error("inbox_store_failed update_id=%s error=%s", update_id, redacted(exc))
            raise tornado.web.HTTPError(HTTPStatus.SERVICE_UNAVAILABLE) from exc
        if update is not None and self.app.shared:
            self.app.claimer.wake()
        elif update is not None:
            self.app.services.progress.received([update_id])
            await self.app.update_queue.put(update)
        self.set_status(HTTPStatus.OK)
        self.finish()

    def log_exception(self, typ: Any, value: Any, tb: Any) -> None:
        """Log the failure by type only (never the request)."""
        log.warning("webhook_request_failed error=%s", redacted(value))


def make_server(app: SmallStepsApplication, settings: Settings) -> HTTPServer:
    """The webhook server (not yet listening)."""
    assert settings.webhook_secret is not None
    routes = [
        (
            "/" + settings.webhook_path if settings.webhook_path else "/",
            UpdateHandler,
            {"app": app, "secret": settings.webhook_secret},
        )
    ]
    # Tornado's own access log names paths and addresses, not bodies; keep it quiet anyway.
    web_app = tornado.web.Application(routes, log_function=lambda handler: None)
    return HTTPServer(web_app, max_body_size=MAX_BODY, max_buffer_size=MAX_BODY)


async def serve(app: SmallStepsApplication, settings: Settings) -> None:
    """Run the bot on a webhook until SIGTERM or SIGINT."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    # On PostgreSQL, several instances may share the database: each claims from the shared
    # inbox (bot.pipeline.claimer), whichever of them received the update.
    app.shared = app.claimer is not None
    await app.initialize()
    # The hooks run_polling would call (the chart workers start and stop with them).
    if app.post_init:
        await app.post_init(app)
    server = make_server(app, settings)
    try:
        server.listen(settings.webhook_port, address=settings.webhook_listen)
        await app.bot.set_webhook(
            url=settings.webhook_url or "",
            secret_token=settings.webhook_secret,
            allowed_updates=Update.ALL_TYPES,
        )
        await app.start()
        if app.shared:
            app.claimer.start()
        await stop.wait()
    finally:
        server.stop()
        await server.close_all_connections()
        if app.shared:
            await app.claimer.stop(STOP_GRACE)
        if app.running:
            await app.stop()
        await app.shutdown()
        if app.post_shutdown:
            await app.post_shutdown(app)
