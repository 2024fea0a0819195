"""What the domain benchmarks share: one app process per runtime on a fresh database with the
demo, the coordinator's token, a GraphQL call, and the command line."""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

import httpx

from bench.register_data import call, load_demo
from bench.servers import Servers, database

POSTGRES_URL = os.environ.get(
    "BENCH_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
)
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
DEMO_PASSWORD = "samverka-demo"  # noqa: S105  (the demo's, printed by make run)
LOG_IN = """mutation($p: String!) { logIn(input: {email: "samordnare@samverka.example",
  password: $p}) { token } }"""


async def gql(
    http: httpx.AsyncClient, query: str, variables: dict[str, Any], token: str | None
) -> Any:
    """The one field's payload, its errors included (for the caller to count)."""
    return await call(http, query, variables, token, payload_errors=False)


@asynccontextmanager
async def demo_server(kind: str) -> AsyncIterator[tuple[str, str, str]]:
    """(address, the coordinator's token, the database URL) of a demo app on `kind`
    ("sqlite": SQLite + in-process broadcast; "postgres": PostgreSQL + Redis)."""
    async with database(kind, POSTGRES_URL) as url:
        load_demo(url)
        servers = Servers(url, "memory://" if kind == "sqlite" else REDIS_URL, 1, shared=True)
        await servers.start()
        try:
            address = servers.addresses[0]
            async with httpx.AsyncClient(base_url=f"http://{address}", timeout=60) as http:
                token = (await gql(http, LOG_IN, {"p": DEMO_PASSWORD}, None))["token"]
            yield address, token, url
        finally:
            servers.stop()


@asynccontextmanager
async def ordinary_server(kind: str, url: str) -> AsyncIterator[str]:
    """The address of a twin app on the same database with compiled reads off: the ordinary
    path, to compare with in the same run."""
    servers = Servers(url, "memory://" if kind == "sqlite" else REDIS_URL, 1, shared=True)
    servers.environment["COMPILED_READS"] = "false"
    await servers.start()
    try:
        yield servers.addresses[0]
    finally:
        servers.stop()


async def hammer(
    address: str, request: dict[str, str], seconds: float, clients: int
) -> tuple[float, list[float]]:
    """`clients` clients asking for `request` for `seconds`: requests per second and each
    request's milliseconds."""
    latencies: list[float] = []
    deadline = time.monotonic() + seconds
    async with httpx.AsyncClient(base_url=f"http://{address}", timeout=60) as http:

        async def client() -> None:
            while time.monotonic() < deadline:
                began = time.perf_counter()
                if request["method"] == "GET":
                    response = await http.get(request["path"])
                else:
                    response = await http.post("/graphql", json={"query": request["query"]})
                assert response.status_code == 200
                latencies.append((time.perf_counter() - began) * 1000)

        started = time.monotonic()
        await asyncio.gather(*(client() for _ in range(clients)))
        return len(latencies) / (time.monotonic() - started), latencies


def line(kind: str, shape: str, rps: float, latencies: list[float]) -> str:
    ordered = sorted(latencies)
    p99 = ordered[max(0, int(len(ordered) * 0.99) - 1)]
    return (
        f"  {kind:8} {shape:24} {rps:7.1f} requests/s, p50 {statistics.median(ordered):.1f} ms, "
        f"p99 {p99:.1f} ms"
    )


async def side_by_side(
    kind: str, shape: str, query: str, compiled: str, ordinary: str, args: argparse.Namespace
) -> None:
    """The same query from both apps, in turns (compiled, ordinary, twice), and the ratio of
    their requests per second."""
    totals = {"compiled": 0.0, "ordinary": 0.0}
    for _round in range(2):
        for path, address in (("compiled", compiled), ("ordinary", ordinary)):
            rps, latencies = await hammer(
                address, {"method": "POST", "query": query}, args.seconds / 2, args.clients
            )
            totals[path] += rps
            print(line(kind, f"{shape}, {path}", rps, latencies), flush=True)
    print(f"  {kind:8} {shape}: compiled/ordinary {totals['compiled'] / totals['ordinary']:.2f}x")


def run(
    doc: str,
    one_runtime: Callable[[str, argparse.Namespace], Awaitable[object]],
    clients: int,
    **counts: int,
) -> None:
    """Parse `--seconds --clients --runtimes` and the bench's own counts, then run it on
    each runtime in turn."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--clients", type=int, default=clients)
    for name, default in counts.items():
        parser.add_argument(f"--{name}", type=int, default=default)
    parser.add_argument("--runtimes", default="sqlite,postgres")
    args = parser.parse_args()

    async def every() -> None:
        for kind in args.runtimes.split(","):
            await one_runtime(kind, args)

    asyncio.run(every())
