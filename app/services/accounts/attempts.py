"""Counting attempts (log-ins, sign-ups, café join codes) per key and per address, for rate
limits. Checking and recording happen under a lock per key, so attempts sent in parallel are
counted like attempts sent one after another."""

from __future__ import annotations

import hashlib
import ipaddress
from collections.abc import Sequence
from datetime import timedelta

from sqlalchemy import delete, func, select, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from app.services.clock import now
from db.models import LoginAttempt

ADDRESS_MAX = 64

# attempts of other kinds than logging in, each counted under a key of its own
SIGN_UP_KEY = hashlib.sha256(b"sign-up").hexdigest()
JOIN_CODE_KEY = hashlib.sha256(b"cafe-join-code").hexdigest()
NOT_LOG_INS = (SIGN_UP_KEY, JOIN_CODE_KEY)


def clip_address(address: str) -> str:
    """The address that limits count by: an IPv6 address stands for its /64 network (one
    household or host gets a whole /64 and could pick a fresh address for every attempt), an
    IPv4-mapped one for its IPv4 address."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address[:ADDRESS_MAX]
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((ip, 64), strict=False))
    return str(ip)


async def serialise(session: AsyncSession, *keys: str) -> None:
    """Take a transaction-long lock per key (PostgreSQL); SQLite's writers are serial anyway."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for key in sorted(set(keys)):
        await session.execute(
            text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"), {"key": key}
        )


async def recent_attempts(
    session: AsyncSession,
    column: InstrumentedAttribute[str],
    value: str,
    window: timedelta,
    *,
    failed_only: bool = True,
    key: str | None = None,
    excluding: Sequence[str] = (),
) -> int:
    if column is LoginAttempt.address:
        value = clip_address(value)  # as record_attempt stored it
    stmt = (
        select(func.count())
        .select_from(LoginAttempt)
        .where(column == value, LoginAttempt.created_at > now() - window)
    )
    if failed_only:
        stmt = stmt.where(LoginAttempt.succeeded.is_(False))
    if key is not None:
        stmt = stmt.where(LoginAttempt.account_key == key)
    if excluding:
        stmt = stmt.where(LoginAttempt.account_key.not_in(excluding))
    return await session.scalar(stmt) or 0


async def record_attempt(
    session: AsyncSession, key: str, address: str, *, succeeded: bool, window: timedelta
) -> LoginAttempt:
    """Note an attempt, and forget this key's and address's attempts older than the window."""
    address = clip_address(address)
    await session.execute(
        delete(LoginAttempt).where(
            (LoginAttempt.account_key == key) | (LoginAttempt.address == address),
            LoginAttempt.created_at <= now() - window,
        )
    )
    attempt = LoginAttempt(account_key=key, address=address, succeeded=succeeded, created_at=now())
    session.add(attempt)
    await session.flush()
    return attempt
