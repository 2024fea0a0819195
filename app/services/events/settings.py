"""The calendar's settings (environment variables `EVENTS_…`)."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class EventSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="EVENTS_", extra="ignore", frozen=True)

    # a resident's name and email (registered without an account) are kept this long after
    # the event ends, then removed
    guest_data_days: int = Field(default=30, ge=0)
    scrub_every_seconds: float = Field(default=3600.0, gt=0)
