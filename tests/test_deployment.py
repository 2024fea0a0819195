"""docker-compose.yml describes the production deployment (it cannot be run here: no Docker engine)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent


def compose() -> dict[str, Any]:
    document = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    assert isinstance(document, dict)
    return document


def test_compose_names_postgres_redis_two_apps_and_one_port() -> None:
    services = compose()["services"]
    assert {"postgres", "redis", "migrate", "app1", "app2", "proxy"} <= set(services)
    assert services["postgres"]["image"].startswith("postgres:")
    assert services["redis"]["image"].startswith("redis:")
    published = [port for service in services.values() for port in service.get("ports", [])]
    assert published == ["8000:8000"]
    proxy = " ".join(services["proxy"]["command"])
    assert "app1:8000" in proxy
    assert "app2:8000" in proxy


def test_both_app_instances_share_postgres_and_redis() -> None:
    services = compose()["services"]
    for name in ("app1", "app2"):
        environment = services[name]["environment"]
        assert environment["DATABASE_URL"].startswith("postgresql+asyncpg://")
        assert "@postgres:5432/" in environment["DATABASE_URL"]
        assert environment["BROADCAST_URL"] == "redis://redis:6379/0"
        assert environment["ENVIRONMENT"] == "production"
        assert services[name]["command"] == ["python", "-m", "app.cli", "serve"]
        # instances start after the migration has run, never migrating at once
        assert (
            services[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
        )
    assert services["app1"]["environment"] == services["app2"]["environment"]
    assert services["migrate"]["command"] == ["python", "-m", "app.cli", "migrate"]


def test_the_image_serves_the_app() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert 'CMD ["python", "-m", "app.cli", "serve"]' in dockerfile
    assert "COPY alembic.ini" in dockerfile
