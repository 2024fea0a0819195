"""Issuing and revoking bearer tokens."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth import hash_token, new_token
from app.clock import now
from db.models import AuthToken


async def issue_token(
    session: AsyncSession,
    user_id: int | None,
    ttl_days: int,
    *,
    participant_id: int | None = None,
) -> str:
    """Store a new token's hash and return the token; it is shown only this once.

    A token belongs to a user, or (for a café guest) to a participant.
    """
    token = new_token()
    issued = now()
    session.add(
        AuthToken(
            token_hash=hash_token(token),
            user_id=user_id,
            participant_id=participant_id,
            created_at=issued,
            expires_at=issued + timedelta(days=ttl_days),
        )
    )
    await session.flush()
    return token


async def revoke_token(session: AsyncSession, token_id: int) -> None:
    await session.execute(
        update(AuthToken)
        .where(AuthToken.id == token_id, AuthToken.revoked_at.is_(None))
        .values(revoked_at=now())
    )
