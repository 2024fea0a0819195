"""PostGraphile 4 on the benchmark's database, for comparison: installed with npm into a cache
outside the repository (nothing of it is committed) and started as one Node process.

    BENCH_NODE_DIR   where npm installs it (default ~/.cache/samverka-bench/node)
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import httpx

from bench.servers import free_port

PACKAGE = "postgraphile@4"


def node_dir() -> Path:
    default = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "samverka-bench"
    return Path(os.environ.get("BENCH_NODE_DIR", default / "node"))


def missing() -> str | None:
    """Why PostGraphile cannot run here, or None."""
    for tool in ("node", "npm"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed"
    return None


def install() -> tuple[Path, str]:
    """The CLI script and the installed version; `npm install` the first time."""
    directory = node_dir()
    package = directory / "node_modules" / "postgraphile"
    if not (package / "package.json").exists():
        directory.mkdir(parents=True, exist_ok=True)
        print(f"installing {PACKAGE} into {directory}…", flush=True)
        subprocess.run(
            ["npm", "install", "--prefix", str(directory), "--no-audit", "--no-fund",
             "--loglevel=error", PACKAGE],
            check=True,
        )  # fmt: skip
    version: str = json.loads((package / "package.json").read_text())["version"]
    return package / "cli.js", version


class PostGraphile:
    """One PostGraphile process: production options, no GraphiQL, no query log, no watch."""

    def __init__(self, cli: Path, database_url: str) -> None:
        self.cli = cli
        # postgresql+asyncpg://… → postgres://…
        self.connection = "postgres://" + database_url.split("://", 1)[1]
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def pids(self) -> list[int]:
        return [self.process.pid] if self.process is not None else []

    async def start(self) -> None:
        self.process = subprocess.Popen(
            [
                shutil.which("node") or "node",
                str(self.cli),
                "--connection", self.connection,
                "--schema", "public",
                "--host", "127.0.0.1",
                "--port", str(self.port),
                "--disable-graphiql",
                "--disable-query-log",
                "--no-setof-functions-contain-nulls",
            ],
            env=os.environ | {"NODE_ENV": "production"},
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        async with httpx.AsyncClient() as client:
            while True:
                try:
                    answer = await client.post(
                        f"http://{self.address}/graphql", json={"query": "{ __typename }"}
                    )
                    if answer.status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"PostGraphile did not start at {self.address}")
                await asyncio.sleep(0.2)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
