"""`python -m app.cli migrate | demo | serve`: what `make run` and the containers call."""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path

import uvicorn
from alembic import command
from alembic.config import Config

from app.demo.accounts import DEMO_PASSWORD, DEMO_USERS
from app.demo.load import load_demo
from app.logs import configure_logging
from app.services.settings import Settings
from app.services.unit_of_work import UnitOfWork
from db.session import Database
from subscriptions.broadcast import Hub

ROOT = Path(__file__).resolve().parent.parent


def alembic_config(database_url: str) -> Config:
    config = Config(str(ROOT / "alembic.ini"))
    config.attributes["database_url"] = database_url
    config.attributes["configure_logging"] = False
    return config


def migrate(settings: Settings) -> None:
    command.upgrade(alembic_config(settings.database_url), "head")


async def _demo(settings: Settings) -> bool:
    db = Database(settings.database_url, lock_timeout=settings.database_lock_timeout_seconds)
    hub = Hub(settings.broadcast_url)  # a server already running hears of the demo's events
    await hub.connect()
    try:
        return await load_demo(UnitOfWork(db, hub), settings.accounts.passwords())
    finally:
        await hub.disconnect()
        await db.dispose()


def demo(settings: Settings) -> None:
    loaded = asyncio.run(_demo(settings))
    print("Demo data loaded." if loaded else "The database has data; demo not loaded again.")
    print(f"\nDemo accounts (password for all: {DEMO_PASSWORD}):")
    for person in DEMO_USERS:
        print(f"  {person.email:32} {person.role}")
    print()


def serve(settings: Settings) -> None:
    if settings.is_production:
        print(f"Serving /graphql on port {settings.port} (production: no GraphiQL)")
    else:
        print(f"Serving on http://127.0.0.1:{settings.port} — GraphiQL at /graphql")
    uvicorn.run(
        "app.main:create_app",
        factory=True,
        host="0.0.0.0" if settings.is_production else "127.0.0.1",  # noqa: S104
        port=settings.port,
        access_log=False,
        proxy_headers=True,
        ws="websockets-sansio",
        # compression would be per socket: the same event compressed a thousand times
        ws_per_message_deflate=False,
        # a WebSocket message is held to the same limit as an HTTP body (the protocol
        # checks it too, whatever server runs the app)
        ws_max_size=settings.max_body_bytes,
        log_config=None,
    )


def main() -> None:
    parser = argparse.ArgumentParser(prog="samverka")
    parser.add_argument("command", choices=["migrate", "demo", "serve"])
    args = parser.parse_args()
    configure_logging()
    settings = Settings()
    {"migrate": migrate, "demo": demo, "serve": serve}[args.command](settings)


if __name__ == "__main__":
    main()
