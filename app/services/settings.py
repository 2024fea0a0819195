"""Typed settings, read from the environment and passed into `create_app`."""

from __future__ import annotations

from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


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

    # Accounts
    token_ttl_days: int = Field(default=30, ge=1)
    login_window_minutes: int = Field(default=15, ge=1)
    # one address guessing one account; the account from anywhere (a stranger alone cannot
    # lock its owner out, many addresses together are still stopped); one address, any account
    login_max_failures_per_account_and_address: int = Field(default=5, ge=1)
    login_max_failures_per_account: int = Field(default=50, ge=1)
    login_max_failures_per_address: int = Field(default=30, ge=1)
    sign_ups_per_address: int = Field(default=10, ge=1)
    # a room of guests often shares one address (the venue's network), and a code is one of
    # 32^8: a few hundred wrong codes per address and window lock no room out and find none
    cafe_join_max_wrong_codes_per_address: int = Field(default=200, ge=1)
    # argon2id cost; lowered only by the test suite
    password_time_cost: int = Field(default=3, ge=1)
    password_memory_kib: int = Field(default=64 * 1024, ge=8)

    # WebSocket
    ws_connection_init_timeout_seconds: float = Field(default=5.0, gt=0)
    # messages waiting for one socket; a subscriber that falls further behind is told to resync
    ws_outgoing_queue: int = Field(default=256, ge=8)
    # how often sockets' tokens are checked for expiry and for revocations the broadcast missed
    ws_token_check_seconds: float = Field(default=60.0, gt=0)

    # Live cafés
    # render each event once per distinct subscription and send the same bytes to all of it
    # (off: once per subscriber, as plain Strawberry does; kept for comparison in bench/)
    cafe_shared_rendering: bool = True
    # how long a session's feed waits for the broadcast before reading the log anyway
    cafe_feed_poll_seconds: float = Field(default=2.0, gt=0)
    cafe_presence_heartbeat_seconds: float = Field(default=10.0, gt=0)
    cafe_timekeeper_seconds: float = Field(default=1.0, gt=0)
    # people who may join one session (the join code is shared widely; a script must not
    # fill a session without end)
    cafe_max_participants: int = Field(default=2000, ge=1)

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
