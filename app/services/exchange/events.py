"""The exchange's live feeds: each conversation's messages (`exchange.conversation`, per
conversation) and each person's inbox (`exchange.inbox`, per user: new messages, and changes
to their exchanges, loans and sign-ups). Payloads carry ids and states, never a text or a
contact: those are read from the database, for those allowed, when an event is rendered."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.services.exchange.vocabulary import ConversationEventKind, InboxEventKind
from app.services.live import log
from app.services.live.feeds import Feed, Payload
from db.models import Membership


class ConversationChanged(Payload):
    conversation_id: int
    message_id: int | None = None


class InboxItem(Payload):
    conversation_id: int | None = None
    message_id: int | None = None
    exchange_id: int | None = None
    loan_id: int | None = None
    signup_id: int | None = None
    status: str | None = None


CONVERSATION: Feed[ConversationEventKind] = Feed(
    name="exchange.conversation",
    kinds={kind: ConversationChanged for kind in ConversationEventKind},
    # leaving the posting association is no event here: every event has its followers' sides
    # read again (schema/exchange/subscriptions.ConversationFollower)
    access_kinds=frozenset(ConversationEventKind),
)
INBOX: Feed[InboxEventKind] = Feed(
    name="exchange.inbox", kinds={kind: InboxItem for kind in InboxEventKind}
)


async def members_of(session: AsyncSession, association_id: int) -> list[int]:
    return list(
        (
            await session.scalars(
                select(Membership.user_id).where(Membership.association_id == association_id)
            )
        ).all()
    )


async def notify(
    session: AsyncSession, user_ids: Iterable[int], kind: InboxEventKind, item: InboxItem
) -> None:
    """An entry in each person's inbox (published after the commit)."""
    for user_id in sorted(set(user_ids)):
        await log.record(session, INBOX, user_id, kind, item)


async def notify_associations(
    session: AsyncSession,
    association_ids: Iterable[int],
    kind: InboxEventKind,
    item: InboxItem,
    *,
    besides: Iterable[int] = (),
) -> None:
    people = set(besides)
    for association_id in set(association_ids):
        people.update(await members_of(session, association_id))
    await notify(session, people, kind, item)
