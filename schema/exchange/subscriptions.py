"""Live conversations and inboxes.

`conversationMessages` follows one conversation, for its two sides (and the coordinator once
a message was reported); `inbox` follows the viewer's own inbox: new messages and changes to
their exchanges, loans and sign-ups. Texts are read when an event is rendered, per viewer.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Hashable
from dataclasses import dataclass
from datetime import datetime
from typing import Self

import strawberry

from app.services.accounts.authority import current_role
from app.services.exchange.events import CONVERSATION, INBOX, ConversationChanged, InboxItem
from app.services.live.feeds import LoggedEvent
from app.services.live.follower import AccessLost, SteadyFollower, Verdict
from app.services.viewer import Viewer
from db.models import Conversation, Listing
from db.session import Database
from schema.context import Info
from schema.exchange.enums import ConversationEventKind, InboxEventKind
from schema.exchange.loaders import messages_by_id
from schema.exchange.types import MessageNode
from schema.live import follow, live_subscription
from schema.loading import loader
from schema.relay import id_or_none
from schema.sharing import viewer_field

NO_SUCH_CONVERSATION = "No conversation with that id."


@strawberry.type(description="A change in a conversation; `seq` counts them without gaps.")
class ConversationUpdate:
    seq: int
    kind: ConversationEventKind
    at: datetime
    message_id: strawberry.Private[int | None]

    @classmethod
    def of(cls, event: LoggedEvent) -> Self:
        payload = event.payload
        assert isinstance(payload, ConversationChanged)
        return cls(
            seq=event.seq,
            kind=ConversationEventKind(event.kind),
            at=event.at,
            message_id=payload.message_id,
        )

    @viewer_field(description="The message, on MESSAGE_* events.")
    async def message(self, info: Info) -> MessageNode | None:
        if self.message_id is None:
            return None
        row = await loader(info, messages_by_id).load(self.message_id)
        return MessageNode.from_row(row) if row is not None else None


@strawberry.type(description="Something for the viewer; `seq` counts their inbox without gaps.")
class InboxUpdate:
    seq: int
    kind: InboxEventKind
    at: datetime
    status: str | None
    conversation_id: strawberry.ID | None
    exchange_id: strawberry.ID | None
    loan_id: strawberry.ID | None
    signup_id: strawberry.ID | None

    @classmethod
    def of(cls, event: LoggedEvent) -> Self:
        item = event.payload
        assert isinstance(item, InboxItem)

        def gid(type_name: str, value: int | None) -> strawberry.ID | None:
            return (
                None
                if value is None
                else strawberry.ID(strawberry.relay.to_base64(type_name, value))
            )

        return cls(
            seq=event.seq,
            kind=InboxEventKind(event.kind),
            at=event.at,
            status=item.status,
            conversation_id=gid("Conversation", item.conversation_id),
            exchange_id=gid("Exchange", item.exchange_id),
            loan_id=gid("Loan", item.loan_id),
            signup_id=gid("VolunteerSignup", item.signup_id),
        )


async def _a_side(db: Database, viewer: Viewer, conversation_id: int) -> bool:
    """Whether the viewer reads the conversation now, as the database says: its person, a
    member of the posting association today, or the coordinator once it was reported."""
    if viewer.user_id is None:
        return False
    async with db.read() as session:
        conversation = await session.get(Conversation, conversation_id)
        if conversation is None:
            return False
        if conversation.person_id == viewer.user_id:
            return True
        listing = await session.get(Listing, conversation.listing_id)
        if listing is None:
            return False
        if await current_role(session, viewer.user_id, listing.association_id) is not None:
            return True
    return viewer.is_coordinator and conversation.reported_at is not None


@dataclass(frozen=True)
class ConversationFollower:
    """A side of a conversation. Leaving the posting association is no event of this feed,
    so each event is held back until the side is read again: one who left hears nothing more."""

    db: Database
    viewer: Viewer
    conversation_id: int
    scope: Hashable
    present: tuple[int, int | None] | None = None

    def affected_by(self, event: LoggedEvent) -> bool:
        return True

    async def verdict(self) -> Verdict:
        if await _a_side(self.db, self.viewer, self.conversation_id):
            return Verdict.SAME
        return Verdict.LOST

    def lost(self) -> AccessLost:
        return AccessLost(NO_SUCH_CONVERSATION)


@strawberry.type
class ExchangeSubscriptions:
    @live_subscription(
        cursor="afterSeq",
        description="A conversation's messages in order, with replay after afterSeq; for its "
        "two sides.",
    )
    async def conversation_messages(
        self, info: Info, conversation_id: strawberry.ID, after_seq: int | None = None
    ) -> AsyncGenerator[ConversationUpdate, None]:
        key = id_or_none(conversation_id, "Conversation")
        context = info.context
        if key is None or not await _a_side(context.db, context.viewer, key):
            raise AccessLost(NO_SUCH_CONVERSATION)
        viewer = context.viewer

        async def follower() -> ConversationFollower:
            return ConversationFollower(context.db, viewer, key, (viewer.user_id,))

        async for event in follow(info, CONVERSATION, key, after_seq, follower):
            yield ConversationUpdate.of(event)

    @live_subscription(
        cursor="afterSeq",
        description="The viewer's inbox: new messages and changes to their exchanges, loans "
        "and sign-ups, with replay after afterSeq.",
    )
    async def inbox(
        self, info: Info, after_seq: int | None = None
    ) -> AsyncGenerator[InboxUpdate, None]:
        viewer = info.context.viewer
        if viewer.user_id is None:
            raise AccessLost("Log in to follow your inbox.")

        async def follower() -> SteadyFollower:
            return SteadyFollower(viewer, (viewer.user_id,), "Log in to follow your inbox.")

        async for event in follow(info, INBOX, viewer.user_id, after_seq, follower):
            yield InboxUpdate.of(event)
