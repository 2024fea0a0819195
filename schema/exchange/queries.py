"""Exchange queries."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Annotated, Any, TypeVar

import strawberry
from sqlalchemy import Select, or_, select
from sqlalchemy.orm import InstrumentedAttribute
from strawberry import relay

from app.services.exchange.search import count_listings, find_listings
from app.services.pagination import count, paginate
from db.models import Conversation, Exchange, Listing
from schema.context import Info
from schema.exchange.inputs import ListingFilter
from schema.exchange.record import ExchangeRecord, exchange_records
from schema.exchange.types import ConversationNode, ExchangeNode, ListingNode
from schema.loading import loader
from schema.relay import Connection, connection, id_or_no_row, page_request


@strawberry.type
class ExchangeQueries:
    @strawberry.field(description="Offers and requests, open ones in Swedish order unless told.")
    async def listings(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        filter: ListingFilter | None = None,
    ) -> Connection[ListingNode]:
        wanted = (filter or ListingFilter()).criteria()
        db = info.context.db
        async with db.read() as session:
            page = await find_listings(
                session, wanted, page_request(first, after), info.context.settings.max_page_size
            )

        async def total() -> int:
            async with db.read() as session:
                return await count_listings(session, wanted)

        return connection(page, ListingNode.from_row, total)

    @strawberry.field(
        description="The viewer's conversations, latest first: those they started and those "
        "with their associations' listings."
    )
    async def conversations(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        reported: Annotated[
            bool,
            strawberry.argument(
                description="The reported conversations instead (the coordinator's to read)."
            ),
        ] = False,
    ) -> Connection[ConversationNode]:
        viewer = info.context.viewer
        mine = list(viewer.roles)
        if reported:
            # the coordinator's work list; for anyone else, those of their own reported
            stmt = select(Conversation).where(Conversation.reported_at.is_not(None))
            if not viewer.is_coordinator:
                stmt = stmt.where(_own(viewer.user_id, mine))
        else:
            stmt = select(Conversation).where(_own(viewer.user_id, mine))
        return await _page(
            info,
            stmt,
            (Conversation.last_message_at, Conversation.id),
            first,
            after,
            ConversationNode.from_row,
        )

    @strawberry.field(
        description="Exchanges an association took part in (what it gave and received), "
        "newest first; public, as the association's page shows them."
    )
    async def exchanges(
        self,
        info: Info,
        association_id: strawberry.ID,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[ExchangeNode]:
        association = id_or_no_row(association_id, "Association")
        stmt = select(Exchange).where(
            or_(
                Exchange.giver_association_id == association,
                Exchange.receiver_association_id == association,
            )
        )
        return await _page(
            info, stmt, (Exchange.created_at, Exchange.id), first, after, ExchangeNode.from_row
        )

    @strawberry.field(
        description="What an association gave and received (completed exchanges) and the "
        "thanks it got: the cooperation its page shows."
    )
    async def exchange_record(self, info: Info, association_id: strawberry.ID) -> ExchangeRecord:
        return await loader(info, exchange_records).load(
            id_or_no_row(association_id, "Association")
        )


N = TypeVar("N", bound=relay.Node)


def _own(user_id: int | None, associations: list[int]) -> Any:
    """Conversations the person started or their associations' listings drew."""
    return or_(
        Conversation.person_id == (user_id or -1),
        Conversation.listing_id.in_(
            select(Listing.id).where(Listing.association_id.in_(associations))
        ),
    )


async def _page(
    info: Info,
    stmt: Select[Any],
    order: Sequence[InstrumentedAttribute[Any]],
    first: int | None,
    after: str | None,
    to_node: Callable[[Any], N],
) -> Connection[N]:
    """A newest-first page of `stmt`'s rows."""
    db = info.context.db
    async with db.read() as session:
        page = await paginate(
            session,
            stmt,
            order,
            page_request(first, after),
            max_size=info.context.settings.max_page_size,
            descending=True,
        )

    async def total() -> int:
        async with db.read() as session:
            return await count(session, stmt)

    return connection(page, to_node, total)
