"""Counting the statements a server sends to PostgreSQL: a small proxy on the wire protocol.

pg_stat_statements needs `shared_preload_libraries` (a server restart), and the server log
needs access to its files; the proxy needs neither. A server started with the proxy's
address in its database URL is counted: every simple Query ('Q') and every Execute ('E') of
the extended protocol is one statement, its text found from the Parse ('P') and Bind ('B')
that named it. Transaction control (BEGIN, COMMIT, ROLLBACK) and pings (an empty statement)
are told apart. The proxy declines TLS (answers 'N' to SSLRequest), so clients that prefer
TLS talk in the clear to it; it is only used in a counting pass of its own, never while
throughput is measured.
"""

from __future__ import annotations

import asyncio
import contextlib
import statistics
import struct
import threading
from collections import Counter
from dataclasses import dataclass, field

import httpx

SSL_REQUEST = 80877103
GSSENC_REQUEST = 80877104
CONTROL = frozenset({"BEGIN", "START", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE"})


def kind_of(text: str) -> str:
    words = text.strip().rstrip(";").split(None, 1)
    if not words:
        return "ping"
    first = words[0].upper()
    return "control" if first in CONTROL else first.lower()


@dataclass
class Tally:
    statements: Counter[str] = field(default_factory=Counter)  # text -> times
    round_trips: int = 0  # Sync and simple Query messages: each waits for ReadyForQuery

    def kinds(self) -> Counter[str]:
        kinds: Counter[str] = Counter()
        for text, times in self.statements.items():
            kinds[kind_of(text)] += times
        return kinds

    @property
    def total(self) -> int:
        return sum(self.statements.values())


def _cstring(body: bytes, start: int) -> tuple[str, int]:
    end = body.index(b"\0", start)
    return body[start:end].decode(errors="replace"), end + 1


class StatementCounter:
    """A proxy to PostgreSQL at `upstream`, in a thread of its own (so that a caller blocked in
    `subprocess.run`, such as the migration, is still served); `tally` counts what passes."""

    def __init__(self, upstream_host: str = "127.0.0.1", upstream_port: int = 5432) -> None:
        self.upstream = (upstream_host, upstream_port)
        self.tally = Tally()
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)

    def start(self) -> int:
        self._thread.start()
        server = asyncio.run_coroutine_threadsafe(
            asyncio.start_server(self._serve, "127.0.0.1", 0), self._loop
        ).result(10)
        self.port = server.sockets[0].getsockname()[1]
        return self.port

    def stop(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    def reset(self) -> Tally:
        """What was counted since the last reset (call it while the server is idle)."""
        tally, self.tally = self.tally, Tally()
        return tally

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.upstream)
        except OSError:
            writer.close()
            return
        back = asyncio.create_task(_pipe(up_reader, writer))
        try:
            await self._forward(reader, up_writer, writer)
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            up_writer.close()
            with contextlib.suppress(Exception):
                await back
            writer.close()

    async def _forward(
        self,
        reader: asyncio.StreamReader,
        upstream: asyncio.StreamWriter,
        client: asyncio.StreamWriter,
    ) -> None:
        # start-up: untyped messages, of which TLS and GSS requests are declined here
        while True:
            head = await reader.readexactly(8)
            length, code = struct.unpack("!ii", head)
            rest = await reader.readexactly(length - 8)
            if code in (SSL_REQUEST, GSSENC_REQUEST):
                client.write(b"N")
                await client.drain()
                continue
            upstream.write(head + rest)
            break
        statements: dict[str, str] = {}
        portals: dict[str, str] = {}
        while True:
            head = await reader.readexactly(5)
            kind = head[:1]
            (length,) = struct.unpack("!i", head[1:])
            body = await reader.readexactly(length - 4)
            if kind == b"Q":
                self.tally.statements[_cstring(body, 0)[0]] += 1
                self.tally.round_trips += 1
            elif kind == b"P":
                name, at = _cstring(body, 0)
                statements[name] = _cstring(body, at)[0]
            elif kind == b"B":
                portal, at = _cstring(body, 0)
                portals[portal] = statements.get(_cstring(body, at)[0], "?")
            elif kind == b"E":
                self.tally.statements[portals.get(_cstring(body, 0)[0], "?")] += 1
            elif kind == b"S":
                self.tally.round_trips += 1
            upstream.write(head + body)
            await upstream.drain()
            if kind == b"X":
                return


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while chunk := await reader.read(65536):
            writer.write(chunk)
            await writer.drain()
    except ConnectionError:
        pass
    finally:
        writer.close()


@dataclass(frozen=True)
class PerRequest:
    """Medians over the requests of a counting pass, each request counted on its own: the
    server's background statements (Samverka's round timekeeper) fall into a few requests'
    counts and leave the median alone."""

    target: str
    shape: str
    requests: int
    statements: float
    control: float  # of which BEGIN, COMMIT, ROLLBACK
    pings: float  # of which empty statements (a pool checking its connection)
    round_trips: float
    fewest: int
    most: int
    top: list[tuple[float, str]]  # every statement seen, per request, its text cut short


@dataclass(frozen=True)
class Background:
    target: str
    statements_per_s: float
    texts: list[str]


def per_request(target: str, shape: str, tallies: list[Tally]) -> PerRequest:
    kinds = [tally.kinds() for tally in tallies]
    totals = [tally.total for tally in tallies]
    every: Counter[str] = Counter()
    for tally in tallies:
        every.update(tally.statements)
    return PerRequest(
        target=target,
        shape=shape,
        requests=len(tallies),
        statements=statistics.median(totals),
        control=statistics.median(k["control"] for k in kinds),
        pings=statistics.median(k["ping"] for k in kinds),
        round_trips=statistics.median(tally.round_trips for tally in tallies),
        fewest=min(totals),
        most=max(totals),
        top=[(round(times / len(tallies), 2), " ".join(text.split())[:240])
             for text, times in every.most_common(12)],
    )  # fmt: skip


IDLE_SECONDS = 5.0


async def count_per_request(
    counters: dict[str, StatementCounter],
    addresses: dict[str, str],
    workloads: dict[tuple[str, str], list[str]],
    requests: int,
) -> tuple[list[PerRequest], list[Background]]:
    """Send each workload's first `requests` bodies one after another, counting each request
    apart; and count what each server sends while idle."""
    async with httpx.AsyncClient(timeout=60) as http:
        for (target, _), bodies in workloads.items():  # warm: pools, prepared statements
            for body in bodies[:5]:
                await _post(http, addresses[target], body)
        for counter in counters.values():
            counter.reset()
        await asyncio.sleep(IDLE_SECONDS)
        background = []
        for target, counter in counters.items():
            idle = counter.reset()
            rate = round(idle.total / IDLE_SECONDS, 2)
            background.append(Background(target, rate, sorted(idle.statements)))
        results = []
        for (target, shape), bodies in workloads.items():
            tallies = []
            for index in range(requests):
                counters[target].reset()
                await _post(http, addresses[target], bodies[index % len(bodies)])
                tallies.append(counters[target].reset())
            results.append(per_request(target, shape, tallies))
    return results, background


async def _post(http: httpx.AsyncClient, address: str, body: str) -> None:
    answer = await http.post(
        f"http://{address}/graphql", content=body, headers={"content-type": "application/json"}
    )
    if answer.status_code != 200 or b'"errors"' in answer.content:
        raise RuntimeError(f"counting pass: {answer.status_code} {answer.text[:300]}")
