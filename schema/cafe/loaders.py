"""DataLoaders of cafés, one per relation and direction."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import ColumnElement, and_, select
from sqlalchemy.orm import InstrumentedAttribute
from strawberry.dataloader import DataLoader

from app.context import Context
from app.services.cafe.access import Access, accesses_to
from app.services.cafe.notes import dots_spent, votes_by_note
from app.services.cafe.summary import Summary, summarise
from app.services.pagination import Page, PageRequest, ParentColumn
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
from schema.loading import child_counts, child_pages, rows_by, rows_grouped_by


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


def rounds_by_session_id(context: Context) -> DataLoader[int, list[Any]]:
    return rows_grouped_by(context, CafeRound.session_id, CafeRound.position)


Pages = DataLoader[tuple[int, PageRequest], Page[Any]]


def _whole_by_default(
    context: Context,
    parent: ParentColumn,
    order: Sequence[InstrumentedAttribute[Any]],
    where: ColumnElement[bool] | None = None,
    **through: Any,
) -> Pages:
    """Pages of a café's short lists: the largest page unless the client asks for less."""
    size = context.runtime.settings.max_page_size
    return child_pages(context, parent, order, size, where, default_size=size, **through)


def round_pages_by_session_id(context: Context) -> Pages:
    return _whole_by_default(context, CafeRound.session_id, (CafeRound.position, CafeRound.id))


def round_counts_by_session_id(context: Context) -> DataLoader[int, int]:
    return child_counts(context, CafeRound.session_id)


def table_pages_by_session_id(context: Context) -> Pages:
    return _whole_by_default(context, CafeTable.session_id, (CafeTable.position, CafeTable.id))


def table_counts_by_session_id(context: Context) -> DataLoader[int, int]:
    return child_counts(context, CafeTable.session_id)


def cluster_pages_by_session_id(context: Context) -> Pages:
    return _whole_by_default(context, CafeCluster.session_id, (CafeCluster.id,))


def cluster_counts_by_session_id(context: Context) -> DataLoader[int, int]:
    return child_counts(context, CafeCluster.session_id)


def association_pages_by_session_id(context: Context) -> Pages:
    """The associations taking part in each session, in Swedish order."""
    return _whole_by_default(
        context,
        CafeSessionAssociation.session_id,
        SWEDISH_ORDER,
        model=Association,
        through=(
            CafeSessionAssociation,
            CafeSessionAssociation.association_id == Association.id,
        ),
    )


def association_counts_by_session_id(context: Context) -> DataLoader[int, int]:
    return child_counts(context, CafeSessionAssociation.session_id)


JOINED = CafeParticipant.seated_by_hosting.is_(False)  # a host's seat to write from is no joining
SEATED = and_(JOINED, CafeParticipant.left_at.is_(None))


def participant_pages_by_session_id(context: Context) -> Pages:
    """Everyone who joined each session, whether or not they have left, in joining order."""
    return _whole_by_default(context, CafeParticipant.session_id, (CafeParticipant.id,), JOINED)


def participant_counts_by_session_id(context: Context) -> DataLoader[int, int]:
    return child_counts(context, CafeParticipant.session_id, JOINED)


def participant_pages_by_table_id(context: Context) -> Pages:
    """Who sits at each table now, in joining order."""
    return _whole_by_default(context, CafeParticipant.table_id, (CafeParticipant.id,), SEATED)


def participant_counts_by_table_id(context: Context) -> DataLoader[int, int]:
    return child_counts(context, CafeParticipant.table_id, SEATED)


def facilitator_pages_by_table_id(context: Context) -> Pages:
    """The users hosting each table, oldest account first (names sort differently in each
    database's collation; ids page the same everywhere)."""
    return _whole_by_default(
        context,
        CafeFacilitator.table_id,
        (User.id,),
        model=User,
        through=(CafeFacilitator, CafeFacilitator.user_id == User.id),
    )


def facilitator_counts_by_table_id(context: Context) -> DataLoader[int, int]:
    return child_counts(context, CafeFacilitator.table_id)


def vote_totals_by_note_id(context: Context) -> DataLoader[int, int]:
    async def load(keys: Sequence[int]) -> list[int]:
        async with context.runtime.db.read() as session:
            totals = await votes_by_note(session, keys)
        return [totals.get(key, 0) for key in keys]

    return DataLoader(load_fn=load)


def votes_by_participant_id(context: Context) -> DataLoader[int, list[Any]]:
    return rows_grouped_by(context, CafeVote.participant_id)


def dots_spent_by_participant_id(context: Context) -> DataLoader[int, int]:
    async def load(keys: Sequence[int]) -> list[int]:
        async with context.runtime.db.read() as session:
            spent = await dots_spent(session, keys)
        return [spent.get(key, 0) for key in keys]

    return DataLoader(load_fn=load)


def viewer_access_by_session_id(context: Context) -> DataLoader[int, Access | None]:
    """The viewer's access to each session (None where the session does not exist)."""

    async def load(keys: Sequence[int]) -> list[Access | None]:
        async with context.runtime.db.read() as session:
            accesses = await accesses_to(session, context.viewer, keys)
        return [accesses.get(key) for key in keys]

    return DataLoader(load_fn=load)


def summaries_by_session_id(context: Context) -> DataLoader[int, Summary]:
    """Each session's summary, worked out once per request however many aliases ask."""

    async def load(keys: Sequence[int]) -> list[Summary]:
        async with context.runtime.db.read() as session:
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
def note_loaders(
    round_id: int | None, table_id: int | None, principle: str | None
) -> tuple[
    Callable[[Context], DataLoader[tuple[int, PageRequest], Page[Any]]],
    Callable[[Context], DataLoader[int, int]],
]:
    """Loaders of pages and counts of sessions' notes, one pair per filter (made once, so each
    is memoised per request): every session in a list pages in the same statement."""
    where: ColumnElement[bool] = LIVE_NOTES
    if round_id is not None:
        where = and_(where, CafeNote.round_id == round_id)
    if table_id is not None:
        where = and_(where, CafeNote.table_id == table_id)
    if principle is not None:
        where = and_(where, CafeNote.principle == principle)

    def pages(context: Context) -> DataLoader[tuple[int, PageRequest], Page[Any]]:
        max_size = context.runtime.settings.max_page_size
        return child_pages(
            context, CafeNote.session_id, NOTE_ORDER, max_size, where, default_size=NOTES_PER_PAGE
        )

    def counts(context: Context) -> DataLoader[int, int]:
        return child_counts(context, CafeNote.session_id, where)

    return pages, counts


def note_pages_by_cluster_id(context: Context) -> Pages:
    """The notes in each cluster, oldest first."""
    return _whole_by_default(context, CafeNote.cluster_id, NOTE_ORDER, LIVE_NOTES)


def note_counts_by_cluster_id(context: Context) -> DataLoader[int, int]:
    return child_counts(context, CafeNote.cluster_id, LIVE_NOTES)
