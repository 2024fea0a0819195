"""The composition root: what one app process is made of, wired together.

Nothing below imports this module: `db/` ← `app/services/` ← `schema/` ← `subscriptions/` ←
here (with `app/main.py`, `app/web/`, `app/cli.py`, `app/demo/`); see docs/architecture.md.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.services.accounts.passwords import Passwords
from app.services.cafe.jobs import cafe_jobs
from app.services.events.jobs import events_jobs
from app.services.exchange.jobs import exchange_jobs
from app.services.jobs import Job, Jobs
from app.services.settings import Settings
from app.services.unit_of_work import UnitOfWork
from db.session import Database
from schema import DOMAINS, READS, SamverkaSchema, SchemaParts, build_schema
from schema.compiled.reads import CompiledReads
from schema.context import Shared
from subscriptions.broadcast import Hub
from subscriptions.fanout.registry import FanOut
from subscriptions.live.registry import Feeds
from subscriptions.server import LiveServer, feeds_for
from subscriptions.tokens import TokenWatch


def domain_jobs(settings: Settings) -> list[Job]:
    return cafe_jobs(settings.cafe) + events_jobs(settings.events) + exchange_jobs()


@dataclass(eq=False)
class Runtime:
    shared: Shared
    hub: Hub
    schema: SamverkaSchema
    live: LiveServer
    jobs: Jobs
    reads: CompiledReads | None  # None: every query the ordinary way

    @property
    def settings(self) -> Settings:
        return self.shared.settings

    @property
    def db(self) -> Database:
        return self.shared.db

    @property
    def writes(self) -> UnitOfWork:
        return self.shared.writes

    @property
    def passwords(self) -> Passwords:
        return self.shared.passwords

    # the live layer's parts, by name (for health checks and tests)
    @property
    def feeds(self) -> Feeds:
        return self.live.feeds

    @property
    def fanout(self) -> FanOut:
        return self.live.fanout

    @property
    def tokens(self) -> TokenWatch:
        return self.live.tokens

    async def start(self) -> None:
        await self.hub.connect()
        await self.live.start()
        await self.jobs.start()

    async def stop(self) -> None:
        await self.jobs.stop()
        await self.live.stop()
        await self.hub.disconnect()
        await self.db.dispose()


def build_runtime(settings: Settings, parts: SchemaParts = DOMAINS) -> Runtime:
    db = Database(settings.database_url, lock_timeout=settings.database_lock_timeout_seconds)
    hub = Hub(settings.broadcast_url)
    feeds = feeds_for(settings, hub, db)
    writes = UnitOfWork(db, hub)
    shared = Shared(settings, db, writes, settings.accounts.passwords(), signals=feeds)
    schema = build_schema(settings, parts)
    live = LiveServer(shared, schema, hub, feeds)
    reads = CompiledReads(schema._schema, READS, settings, db) if settings.compiled_reads else None
    return Runtime(shared, hub, schema, live, Jobs(writes, domain_jobs(settings)), reads)
