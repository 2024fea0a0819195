"""The live layer of one process, assembled: the feeds in use, shared rendering, the sockets'
token watch, and the WebSocket endpoint that serves `graphql-transport-ws` with them."""

from __future__ import annotations

from starlette.websockets import WebSocket
from strawberry import Schema

from app.services.settings import Settings
from db.session import Database
from schema.context import Shared
from subscriptions.broadcast import Hub
from subscriptions.fanout.registry import FanOut
from subscriptions.live.registry import Feeds
from subscriptions.protocol import Connection, Serving
from subscriptions.tokens import TokenWatch


def feeds_for(settings: Settings, hub: Hub, db: Database) -> Feeds:
    """The process's feeds; they also answer the schema's live signals (`Shared.signals`)."""
    return Feeds(
        hub,
        db,
        poll_seconds=settings.live_feed_poll_seconds,
        heartbeat_seconds=settings.live_presence_heartbeat_seconds,
    )


class LiveServer:
    def __init__(self, shared: Shared, schema: Schema, hub: Hub, feeds: Feeds) -> None:
        settings = shared.settings
        self.hub = hub
        self.feeds = feeds
        self.fanout = FanOut(
            schema,
            self.feeds,
            shared=settings.live_shared_rendering,
            max_tokens=settings.max_tokens,
        )
        self.tokens = TokenWatch(
            hub,
            shared.db,
            check_seconds=settings.ws_token_check_seconds,
            outage_check_seconds=settings.live_feed_poll_seconds,
        )
        self.serving = Serving(shared, schema, self.feeds, self.fanout, self.tokens)

    async def start(self) -> None:
        await self.feeds.start()
        await self.tokens.start()

    async def stop(self) -> None:
        await self.tokens.stop()
        await self.feeds.stop()

    async def endpoint(self, websocket: WebSocket) -> None:
        await Connection(websocket, self.serving).serve()
