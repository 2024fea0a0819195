"""Who is asking: the viewer behind a bearer token, and what they may do in general."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import event, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session, UOWTransaction

from app.services.accounts.roles import MembershipRole
from app.services.clock import now
from app.services.errors import ErrorCode, fail, unauthenticated
from db.models import AuthToken, CafeParticipant, Membership, User
from db.session import Database

TOKEN_PREFIX = "svk_"  # noqa: S105  (a prefix, not a secret)


@dataclass(frozen=True)
class Guest:
    """Someone let in with a code instead of an account, for one gathering only: a café's
    guest (the café issues guest tokens; see app/services/cafe/sessions.py)."""

    participant_id: int
    session_id: int


@dataclass(frozen=True)
class Viewer:
    user_id: int | None = None
    token_id: int | None = None
    is_coordinator: bool = False
    # association id -> the viewer's role there
    roles: Mapping[int, MembershipRole] = field(default_factory=dict)
    guest: Guest | None = None  # without an account

    @property
    def is_authenticated(self) -> bool:
        """Logged in with an account (a café guest is not)."""
        return self.user_id is not None

    @property
    def is_guest(self) -> bool:
        return self.guest is not None

    def require_account(self) -> int:
        """The logged-in user's id; UNAUTHENTICATED for anyone without an account (a café
        guest is told that a guest may not do it)."""
        if self.user_id is not None:
            return self.user_id
        if self.guest is not None:
            raise fail(
                ErrorCode.UNAUTHENTICATED,
                "A café guest may not do that: log in with an account.",
            )
        raise unauthenticated()

    def role_in(self, association_id: int) -> MembershipRole | None:
        return self.roles.get(association_id)

    def is_admin_of(self, association_id: int) -> bool:
        return self.roles.get(association_id) is MembershipRole.ADMIN

    def can_manage_association(self, association_id: int) -> bool:
        return self.is_coordinator or self.is_admin_of(association_id)


ANONYMOUS = Viewer()


class InvalidToken(Exception):
    """The bearer token is unknown, expired or revoked, or not sent as a bearer token; the
    message says which, safely."""

    def __init__(
        self, message: str = "The token is invalid, expired or revoked; log in again."
    ) -> None:
        super().__init__(message)
        self.message = message


NOT_BEARER = "Send the token as `Authorization: Bearer <token>`."


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    # a lone surrogate (JSON's "\\ud800", say in a WebSocket payload) hashes to no token's hash
    return hashlib.sha256(token.encode(errors="surrogatepass")).hexdigest()


def bearer_token(authorization: str | None) -> str | None:
    """The token in an `Authorization: Bearer <token>` value, or None if there is none."""
    if not authorization:
        return None
    scheme, _, token = authorization.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise InvalidToken(NOT_BEARER)
    return token.strip()


async def load_viewer(session: AsyncSession, token: str | None, now: datetime) -> Viewer:
    """The viewer for a token; anonymous without one; `InvalidToken` for a bad one."""
    if token is None:
        return ANONYMOUS
    # the token, its user or guest, and the user's roles: one row per membership (or one)
    rows = (
        await session.execute(
            select(
                AuthToken.id,
                User.id,
                User.is_coordinator,
                CafeParticipant.id,
                CafeParticipant.session_id,
                Membership.association_id,
                Membership.role,
            )
            .outerjoin(User, User.id == AuthToken.user_id)
            .outerjoin(CafeParticipant, CafeParticipant.id == AuthToken.participant_id)
            .outerjoin(Membership, Membership.user_id == User.id)
            .where(
                AuthToken.token_hash == hash_token(token),
                AuthToken.revoked_at.is_(None),
                AuthToken.expires_at > now,
            )
        )
    ).all()
    if not rows:
        raise InvalidToken
    token_id, user_id, is_coordinator, participant_id, cafe_session_id, _, _ = rows[0]
    if user_id is None:
        if participant_id is None:
            raise InvalidToken
        return Viewer(token_id=token_id, guest=Guest(participant_id, cafe_session_id))
    return Viewer(
        user_id=user_id,
        token_id=token_id,
        is_coordinator=is_coordinator,
        roles={
            association_id: MembershipRole(role)
            for *_, association_id, role in rows
            if association_id is not None
        },
    )


async def authenticate(db: Database, authorization: str | None) -> Viewer:
    """The viewer behind an `Authorization` value: anonymous without one (nothing is read);
    `InvalidToken` for a malformed, unknown, expired or revoked token."""
    token = bearer_token(authorization)
    if token is None:
        return ANONYMOUS
    async with db.read() as session:
        return await load_viewer(session, token, now())


async def roles_of(session: AsyncSession, user_id: int) -> dict[int, MembershipRole]:
    rows = await session.execute(
        select(Membership.association_id, Membership.role).where(Membership.user_id == user_id)
    )
    return {association_id: MembershipRole(role) for association_id, role in rows}


_ROLES_CHANGED = "samverka.roles_changed"


@event.listens_for(Session, "before_flush")
def _note_membership_changes(session: Session, _: UOWTransaction, __: object) -> None:
    changed = (*session.new, *session.dirty, *session.deleted)
    if any(isinstance(row, Membership) for row in changed):
        session.info[_ROLES_CHANGED] = True


def roles_may_have_changed(session: AsyncSession) -> bool:
    """Whether the transaction wrote a membership, so that roles read before it may be stale."""
    return bool(session.info.get(_ROLES_CHANGED))
