"""The café session's feed: its event kinds and the typed payload each carries.

Events carry snapshots rather than ids alone, so that replaying the log shows each change as
it was when it happened, and rendering an event needs no query for the changed object. These
classes are the one definition of what an event says: the services write them, the GraphQL
types read them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Self

from sqlalchemy.ext.asyncio import AsyncSession

from app.services.cafe.vocabulary import EventKind
from app.services.live import log
from app.services.live.feeds import Feed, LoggedEvent, Payload, Presence
from db.models import CafeCluster, CafeNote, CafeParticipant, CafeRound, CafeSession, CafeTable


class NoteSnapshot(Payload):
    id: int
    session_id: int
    round_id: int
    table_id: int
    principle: str | None
    author_id: int
    client_id: str
    text: str
    version: int
    cluster_id: int | None
    votes: int
    created_at: datetime
    edited_at: datetime | None
    deleted: bool

    @classmethod
    def of(cls, note: CafeNote, votes: int) -> Self:
        return cls(
            id=note.id,
            session_id=note.session_id,
            round_id=note.round_id,
            table_id=note.table_id,
            principle=note.principle,
            author_id=note.author_id,
            client_id=note.client_id,
            text=note.text,
            version=note.version,
            cluster_id=note.cluster_id,
            votes=votes,
            created_at=note.created_at,
            edited_at=note.edited_at,
            deleted=note.deleted_at is not None,
        )


class RoundSnapshot(Payload):
    id: int
    session_id: int
    position: int
    question: str
    principle: str | None
    timebox_seconds: int | None
    started_at: datetime | None
    ends_at: datetime | None
    ended_at: datetime | None

    @classmethod
    def of(cls, round_: CafeRound) -> Self:
        return cls(
            id=round_.id,
            session_id=round_.session_id,
            position=round_.position,
            question=round_.question,
            principle=round_.principle,
            timebox_seconds=round_.timebox_seconds,
            started_at=round_.started_at,
            ends_at=round_.ends_at,
            ended_at=round_.ended_at,
        )


class TableSnapshot(Payload):
    id: int
    session_id: int
    name: str
    position: int

    @classmethod
    def of(cls, table: CafeTable) -> Self:
        return cls(
            id=table.id, session_id=table.session_id, name=table.name, position=table.position
        )


class ParticipantSnapshot(Payload):
    id: int
    session_id: int
    display_name: str
    table_id: int | None
    guest: bool
    hosting: bool  # seated only because they host a table (see CafeParticipant)
    joined_at: datetime | None
    left_at: datetime | None

    @classmethod
    def of(cls, participant: CafeParticipant) -> Self:
        return cls(
            id=participant.id,
            session_id=participant.session_id,
            display_name=participant.display_name,
            table_id=participant.table_id,
            guest=participant.user_id is None,
            hosting=participant.seated_by_hosting,
            joined_at=participant.joined_at,
            left_at=participant.left_at,
        )


class ClusterSnapshot(Payload):
    id: int
    session_id: int
    name: str

    @classmethod
    def of(cls, cluster: CafeCluster) -> Self:
        return cls(id=cluster.id, session_id=cluster.session_id, name=cluster.name)


class SessionSnapshot(Payload):
    id: int
    title: str
    status: str

    @classmethod
    def of(cls, cafe: CafeSession) -> Self:
        return cls(id=cafe.id, title=cafe.title, status=cafe.status)


class FacilitatorSnapshot(Payload):
    user_id: int
    display_name: str | None = None  # named on FACILITATOR_ADDED only


# -- what each kind carries ---------------------------------------------------------------------
class NoteChanged(Payload):
    note: NoteSnapshot


class RoundChanged(Payload):
    round: RoundSnapshot


class TableChanged(Payload):
    table: TableSnapshot


class ParticipantChanged(Payload):
    participant: ParticipantSnapshot


class ClusterChanged(Payload):
    cluster: ClusterSnapshot


class SessionChanged(Payload):
    session: SessionSnapshot


class FacilitatorChanged(Payload):
    table: TableSnapshot
    facilitator: FacilitatorSnapshot


def _moved(event: LoggedEvent) -> tuple[int, int | None] | None:
    """Someone changed tables: where presence shows them now."""
    payload = event.payload
    if event.kind is not EventKind.PARTICIPANT_MOVED or not isinstance(payload, ParticipantChanged):
        return None
    return payload.participant.id, payload.participant.table_id


SESSION_KINDS = frozenset(
    {EventKind.SESSION_UPDATED, EventKind.SESSION_LIVE, EventKind.SESSION_CLOSED}
)
FACILITATOR_KINDS = frozenset({EventKind.FACILITATOR_ADDED, EventKind.FACILITATOR_REMOVED})

CAFE_SESSION: Feed[EventKind] = Feed(
    name="cafe.session",
    kinds={
        EventKind.SESSION_UPDATED: SessionChanged,
        EventKind.SESSION_LIVE: SessionChanged,
        EventKind.SESSION_CLOSED: SessionChanged,
        EventKind.ROUND_ADDED: RoundChanged,
        EventKind.ROUND_STARTED: RoundChanged,
        EventKind.ROUND_ENDED: RoundChanged,
        EventKind.TABLE_ADDED: TableChanged,
        EventKind.FACILITATOR_ADDED: FacilitatorChanged,
        EventKind.FACILITATOR_REMOVED: FacilitatorChanged,
        EventKind.PARTICIPANT_JOINED: ParticipantChanged,
        EventKind.PARTICIPANT_MOVED: ParticipantChanged,
        EventKind.PARTICIPANT_LEFT: ParticipantChanged,
        EventKind.NOTE_ADDED: NoteChanged,
        EventKind.NOTE_EDITED: NoteChanged,
        EventKind.NOTE_DELETED: NoteChanged,
        EventKind.NOTE_VOTED: NoteChanged,
        EventKind.NOTE_CLUSTERED: NoteChanged,
        EventKind.CLUSTER_CREATED: ClusterChanged,
        EventKind.CLUSTER_RENAMED: ClusterChanged,
        EventKind.CLUSTER_DELETED: ClusterChanged,
    },
    # the kinds that can change someone's access; every other event leaves it as it was
    access_kinds=SESSION_KINDS | FACILITATOR_KINDS | {EventKind.PARTICIPANT_LEFT},
    # a deleted note's text leaves the log, and authors may be hidden from notes logged before
    redacting_kinds=frozenset({EventKind.NOTE_DELETED, EventKind.SESSION_UPDATED}),
    presence=Presence(moved=_moved),
)


def note_subject(note_id: int) -> str:
    return f"note:{note_id}"


async def record(
    session: AsyncSession,
    session_id: int,
    kind: EventKind,
    payload: Payload,
    *,
    note_id: int | None = None,
) -> LoggedEvent:
    """Append an event to the session's log; published once the transaction commits."""
    subject = note_subject(note_id) if note_id is not None else None
    return await log.record(session, CAFE_SESSION, session_id, kind, payload, subject=subject)


def _without_text(payload: Payload) -> Payload:
    if isinstance(payload, NoteChanged):
        return NoteChanged(note=payload.note.model_copy(update={"text": ""}))
    return payload


async def scrub_note(session: AsyncSession, note_id: int) -> None:
    """Blank a deleted note's text in the events that carried it; their seq stays."""
    await log.redact(session, CAFE_SESSION, note_subject(note_id), _without_text)
