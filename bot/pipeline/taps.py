"""A tap is never lost to a late answer.

Telegram keeps a button tap (a callback query) answerable for about 15 seconds. A tap handled
later than that (the bot was busy, or restarted, and the tap waited in the inbox) gets 400
"query is too old and response timeout expired or query ID is invalid" when it is answered.
That answer only stops the button's spinner, which Telegram has already stopped by then: it is
not a reason to drop what the tap meant. `SmallStepsBot` treats it as done, for every way a
handler answers (`query.answer()` included), so the handler goes on and saves what was tapped.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram.error import BadRequest
from telegram.ext import ExtBot

log = logging.getLogger(__name__)

# What Telegram says about a query it no longer takes answers for (lower case).
_EXPIRED = ("query is too old", "query id is invalid")


def answer_expired(error: BadRequest) -> bool:
    """Whether Telegram refused an answer because the tap's time to be answered is over."""
    return any(fragment in error.message.lower() for fragment in _EXPIRED)


class SmallStepsBot(ExtBot[None]):
    """PTB's bot, except that answering a tap too late is not an error."""

    async def answer_callback_query(self, *args: Any, **kwargs: Any) -> bool:
        """Answer a tap; False (and no error) when Telegram no longer takes an answer."""
        try:
            return await super().answer_callback_query(*args, **kwargs)
        except BadRequest as exc:
            if not answer_expired(exc):
                raise
            log.info("tap_answered_late")
            return False
