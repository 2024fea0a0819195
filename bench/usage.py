"""What a run cost: CPU time of the server, of the database backends serving it, of the whole
machine (so that other tenants' work shows), and resident memory sampled over time."""

from __future__ import annotations

import asyncio
import contextlib
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg

from bench.machine import cpu_seconds
from bench.servers import rss_kib

TICKS = os.sysconf("SC_CLK_TCK")


def machine_busy_seconds() -> float:
    """CPU time every CPU spent not idle (nor waiting for I/O), summed."""
    fields = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:9]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields
    return (user + nice + system + irq + softirq + steal) / TICKS


async def backend_pids(admin: asyncpg.Connection, database: str) -> list[int]:
    rows = await admin.fetch(
        "SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
        database,
    )
    return [row["pid"] for row in rows]


@dataclass(frozen=True)
class Snapshot:
    server_s: float
    database_s: dict[int, float]  # per backend
    machine_s: float
    own_s: float  # this process (the benchmark's own bookkeeping)
    at: float


async def snapshot(admin: asyncpg.Connection, database: str, server_pids: list[int]) -> Snapshot:
    pids = await backend_pids(admin, database)
    own = os.times()
    return Snapshot(
        server_s=cpu_seconds(server_pids),
        database_s={pid: cpu_seconds([pid]) for pid in pids},
        machine_s=machine_busy_seconds(),
        own_s=own.user + own.system,
        at=time.monotonic(),
    )


@dataclass(frozen=True)
class Spent:
    server_s: float
    database_s: float  # every backend of the benchmark's database (the idle server's too)
    others_s: float  # the rest of the machine: other tenants, background processes
    seconds: float


def spent(before: Snapshot, after: Snapshot, client_s: float) -> Spent:
    database = sum(used - before.database_s.get(pid, 0.0) for pid, used in after.database_s.items())
    server = after.server_s - before.server_s
    own = after.own_s - before.own_s
    machine = after.machine_s - before.machine_s
    return Spent(
        server_s=server,
        database_s=database,
        others_s=max(0.0, machine - server - database - client_s - own),
        seconds=after.at - before.at,
    )


@dataclass
class MemorySampler:
    """Resident memory of each target's processes, every `interval` seconds, labelled with
    what was running then."""

    pids: dict[str, list[int]]
    interval: float = 1.0
    phase: str = "idle"
    samples: list[tuple[float, str, str, int]] = field(default_factory=list)
    _task: asyncio.Task[None] | None = None
    _start: float = 0.0

    def start(self) -> None:
        self._start = time.monotonic()
        self._task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    def sample(self) -> None:
        elapsed = round(time.monotonic() - self._start, 1)
        for target, pids in self.pids.items():
            kib = sum(rss_kib(pid) for pid in pids)
            self.samples.append((elapsed, target, self.phase, kib))

    async def _run(self) -> None:
        while True:
            self.sample()
            await asyncio.sleep(self.interval)

    def series(self, target: str) -> list[tuple[float, str, int]]:
        return [(at, phase, kib) for at, name, phase, kib in self.samples if name == target]
