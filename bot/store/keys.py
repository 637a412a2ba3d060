"""Each person's data key, kept wrapped in a key store of its own.

The key store is a second SQLCipher file beside the database (`smallsteps.keys.db` beside
`smallsteps.db`), so that a copy of the database (a backup) holds the words sealed but not the
keys that open them: once a person's key is destroyed, no copy of the database made before can
yield their words. A key is created, in its own committed transaction, before anything is sealed
under it, so a rolled-back write never leaves words sealed under a key that was not kept.

On PostgreSQL the key store is a schema of its own, `smallsteps_keys`, in the same database
(or the database at SMALLSTEPS_KEYS_DATABASE_URL), so that a dump of the data that leaves that
schema out (`pg_dump --exclude-schema=smallsteps_keys`) holds no keys. Several instances share
it, so a key held in one instance's memory could have been destroyed by another: there, every
lookup reads the person's wrapped key row (one indexed read), and the memory only saves
unwrapping it again. A key destroyed and committed by one instance is used by no other after.
"""

from __future__ import annotations

import logging
import secrets
from collections import OrderedDict
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from bot.store import sealing
from bot.store.db import Database, DatabaseTooNewError, StoreError

if TYPE_CHECKING:
    from bot.store.postgres import PostgresDatabase

log = logging.getLogger(__name__)

# Unwrapped keys kept in memory (about 200 bytes each); the least recently used go first.
CACHE_SIZE = 4096
# Connections of the key store's own pool on PostgreSQL (a lookup is one short query).
KEY_POOL_MAX = 4

# The key store's own schema, tracked by its PRAGMA user_version like the database's.
KEY_MIGRATIONS: list[list[str]] = [
    # 1: one wrapped data key per person.
    [
        """
        CREATE TABLE person_keys (
            telegram_id INTEGER PRIMARY KEY,
            wrapped     BLOB NOT NULL,
            created_at  TEXT NOT NULL
        )
        """,
        # A random name for this key store, recorded in the database it serves, so that the
        # database is never run with another (or a new, empty) key store by mistake.
        "CREATE TABLE identity (id TEXT NOT NULL)",
    ],
]
KEY_SCHEMA_VERSION = len(KEY_MIGRATIONS)

# The key store on PostgreSQL: its schema's name (unless SMALLSTEPS_KEYS_DATABASE_URL names
# another database, whose own schema it then uses) and its tables, at KEY_SCHEMA_VERSION.
KEY_SCHEMA = "smallsteps_keys"
POSTGRES_KEY_TABLES = [
    "CREATE TABLE schema_version (version INTEGER NOT NULL)",
    f"INSERT INTO schema_version (version) VALUES ({KEY_SCHEMA_VERSION})",
    """
    CREATE TABLE person_keys (
        telegram_id BIGINT PRIMARY KEY,
        wrapped     BYTEA NOT NULL,
        created_at  TEXT COLLATE "C" NOT NULL
    )
    """,
    'CREATE TABLE identity (id TEXT COLLATE "C" NOT NULL)',
]


def key_schema_for(data_schema: str) -> str:
    """The schema of the key store beside data kept in `data_schema` (PostgreSQL)."""
    return KEY_SCHEMA if data_schema == "public" else f"{data_schema}_keys"


class KeyStoreMismatchError(StoreError):
    """The database was sealed with keys from another key store (or the key store is missing)."""


def key_store_path(db_path: Path) -> Path:
    """Where the key store of the database at `db_path` is kept."""
    return db_path.with_name(f"{db_path.stem}.keys{db_path.suffix}")


