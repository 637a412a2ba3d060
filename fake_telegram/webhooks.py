"""Webhook delivery: the double hands queued updates to the bot's webhook, as Telegram does.

`WebhookDelivery` takes the oldest queued update and POSTs it, with the secret token the bot
gave setWebhook, to one of several local addresses in turn (round robin: a load balancer in
front of several instances). A 200 confirms the update and removes it from the queue; anything
else (refused, reset, 5xx, a timeout) leaves it queued, to be tried at the next address. One
update is in flight at a time, so updates arrive in the order they were sent.
"""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fake_telegram.server import FakeTelegram

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
POST_TIMEOUT = 10.0
PAUSE = 0.05  # after every address refused: Telegram waits before trying again


class WebhookDelivery:
    """A thread that delivers the double's queued updates to `urls`, in turn."""

    def __init__(self, telegram: FakeTelegram, urls: Sequence[str]) -> None:
        self.telegram = telegram
        self.urls = list(urls)
        self.confirmed: list[int] = []  # update ids answered 200, in order
        self.attempts: dict[str, int] = {url: 0 for url in self.urls}
        self.refused = 0
        self._next = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="webhook-delivery", daemon=True)

    def start(self) -> WebhookDelivery:
        """Begin delivering (once the bot has called setWebhook)."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop after the update in flight, if any."""
        self._stop.set()
        self.telegram.interrupt_long_polls()  # wakes the wait below
        self._thread.join(timeout=POST_TIMEOUT + 5)

    def _ready(self) -> bool:
        return self._stop.is_set() or (
            self.telegram._webhook is not None and bool(self.telegram._updates)
        )

    def _run(self) -> None:
        telegram = self.telegram
        while not self._stop.is_set():
            with telegram._cond:
                telegram._cond.wait_for(self._ready, 1.0)
                if self._stop.is_set() or not telegram._updates or telegram._webhook is None:
                    continue
                update = telegram._updates[0]
                secret = telegram._webhook.get("secret_token")
            for _ in range(len(self.urls)):
                url = self.urls[self._next]
                self._next = (self._next + 1) % len(self.urls)
                self.attempts[url] += 1
                if self._post(url, update, secret):
                    with telegram._cond:
                        if telegram._updates and telegram._updates[0] is update:
                            telegram._updates.pop(0)
                        self.confirmed.append(int(update["update_id"]))
                        telegram._changed()
                    break
                self.refused += 1
            else:
                self._stop.wait(PAUSE)

    @staticmethod
    def _post(url: str, update: dict, secret: str | None) -> bool:
        headers = {"Content-Type": "application/json"}
        if secret:
            headers[SECRET_HEADER] = secret
        request = urllib.request.Request(
            url, data=json.dumps(update).encode(), headers=headers, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=POST_TIMEOUT) as response:
                return int(response.status) == 200
        except (urllib.error.URLError, OSError, ValueError):
            return False
