"""Sockets live only as long as their token: a WebSocket authenticated with a token that is
revoked (logOut, in any process) or expires is closed with 4403.

A revocation is announced on the broadcast and acted on at once. The broadcast is at-most-once,
so every socket's token is also checked against the database now and then, and right after
the broadcast reconnects: a missed announcement delays the close, it never prevents it. While
the broadcast is down, the tokens are read on every poll of the feeds (a few seconds), so a
revoked socket closes soon whatever the broadcast does.
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import Coroutine
from typing import Any, Protocol

from app.services.accounts.tokens import REVOKED_CHANNEL, valid_token_ids
from app.services.background import Background
from db.session import Database
from subscriptions.broadcast import RECONNECTED, Hub

logger = logging.getLogger("samverka.ws")

CHECK_BATCH = 500  # token ids per query
FORBIDDEN = (4403, "Forbidden")


class Socket(Protocol):
    async def shut(self, code: int, reason: str) -> None:
        """Close the socket from outside its own handler."""


class TokenWatch:
    def __init__(
        self, hub: Hub, db: Database, check_seconds: float, outage_check_seconds: float
    ) -> None:
        self.hub = hub
        self.db = db
        self.check_seconds = check_seconds
        self.outage_check_seconds = min(outage_check_seconds, check_seconds)
        self.sockets: dict[int, set[Socket]] = defaultdict(set)
        self._background = Background()
        self._pending: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        self._background.start("tokens-revoked", self._follow_revocations())
        self._background.start("tokens-check", self._check_now_and_then())

    async def stop(self) -> None:
        await self._background.stop()

    # -- sockets ---------------------------------------------------------------------------------
    def watch(self, token_id: int, socket: Socket) -> None:
        self.sockets[token_id].add(socket)

    def forget(self, token_id: int, socket: Socket) -> None:
        sockets = self.sockets.get(token_id)
        if sockets is not None:
            sockets.discard(socket)
            if not sockets:
                del self.sockets[token_id]

    async def close_all(self, *token_ids: int) -> None:
        """Close the sockets of these tokens, all at once (each may let an answer finish)."""
        sockets = [s for token_id in token_ids for s in self.sockets.pop(token_id, set())]
        await asyncio.gather(*(socket.shut(*FORBIDDEN) for socket in sockets))

    # -- checking ----------------------------------------------------------------------------------
    async def check(self) -> None:
        """Close every socket whose token is no longer valid, as the database says."""
        watched = list(self.sockets)
        valid: set[int] = set()
        for start in range(0, len(watched), CHECK_BATCH):
            async with self.db.read() as session:
                valid |= await valid_token_ids(session, watched[start : start + CHECK_BATCH])
        await self.close_all(*(token_id for token_id in watched if token_id not in valid))

    async def _follow_revocations(self) -> None:
        async with (
            self.hub.subscribe(REVOKED_CHANNEL) as revoked,
            self.hub.subscribe(RECONNECTED) as reconnected,
        ):
            while True:
                revocation = asyncio.ensure_future(revoked.get())
                reconnection = asyncio.ensure_future(reconnected.get())
                try:
                    done, _ = await asyncio.wait(
                        {revocation, reconnection}, return_when=asyncio.FIRST_COMPLETED
                    )
                finally:
                    revocation.cancel()
                    reconnection.cancel()
                # closing lets answers finish: never make the next revocation wait for that
                if revocation in done:
                    self._closing(self._revoke(revocation.result().message))
                if reconnection in done:
                    self._closing(self.check())  # announcements may have been lost meanwhile

    async def _revoke(self, message: str) -> None:
        await self.close_all(int(message))

    def _closing(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(self._logged(work), name="tokens-closing")
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    @staticmethod
    async def _logged(work: Coroutine[Any, Any, None]) -> None:
        try:
            await work
        except Exception as error:  # noqa: BLE001  (the periodic check catches up)
            logger.warning("token revocation not applied (%s)", type(error).__name__)

    async def _check_now_and_then(self) -> None:
        since_check = 0.0
        while True:
            await asyncio.sleep(self.outage_check_seconds)
            since_check += self.outage_check_seconds
            if since_check < self.check_seconds and self.hub.is_up:
                continue
            since_check = 0.0
            try:
                await self.check()
            except Exception as error:  # noqa: BLE001  (try again next time)
                logger.warning("token check failed (%s)", type(error).__name__)
