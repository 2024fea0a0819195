"""A real uvicorn server in the test's event loop, for WebSocket tests."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import httpx
import uvicorn
from starlette.applications import Starlette

from app.main import create_app
from app.runtime import Runtime
from app.services.settings import Settings
from schema import DOMAINS, SchemaParts
from tests.support.graphql import GraphQLClient


@asynccontextmanager
async def live_server(app: Starlette, send_buffer: int | None = None) -> AsyncIterator[str]:
    """Serve `app` (whose lifespan the caller runs) on a free port; yield host:port.

    `send_buffer` shrinks the kernel buffer of accepted sockets (they inherit it), to make
    a slow reader fill up quickly.
    """
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if send_buffer is not None:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, send_buffer)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        app,
        lifespan="off",
        log_config=None,
        access_log=False,
        ws="websockets-sansio",
        ws_per_message_deflate=False,
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        while not server.started:
            if task.done():
                task.result()
            await asyncio.sleep(0.01)
        yield f"127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task
        sock.close()


@dataclass
class Serving:
    """An app of its own, started: its runtime, a GraphQL client and its address."""

    app: Starlette
    address: str
    gql: GraphQLClient

    @property
    def runtime(self) -> Runtime:
        runtime: Runtime = self.app.state.runtime
        return runtime


@asynccontextmanager
async def serving(
    settings: Settings, send_buffer: int | None = None, parts: SchemaParts = DOMAINS
) -> AsyncIterator[Serving]:
    """An app made with `settings` (and the schema `parts`), its lifespan running and served
    on a free port."""
    application = create_app(settings, parts)
    transport = httpx.ASGITransport(app=application)
    async with (
        application.router.lifespan_context(application),
        live_server(application, send_buffer) as address,
        httpx.AsyncClient(transport=transport, base_url="http://samverka.test") as http,
    ):
        yield Serving(application, address, GraphQLClient(http))
