"""Where a host sits: facilitators and the organiser write (and type) at tables without
joining; the first time they do, they get a seat there, which is not announced and not listed
among the participants (a host is no participant), and which does not vote."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy.ext.asyncio import AsyncSession

from app.services.cafe.access import Access, access_to, participant_of
from app.services.cafe.vocabulary import SessionStatus
from app.services.clock import now
from app.services.errors import forbidden
from app.services.viewer import Viewer
from db.models import CafeParticipant, User


async def writer_seat(
    session: AsyncSession, viewer: Viewer, access: Access, table_id: int
) -> CafeParticipant:
    """The participant writing: the viewer's own row, made for a host who writes without one."""
    if access.participant is not None:
        return access.participant
    if viewer.user_id is None:
        raise forbidden("Join the session first.")
    participant = await participant_of(session, viewer, access.cafe.id)  # one who left
    if participant is None:
        user = await session.get(User, viewer.user_id)
        assert user is not None
        participant = CafeParticipant(
            session_id=access.cafe.id,
            user_id=user.id,
            display_name=user.display_name,
            joined_at=now(),
        )
    # (back) in the room because they write as a host: they sit where they host, for as long
    # as they do
    participant.seated_by_hosting = True
    participant.left_at = None
    participant.table_id = table_id
    session.add(participant)
    await session.flush()
    # not announced: a host is no participant (nor listed as one), and an anonymous session
    # would give its notes away by a join told just before the host's first note
    return participant


async def seat_following_host(
    session: AsyncSession, viewer: Viewer, session_id: int
) -> Access | None:
    """A facilitator who follows a session before writing sits at (the first of) the tables
    they host, as writing there would seat them, so that presence shows them there. Their
    access with the seat, or None if no seat was made."""
    access = await access_to(session, viewer, session_id, lock=True)
    if (
        access.participant is not None
        or not access.hosted_tables
        or access.status is SessionStatus.CLOSED
    ):
        return None
    seat = await writer_seat(session, viewer, access, min(access.hosted_tables))
    return replace(access, participant=seat)
