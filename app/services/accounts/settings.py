"""The accounts domain's settings: tokens, log-in limits and password hashing."""

from __future__ import annotations

from datetime import timedelta

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from app.services.accounts.login import LoginLimits
from app.services.accounts.passwords import Passwords


class AccountSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="", extra="ignore", frozen=True)

    token_ttl_days: int = Field(default=30, ge=1)
    login_window_minutes: int = Field(default=15, ge=1)
    # one address guessing one account; the account from anywhere (a stranger alone cannot
    # lock its owner out, many addresses together are still stopped); one address, any account
    login_max_failures_per_account_and_address: int = Field(default=5, ge=1)
    login_max_failures_per_account: int = Field(default=50, ge=1)
    login_max_failures_per_address: int = Field(default=30, ge=1)
    sign_ups_per_address: int = Field(default=10, ge=1)
    # argon2id cost; lowered only by the test suite
    password_time_cost: int = Field(default=3, ge=1)
    password_memory_kib: int = Field(default=64 * 1024, ge=8)

    @property
    def login_limits(self) -> LoginLimits:
        return LoginLimits(
            window=timedelta(minutes=self.login_window_minutes),
            max_failures_per_account_and_address=self.login_max_failures_per_account_and_address,
            max_failures_per_account=self.login_max_failures_per_account,
            max_failures_per_address=self.login_max_failures_per_address,
            max_sign_ups_per_address=self.sign_ups_per_address,
        )

    def passwords(self) -> Passwords:
        return Passwords(self.password_time_cost, self.password_memory_kib)
