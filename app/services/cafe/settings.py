"""The café domain's settings (environment variables `CAFE_…`)."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class CafeSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CAFE_", extra="ignore", frozen=True)

    # people who may join one session (the join code is shared widely; a script must not
    # fill a session without end)
    max_participants: int = Field(default=2000, ge=1)
    # a room of guests often shares one address (the venue's network), and a code is one of
    # 32^8: a few hundred wrong codes per address and window lock no room out and find none
    join_max_wrong_codes_per_address: int = Field(default=200, ge=1)
    # how often running rounds are checked for a timebox that ran out
    timekeeper_seconds: float = Field(default=1.0, gt=0)
