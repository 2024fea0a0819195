"""Volunteering: a person signs up for a VOLUNTEERING request, up to the number needed; the
association accepts or declines. The person's contact reaches the association only once it
accepts (the `contact` of an accepted sign-up)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.services.clock import now
from app.services.errors import ErrorCode, Problems, fail, forbidden, not_found
from app.services.exchange import access
from app.services.exchange.events import InboxItem, notify, notify_associations
from app.services.exchange.locking import lock_listing
from app.services.exchange.vocabulary import (
    Direction,
    InboxEventKind,
    ListingKind,
    ListingStatus,
    SignupStatus,
)
from app.services.validation import clean_text
from app.services.viewer import Viewer
from db.models import Listing, VolunteerSignup


async def sign_up(
    session: AsyncSession, viewer: Viewer, listing_id: int, message: str | None
) -> VolunteerSignup:
    user_id = viewer.require_account()
    listing = await lock_listing(session, listing_id, "listing_id")
    if listing.kind != ListingKind.VOLUNTEERING or listing.direction != Direction.REQUEST:
        raise fail(ErrorCode.INVALID, "Volunteers sign up for volunteering requests.", "listing_id")
    if listing.status != ListingStatus.OPEN:
        raise fail(ErrorCode.CONFLICT, "The listing is not open.", "listing_id")
    if (
        listing.volunteers_needed is not None
        and listing.volunteers_accepted >= listing.volunteers_needed
    ):
        raise fail(ErrorCode.FULL, "Enough volunteers have been taken on.", "listing_id")
    problems = Problems()
    text = clean_text(problems, "message", message, max_length=1000, multiline=True)
    problems.raise_if_any()
    moment = now()
    signup = VolunteerSignup(
        listing_id=listing.id,
        user_id=user_id,
        message=text,
        status=str(SignupStatus.PENDING),
        created_at=moment,
        updated_at=moment,
    )
    try:
        async with session.begin_nested():
            session.add(signup)
            await session.flush()
    except IntegrityError:
        raise fail(ErrorCode.DUPLICATE, "You have signed up already.", "listing_id") from None
    await notify_associations(
        session,
        (listing.association_id,),
        InboxEventKind.SIGNUP_CHANGED,
        InboxItem(signup_id=signup.id, status=signup.status),
    )
    return signup


async def _locked(session: AsyncSession, signup_id: int) -> tuple[VolunteerSignup, Listing]:
    listing_id = await session.scalar(
        select(VolunteerSignup.listing_id).where(VolunteerSignup.id == signup_id)
    )
    if listing_id is None:
        raise not_found("sign-up")
    listing = await lock_listing(session, listing_id)
    signup = await session.get(VolunteerSignup, signup_id, populate_existing=True)
    assert signup is not None
    return signup, listing


async def decide_signup(
    session: AsyncSession, viewer: Viewer, signup_id: int, accept: bool
) -> VolunteerSignup:
    signup, listing = await _locked(session, signup_id)
    await access.require_member(
        session, viewer, listing.association_id, "Only the association decides on its volunteers."
    )
    if signup.status != SignupStatus.PENDING:
        raise fail(
            ErrorCode.CONFLICT, f"A {signup.status.lower()} sign-up cannot be decided.", "id"
        )
    if accept:
        if (
            listing.volunteers_needed is not None
            and listing.volunteers_accepted >= listing.volunteers_needed
        ):
            raise fail(ErrorCode.FULL, "Enough volunteers have been taken on.", "id")
        listing.volunteers_accepted += 1
    signup.status = str(SignupStatus.ACCEPTED if accept else SignupStatus.DECLINED)
    signup.updated_at = now()
    await session.flush()
    await notify(
        session,
        (signup.user_id,),
        InboxEventKind.SIGNUP_CHANGED,
        InboxItem(signup_id=signup.id, status=signup.status),
    )
    return signup


async def withdraw_signup(session: AsyncSession, viewer: Viewer, signup_id: int) -> VolunteerSignup:
    user_id = viewer.require_account()
    signup, listing = await _locked(session, signup_id)
    if signup.user_id != user_id:
        raise forbidden("Only the volunteer withdraws.")
    if signup.status not in (SignupStatus.PENDING, SignupStatus.ACCEPTED):
        raise fail(ErrorCode.CONFLICT, "The sign-up is over already.", "id")
    if signup.status == SignupStatus.ACCEPTED:
        listing.volunteers_accepted -= 1
    signup.status = str(SignupStatus.WITHDRAWN)
    signup.updated_at = now()
    await session.flush()
    return signup
