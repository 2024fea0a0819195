"""uvicorn with the collector's pauses counted: `python -m bench.gc_probe <uvicorn arguments>`.

The same uvicorn, started by its own `main`, in the same process; it only adds a `gc.callbacks`
hook that times every collection by generation. On SIGUSR2 the totals so far are written as
JSON to the file named by BENCH_GC_PROBE_FILE (written whole, then renamed into place),
with each full collection and each pause over 50 ms: when (time.monotonic), how long, and
how much of that the thread spent on the CPU (the rest it was descheduled: a busy machine).
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import signal
import sys
import time
from pathlib import Path
from types import FrameType
from typing import Any

SLOW_MS = 50.0  # a pause the event loop should never take

_started = 0.0
_started_cpu = 0.0  # this thread's CPU time: a pause longer than it was spent descheduled
_totals: dict[int, dict[str, float]] = {
    generation: {"count": 0, "total_ms": 0.0, "max_ms": 0.0, "slow": 0} for generation in range(3)
}
# (when, ms, CPU ms) of each full collection
_full: list[tuple[float, float, float]] = []
# (when, generation, ms, CPU ms) of each pause over SLOW_MS
_slow: list[tuple[float, int, float, float]] = []
KEPT = 10_000


def _timed(phase: str, info: dict[str, Any]) -> None:
    global _started, _started_cpu
    if phase == "start":
        _started = time.perf_counter()
        _started_cpu = time.thread_time()
        return
    pause = (time.perf_counter() - _started) * 1000
    cpu = (time.thread_time() - _started_cpu) * 1000
    generation = info["generation"]
    totals = _totals[generation]
    totals["count"] += 1
    totals["total_ms"] += pause
    totals["max_ms"] = max(totals["max_ms"], pause)
    if generation == 2 and len(_full) < KEPT:
        _full.append((time.monotonic(), pause, cpu))
    if pause > SLOW_MS:
        totals["slow"] += 1
        if len(_slow) < KEPT:
            _slow.append((time.monotonic(), generation, pause, cpu))


def _write(_signal: int, _frame: FrameType | None) -> None:
    target = Path(os.environ["BENCH_GC_PROBE_FILE"])
    record = {
        "at": time.monotonic(),
        "generations": _totals,
        "full": _full,
        "slow": _slow,
        "count": gc.get_count(),
        "threshold": gc.get_threshold(),
        "frozen": gc.get_freeze_count(),
    }
    partial = target.with_suffix(".partial")
    partial.write_text(json.dumps(record))
    partial.replace(target)


class Probe:
    """The server's collection totals, read from bench/gc_probe.py's file."""

    def __init__(self, pid: int, path: Path) -> None:
        self.pid = pid
        self.path = path

    async def read(self) -> dict[str, Any] | None:
        before = self.path.stat().st_mtime_ns if self.path.exists() else 0
        os.kill(self.pid, signal.SIGUSR2)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            await asyncio.sleep(0.01)
            if self.path.exists() and self.path.stat().st_mtime_ns != before:
                record: dict[str, Any] = json.loads(self.path.read_text())
                return record
        return None


def main() -> None:
    gc.callbacks.append(_timed)
    signal.signal(signal.SIGUSR2, _write)
    from uvicorn.main import main as uvicorn_main

    sys.argv = ["uvicorn", *sys.argv[1:]]
    uvicorn_main()


if __name__ == "__main__":
    main()
