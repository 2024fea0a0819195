"""Who may do what in a café session.

Any logged-in user may create a session and is its organiser; the organiser (and the city's
coordinator) controls it and may do everything a facilitator does, at any table. Facilitators
write at the tables they host and cluster notes. Participants add notes and vote at the table
they sit at. A closed public session is readable by anyone; otherwise a session is readable
by the people in it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from sqlalchemy import ColumnElement, and_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from app.services.cafe.vocabulary import CafeRole, SessionStatus
from app.services.errors import ErrorCode, fail, forbidden, not_found
from app.services.viewer import Viewer
from db.models import CafeFacilitator, CafeParticipant, CafeSession, CafeTable

# who counts as a participant, in queries: a host's seat (made for following, writing or
# typing at a table they host) is no joining; and who sits in the room now
JOINED = CafeParticipant.seated_by_hosting.is_(False)
SEATED = and_(JOINED, CafeParticipant.left_at.is_(None))
HOSTS_SEAT = and_(CafeParticipant.seated_by_hosting.is_(True), CafeParticipant.left_at.is_(None))


@dataclass(frozen=True)
class Access:
    cafe: CafeSession
    role: CafeRole
    participant: CafeParticipant | None  # present (not left) in the room
    hosted_tables: frozenset[int]

    @property
    def status(self) -> SessionStatus:
        return SessionStatus(self.cafe.status)

    @property
    def in_the_room(self) -> bool:
        """One of the session's people (organiser, facilitator, participant): who is who is
        shown to them, not to readers of a public session."""
        return self.role is not CafeRole.NONE

    @property
    def can_read(self) -> bool:
        return self.in_the_room or (self.cafe.is_public and self.status is SessionStatus.CLOSED)

    @property
    def can_control(self) -> bool:
        return self.role is CafeRole.ORGANISER

    @property
    def can_facilitate(self) -> bool:
        """Cluster notes and edit anyone's: the organiser and the facilitators."""
        return self.role in (CafeRole.ORGANISER, CafeRole.FACILITATOR)

    def can_write_at(self, table_id: int) -> bool:
        """Hosts write where they host; a host's seat gives no right of its own."""
        if self.can_control or table_id in self.hosted_tables:
            return True
        return self.joined is not None and self.joined.table_id == table_id

    def may_write_at(self, table_id: int) -> bool:
        """Add notes at the table now (once a round has started)."""
        return self.status is SessionStatus.LIVE and self.can_write_at(table_id)

    @property
    def joined(self) -> CafeParticipant | None:
        """The viewer as a participant, if they joined: not a host's seat (made for writing,
        typing or following), which neither votes nor gives a place in the room."""
        present = self.participant
        return present if present is not None and not present.seated_by_hosting else None

    def may_vote_at(self, table_id: int) -> bool:
        """Put dots on the table's notes now: participants, at the table they sit at."""
        seated = self.joined is not None and self.joined.table_id == table_id
        return self.status is SessionStatus.LIVE and seated

    @property
    def may_cluster(self) -> bool:
        return self.can_facilitate and self.status in (SessionStatus.LIVE, SessionStatus.CLOSED)

    def can_moderate_at(self, table_id: int) -> bool:
        """Edit or delete others' notes at a table."""
        return self.can_control or table_id in self.hosted_tables

    def note_change_statuses(self, table_id: int, author_id: int) -> tuple[SessionStatus, ...]:
        """When the viewer may edit or delete a note: its table's moderators while the session
        is live or closed, its author while it is live; never for anyone else."""
        if self.can_moderate_at(table_id):
            return (SessionStatus.LIVE, SessionStatus.CLOSED)
        if self.participant is not None and self.participant.id == author_id:
            return (SessionStatus.LIVE,)
        return ()

    def may_change_note(self, table_id: int, author_id: int) -> bool:
        return self.status in self.note_change_statuses(table_id, author_id)

    def require_read(self) -> None:
        if not self.can_read:
            raise not_found("café session", "session_id")

    def require_control(self) -> None:
        self.require_read()
        if not self.can_control:
            raise forbidden("Only the session's organiser and the city's coordinator can do that.")

    def require_status(self, *allowed: SessionStatus) -> None:
        if self.status not in allowed:
            raise fail(
                ErrorCode.CONFLICT,
                f"The session is {self.status.lower()}; that needs it "
                + " or ".join(s.lower() for s in allowed)
                + ".",
            )


