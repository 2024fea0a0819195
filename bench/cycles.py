"""Server memory over many subscribe/complete cycles on long-lived WebSockets.

    python -m bench.cycles [--cycles 40000] [--sockets 4] [--sample-every 1000]
                           [--warm-up 4000] [--gc-tuning on|off] [--query-every 1]
                           [--reconnect-every 0] [--tolerance-mb 10] [--no-gc-probe]

One app process, started as production starts it (uvicorn, default settings: the embedded
SQLite + memory:// runtime and the GC tuning of app/gc_tuning.py, unless `--gc-tuning off`).
A café session is set up as in bench/fanout.py and each socket is a guest at its table. A
cycle subscribes to `cafeSessionEvents` one event back (so the server's answer, the replayed
event, says the subscription is running), optionally runs a plain query over the same socket,
and completes the subscription; the sockets run their cycles side by side. With
`--reconnect-every N` each socket is also closed and opened again after every N of its cycles.

The server's RSS (/proc/<pid>/status VmRSS) is read every `--sample-every` cycles. The
verdict is the spread of the samples after the warm-up (max - min), against the tolerance.
By default uvicorn is started through bench/gc_probe.py (uvicorn's own main, plus a hook that
times each collection), so the series also shows full collections and the longest of them;
`--no-gc-probe` starts `python -m uvicorn` itself. The series is printed as a Markdown table
and written with the verdict to bench/results/ (not committed); the exit status is 1 if the
memory grew past the tolerance. 40,000 cycles take about nine minutes (see docs/performance.md).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
import time
from collections import deque
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, cast

import httpx
from websockets.client import ClientProtocol
from websockets.frames import Frame, Opcode
from websockets.http11 import Response
from websockets.typing import Subprotocol
from websockets.uri import parse_uri

from bench.fanout import set_up_cafe
from bench.gc_probe import Probe
from bench.machine import Load, Reading
from bench.servers import ROOT, Servers, database, rss_kib
from bench.subscribers import EVENTS

QUERY = "query($s: ID!) { cafeSession(id: $s) { lastSeq title } }"
TIMEOUT = 30.0


class Socket(asyncio.Protocol):
    """One graphql-transport-ws connection: raw asyncio around the sans-I/O client, with the
    received messages handed to one waiting coroutine."""

    def __init__(self, address: str, token: str) -> None:
        self.ws = ClientProtocol(
            parse_uri(f"ws://{address}/graphql"),
            subprotocols=[Subprotocol("graphql-transport-ws")],
            max_size=2**22,
        )
        self.token = token
        self.transport: asyncio.Transport | None = None
        self.inbox: deque[dict[str, Any]] = deque()
        self.waiter: asyncio.Future[None] | None = None
        self.lost: BaseException | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast("asyncio.Transport", transport)
        self.ws.send_request(self.ws.connect())
        self._flush()

    def _flush(self) -> None:
        assert self.transport is not None
        for data in self.ws.data_to_send():
            if data:
                self.transport.write(data)

    def send(self, message: dict[str, Any]) -> None:
        self.ws.send_text(json.dumps(message).encode())
        self._flush()

    def data_received(self, data: bytes) -> None:
        self.ws.receive_data(data)
        for event in self.ws.events_received():
            if isinstance(event, Response):
                if event.status_code != 101:
                    self._lose(ConnectionError(f"handshake: HTTP {event.status_code}"))
                    return
                init = {"authorization": f"Bearer {self.token}"}
                self.send({"type": "connection_init", "payload": init})
            elif isinstance(event, Frame) and event.opcode is Opcode.TEXT:
                self.inbox.append(json.loads(bytes(event.data)))
                self._wake()
        self._flush()  # pongs

    def connection_lost(self, exc: Exception | None) -> None:
        self._lose(exc or ConnectionError("closed by the server"))

    def _lose(self, error: BaseException) -> None:
        if self.lost is None:
            self.lost = error
        self._wake()

    def _wake(self) -> None:
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_result(None)

    async def receive(self) -> dict[str, Any]:
        while not self.inbox:
            if self.lost is not None:
                raise self.lost
            self.waiter = asyncio.get_running_loop().create_future()
            await asyncio.wait_for(self.waiter, TIMEOUT)
        return self.inbox.popleft()

    async def expect(self, operation_id: str | None, kind: str, tally: Tally) -> dict[str, Any]:
        """The next message for `operation_id` (None: for the connection) of type `kind`."""
        while True:
            message = await self.receive()
            if message.get("id") != operation_id:
                tally.stray += 1  # e.g. a `complete` for an operation already completed
                continue
            if message.get("type") != kind or "errors" in (message.get("payload") or {}):
                raise RuntimeError(f"expected {kind}, got {json.dumps(message)[:300]}")
            return message

    def close(self) -> None:
        if self.transport is not None:
            self.transport.close()


async def connect(address: str, token: str, tally: Tally) -> Socket:
    host, port = address.split(":")
    _, socket = await asyncio.get_running_loop().create_connection(
        lambda: Socket(address, token), host, int(port)
    )
    await socket.expect(None, "connection_ack", tally)
    return socket


@dataclass
class Tally:
    cycles: int = 0
    stray: int = 0
    reconnects: int = 0


@dataclass
class Sample:
    cycles: int
    seconds: float
    rss_mib: float
    # since the cycles began: how many full collections, and the longest
    full_collections: int | None = None
    longest_full_ms: float | None = None
    longest_full_cpu_ms: float | None = None  # of which on the CPU (the rest descheduled)


@dataclass
class Run:
    gc_tuning: str
    cycles: int
    sockets: int
    query_every: int
    reconnect_every: int
    warm_up: int
    samples: list[Sample] = field(default_factory=list)
    load: Load | None = None  # the machine while the cycles ran: see bench/machine.py
    collections: dict[str, Any] = field(default_factory=dict)  # per generation, whole run
    # (generation, ms, CPU ms) of each collection over 50 ms during the cycles
    slow_pauses: list[tuple[int, float, float]] = field(default_factory=list)


async def cycles_on(
    socket_token: tuple[str, str],
    session_id: str,
    after_seq: int,
    args: argparse.Namespace,
    tally: Tally,
    on_cycle: asyncio.Queue[None],
    share: int,
) -> None:
    address, token = socket_token
    socket = await connect(address, token, tally)
    variables = {"s": session_id, "a": after_seq}
    try:
        for own in range(1, share + 1):
            operation = f"e{own}"
            socket.send(
                {
                    "id": operation,
                    "type": "subscribe",
                    "payload": {"query": EVENTS, "variables": variables},
                }
            )
            await socket.expect(operation, "next", tally)  # the replayed event: it is running
            if args.query_every and own % args.query_every == 0:
                query = f"q{own}"
                socket.send(
                    {
                        "id": query,
                        "type": "subscribe",
                        "payload": {"query": QUERY, "variables": {"s": session_id}},
                    }
                )
                await socket.expect(query, "next", tally)
                await socket.expect(query, "complete", tally)
            socket.send({"id": operation, "type": "complete"})
            tally.cycles += 1
            on_cycle.put_nowait(None)
            if args.reconnect_every and own % args.reconnect_every == 0 and own < share:
                socket.close()
                socket = await connect(address, token, tally)
                tally.reconnects += 1
    finally:
        socket.close()


async def run(args: argparse.Namespace) -> Run:
    result = Run(
        gc_tuning=args.gc_tuning,
        cycles=args.cycles,
        sockets=args.sockets,
        query_every=args.query_every,
        reconnect_every=args.reconnect_every,
        warm_up=args.warm_up,
    )
    launcher = ("-m", "uvicorn") if args.no_gc_probe else ("-m", "bench.gc_probe")
    with tempfile.TemporaryDirectory() as scratch:
        probe_file = Path(scratch) / "gc.json"
        async with database("sqlite", "") as url:
            servers = Servers(url, "memory://", 1, shared=True, launcher=launcher)
            servers.environment["GC_TUNING"] = "true" if args.gc_tuning == "on" else "false"
            servers.environment["BENCH_GC_PROBE_FILE"] = str(probe_file)
            await servers.start()
            try:
                (pid,) = servers.pids
                print(f"server pid {pid}", flush=True)
                probe = None if args.no_gc_probe else Probe(pid, probe_file)
                print_header(probe is not None)
                async with httpx.AsyncClient(
                    base_url=f"http://{servers.addresses[0]}", timeout=120
                ) as http:
                    _, session_id, _, _, guests, last_seq = await set_up_cafe(http, args.sockets)
                assert last_seq >= 1, "the session has no event to replay"
                await asyncio.sleep(1)
                Clock.started = time.monotonic()
                machine_before = Reading.now()
                await sample(result, probe, pid, 0)
                # one event back: the replayed event tells the client the subscription runs
                await drive(
                    args, result, probe, pid, servers.addresses[0], guests, session_id, last_seq - 1
                )
                result.load = Load.between(
                    machine_before, Reading.now(), time.monotonic() - Clock.started
                )
                await asyncio.sleep(3)  # idle: what is left once the last cycle is done
                record = await sample(result, probe, pid, args.cycles, idle=True)
                if record is not None:
                    result.collections = record["generations"]
                    result.slow_pauses = [
                        (generation, round(ms, 1), round(cpu, 1))
                        for when, generation, ms, cpu in record["slow"]
                        if when >= Clock.started
                    ]
            finally:
                servers.stop()
    return result


class Clock:
    """When the cycles began (CLOCK_MONOTONIC, the server's clock too)."""

    started = 0.0


async def sample(
    result: Run, probe: Probe | None, pid: int, cycles: int, idle: bool = False
) -> dict[str, Any] | None:
    record = await probe.read() if probe is not None else None
    taken = Sample(
        cycles=cycles,
        seconds=round(time.monotonic() - Clock.started, 1),
        rss_mib=round(rss_kib(pid) / 1024, 1),
    )
    if record is not None:
        under_load = [(ms, cpu) for when, ms, cpu in record["full"] if when >= Clock.started]
        longest = max(under_load, default=(0.0, 0.0))
        taken.full_collections = len(under_load)
        taken.longest_full_ms = round(longest[0], 1)
        taken.longest_full_cpu_ms = round(longest[1], 1)
    result.samples.append(taken)
    print(row(taken, idle), flush=True)
    return record


async def drive(
    args: argparse.Namespace,
    result: Run,
    probe: Probe | None,
    pid: int,
    address: str,
    guests: list[str],
    session_id: str,
    after_seq: int,
) -> None:
    tally = Tally()
    done: asyncio.Queue[None] = asyncio.Queue()
    shares = [
        args.cycles // args.sockets + (i < args.cycles % args.sockets) for i in range(args.sockets)
    ]
    workers = [
        asyncio.create_task(
            cycles_on((address, token), session_id, after_seq, args, tally, done, share)
        )
        for token, share in zip(guests, shares, strict=True)
    ]
    finished = 0
    while finished < args.cycles:
        getter = asyncio.ensure_future(done.get())
        await asyncio.wait([getter, *workers], return_when=asyncio.FIRST_COMPLETED)
        if not getter.done():
            getter.cancel()
            failed = [w for w in workers if w.done() and w.exception() is not None]
            if failed:
                for worker in workers:
                    worker.cancel()
                raise failed[0].exception()  # type: ignore[misc]
            continue
        finished += 1
        if finished % args.sample_every == 0 and finished < args.cycles:
            await sample(result, probe, pid, finished)
    await asyncio.gather(*workers)
    await sample(result, probe, pid, args.cycles)
    if tally.stray:
        print(f"  ({tally.stray} messages for operations already completed)", flush=True)
    if tally.reconnects:
        print(f"  ({tally.reconnects} sockets closed and opened again)", flush=True)


def print_header(probe: bool) -> None:
    print(
        "| cycles | seconds | RSS MiB"
        + (" | full collections | longest full ms (CPU ms)" if probe else "")
        + " |"
    )
    print("|---:|---:|---:" + ("|---:|---:" if probe else "") + "|")


def row(taken: Sample, idle: bool = False) -> str:
    label = f"{taken.cycles} (idle)" if idle else str(taken.cycles)
    collections = (
        ""
        if taken.full_collections is None
        else f" | {taken.full_collections} | {taken.longest_full_ms} ({taken.longest_full_cpu_ms})"
    )
    return f"| {label} | {taken.seconds} | {taken.rss_mib}{collections} |"


def verdict(result: Run, tolerance_mib: float) -> tuple[bool, str]:
    after = [s for s in result.samples if s.cycles >= result.warm_up]
    if len(after) < 2:
        return False, "too few samples after the warm-up"
    values = [s.rss_mib for s in after]
    spread = max(values) - min(values)
    growth = after[-1].rss_mib - after[0].rss_mib
    flat = spread <= tolerance_mib
    text = (
        f"after the warm-up ({result.warm_up} cycles): {after[0].rss_mib} → {after[-1].rss_mib} MiB "
        f"(growth {growth:+.1f} MiB, spread {spread:.1f} MiB over {len(after)} samples): "
        f"{'FLAT' if flat else 'GROWING'} (tolerance {tolerance_mib} MiB)"
    )
    return flat, text


async def main() -> int:
    parser = argparse.ArgumentParser(prog="bench.cycles")
    parser.add_argument("--cycles", type=int, default=40_000)
    parser.add_argument("--sockets", type=int, default=4)
    parser.add_argument("--sample-every", type=int, default=1000)
    parser.add_argument("--warm-up", type=int, default=4000)
    parser.add_argument("--gc-tuning", choices=("on", "off"), default="on")
    parser.add_argument("--query-every", type=int, default=1, help="0: no query")
    parser.add_argument("--reconnect-every", type=int, default=0, help="0: never")
    parser.add_argument("--tolerance-mb", type=float, default=10.0)
    parser.add_argument("--no-gc-probe", action="store_true")
    args = parser.parse_args()
    print(
        f"{args.cycles} cycles on {args.sockets} sockets, GC tuning {args.gc_tuning}",
        flush=True,
    )
    result = await run(args)
    flat, text = verdict(result, args.tolerance_mb)
    if result.collections:
        pauses = ", ".join(
            f"gen {g}: {int(c['count'])} (max {c['max_ms']:.1f} ms)"
            for g, c in result.collections.items()
        )
        print(f"collections in the whole run, start-up included: {pauses}")
        slow = "; ".join(
            f"gen {g} {ms} ms ({cpu} on the CPU)" for g, ms, cpu in result.slow_pauses[:20]
        )
        more = len(result.slow_pauses) - 20
        print(
            f"pauses over 50 ms during the cycles: {len(result.slow_pauses)}"
            + (f": {slow}" if slow else "")
            + (f"; and {more} more" if more > 0 else "")
        )
    if result.load is not None:
        print(
            f"machine: steal {result.load.steal_percent} %, tasks waiting for a CPU "
            f"{result.load.cpu_wait_ms_per_s} ms/s (a shared machine stretches pauses)"
        )
    print(text)
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    record = asdict(result) | {"flat": flat, "verdict": text}
    (out / f"cycles-{time.strftime('%Y%m%d-%H%M%S')}.json").write_text(json.dumps(record, indent=2))
    return 0 if flat else 1


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
