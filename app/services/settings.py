"""Typed settings, read from the environment and passed into `create_app`: the platform's
own, and each domain's (defined in its folder, `app/services/<domain>/settings.py`)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from app.services.accounts.settings import AccountSettings
from app.services.cafe.settings import CafeSettings
from app.services.events.settings import EventSettings


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="", extra="ignore", frozen=True)

    database_url: str = "sqlite+aiosqlite:///./samverka.db"
    broadcast_url: str = "memory://"
    port: int = 8000
    environment: Literal["development", "production"] = "development"
    # how long a write waits for a lock held by another write before it answers BUSY
    database_lock_timeout_seconds: float = Field(default=30.0, gt=0)

    # GraphQL protection
    max_query_depth: int = Field(default=12, ge=2)
    max_aliases: int = Field(default=30, ge=1)
    max_tokens: int = Field(default=3000, ge=100)
    max_body_bytes: int = Field(default=256 * 1024, ge=1024)
    max_page_size: int = Field(default=100, ge=1)
    max_result_items: int = Field(default=50_000, ge=1)  # pages × nested pages, estimated
    # answer the queries the domains declare compiled reads for without graphql-core's
    # per-field execution (schema/compiled/); off: every query the ordinary way
    compiled_reads: bool = True

    # WebSocket
    ws_connection_init_timeout_seconds: float = Field(default=5.0, gt=0)
    # messages waiting for one socket; a subscriber that falls further behind is told to resync
    ws_outgoing_queue: int = Field(default=256, ge=8)
    # how often sockets' tokens are checked for expiry and for revocations the broadcast missed
    ws_token_check_seconds: float = Field(default=60.0, gt=0)

    # The live layer (subscriptions/)
    # render each event once per distinct subscription and send the same bytes to all of it
    # (off: once per subscriber, as plain Strawberry does; kept for comparison in bench/)
    live_shared_rendering: bool = True
    # how long a feed waits for the broadcast before reading the log anyway; while the
    # broadcast is down, sockets' tokens are checked as often
    live_feed_poll_seconds: float = Field(default=2.0, gt=0)
    live_presence_heartbeat_seconds: float = Field(default=10.0, gt=0)

    # each domain's own settings
    accounts: AccountSettings = Field(default_factory=AccountSettings)
    cafe: CafeSettings = Field(default_factory=CafeSettings)
    events: EventSettings = Field(default_factory=EventSettings)

    # freeze the start-up heap and space out full GC collections once the app has started
    # (app/gc_tuning.py); off in the test suite, which starts many apps in one process
    gc_tuning: bool = True

    # CORS: client apps (city website, mobile app, kiosk) on other origins
    cors_allow_origins: list[str] = Field(default_factory=lambda: ["*"])

    @property
    def is_production(self) -> bool:
        return self.environment == "production"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")
