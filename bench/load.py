"""Closed-loop HTTP load with wrk (C, epoll, keep-alive): N connections, each sending the next
request as soon as the last is answered, the bodies cycled from a file.

wrk costs the server little: its CPU is measured with every run (`client_cpu_ms`), so that a
run where the client took the cores the server needed shows it. Every answer is checked: a
status other than 200, or a body with GraphQL `errors`, counts as bad.
"""

from __future__ import annotations

import asyncio
import json
import resource
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

SCRIPT = r"""
local threads = {}

function setup(thread)
  thread:set("offset", #threads)
  table.insert(threads, thread)
end

function init(args)
  bad = 0
  requests = {}
  local headers = { ["Content-Type"] = "application/json", ["Accept"] = "application/json" }
  for body in io.lines(args[1]) do
    table.insert(requests, wrk.format("POST", args[2], headers, body))
  end
  -- threads start at different places in the cycle
  next_request = (offset * 7919) % #requests
end

function request()
  next_request = next_request % #requests + 1
  return requests[next_request]
end

function response(status, headers, body)
  if status ~= 200 or string.find(body, '"errors"', 1, true) then
    bad = bad + 1
  end
end

function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do
    bad = bad + thread:get("bad")
  end
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, "max_us": %d, ' ..
    '"bad": %d, "socket_errors": %d, "timeouts": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    latency.max, bad, e.connect + e.read + e.write, e.timeout))
end
"""


class LoadGeneratorMissing(RuntimeError):
    pass


@dataclass(frozen=True)
class Outcome:
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    max_ms: float
    bad: int  # not 200, or GraphQL errors in the body
    socket_errors: int
    timeouts: int
    client_cpu_s: float

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def wrk_path() -> str:
    found = shutil.which("wrk")
    if found is None:
        raise LoadGeneratorMissing(
            "wrk is not installed (Debian/Ubuntu: apt-get install wrk; macOS: brew install wrk)"
        )
    return found


async def run_wrk(
    address: str,
    bodies: list[str],
    seconds: float,
    connections: int,
    threads: int = 1,
    path: str = "/graphql",
) -> Outcome:
    """POST the bodies (cycled) to http://address/path for `seconds` over `connections`."""
    with tempfile.TemporaryDirectory(prefix="bench-wrk-") as directory:
        script = Path(directory) / "cycle.lua"
        script.write_text(SCRIPT)
        lines = Path(directory) / "bodies.txt"
        lines.write_text("".join(body + "\n" for body in bodies))
        before = children_cpu_seconds()
        process = await asyncio.create_subprocess_exec(
            wrk_path(),
            "--threads", str(threads),
            "--connections", str(connections),
            "--duration", f"{max(1, round(seconds))}s",
            "--timeout", "30s",
            "--script", str(script),
            f"http://{address}{path}",
            "--", str(lines), path,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        out, err = await process.communicate()
        client_cpu = children_cpu_seconds() - before
    text = out.decode()
    result = next((line for line in text.splitlines() if line.startswith("RESULT ")), None)
    if process.returncode != 0 or result is None:
        raise RuntimeError(f"wrk failed ({process.returncode}): {text}{err.decode()}")
    values = json.loads(result.removeprefix("RESULT "))
    return Outcome(
        requests=values["requests"],
        seconds=values["duration_us"] / 1e6,
        p50_ms=values["p50_us"] / 1000,
        p99_ms=values["p99_us"] / 1000,
        max_ms=values["max_us"] / 1000,
        bad=values["bad"],
        socket_errors=values["socket_errors"],
        timeouts=values["timeouts"],
        client_cpu_s=client_cpu,
    )
