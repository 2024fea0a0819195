"""What the domain benchmarks share: one app process per runtime on a fresh database with the
demo, the coordinator's token, a GraphQL call, and the command line."""

from __future__ import annotations

import argparse
import asyncio
import os
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
