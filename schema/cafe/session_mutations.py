"""Running a café: sessions, rounds, tables, facilitators; joining, moving, leaving."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from app.services.agreement.principles import PrincipleCode
from app.services.cafe import rounds, sessions, tables
from app.services.errors import Problem
from db.models import CafeParticipant, CafeRound, CafeSession, CafeTable
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
from schema.cafe.session import CafeSessionNode
from schema.cafe.types import CafeParticipantNode, CafeRoundNode, CafeTableNode
from schema.context import Context
from schema.mutation import Outcome, run_mutation
from schema.relay import decode_id

Info = strawberry.Info[Context, None]


def _session_payload(outcome: Outcome[CafeSession]) -> CafeSessionPayload:
    return CafeSessionPayload(
        session=CafeSessionNode.from_row(outcome.value) if outcome.value else None,
        errors=outcome.errors,
    )


def _round_payload(outcome: Outcome[CafeRound]) -> CafeRoundPayload:
    return CafeRoundPayload(
        round=CafeRoundNode.from_row(outcome.value) if outcome.value else None,
        errors=outcome.errors,
    )


def _table_payload(outcome: Outcome[CafeTable]) -> CafeTablePayload:
    return CafeTablePayload(
        table=CafeTableNode.from_row(outcome.value) if outcome.value else None,
        errors=outcome.errors,
    )


def _participant_payload(outcome: Outcome[CafeParticipant]) -> CafeParticipantPayload:
    return CafeParticipantPayload(
        participant=CafeParticipantNode.from_row(outcome.value) if outcome.value else None,
        errors=outcome.errors,
    )


@strawberry.type
class CafeSessionMutations:
    @strawberry.mutation(description="Plan a café; whoever creates it is its organiser.")
    async def cafe_session_create(
        self, info: Info, input: CafeSessionCreateInput
    ) -> CafeSessionPayload:
        viewer = info.context.viewer

        async def work(session: AsyncSession) -> CafeSession:
            return await sessions.create_session(
                session, viewer, input.session_fields(input.title, input.starts_at)
            )

        return _session_payload(await run_mutation(info, work))

    @strawberry.mutation(description="Change a café's details; for its organiser.")
    async def cafe_session_update(
        self, info: Info, input: CafeSessionUpdateInput
    ) -> CafeSessionPayload:
        viewer = info.context.viewer

        async def work(session: AsyncSession) -> CafeSession:
            session_id = decode_id(input.id, "CafeSession")
            return await sessions.update_session(
                session, viewer, session_id, input.session_fields(input.title, input.starts_at)
            )

        return _session_payload(await run_mutation(info, work))

    @strawberry.mutation(description="Close the café: the running round ends; notes stay.")
    async def cafe_session_close(self, info: Info, input: CafeSessionIdInput) -> CafeSessionPayload:
        viewer = info.context.viewer

        async def work(session: AsyncSession) -> CafeSession:
            return await sessions.close_session(session, viewer, decode_id(input.id, "CafeSession"))

        return _session_payload(await run_mutation(info, work))

    @strawberry.mutation(description="Add a round (a question, perhaps under a principle).")
    async def cafe_round_add(self, info: Info, input: CafeRoundAddInput) -> CafeRoundPayload:
        viewer = info.context.viewer

        async def work(session: AsyncSession) -> CafeRound:
            return await rounds.add_round(
                session,
                viewer,
                decode_id(input.session_id, "CafeSession", "session_id"),
                question=input.question,
                principle=PrincipleCode(input.principle) if input.principle else None,
                timebox_seconds=input.timebox_seconds,
            )

        return _round_payload(await run_mutation(info, work))

    @strawberry.mutation(
        description="Start a round: the running one ends, and a draft session goes live with it."
    )
    async def cafe_round_start(self, info: Info, input: CafeRoundIdInput) -> CafeRoundPayload:
        viewer = info.context.viewer

        async def work(session: AsyncSession) -> CafeRound:
            return await rounds.start_round(session, viewer, decode_id(input.id, "CafeRound"))

        return _round_payload(await run_mutation(info, work))

    @strawberry.mutation(description="End the running round before its time is up.")
    async def cafe_round_end(self, info: Info, input: CafeRoundIdInput) -> CafeRoundPayload:
        viewer = info.context.viewer

        async def work(session: AsyncSession) -> CafeRound:
            return await rounds.end_round(session, viewer, decode_id(input.id, "CafeRound"))

        return _round_payload(await run_mutation(info, work))

    @strawberry.mutation(description="Add a table.")
    async def cafe_table_add(self, info: Info, input: CafeTableAddInput) -> CafeTablePayload:
        viewer = info.context.viewer

        async def work(session: AsyncSession) -> CafeTable:
            session_id = decode_id(input.session_id, "CafeSession", "session_id")
            return await tables.add_table(session, viewer, session_id, input.name)

        return _table_payload(await run_mutation(info, work))

    @strawberry.mutation(description="Name a facilitator to host a table.")
    async def cafe_facilitator_add(
        self, info: Info, input: CafeFacilitatorAddInput
    ) -> CafeTablePayload:
        context = info.context

        async def work(session: AsyncSession) -> CafeTable | Problem:
            table_id = decode_id(input.table_id, "CafeTable", "table_id")
            return await tables.add_facilitator(
                session,
                context.viewer,
                table_id,
                input.email,
                address=context.client_address,
                limits=context.runtime.settings.accounts.login_limits,
            )

        return _table_payload(await run_mutation(info, work))

    @strawberry.mutation(description="Stop a facilitator hosting a table.")
    async def cafe_facilitator_remove(
        self, info: Info, input: CafeFacilitatorRemoveInput
    ) -> CafeTablePayload:
        viewer = info.context.viewer

        async def work(session: AsyncSession) -> CafeTable:
            table_id = decode_id(input.table_id, "CafeTable", "table_id")
            user_id = decode_id(input.user_id, "User", "user_id")
            return await tables.remove_facilitator(session, viewer, table_id, user_id)

        return _table_payload(await run_mutation(info, work))

    @strawberry.mutation(
        description="Come into the room with the join code: with an account, or as a guest "
        "with a display name (the payload then carries the guest's token)."
    )
    async def cafe_session_join(self, info: Info, input: CafeSessionJoinInput) -> CafeJoinPayload:
        context = info.context
        runtime = context.runtime

        # a wrong code is stored as a failed attempt: answered with a Problem, not raised
        async def work(session: AsyncSession) -> sessions.Joined | Problem:
            table_id = (
                decode_id(input.table_id, "CafeTable", "table_id") if input.table_id else None
            )
            return await sessions.join_session(
                session,
                context.viewer,
                join_code=input.join_code,
                display_name=input.display_name,
                table_id=table_id,
                address=context.client_address,
                limits=runtime.settings.accounts.login_limits,
                token_ttl_days=1,
                settings=runtime.settings.cafe,
            )

        outcome = await run_mutation(info, work)
        result = outcome.value
        if result is None:
            return CafeJoinPayload(
                participant=None, session=None, token=None, errors=outcome.errors
            )
        return CafeJoinPayload(
            participant=CafeParticipantNode.from_row(result.participant),
            session=CafeSessionNode.from_row(result.cafe),
            token=result.token,
            errors=[],
        )

    @strawberry.mutation(description="Leave the room.")
    async def cafe_session_leave(
        self, info: Info, input: CafeSessionIdInput
    ) -> CafeParticipantPayload:
        viewer = info.context.viewer

        async def work(session: AsyncSession) -> CafeParticipant:
            return await sessions.leave_session(session, viewer, decode_id(input.id, "CafeSession"))

        return _participant_payload(await run_mutation(info, work))

    @strawberry.mutation(description="Sit at another table.")
    async def cafe_participant_move(
        self, info: Info, input: CafeParticipantMoveInput
    ) -> CafeParticipantPayload:
        viewer = info.context.viewer

        async def work(session: AsyncSession) -> CafeParticipant:
            return await sessions.move_to_table(
                session,
                viewer,
                decode_id(input.session_id, "CafeSession", "session_id"),
                decode_id(input.table_id, "CafeTable", "table_id"),
            )

        return _participant_payload(await run_mutation(info, work))
