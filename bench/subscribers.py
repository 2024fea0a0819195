"""Subscriber processes: many WebSocket connections following one café, timing each note.

Each connection is an asyncio Protocol around the websockets library's sans-I/O client: no
task, stream or future per message, so the clients take as little as possible of the CPU
they share with the server being measured.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from multiprocessing.connection import Connection
from typing import Any, cast

from websockets.client import ClientProtocol
from websockets.frames import Frame, Opcode
from websockets.http11 import Response
from websockets.typing import Subprotocol
from websockets.uri import parse_uri

EVENTS = """subscription($s: ID!, $a: Int) { cafeSessionEvents(sessionId: $s, afterSeq: $a) {
  seq kind at note { id text version author { displayName } table { name } round { question } } } }"""
NOTE_TEXT = re.compile(rb'"text":"bench (\d+) (\d+)"')


def monotonic_ns() -> int:
    # CLOCK_MONOTONIC is one clock for every process on the machine
    return time.clock_gettime_ns(time.CLOCK_MONOTONIC)


class Tally:
    """What one process's subscribers received."""

    def __init__(self) -> None:
        self.latencies: list[int] = []
        self.seen: dict[int, int] = {}
        self.other: list[str] = []  # errors and resyncs (other events are not timed)
        self.resyncs = 0


class Follower(asyncio.Protocol):
    def __init__(
        self, address: str, token: str, session_id: str, after_seq: int, tally: Tally
    ) -> None:
        self.ws = ClientProtocol(
            parse_uri(f"ws://{address}/graphql"),
            subprotocols=[Subprotocol("graphql-transport-ws")],
            max_size=2**22,
        )
        self.token = token
        self.session_id = session_id
        self.after_seq = after_seq
        self.tally = tally
        self.transport: asyncio.Transport | None = None
        self.subscribed = asyncio.get_running_loop().create_future()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # uvloop's transports are not asyncio.Transport subclasses, but have write() and close()
        self.transport = cast("asyncio.Transport", transport)
        self.ws.send_request(self.ws.connect())
        self._flush()

    def _flush(self) -> None:
        assert self.transport is not None
        for data in self.ws.data_to_send():
            if data:
                self.transport.write(data)

    def _send(self, message: dict[str, Any]) -> None:
        self.ws.send_text(json.dumps(message).encode())
        self._flush()

    def data_received(self, data: bytes) -> None:
        arrived = monotonic_ns()
        self.ws.receive_data(data)
        for event in self.ws.events_received():
            if isinstance(event, Response):
                self._send(
                    {
                        "type": "connection_init",
                        "payload": {"authorization": f"Bearer {self.token}"},
                    }
                )
            elif isinstance(event, Frame) and event.opcode is Opcode.TEXT:
                self._on_text(bytes(event.data), arrived)
        self._flush()  # pongs

    def _on_text(self, raw: bytes, arrived: int) -> None:
        match = NOTE_TEXT.search(raw)
        if match:
            number, sent = int(match.group(1)), int(match.group(2))
            self.tally.latencies.append(arrived - sent)
            self.tally.seen[number] = self.tally.seen.get(number, 0) + 1
        elif b'"connection_ack"' in raw:
            variables = {"s": self.session_id, "a": self.after_seq}
            self._send(
                {
                    "id": "e",
                    "type": "subscribe",
                    "payload": {"query": EVENTS, "variables": variables},
                }
            )
            self.subscribed.set_result(None)
        elif b"RESYNC_REQUIRED" in raw:
            self.tally.resyncs += 1  # fell behind: a real client would subscribe again
        elif b'"type":"next"' not in raw or b'"errors"' in raw:
            self.tally.other.append(raw.decode()[:200])  # an error: reported

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.subscribed.done():
            self.subscribed.set_exception(exc or ConnectionError("closed before subscribing"))


async def _run(
    addresses: list[str], tokens: list[str], session_id: str, after_seq: int, pipe: Connection
) -> None:
    loop = asyncio.get_running_loop()
    tally = Tally()
    followers: list[Follower] = []
    for index, token in enumerate(tokens):
        host, port = addresses[index % len(addresses)].split(":")
        address = f"{host}:{port}"
        _, follower = await loop.create_connection(
            lambda a=address, t=token: Follower(a, t, session_id, after_seq, tally),  # type: ignore[misc]
            host,
            int(port),
        )
        followers.append(follower)
        if index % 50 == 49:
            await asyncio.sleep(0.05)  # do not storm the accept queue
    await asyncio.wait_for(asyncio.gather(*(f.subscribed for f in followers)), 120)
    await asyncio.sleep(1)  # the subscribe messages reach the server
    pipe.send("ready")
    await loop.run_in_executor(None, pipe.recv)  # "stop"
    for follower in followers:
        if follower.transport is not None:
            follower.transport.close()
    pipe.send(
        {
            "latencies": tally.latencies,
            "seen": tally.seen,
            "other": tally.other[:5],
            "resyncs": tally.resyncs,
        }
    )


def subscriber_process(
    addresses: list[str], tokens: list[str], session_id: str, after_seq: int, pipe: Connection
) -> None:
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    asyncio.run(_run(addresses, tokens, session_id, after_seq, pipe))


def result_of(message: Any) -> tuple[list[int], dict[int, int], list[str], int]:
    return message["latencies"], message["seen"], message["other"], message["resyncs"]
