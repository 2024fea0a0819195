"""The exchange's nodes: listings, conversations and messages, exchanges, loans, sign-ups."""

from __future__ import annotations

from datetime import date, datetime
from typing import Self

import strawberry
from strawberry import relay

from app.services.associations import vocabulary as register
from app.services.exchange import access
from app.services.exchange.loans import is_overdue, left
from app.services.exchange.search import matches as find_matches
from app.services.exchange.vocabulary import Direction as DirectionValue
from app.services.exchange.vocabulary import ExchangeStatus as ExchangeStatusValue
from app.services.exchange.vocabulary import ListingKind as KindValue
from app.services.exchange.vocabulary import ListingStatus as ListingStatusValue
from app.services.exchange.vocabulary import LoanStatus as LoanStatusValue
from app.services.exchange.vocabulary import SignupStatus as SignupStatusValue
from app.services.pagination import decode_cursor, encode_cursor
from app.services.terms import TermsKind as TermsKindValue
from app.services.translations import SWEDISH, in_language
from db.models import Conversation as ConversationRow
from db.models import Exchange as ExchangeRow
from db.models import Listing as ListingRow
from db.models import Loan as LoanRow
from db.models import Message as MessageRow
from db.models import VolunteerSignup as SignupRow
from schema.accounts.loaders import users_by_id
from schema.associations.enums import District
from schema.associations.loaders import associations_by_id
from schema.associations.types import AssociationNode
from schema.context import Info
from schema.exchange.enums import (
    Direction,
    ExchangeStatus,
    ListingKind,
    ListingStatus,
    LoanStatus,
    SignupStatus,
)
from schema.exchange.loaders import (
    conversation_messages,
    conversations_by_id,
    exchanges_by_id,
    listing_loans,
    listing_signups,
    listings_by_id,
    loans_by_id,
    messages_by_id,
    signups_by_id,
    translations_by_listing_id,
)
from schema.loading import loader, nodes_by_ids, visible_each
from schema.premises.types import Terms
from schema.relay import Connection
from schema.sharing import scope_field, viewer_field

MAX_MATCHES = 50


async def _association(info: Info, association_id: int | None) -> AssociationNode | None:
    if association_id is None:
        return None
    row = await loader(info, associations_by_id).load(association_id)
    return AssociationNode.from_row(row) if row is not None else None


@strawberry.type(description="A listing that could meet another, with how well.")
class ListingMatch:
    score: int = strawberry.field(
        description="3 for each topic in common, 1 for each word of the title found, 1 for "
        "the same district."
    )
    listing: ListingNode


@strawberry.type
class ListingMatchEdge:
    cursor: str
    node: ListingMatch


@strawberry.type(description="A page of matches, best first.")
class ListingMatches:
    total_count: int
    edges: list[ListingMatchEdge]
    page_info: relay.PageInfo

    @strawberry.field
    def nodes(self) -> list[ListingMatch]:
        return [edge.node for edge in self.edges]


