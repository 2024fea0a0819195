"""Live conversations and inboxes.

`conversationMessages` follows one conversation, for its two sides (and the coordinator once
a message was reported); `inbox` follows the viewer's own inbox: new messages and changes to
their exchanges, loans and sign-ups. Texts are read when an event is rendered, per viewer.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from datetime import datetime
from typing import Self

import strawberry

from app.services.exchange.events import CONVERSATION, INBOX, ConversationChanged, InboxItem
from app.services.live.feeds import LoggedEvent
from app.services.live.follower import AccessLost, SteadyFollower
from db.models import Conversation, Listing
from schema.context import Info
from schema.exchange.enums import ConversationEventKind, InboxEventKind
from schema.exchange.loaders import messages_by_id
from schema.exchange.types import MessageNode, readable
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
        if key is None:
            raise AccessLost(NO_SUCH_CONVERSATION)
        async with info.context.db.read() as session:
            conversation = await session.get(Conversation, key)
            listing = (
                None
                if conversation is None
                else await session.get(Listing, conversation.listing_id)
            )
        if conversation is None or listing is None or not await readable(info, conversation):
            raise AccessLost(NO_SUCH_CONVERSATION)
        viewer = info.context.viewer

        async def follower() -> SteadyFollower:
            return SteadyFollower(viewer, (viewer.user_id,), NO_SUCH_CONVERSATION)

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
