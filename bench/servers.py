"""App processes for a benchmark: uvicorn, started the way production starts it."""

from __future__ import annotations

import asyncio
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg
import httpx

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


@asynccontextmanager
async def database(kind: str, postgres_url: str) -> AsyncIterator[str]:
    """A fresh, empty database: a SQLite file, or a new PostgreSQL database."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory() as directory:
            yield f"sqlite+aiosqlite:///{directory}/bench.db"
        return
    name = f"samverka_bench_{secrets.token_hex(4)}"
    admin_dsn = postgres_url.replace("postgresql+asyncpg://", "postgres://")
    admin = await asyncpg.connect(admin_dsn)
    await admin.execute(f'CREATE DATABASE "{name}"')
    await admin.close()
    try:
        yield postgres_url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        admin = await asyncpg.connect(admin_dsn)
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


class Servers:
    def __init__(
        self,
        database_url: str,
        broadcast_url: str,
        count: int,
        shared: bool,
        launcher: Sequence[str] = ("-m", "uvicorn"),
    ) -> None:
        # how uvicorn is started: `python -m uvicorn`, or a wrapper that runs its main
        self.launcher = list(launcher)
        self.environment = os.environ | {
            "DATABASE_URL": database_url,
            "BROADCAST_URL": broadcast_url,
            "LIVE_SHARED_RENDERING": "true" if shared else "false",
            "LOGIN_MAX_FAILURES_PER_ADDRESS": "100000",
            "SIGN_UPS_PER_ADDRESS": "100000",
        }
        self.ports = [free_port() for _ in range(count)]
        self.processes: list[subprocess.Popen[bytes]] = []

    @property
    def addresses(self) -> list[str]:
        return [f"127.0.0.1:{port}" for port in self.ports]

    @property
    def pids(self) -> list[int]:
        return [process.pid for process in self.processes]

    def memory_kib(self) -> int:
        return sum(rss_kib(pid) for pid in self.pids)

    async def start(self) -> None:
        subprocess.run(
            [sys.executable, "-m", "app.cli", "migrate"], cwd=ROOT, env=self.environment, check=True,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        for port in self.ports:
            self.processes.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        *self.launcher,
                        "app.main:create_app",
                        "--factory",
                        "--host",
                        "127.0.0.1",
                        "--port",
                        str(port),
                        "--ws",
                        "websockets-sansio",
                        "--ws-per-message-deflate",
                        "false",
                        "--no-access-log",
                        "--log-level",
                        "warning",
                        "--backlog",
                        "4096",
                    ],
                    cwd=ROOT,
                    env=self.environment,
                )
            )
        async with httpx.AsyncClient() as client:
            deadline = time.monotonic() + 30
            for address in self.addresses:
                while True:
                    try:
                        if (await client.get(f"http://{address}/readyz")).status_code == 200:
                            break
                    except httpx.TransportError:
                        pass
                    if time.monotonic() > deadline:
                        raise TimeoutError(f"server at {address} did not start")
                    await asyncio.sleep(0.1)

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            process.wait(10)
