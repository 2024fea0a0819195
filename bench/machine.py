"""How busy the machine was while a benchmark ran: this one is shared, so say so with the
results. CPU steal is time the hypervisor gave our virtual CPUs to someone else; pressure
is time tasks waited for a CPU or for I/O (Linux PSI). Zero where the kernel does not say."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


def _cpu_ticks() -> tuple[int, int]:
    """(steal, total) jiffies across all CPUs."""
    try:
        fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    except OSError:
        return 0, 0
    ticks = [int(value) for value in fields[:8]]
    return ticks[7], sum(ticks)


def _pressure_us(resource: str) -> int:
    try:
        line = Path(f"/proc/pressure/{resource}").read_text().splitlines()[0]
    except OSError:
        return 0
    return int(line.rsplit("total=", 1)[1])


@dataclass(frozen=True)
class Reading:
    steal: int
    total: int
    cpu_wait_us: int
    io_wait_us: int

    @classmethod
    def now(cls) -> Reading:
        steal, total = _cpu_ticks()
        return cls(steal, total, _pressure_us("cpu"), _pressure_us("io"))


@dataclass(frozen=True)
class Load:
    steal_percent: float
    cpu_wait_ms_per_s: float  # time some task waited for a CPU, per second of the window
    io_wait_ms_per_s: float

    @classmethod
    def between(cls, before: Reading, after: Reading, seconds: float) -> Load:
        total = after.total - before.total
        return cls(
            steal_percent=round(100 * (after.steal - before.steal) / total, 1) if total else 0.0,
            cpu_wait_ms_per_s=round((after.cpu_wait_us - before.cpu_wait_us) / 1000 / seconds, 1),
            io_wait_ms_per_s=round((after.io_wait_us - before.io_wait_us) / 1000 / seconds, 1),
        )


def cpu_seconds(pids: list[int]) -> float:
    """CPU time (user + system) the processes have used so far."""
    ticks_per_second = os.sysconf("SC_CLK_TCK")
    used = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        used += (int(fields[11]) + int(fields[12])) / ticks_per_second
    return used
