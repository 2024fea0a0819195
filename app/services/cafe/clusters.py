"""Clusters: a facilitator groups notes that say the same thing, across tables and rounds,
and names the group."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.services.cafe.access import Access, access_to, row_in_session, row_under_lock
from app.services.cafe.events import (
    ClusterChanged,
    ClusterSnapshot,
    NoteChanged,
    NoteSnapshot,
    record,
)
from app.services.cafe.fields import CLUSTER_NAME_MAX, clean_name
from app.services.cafe.limits import MAX_CLUSTERS, MAX_NOTES, require_room
from app.services.cafe.notes import votes_by_note
from app.services.cafe.vocabulary import EventKind, SessionStatus
from app.services.clock import now
from app.services.errors import ErrorCode, fail, forbidden, unauthenticated
from app.services.viewer import Viewer
from db.models import CafeCluster, CafeNote


async def _facilitating(session: AsyncSession, viewer: Viewer, session_id: int) -> Access:
    if viewer.user_id is None and not viewer.is_guest:
        raise unauthenticated()
    access = await access_to(session, viewer, session_id, lock=True)
    _require_facilitating(access)
    return access


def _require_facilitating(access: Access) -> None:
    access.require_read()
    if not access.can_facilitate:
        raise forbidden("Only the session's facilitators and organiser cluster notes.")
    access.require_status(SessionStatus.LIVE, SessionStatus.CLOSED)


async def _notes(session: AsyncSession, session_id: int, note_ids: Sequence[int]) -> list[CafeNote]:
    wanted = list(dict.fromkeys(note_ids))
    if len(wanted) > MAX_NOTES:  # more than a session holds
        raise fail(ErrorCode.INVALID, f"At most {MAX_NOTES} notes at a time.", "note_ids")
    notes = (
        await session.scalars(
            select(CafeNote).where(
                CafeNote.id.in_(wanted),
                CafeNote.session_id == session_id,
                CafeNote.deleted_at.is_(None),
            )
        )
    ).all()
    if len(notes) != len(wanted):
        raise fail(
            ErrorCode.NOT_FOUND, "No note with one of those ids in this session.", "note_ids"
        )
    return list(notes)


async def _move(session: AsyncSession, notes: list[CafeNote], cluster_id: int | None) -> None:
    moving = [note for note in notes if note.cluster_id != cluster_id]
    if not moving:
        return
    votes = await votes_by_note(session, [note.id for note in moving])
    for note in moving:
        # the version counts changes to the text: a facilitator grouping a note must not
        # make its author's edit a conflict
        note.cluster_id = cluster_id
    await session.flush()
    for note in moving:
        await record(
            session,
            note.session_id,
            EventKind.NOTE_CLUSTERED,
            NoteChanged(note=NoteSnapshot.of(note, votes.get(note.id, 0))),
            note_id=note.id,
        )


async def create_cluster(
    session: AsyncSession, viewer: Viewer, session_id: int, name: str, note_ids: Sequence[int]
) -> CafeCluster:
    await _facilitating(session, viewer, session_id)
    clean = clean_name("name", name, CLUSTER_NAME_MAX)
    notes = await _notes(session, session_id, note_ids)
    owned = CafeCluster.session_id == session_id
    await require_room(session, CafeCluster.id, owned, MAX_CLUSTERS, "clusters in a session")
    cluster = CafeCluster(session_id=session_id, name=clean, created_at=now())
    session.add(cluster)
    await session.flush()
    await record(
        session,
        session_id,
        EventKind.CLUSTER_CREATED,
        ClusterChanged(cluster=ClusterSnapshot.of(cluster)),
    )
    await _move(session, notes, cluster.id)
    return cluster


async def _cluster(session: AsyncSession, viewer: Viewer, cluster_id: int) -> CafeCluster:
    if viewer.user_id is None and not viewer.is_guest:
        raise unauthenticated()
    access, cluster = await row_under_lock(session, viewer, CafeCluster, cluster_id, "cluster")
    _require_facilitating(access)
    return cluster


async def rename_cluster(
    session: AsyncSession, viewer: Viewer, cluster_id: int, name: str
) -> CafeCluster:
    cluster = await _cluster(session, viewer, cluster_id)
    cluster.name = clean_name("name", name, CLUSTER_NAME_MAX)
    await record(
        session,
        cluster.session_id,
        EventKind.CLUSTER_RENAMED,
        ClusterChanged(cluster=ClusterSnapshot.of(cluster)),
    )
    return cluster


async def delete_cluster(session: AsyncSession, viewer: Viewer, cluster_id: int) -> CafeCluster:
    """Dissolve a cluster; its notes stay, unclustered."""
    cluster = await _cluster(session, viewer, cluster_id)
    members = (
        await session.scalars(select(CafeNote).where(CafeNote.cluster_id == cluster.id))
    ).all()
    await _move(session, list(members), None)
    await record(
        session,
        cluster.session_id,
        EventKind.CLUSTER_DELETED,
        ClusterChanged(cluster=ClusterSnapshot.of(cluster)),
    )
    await session.delete(cluster)
    await session.flush()
    return cluster


async def cluster_notes(
    session: AsyncSession,
    viewer: Viewer,
    session_id: int,
    note_ids: Sequence[int],
    cluster_id: int | None,
) -> list[CafeNote]:
    """Put notes in a cluster, or take them out of theirs (`cluster_id` None)."""
    await _facilitating(session, viewer, session_id)
    if cluster_id is not None:
        await row_in_session(session, CafeCluster, cluster_id, session_id, "cluster", "cluster_id")
    notes = await _notes(session, session_id, note_ids)
    await _move(session, notes, cluster_id)
    return notes
