"""A lease held by one instance at a time: a session-level PostgreSQL advisory lock on a
connection of its own.

The lock lives as long as that connection: an instance that dies (or loses the network) loses
its connection, the server ends its session and the lock with it, and the next instance that
asks gets it. Names are per schema, so databases that share a server (tests) do not meet.
Two int4 keys: a key space apart from the chats' one-bigint locks (bot/store/claims.py).
"""

from __future__ import annotations

import contextlib
import logging
import os
from typing import Any

import psycopg
from psycopg import AsyncConnection

from bot.store.db import STORE_FAULTS

log = logging.getLogger(__name__)

# How long taking or checking the lease waits for the server (seconds).
CONNECT_TIMEOUT = 5


class Lease:
    """`hold()` is True while this instance holds the lease named `name` on the database."""

    def __init__(self, url: str, name: str) -> None:
        self._url = url
        self.name = name
        self._conn: AsyncConnection[Any] | None = None
        self.held = False

    async def hold(self) -> bool:
        """Take the lease if it is free, or check that it is still ours; False if another
        instance holds it (or the database cannot be reached now)."""
        try:
            if self._conn is None or self._conn.closed:
                self.held = False
                self._conn = await AsyncConnection.connect(
                    self._url,
                    autocommit=True,
                    connect_timeout=CONNECT_TIMEOUT,
                    # Which process holds it, for an operator (pg_stat_activity, pg_locks).
                    application_name=f"smallsteps-{self.name}-{os.getpid()}",
                )
            if self.held:
                # Still ours while the session lives: a query proves the session does.
                await self._conn.execute("SELECT 1")
                return True
            cursor = await self._conn.execute(
                "SELECT pg_try_advisory_lock(hashtext(current_schema()), hashtext(%s))",
                (self.name,),
            )
            row = await cursor.fetchone()
            self.held = bool(row and row[0])
            if self.held:
                log.info("lease_taken name=%s", self.name)
            return self.held
        except STORE_FAULTS as exc:
            if self.held:
                log.warning("lease_lost name=%s error=%s", self.name, type(exc).__name__)
            self.held = False
            await self._drop()
            return False

    async def release(self) -> None:
        """Give the lease up (closing the connection ends it)."""
        if self.held:
            log.info("lease_released name=%s", self.name)
        self.held = False
        await self._drop()

    async def _drop(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None and not conn.closed:
            with contextlib.suppress(psycopg.Error):
                await conn.close()
