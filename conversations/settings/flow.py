"""`/settings`: time zone, daily check-in time, weekly look-back, pause and resume."""

from __future__ import annotations

import html
from collections.abc import Awaitable, Callable
from datetime import time
from enum import StrEnum

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, ConversationHandler

from bot.context import BotContext
from bot.store import PAUSED_INDEFINITELY, User
from bot.timeparse import format_time
from bot.timezones import utc_offset_label, zone_label
from bot.weekdays import WEEKDAYS
from conversations.common import pause
from conversations.common import texts as common_texts
from conversations.common.flows import Flow
from conversations.common.handlers import catch_all, flow_fallbacks
from conversations.common.people import set_up_person
from conversations.common.replies import close_tapped, say
from conversations.menu import MenuPick
from conversations.pickers.time_picker import TimePicker
from conversations.pickers.zone_picker import ZonePicker
from conversations.settings import keyboards, texts


class State(StrEnum):
    """Settings' steps."""

    MENU = "settings.menu"
    PLACE = "settings.place"
    CHOOSE_ZONE = "settings.choose_zone"
    CONFIRM_ZONE = "settings.confirm_zone"
    PROMPT_TIME = "settings.prompt_time"
    DIGEST_DAY = "settings.digest_day"
    DIGEST_TIME = "settings.digest_time"
    PAUSE = "settings.pause"


DIGEST_DAY_KEY = "digest_day"


def _pause_until_text(person: User) -> str:
    if person.paused_until == PAUSED_INDEFINITELY:
        return texts.PAUSED_INDEFINITELY
    assert person.paused_until is not None and person.timezone is not None
    return texts.PAUSED_UNTIL.format(date=pause.end_label(person.paused_until, person.timezone))


async def show_menu(update: Update, context: BotContext) -> object:
    """The current settings and what can be changed."""
    person = await set_up_person(update, context)
    if person is None:
        context.draft.clear()
        await say(update, common_texts.NOT_SET_UP)
        return ConversationHandler.END
    assert person.timezone is not None and person.prompt_time is not None
    now = context.clock.now()
    paused = person.is_paused(now)
    await say(
        update,
        texts.MENU.format(
            place=html.escape(zone_label(person.timezone)),
            offset=html.escape(utc_offset_label(person.timezone, now)),
            prompt_time=format_time(person.prompt_time),
            digest_day=WEEKDAYS[person.digest_weekday],
            digest_time=format_time(person.digest_time),
            pause=html.escape(_pause_until_text(person)) if paused else texts.ACTIVE,
            written_days=texts.SKIP_ON if person.skip_if_checked_in else texts.SKIP_OFF,
        ),
        keyboards.settings_menu(paused, person.skip_if_checked_in),
    )
    return State.MENU


async def enter(update: Update, context: BotContext) -> object:
    """`/settings`, the menu's Settings button, or a stale settings button."""
    if update.callback_query is not None:
        stale = not MenuPick.pattern().match(update.callback_query.data or "")
        await close_tapped(update, common_texts.STALE_BUTTON_TOAST if stale else None)
    context.draft.clear()
    return await show_menu(update, context)


async def on_choice(update: Update, context: BotContext) -> object:
    """A settings menu button (Back, or anything unknown, shows the menu again)."""
    choice = keyboards.Choice.tapped(update)
    await close_tapped(update)
    step = _CHOICES.get(choice.action if choice is not None else "menu", show_menu)
    return await step(update, context)


async def _ask_digest_day(update: Update, context: BotContext) -> object:
    await say(update, texts.ASK_DIGEST_DAY, keyboards.weekdays())
    return State.DIGEST_DAY


async def _ask_pause(update: Update, context: BotContext) -> object:
    await say(update, texts.ASK_PAUSE, keyboards.pause_lengths())
    return State.PAUSE


async def _resume(update: Update, context: BotContext) -> object:
    assert update.effective_user is not None
    await context.store.users.set_paused_until(update.effective_user.id, None)
    person = await set_up_person(update, context)
    if person is not None and person.prompt_time is not None:
        await say(update, texts.RESUMED.format(time=format_time(person.prompt_time)))
    return await show_menu(update, context)


async def _set_skip(update: Update, context: BotContext, skip: bool) -> object:
    assert update.effective_user is not None
    await context.store.users.set_skip_if_checked_in(update.effective_user.id, skip)
    await say(update, texts.SAVED_SKIP_ON if skip else texts.SAVED_SKIP_OFF)
    return await show_menu(update, context)


async def _skip_on(update: Update, context: BotContext) -> object:
    return await _set_skip(update, context, skip=True)


async def _skip_off(update: Update, context: BotContext) -> object:
    return await _set_skip(update, context, skip=False)


async def _done(update: Update, context: BotContext) -> object:
    context.draft.clear()
    await say(update, texts.DONE)
    return ConversationHandler.END


async def on_zone(update: Update, context: BotContext, zone: str) -> object:
    """A new time zone, confirmed."""
    assert update.effective_user is not None
    await context.store.users.set_timezone(update.effective_user.id, zone)
    await say(update, texts.SAVED_ZONE.format(place=html.escape(zone_label(zone))))
    return await show_menu(update, context)


