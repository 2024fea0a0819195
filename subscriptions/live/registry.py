"""The live side of every feed in one process: a `KeyFeed` and a presence board per key in
use, shared by whoever follows it here, and the broadcast's reconnections passed on."""

from __future__ import annotations

import asyncio
import uuid
from collections import defaultdict
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any, Protocol, TypeVar

from app.services.background import Background
from app.services.live.feeds import Feed, LoggedEvent, Presence
from db.session import Database
from subscriptions.broadcast import RECONNECTED, Hub
from subscriptions.live.feed import KeyFeed
from subscriptions.live.presence import TYPING_INTERVAL_SECONDS, PresenceBoard, Throttle, message

Where = tuple[str, int]  # (feed name, key)


class Shared(Protocol):
    """A per-key helper that runs while someone in this process uses it."""

    @property
    def stopped(self) -> bool: ...

    def start(self) -> None: ...

    async def ready(self) -> None: ...

    async def stop(self) -> None: ...


S = TypeVar("S", bound=Shared)


class Feeds:
    def __init__(
        self, hub: Hub, db: Database, *, poll_seconds: float, heartbeat_seconds: float
    ) -> None:
        self.hub = hub
        self.db = db
        self.poll_seconds = poll_seconds
        self.heartbeat_seconds = heartbeat_seconds
        self.node = uuid.uuid4().hex
        self.feeds: dict[Where, KeyFeed] = {}
        self.boards: dict[Where, PresenceBoard] = {}
        self._users: dict[Shared, int] = defaultdict(int)
        # one lock per helper in use, with how many hold or wait for it (dropped at zero)
        self._locks: dict[tuple[str, Where], tuple[asyncio.Lock, int]] = {}
        self._background = Background()
        self._sending: set[asyncio.Task[None]] = set()
        self._typing = Throttle(TYPING_INTERVAL_SECONDS)

    async def start(self) -> None:
        self._background.start("live-reconnections", self._pass_on_reconnections())

    async def stop(self) -> None:
        await self._background.stop()
        for feed in list(self.feeds.values()):
            await feed.stop()
        for board in list(self.boards.values()):
            await board.stop()

    # -- feeds and boards, shared while in use -------------------------------------------------
    @asynccontextmanager
    async def feed(self, feed: Feed[Any], key: int) -> AsyncIterator[KeyFeed]:
        def make() -> KeyFeed:
            made = KeyFeed(self.hub, self.db, feed, key, self.poll_seconds)
            if feed.presence is not None:
                made.add(_Moves(self, feed, key, feed.presence))
            return made

        async with self._shared(self.feeds, "feed", (feed.name, key), make) as key_feed:
            yield key_feed

    @asynccontextmanager
    async def board(self, feed: Feed[Any], key: int) -> AsyncIterator[PresenceBoard]:
        def make() -> PresenceBoard:
            return PresenceBoard(
                self.hub,
                key,
                feed.presence_channel(key),
                self.node,
                heartbeat_seconds=self.heartbeat_seconds,
            )

        async with self._shared(self.boards, "board", (feed.name, key), make) as board:
            yield board

    @asynccontextmanager
    async def _shared(
        self, registry: dict[Where, S], kind: str, where: Where, make: Callable[[], S]
    ) -> AsyncIterator[S]:
        """The key's helper, started by its first user and stopped after its last; one that
        stopped by itself (it failed) is replaced for whoever comes next."""
        async with self._locked((kind, where)):
            item = registry.get(where)
            if item is None or item.stopped:
                item = make()
                item.start()
                registry[where] = item
            self._users[item] += 1
        try:
            await item.ready()
            yield item
        finally:
            async with self._locked((kind, where)):
                self._users[item] -= 1
                if self._users[item] == 0:
                    del self._users[item]
                    if registry.get(where) is item:
                        del registry[where]
                    await item.stop()

    @asynccontextmanager
    async def _locked(self, key: tuple[str, Where]) -> AsyncIterator[None]:
        """Hold the key's lock; the lock is forgotten once no one holds or waits for it."""
        lock, count = self._locks.get(key, (asyncio.Lock(), 0))
        self._locks[key] = (lock, count + 1)
        try:
            async with lock:
                yield
        finally:
            lock, count = self._locks[key]
            if count == 1:
                del self._locks[key]
            else:
                self._locks[key] = (lock, count - 1)

    def keep(self, task: asyncio.Task[None]) -> None:
        """Hold a fire-and-forget task until it is done."""
        self._sending.add(task)
        task.add_done_callback(self._sending.discard)

    # -- Signals ---------------------------------------------------------------------------------
    async def typing(self, feed: Feed[Any], key: int, who: int, where: int) -> None:
        board = self.boards.get((feed.name, key))
        if board is not None:
            await board.typing(who, where)
        elif self._typing.allow((feed.name, key, who)):
            # no one follows the key in this process: tell the others, without a board
            typing = message(self.node, "typing", who=who, where=where)
            await self.hub.publish(feed.presence_channel(key), typing)

    # -- background work ---------------------------------------------------------------------
    async def _pass_on_reconnections(self) -> None:
        async with self.hub.subscribe(RECONNECTED) as reconnections:
            while True:
                await reconnections.get()
                # whatever was published while the broadcast was down is in the log
                for feed in list(self.feeds.values()):
                    feed.nudge()


class _Moves:
    """A key's events to its presence board: someone connected here moved."""

    def __init__(self, feeds: Feeds, feed: Feed[Any], key: int, presence: Presence) -> None:
        self.feeds = feeds
        self.where = (feed.name, key)
        self.presence = presence

    def push(self, event: LoggedEvent) -> None:
        moved = self.presence.moved(event)
        board = self.feeds.boards.get(self.where)
        if moved is None or board is None:
            return
        telling = board.moved(*moved)
        if telling is not None:
            self.feeds.keep(telling)

    def lost(self) -> None:
        """Nothing to do: the board learns of later moves from the next feed."""
