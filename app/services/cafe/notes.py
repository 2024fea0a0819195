"""Notes: added at a table in a round, edited against the version the editor saw, deleted,
and voted on with dots from each participant's budget."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.services.agreement.principles import PrincipleCode
from app.services.cafe.access import Access, access_to, row_in_session, row_under_lock
from app.services.cafe.events import NoteChanged, NoteSnapshot, record, scrub_note
from app.services.cafe.fields import clean_client_id, clean_note_text
from app.services.cafe.host_seats import writer_seat
from app.services.cafe.limits import MAX_NOTES, require_room
from app.services.cafe.vocabulary import EventKind, SessionStatus
from app.services.clock import now
from app.services.errors import Conflict, ErrorCode, fail, forbidden, not_found
from app.services.viewer import Viewer
from db.models import CafeNote, CafeRound, CafeTable, CafeVote


def _copy(note: CafeNote) -> CafeNote:
    """A copy outside the session: the rollback that follows a conflict expires the original."""
    return CafeNote(
        **{column.key: getattr(note, column.key) for column in CafeNote.__table__.columns}
    )


async def votes_on(session: AsyncSession, note_id: int) -> int:
    return (await votes_by_note(session, [note_id])).get(note_id, 0)


async def votes_by_note(session: AsyncSession, note_ids: Sequence[int]) -> dict[int, int]:
    """The dots on each of the notes (those without any are left out), in one statement."""
    rows = await session.execute(
        select(CafeVote.note_id, func.sum(CafeVote.dots))
        .where(CafeVote.note_id.in_(list(note_ids)))
        .group_by(CafeVote.note_id)
    )
    return {note_id: int(total or 0) for note_id, total in rows}


async def dots_spent(session: AsyncSession, participant_ids: Sequence[int]) -> dict[int, int]:
    """Each participant's dots on notes still there (those on a deleted note are back in the
    budget); participants with none are left out. One statement."""
    rows = await session.execute(
        select(CafeVote.participant_id, func.sum(CafeVote.dots))
        .join(CafeNote, CafeNote.id == CafeVote.note_id)
        .where(CafeVote.participant_id.in_(list(participant_ids)), CafeNote.deleted_at.is_(None))
        .group_by(CafeVote.participant_id)
    )
    return {participant_id: int(total or 0) for participant_id, total in rows}


async def add_note(
    session: AsyncSession,
    viewer: Viewer,
    *,
    session_id: int,
    table_id: int,
    round_id: int,
    text: str,
    client_id: str,
    principle: PrincipleCode | None,
) -> CafeNote:
    """Add a note. Sent again with the same client id (a retry), it is stored once and the
    answer is the same note."""
    client = clean_client_id(client_id)
    access = await access_to(session, viewer, session_id, lock=True)
    access.require_read()
    # under the session's lock, an earlier attempt with this client id has committed or never will
    earlier = await session.scalar(
        select(CafeNote).where(CafeNote.session_id == session_id, CafeNote.client_id == client)
    )
    if earlier is not None:
        theirs = access.participant is not None and earlier.author_id == access.participant.id
        if not theirs and not access.can_moderate_at(earlier.table_id):
            raise fail(ErrorCode.DUPLICATE, "That client id is taken.", "client_id")
        return earlier
    access.require_status(SessionStatus.LIVE)
    await row_in_session(session, CafeTable, table_id, session_id, "table", "table_id")
    round_ = await row_in_session(session, CafeRound, round_id, session_id, "round", "round_id")
    if round_.started_at is None:
        raise fail(ErrorCode.CONFLICT, "That round has not started.", "round_id")
    if not access.can_write_at(table_id):
        raise forbidden(
            "You can write at the table you sit at (facilitators: the tables they host)."
        )
    body = clean_note_text(text)
    in_session = CafeNote.session_id == session_id
    await require_room(session, CafeNote.id, in_session, MAX_NOTES, "notes in a session")
    author = await writer_seat(session, viewer, access, table_id)
    note = CafeNote(
        session_id=session_id,
        round_id=round_id,
        table_id=table_id,
        principle=principle or round_.principle,
        author_id=author.id,
        client_id=client,
        text=body,
        version=1,
        created_at=now(),
    )
    session.add(note)
    await session.flush()
    await record(
        session,
        session_id,
        EventKind.NOTE_ADDED,
        NoteChanged(note=NoteSnapshot.of(note, 0)),
        note_id=note.id,
    )
    return note


async def _note_for_change(
    session: AsyncSession, viewer: Viewer, note_id: int
) -> tuple[Access, CafeNote]:
    access, note = await row_under_lock(session, viewer, CafeNote, note_id, "note")
    access.require_read()
    if note.deleted_at is not None:
        raise not_found("note")
    allowed = access.note_change_statuses(note.table_id, note.author_id)
    if not allowed:
        raise forbidden("Only the author and the table's facilitators can change a note.")
    access.require_status(*allowed)
    return access, note


async def edit_note(
    session: AsyncSession, viewer: Viewer, note_id: int, text: str, expected_version: int
) -> CafeNote:
    """Edit against the version the editor saw; a stale version is a conflict carrying the
    current note, never a silent overwrite."""
    _, note = await _note_for_change(session, viewer, note_id)
    if note.version != expected_version:
        raise Conflict(
            _copy(note),
            f"Someone changed the note first (now version {note.version}); merge and try again.",
            "expected_version",
        )
    body = clean_note_text(text)
    if body == note.text:
        return note
    note.text = body
    note.version += 1
    note.edited_at = now()
    await session.flush()
    votes = await votes_on(session, note.id)
    await record(
        session,
        note.session_id,
        EventKind.NOTE_EDITED,
        NoteChanged(note=NoteSnapshot.of(note, votes)),
        note_id=note.id,
    )
    return note


async def delete_note(session: AsyncSession, viewer: Viewer, note_id: int) -> CafeNote:
    """Delete a note: it leaves the summary, and its text leaves the log."""
    _, note = await _note_for_change(session, viewer, note_id)
    note.deleted_at = now()
    note.version += 1
    note.cluster_id = None
    await session.flush()
    await scrub_note(session, note.id)
    snapshot = NoteSnapshot.of(note, 0).model_copy(update={"text": ""})
    await record(
        session,
        note.session_id,
        EventKind.NOTE_DELETED,
        NoteChanged(note=snapshot),
        note_id=note.id,
    )
    return note


async def vote(session: AsyncSession, viewer: Viewer, note_id: int, dots: int) -> CafeNote:
    """Set the viewer's dots on a note (0 takes them back), within the session's budget."""
    access, note = await row_under_lock(session, viewer, CafeNote, note_id, "note", "note_id")
    access.require_read()
    if note.deleted_at is not None:  # also when deleted while this vote waited for the lock
        raise not_found("note", "note_id")
    access.require_status(SessionStatus.LIVE)
    voter = access.joined
    if voter is None:
        raise forbidden("Participants vote at the table they sit at (hosts join to vote).")
    if dots < 0:
        raise fail(ErrorCode.INVALID, "Dots cannot be negative.", "dots")
    current = await session.get(CafeVote, (note.id, voter.id))
    given = current.dots if current is not None else 0
    # dots go on notes at one's own table; taking them back works wherever one sits now
    if dots > given and voter.table_id != note.table_id:
        raise forbidden("Participants vote at the table they sit at.")
    spent = (await dots_spent(session, [voter.id])).get(voter.id, 0)
    # taking dots back is always allowed, even when the organiser has lowered the budget since
    if dots > given and spent - given + dots > access.cafe.vote_budget:
        raise fail(
            ErrorCode.INVALID,
            f"That is more than your {access.cafe.vote_budget} dots in this session.",
            "dots",
        )
    if given == dots:
        return note
    if current is not None and dots == 0:
        await session.delete(current)
    elif current is not None:
        current.dots = dots
    else:
        session.add(CafeVote(note_id=note.id, participant_id=voter.id, dots=dots))
    await session.flush()
    votes = await votes_on(session, note.id)
    await record(
        session,
        note.session_id,
        EventKind.NOTE_VOTED,
        NoteChanged(note=NoteSnapshot.of(note, votes)),
        note_id=note.id,
    )
    return note
