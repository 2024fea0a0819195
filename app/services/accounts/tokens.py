"""Issuing and revoking bearer tokens."""

from __future__ import annotations

from collections.abc import Collection
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.services.clock import now
from app.services.errors import unauthenticated
from app.services.outbox import publish_after_commit
from app.services.viewer import Viewer, hash_token, new_token
from db.models import AuthToken

# where a revocation is announced, so that every process closes the sockets using the token
REVOKED_CHANNEL = "auth.tokens.revoked"


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
    publish_after_commit(session, REVOKED_CHANNEL, str(token_id))


async def valid_token_ids(session: AsyncSession, token_ids: Collection[int]) -> set[int]:
    """Those of `token_ids` that are neither revoked nor expired."""
    if not token_ids:
        return set()
    rows = await session.scalars(
        select(AuthToken.id).where(
            AuthToken.id.in_(list(token_ids)),
            AuthToken.revoked_at.is_(None),
            AuthToken.expires_at > now(),
        )
    )
    return set(rows.all())


async def log_out(session: AsyncSession, viewer: Viewer) -> bool:
    """Revoke the token the viewer is using."""
    if viewer.token_id is None:
        raise unauthenticated()
    await revoke_token(session, viewer.token_id)
    return True
