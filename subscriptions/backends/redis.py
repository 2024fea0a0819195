"""Redis pub/sub that survives a Redis restart (needs redis-py 7: broadcaster's Redis backend
receives nothing with redis-py 8; see docs/architecture.md, "Traps")."""

from __future__ import annotations

from typing import Any

from redis import asyncio as redis

from subscriptions.backends.supervised import SupervisedBackend


class RedisBackend(SupervisedBackend):
    def __init__(self, url: str) -> None:
        super().__init__(url)
        self._client: redis.Redis = redis.Redis.from_url(
            url, health_check_interval=5, socket_connect_timeout=2, socket_keepalive=True
        )
        self._pubsub: Any = None

    async def _open(self) -> None:
        pubsub = self._client.pubsub(ignore_subscribe_messages=True)
        # subscribing opens the connection; a pub/sub connection needs at least one channel
        await pubsub.subscribe(self._sentinel_channel, *self._listened_channels())
        self._pubsub = pubsub

    @property
    def _sentinel_channel(self) -> str:
        return "samverka.broadcast.sentinel"

    async def _listen(self) -> None:
        while True:
            message = await self._pubsub.get_message(timeout=1.0)
            if message is not None and message["type"] == "message":
                self._deliver(message["channel"].decode(), message["data"].decode())

    async def _close(self) -> None:
        if self._pubsub is not None:
            pubsub, self._pubsub = self._pubsub, None
            await pubsub.aclose()

    async def disconnect(self) -> None:
        await super().disconnect()
        await self._client.aclose()

    async def _listen_to(self, channel: str) -> None:
        await self._pubsub.subscribe(channel)

    async def _stop_listening_to(self, channel: str) -> None:
        await self._pubsub.unsubscribe(channel)

    async def publish(self, channel: str, message: Any) -> None:
        await self._client.publish(channel, message)

    async def ping(self) -> bool:
        pong = await self._client.ping()  # type: ignore[misc]
        return bool(pong) and self.is_connected
