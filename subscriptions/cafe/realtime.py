"""The live side of cafés in one process: a feed and a presence board per session in use,
the broadcast's reconnections passed on, and the timekeeper that ends rounds on time."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections import defaultdict
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Protocol, TypeVar

from app.services.cafe.log import LoggedEvent
from app.services.cafe.rounds import end_expired_rounds
from app.services.cafe.vocabulary import EventKind
from app.services.settings import Settings
from db.session import Database
from subscriptions.background import Background
from subscriptions.broadcast import RECONNECTED, Hub
from subscriptions.cafe.feed import SessionFeed
from subscriptions.cafe.presence import (
    TYPING_INTERVAL_SECONDS,
    PresenceBoard,
    Throttle,
    channel,
    message,
)

logger = logging.getLogger("samverka.cafe")


class Shared(Protocol):
    """A per-session helper that runs while someone in this process uses it."""

    @property
    def stopped(self) -> bool: ...

    def start(self) -> None: ...

    async def ready(self) -> None: ...

    async def stop(self) -> None: ...


S = TypeVar("S", bound=Shared)


class Realtime:
    def __init__(self, hub: Hub, db: Database, settings: Settings) -> None:
        self.hub = hub
        self.db = db
        self.settings = settings
        self.node = uuid.uuid4().hex
        self.feeds: dict[int, SessionFeed] = {}
        self.boards: dict[int, PresenceBoard] = {}
        self._users: dict[Shared, int] = defaultdict(int)
        # one lock per helper in use, with how many hold or wait for it (dropped at zero)
        self._locks: dict[tuple[str, int], tuple[asyncio.Lock, int]] = {}
        self._background = Background()
        self._sending: set[asyncio.Task[None]] = set()
        self._typing = Throttle(TYPING_INTERVAL_SECONDS)

    async def start(self) -> None:
        self._background.start("cafe-reconnections", self._pass_on_reconnections())
        self._background.start("cafe-timekeeper", self._keep_time())

    async def stop(self) -> None:
        await self._background.stop()
        for feed in list(self.feeds.values()):
            await feed.stop()
        for board in list(self.boards.values()):
            await board.stop()

    # -- feeds and boards, shared while in use -------------------------------------------------
    @asynccontextmanager
    async def feed(self, session_id: int) -> AsyncIterator[SessionFeed]:
        def make() -> SessionFeed:
            poll = self.settings.live_feed_poll_seconds
            feed = SessionFeed(self.hub, self.db, session_id, poll)
            feed.add(_Moves(self, session_id))
            return feed

        async with self._shared(self.feeds, ("feed", session_id), make) as feed:
            yield feed

    @asynccontextmanager
    async def board(self, session_id: int) -> AsyncIterator[PresenceBoard]:
        def make() -> PresenceBoard:
            heartbeat = self.settings.live_presence_heartbeat_seconds
            return PresenceBoard(self.hub, session_id, self.node, heartbeat_seconds=heartbeat)

        async with self._shared(self.boards, ("board", session_id), make) as board:
            yield board

    @asynccontextmanager
    async def _shared(
        self, registry: dict[int, S], key: tuple[str, int], make: Callable[[], S]
    ) -> AsyncIterator[S]:
        """The session's helper, started by its first user and stopped after its last; one
        that stopped by itself (it failed) is replaced for whoever comes next."""
        session_id = key[1]
        async with self._locked(key):
            item = registry.get(session_id)
            if item is None or item.stopped:
                item = make()
                item.start()
                registry[session_id] = item
            self._users[item] += 1
        try:
            await item.ready()
            yield item
        finally:
            async with self._locked(key):
                self._users[item] -= 1
                if self._users[item] == 0:
                    del self._users[item]
                    if registry.get(session_id) is item:
                        del registry[session_id]
                    await item.stop()

    @asynccontextmanager
    async def _locked(self, key: tuple[str, int]) -> AsyncIterator[None]:
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

    async def typing(self, session_id: int, participant_id: int, table_id: int) -> None:
        board = self.boards.get(session_id)
        if board is not None:
            await board.typing(participant_id, table_id)
        elif self._typing.allow((session_id, participant_id)):
            # no one follows the session in this process: tell the others, without a board
            typing = message(self.node, "typing", participant=participant_id, table=table_id)
            await self.hub.publish(channel(session_id), typing)

    # -- background work ---------------------------------------------------------------------
    async def _pass_on_reconnections(self) -> None:
        async with self.hub.subscribe(RECONNECTED) as reconnections:
            while True:
                await reconnections.get()
                # whatever was published while the broadcast was down is in the log
                for feed in list(self.feeds.values()):
                    feed.nudge()

    async def _keep_time(self) -> None:
        while True:
            await asyncio.sleep(self.settings.cafe.timekeeper_seconds)
            try:
                await end_expired_rounds(self.db, self.hub.publish_many)
            except Exception as error:  # noqa: BLE001  (try again on the next tick)
                logger.warning("timekeeper failed (%s)", type(error).__name__)


class _Moves:
    """A session's events to its presence board: someone connected here changed tables."""

    def __init__(self, realtime: Realtime, session_id: int) -> None:
        self.realtime = realtime
        self.session_id = session_id

    def push(self, event: LoggedEvent) -> None:
        if event.kind is not EventKind.PARTICIPANT_MOVED:
            return
        board = self.realtime.boards.get(self.session_id)
        participant = event.payload.get("participant") or {}
        if board is None or "id" not in participant:
            return
        telling = board.moved(int(participant["id"]), participant.get("tableId"))
        if telling is not None:
            self.realtime.keep(telling)

    def lost(self) -> None:
        """Nothing to do: the board learns of later moves from the next feed."""
