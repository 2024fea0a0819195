"""Logging in, rate-limited per account and address, per account, and per address.

A wrong email and a wrong password get the same answer, and take as long. The attempt is
counted and committed before the password is checked, so parallel guesses are limited too;
the (slow, deliberate) argon2 check runs outside any transaction.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.services.accounts.attempts import (
    NOT_LOG_INS,
    clip_address,
    recent_attempts,
    record_attempt,
    serialise,
)
from app.services.accounts.passwords import Passwords
from app.services.accounts.registration import PASSWORD_MAX_LENGTH, SignedIn
from app.services.accounts.tokens import issue_token
from app.services.errors import ErrorCode, Problem
from app.services.lookup import text_is
from app.services.unit_of_work import UnitOfWork
from db.models import LoginAttempt, User


@dataclass(frozen=True)
class LoginLimits:
    window: timedelta
    max_failures_per_account_and_address: int
    max_failures_per_account: int
    max_failures_per_address: int
    max_sign_ups_per_address: int = 10


WRONG_CREDENTIALS = Problem(ErrorCode.INVALID_CREDENTIALS, "Wrong email or password.")


def account_key(email: str) -> str:
    """The account as stored in login attempts: a hash, so the table holds no email addresses."""
    # surrogatepass: a lone surrogate (JSON's "\\ud800") is an unknown account, not a crash
    return hashlib.sha256(email.strip().lower().encode(errors="surrogatepass")).hexdigest()


async def user_by_email(session: AsyncSession, email: str) -> User | None:
    """The account with that email, in any case; None for one no account can have."""
    return await session.scalar(select(User).where(text_is(User.email, email.strip().lower())))


def rate_limited(limits: LoginLimits) -> Problem:
    minutes = int(limits.window.total_seconds() // 60)
    return Problem(
        ErrorCode.RATE_LIMITED, f"Too many failed attempts. Try again in {minutes} minutes."
    )


async def log_in(
    writes: UnitOfWork,
    passwords: Passwords,
    limits: LoginLimits,
    *,
    email: str,
    password: str,
    address: str,
    token_ttl_days: int,
) -> SignedIn | Problem:
    key, address = account_key(email), clip_address(address)
    async with writes.transaction() as session:
        await serialise(session, f"login:{key}", f"login-address:{address}")
        if (
            await recent_attempts(session, LoginAttempt.address, address, limits.window, key=key)
            >= limits.max_failures_per_account_and_address
            or await recent_attempts(session, LoginAttempt.account_key, key, limits.window)
            >= limits.max_failures_per_account
            or await recent_attempts(
                session, LoginAttempt.address, address, limits.window, excluding=NOT_LOG_INS
            )
            >= limits.max_failures_per_address
        ):
            return rate_limited(limits)
        # counted as failed until the password proves right
        attempt = await record_attempt(session, key, address, succeeded=False, window=limits.window)
        attempt_id = attempt.id
        user = await user_by_email(session, email)
        stored_hash = user.password_hash if user is not None else None

    if len(password) > PASSWORD_MAX_LENGTH:  # no account has it; not worth hashing
        return WRONG_CREDENTIALS
    if not await passwords.verify(stored_hash, password) or user is None or stored_hash is None:
        return WRONG_CREDENTIALS
    new_hash = await passwords.hash(password) if passwords.needs_rehash(stored_hash) else None

    async with writes.transaction() as session:
        await session.execute(
            update(LoginAttempt).where(LoginAttempt.id == attempt_id).values(succeeded=True)
        )
        if new_hash is not None:
            await session.execute(
                update(User).where(User.id == user.id).values(password_hash=new_hash)
            )
        token = await issue_token(session, user.id, token_ttl_days)
    return SignedIn(user=user, token=token)