class PersonKeys:
    """Creates, finds and destroys people's data keys; seals and opens their words."""

    def __init__(
        self, db: Database | PostgresDatabase, secret: str, cache_size: int = CACHE_SIZE
    ) -> None:
        self._db = db
        self._kek = sealing.derive_kek(secret)
        # Per person: the wrapped key it was unwrapped from, and the key.
        self._cache: OrderedDict[int, tuple[bytes, AESGCM]] = OrderedDict()
        self._cache_size = cache_size
        # Shared with other instances (PostgreSQL): the row is read at every lookup.
        self._shared = db.dialect == "postgres"

    @classmethod
    async def open(cls, path: Path, secret: str) -> PersonKeys:
        """Open (or create) the key store at `path` and bring its schema up to date."""
        db = await Database.open(path, sealing.key_store_passphrase(secret))
        try:
            await _migrate(db)
            if await db.fetch_one("SELECT id FROM identity") is None:
                await db.execute("INSERT INTO identity (id) VALUES (?)", (secrets.token_hex(16),))
        except BaseException:
            await db.close()
            raise
        return cls(db, secret)

    @classmethod
    async def open_postgres(
        cls, url: str, secret: str, *, keys_url: str | None = None, must_exist: bool = False
    ) -> PersonKeys:
        """Open (or create) the key store on PostgreSQL: the schema `smallsteps_keys` beside
        the data at `url` (`<schema>_keys` for data kept in another schema than public), or
        the database at `keys_url` (its own schema) when given. With `must_exist` (the data is
        sealed already), refuse to create a new, empty one."""
        from bot.store.postgres import PostgresDatabase, redacted_url, with_schema

        schema = None
        if keys_url is None:
            schema = key_schema_for(await PostgresDatabase.current_schema(url))
            keys_url = with_schema(url, schema)
        db = await PostgresDatabase.open(keys_url, max_size=KEY_POOL_MAX)
        try:
            if await db.user_version() == 0:
                if must_exist:
                    where = f"the schema {schema}" if schema else redacted_url(keys_url)
                    raise KeyStoreMismatchError(
                        f"There is no key store in {where}, and the database's words are "
                        "sealed with the keys in one. Restore the key store from its latest "
                        "copy and start again. Nothing was changed."
                    )
                if schema is not None:
                    await PostgresDatabase.create_schema(url, schema)
            await _migrate_postgres(db)
        except BaseException:
            await db.close()
            raise
        return cls(db, secret)

    async def identity(self) -> str:
        """This key store's random name."""
        row = await self._db.fetch_one("SELECT id FROM identity")
        assert row is not None
        return str(row[0])

    @property
    def db(self) -> Database | PostgresDatabase:
        """The key store's database."""
        return self._db

    @property
    def location(self) -> str:
        """Where the key store is (a path, or a URL without its password)."""
        return str(self._db.path) if isinstance(self._db, Database) else self._db.location

    async def close(self, *, checkpoint: bool = True) -> None:
        """Close the key store and forget the keys held in memory."""
        self._cache.clear()
        await self._db.close(checkpoint=checkpoint)

    async def key(self, telegram_id: int, *, create: bool) -> AESGCM | None:
        """A person's data key; a new one (committed before it is returned) if they have none
        and `create`, else None."""
        cached = self._cache.get(telegram_id)
        if cached is not None and not self._shared:
            self._cache.move_to_end(telegram_id)
            return cached[1]
        row = await self._db.fetch_one(
            "SELECT wrapped FROM person_keys WHERE telegram_id = ?", (telegram_id,)
        )
        if row is None:
            self._cache.pop(telegram_id, None)
            if not create:
                return None
            wrapped = sealing.wrap(self._kek, telegram_id, sealing.new_data_key())
            async with self._db.transaction() as conn:
                await conn.execute(
                    "INSERT INTO person_keys (telegram_id, wrapped, created_at) VALUES (?, ?, ?) "
                    "ON CONFLICT (telegram_id) DO NOTHING",
                    (telegram_id, wrapped, datetime.now(UTC).isoformat()),
                )
                cursor = await conn.execute(
                    "SELECT wrapped FROM person_keys WHERE telegram_id = ?", (telegram_id,)
                )
                row = await cursor.fetchone()
            assert row is not None
        wrapped = bytes(row[0])
        if cached is not None and cached[0] == wrapped:
            self._cache.move_to_end(telegram_id)
            return cached[1]
        key = sealing.unwrap(self._kek, telegram_id, wrapped)
        self._cache[telegram_id] = (wrapped, key)
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return key

    async def seal(self, telegram_id: int, field: str, text: str | None) -> bytes | None:
        """Seal one value a person wrote (None stays None), creating their key if needed."""
        if text is None:
            return None
        key = await self.key(telegram_id, create=True)
        assert key is not None
        return sealing.seal(key, telegram_id, field, text)

    async def sealer(
        self, telegram_id: int, *, create: bool = True
    ) -> Callable[[str, str | None], bytes | None] | None:
        """A function sealing one person's values (field, text) without awaiting, from one key
        lookup: for a row of several fields. None if they have no key and not `create`."""
        key = await self.key(telegram_id, create=create)
        if key is None:
            return None

        def seal_one(field: str, text: str | None) -> bytes | None:
            return None if text is None else sealing.seal(key, telegram_id, field, text)

        return seal_one

    async def open_value(self, telegram_id: int, field: str, value: object) -> str | None:
        """The words in a stored value: None stays None, words stored before sealing are
        returned as they are. SealError if the person's key is gone (they were erased after
        this copy was made) or the value is not theirs."""
        if value is None:
            return None
        if not sealing.is_sealed(value):
            return sealing.plain_text(value)
        key = await self.key(telegram_id, create=False)
        if key is None:
            raise sealing.SealError("this person's key was destroyed")
        return sealing.open_sealed(key, telegram_id, field, bytes(value))  # type: ignore[arg-type]

    async def opener(self, telegram_id: int) -> Callable[[str, object], str | None]:
        """A function opening one person's stored values (field, value) without awaiting: for
        reading many rows of theirs at once. It raises SealError as `open_value` does."""
        key = await self.key(telegram_id, create=False)

        def open_one(field: str, value: object) -> str | None:
            if value is None:
                return None
            if not sealing.is_sealed(value):
                return sealing.plain_text(value)
            if key is None:
                raise sealing.SealError("this person's key was destroyed")
            return sealing.open_sealed(key, telegram_id, field, bytes(value))  # type: ignore[arg-type]

        return open_one

    async def has_key(self, telegram_id: int) -> bool:
        """True while a person's data key exists."""
        row = await self._db.fetch_one(
            "SELECT 1 FROM person_keys WHERE telegram_id = ?", (telegram_id,)
        )
        return row is not None

    async def destroy(self, telegram_id: int) -> bool:
        """Destroy a person's data key: committed, then checkpointed so the wrapped key is left
        in no WAL frame. Every value sealed under it, in this database and every copy of it,
        can no longer be opened. Return False if they had none."""
        self._cache.pop(telegram_id, None)
        changed = await self._db.execute(
            "DELETE FROM person_keys WHERE telegram_id = ?", (telegram_id,)
        )
        await self._db.checkpoint()
        self._cache.pop(telegram_id, None)
        log.info("person_key_destroyed existed=%s", changed > 0)
        return changed > 0


