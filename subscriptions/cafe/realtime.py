"""The live side of cafés in one process: a feed and a presence board per session in use,
the broadcast's reconnections passed on, and the timekeeper that ends rounds on time."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections import defaultdict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from app.services.cafe.rounds import end_expired_rounds
from app.settings import Settings
from db.session import Database
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


class Realtime:
    def __init__(self, hub: Hub, db: Database, settings: Settings) -> None:
        self.hub = hub
        self.db = db
        self.settings = settings
        self.node = uuid.uuid4().hex
        self.feeds: dict[int, SessionFeed] = {}
        self.boards: dict[int, PresenceBoard] = {}
        self._users: dict[tuple[str, int], int] = defaultdict(int)
        self._locks: dict[tuple[str, int], asyncio.Lock] = defaultdict(asyncio.Lock)
        self._tasks: list[asyncio.Task[None]] = []
        self._typing = Throttle(TYPING_INTERVAL_SECONDS)

    async def start(self) -> None:
        self._tasks = [
            asyncio.create_task(self._pass_on_reconnections(), name="cafe-reconnections"),
            asyncio.create_task(self._keep_time(), name="cafe-timekeeper"),
        ]

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        for feed in list(self.feeds.values()):
            await feed.stop()
        for board in list(self.boards.values()):
            await board.stop()

    # -- feeds and boards, shared while in use -------------------------------------------------
    @asynccontextmanager
    async def feed(self, session_id: int) -> AsyncIterator[SessionFeed]:
        key = ("feed", session_id)
        async with self._locks[key]:
            feed = self.feeds.get(session_id)
            if feed is None:
                feed = SessionFeed(
                    self.hub, self.db, session_id, self.settings.cafe_feed_poll_seconds
                )
                feed.start()
                self.feeds[session_id] = feed
            self._users[key] += 1
        try:
            await feed.ready()
            yield feed
        finally:
            async with self._locks[key]:
                self._users[key] -= 1
                if self._users[key] == 0:
                    del self.feeds[session_id]
                    await feed.stop()

    @asynccontextmanager
    async def board(self, session_id: int) -> AsyncIterator[PresenceBoard]:
        key = ("board", session_id)
        async with self._locks[key]:
            board = self.boards.get(session_id)
            if board is None:
                board = PresenceBoard(
                    self.hub,
                    session_id,
                    self.node,
                    heartbeat_seconds=self.settings.cafe_presence_heartbeat_seconds,
                )
                board.start()
                self.boards[session_id] = board
            self._users[key] += 1
        try:
            await board.ready()
            yield board
        finally:
            async with self._locks[key]:
                self._users[key] -= 1
                if self._users[key] == 0:
                    del self.boards[session_id]
                    await board.stop()

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
            await asyncio.sleep(self.settings.cafe_timekeeper_seconds)
            try:
                await end_expired_rounds(self.db, self.hub.publish_many)
            except Exception as error:  # noqa: BLE001  (try again on the next tick)
                logger.warning("timekeeper failed (%s)", type(error).__name__)
