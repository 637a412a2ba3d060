"""The menu a returning person sees on /start, the buttons that start a flow wherever they
appear, and the menu's buttons that are not flows."""

from __future__ import annotations

import re
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot.context import BotContext
from conversations.common import texts
from conversations.common.callback import Payload
from conversations.common.replies import close_tapped, say

# The flows the menu offers, in its order (each button's words come from the flow's record).
MENU_FLOWS = ("win", "feel", "reframe", "settings")


@dataclass(frozen=True)
class MenuPick(Payload):
    """A menu button: `menu:settings`."""

    PREFIX = "menu"
    action: str


def menu_buttons(*actions: str) -> re.Pattern[str]:
    """The regex that matches exactly these menu buttons."""
    return re.compile("|".join(MenuPick(action).exact().pattern for action in actions))


def start_button(flow_name: str) -> InlineKeyboardButton:
    """The button that starts a flow, in the words of its record in the catalog."""
    # Imported here: the catalog imports every flow, and the flows import this module.
    from conversations.catalog import FLOWS

    (label,) = [flow.menu_label for flow in FLOWS if flow.name == flow_name]
    assert label is not None, f"{flow_name} has no button"
    return InlineKeyboardButton(label, callback_data=MenuPick(flow_name).pack())


def keyboard() -> InlineKeyboardMarkup:
    """The menu's buttons."""
    return InlineKeyboardMarkup(
        [
            *([start_button(name)] for name in MENU_FLOWS),
            [
                InlineKeyboardButton(texts.PRIVACY_LABEL, callback_data=MenuPick("privacy").pack()),
                InlineKeyboardButton(texts.HELP_LABEL, callback_data=MenuPick("help").pack()),
            ],
        ]
    )


async def on_info_button(update: Update, context: BotContext) -> None:
    """Privacy or Help from the menu."""
    tapped = MenuPick.tapped(update)
    action = tapped.action if tapped is not None else "help"
    await close_tapped(update)
    await say(update, texts.PRIVACY if action == "privacy" else texts.HELP)


def handlers() -> list[BaseHandler]:
    """Menu buttons handled outside any flow (the flows claim their own)."""
    return [CallbackQueryHandler(on_info_button, pattern=menu_buttons("privacy", "help"))]