@strawberry.type(name="Listing", description="An offer or a request in the exchange.")
class ListingNode(relay.Node):
    id: relay.NodeID[int]
    direction: Direction
    kind: ListingKind
    topics: list[str]
    district: District | None
    available_from: date | None
    available_until: date | None
    status: ListingStatus
    terms: Terms
    quantity: int | None = strawberry.field(description="Equipment: how many there are.")
    units_left: int | None = strawberry.field(description="Equipment: how many are free now.")
    condition: str | None
    lending_days: int | None
    volunteers_needed: int | None
    volunteers_accepted: int
    task_when: str | None
    asks: str | None
    created_at: datetime
    row: strawberry.Private[ListingRow]

    @classmethod
    def from_row(cls, row: ListingRow) -> Self:
        return cls(
            id=row.id,
            direction=DirectionValue(row.direction),
            kind=KindValue(row.kind),
            topics=list(row.topics),
            district=register.District(row.district) if row.district else None,
            available_from=row.available_from,
            available_until=row.available_until,
            status=ListingStatusValue(row.status),
            terms=Terms(kind=TermsKindValue(row.terms), text=row.terms_text or None),
            quantity=row.quantity,
            units_left=left(row) if row.quantity is not None else None,
            condition=row.condition,
            lending_days=row.lending_days,
            volunteers_needed=row.volunteers_needed,
            volunteers_accepted=row.volunteers_accepted,
            task_when=row.task_when,
            asks=row.asks,
            created_at=row.created_at,
            row=row,
        )

    @classmethod
    async def load_nodes(cls, info: Info, node_ids: list[str]) -> list[Self | None]:
        return await nodes_by_ids(info, listings_by_id, node_ids, cls.from_row)

    async def _translated(self, info: Info, language: str | None, part: str) -> str | None:
        if not language or language.strip().lower() in SWEDISH:
            return None  # the text itself: nothing to load
        rows = await loader(info, translations_by_listing_id).load(self.id)
        return in_language(rows, language, part)

    @scope_field(description="In Swedish, or in `language` where a translation exists.")
    async def title(self, info: Info, language: str | None = None) -> str:
        return await self._translated(info, language, "title") or self.row.title

    @scope_field(description="In Swedish, or in `language` where a translation exists.")
    async def description(self, info: Info, language: str | None = None) -> str:
        return await self._translated(info, language, "description") or self.row.description

    @scope_field(description="The posting association.")
    async def association(self, info: Info) -> AssociationNode | None:
        return await _association(info, self.row.association_id)

    @scope_field(
        description="Open listings of the same kind and the other direction that could meet "
        "this one, best first (computed in the database; at most 50)."
    )
    async def matches(
        self, info: Info, first: int | None = 10, after: str | None = None
    ) -> ListingMatches:
        start = 0
        if after is not None:
            (position,) = decode_cursor(after, (ListingRow.id,))
            start = int(str(position)) + 1
        size = max(1, min(first or 10, MAX_MATCHES))
        async with info.context.db.read() as session:
            found = await find_matches(session, self.row, MAX_MATCHES)
        edges = [
            ListingMatchEdge(
                cursor=encode_cursor([index]),
                node=ListingMatch(score=score, listing=ListingNode.from_row(row)),
            )
            for index, (row, score) in list(enumerate(found))[start : start + size]
        ]
        return ListingMatches(
            total_count=len(found),
            edges=edges,
            page_info=relay.PageInfo(
                has_next_page=start + size < len(found),
                has_previous_page=start > 0,
                start_cursor=edges[0].cursor if edges else None,
                end_cursor=edges[-1].cursor if edges else None,
            ),
        )

    @viewer_field(description="Whether the viewer may edit or close it.")
    def viewer_can_edit(self, info: Info) -> bool:
        return access.can_edit_listing(info.context.viewer, self.row)

    @viewer_field(description="Loans of this equipment; for the lender.")
    async def loans(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[LoanNode] | None:
        if not access.can_edit_listing(info.context.viewer, self.row):
            return None
        return await listing_loans.connection(info, self.id, first, after, LoanNode.from_row)

    @viewer_field(description="Volunteers who signed up; for the posting association.")
    async def volunteer_signups(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[VolunteerSignupNode] | None:
        if not access.can_edit_listing(info.context.viewer, self.row):
            return None
        return await listing_signups.connection(
            info, self.id, first, after, VolunteerSignupNode.from_row
        )


@strawberry.type(name="Conversation", description="Answers to a listing, between its two sides.")
class ConversationNode(relay.Node):
    id: relay.NodeID[int]
    created_at: datetime
    last_message_at: datetime
    reported: bool
    row: strawberry.Private[ConversationRow]

    @classmethod
    def from_row(cls, row: ConversationRow) -> Self:
        return cls(
            id=row.id,
            created_at=row.created_at,
            last_message_at=row.last_message_at,
            reported=row.reported_at is not None,
            row=row,
        )

    @classmethod
    async def load_nodes(cls, info: Info, node_ids: list[str]) -> list[Self | None]:
        return await nodes_by_ids(
            info, conversations_by_id, node_ids, cls.from_row, visible_each(readable)
        )

    @scope_field()
    async def listing(self, info: Info) -> ListingNode | None:
        row = await loader(info, listings_by_id).load(self.row.listing_id)
        return ListingNode.from_row(row) if row is not None else None

    @scope_field(description="The association the person answered for; null: as a person.")
    async def answering_association(self, info: Info) -> AssociationNode | None:
        return await _association(info, self.row.person_association_id)

    @scope_field(description="The display name of the person who answered.")
    async def person_name(self, info: Info) -> str | None:
        user = await loader(info, users_by_id).load(self.row.person_id)
        return user.display_name if user is not None else None

    @viewer_field(
        description="What the other side chose to share with the viewer's (an email, a phone "
        "number, in their words); null until it does."
    )
    async def they_share(self, info: Info) -> str | None:
        if info.context.viewer.user_id == self.row.person_id:
            return self.row.poster_shares
        return self.row.person_shares if await self._poster_side(info) else None

    @viewer_field(description="What the viewer's side shares with the other.")
    async def viewer_shares(self, info: Info) -> str | None:
        if info.context.viewer.user_id == self.row.person_id:
            return self.row.person_shares
        return self.row.poster_shares if await self._poster_side(info) else None

    async def _poster_side(self, info: Info) -> bool:
        """A member of the posting association (not the coordinator reading a report: what
        each side shared is for the other side alone)."""
        listing = await loader(info, listings_by_id).load(self.row.listing_id)
        return listing is not None and access.is_member(info.context.viewer, listing.association_id)

    @viewer_field(description="Messages in the order written.")
    async def messages(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[MessageNode] | None:
        if not await readable(info, self.row):
            return None
        return await conversation_messages.connection(
            info, self.id, first, after, MessageNode.from_row
        )


async def readable(info: Info, conversation: ConversationRow) -> bool:
    listing = await loader(info, listings_by_id).load(conversation.listing_id)
    return listing is not None and access.can_read_conversation(
        info.context.viewer, conversation, listing
    )


@strawberry.type(name="Message", description="A message in a conversation.")
class MessageNode(relay.Node):
    id: relay.NodeID[int]
    from_poster: bool = strawberry.field(description="Written by the posting association's side.")
    sent_at: datetime
    reported: bool
    row: strawberry.Private[MessageRow]

    @classmethod
    def from_row(cls, row: MessageRow) -> Self:
        return cls(
            id=row.id,
            from_poster=row.from_poster,
            sent_at=row.created_at,
            reported=row.reported,
            row=row,
        )

    @classmethod
    async def load_nodes(cls, info: Info, node_ids: list[str]) -> list[Self | None]:
        async def seen(info: Info, row: MessageRow) -> bool:
            conversation = await loader(info, conversations_by_id).load(row.conversation_id)
            return conversation is not None and await readable(info, conversation)

        return await nodes_by_ids(info, messages_by_id, node_ids, cls.from_row, visible_each(seen))

    @viewer_field(description="The text; for the conversation's sides.")
    async def text(self, info: Info) -> str | None:
        conversation = await loader(info, conversations_by_id).load(self.row.conversation_id)
        if conversation is None or not await readable(info, conversation):
            return None
        return self.row.text

    @viewer_field(description="The writer's display name; for the conversation's sides.")
    async def sender_name(self, info: Info) -> str | None:
        conversation = await loader(info, conversations_by_id).load(self.row.conversation_id)
        if conversation is None or not await readable(info, conversation):
            return None
        user = await loader(info, users_by_id).load(self.row.sender_id)
        return user.display_name if user is not None else None


@strawberry.type(name="Exchange", description="Who gives what to whom, agreed by both sides.")
class ExchangeNode(relay.Node):
    id: relay.NodeID[int]
    what: str
    status: ExchangeStatus
    giver_confirmed: bool
    receiver_confirmed: bool
    booking_id: strawberry.ID | None = strawberry.field(
        description="The premises booking lent in return for this help, if any."
    )
    created_at: datetime
    row: strawberry.Private[ExchangeRow]

    @classmethod
    def from_row(cls, row: ExchangeRow) -> Self:
        return cls(
            id=row.id,
            what=row.what,
            status=ExchangeStatusValue(row.status),
            giver_confirmed=row.giver_confirmed,
            receiver_confirmed=row.receiver_confirmed,
            booking_id=None
            if row.booking_id is None
            else strawberry.ID(relay.to_base64("Booking", row.booking_id)),
            created_at=row.created_at,
            row=row,
        )

    @classmethod
    async def load_nodes(cls, info: Info, node_ids: list[str]) -> list[Self | None]:
        return await nodes_by_ids(info, exchanges_by_id, node_ids, cls.from_row)

    @scope_field()
    async def giver(self, info: Info) -> AssociationNode | None:
        return await _association(info, self.row.giver_association_id)

    @scope_field()
    async def receiver(self, info: Info) -> AssociationNode | None:
        return await _association(info, self.row.receiver_association_id)

    @scope_field()
    async def listing(self, info: Info) -> ListingNode | None:
        row = await loader(info, listings_by_id).load(self.row.listing_id)
        return ListingNode.from_row(row) if row is not None else None


@strawberry.type(name="Loan", description="Equipment lent between associations.")
class LoanNode(relay.Node):
    id: relay.NodeID[int]
    quantity: int
    status: LoanStatus
    due_on: date | None
    overdue: bool
    created_at: datetime
    row: strawberry.Private[LoanRow]

    @classmethod
    def from_row(cls, row: LoanRow) -> Self:
        return cls(
            id=row.id,
            quantity=row.quantity,
            status=LoanStatusValue(row.status),
            due_on=row.due_on,
            overdue=is_overdue(row),
            created_at=row.created_at,
            row=row,
        )

    @classmethod
    async def load_nodes(cls, info: Info, node_ids: list[str]) -> list[Self | None]:
        return await nodes_by_ids(
            info, loans_by_id, node_ids, cls.from_row, visible_each(_sees_loan)
        )

    @scope_field()
    async def borrower(self, info: Info) -> AssociationNode | None:
        return await _association(info, self.row.borrower_association_id)

    @scope_field()
    async def listing(self, info: Info) -> ListingNode | None:
        row = await loader(info, listings_by_id).load(self.row.listing_id)
        return ListingNode.from_row(row) if row is not None else None


@strawberry.type(description="A volunteer's contact, shared once the association accepted.")
class VolunteerContact:
    name: str
    email: str


@strawberry.type(name="VolunteerSignup", description="A person offering to volunteer.")
class VolunteerSignupNode(relay.Node):
    id: relay.NodeID[int]
    status: SignupStatus
    created_at: datetime
    row: strawberry.Private[SignupRow]

    @classmethod
    def from_row(cls, row: SignupRow) -> Self:
        return cls(
            id=row.id, status=SignupStatusValue(row.status), created_at=row.created_at, row=row
        )

    @classmethod
    async def load_nodes(cls, info: Info, node_ids: list[str]) -> list[Self | None]:
        return await nodes_by_ids(
            info, signups_by_id, node_ids, cls.from_row, visible_each(_sees_signup)
        )

    @viewer_field(description="The volunteer's message; for the association and the volunteer.")
    async def message(self, info: Info) -> str | None:
        return self.row.message if await _sees_signup(info, self.row) else None

    @viewer_field(
        description="Name and email: for the association once it accepted, and the volunteer."
    )
    async def contact(self, info: Info) -> VolunteerContact | None:
        viewer = info.context.viewer
        own = viewer.user_id == self.row.user_id
        accepted = self.row.status == SignupStatusValue.ACCEPTED
        listing = await loader(info, listings_by_id).load(self.row.listing_id)
        # shared with the association that accepted them: its members, not the coordinator
        theirs = listing is not None and access.is_member(viewer, listing.association_id)
        if not own and not (accepted and theirs):
            return None
        user = await loader(info, users_by_id).load(self.row.user_id)
        return None if user is None else VolunteerContact(name=user.display_name, email=user.email)


async def _sees_loan(info: Info, row: LoanRow) -> bool:
    """A loan is its two sides' (the lending and the borrowing association) and the
    coordinator's, as the listing's loans are."""
    viewer = info.context.viewer
    if viewer.is_coordinator or access.is_member(viewer, row.borrower_association_id):
        return True
    listing = await loader(info, listings_by_id).load(row.listing_id)
    return listing is not None and access.can_edit_listing(viewer, listing)


async def _sees_signup(info: Info, row: SignupRow) -> bool:
    viewer = info.context.viewer
    if viewer.user_id == row.user_id:
        return True
    listing = await loader(info, listings_by_id).load(row.listing_id)
    return listing is not None and access.can_edit_listing(viewer, listing)
