"""/healthz and /readyz."""

from __future__ import annotations

import httpx
import pytest

from app.runtime import Runtime


async def test_healthz(http: httpx.AsyncClient) -> None:
    response = await http.get("/healthz")
    assert response.json() == {"status": "ok"}


async def test_readyz_checks_database_and_broadcast(http: httpx.AsyncClient) -> None:
    response = await http.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ready", "checks": {"database": True, "broadcast": True}}


async def test_readyz_says_which_part_is_down(
    http: httpx.AsyncClient, runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def unreachable() -> bool:
        return False

    monkeypatch.setattr(runtime.hub, "ping", unreachable)
    response = await http.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": True, "broadcast": False}


async def test_cors_preflight_allows_client_apps(http: httpx.AsyncClient) -> None:
    response = await http.options(
        "/graphql",
        headers={
            "origin": "https://helsingborg.se",
            "access-control-request-method": "POST",
            "access-control-request-headers": "authorization, content-type",
        },
    )
    assert response.status_code == 200
    assert "POST" in response.headers["access-control-allow-methods"]
    assert "authorization" in response.headers["access-control-allow-headers"].lower()
