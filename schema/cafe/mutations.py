"""Café mutations: running a café (sessions, rounds, tables, facilitators; joining, moving,
leaving) and writing in it (notes, votes, clusters, and saying one is typing)."""

from __future__ import annotations

from collections.abc import Sequence

import strawberry

from app.services.agreement.principles import PrincipleCode
from app.services.cafe import clusters, notes, rounds, sessions, tables
from app.services.cafe.events import CAFE_SESSION
from app.services.cafe.presence import seat_typing_host, typist
from schema.cafe.inputs import (
    CafeClusterCreateInput,
    CafeClusterIdInput,
    CafeClusterRenameInput,
    CafeFacilitatorAddInput,
    CafeFacilitatorRemoveInput,
    CafeNoteAddInput,
    CafeNoteEditInput,
    CafeNoteIdInput,
    CafeNotesClusterInput,
    CafeNoteVoteInput,
    CafeParticipantMoveInput,
    CafeRoundAddInput,
    CafeRoundIdInput,
    CafeSessionCreateInput,
    CafeSessionIdInput,
    CafeSessionJoinInput,
    CafeSessionUpdateInput,
    CafeTableAddInput,
    CafeTypingInput,
)
from schema.cafe.payloads import (
    CafeClusterPayload,
    CafeJoinPayload,
    CafeNotePayload,
    CafeNotesPayload,
    CafeParticipantPayload,
    CafeRoundPayload,
    CafeSessionPayload,
    CafeTablePayload,
    CafeTypingPayload,
)
from schema.context import Info
from schema.mutation import mutate, mutation
from schema.relay import decode_id


@strawberry.type
class CafeSessionMutations:
    @mutation(description="Plan a café; whoever creates it is its organiser.")
    async def cafe_session_create(
        self, info: Info, input: CafeSessionCreateInput
    ) -> CafeSessionPayload:
        fields = input.session_fields(input.title, input.starts_at)
        return CafeSessionPayload.of(await mutate(info, sessions.create_session, fields))

    @mutation(description="Change a café's details; for its organiser.")
    async def cafe_session_update(
        self, info: Info, input: CafeSessionUpdateInput
    ) -> CafeSessionPayload:
        session_id = decode_id(input.id, "CafeSession")
        fields = input.session_fields(input.title, input.starts_at)
        return CafeSessionPayload.of(
            await mutate(info, sessions.update_session, session_id, fields)
        )

    @mutation(description="Close the café: the running round ends; notes stay.")
    async def cafe_session_close(self, info: Info, input: CafeSessionIdInput) -> CafeSessionPayload:
        session_id = decode_id(input.id, "CafeSession")
        return CafeSessionPayload.of(await mutate(info, sessions.close_session, session_id))

    @mutation(description="Add a round (a question, perhaps under a principle).")
    async def cafe_round_add(self, info: Info, input: CafeRoundAddInput) -> CafeRoundPayload:
        outcome = await mutate(
            info,
            rounds.add_round,
            decode_id(input.session_id, "CafeSession", "session_id"),
            question=input.question,
            principle=PrincipleCode(input.principle) if input.principle else None,
            timebox_seconds=input.timebox_seconds,
        )
        return CafeRoundPayload.of(outcome)

    @mutation(
        description="Start a round: the running one ends, and a draft session goes live with it."
    )
    async def cafe_round_start(self, info: Info, input: CafeRoundIdInput) -> CafeRoundPayload:
        round_id = decode_id(input.id, "CafeRound")
        return CafeRoundPayload.of(await mutate(info, rounds.start_round, round_id))

    @mutation(description="End the running round before its time is up.")
    async def cafe_round_end(self, info: Info, input: CafeRoundIdInput) -> CafeRoundPayload:
        round_id = decode_id(input.id, "CafeRound")
        return CafeRoundPayload.of(await mutate(info, rounds.end_round, round_id))

    @mutation(description="Add a table.")
    async def cafe_table_add(self, info: Info, input: CafeTableAddInput) -> CafeTablePayload:
        session_id = decode_id(input.session_id, "CafeSession", "session_id")
        return CafeTablePayload.of(await mutate(info, tables.add_table, session_id, input.name))

    @mutation(description="Name a facilitator to host a table.")
    async def cafe_facilitator_add(
        self, info: Info, input: CafeFacilitatorAddInput
    ) -> CafeTablePayload:
        outcome = await mutate(
            info,
            tables.add_facilitator,
            decode_id(input.table_id, "CafeTable", "table_id"),
            input.email,
            address=info.context.client_address,
            limits=info.context.settings.accounts.login_limits,
        )
        return CafeTablePayload.of(outcome)

    @mutation(description="Stop a facilitator hosting a table.")
    async def cafe_facilitator_remove(
        self, info: Info, input: CafeFacilitatorRemoveInput
    ) -> CafeTablePayload:
        table_id = decode_id(input.table_id, "CafeTable", "table_id")
        user_id = decode_id(input.user_id, "User", "user_id")
        return CafeTablePayload.of(await mutate(info, tables.remove_facilitator, table_id, user_id))

    @mutation(
        description="Come into the room with the join code: with an account, or as a guest "
        "with a display name (the payload then carries the guest's token)."
    )
    async def cafe_session_join(self, info: Info, input: CafeSessionJoinInput) -> CafeJoinPayload:
        # a wrong code is stored as a failed attempt: answered with a Problem, not raised
        settings = info.context.settings
        outcome = await mutate(
            info,
            sessions.join_session,
            join_code=input.join_code,
            display_name=input.display_name,
            table_id=decode_id(input.table_id, "CafeTable", "table_id") if input.table_id else None,
            address=info.context.client_address,
            limits=settings.accounts.login_limits,
            token_ttl_days=1,
            settings=settings.cafe,
        )
        return CafeJoinPayload.of(outcome)

    @mutation(description="Leave the room.")
    async def cafe_session_leave(
        self, info: Info, input: CafeSessionIdInput
    ) -> CafeParticipantPayload:
        session_id = decode_id(input.id, "CafeSession")
        return CafeParticipantPayload.of(await mutate(info, sessions.leave_session, session_id))

    @mutation(description="Sit at another table.")
    async def cafe_participant_move(
        self, info: Info, input: CafeParticipantMoveInput
    ) -> CafeParticipantPayload:
        outcome = await mutate(
            info,
            sessions.move_to_table,
            decode_id(input.session_id, "CafeSession", "session_id"),
            decode_id(input.table_id, "CafeTable", "table_id"),
        )
        return CafeParticipantPayload.of(outcome)


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
