"""Answering a listing without exposing anyone: a conversation between the person who answers
(for their association, or as a private volunteer) and the posting association's members.
No email address or phone number is shown through it: each side sees only what the other
chose to share (`share_contact`)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.services.accounts.authority import current_role
from app.services.clock import now
from app.services.errors import ErrorCode, Problems, fail, forbidden, not_found
from app.services.exchange import access
from app.services.exchange.events import (
    CONVERSATION,
    ConversationChanged,
    InboxItem,
    members_of,
    notify,
)
from app.services.exchange.vocabulary import ConversationEventKind, InboxEventKind, ListingStatus
from app.services.live import log
from app.services.validation import clean_text
from app.services.viewer import Viewer
from db.models import Conversation, Listing, Message

MESSAGE_MAX = 4000
SHARE_MAX = 300


def _text(text: str, field: str = "message") -> str:
    problems = Problems()
    cleaned = clean_text(
        problems, field, text, max_length=MESSAGE_MAX, required=True, multiline=True
    )
    problems.raise_if_any()
    assert cleaned is not None
    return cleaned


async def _post(
    session: AsyncSession,
    conversation: Conversation,
    listing: Listing,
    user_id: int,
    from_poster: bool,
    text: str,
) -> Message:
    moment = now()
    message = Message(
        conversation_id=conversation.id,
        sender_id=user_id,
        from_poster=from_poster,
        text=text,
        reported=False,
        created_at=moment,
    )
    session.add(message)
    conversation.last_message_at = moment
    await session.flush()
    await log.record(
        session,
        CONVERSATION,
        conversation.id,
        ConversationEventKind.MESSAGE_SENT,
        ConversationChanged(conversation_id=conversation.id, message_id=message.id),
    )
    others = set(await members_of(session, listing.association_id)) | {conversation.person_id}
    others.discard(user_id)
    await notify(
        session,
        others,
        InboxEventKind.MESSAGE_RECEIVED,
        InboxItem(conversation_id=conversation.id, message_id=message.id),
    )
    return message


@dataclass(frozen=True)
class Opening:
    listing_id: int
    message: str
    association_id: int | None = None  # answering for an association; None: as a person


async def start_conversation(
    session: AsyncSession, viewer: Viewer, opening: Opening
) -> Conversation:
    """Answer a listing; a second answer to the same listing goes on in the same conversation."""
    user_id = viewer.require_account()
    listing = await session.get(Listing, opening.listing_id)
    if listing is None:
        raise not_found("listing", "listing_id")
    if listing.status != ListingStatus.OPEN:
        raise fail(ErrorCode.CONFLICT, "The listing is not open.", "listing_id")
    if await current_role(session, user_id, listing.association_id) is not None:
        raise fail(ErrorCode.INVALID, "That is your own association's listing.", "listing_id")
    if (
        opening.association_id is not None
        and await current_role(session, user_id, opening.association_id) is None
    ):
        raise forbidden("You answer only for associations you are a member of.")
    text = _text(opening.message)
    conversation = await session.scalar(
        select(Conversation).where(
            Conversation.listing_id == listing.id, Conversation.person_id == user_id
        )
    )
    if conversation is None:
        moment = now()
        conversation = Conversation(
            listing_id=listing.id,
            person_id=user_id,
            person_association_id=opening.association_id,
            created_at=moment,
            last_message_at=moment,
        )
        try:
            async with session.begin_nested():
                session.add(conversation)
                await session.flush()
        except IntegrityError:  # the same person answered at the same moment elsewhere
            raise fail(
                ErrorCode.CONFLICT, "You are answering this listing already; retry."
            ) from None
    await _post(session, conversation, listing, user_id, False, text)
    return conversation


async def _conversation(
    session: AsyncSession, conversation_id: int
) -> tuple[Conversation, Listing]:
    conversation = await session.get(Conversation, conversation_id)
    if conversation is None:
        raise not_found("conversation", "conversation_id")
    listing = await session.get(Listing, conversation.listing_id)
    assert listing is not None
    return conversation, listing


async def send_message(
    session: AsyncSession, viewer: Viewer, conversation_id: int, text: str
) -> Message:
    conversation, listing = await _conversation(session, conversation_id)
    from_poster = await access.require_side(session, viewer, conversation, listing)
    assert viewer.user_id is not None
    return await _post(
        session, conversation, listing, viewer.user_id, from_poster, _text(text, "text")
    )


async def share_contact(
    session: AsyncSession, viewer: Viewer, conversation_id: int, contact: str | None
) -> Conversation:
    """What this side shows the other (an email, a phone number, in its own words); None
    takes it back."""
    conversation, listing = await _conversation(session, conversation_id)
    from_poster = await access.require_side(session, viewer, conversation, listing)
    problems = Problems()
    shared = clean_text(problems, "contact", contact, max_length=SHARE_MAX)
    problems.raise_if_any()
    if from_poster:
        conversation.poster_shares = shared
    else:
        conversation.person_shares = shared
    await session.flush()
    await log.record(
        session,
        CONVERSATION,
        conversation.id,
        ConversationEventKind.CONTACT_SHARED,
        ConversationChanged(conversation_id=conversation.id),
    )
    return conversation


async def report_message(
    session: AsyncSession, viewer: Viewer, message_id: int, reason: str
) -> Message:
    """A side reports a message: the coordinator may then read the conversation."""
    message = await session.get(Message, message_id)
    if message is None:
        raise not_found("message")
    conversation, listing = await _conversation(session, message.conversation_id)
    await access.require_side(session, viewer, conversation, listing)
    problems = Problems()
    text = clean_text(problems, "reason", reason, max_length=1000, required=True, multiline=True)
    problems.raise_if_any()
    message.reported, message.report_reason = True, text
    conversation.reported_at = conversation.reported_at or now()
    await session.flush()
    await log.record(
        session,
        CONVERSATION,
        conversation.id,
        ConversationEventKind.MESSAGE_REPORTED,
        ConversationChanged(conversation_id=conversation.id, message_id=message.id),
    )
    return message
