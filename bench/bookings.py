"""Bookings per second: the booking mutation under contention on one premises, and spread
across many, on both runtimes (SQLite + in-process broadcast, PostgreSQL + Redis).

    python -m bench.bookings [--seconds 20] [--clients 50] [--premises 50] [--runtimes sqlite,postgres]

Each runtime gets a fresh database with the demo and `--premises` more of the city's premises
(open at all hours, confirmed at once). `--clients` concurrent clients then send
bookingCreate for random hour-long slots (of a year's evenings) for `--seconds`: first all to
one premises, then each to a random one of the many. Answers per second count accepted
bookings and refused overlaps (CONFLICT) alike: both are the mutation's work. At the end the
database is asked whether any two slot-holding bookings of one premises overlap (never).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

import asyncpg
import httpx

from bench.demo_runtime import demo_server, gql, run

ZONE = "+01:00"

CREATE = """mutation($n: String!) { premisesCreate(input: {name: $n, address: "Benchgatan 1",
  capacity: 50, requiresApproval: false}) { premises { id } errors { code } } }"""
BOOK = """mutation($input: BookingCreateInput!) { bookingCreate(input: $input) {
  booking { id } errors { code } } }"""


@dataclass
class Run:
    runtime: str
    shape: str
    seconds: float
    ok: int
    conflicts: int
    other: int
    latencies_ms: list[float]

    @property
    def answers_per_second(self) -> float:
        return (self.ok + self.conflicts) / self.seconds

    def line(self) -> str:
        lat = sorted(self.latencies_ms)
        p50 = statistics.median(lat) if lat else 0.0
        p99 = lat[int(len(lat) * 0.99) - 1] if lat else 0.0
        return (
            f"  {self.runtime:8} {self.shape:10} {self.answers_per_second:7.1f} answers/s "
            f"({self.ok / self.seconds:6.1f} booked/s, {self.conflicts / self.seconds:6.1f} "
            f"refused/s, {self.other} other), p50 {p50:.1f} ms, p99 {p99:.1f} ms"
        )


async def hammer(
    address: str, token: str, premises: list[str], args: argparse.Namespace, label: tuple[str, str]
) -> Run:
    rng = random.Random(2027)
    start = datetime(2027, 1, 4, 18, 0)  # the bench clock is the real one: a year ahead
    slots = [start + timedelta(days=d, hours=h) for d in range(300) for h in range(4)]
    run = Run(*label, args.seconds, 0, 0, 0, [])
    deadline = time.monotonic() + args.seconds
    limits = httpx.Limits(max_connections=args.clients)
    async with httpx.AsyncClient(base_url=f"http://{address}", limits=limits, timeout=30) as http:

        async def client() -> None:
            while time.monotonic() < deadline:
                slot = rng.choice(slots)
                variables = {"input": {
                    "premisesId": rng.choice(premises),
                    "startsAt": slot.isoformat() + ZONE,
                    "endsAt": (slot + timedelta(hours=1)).isoformat() + ZONE,
                    "purpose": "Bench", "attendees": 5,
                }}  # fmt: skip
                began = time.perf_counter()
                payload = await gql(http, BOOK, variables, token)
                run.latencies_ms.append((time.perf_counter() - began) * 1000)
                codes = [e["code"] for e in payload["errors"]]
                if not codes:
                    run.ok += 1
                elif codes == ["CONFLICT"]:
                    run.conflicts += 1
                else:
                    run.other += 1

        await asyncio.gather(*(client() for _ in range(args.clients)))
    return run


async def overlaps(url: str) -> int:
    query = """SELECT count(*) FROM bookings a JOIN bookings b ON a.premises_id = b.premises_id
      AND a.id < b.id AND a.blocked_from < b.blocked_until AND b.blocked_from < a.blocked_until
      WHERE a.status IN ('REQUESTED','CONFIRMED') AND b.status IN ('REQUESTED','CONFIRMED')"""
    if url.startswith("sqlite"):
        import sqlite3

        with sqlite3.connect(url.split("///", 1)[1]) as connection:
            return int(connection.execute(query).fetchone()[0])
    connection = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgres://"))
    try:
        return int(await connection.fetchval(query))
    finally:
        await connection.close()


async def one_runtime(kind: str, args: argparse.Namespace) -> list[Run]:
    async with demo_server(kind) as (address, token, url):
        async with httpx.AsyncClient(base_url=f"http://{address}", timeout=30) as http:
            many = [
                (await gql(http, CREATE, {"n": f"Benchlokal {n}"}, token))["premises"]["id"]
                for n in range(args.premises)
            ]
        runs = [
            await hammer(address, token, many[:1], args, (kind, "one")),
            await hammer(address, token, many, args, (kind, "many")),
        ]
        found = await overlaps(url)
    print(f"  {kind}: overlapping slot-holding bookings in the database: {found}", flush=True)
    for outcome in runs:
        print(outcome.line(), flush=True)
    return runs


if __name__ == "__main__":
    run(__doc__ or "", one_runtime, clients=50, premises=50)
