"""A minimal graphql-transport-ws client for tests."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, cast

import websockets
from websockets.asyncio.client import ClientConnection
from websockets.typing import Subprotocol

PROTOCOL = "graphql-transport-ws"


class WSClient:
    def __init__(self, connection: ClientConnection) -> None:
        self.connection = connection

    async def send(self, message: dict[str, Any]) -> None:
        await self.connection.send(json.dumps(message))

    async def receive(self, seconds: float = 5.0) -> dict[str, Any]:
        raw = await asyncio.wait_for(self.connection.recv(), seconds)
        message: dict[str, Any] = json.loads(raw)
        return message

    async def init(self, token: str | None = None, **payload: Any) -> dict[str, Any]:
        if token is not None:
            payload["authorization"] = f"Bearer {token}"
        await self.send({"type": "connection_init", "payload": payload})
        return await self.receive()

    async def subscribe(
        self, operation_id: str, query: str, variables: dict[str, Any] | None = None
    ) -> None:
        await self.send(
            {
                "id": operation_id,
                "type": "subscribe",
                "payload": {"query": query, "variables": variables or {}},
            }
        )

    async def closed_with(self, seconds: float = 5.0) -> tuple[int | None, str | None]:
        """Wait for the server to close; return its close code and reason."""
        try:
            while True:
                await asyncio.wait_for(self.connection.recv(), seconds)
        except websockets.ConnectionClosed as closed:
            if closed.rcvd is None:
                return None, None
            return closed.rcvd.code, closed.rcvd.reason


@asynccontextmanager
async def ws_client(address: str, subprotocols: list[str] | None = None) -> AsyncIterator[WSClient]:
    protocols = [PROTOCOL] if subprotocols is None else subprotocols
    async with websockets.connect(
        f"ws://{address}/graphql",
        subprotocols=cast("list[Subprotocol]", protocols) or None,
        open_timeout=5,
        max_size=2**22,
    ) as connection:
        yield WSClient(connection)


EVENTS = """subscription Events($s: ID!, $a: Int) { cafeSessionEvents(sessionId: $s, afterSeq: $a) {
  seq kind note { id text version } round { position endsAt } participant { displayName } } }"""


class EventCollector:
    """Subscribes to a session's events and keeps them, in the order received."""

    def __init__(self, ws: WSClient, operation_id: str = "events") -> None:
        self.ws = ws
        self.operation_id = operation_id
        self.events: list[dict[str, Any]] = []
        self.frames: list[str] = []
        self.other: list[dict[str, Any]] = []

    async def start(
        self, session_id: str, after_seq: int | None = None, query: str = EVENTS
    ) -> None:
        await self.ws.subscribe(self.operation_id, query, {"s": session_id, "a": after_seq})

    async def until_seq(self, seq: int, seconds: float = 15.0) -> list[dict[str, Any]]:
        async with asyncio.timeout(seconds):
            while not self.events or self.events[-1]["seq"] < seq:
                raw = await self.ws.connection.recv()
                message = json.loads(raw)
                if message.get("type") == "next" and message["payload"].get("data"):
                    self.frames.append(str(raw))
                    self.events.append(message["payload"]["data"]["cafeSessionEvents"])
                else:
                    self.other.append(message)
                    if message.get("type") in ("error", "complete") or "errors" in message.get(
                        "payload", {}
                    ):
                        raise AssertionError(f"subscription ended: {message}")
        return self.events

    def seqs(self) -> list[int]:
        return [event["seq"] for event in self.events]