async def on_prompt_time(update: Update, context: BotContext, chosen: time) -> object:
    """A new daily check-in time."""
    assert update.effective_user is not None
    await context.store.users.set_prompt_time(update.effective_user.id, chosen)
    await say(update, texts.SAVED_PROMPT_TIME.format(time=format_time(chosen)))
    return await show_menu(update, context)


async def on_digest_day(update: Update, context: BotContext) -> object:
    """A weekday for the look-back; then its time."""
    tapped = keyboards.DigestDay.tapped(update)
    weekday = tapped.weekday if tapped is not None else -1
    await close_tapped(update)
    if not 0 <= weekday <= 6:
        await say(update, texts.ASK_DIGEST_DAY, keyboards.weekdays())
        return State.DIGEST_DAY
    context.draft[DIGEST_DAY_KEY] = weekday
    return await digest_times.ask(update, context)


async def on_digest_time(update: Update, context: BotContext, chosen: time) -> object:
    """The look-back's time: save day and time together."""
    assert update.effective_user is not None
    weekday = context.draft.pop(DIGEST_DAY_KEY, None)
    if weekday is None:
        await say(update, texts.ASK_DIGEST_DAY, keyboards.weekdays())
        return State.DIGEST_DAY
    await context.store.users.set_digest(update.effective_user.id, weekday, chosen)
    await say(
        update,
        texts.SAVED_DIGEST.format(day=WEEKDAYS[weekday], time=format_time(chosen)),
    )
    return await show_menu(update, context)


async def on_pause(update: Update, context: BotContext) -> object:
    """A pause length."""
    assert update.effective_user is not None
    tapped = keyboards.Pause.tapped(update)
    days = tapped.days if tapped is not None else -1
    await close_tapped(update)
    if days not in pause.LENGTHS:
        await say(update, texts.ASK_PAUSE, keyboards.pause_lengths())
        return State.PAUSE
    until = pause.pause_end(context.clock.now(), days)
    await context.store.users.set_paused_until(update.effective_user.id, until)
    person = await set_up_person(update, context)
    if days == 0 or person is None:
        await say(update, texts.SAVED_PAUSE_FOREVER)
    else:
        await say(update, texts.SAVED_PAUSE.format(date=pause.end_label(until, person.timezone)))
    return await show_menu(update, context)


async def _reask_menu(update: Update, context: BotContext) -> None:
    await show_menu(update, context)


async def _reask_digest_day(update: Update, context: BotContext) -> None:
    await say(update, texts.ASK_DIGEST_DAY, keyboards.weekdays())


async def _reask_pause(update: Update, context: BotContext) -> None:
    await say(update, texts.ASK_PAUSE, keyboards.pause_lengths())


zones = ZonePicker(
    keyboards.ZONE_PAYLOADS,
    place_state=State.PLACE,
    choose_state=State.CHOOSE_ZONE,
    confirm_state=State.CONFIRM_ZONE,
    on_chosen=on_zone,
)
prompt_times = TimePicker(
    keyboards.PROMPT_TIME,
    state=State.PROMPT_TIME,
    on_chosen=on_prompt_time,
    question=texts.ASK_PROMPT_TIME,
)


def _digest_time_question(context: BotContext) -> str:
    weekday = context.draft.get(DIGEST_DAY_KEY, 6)
    return texts.ASK_DIGEST_TIME.format(day=WEEKDAYS[weekday])


digest_times = TimePicker(
    keyboards.DIGEST_TIME,
    state=State.DIGEST_TIME,
    on_chosen=on_digest_time,
    question=_digest_time_question,
)

# What each settings menu button does (`Choice.action` → step).
_CHOICES: dict[str, Callable[[Update, BotContext], Awaitable[object]]] = {
    "zone": zones.ask,
    "time": prompt_times.ask,
    "digest": _ask_digest_day,
    "pause": _ask_pause,
    "resume": _resume,
    "skip_on": _skip_on,
    "skip_off": _skip_off,
    "done": _done,
}

_back = CallbackQueryHandler(on_choice, pattern=keyboards.Choice.pattern())


def build() -> ConversationHandler:
    """The settings conversation."""
    return ConversationHandler(
        name=FLOW.name,
        persistent=True,
        per_message=False,
        allow_reentry=False,
        entry_points=[
            CommandHandler("settings", enter),
            CallbackQueryHandler(enter, pattern=FLOW.menu_button().exact()),
            CallbackQueryHandler(enter, pattern=FLOW.buttons()),
        ],
        states={
            State.MENU: [_back, *catch_all(_reask_menu, expects_text=False)],
            **zones.states(),
            **prompt_times.states(),
            State.DIGEST_DAY: [
                CallbackQueryHandler(on_digest_day, pattern=keyboards.DigestDay.pattern()),
                _back,
                *catch_all(_reask_digest_day, expects_text=False),
            ],
            **digest_times.states(),
            State.PAUSE: [
                CallbackQueryHandler(on_pause, pattern=keyboards.Pause.pattern()),
                _back,
                *catch_all(_reask_pause, expects_text=False),
            ],
        },
        fallbacks=flow_fallbacks(CommandHandler("settings", enter)),
    )


FLOW = Flow(
    name="settings",
    spoken="your settings",
    build=build,
    prefix="set",
    commands=("settings",),
    menu_label=texts.MENU_LABEL,
)
