"""Answering the daily question in your own words: kept as a reflection under that question.

What counts as an answer: a message sent as a Telegram reply to a daily prompt (whenever, and
even while a flow is open), or free text outside any flow while the newest prompt is still the
last thing the bot asked: sent, not answered by a flow or an earlier answer ("Later" and
"Not today" still take one), nothing saved since, and no later prompt due yet. Anything else
outside a flow gets the usual pointer to /start.

Each answer is saved once per Telegram message (its id is the flow id), so an update handled
again after a crash saves nothing twice; the acknowledgement goes out after the save.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from telegram import Update
from telegram.ext import ApplicationHandlerStop, BaseHandler, MessageHandler, filters

from bot.context import BotContext
from bot.store import User
from bot.store.schedule import SentPrompt
from bot.timezones import local_date
from conversations.common import texts as common_texts
from conversations.common.flows import active_flows, spoken
from conversations.common.people import set_up_person
from conversations.common.replies import say
from conversations.content.prompts import question_by_key
from conversations.reflect import keyboards, texts

log = logging.getLogger(__name__)

# The newest prompt takes free text until the next one is due; this bounds that when the
# scheduler has not run for a while (the bot was down), so a days-old question isn't assumed.
ANSWER_WINDOW = timedelta(hours=36)
# Statuses of a prompt that reached the person. An uncertain one (the bot stopped while sending
# it) may have: if the person answers it, it did.
_REACHED = ("sent", "snoozed", "uncertain")
# How a prompt may have been answered and still take typed words.
_STILL_OPEN = (None, "not_today")


def _question(prompt: SentPrompt) -> str:
    question = question_by_key(prompt.question_key) if prompt.question_key else None
    return question.text if question is not None else texts.UNKNOWN_QUESTION


def _flow_id(update: Update) -> str:
    """An answer's flow id: its Telegram message, so handling it again saves nothing twice."""
    assert update.message is not None
    return f"msg:{update.message.message_id}"


async def _keep(update: Update, context: BotContext, person: User, prompt: SentPrompt) -> None:
    """Save the message as an answer to `prompt` (once per message), then acknowledge it."""
    message = update.message
    assert message is not None and message.text is not None and person.timezone is not None
    now = context.clock.now()
    reflection_id = await context.store.entries.add_reflection(
        person.telegram_id,
        _flow_id(update),
        now=now,
        local_date=local_date(person.timezone, now),
        question_key=prompt.question_key,
        question=_question(prompt),
        text=message.text.strip()[: texts.MAX_ANSWER],
        prompt_date=prompt.local_date,
    )
    log.info("reflection_saved user=%s", person.telegram_id)
    await say(update, texts.KEPT, keyboards.after_keeping(reflection_id))


async def _open_prompt(context: BotContext, person: User) -> SentPrompt | None:
    """The newest prompt, if it still takes free text as its answer."""
    prompt = await context.store.schedule.latest_prompt(person.telegram_id)
    if prompt is None or prompt.sent_at is None:
        return None
    if prompt.status not in _REACHED or prompt.answered not in _STILL_OPEN:
        return None
    if context.clock.now() - prompt.sent_at > ANSWER_WINDOW:
        return None
    if await context.store.entries.saved_since(person.telegram_id, prompt.sent_at):
        return None  # a flow came after the question: it is no longer the last thing asked
    return prompt


async def on_reply(update: Update, context: BotContext) -> None:
    """A Telegram reply to one of the daily prompts: kept under that question, in any state."""
    message, user, chat = update.message, update.effective_user, update.effective_chat
    if message is None or message.reply_to_message is None or user is None or chat is None:
        return
    if not message.text or message.text.strip() == "":
        return
    person = await set_up_person(update, context)
    if person is None:
        return
    prompt = await context.store.schedule.sent_prompt_by_message(
        user.id, message.reply_to_message.message_id
    )
    if prompt is None:
        return  # a reply to something else: the flows and catch-alls see it as usual
    await _keep(update, context, person, prompt)
    active = active_flows(context.application, chat.id, user.id)
    if active:
        await say(update, texts.KEPT_IN_FLOW.format(flow=spoken(active[0], "a step")))
    raise ApplicationHandlerStop


async def on_free_text(update: Update, context: BotContext) -> None:
    """Text outside any flow: the answer to the open daily question, or a pointer to /start."""
    message = update.message
    person = await set_up_person(update, context)
    if person is not None and message is not None:
        # Handled before, and its state lost in a crash: it was kept, so say so again.
        kept = await context.store.entries.reflection_for(person.telegram_id, _flow_id(update))
        if kept is not None:
            await say(update, texts.KEPT, keyboards.after_keeping(kept))
            return
    prompt = await _open_prompt(context, person) if person is not None else None
    if person is None or prompt is None or message is None or not (message.text or "").strip():
        await say(update, common_texts.OUTSIDE_FLOW)
        return
    await _keep(update, context, person, prompt)


def replies() -> list[BaseHandler]:
    """Replies to a prompt, answered before any flow sees them (a flow may be open)."""
    return [MessageHandler(filters.REPLY & filters.TEXT & ~filters.COMMAND, on_reply)]


def free_text() -> list[BaseHandler]:
    """Text outside any flow (registered after the flows, before the catch-all)."""
    return [
        MessageHandler(filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND, on_free_text)
    ]
