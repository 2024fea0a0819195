"""A WebSocket client that reads only when told to: a subscriber that falls behind.

Built on the websockets library's sans-I/O protocol, so nothing reads the socket behind the
test's back; the small receive buffer makes the server feel it soon.
"""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from websockets.client import ClientProtocol
from websockets.frames import Frame, Opcode
from websockets.http11 import Response
from websockets.typing import Subprotocol
from websockets.uri import parse_uri


class RawClient:
    def __init__(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, protocol: ClientProtocol
    ) -> None:
        self.reader = reader
        self.writer = writer
        self.protocol = protocol
        self.inbox: list[dict[str, Any]] = []

    async def _flush(self) -> None:
        self.writer.write(b"".join(self.protocol.data_to_send()))
        await self.writer.drain()

    async def send(self, message: dict[str, Any]) -> None:
        self.protocol.send_text(json.dumps(message).encode())
        await self._flush()

    async def _read_some(self) -> None:
        data = await self.reader.read(65536)
        if not data:
            raise ConnectionError("closed")
        self.protocol.receive_data(data)
        for event in self.protocol.events_received():
            if isinstance(event, Frame) and event.opcode is Opcode.TEXT:
                self.inbox.append(json.loads(bytes(event.data)))
        await self._flush()  # pongs and the like

    async def receive(self) -> dict[str, Any]:
        while not self.inbox:
            await self._read_some()
        return self.inbox.pop(0)


@asynccontextmanager
async def raw_client(address: str, receive_buffer: int = 4096) -> AsyncIterator[RawClient]:
    host, port = address.split(":")
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, receive_buffer)
    sock.setblocking(False)
    await asyncio.get_running_loop().sock_connect(sock, (host, int(port)))
    reader, writer = await asyncio.open_connection(sock=sock, limit=4096)
    protocol = ClientProtocol(
        parse_uri(f"ws://{address}/graphql"),
        subprotocols=[Subprotocol("graphql-transport-ws")],
        max_size=None,
    )
    protocol.send_request(protocol.connect())
    client = RawClient(reader, writer, protocol)
    await client._flush()
    while True:
        data = await reader.read(65536)
        protocol.receive_data(data)
        if protocol.handshake_exc is not None:
            raise protocol.handshake_exc
        events = protocol.events_received()
        if any(isinstance(e, Response) for e in events):
            break
    try:
        yield client
    finally:
        writer.close()
