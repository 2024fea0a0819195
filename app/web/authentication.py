"""The viewer behind an `Authorization` value, for HTTP requests and WebSocket operations."""

from __future__ import annotations

from app.auth import Viewer, bearer_token, load_viewer
from app.clock import now
from app.runtime import Runtime


async def authenticate(runtime: Runtime, authorization: str | None) -> Viewer:
    """Anonymous without a token; raises `InvalidToken` for a malformed, unknown or revoked one."""
    token = bearer_token(authorization)
    if token is None:
        return Viewer()
    async with runtime.db.read() as session:
        return await load_viewer(session, token, now())
