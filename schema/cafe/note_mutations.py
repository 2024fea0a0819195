"""Writing in a café: notes, votes, clusters, and saying one is typing."""

from __future__ import annotations

from collections.abc import Sequence

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from app.services.agreement.principles import PrincipleCode
from app.services.cafe import clusters, notes
from app.services.cafe.presence import seat_typing_host, typist
from app.services.errors import DomainError
from db.models import CafeCluster, CafeNote
from schema.cafe.inputs import (
    CafeClusterCreateInput,
    CafeClusterIdInput,
    CafeClusterRenameInput,
    CafeNoteAddInput,
    CafeNoteEditInput,
    CafeNoteIdInput,
    CafeNotesClusterInput,
    CafeNoteVoteInput,
    CafeTypingInput,
)
from schema.cafe.payloads import (
    CafeClusterPayload,
    CafeNotePayload,
    CafeNotesPayload,
    CafeTypingPayload,
)
from schema.cafe.types import CafeClusterNode, CafeNoteNode
from schema.context import Context
from schema.errors import user_errors
from schema.mutation import Outcome, run_mutation
from schema.relay import decode_id

Info = strawberry.Info[Context, None]


def _note_payload(outcome: Outcome[CafeNote]) -> CafeNotePayload:
    note = outcome.value if outcome.value is not None else outcome.current
    return CafeNotePayload(
        note=CafeNoteNode.from_row(note) if isinstance(note, CafeNote) else None,
        errors=outcome.errors,
    )


def _cluster_payload(outcome: Outcome[CafeCluster]) -> CafeClusterPayload:
    return CafeClusterPayload(
        cluster=CafeClusterNode.from_row(outcome.value) if outcome.value else None,
        errors=outcome.errors,
    )


def _note_ids(raw: Sequence[str]) -> list[int]:
    return [decode_id(note_id, "CafeNote", "note_ids") for note_id in raw]


@strawberry.type
class CafeNoteMutations:
    @strawberry.mutation(
        description="Add a note at a table. Sending it again with the same clientId (a retry "
        "after a dropped connection) stores it once and answers the same."
    )
    async def cafe_note_add(self, info: Info, input: CafeNoteAddInput) -> CafeNotePayload:
        viewer = info.context.viewer

        async def work(session: AsyncSession) -> CafeNote:
            return await notes.add_note(
                session,
                viewer,
                session_id=decode_id(input.session_id, "CafeSession", "session_id"),
                table_id=decode_id(input.table_id, "CafeTable", "table_id"),
                round_id=decode_id(input.round_id, "CafeRound", "round_id"),
                text=input.text,
                client_id=input.client_id,
                principle=PrincipleCode(input.principle) if input.principle else None,
            )

        return _note_payload(await run_mutation(info, work))

    @strawberry.mutation(
        description="Edit a note. A stale expectedVersion gets a CONFLICT and the current note."
    )
    async def cafe_note_edit(self, info: Info, input: CafeNoteEditInput) -> CafeNotePayload:
        viewer = info.context.viewer

        async def work(session: AsyncSession) -> CafeNote:
            return await notes.edit_note(
                session, viewer, decode_id(input.id, "CafeNote"), input.text, input.expected_version
            )

        return _note_payload(await run_mutation(info, work))

    @strawberry.mutation(description="Delete a note; its text leaves the log too.")
    async def cafe_note_delete(self, info: Info, input: CafeNoteIdInput) -> CafeNotePayload:
        viewer = info.context.viewer

        async def work(session: AsyncSession) -> CafeNote:
            return await notes.delete_note(session, viewer, decode_id(input.id, "CafeNote"))

        return _note_payload(await run_mutation(info, work))

    @strawberry.mutation(description="Put dots on a note, within the session's budget.")
    async def cafe_note_vote(self, info: Info, input: CafeNoteVoteInput) -> CafeNotePayload:
        viewer = info.context.viewer

        async def work(session: AsyncSession) -> CafeNote:
            note_id = decode_id(input.note_id, "CafeNote", "note_id")
            return await notes.vote(session, viewer, note_id, input.dots)

        return _note_payload(await run_mutation(info, work))

    @strawberry.mutation(description="Group notes that say the same thing, and name the group.")
    async def cafe_cluster_create(
        self, info: Info, input: CafeClusterCreateInput
    ) -> CafeClusterPayload:
        viewer = info.context.viewer

        async def work(session: AsyncSession) -> CafeCluster:
            return await clusters.create_cluster(
                session,
                viewer,
                decode_id(input.session_id, "CafeSession", "session_id"),
                input.name,
                _note_ids(input.note_ids),
            )

        return _cluster_payload(await run_mutation(info, work))

    @strawberry.mutation(description="Rename a cluster.")
    async def cafe_cluster_rename(
        self, info: Info, input: CafeClusterRenameInput
    ) -> CafeClusterPayload:
        viewer = info.context.viewer

        async def work(session: AsyncSession) -> CafeCluster:
            return await clusters.rename_cluster(
                session, viewer, decode_id(input.id, "CafeCluster"), input.name
            )

        return _cluster_payload(await run_mutation(info, work))

    @strawberry.mutation(description="Dissolve a cluster; its notes stay.")
    async def cafe_cluster_delete(
        self, info: Info, input: CafeClusterIdInput
    ) -> CafeClusterPayload:
        viewer = info.context.viewer

        async def work(session: AsyncSession) -> CafeCluster:
            return await clusters.delete_cluster(
                session, viewer, decode_id(input.id, "CafeCluster")
            )

        return _cluster_payload(await run_mutation(info, work))

    @strawberry.mutation(description="Put notes in a cluster, or take them out (clusterId null).")
    async def cafe_notes_cluster(
        self, info: Info, input: CafeNotesClusterInput
    ) -> CafeNotesPayload:
        viewer = info.context.viewer

        async def work(session: AsyncSession) -> list[CafeNote]:
            cluster_id = (
                decode_id(input.cluster_id, "CafeCluster", "cluster_id")
                if input.cluster_id
                else None
            )
            return await clusters.cluster_notes(
                session,
                viewer,
                decode_id(input.session_id, "CafeSession", "session_id"),
                _note_ids(input.note_ids),
                cluster_id,
            )

        outcome = await run_mutation(info, work)
        return CafeNotesPayload(
            notes=[CafeNoteNode.from_row(n) for n in outcome.value]
            if outcome.value is not None
            else None,
            errors=outcome.errors,
        )


@strawberry.type
class CafeTypingMutations:
    @strawberry.mutation(
        description="Say that the viewer is typing at a table (throttled; not stored)."
    )
    async def cafe_typing(self, info: Info, input: CafeTypingInput) -> CafeTypingPayload:
        context = info.context
        try:
            session_id = decode_id(input.session_id, "CafeSession", "session_id")
            table_id = decode_id(input.table_id, "CafeTable", "table_id")
            async with context.runtime.db.read() as session:
                participant_id = await typist(session, context.viewer, session_id, table_id)
            if participant_id is None:  # once per host, so the common case only reads
                async with context.runtime.db.write() as session:
                    participant_id = await seat_typing_host(
                        session, context.viewer, session_id, table_id
                    )
        except DomainError as error:
            return CafeTypingPayload(ok=False, errors=user_errors(error))
        await context.runtime.realtime.typing(session_id, participant_id, table_id)
        return CafeTypingPayload(ok=True, errors=[])
