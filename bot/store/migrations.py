"""Schema migrations: an ordered list of steps, tracked by PRAGMA user_version."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

import aiosqlite

from bot.store.db import Database, DatabaseTooNewError
from bot.store.keys import PERSON_FIELDS, KeyStoreMismatchError, PersonKeys, owner_column
from bot.store.state import owner_of

log = logging.getLogger(__name__)

# Each step is a list of statements applied in one transaction. Never edit a released step:
# add a new one.
MIGRATIONS: list[list[str]] = [
    # 1: people and their settings; conversation state that survives a restart.
    [
        """
        CREATE TABLE users (
            telegram_id     INTEGER PRIMARY KEY,
            language_code   TEXT,
            consented_at    TEXT NOT NULL,
            timezone        TEXT,
            prompt_time     TEXT,
            digest_weekday  INTEGER NOT NULL DEFAULT 6 CHECK (digest_weekday BETWEEN 0 AND 6),
            digest_time     TEXT NOT NULL DEFAULT '18:00',
            paused_until    TEXT,
            active          INTEGER NOT NULL DEFAULT 1,
            created_at      TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE conversation_states (
            conversation TEXT NOT NULL,
            chat_key     TEXT NOT NULL,
            state        TEXT NOT NULL,
            PRIMARY KEY (conversation, chat_key)
        )
        """,
        """
        CREATE TABLE user_drafts (
            telegram_id INTEGER PRIMARY KEY,
            data        TEXT NOT NULL
        )
        """,
    ],
    # 2: reflections. `flow_id` is drawn when a flow starts, so replaying its last step after a
    # crash cannot save the same reflection twice.
    [
        """
        CREATE TABLE wins (
            id            INTEGER PRIMARY KEY,
            telegram_id   INTEGER NOT NULL REFERENCES users (telegram_id) ON DELETE CASCADE,
            flow_id       TEXT NOT NULL,
            created_at    TEXT NOT NULL,
            local_date    TEXT NOT NULL,
            text          TEXT NOT NULL,
            progress_kind TEXT NOT NULL,
            UNIQUE (telegram_id, flow_id)
        )
        """,
        "CREATE INDEX wins_by_person ON wins (telegram_id, created_at)",
        """
        CREATE TABLE feelings (
            id            INTEGER PRIMARY KEY,
            telegram_id   INTEGER NOT NULL REFERENCES users (telegram_id) ON DELETE CASCADE,
            flow_id       TEXT NOT NULL,
            created_at    TEXT NOT NULL,
            local_date    TEXT NOT NULL,
            word          TEXT NOT NULL,
            feeling_key   TEXT,
            quadrant      TEXT NOT NULL,
            intensity     INTEGER NOT NULL CHECK (intensity BETWEEN 1 AND 10),
            body          TEXT,
            about         TEXT,
            UNIQUE (telegram_id, flow_id)
        )
        """,
        "CREATE INDEX feelings_by_person ON feelings (telegram_id, created_at)",
        """
        CREATE TABLE reframes (
            id               INTEGER PRIMARY KEY,
            telegram_id      INTEGER NOT NULL REFERENCES users (telegram_id) ON DELETE CASCADE,
            flow_id          TEXT NOT NULL,
            created_at       TEXT NOT NULL,
            local_date       TEXT NOT NULL,
            situation        TEXT NOT NULL,
            critic           TEXT NOT NULL,
            heaviness_before INTEGER NOT NULL CHECK (heaviness_before BETWEEN 0 AND 10),
            feeling          TEXT NOT NULL,
            friend_words     TEXT NOT NULL,
            critic_is        TEXT CHECK (critic_is IN ('fact', 'assumption', 'unsure')),
            heaviness_after  INTEGER NOT NULL CHECK (heaviness_after BETWEEN 0 AND 10),
            UNIQUE (telegram_id, flow_id)
        )
        """,
        "CREATE INDEX reframes_by_person ON reframes (telegram_id, created_at)",
    ],
    # 3: scheduling. Each person carries their next due instants (NULL: to be planned again,
    # after a settings change); deliveries record what was claimed and sent, once per local date.
    [
        "ALTER TABLE users ADD COLUMN next_prompt_at TEXT",
        "ALTER TABLE users ADD COLUMN next_prompt_date TEXT",
        "ALTER TABLE users ADD COLUMN next_digest_at TEXT",
        "ALTER TABLE users ADD COLUMN next_digest_date TEXT",
        "ALTER TABLE users ADD COLUMN skip_if_checked_in INTEGER NOT NULL DEFAULT 1",
        "ALTER TABLE users ADD COLUMN last_question_key TEXT",
        "CREATE INDEX users_prompt_due ON users (next_prompt_at) WHERE active = 1",
        "CREATE INDEX users_digest_due ON users (next_digest_at) WHERE active = 1",
        """
        CREATE TABLE deliveries (
            id           INTEGER PRIMARY KEY,
            telegram_id  INTEGER NOT NULL REFERENCES users (telegram_id) ON DELETE CASCADE,
            kind         TEXT NOT NULL CHECK (kind IN ('prompt', 'digest')),
            local_date   TEXT NOT NULL,
            due_at       TEXT NOT NULL,
            claimed_at   TEXT NOT NULL,
            status       TEXT NOT NULL CHECK (status IN
                             ('claimed', 'sending', 'sent', 'snoozed', 'skipped', 'failed',
                              'uncertain')),
            detail       TEXT,
            sent_at      TEXT,
            message_id   INTEGER,
            answered     TEXT,
            UNIQUE (telegram_id, kind, local_date)
        )
        """,
        "CREATE INDEX deliveries_unfinished ON deliveries (status) WHERE status IN "
        "('claimed', 'sending')",
    ],
    # 4: updates already handled, so one redelivered after a crash is not handled twice.
    [
        """
        CREATE TABLE handled_updates (
            update_id  INTEGER PRIMARY KEY,
            handled_at TEXT NOT NULL
        )
        """,
        "CREATE INDEX handled_updates_age ON handled_updates (handled_at)",
    ],
    # 5: updates fetched from Telegram but not yet handled. PTB confirms receipt to Telegram
    # before it handles an update, so one in hand when the process dies would be lost.
    [
        """
        CREATE TABLE inbox (
            update_id   INTEGER PRIMARY KEY,
            payload     TEXT NOT NULL,
            received_at TEXT NOT NULL
        )
        """,
    ],
    # 6: a daily question put off ("Later", "Tomorrow"), asked again instead of a new one; and
    # when each open conversation was last touched, so one left open for hours ends kindly.
    [
        "ALTER TABLE users ADD COLUMN put_off_question TEXT",
        "ALTER TABLE conversation_states ADD COLUMN touched_at TEXT",
    ],
    # 7: answers to the daily question (kept with the question as it was asked), free notes
    # (with the journaling prompt, if one was asked for) and setbacks. Like the reflections
    # above, each is saved once per flow id (for a typed answer: per Telegram message).
    [
        """
        CREATE TABLE reflections (
            id            INTEGER PRIMARY KEY,
            telegram_id   INTEGER NOT NULL REFERENCES users (telegram_id) ON DELETE CASCADE,
            flow_id       TEXT NOT NULL,
            created_at    TEXT NOT NULL,
            local_date    TEXT NOT NULL,
            question_key  TEXT,
            question      TEXT NOT NULL,
            text          TEXT NOT NULL,
            UNIQUE (telegram_id, flow_id)
        )
        """,
        "CREATE INDEX reflections_by_person ON reflections (telegram_id, created_at)",
        """
        CREATE TABLE notes (
            id            INTEGER PRIMARY KEY,
            telegram_id   INTEGER NOT NULL REFERENCES users (telegram_id) ON DELETE CASCADE,
            flow_id       TEXT NOT NULL,
            created_at    TEXT NOT NULL,
            local_date    TEXT NOT NULL,
            prompt        TEXT,
            text          TEXT NOT NULL,
            UNIQUE (telegram_id, flow_id)
        )
        """,
        "CREATE INDEX notes_by_person ON notes (telegram_id, created_at)",
        """
        CREATE TABLE setbacks (
            id            INTEGER PRIMARY KEY,
            telegram_id   INTEGER NOT NULL REFERENCES users (telegram_id) ON DELETE CASCADE,
            flow_id       TEXT NOT NULL,
            created_at    TEXT NOT NULL,
            local_date    TEXT NOT NULL,
            what_happened TEXT NOT NULL,
            what_helped   TEXT,
            UNIQUE (telegram_id, flow_id)
        )
        """,
        "CREATE INDEX setbacks_by_person ON setbacks (telegram_id, created_at)",
    ],
    # 8: the safety net and the safety plan. A message the safety net asked about waits in
    # `safety_holds` until the person answers (gone if they are not safe or move on); a safety
    # plan is one row per section, in the person's own words.
    [
        """
        CREATE TABLE safety_holds (
            telegram_id INTEGER PRIMARY KEY,
            message     TEXT NOT NULL,
            held_at     TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE safety_plans (
            telegram_id INTEGER NOT NULL,
            section     TEXT NOT NULL,
            text        TEXT NOT NULL,
            updated_at  TEXT NOT NULL,
            PRIMARY KEY (telegram_id, section)
        )
        """,
    ],
    # 9: updates that could not be handled after several attempts (or not even read), set aside
    # so that everyone else is answered; kept encrypted like the inbox, erased with the person.
    [
        """
        CREATE TABLE quarantine (
            update_id   INTEGER PRIMARY KEY,
            payload     TEXT NOT NULL,
            reason      TEXT NOT NULL,
            received_at TEXT NOT NULL
        )
        """,
    ],
    # 10: replies waiting to be sent, stored in the transaction that saves the state they belong
    # to; each is taken out just before it is sent (at most once), so a crash in between sends
    # it at the next start.
    [
        """
        CREATE TABLE outbox (
            id         INTEGER PRIMARY KEY,
            chat_id    INTEGER NOT NULL,
            payload    TEXT NOT NULL,
            created_at TEXT NOT NULL
        )
        """,
        "CREATE INDEX outbox_by_chat ON outbox (chat_id, id)",
    ],
    # 11: the words people write are sealed under keys of their own, kept in a key store apart
    # from the database (bot/store/keys.py); this records which key store that is. Stored
    # updates carry whose they are (whose key seals them; how an erasure finds them). The words
    # stored before are sealed in the same step (see DATA_STEPS).
    [
        """
        CREATE TABLE key_store (
            id        TEXT NOT NULL,
            linked_at TEXT NOT NULL
        )
        """,
        "ALTER TABLE inbox ADD COLUMN telegram_id INTEGER",
        "ALTER TABLE quarantine ADD COLUMN telegram_id INTEGER",
    ],
]

SCHEMA_VERSION = len(MIGRATIONS)
KEY_STORE_VERSION = 11  # the step that created `key_store`

DataStep = Callable[[aiosqlite.Connection, PersonKeys], Awaitable[None]]


async def link_key_store(conn: aiosqlite.Connection, keys: PersonKeys) -> None:
    """Record which key store this database's words are sealed with, the first time; refuse
    another one (a missing key store comes back new and empty) after that."""
    cursor = await conn.execute("SELECT id FROM key_store")
    row = await cursor.fetchone()
    theirs = await keys.identity()
    if row is None:
        await conn.execute(
            "INSERT INTO key_store (id, linked_at) VALUES (?, ?)",
            (theirs, datetime.now(UTC).isoformat()),
        )
    elif row[0] != theirs:
        raise KeyStoreMismatchError(
            f"The database is sealed with the keys in another key store than {keys.db.path}. "
            "Put back the key store that belongs to this database (the .keys file kept beside "
            "it, or its backup) and start again. Nothing was changed."
        )


async def linked_key_store(db: Database) -> str | None:
    """The name of the key store this database was linked to, if it was."""
    if not KEY_STORE_VERSION <= await db.user_version() <= SCHEMA_VERSION:
        return None  # not linked yet, or too new to read (refused by migrate)
    row = await db.fetch_one("SELECT id FROM key_store")
    return str(row[0]) if row else None


async def seal_plaintext(conn: aiosqlite.Connection, keys: PersonKeys) -> None:
    """Seal every person's words stored before sealing existed (str values; sealed ones are
    bytes). secure_delete zeroes the old cells; opening the store checkpoints the WAL after."""
    await link_key_store(conn, keys)
    sealed = 0
    for table, fields in PERSON_FIELDS.items():
        owner = owner_column(table)
        cursor = await conn.execute(f"SELECT rowid, {owner}, {', '.join(fields)} FROM {table}")
        rows = await cursor.fetchall()
        for rowid, telegram_id, *values in rows:
            if not any(isinstance(value, str) for value in values):
                continue
            new = [
                await keys.seal(telegram_id, f"{table}.{field}", value)
                if isinstance(value, str)
                else value
                for field, value in zip(fields, values, strict=True)
            ]
            await conn.execute(
                f"UPDATE {table} SET {', '.join(f'{field} = ?' for field in fields)} "
                "WHERE rowid = ?",
                (*new, rowid),
            )
            sealed += 1
    for table in ("inbox", "quarantine"):
        cursor = await conn.execute(f"SELECT update_id, payload FROM {table}")
        for update_id, payload in await cursor.fetchall():
            telegram_id = owner_of(str(payload))
            if telegram_id is not None and await keys.key(telegram_id, create=False) is not None:
                payload = await keys.seal(telegram_id, f"{table}.payload", str(payload))
                sealed += 1
            await conn.execute(
                f"UPDATE {table} SET payload = ?, telegram_id = ? WHERE update_id = ?",
                (payload, telegram_id, update_id),
            )
    log.info("plaintext sealed rows=%d", sealed)


# Steps that need more than SQL, run in the same transaction as the step of that version.
DATA_STEPS: dict[int, DataStep] = {11: seal_plaintext}


async def migrate(db: Database, keys: PersonKeys) -> int:
    """Bring the schema up to date; refuse a database newer than this code, or one sealed with
    another key store. Return the version."""
    current = await db.user_version()
    if current > SCHEMA_VERSION:
        raise DatabaseTooNewError(
            f"The database at {db.path} has schema version {current}, newer than this version "
            f"of Small Steps understands ({SCHEMA_VERSION}). Upgrade Small Steps; the file was "
            "not changed."
        )
    for version in range(current + 1, SCHEMA_VERSION + 1):
        async with db.transaction() as conn:
            for statement in MIGRATIONS[version - 1]:
                await conn.execute(statement)
            if version in DATA_STEPS:
                await DATA_STEPS[version](conn, keys)
            await conn.execute(f"PRAGMA user_version = {version}")
        log.info("database migrated to version %d", version)
    async with db.transaction() as conn:
        await link_key_store(conn, keys)
    return SCHEMA_VERSION
