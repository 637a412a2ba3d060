"""The daily prompt's buttons, `/digest`, `/pause`, `/resume`, and blocked/unblocked updates."""

from __future__ import annotations

import logging
from datetime import date, datetime

from telegram import ChatMember, Update
from telegram.ext import (
    ApplicationHandlerStop,
    BaseHandler,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
)

from bot.context import BotContext
from bot.schedule.timing import next_weekly
from bot.store import User
from bot.timeparse import format_time
from bot.timezones import local_date
from conversations.checkins import keyboards, texts
from conversations.checkins.compose import SNOOZE, digest_message, later_fits
from conversations.common import pause
from conversations.common import texts as common_texts
from conversations.common.people import set_up_person
from conversations.common.replies import close_tapped, say, show_photo
from conversations.menu import menu_buttons

log = logging.getLogger(__name__)


async def on_check_in(update: Update, context: BotContext) -> None:
    """ "Not today", "Later" or "Ask me tomorrow" on a daily prompt."""
    query = update.callback_query
    assert query is not None and update.effective_user is not None
    uid = update.effective_user.id
    tap = keyboards.CheckIn.tapped(update)
    try:
        day = datetime.strptime(tap.day, "%Y%m%d").date() if tap is not None else None
    except ValueError:
        day = None
    delivery = await context.store.schedule.get(uid, "prompt", day) if day else None
    waiting = delivery is not None and delivery.status == "sent" and delivery.answered is None
    if tap is None or day is None or not waiting:
        await close_tapped(update, common_texts.STALE_BUTTON_TOAST)
        await say(update, texts.PASSED)
        raise ApplicationHandlerStop
    person = await set_up_person(update, context)
    if tap.action in ("later", "tmr") and person is not None and person.timezone is not None:
        await _put_off(update, context, person, day, tap.action)
    else:
        await context.store.schedule.mark_answered(uid, day, "not_today")
        await close_tapped(update)
        await say(update, texts.NOT_TODAY)
    raise ApplicationHandlerStop


async def _put_off(
    update: Update, context: BotContext, person: User, day: date, action: str
) -> None:
    """ "Later" asks the same question in an hour, unless quiet hours would hold it back;
    then, like "Ask me tomorrow", it comes back with tomorrow's check-in."""
    assert person.timezone is not None and person.prompt_time is not None
    uid, now, at = person.telegram_id, context.clock.now(), format_time(person.prompt_time)
    fits = later_fits(now, person.timezone, person.prompt_time)
    if action == "later" and fits and await context.store.schedule.snooze(uid, day, now + SNOOZE):
        await close_tapped(update)
        await say(update, texts.LATER)
    elif await context.store.schedule.put_off_until_tomorrow(uid, day):
        await close_tapped(update)
        reply = texts.TOMORROW if action == "tmr" else texts.TOO_LATE_FOR_LATER
        await say(update, reply.format(time=at))
    else:
        await close_tapped(update, common_texts.STALE_BUTTON_TOAST)
        await say(update, texts.PASSED)


async def note_flow_from_prompt(update: Update, context: BotContext) -> None:
    """A flow started from a daily prompt's button: that prompt counts as answered."""
    query = update.callback_query
    user = update.effective_user
    if query is None or user is None or query.message is None:
        return
    delivery = await context.store.schedule.prompt_by_message(user.id, query.message.message_id)
    if delivery is not None:
        await context.store.schedule.mark_answered(user.id, delivery.local_date, "flow")


async def digest_command(update: Update, context: BotContext) -> None:
    """`/digest`: this week so far, in the same weeks as the weekly digest; before the first
    one arrives, say when it comes."""
    person = await set_up_person(update, context)
    chat = update.effective_chat
    if person is None or chat is None or person.timezone is None:
        await say(update, common_texts.NOT_SET_UP)
        return
    today = local_date(person.timezone, context.clock.now())
    message = await digest_message(context.store, person.telegram_id, today, person.digest_weekday)
    if not await context.store.schedule.digest_sent_before(person.telegram_id):
        first = next_weekly(
            person.digest_weekday, person.digest_time, person.timezone, context.clock.now()
        )
        day = first.local_date.strftime("%A %-d %B")
        at = format_time(person.digest_time)
        await say(update, texts.FIRST_DIGEST_COMES.format(day=day, time=at))
    photo = message.photo
    if photo is not None:
        await show_photo(update, photo, message.caption)
    await say(update, message.text)


async def pause_command(update: Update, context: BotContext) -> None:
    """`/pause`: for how long?"""
    if await set_up_person(update, context) is None:
        await say(update, common_texts.NOT_SET_UP)
        return
    await say(update, texts.ASK_PAUSE, keyboards.pause_lengths())


async def on_pause(update: Update, context: BotContext) -> None:
    """A pause length tapped."""
    query = update.callback_query
    assert query is not None
    person = await set_up_person(update, context)
    tap = keyboards.PauseFor.tapped(update)
    days = tap.days if tap is not None else -1
    if person is None or person.timezone is None or days not in pause.LENGTHS:
        await close_tapped(update, common_texts.STALE_BUTTON_TOAST)
        raise ApplicationHandlerStop
    until = pause.pause_end(context.clock.now(), days)
    await context.store.users.set_paused_until(person.telegram_id, until)
    await close_tapped(update)
    if days == 0:
        await say(update, texts.PAUSED_FOREVER)
    else:
        await say(update, texts.PAUSED.format(date=pause.end_label(until, person.timezone)))
    raise ApplicationHandlerStop


async def resume_command(update: Update, context: BotContext) -> None:
    """`/resume`: check-ins back on."""
    person = await set_up_person(update, context)
    if person is None or person.prompt_time is None:
        await say(update, common_texts.NOT_SET_UP)
        return
    at = format_time(person.prompt_time)
    if not person.is_paused(context.clock.now()):
        await say(update, texts.NOT_PAUSED.format(time=at))
        return
    await context.store.users.set_paused_until(person.telegram_id, None)
    await say(update, texts.RESUMED.format(time=at))


async def on_membership(update: Update, context: BotContext) -> None:
    """The person blocked the bot (inactive: nothing is sent) or unblocked it (active again)."""
    change = update.my_chat_member
    if change is None or change.chat.type != "private":
        return
    status = change.new_chat_member.status
    uid = change.chat.id
    if await context.store.users.get(uid) is None:
        return
    active = status not in (ChatMember.BANNED, ChatMember.LEFT)
    await context.store.users.set_active(uid, active)
    log.info("user_%s user=%s", "active" if active else "inactive", uid)


def before_flows() -> list[BaseHandler]:
    """Prompt buttons, answered before any flow sees them (a flow may be open)."""
    return [
        CallbackQueryHandler(on_check_in, pattern=keyboards.CheckIn.pattern()),
        CallbackQueryHandler(on_pause, pattern=keyboards.PauseFor.pattern()),
        CallbackQueryHandler(note_flow_from_prompt, pattern=menu_buttons("win", "feel", "reframe")),
    ]


def anytime() -> list[BaseHandler]:
    """`/digest`, `/pause` and `/resume`: they work whatever flow is open, and leave it open."""
    return [
        CommandHandler("digest", digest_command),
        CommandHandler("pause", pause_command),
        CommandHandler("resume", resume_command),
    ]


def commands() -> list[BaseHandler]:
    """Membership changes (blocked, unblocked)."""
    return [
        ChatMemberHandler(on_membership, ChatMemberHandler.MY_CHAT_MEMBER),
    ]
