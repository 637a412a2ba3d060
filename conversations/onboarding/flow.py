"""Onboarding: welcome, consent, time zone, daily check-in time. `/start` also opens the menu."""

from __future__ import annotations

import html
from datetime import time
from enum import StrEnum

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, ConversationHandler

from bot.context import BotContext
from bot.timeparse import format_time
from bot.timezones import utc_offset_label, zone_label
from bot.weekdays import WEEKDAYS
from conversations import menu
from conversations.common import texts as common_texts
from conversations.common.flows import Flow
from conversations.common.handlers import catch_all, flow_fallbacks
from conversations.common.replies import close_tapped, say
from conversations.onboarding import keyboards, texts
from conversations.pickers.time_picker import TimePicker
from conversations.pickers.zone_picker import ZonePicker


class State(StrEnum):
    """Onboarding's steps (the names read well in logs and in stored state)."""

    CONSENT = "onboarding.consent"
    PLACE = "onboarding.place"
    CHOOSE_ZONE = "onboarding.choose_zone"
    CONFIRM_ZONE = "onboarding.confirm_zone"
    TIME = "onboarding.time"


ZONE_KEY = "timezone"


def _name(update: Update) -> str:
    user = update.effective_user
    return f", {html.escape(user.first_name)}" if user and user.first_name else ""


async def start(update: Update, context: BotContext) -> object:
    """`/start`: the menu for people already set up, onboarding for everyone else."""
    assert update.effective_user is not None
    person = await context.store.users.get(update.effective_user.id)
    if person is not None and person.is_set_up:
        context.draft.clear()
        await say(update, texts.RETURNING.format(name=_name(update)))
        await say(update, common_texts.MENU, menu.keyboard())
        return ConversationHandler.END
    if person is not None:
        await say(update, texts.RESUME)
        return await zones.ask(update, context)
    context.draft.clear()
    await say(update, texts.WELCOME.format(name=_name(update)))
    await say(update, texts.ASK_CONSENT, keyboards.consent())
    return State.CONSENT


async def stale_button(update: Update, context: BotContext) -> object:
    """An onboarding button from an earlier conversation: start again from where they are."""
    await close_tapped(update, common_texts.STALE_BUTTON_TOAST)
    return await start(update, context)


async def _reask_consent(update: Update, context: BotContext) -> None:
    await say(update, texts.ASK_CONSENT, keyboards.consent())


async def on_consent(update: Update, context: BotContext) -> object:
    """Agree (store the person), decline (store nothing), or read what is stored."""
    query = update.callback_query
    assert query is not None and update.effective_user is not None
    consent = keyboards.Consent.tapped(update)
    if consent is None:
        await query.answer(common_texts.STALE_BUTTON_TOAST)
        await _reask_consent(update, context)
        return None
    answer = consent.answer
    if answer == "what":
        await query.answer()
        await say(update, common_texts.PRIVACY)
        await _reask_consent(update, context)
        return None
    await close_tapped(update)
    if answer != "yes":
        context.draft.clear()
        await say(update, texts.DECLINED)
        return ConversationHandler.END
    user = update.effective_user
    await context.store.users.create(user.id, user.language_code, context.clock.now())
    await say(update, texts.CONSENT_THANKS)
    return await zones.ask(update, context)


async def on_zone(update: Update, context: BotContext, zone: str) -> object:
    """Time zone confirmed: keep it in the draft and ask for the check-in time."""
    context.draft[ZONE_KEY] = zone
    return await times.ask(update, context)


async def on_time(update: Update, context: BotContext, chosen: time) -> object:
    """Check-in time chosen: save both settings together and sum up."""
    assert update.effective_user is not None
    zone = context.draft.get(ZONE_KEY)
    if zone is None:
        return await zones.ask(update, context)
    await context.store.users.complete_setup(update.effective_user.id, zone, chosen)
    person = await context.store.users.get(update.effective_user.id)
    assert person is not None
    context.draft.clear()
    await say(
        update,
        texts.SUMMARY.format(
            place=html.escape(zone_label(zone)),
            offset=html.escape(utc_offset_label(zone, context.clock.now())),
            prompt_time=format_time(chosen),
            digest_day=WEEKDAYS[person.digest_weekday],
            digest_time=format_time(person.digest_time),
        ),
    )
    await say(update, common_texts.MENU, menu.keyboard())
    return ConversationHandler.END


zones = ZonePicker(
    keyboards.ZONE_PAYLOADS,
    place_state=State.PLACE,
    choose_state=State.CHOOSE_ZONE,
    confirm_state=State.CONFIRM_ZONE,
    on_chosen=on_zone,
)
times = TimePicker(keyboards.TIME_PICK, state=State.TIME, on_chosen=on_time)


def build() -> ConversationHandler:
    """The onboarding conversation."""
    return ConversationHandler(
        name=FLOW.name,
        persistent=True,
        per_message=False,
        allow_reentry=False,
        entry_points=[
            CommandHandler("start", start),
            CallbackQueryHandler(stale_button, pattern=FLOW.buttons()),
        ],
        states={
            State.CONSENT: [
                CallbackQueryHandler(on_consent, pattern=keyboards.Consent.pattern()),
                *catch_all(_reask_consent, expects_text=False),
            ],
            **zones.states(),
            **times.states(),
        },
        fallbacks=flow_fallbacks(CommandHandler("start", start)),
    )


FLOW = Flow(
    name="onboarding",
    spoken="setting up",
    build=build,
    prefix="onb",
    commands=("start",),
)
