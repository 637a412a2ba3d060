"""Find a person's time zone from a country, a city, a zone name or a UTC offset."""

from __future__ import annotations

import html
from collections.abc import Awaitable, Callable

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, MessageHandler, filters

from bot.context import BotContext
from bot.timezones import (
    is_valid_zone,
    local_time_label,
    search_zones,
    utc_offset_label,
    zone_label,
)
from conversations.common.handlers import catch_all
from conversations.common.replies import close_tapped, redraw_keyboard, say
from conversations.pickers import keyboards, texts
from conversations.pickers.payloads import ZonePayloads

MAX_PLACE_LENGTH = 100
QUOTE_LENGTH = 40

OnChosen = Callable[[Update, BotContext, str], Awaitable[object]]


class ZonePicker:
    """Three states: ask for a place, choose among matches, confirm by the local time now."""

    OPTIONS = "zone_options"
    CANDIDATE = "zone_candidate"

    def __init__(
        self,
        payloads: ZonePayloads,
        *,
        place_state: str,
        choose_state: str,
        confirm_state: str,
        on_chosen: OnChosen,
    ) -> None:
        self.payloads = payloads
        self.place_state = place_state
        self.choose_state = choose_state
        self.confirm_state = confirm_state
        self.on_chosen = on_chosen

    async def ask(self, update: Update, context: BotContext) -> str:
        """Ask where the person is."""
        context.draft.pop(self.OPTIONS, None)
        context.draft.pop(self.CANDIDATE, None)
        await say(update, texts.ASK_PLACE)
        return self.place_state

    async def _reask_place(self, update: Update, context: BotContext) -> None:
        await say(update, texts.ASK_PLACE)

    async def on_place(self, update: Update, context: BotContext) -> str | None:
        """A typed place: show matches, go straight to confirmation, or say nothing matched."""
        message = update.effective_message
        query = (message.text or "").strip() if message else ""
        if len(query) > MAX_PLACE_LENGTH:
            await say(update, texts.PLACE_TOO_LONG)
            return self.place_state
        result = search_zones(query, context.clock.now())
        if not result.options:
            shown = query if len(query) <= QUOTE_LENGTH else query[:QUOTE_LENGTH] + "…"
            await say(update, texts.NO_MATCH.format(query=html.escape(shown)))
            return self.place_state
        if len(result.options) == 1:
            return await self._confirm(update, context, result.options[0].zone)
        options = [[option.label, option.zone] for option in result.options]
        context.draft[self.OPTIONS] = options
        if result.kind == "country" and result.country_name:
            header = texts.CHOOSE_IN_COUNTRY.format(country=html.escape(result.country_name))
        elif result.kind == "named":
            header = texts.CHOOSE_NAMED.format(name=html.escape(query))
        elif result.kind == "offset":
            offset = utc_offset_label(result.options[0].zone, context.clock.now())
            header = texts.CHOOSE_OFFSET.format(offset=html.escape(offset))
        else:
            header = texts.CHOOSE_MATCHES
        context.draft["zone_header"] = header
        await say(update, header, self._options_keyboard(options, 0))
        return self.choose_state

    def _options_keyboard(self, options: list[list[str]], page: int):
        pairs = [(label, zone) for label, zone in options]
        p = self.payloads
        return keyboards.zone_options(pairs, page, p.pick, p.turn, p.retry)

    async def _reask_choice(self, update: Update, context: BotContext) -> None:
        options = context.draft.get(self.OPTIONS)
        if not options:
            await say(update, texts.ASK_PLACE)
            return
        header = context.draft.get("zone_header", texts.CHOOSE_MATCHES)
        await say(update, header, self._options_keyboard(options, 0))

    async def on_pick(self, update: Update, context: BotContext) -> str | None:
        """A zone button."""
        tapped = self.payloads.pick.tapped(update)
        zone = tapped.zone if tapped is not None else ""
        await close_tapped(update)
        if not is_valid_zone(zone):
            return await self.ask(update, context)
        return await self._confirm(update, context, zone)

    async def on_turn(self, update: Update, context: BotContext) -> None:
        """More / Back under a long list: redraw the same message."""
        query = update.callback_query
        assert query is not None
        tapped = self.payloads.turn.tapped(update)
        page = tapped.page if tapped is not None else 0
        options = context.draft.get(self.OPTIONS)
        await query.answer()
        if not options:
            await self.ask(update, context)
            return
        page = max(0, min(page, (len(options) - 1) // keyboards.PAGE_SIZE))
        await redraw_keyboard(update, self._options_keyboard(options, page))

    async def on_retry(self, update: Update, context: BotContext) -> str:
        """Type another place."""
        await close_tapped(update)
        return await self.ask(update, context)

    async def _confirm(self, update: Update, context: BotContext, zone: str) -> str:
        context.draft[self.CANDIDATE] = zone
        now = context.clock.now()
        await say(
            update,
            texts.CONFIRM_ZONE.format(
                place=html.escape(zone_label(zone)),
                local_time=html.escape(local_time_label(zone, now)),
                offset=html.escape(utc_offset_label(zone, now)),
            ),
            keyboards.zone_confirm(self.payloads.yes, self.payloads.retry),
        )
        return self.confirm_state

    async def _reask_confirm(self, update: Update, context: BotContext) -> None:
        zone = context.draft.get(self.CANDIDATE)
        if zone is None:
            await say(update, texts.ASK_PLACE)
            return
        await self._confirm(update, context, zone)

    async def on_yes(self, update: Update, context: BotContext) -> object:
        """The local time shown is right: hand the zone to the flow."""
        await close_tapped(update)
        zone = context.draft.pop(self.CANDIDATE, None)
        context.draft.pop(self.OPTIONS, None)
        context.draft.pop("zone_header", None)
        if zone is None or not is_valid_zone(zone):
            return await self.ask(update, context)
        return await self.on_chosen(update, context, zone)

    def states(self) -> dict[object, list[BaseHandler]]:
        """The picker's states, for a ConversationHandler's `states`."""
        p = self.payloads
        typed = MessageHandler(filters.TEXT & ~filters.COMMAND, self.on_place)
        retry = CallbackQueryHandler(self.on_retry, pattern=p.retry.pattern())
        return {
            self.place_state: [typed, *catch_all(self._reask_place, expects_text=True)],
            self.choose_state: [
                CallbackQueryHandler(self.on_pick, pattern=p.pick.pattern()),
                CallbackQueryHandler(self.on_turn, pattern=p.turn.pattern()),
                retry,
                typed,
                *catch_all(self._reask_choice, expects_text=True),
            ],
            self.confirm_state: [
                CallbackQueryHandler(self.on_yes, pattern=p.yes.pattern()),
                retry,
                typed,
                *catch_all(self._reask_confirm, expects_text=True),
            ],
        }
