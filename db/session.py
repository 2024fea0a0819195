"""Engine and session factories for SQLite (aiosqlite) and PostgreSQL (asyncpg)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

# how long a statement waits for a lock another transaction holds, unless told otherwise
LOCK_TIMEOUT_SECONDS = 30.0
# SQLite's "database is locked" and "table is locked"; PostgreSQL's lock_not_available,
# deadlock_detected and serialization_failure
_SQLITE_BUSY = {5, 6}
_POSTGRES_BUSY = {"55P03", "40P01", "40001"}


class LockTimeout(Exception):
    """A write waited too long for another transaction; it was rolled back, and the same
    request may be sent again. Its message is safe to show."""

    def __init__(self) -> None:
        super().__init__("Many are writing at once; nothing was saved. Please send it again.")
        self.message = str(self)
        self.extensions = {"code": "BUSY"}


def is_lock_timeout(error: DBAPIError) -> bool:
    """The statement gave up waiting for another transaction's lock: nothing was written,
    and the same request may simply be sent again."""
    original = error.orig
    if getattr(original, "sqlite_errorcode", None) in _SQLITE_BUSY:
        return True
    return getattr(original, "sqlstate", None) in _POSTGRES_BUSY


def create_engine(
    url: str, lock_timeout: float = LOCK_TIMEOUT_SECONDS, **kwargs: Any
) -> AsyncEngine:
    """An engine that never puts bound parameters (personal data) into error messages."""
    if url.startswith("sqlite"):
        return _sqlite_engine(url, lock_timeout, **kwargs)
    # no ping before every checkout (a round trip, and a transaction, per read): a connection
    # the server closed fails its statement, which invalidates the pool's connections, and
    # connections are recycled before idle timeouts along the way could close them
    kwargs.setdefault("pool_pre_ping", False)
    kwargs.setdefault("pool_recycle", 1800)
    # connections are kept, not opened and closed under load: one made beyond the pool and
    # closed on return costs more than the statement it runs (a TLS handshake, start-up), so
    # requests beyond the pool wait their turn for one
    kwargs.setdefault("pool_size", 20)
    kwargs.setdefault("max_overflow", 0)
    kwargs.setdefault(
        "connect_args",
        {"server_settings": {"lock_timeout": str(round(lock_timeout * 1000))}},
    )
    return create_async_engine(url, hide_parameters=True, **kwargs)


def _lower(value: object) -> object:
    return value.lower() if isinstance(value, str) else value


def _sqlite_engine(url: str, lock_timeout: float, **kwargs: Any) -> AsyncEngine:
    # Each aiosqlite connection is a thread; one opened per checkout beyond the pool and
    # closed on return costs more than the statement it runs. Keep enough of them.
    if ":memory:" not in url and not url.endswith("://"):  # a file, so a queue pool
        kwargs.setdefault("pool_size", 20)
        kwargs.setdefault("max_overflow", 40)
    engine = create_async_engine(
        url, hide_parameters=True, connect_args={"timeout": lock_timeout}, **kwargs
    )

    @event.listens_for(engine.sync_engine, "connect")
    def _configure(dbapi_connection: Any, _record: Any) -> None:
        # We emit BEGIN ourselves (below), so that writers can take the lock up front.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        for pragma in (
            "PRAGMA journal_mode=WAL",
            "PRAGMA foreign_keys=ON",
            "PRAGMA synchronous=NORMAL",
            f"PRAGMA busy_timeout={round(lock_timeout * 1000)}",
        ):
            cursor.execute(pragma)
        cursor.close()
        # lower() of SQLite folds A-Z alone; Python's folds Å, Ä, Ö too (db/json_has.py)
        dbapi_connection.create_function("unicode_lower", 1, _lower, deterministic=True)

    @event.listens_for(engine.sync_engine, "begin")
    def _begin(connection: Connection) -> None:
        # A deferred transaction that later writes can fail at once with SQLITE_BUSY instead of
        # waiting; writers therefore begin IMMEDIATE and queue on the busy timeout.
        mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
        if mode != "NONE":  # reads run without a transaction: each statement sees a snapshot
            connection.exec_driver_sql(f"BEGIN {mode}")

    return engine


class Database:
    """One engine, a read session factory and a write session factory that commits or rolls back."""

    def __init__(
        self, url: str, lock_timeout: float = LOCK_TIMEOUT_SECONDS, **engine_kwargs: Any
    ) -> None:
        self.url = url
        self.lock_timeout = lock_timeout
        self.engine = create_engine(url, lock_timeout, **engine_kwargs)
        self.is_sqlite = url.startswith("sqlite")
        # SQLite has one writer at a time, and its busy handler polls with sleeps of up to
        # 100 ms, in no order: under load one writer can starve for seconds. Writers of this
        # process therefore queue here, first come first served, and only wait on SQLite's
        # lock for writers in other processes.
        self._writers = asyncio.Lock() if self.is_sqlite else None
        write_engine = (
            self.engine.execution_options(sqlite_begin="IMMEDIATE")
            if self.is_sqlite
            else self.engine
        )
        # a read is its statements alone: no BEGIN and ROLLBACK around each (one round trip
        # per query); a read of several statements gets no snapshot across them
        read_engine = (
            self.engine.execution_options(sqlite_begin="NONE")
            if self.is_sqlite
            else self.engine.execution_options(isolation_level="AUTOCOMMIT")
        )
        self._read = async_sessionmaker(read_engine, expire_on_commit=False, autoflush=False)
        self._read_engine = read_engine
        self._write = async_sessionmaker(write_engine, expire_on_commit=False, autoflush=False)

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncSession]:
        async with self._read() as session:
            yield session

    @asynccontextmanager
    async def connect(self) -> AsyncIterator[AsyncConnection]:
        """A read without the ORM's session: Core statements, rows of columns."""
        async with self._read_engine.connect() as connection:
            yield connection

    @asynccontextmanager
    async def write(self) -> AsyncIterator[AsyncSession]:
        """A transaction: committed when the block ends, rolled back if it raises;
        `LockTimeout` if it waited too long for another writer."""
        async with self._turn_to_write():
            try:
                async with self._write() as session, session.begin():
                    yield session
            except DBAPIError as error:
                if is_lock_timeout(error):
                    raise LockTimeout from None
                raise

    @asynccontextmanager
    async def _turn_to_write(self) -> AsyncIterator[None]:
        if self._writers is None:
            yield
            return
        try:
            async with asyncio.timeout(self.lock_timeout):
                await self._writers.acquire()
        except TimeoutError:
            raise LockTimeout from None
        try:
            yield
        finally:
            self._writers.release()

    async def dispose(self) -> None:
        await self.engine.dispose()