async def participant_of(
    session: AsyncSession, viewer: Viewer, session_id: int
) -> CafeParticipant | None:
    """The viewer's participant row in the session, whether or not they have left."""
    if viewer.guest is not None:
        if viewer.guest.session_id != session_id:
            return None
        return await session.get(CafeParticipant, viewer.guest.participant_id)
    if viewer.user_id is None:
        return None
    return await session.scalar(
        select(CafeParticipant).where(
            CafeParticipant.session_id == session_id, CafeParticipant.user_id == viewer.user_id
        )
    )


async def access_to(
    session: AsyncSession, viewer: Viewer, session_id: int, *, lock: bool = False
) -> Access:
    """The viewer's access to a session; NOT_FOUND if there is no such session.

    Writers pass `lock=True`: the session row is locked first in every café change, which
    serialises the session's writers and keeps its event sequence in commit order.
    """
    access = (await accesses_to(session, viewer, [session_id], lock=lock)).get(session_id)
    if access is None:
        raise not_found("café session", "session_id")
    return access


def _among(column: InstrumentedAttribute[int], ids: Sequence[int]) -> ColumnElement[bool]:
    """`column IN ids`, or `column = id` for one: almost every check is of one session, and
    SQLAlchemy's `in_()` leaves a reference cycle behind (a cloned bind parameter keeps itself
    in its `_cloned_set`) for the garbage collector, which a serving process runs rarely."""
    if len(ids) == 1:
        return column == ids[0]
    return column.in_(list(ids))


async def accesses_to(
    session: AsyncSession, viewer: Viewer, session_ids: Sequence[int], *, lock: bool = False
) -> dict[int, Access]:
    """The viewer's access to each of the sessions that exist, in three statements at most."""
    stmt = select(CafeSession).where(_among(CafeSession.id, session_ids))
    if lock:
        stmt = stmt.with_for_update()
    cafes = {cafe.id: cafe for cafe in (await session.scalars(stmt)).all()}
    if not cafes:
        return {}
    ids = list(cafes)
    hosted: dict[int, set[int]] = defaultdict(set)
    if viewer.user_id is not None:
        rows = await session.execute(
            select(CafeTable.session_id, CafeFacilitator.table_id)
            .join(CafeFacilitator, CafeFacilitator.table_id == CafeTable.id)
            .where(_among(CafeTable.session_id, ids), CafeFacilitator.user_id == viewer.user_id)
        )
        for session_id, table_id in rows:
            hosted[session_id].add(table_id)
    participants: dict[int, CafeParticipant] = {}
    if viewer.user_id is not None or viewer.guest is not None:
        who = (
            CafeParticipant.user_id == viewer.user_id
            if viewer.guest is None
            else CafeParticipant.id == viewer.guest.participant_id
        )
        found = await session.scalars(
            select(CafeParticipant).where(_among(CafeParticipant.session_id, ids), who)
        )
        participants = {participant.session_id: participant for participant in found.all()}
    return {
        session_id: access_from(
            viewer, cafe, frozenset(hosted[session_id]), participants.get(session_id)
        )
        for session_id, cafe in cafes.items()
    }


class _InSession(Protocol):
    id: int
    session_id: int


Row = TypeVar("Row", bound=_InSession)


async def row_under_lock(
    session: AsyncSession,
    viewer: Viewer,
    model: type[Row],
    row_id: int,
    what: str,
    field: str | None = "id",
) -> tuple[Access, Row]:
    """A row of a café session, with the viewer's access, read again once the session is
    locked: a change that committed while this one waited is seen, and a row removed
    meanwhile is not found."""
    row = await session.get(model, row_id)
    if row is None:
        raise not_found(what, field)
    access = await access_to(session, viewer, row.session_id, lock=True)
    again = await session.get(model, row_id, populate_existing=True)
    if again is None:
        raise not_found(what, field)
    return access, again


async def row_in_session(
    session: AsyncSession, model: type[Row], row_id: int, session_id: int, what: str, field: str
) -> Row:
    """A row that must belong to the session: NOT_FOUND on `field` if it is another's or none."""
    row = await session.get(model, row_id)
    if row is None or row.session_id != session_id:
        raise not_found(what, field)
    return row


def access_from(
    viewer: Viewer, cafe: CafeSession, hosted: frozenset[int], participant: CafeParticipant | None
) -> Access:
    """The viewer's access, from what was read about them in the session."""
    present = participant if participant is not None and participant.left_at is None else None
    if viewer.is_coordinator or (
        viewer.user_id is not None and viewer.user_id == cafe.organiser_id
    ):
        role = CafeRole.ORGANISER
    elif hosted:
        role = CafeRole.FACILITATOR
    elif present is not None and not present.seated_by_hosting:  # a host's seat is no joining
        role = CafeRole.PARTICIPANT
    else:
        role = CafeRole.NONE
    return Access(cafe=cafe, role=role, participant=present, hosted_tables=hosted)
