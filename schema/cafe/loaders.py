"""DataLoaders of cafés, one per relation and direction."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import ColumnElement, and_, select
from strawberry.dataloader import DataLoader

from app.context import Context
from app.services.cafe.access import Access, accesses_to
from app.services.cafe.notes import dots_spent, votes_by_note
from app.services.cafe.summary import Summary, summarise
from app.services.pagination import Page, PageRequest
from db.models import (
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


def tables_by_session_id(context: Context) -> DataLoader[int, list[Any]]:
    return rows_grouped_by(context, CafeTable.session_id, CafeTable.position)


def participants_by_session_id(context: Context) -> DataLoader[int, list[Any]]:
    return rows_grouped_by(context, CafeParticipant.session_id, CafeParticipant.id)


def clusters_by_session_id(context: Context) -> DataLoader[int, list[Any]]:
    return rows_grouped_by(context, CafeCluster.session_id, CafeCluster.id)


def association_links_by_session_id(context: Context) -> DataLoader[int, list[Any]]:
    return rows_grouped_by(context, CafeSessionAssociation.session_id)


def facilitators_by_table_id(context: Context) -> DataLoader[int, list[Any]]:
    """The users hosting each table."""

    async def load(keys: Sequence[int]) -> list[list[Any]]:
        async with context.runtime.db.read() as session:
            rows = (
                await session.execute(
                    select(CafeFacilitator.table_id, User)
                    .join(User, User.id == CafeFacilitator.user_id)
                    .where(CafeFacilitator.table_id.in_(keys))
                    .order_by(User.display_name, User.id)
                )
            ).all()
        grouped: dict[int, list[Any]] = {key: [] for key in keys}
        for table_id, user in rows:
            grouped[table_id].append(user)
        return [grouped[key] for key in keys]

    return DataLoader(load_fn=load)


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


def notes_by_cluster_id(context: Context) -> DataLoader[int | None, list[Any]]:
    return rows_grouped_by(context, CafeNote.cluster_id, CafeNote.id)


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
    where: ColumnElement[bool] = CafeNote.deleted_at.is_(None)
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
