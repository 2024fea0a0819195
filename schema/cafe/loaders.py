"""DataLoaders of cafés, one per relation and direction."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, and_, select
from strawberry.dataloader import DataLoader

from app.services.cafe.access import JOINED, SEATED, Access, accesses_to
from app.services.cafe.events import CAFE_SESSION
from app.services.cafe.notes import dots_spent, votes_by_note
from app.services.cafe.summary import Summary, summarise
from db.models import (
    Association,
    CafeCluster,
    CafeFacilitator,
    CafeNote,
    CafeParticipant,
    CafeRound,
    CafeSession,
    CafeSessionAssociation,
    CafeTable,
    CafeVote,
    User,
)
from schema.associations.loaders import SWEDISH_ORDER
from schema.context import Context
from schema.live import last_seqs
from schema.loading import Children, children, rows_by, rows_grouped_by


def rounds_by_id(context: Context) -> DataLoader[int, Any]:
    return rows_by(context, CafeRound.id)


def tables_by_id(context: Context) -> DataLoader[int, Any]:
    return rows_by(context, CafeTable.id)


def participants_by_id(context: Context) -> DataLoader[int, Any]:
    return rows_by(context, CafeParticipant.id)


def notes_by_id(context: Context) -> DataLoader[int, Any]:
    return rows_by(context, CafeNote.id)


def clusters_by_id(context: Context) -> DataLoader[int, Any]:
    return rows_by(context, CafeCluster.id)


def last_seqs_by_session_id(context: Context) -> DataLoader[int, int]:
    return last_seqs(context, CAFE_SESSION)


def rounds_by_session_id(context: Context) -> DataLoader[int, list[Any]]:
    return rows_grouped_by(context, CafeRound.session_id, CafeRound.position)


# a café's short lists come whole (the largest page) unless the client asks for less
WHOLE = None

session_rounds = children(
    CafeRound.session_id, (CafeRound.position, CafeRound.id), default_size=WHOLE
)
session_tables = children(
    CafeTable.session_id, (CafeTable.position, CafeTable.id), default_size=WHOLE
)
session_clusters = children(CafeCluster.session_id, (CafeCluster.id,), default_size=WHOLE)
session_associations = children(
    CafeSessionAssociation.session_id,
    SWEDISH_ORDER,
    default_size=WHOLE,
    model=Association,
    through=(CafeSessionAssociation, CafeSessionAssociation.association_id == Association.id),
)

# everyone who joined, whether or not they have left, in joining order
session_participants = children(
    CafeParticipant.session_id, (CafeParticipant.id,), where=JOINED, default_size=WHOLE
)
# who sits at the table now, in joining order
table_participants = children(
    CafeParticipant.table_id, (CafeParticipant.id,), where=SEATED, default_size=WHOLE
)
# oldest account first: names sort differently in each database's collation, ids do not
table_facilitators = children(
    CafeFacilitator.table_id,
    (User.id,),
    default_size=WHOLE,
    model=User,
    through=(CafeFacilitator, CafeFacilitator.user_id == User.id),
)


def vote_totals_by_note_id(context: Context) -> DataLoader[int, int]:
    async def load(keys: Sequence[int]) -> list[int]:
        async with context.db.read() as session:
            totals = await votes_by_note(session, keys)
        return [totals.get(key, 0) for key in keys]

    return DataLoader(load_fn=load)


def votes_by_participant_id(context: Context) -> DataLoader[int, list[Any]]:
    return rows_grouped_by(context, CafeVote.participant_id)


def dots_spent_by_participant_id(context: Context) -> DataLoader[int, int]:
    async def load(keys: Sequence[int]) -> list[int]:
        async with context.db.read() as session:
            spent = await dots_spent(session, keys)
        return [spent.get(key, 0) for key in keys]

    return DataLoader(load_fn=load)


def viewer_access_by_session_id(context: Context) -> DataLoader[int, Access | None]:
    """The viewer's access to each session (None where the session does not exist)."""

    async def load(keys: Sequence[int]) -> list[Access | None]:
        async with context.db.read() as session:
            accesses = await accesses_to(session, context.viewer, keys)
        return [accesses.get(key) for key in keys]

    return DataLoader(load_fn=load)


def summaries_by_session_id(context: Context) -> DataLoader[int, Summary]:
    """Each session's summary, worked out once per request however many aliases ask."""

    async def load(keys: Sequence[int]) -> list[Summary]:
        async with context.db.read() as session:
            cafes = {
                cafe.id: cafe
                for cafe in (
                    await session.scalars(select(CafeSession).where(CafeSession.id.in_(keys)))
                ).all()
            }
            return [await summarise(session, cafes[key]) for key in keys]

    return DataLoader(load_fn=load)


NOTE_ORDER = (CafeNote.created_at, CafeNote.id)
LIVE_NOTES = CafeNote.deleted_at.is_(None)
NOTES_PER_PAGE = 100  # a session's notes, unless the client asks for fewer


@functools.lru_cache(maxsize=256)
def session_notes(round_id: int | None, table_id: int | None, principle: str | None) -> Children:
    """Sessions' notes, one relation per filter (made once, so that its loaders are memoised
    per request): every session in a list pages in the same statement."""
    where: ColumnElement[bool] = LIVE_NOTES
    if round_id is not None:
        where = and_(where, CafeNote.round_id == round_id)
    if table_id is not None:
        where = and_(where, CafeNote.table_id == table_id)
    if principle is not None:
        where = and_(where, CafeNote.principle == principle)
    return children(CafeNote.session_id, NOTE_ORDER, where=where, default_size=NOTES_PER_PAGE)


cluster_notes = children(CafeNote.cluster_id, NOTE_ORDER, where=LIVE_NOTES, default_size=WHOLE)
