"""PTB persistence backed by the encrypted store: conversation states and in-flow drafts."""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from telegram.ext import BasePersistence, PersistenceInput

from bot.clock import Clock
from bot.store import Store

Draft = dict[str, Any]
ConversationKey = tuple[int | str, ...]
ConversationDict = MutableMapping[ConversationKey, object]
CDCData = tuple[list[tuple[str, float, dict[str, Any]]], dict[str, str]]


class StorePersistence(BasePersistence[Draft, dict, dict]):
    """Keeps `user_data` (a person's unfinished answers) and conversation states in SQLite.

    Chat data, bot data and callback data are not used by Small Steps and are not stored.
    The application writes after every update (see `SmallStepsApplication.process_update`),
    so `update_interval` only matters as a safety net.
    """

    def __init__(self, store: Store, clock: Clock) -> None:
        super().__init__(
            store_data=PersistenceInput(
                bot_data=False, chat_data=False, user_data=True, callback_data=False
            ),
            update_interval=60,
        )
        self._store = store
        self._clock = clock

    async def get_user_data(self) -> dict[int, Draft]:
        """Load every person's draft answers."""
        return await self._store.state.drafts()

    async def get_chat_data(self) -> dict[int, dict]:
        """Chat data is not used."""
        return {}

    async def get_bot_data(self) -> dict:
        """Bot data is not used."""
        return {}

    async def get_callback_data(self) -> CDCData | None:
        """Arbitrary callback data is not used: buttons carry short typed payloads."""
        return None

    async def get_conversations(self, name: str) -> ConversationDict:
        """Load the stored states of one conversation."""
        return await self._store.state.conversations(name)  # type: ignore[return-value]

    async def update_conversation(
        self, name: str, key: ConversationKey, new_state: object | None
    ) -> None:
        """Store (or forget, when it ended) one conversation's state, and when it moved."""
        await self._store.state.save_conversation(name, key, new_state, self._clock.now())

    async def update_user_data(self, user_id: int, data: Draft) -> None:
        """Store a person's draft answers (an empty draft leaves nothing behind)."""
        await self._store.state.save_draft(user_id, data)

    async def update_chat_data(self, chat_id: int, data: dict) -> None:
        """Chat data is not used."""

    async def update_bot_data(self, data: dict) -> None:
        """Bot data is not used."""

    async def update_callback_data(self, data: CDCData) -> None:
        """Callback data is not used."""

    async def drop_chat_data(self, chat_id: int) -> None:
        """Chat data is not used."""

    async def drop_user_data(self, user_id: int) -> None:
        """Forget a person's draft answers."""
        await self._store.state.drop_draft(user_id)

    async def refresh_user_data(self, user_id: int, user_data: Draft) -> None:
        """Nothing to refresh: this process is the only writer."""

    async def refresh_chat_data(self, chat_id: int, chat_data: dict) -> None:
        """Chat data is not used."""

    async def refresh_bot_data(self, bot_data: dict) -> None:
        """Bot data is not used."""

    async def flush(self) -> None:
        """Every write is already committed."""
