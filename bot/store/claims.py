"""Several instances on one PostgreSQL database: which instance handles which update.

An update kept in the shared inbox carries its chat (`inbox.chat_id`). An instance claims the
OLDEST unhandled update of a chat, and only while it holds that chat's advisory lock
(`pg_try_advisory_xact_lock(chat_id)`) and the update's row (`FOR UPDATE SKIP LOCKED`), inside a
held transaction (bot/store/postgres.py) that handling the update joins: the new conversation
state, the replies (outbox) and the handled id commit together, and the locks end with that
commit. An instance that dies mid-update rolls everything back with its connection; the update
is then claimed again, by any instance. So each person's updates are handled in order, exactly
once, by one instance at a time, and updates of different chats by whichever instance is free.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime

from bot.store.db import Database
from bot.store.postgres import (
    HeldTransaction,
    PostgresDatabase,
    held_transaction,
    holding_uncommitted,
)

# How many chats' oldest updates one claim looks at before it gives up for now.
CANDIDATES = 16

# The oldest unhandled update of each chat, oldest first.
_CANDIDATES = """
SELECT i.update_id, i.chat_id FROM inbox i
WHERE i.chat_id IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM handled_updates h WHERE h.update_id = i.update_id)
  AND NOT EXISTS (
      SELECT 1 FROM inbox e
      WHERE e.chat_id = i.chat_id AND e.update_id < i.update_id
        AND NOT EXISTS (SELECT 1 FROM handled_updates h WHERE h.update_id = e.update_id))
ORDER BY i.update_id
LIMIT ?
"""

# The same update, now that the chat's lock is ours: still unhandled, still its chat's oldest
# (another instance may have handled it meanwhile), and its row not held by anyone else.
_TAKE = """
SELECT i.payload, i.telegram_id FROM inbox i
WHERE i.update_id = ?
  AND NOT EXISTS (SELECT 1 FROM handled_updates h WHERE h.update_id = i.update_id)
  AND NOT EXISTS (
      SELECT 1 FROM inbox e
      WHERE e.chat_id = i.chat_id AND e.update_id < i.update_id
        AND NOT EXISTS (SELECT 1 FROM handled_updates h WHERE h.update_id = e.update_id))
FOR UPDATE OF i SKIP LOCKED
"""


@dataclass(frozen=True)
class Claimed:
    """An update this instance now handles, as kept in the inbox: sealed under its owner's
    key once they agreed (open it with `StateRepository.open_stored`)."""

    update_id: int
    chat_id: int
    payload: str | bytes
    owner: int | None
    held: HeldTransaction


async def assign_chat(db: Database | PostgresDatabase, update_id: int, chat_id: int) -> None:
    """Note the chat of an update in the inbox (in the transaction that keeps it)."""
    await db.execute(
        "UPDATE inbox SET chat_id = ? WHERE update_id = ? AND chat_id IS NULL",
        (chat_id, update_id),
    )


async def unassigned(db: Database | PostgresDatabase) -> list[int]:
    """Inbox updates with no chat noted (kept before step 12, or by a polling instance)."""
    rows = await db.fetch_all("SELECT update_id FROM inbox WHERE chat_id IS NULL")
    return [int(row[0]) for row in rows]


@asynccontextmanager
async def claim(
    db: PostgresDatabase, candidates: int = CANDIDATES
) -> AsyncIterator[Claimed | None]:
    """Claim the oldest unhandled update of a chat no other instance is handling, or None.

    Inside the block the current task is inside the claim's transaction; committing it (the
    pipeline does, with the state and the replies) lets the chat's next update be claimed. A
    block that ends without committing rolls back: the update stays in the inbox."""
    async with db.hold() as held:
        conn = held.connection
        cursor = await conn.execute(_CANDIDATES, (candidates,))
        rows = list(await cursor.fetchall())
        for update_id, chat_id in rows:
            cursor = await conn.execute("SELECT pg_try_advisory_xact_lock(?::bigint)", (chat_id,))
            locked = await cursor.fetchone()
            if not locked or not locked[0]:
                continue  # another instance is handling this chat
            cursor = await conn.execute(_TAKE, (update_id,))
            row = await cursor.fetchone()
            if row is None:
                continue  # handled meanwhile, or its row is held
            payload = row[0] if isinstance(row[0], str) else bytes(row[0])
            owner = None if row[1] is None else int(row[1])
            yield Claimed(int(update_id), int(chat_id), payload, owner, held)
            return
        yield None


def holding() -> HeldTransaction | None:
    """The claim the current task is handling and has not committed yet, if any."""
    return held_transaction()


def unsettled() -> bool:
    """True while the current task handles a claim not known to be committed (its work is
    then never retried outside the claim: the update is claimed again instead)."""
    return holding_uncommitted()


async def commit_claim() -> None:
    """Commit the current task's claim, if it has one (the pipeline calls it right after it
    has written the state, the replies and the handled id into it)."""
    held = held_transaction()
    if held is not None:
        await held.commit()


async def forget_handled_in_inbox(db: PostgresDatabase) -> int:
    """Drop inbox rows of updates already handled (one delivered again after its handling)."""
    return await db.execute(
        "DELETE FROM inbox WHERE update_id IN (SELECT update_id FROM handled_updates)"
    )


async def chats_with_replies_before(db: PostgresDatabase, cutoff: datetime) -> list[int]:
    """Chats with a stored reply older than `cutoff`: the instance that committed it died
    before sending it (a live one sends its replies right after the commit)."""
    rows = await db.fetch_all(
        "SELECT DISTINCT chat_id FROM outbox WHERE created_at < ? ORDER BY chat_id",
        (cutoff.isoformat(),),
    )
    return [int(row[0]) for row in rows]
