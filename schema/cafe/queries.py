"""Café queries."""

from __future__ import annotations

from datetime import datetime

import strawberry

from app.services.cafe.listing import count_sessions, find_sessions
from app.services.cafe.vocabulary import SessionStatus
from app.services.clock import now
from schema.cafe.enums import CafeSessionStatus
from schema.cafe.loaders import summaries_by_session_id
from schema.cafe.session import CafeSessionNode
from schema.cafe.summary import CafeSummary
from schema.cafe.types import access_of
from schema.context import Info
from schema.loading import loader
from schema.relay import Connection, connection, id_or_none, page_request


@strawberry.type
class CafeQueries:
    @strawberry.field(description="The café sessions the viewer may read, newest first.")
    async def cafe_sessions(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        status: CafeSessionStatus | None = None,
    ) -> Connection[CafeSessionNode]:
        viewer = info.context.viewer
        wanted = SessionStatus(status) if status else None
        db = info.context.db
        async with db.read() as session:
            page = await find_sessions(
                session,
                viewer,
                wanted,
                page_request(first, after),
                info.context.settings.max_page_size,
            )

        async def total() -> int:
            async with db.read() as session:
                return await count_sessions(session, viewer, wanted)

        return connection(page, CafeSessionNode.from_row, total)

    @strawberry.field(description="One café session, if the viewer may read it.")
    async def cafe_session(self, info: Info, id: strawberry.ID) -> CafeSessionNode | None:
        session_id = id_or_none(id, "CafeSession")
        access = await access_of(info, session_id) if session_id is not None else None
        return (
            CafeSessionNode.from_row(access.cafe)
            if access is not None and access.can_read
            else None
        )

    @strawberry.field(
        description="Per question and per principle, the answers ranked by how often they were "
        "given (clusters count their notes) and by votes."
    )
    async def cafe_summary(self, info: Info, session_id: strawberry.ID) -> CafeSummary | None:
        cafe_id = id_or_none(session_id, "CafeSession")
        access = await access_of(info, cafe_id) if cafe_id is not None else None
        if access is None or not access.can_read:
            return None
        return CafeSummary.of(await loader(info, summaries_by_session_id).load(access.cafe.id))

    @strawberry.field(description="The server's clock, for counting down to a round's endsAt.")
    def server_time(self) -> datetime:
        return now()
