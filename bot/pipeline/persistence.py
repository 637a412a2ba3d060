"""PTB persistence backed by the encrypted store: conversation states and in-flow drafts."""

from __future__ import annotations

import logging
from collections.abc import Collection, MutableMapping
from dataclasses import dataclass
from typing import Any

from telegram import Update
from telegram.ext import BasePersistence, PersistenceInput

from bot.clock import Clock
from bot.store import STORE_FAULTS, Store, chat_state

log = logging.getLogger(__name__)

Draft = dict[str, Any]
ConversationKey = tuple[int | str, ...]
ConversationDict = MutableMapping[ConversationKey, object]
CDCData = tuple[list[tuple[str, float, dict[str, Any]]], dict[str, str]]
_GONE = object()


@dataclass(frozen=True)
class Pending:
    """Changes written in one transaction, forgotten once it has committed."""

    conversations: dict[tuple[str, ConversationKey], object | None]
    drafts: dict[int, Draft | None]


class StorePersistence(BasePersistence[Draft, dict, dict]):
    """Keeps `user_data` (a person's unfinished answers) and conversation states in SQLite.

    Chat data, bot data and callback data are not used by Small Steps and are not stored.
    PTB hands over what changed once and forgets it; so what it hands over is kept here as
    pending until a transaction that wrote it has committed (`write_pending`, then
    `committed`). A commit that fails (a full disk) is tried again with the same changes.
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
        self._conversations: dict[tuple[str, ConversationKey], object | None] = {}
        self._drafts: dict[int, Draft | None] = {}  # None: forget the draft
        # Drafts just read from the database, handed to PTB by `refresh_user_data`.
        self._fresh: dict[int, Draft] = {}

    async def reload(self, update: object) -> tuple[ConversationKey, dict[str, object]] | None:
        """Read the chat's conversation states and its person's draft from the database before
        its update is handled (instances that share the database keep nothing authoritative
        in memory: another may have moved this conversation on since). Return the chat key and
        its states by conversation name, for the conversation handlers' tables; the draft goes
        to PTB through `refresh_user_data`. None for an update without a chat and a person."""
        if not isinstance(update, Update):
            return None
        chat, user = update.effective_chat, update.effective_user
        if chat is None or user is None:
            return None
        key = (chat.id, user.id)
        states = await chat_state.conversations_of(self._store.db, key)
        self._fresh[user.id] = await chat_state.draft_of(self._store.db, self._store.keys, user.id)
        self.forget_person(user.id)  # changes of an attempt that was rolled back
        return key, states

    async def write_pending(self, owners: Collection[int] | None = None) -> Pending:
        """Write the changes not yet committed (call inside a transaction): those of `owners`
        (the chat and person an update came from), or everyone's when None. Return what was
        written, for `committed`.

        Updates of different people are handled concurrently, and PTB hands over everyone's
        changes at once: an update's transaction takes only its own person's, so another
        person's new state is never saved before the update that led to it is."""
        conversations = {
            (name, key): state
            for (name, key), state in self._conversations.items()
            if owners is None or any(part in owners for part in key)
        }
        drafts = {
            user_id: draft
            for user_id, draft in self._drafts.items()
            if owners is None or user_id in owners
        }
        pending = Pending(conversations, drafts)
        for (name, key), state in pending.conversations.items():
            await self._store.state.save_conversation(name, key, state, self._clock.now())
        for user_id, draft in pending.drafts.items():
            if draft is None:
                await self._store.state.drop_draft(user_id)
            else:
                await self._store.state.save_draft(user_id, draft)
        return pending

    def committed(self, pending: Pending) -> None:
        """Forget the changes that were written and committed (not newer ones)."""
        for conversation_key, state in pending.conversations.items():
            if self._conversations.get(conversation_key, _GONE) is state:
                del self._conversations[conversation_key]
        for user_id, draft in pending.drafts.items():
            if self._drafts.get(user_id, _GONE) is draft:
                del self._drafts[user_id]

    def forget_person(self, user_id: int) -> None:
        """Drop pending changes of someone whose data was just erased."""
        self._drafts.pop(user_id, None)
        for name, key in list(self._conversations):
            if user_id in key:
                del self._conversations[(name, key)]

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
        """Store (or forget, when it ended) one conversation's state, and when it moved (at the
        next commit)."""
        self._conversations[(name, key)] = new_state

    async def update_user_data(self, user_id: int, data: Draft) -> None:
        """Store a person's draft answers (at the next commit; empty leaves nothing behind)."""
        self._drafts[user_id] = data

    async def update_chat_data(self, chat_id: int, data: dict) -> None:
        """Chat data is not used."""

    async def update_bot_data(self, data: dict) -> None:
        """Bot data is not used."""

    async def update_callback_data(self, data: CDCData) -> None:
        """Callback data is not used."""

    async def drop_chat_data(self, chat_id: int) -> None:
        """Chat data is not used."""

    async def drop_user_data(self, user_id: int) -> None:
        """Forget a person's draft answers (at the next commit)."""
        self._drafts[user_id] = None

    async def refresh_user_data(self, user_id: int, user_data: Draft) -> None:
        """The draft `reload` read, if it did (else this process is the only writer)."""
        fresh = self._fresh.pop(user_id, None)
        if fresh is not None:
            user_data.clear()
            user_data.update(fresh)

    async def refresh_chat_data(self, chat_id: int, chat_data: dict) -> None:
        """Chat data is not used."""

    async def refresh_bot_data(self, bot_data: dict) -> None:
        """Bot data is not used."""

    async def flush(self) -> None:
        """Write what is pending (at shutdown). If the database cannot take it, the updates
        that led to it are still in the inbox and are handled again at the next start."""
        if (not self._conversations and not self._drafts) or not self._store.is_open:
            return
        try:
            async with self._store.db.transaction():
                pending = await self.write_pending()
        except STORE_FAULTS as exc:
            log.warning("persistence_flush_failed error=%s", type(exc).__name__)
            return
        self.committed(pending)