async def _migrate_postgres(db: PostgresDatabase) -> None:
    """The key store's tables on PostgreSQL, once (instances starting together take turns)."""
    async with db.transaction() as conn:
        await conn.execute("SELECT pg_advisory_xact_lock(hashtext('smallsteps-schema-migration'))")
        current = await db.user_version()
        if current > KEY_SCHEMA_VERSION:
            raise DatabaseTooNewError(
                f"The key store at {db.location} has schema version {current}, newer than this "
                f"version of Small Steps understands ({KEY_SCHEMA_VERSION}). Upgrade Small "
                "Steps; the key store was not changed."
            )
        if current == 0:
            for statement in POSTGRES_KEY_TABLES:
                await conn.execute(statement)
            await conn.execute("INSERT INTO identity (id) VALUES (?)", (secrets.token_hex(16),))
            log.info("key store created dialect=postgres")


async def _migrate(db: Database) -> None:
    current = await db.user_version()
    if current > KEY_SCHEMA_VERSION:
        raise DatabaseTooNewError(
            f"The key store at {db.path} has schema version {current}, newer than this version "
            f"of Small Steps understands ({KEY_SCHEMA_VERSION}). Upgrade Small Steps; the file "
            "was not changed."
        )
    for version in range(current + 1, KEY_SCHEMA_VERSION + 1):
        async with db.transaction() as conn:
            for statement in KEY_MIGRATIONS[version - 1]:
                await conn.execute(statement)
            await conn.execute(f"PRAGMA user_version = {version}")
        log.info("key store migrated to version %d", version)


# Every column holding words a person wrote, per table; each is sealed under its person's key.
# (A reflection's question is the bot's, but kept with the answer it belongs to.)
PERSON_FIELDS: dict[str, tuple[str, ...]] = {
    "wins": ("text",),
    "feelings": ("word", "body", "about"),
    "reframes": ("situation", "critic", "feeling", "friend_words"),
    "reflections": ("question", "text"),
    "notes": ("prompt", "text"),
    "setbacks": ("what_happened", "what_helped"),
    "safety_plans": ("text",),
    "safety_holds": ("message",),
    "user_drafts": ("data",),
    "outbox": ("payload",),  # by chat_id: in a private chat, the person's id
}


def owner_column(table: str) -> str:
    """The column naming the person whose key seals a table's words."""
    return "chat_id" if table == "outbox" else "telegram_id"
