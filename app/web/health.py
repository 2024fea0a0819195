"""Liveness (`/healthz`) and readiness (`/readyz`: database and broadcast reachable)."""

from __future__ import annotations

import asyncio

from sqlalchemy import text
from starlette.requests import Request
from starlette.responses import JSONResponse

from app.runtime import Runtime

CHECK_TIMEOUT_SECONDS = 3.0


async def healthz(_request: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"})


async def _database_ok(runtime: Runtime) -> bool:
    try:
        async with runtime.db.read() as session:
            return bool((await session.scalar(text("SELECT 1"))) == 1)
    except Exception:  # noqa: BLE001
        return False


async def readyz(request: Request) -> JSONResponse:
    runtime: Runtime = request.app.state.runtime
    database, broadcast = await asyncio.gather(
        asyncio.wait_for(_database_ok(runtime), CHECK_TIMEOUT_SECONDS),
        asyncio.wait_for(runtime.hub.ping(), CHECK_TIMEOUT_SECONDS),
        return_exceptions=True,
    )
    checks = {"database": database is True, "broadcast": broadcast is True}
    ready = all(checks.values())
    return JSONResponse(
        {"status": "ready" if ready else "unavailable", "checks": checks},
        status_code=200 if ready else 503,
    )
