"""DataLoaders of cafés, one per relation and direction."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from strawberry.dataloader import DataLoader

from app.context import Context
from app.services.cafe.access import Access, access_from
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
from schema.loading import rows_by, rows_grouped_by


def cafe_sessions_by_id(context: Context) -> DataLoader[int, Any]:
    return rows_by(context, CafeSession.id)


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
            rows = await session.execute(
                select(CafeVote.note_id, func.sum(CafeVote.dots))
                .where(CafeVote.note_id.in_(keys))
                .group_by(CafeVote.note_id)
            )
            totals = {note_id: int(total) for note_id, total in rows}
        return [totals.get(key, 0) for key in keys]

    return DataLoader(load_fn=load)


def votes_by_participant_id(context: Context) -> DataLoader[int, list[Any]]:
    return rows_grouped_by(context, CafeVote.participant_id)


def viewer_access_by_session_id(context: Context) -> DataLoader[int, Access | None]:
    """The viewer's access to each session (None where the session does not exist)."""
    viewer = context.viewer

    async def load(keys: Sequence[int]) -> list[Access | None]:
        hosted: dict[int, set[int]] = defaultdict(set)
        participants: dict[int, CafeParticipant] = {}
        async with context.runtime.db.read() as session:
            cafes = {
                c.id: c
                for c in (
                    await session.scalars(select(CafeSession).where(CafeSession.id.in_(keys)))
                ).all()
            }
            if viewer.user_id is not None:
                for session_id, table_id in await session.execute(
                    select(CafeTable.session_id, CafeFacilitator.table_id)
                    .join(CafeFacilitator, CafeFacilitator.table_id == CafeTable.id)
                    .where(
                        CafeTable.session_id.in_(keys), CafeFacilitator.user_id == viewer.user_id
                    )
                ):
                    hosted[session_id].add(table_id)
            if viewer.user_id is not None or viewer.guest_participant_id is not None:
                who = (
                    CafeParticipant.user_id == viewer.user_id
                    if viewer.user_id is not None
                    else CafeParticipant.id == viewer.guest_participant_id
                )
                for participant in (
                    await session.scalars(
                        select(CafeParticipant).where(CafeParticipant.session_id.in_(keys), who)
                    )
                ).all():
                    participants[participant.session_id] = participant
        return [
            access_from(viewer, cafes[key], frozenset(hosted[key]), participants.get(key))
            if key in cafes
            else None
            for key in keys
        ]

    return DataLoader(load_fn=load)


def notes_by_cluster_id(context: Context) -> DataLoader[int | None, list[Any]]:
    return rows_grouped_by(context, CafeNote.cluster_id, CafeNote.id)
