"""Signing up: checked and rate-limited per address; the password hashed outside any transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.services.accounts.attempts import (
    SIGN_UP_KEY,
    clip_address,
    recent_attempts,
    record_attempt,
    serialise,
)
from app.services.accounts.tokens import issue_token
from app.services.clock import now
from app.services.errors import DomainError, ErrorCode, Problem, Problems, fail
from app.services.validation import clean_email, clean_text
from db.models import LoginAttempt, User

PASSWORD_MIN_LENGTH = 10
PASSWORD_MAX_LENGTH = 256


@dataclass(frozen=True)
class SignedIn:
    user: User
    token: str


@dataclass(frozen=True)
class NewAccount:
    email: str
    display_name: str


def check_password(problems: Problems, password: str) -> None:
    if len(password) < PASSWORD_MIN_LENGTH:
        problems.add(
            ErrorCode.INVALID, f"Use at least {PASSWORD_MIN_LENGTH} characters.", "password"
        )
    elif len(password) > PASSWORD_MAX_LENGTH:
        problems.add(ErrorCode.TOO_LONG, f"At most {PASSWORD_MAX_LENGTH} characters.", "password")


def check_sign_up(email: str, password: str, display_name: str) -> NewAccount:
    """Every problem with the form at once, before anything is hashed or stored."""
    problems = Problems()
    clean = clean_email(problems, "email", email, required=True)
    name = clean_text(problems, "display_name", display_name, max_length=80, required=True)
    check_password(problems, password)
    problems.raise_if_any()
    assert clean is not None
    assert name is not None
    return NewAccount(email=clean, display_name=name)


EMAIL_TAKEN = Problem(ErrorCode.DUPLICATE, "An account with that email already exists.", "email")


def _email_taken() -> DomainError:
    return DomainError(EMAIL_TAKEN)


TOO_MANY_SIGN_UPS = "Too many sign-ups from here. Try again later."


async def sign_ups_from(session: AsyncSession, address: str, window: timedelta) -> int:
    """Sign-ups tried from the address within the window, whether they made an account or
    found the email taken."""
    return await recent_attempts(
        session, LoginAttempt.address, address, window, failed_only=False,
        key=SIGN_UP_KEY,
    )  # fmt: skip


async def sign_up(
    session: AsyncSession,
    account: NewAccount,
    password_hash: str,
    *,
    address: str,
    window: timedelta,
    max_per_address: int,
    token_ttl_days: int,
) -> SignedIn | Problem:
    """A new account and its token. A taken email is answered, not raised: the attempt it
    stores must be committed, so that asking which emails have accounts is limited too."""
    address = clip_address(address)
    await serialise(session, f"sign-up:{address}")
    if await sign_ups_from(session, address, window) >= max_per_address:
        raise fail(ErrorCode.RATE_LIMITED, TOO_MANY_SIGN_UPS)
    if await session.scalar(select(User.id).where(User.email == account.email)) is not None:
        await record_attempt(session, SIGN_UP_KEY, address, succeeded=False, window=window)
        return EMAIL_TAKEN
    user = User(
        email=account.email,
        display_name=account.display_name,
        password_hash=password_hash,
        is_coordinator=False,
        created_at=now(),
    )
    session.add(user)
    try:
        await session.flush()
    except IntegrityError:  # someone signed up with the same email a moment ago
        raise _email_taken() from None
    await record_attempt(session, SIGN_UP_KEY, address, succeeded=True, window=window)
    return SignedIn(user=user, token=await issue_token(session, user.id, token_ttl_days))
