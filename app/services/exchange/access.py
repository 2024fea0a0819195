"""Who may do what in the exchange, one function each. Reads use the viewer's roles as read
when the request began; writes check again in the database."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from app.services.accounts.authority import current_role
from app.services.errors import forbidden
from app.services.viewer import Viewer
from db.models import Conversation, Listing


def is_member(viewer: Viewer, association_id: int) -> bool:
    return viewer.role_in(association_id) is not None


def can_edit_listing(viewer: Viewer, listing: Listing) -> bool:
    """The posting association's members (who post for it) and the coordinator."""
    return viewer.is_coordinator or is_member(viewer, listing.association_id)


def in_conversation(viewer: Viewer, conversation: Conversation, listing: Listing) -> bool:
    """Its two sides: the person who answered, and the posting association's members."""
    if viewer.user_id is None:
        return False
    return conversation.person_id == viewer.user_id or is_member(viewer, listing.association_id)


def can_read_conversation(viewer: Viewer, conversation: Conversation, listing: Listing) -> bool:
    """The two sides; the coordinator once a message was reported."""
    if in_conversation(viewer, conversation, listing):
        return True
    return viewer.is_coordinator and conversation.reported_at is not None


async def require_member(
    session: AsyncSession, viewer: Viewer, association_id: int, message: str
) -> int:
    user_id = viewer.require_account()
    if viewer.is_coordinator:
        return user_id
    if await current_role(session, user_id, association_id) is None:
        raise forbidden(message)
    return user_id


async def require_side(
    session: AsyncSession, viewer: Viewer, conversation: Conversation, listing: Listing
) -> bool:
    """One of the conversation's two sides; True for the posting association's side."""
    user_id = viewer.require_account()
    if conversation.person_id == user_id:
        return False
    if await current_role(session, user_id, listing.association_id) is not None:
        return True
    raise forbidden("Only the conversation's two sides write in it.")
