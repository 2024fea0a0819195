"""Finding café sessions: only those the viewer may read, newest first."""

from __future__ import annotations

from sqlalchemy import ColumnElement, Select, and_, exists, false, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.services.cafe.vocabulary import SessionStatus
from app.services.pagination import Page, PageRequest, count, paginate
from app.services.viewer import Viewer
from db.models import CafeFacilitator, CafeParticipant, CafeSession, CafeTable

ORDER = (CafeSession.starts_at, CafeSession.id)


def readable(viewer: Viewer, status: SessionStatus | None = None) -> Select[CafeSession]:
    stmt = select(CafeSession)
    if status is not None:
        stmt = stmt.where(CafeSession.status == status)
    if viewer.is_coordinator:
        return stmt
    published = and_(CafeSession.is_public, CafeSession.status == SessionStatus.CLOSED)
    mine: ColumnElement[bool] = false()
    if viewer.user_id is not None:
        mine = or_(
            CafeSession.organiser_id == viewer.user_id,
            exists().where(
                CafeTable.session_id == CafeSession.id,
                CafeFacilitator.table_id == CafeTable.id,
                CafeFacilitator.user_id == viewer.user_id,
            ),
            exists().where(
                CafeParticipant.session_id == CafeSession.id,
                CafeParticipant.user_id == viewer.user_id,
                CafeParticipant.left_at.is_(None),
            ),
        )
    elif viewer.guest is not None:
        mine = exists().where(
            CafeParticipant.session_id == CafeSession.id,
            CafeParticipant.id == viewer.guest.participant_id,
            CafeParticipant.left_at.is_(None),
        )
    return stmt.where(or_(published, mine))


async def find_sessions(
    session: AsyncSession,
    viewer: Viewer,
    status: SessionStatus | None,
    request: PageRequest,
    max_size: int,
) -> Page[CafeSession]:
    return await paginate(
        session, readable(viewer, status), ORDER, request, max_size=max_size, descending=True
    )


async def count_sessions(
    session: AsyncSession, viewer: Viewer, status: SessionStatus | None
) -> int:
    return await count(session, readable(viewer, status))
