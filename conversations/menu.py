"""The menu a returning person sees on /start, and its buttons that are not flows."""

from __future__ import annotations

import re
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot.context import BotContext
from conversations.common import texts as common_texts
from conversations.common.callback import Payload
from conversations.common.replies import close_tapped, say

MENU = "What would you like to do?"
WIN_LABEL = "Note a small win 🌱"
FEEL_LABEL = "Name a feeling 🎨"
REFRAME_LABEL = "Reframe a harsh thought 💛"
SETTINGS_LABEL = "Settings ⚙️"
PRIVACY_LABEL = "Privacy"
HELP_LABEL = "Help"


@dataclass(frozen=True)
class MenuPick(Payload):
    """A menu button: `menu:settings`."""

    PREFIX = "menu"
    action: str


def menu_buttons(*actions: str) -> re.Pattern[str]:
    """The regex that matches exactly these menu buttons."""
    return re.compile("|".join(MenuPick(action).exact().pattern for action in actions))


def keyboard() -> InlineKeyboardMarkup:
    """The menu's buttons."""
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(WIN_LABEL, callback_data=MenuPick("win").pack())],
            [InlineKeyboardButton(FEEL_LABEL, callback_data=MenuPick("feel").pack())],
            [InlineKeyboardButton(REFRAME_LABEL, callback_data=MenuPick("reframe").pack())],
            [InlineKeyboardButton(SETTINGS_LABEL, callback_data=MenuPick("settings").pack())],
            [
                InlineKeyboardButton(PRIVACY_LABEL, callback_data=MenuPick("privacy").pack()),
                InlineKeyboardButton(HELP_LABEL, callback_data=MenuPick("help").pack()),
            ],
        ]
    )


async def on_info_button(update: Update, context: BotContext) -> None:
    """Privacy or Help from the menu."""
    tapped = MenuPick.tapped(update)
    action = tapped.action if tapped is not None else "help"
    await close_tapped(update)
    await say(update, common_texts.PRIVACY if action == "privacy" else common_texts.HELP)


def handlers() -> list[BaseHandler]:
    """Menu buttons handled outside any flow (the flows claim their own)."""
    return [CallbackQueryHandler(on_info_button, pattern=menu_buttons("privacy", "help"))]
