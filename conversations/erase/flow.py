"""`/delete`: explain, confirm, erase everything about the person."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler, ConversationHandler

from bot.context import BotContext
from conversations.common import texts as common_texts
from conversations.common.callback import Payload
from conversations.common.flows import Flow, end_flows
from conversations.common.handlers import catch_all, flow_fallbacks
from conversations.common.replies import close_tapped, say
from conversations.erase import texts


class State(StrEnum):
    """Erase's one step."""

    CONFIRM = "erase.confirm"


@dataclass(frozen=True)
class Answer(Payload):
    """`del:yes` / `del:no`."""

    PREFIX = "del"
    answer: str


def confirm_keyboard() -> InlineKeyboardMarkup:
    """Erase, or keep."""
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(texts.KEEP, callback_data=Answer("no").pack())],
            [InlineKeyboardButton(texts.CONFIRM, callback_data=Answer("yes").pack())],
        ]
    )


async def ask(update: Update, context: BotContext) -> object:
    """`/delete`: say what will be erased and ask to confirm."""
    assert update.effective_user is not None
    if await context.store.users.get(update.effective_user.id) is None:
        context.draft.clear()
        await say(update, texts.NOTHING_STORED)
        return ConversationHandler.END
    await say(update, texts.EXPLAIN, confirm_keyboard())
    return State.CONFIRM


async def on_answer(update: Update, context: BotContext) -> object:
    """Erase, or keep everything."""
    assert update.effective_user is not None
    tapped = Answer.tapped(update)
    answer = tapped.answer if tapped is not None else "no"
    await close_tapped(update)
    if answer != "yes":
        await say(update, texts.KEPT)
        return ConversationHandler.END
    context.draft.clear()
    # "Done" is stored with the erasure, so it is sent even if the bot dies right after it.
    await context.store.erase_person(
        update.effective_user.id, farewell=texts.ERASED, now=context.clock.now()
    )
    # Other flows this person may have left open hold their state in memory: end them too.
    end_flows(context.application, update.effective_user.id, update.effective_user.id)
    return ConversationHandler.END


async def stale(update: Update, context: BotContext) -> object:
    """A confirm button from an earlier /delete: ask again rather than erase on an old tap."""
    await close_tapped(update, common_texts.STALE_BUTTON_TOAST)
    return await ask(update, context)


async def _reask(update: Update, context: BotContext) -> None:
    await say(update, texts.EXPLAIN, confirm_keyboard())


def build() -> ConversationHandler:
    """The erase conversation."""
    return ConversationHandler(
        name=FLOW.name,
        persistent=True,
        per_message=False,
        allow_reentry=False,
        entry_points=[
            CommandHandler("delete", ask),
            CallbackQueryHandler(stale, pattern=Answer.pattern()),
        ],
        states={
            State.CONFIRM: [
                CallbackQueryHandler(on_answer, pattern=Answer.pattern()),
                *catch_all(_reask, expects_text=False),
            ],
        },
        fallbacks=flow_fallbacks(CommandHandler("delete", ask)),
    )


FLOW = Flow(
    name="erase",
    spoken="erasing your data",
    build=build,
    prefix="del",
    commands=("delete",),
)
