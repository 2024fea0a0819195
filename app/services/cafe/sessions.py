"""Café sessions: creating, updating and closing them; joining, moving between tables, leaving."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.services.accounts.attempts import (
    JOIN_CODE_KEY,
    clip_address,
    recent_attempts,
    record_attempt,
    serialise,
)
from app.services.accounts.login import LoginLimits
from app.services.accounts.tokens import issue_token
from app.services.cafe.access import Access, access_to, participant_of, row_in_session
from app.services.cafe.events import (
    ParticipantChanged,
    ParticipantSnapshot,
    SessionChanged,
    SessionSnapshot,
    record,
)
from app.services.cafe.fields import NAME_MAX, SessionFields, clean_name, clean_session_fields
from app.services.cafe.limits import MAX_ASSOCIATIONS
from app.services.cafe.rounds import end_running_round
from app.services.cafe.settings import CafeSettings
from app.services.cafe.vocabulary import EventKind, SessionStatus
from app.services.clock import now
from app.services.errors import ErrorCode, Problem, fail, forbidden
from app.services.keep import KEEP
from app.services.lookup import text_is
from app.services.viewer import Viewer
from db.models import (
    Association,
    CafeNote,
    CafeParticipant,
    CafeSession,
    CafeSessionAssociation,
    CafeTable,
    LoginAttempt,
    User,
)

JOIN_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread
JOIN_CODE_LENGTH = 8
DEFAULT_VOTE_BUDGET = 3
# failed join codes are counted per address under this key (the code itself varies)
WRONG_JOIN_CODE = Problem(ErrorCode.NOT_FOUND, "No session has that join code.", "join_code")


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def normalise_join_code(code: str) -> str:
    return "".join(code.split()).replace("-", "").upper()


async def _set_associations(
    session: AsyncSession, session_id: int, association_ids: list[int]
) -> None:
    wanted = set(association_ids)
    if len(wanted) > MAX_ASSOCIATIONS:
        raise fail(
            ErrorCode.INVALID, f"At most {MAX_ASSOCIATIONS} associations.", "association_ids"
        )
    found = set(
        (await session.scalars(select(Association.id).where(Association.id.in_(wanted)))).all()
    )
    if found != wanted:
        raise fail(ErrorCode.NOT_FOUND, "No association with one of those ids.", "association_ids")
    await session.execute(
        delete(CafeSessionAssociation).where(CafeSessionAssociation.session_id == session_id)
    )
    session.add_all(CafeSessionAssociation(session_id=session_id, association_id=a) for a in wanted)


async def create_session(
    session: AsyncSession, viewer: Viewer, fields: SessionFields
) -> CafeSession:
    """Any logged-in user may run a café; they become its organiser."""
    organiser = viewer.require_account()
    values = clean_session_fields(fields, creating=True)
    cafe = CafeSession(
        organiser_id=organiser,
        status=SessionStatus.DRAFT,
        description="",
        place="",
        ends_at=None,
        is_public=False,
        anonymous_notes=False,
        vote_budget=DEFAULT_VOTE_BUDGET,
        join_code=new_join_code(),
        created_at=now(),
    )
    for attribute, value in values.items():
        setattr(cafe, attribute, value)
    session.add(cafe)
    await session.flush()
    if fields.association_ids is not KEEP:
        await _set_associations(session, cafe.id, list(fields.association_ids))
    return cafe


async def update_session(
    session: AsyncSession, viewer: Viewer, session_id: int, fields: SessionFields
) -> CafeSession:
    viewer.require_account()
    access = await access_to(session, viewer, session_id, lock=True)
    access.require_control()
    values = clean_session_fields(fields, creating=False)
    cafe = access.cafe
    if cafe.anonymous_notes and values.get("anonymous_notes") is False:
        await _keep_anonymity(session, session_id)
    for attribute, value in values.items():
        setattr(cafe, attribute, value)
    changes_times = "starts_at" in values or "ends_at" in values
    if changes_times and cafe.ends_at is not None and cafe.ends_at <= cafe.starts_at:
        raise fail(ErrorCode.INVALID, "The session must end after it starts.", "ends_at")
    if fields.association_ids is not KEEP:
        await _set_associations(session, session_id, list(fields.association_ids))
    await record(
        session,
        session_id,
        EventKind.SESSION_UPDATED,
        SessionChanged(session=SessionSnapshot.of(cafe)),
    )
    return cafe


async def _keep_anonymity(session: AsyncSession, session_id: int) -> None:
    """Notes written as anonymous stay so: authors are shown only if none were written."""
    written = await session.scalar(
        select(CafeNote.id).where(CafeNote.session_id == session_id).limit(1)
    )
    if written is not None:
        raise fail(
            ErrorCode.CONFLICT,
            "Notes have been written anonymously in this session; their authors stay hidden.",
            "anonymous_notes",
        )


async def close_session(session: AsyncSession, viewer: Viewer, session_id: int) -> CafeSession:
    viewer.require_account()
    access = await access_to(session, viewer, session_id, lock=True)
    access.require_control()
    access.require_status(SessionStatus.DRAFT, SessionStatus.LIVE)
    await end_running_round(session, session_id)
    cafe = access.cafe
    ran = cafe.status == SessionStatus.LIVE
    cafe.status = SessionStatus.CLOSED
    moment = now()
    # it ran: it ends now if not before; called off while a draft, the planned times stay
    if ran and (cafe.ends_at is None or cafe.ends_at > moment):
        cafe.ends_at = moment
    await record(
        session,
        session_id,
        EventKind.SESSION_CLOSED,
        SessionChanged(session=SessionSnapshot.of(access.cafe)),
    )
    return access.cafe


@dataclass(frozen=True)
class Joined:
    participant: CafeParticipant
    cafe: CafeSession
    token: str | None  # a guest's token, shown once


async def _table_in(session: AsyncSession, session_id: int, table_id: int | None) -> int | None:
    if table_id is None:
        return None
    table = await row_in_session(session, CafeTable, table_id, session_id, "table", "table_id")
    return table.id


async def join_session(
    session: AsyncSession,
    viewer: Viewer,
    *,
    join_code: str,
    display_name: str | None,
    table_id: int | None,
    address: str,
    limits: LoginLimits,
    token_ttl_days: int,
    settings: CafeSettings,
) -> Joined | Problem:
    """Come into the room with the session's join code: with an account, or as a guest.

    A wrong code is returned, not raised: the failed attempt it stores must be committed.
    """
    address = clip_address(address)
    await serialise(session, f"cafe-join:{address}")
    wrong_codes = await recent_attempts(
        session, LoginAttempt.address, address, limits.window, key=JOIN_CODE_KEY
    )
    if wrong_codes >= settings.join_max_wrong_codes_per_address:
        raise fail(ErrorCode.RATE_LIMITED, "Too many wrong join codes. Try again later.")
    cafe = await session.scalar(
        select(CafeSession)
        .where(text_is(CafeSession.join_code, normalise_join_code(join_code)))
        .with_for_update()
    )
    if cafe is None:
        await record_attempt(session, JOIN_CODE_KEY, address, succeeded=False, window=limits.window)
        return WRONG_JOIN_CODE
    if cafe.status == SessionStatus.CLOSED:
        raise fail(ErrorCode.CONFLICT, "The session is closed.", "join_code")
    seat = await _table_in(session, cafe.id, table_id)
    existing = await participant_of(session, viewer, cafe.id)
    if existing is not None:
        return await _rejoin(session, existing, cafe, seat)
    if viewer.is_guest:
        raise forbidden("A guest takes part in one session; use the token from that one.")
    joined = await session.scalar(
        select(func.count())
        .select_from(CafeParticipant)
        .where(CafeParticipant.session_id == cafe.id)
    )
    if (joined or 0) >= settings.max_participants:
        # a join code in the wrong hands must not let a script fill the room without end
        raise fail(ErrorCode.CONFLICT, f"The session is full ({settings.max_participants} people).")
    if viewer.user_id is not None:
        user = await session.get(User, viewer.user_id)
        assert user is not None
        name = clean_name("display_name", display_name or user.display_name, NAME_MAX)
    else:
        name = clean_name("display_name", display_name, NAME_MAX)
    participant = CafeParticipant(
        session_id=cafe.id,
        user_id=viewer.user_id,
        display_name=name,
        table_id=seat,
        joined_at=now(),
    )
    session.add(participant)
    try:
        await session.flush()
    except IntegrityError:  # the same account joined a moment ago
        raise fail(ErrorCode.CONFLICT, "You have already joined; try again.") from None
    token = None
    if viewer.user_id is None:
        token = await issue_token(session, None, token_ttl_days, participant_id=participant.id)
    await record(
        session,
        cafe.id,
        EventKind.PARTICIPANT_JOINED,
        ParticipantChanged(participant=ParticipantSnapshot.of(participant)),
    )
    return Joined(participant=participant, cafe=cafe, token=token)


async def _rejoin(
    session: AsyncSession, participant: CafeParticipant, cafe: CafeSession, seat: int | None
) -> Joined:
    # joining with the code makes a host who was seated by writing a participant of their own,
    # announced now for the first time
    returning = participant.left_at is not None or participant.seated_by_hosting
    participant.seated_by_hosting = False
    moving = seat is not None and seat != participant.table_id
    if moving:
        participant.table_id = seat
    if returning or moving:
        participant.left_at = None
        kind = EventKind.PARTICIPANT_JOINED if returning else EventKind.PARTICIPANT_MOVED
        await record(
            session,
            cafe.id,
            kind,
            ParticipantChanged(participant=ParticipantSnapshot.of(participant)),
        )
    return Joined(participant=participant, cafe=cafe, token=None)


async def _present(
    session: AsyncSession, viewer: Viewer, session_id: int
) -> tuple[Access, CafeParticipant]:
    access = await access_to(session, viewer, session_id, lock=True)
    access.require_read()
    if access.participant is None:
        raise fail(ErrorCode.CONFLICT, "Join the session first.", "session_id")
    return access, access.participant


async def leave_session(session: AsyncSession, viewer: Viewer, session_id: int) -> CafeParticipant:
    _, participant = await _present(session, viewer, session_id)
    participant.left_at = now()
    await record(
        session,
        session_id,
        EventKind.PARTICIPANT_LEFT,
        ParticipantChanged(participant=ParticipantSnapshot.of(participant)),
    )
    return participant


async def move_to_table(
    session: AsyncSession, viewer: Viewer, session_id: int, table_id: int
) -> CafeParticipant:
    access, participant = await _present(session, viewer, session_id)
    access.require_status(SessionStatus.DRAFT, SessionStatus.LIVE)
    seat = await _table_in(session, session_id, table_id)
    if seat != participant.table_id:
        participant.table_id = seat
        await record(
            session,
            session_id,
            EventKind.PARTICIPANT_MOVED,
            ParticipantChanged(participant=ParticipantSnapshot.of(participant)),
        )
    return participant
