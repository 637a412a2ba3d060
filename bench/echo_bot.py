"""The floor: a bare python-telegram-bot bot making the same Telegram calls as Small Steps.

No storage, no persistence, no flows. A text gets one reply with a one-button keyboard; a tap
gets what Small Steps does for one (answer the query, take the keyboard off the tapped message,
send the next message with a keyboard). Same PTB, same HTML parse mode default, same long
polling; different people's updates handled at once (as Small Steps does); PTB's
AIORateLimiter, or no limiter at all with `--no-rate-limit` (bare: what the benchmarks use).

    TELEGRAM_BOT_TOKEN=... TELEGRAM_API_BASE_URL=http://127.0.0.1:PORT/bot \
        python bench/echo_bot.py [--no-rate-limit]
"""

from __future__ import annotations

import html
import os
import sys

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.ext import (
    AIORateLimiter,
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    Defaults,
    MessageHandler,
    filters,
)

KEYBOARD = InlineKeyboardMarkup([[InlineKeyboardButton("Next", callback_data="next")]])


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_chat is not None and update.effective_message is not None
    text = html.escape(update.effective_message.text or "")
    await update.effective_chat.send_message(f"echo: {text}", reply_markup=KEYBOARD)


async def on_tap(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None and update.effective_chat is not None
    await query.answer()
    await query.edit_message_reply_markup(reply_markup=None)
    await update.effective_chat.send_message(f"echo: {query.data}", reply_markup=KEYBOARD)


def main(argv: list[str]) -> int:
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    builder = (
        ApplicationBuilder()
        .token(os.environ["TELEGRAM_BOT_TOKEN"])
        .base_url(os.environ["TELEGRAM_API_BASE_URL"])
        .base_file_url(
            os.environ.get("TELEGRAM_FILE_BASE_URL", os.environ["TELEGRAM_API_BASE_URL"])
        )
        .defaults(Defaults(parse_mode=ParseMode.HTML))
        .concurrent_updates(64)
    )
    if "--no-rate-limit" not in argv:
        builder = builder.rate_limiter(AIORateLimiter())
    app = builder.build()
    app.add_handler(MessageHandler(filters.TEXT, on_text))
    app.add_handler(CallbackQueryHandler(on_tap))
    app.run_polling(allowed_updates=Update.ALL_TYPES, close_loop=False)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
