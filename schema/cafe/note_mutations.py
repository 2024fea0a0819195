"""Writing in a café: notes, votes, clusters, and saying one is typing."""

from __future__ import annotations

from collections.abc import Sequence

import strawberry

from app.services.agreement.principles import PrincipleCode
from app.services.cafe import clusters, notes
from app.services.cafe.events import CAFE_SESSION
from app.services.cafe.presence import seat_typing_host, typist
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
from schema.context import Info
from schema.mutation import mutate, mutation
from schema.relay import decode_id


def _note_ids(raw: Sequence[str]) -> list[int]:
    return [decode_id(note_id, "CafeNote", "note_ids") for note_id in raw]


@strawberry.type
class CafeNoteMutations:
    @mutation(
        description="Add a note at a table. Sending it again with the same clientId (a retry "
        "after a dropped connection) stores it once and answers the same."
    )
    async def cafe_note_add(self, info: Info, input: CafeNoteAddInput) -> CafeNotePayload:
        outcome = await mutate(
            info,
            notes.add_note,
            session_id=decode_id(input.session_id, "CafeSession", "session_id"),
            table_id=decode_id(input.table_id, "CafeTable", "table_id"),
            round_id=decode_id(input.round_id, "CafeRound", "round_id"),
            text=input.text,
            client_id=input.client_id,
            principle=PrincipleCode(input.principle) if input.principle else None,
        )
        return CafeNotePayload.of(outcome)

    @mutation(
        description="Edit a note. A stale expectedVersion gets a CONFLICT and the current note."
    )
    async def cafe_note_edit(self, info: Info, input: CafeNoteEditInput) -> CafeNotePayload:
        note_id = decode_id(input.id, "CafeNote")
        return CafeNotePayload.of(
            await mutate(info, notes.edit_note, note_id, input.text, input.expected_version)
        )

    @mutation(description="Delete a note; its text leaves the log too.")
    async def cafe_note_delete(self, info: Info, input: CafeNoteIdInput) -> CafeNotePayload:
        note_id = decode_id(input.id, "CafeNote")
        return CafeNotePayload.of(await mutate(info, notes.delete_note, note_id))

    @mutation(description="Put dots on a note, within the session's budget.")
    async def cafe_note_vote(self, info: Info, input: CafeNoteVoteInput) -> CafeNotePayload:
        note_id = decode_id(input.note_id, "CafeNote", "note_id")
        return CafeNotePayload.of(await mutate(info, notes.vote, note_id, input.dots))

    @mutation(description="Group notes that say the same thing, and name the group.")
    async def cafe_cluster_create(
        self, info: Info, input: CafeClusterCreateInput
    ) -> CafeClusterPayload:
        outcome = await mutate(
            info,
            clusters.create_cluster,
            decode_id(input.session_id, "CafeSession", "session_id"),
            input.name,
            _note_ids(input.note_ids),
        )
        return CafeClusterPayload.of(outcome)

    @mutation(description="Rename a cluster.")
    async def cafe_cluster_rename(
        self, info: Info, input: CafeClusterRenameInput
    ) -> CafeClusterPayload:
        cluster_id = decode_id(input.id, "CafeCluster")
        return CafeClusterPayload.of(
            await mutate(info, clusters.rename_cluster, cluster_id, input.name)
        )

    @mutation(description="Dissolve a cluster; its notes stay.")
    async def cafe_cluster_delete(
        self, info: Info, input: CafeClusterIdInput
    ) -> CafeClusterPayload:
        cluster_id = decode_id(input.id, "CafeCluster")
        return CafeClusterPayload.of(await mutate(info, clusters.delete_cluster, cluster_id))

    @mutation(description="Put notes in a cluster, or take them out (clusterId null).")
    async def cafe_notes_cluster(
        self, info: Info, input: CafeNotesClusterInput
    ) -> CafeNotesPayload:
        cluster_id = (
            decode_id(input.cluster_id, "CafeCluster", "cluster_id") if input.cluster_id else None
        )
        outcome = await mutate(
            info,
            clusters.cluster_notes,
            decode_id(input.session_id, "CafeSession", "session_id"),
            _note_ids(input.note_ids),
            cluster_id,
        )
        return CafeNotesPayload.of(outcome)


@strawberry.type
class CafeTypingMutations:
    @mutation(description="Say that the viewer is typing at a table (throttled; not stored).")
    async def cafe_typing(self, info: Info, input: CafeTypingInput) -> CafeTypingPayload:
        context = info.context
        session_id = decode_id(input.session_id, "CafeSession", "session_id")
        table_id = decode_id(input.table_id, "CafeTable", "table_id")
        async with context.db.read() as session:
            participant_id = await typist(session, context.viewer, session_id, table_id)
        if participant_id is None:  # once per host, so the common case only reads
            async with context.shared.writes.transaction() as session:
                participant_id = await seat_typing_host(
                    session, context.viewer, session_id, table_id
                )
        await context.shared.signals.typing(CAFE_SESSION, session_id, participant_id, table_id)
        return CafeTypingPayload(ok=True, errors=[])
