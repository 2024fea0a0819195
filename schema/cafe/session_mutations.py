"""Running a café: sessions, rounds, tables, facilitators; joining, moving, leaving."""

from __future__ import annotations

import strawberry

from app.services.agreement.principles import PrincipleCode
from app.services.cafe import rounds, sessions, tables
from schema.cafe.inputs import (
    CafeFacilitatorAddInput,
    CafeFacilitatorRemoveInput,
    CafeParticipantMoveInput,
    CafeRoundAddInput,
    CafeRoundIdInput,
    CafeSessionCreateInput,
    CafeSessionIdInput,
    CafeSessionJoinInput,
    CafeSessionUpdateInput,
    CafeTableAddInput,
)
from schema.cafe.payloads import (
    CafeJoinPayload,
    CafeParticipantPayload,
    CafeRoundPayload,
    CafeSessionPayload,
    CafeTablePayload,
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
