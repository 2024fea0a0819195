"""Agreed exchanges: who gives what to whom. PROPOSED → ACCEPTED or DECLINED (by the other
side); ACCEPTED → COMPLETED once both sides confirm, or CANCELLED by either. Both sides may
thank the other once it is completed; an association's page shows what it gave and got."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.services.accounts.authority import current_role
from app.services.clock import now
from app.services.errors import ErrorCode, Problems, fail, forbidden, not_found
from app.services.exchange.events import InboxItem, notify_associations
from app.services.exchange.vocabulary import Direction, ExchangeStatus, InboxEventKind
from app.services.validation import clean_text
from app.services.viewer import Viewer
from db.models import Association, Booking, Exchange, ExchangeThanks, Listing


@dataclass(frozen=True)
class Proposal:
    listing_id: int
    association_id: int  # the proposing side's association (the listing's, or the other)
    counterpart_id: int  # the other side's association
    what: str
    booking_id: int | None = None  # a premises booking made in return for this help


async def _side(session: AsyncSession, viewer: Viewer, exchange: Exchange) -> bool:
    """True for the giver's side, False for the receiver's; FORBIDDEN for anyone else."""
    user_id = viewer.require_account()
    if viewer.is_coordinator:
        return True
    for giver, association_id in (
        (True, exchange.giver_association_id),
        (False, exchange.receiver_association_id),
    ):
        if await current_role(session, user_id, association_id) is not None:
            return giver
    raise forbidden("Only the exchange's two sides may do that.")


async def _tell(session: AsyncSession, exchange: Exchange) -> None:
    await notify_associations(
        session,
        (exchange.giver_association_id, exchange.receiver_association_id),
        InboxEventKind.EXCHANGE_CHANGED,
        InboxItem(exchange_id=exchange.id, status=exchange.status),
    )


async def propose_exchange(session: AsyncSession, viewer: Viewer, proposal: Proposal) -> Exchange:
    user_id = viewer.require_account()
    listing = await session.get(Listing, proposal.listing_id)
    if listing is None:
        raise not_found("listing", "listing_id")
    if listing.association_id not in (proposal.association_id, proposal.counterpart_id):
        raise fail(
            ErrorCode.INVALID, "One side must be the listing's association.", "counterpart_id"
        )
    if proposal.association_id == proposal.counterpart_id:
        raise fail(ErrorCode.INVALID, "An exchange is between two associations.", "counterpart_id")
    for field_name, association_id in (
        ("association_id", proposal.association_id),
        ("counterpart_id", proposal.counterpart_id),
    ):
        if await session.get(Association, association_id) is None:
            raise not_found("association", field_name)
    if (
        not viewer.is_coordinator
        and await current_role(session, user_id, proposal.association_id) is None
    ):
        raise forbidden("You propose only for associations you are a member of.")
    problems = Problems()
    what = clean_text(
        problems, "what", proposal.what, max_length=2000, required=True, multiline=True
    )
    problems.raise_if_any()
    # an offer's association gives; a request's association receives
    offerer = listing.association_id
    other = (
        proposal.counterpart_id if proposal.association_id == offerer else proposal.association_id
    )
    giver, receiver = (offerer, other) if listing.direction == Direction.OFFER else (other, offerer)
    if proposal.booking_id is not None:
        booking = await session.get(Booking, proposal.booking_id)
        if booking is None:
            raise not_found("booking", "booking_id")
        if booking.association_id not in (giver, receiver):
            raise fail(ErrorCode.INVALID, "The booking is neither side's.", "booking_id")
        if await session.scalar(select(Exchange.id).where(Exchange.booking_id == booking.id)):
            raise fail(
                ErrorCode.CONFLICT, "The booking records another exchange already.", "booking_id"
            )
    moment = now()
    exchange = Exchange(
        listing_id=listing.id,
        giver_association_id=giver,
        receiver_association_id=receiver,
        what=what or "",
        status=str(ExchangeStatus.PROPOSED),
        proposed_by_giver=proposal.association_id == giver,
        giver_confirmed=False,
        receiver_confirmed=False,
        booking_id=proposal.booking_id,
        created_at=moment,
        updated_at=moment,
    )
    try:
        async with session.begin_nested():
            session.add(exchange)
            await session.flush()
    except IntegrityError:
        if proposal.booking_id is None:
            raise
        # the booking taken by another exchange meanwhile (unique)
        raise fail(
            ErrorCode.CONFLICT, "The booking records another exchange already.", "booking_id"
        ) from None
    await _tell(session, exchange)
    return exchange


async def _locked(session: AsyncSession, exchange_id: int) -> Exchange:
    exchange = await session.scalar(
        select(Exchange).where(Exchange.id == exchange_id).with_for_update()
        .execution_options(populate_existing=True)
    )  # fmt: skip
    if exchange is None:
        raise not_found("exchange")
    return exchange


def _require(exchange: Exchange, status: ExchangeStatus, doing: str) -> None:
    if exchange.status != status:
        raise fail(
            ErrorCode.CONFLICT, f"A {exchange.status.lower()} exchange cannot be {doing}.", "id"
        )


async def answer_exchange(
    session: AsyncSession, viewer: Viewer, exchange_id: int, accept: bool
) -> Exchange:
    """The side that did not propose accepts or declines."""
    exchange = await _locked(session, exchange_id)
    giver = await _side(session, viewer, exchange)
    _require(exchange, ExchangeStatus.PROPOSED, "answered")
    if giver == exchange.proposed_by_giver and not viewer.is_coordinator:
        raise forbidden("The other side answers a proposal.")
    exchange.status = str(ExchangeStatus.ACCEPTED if accept else ExchangeStatus.DECLINED)
    exchange.updated_at = now()
    await session.flush()
    await _tell(session, exchange)
    return exchange


async def complete_exchange(session: AsyncSession, viewer: Viewer, exchange_id: int) -> Exchange:
    """This side confirms it is done; COMPLETED when both have."""
    exchange = await _locked(session, exchange_id)
    giver = await _side(session, viewer, exchange)
    _require(exchange, ExchangeStatus.ACCEPTED, "completed")
    if giver:
        exchange.giver_confirmed = True
    else:
        exchange.receiver_confirmed = True
    if exchange.giver_confirmed and exchange.receiver_confirmed:
        exchange.status = str(ExchangeStatus.COMPLETED)
    exchange.updated_at = now()
    await session.flush()
    await _tell(session, exchange)
    return exchange


async def cancel_exchange(session: AsyncSession, viewer: Viewer, exchange_id: int) -> Exchange:
    exchange = await _locked(session, exchange_id)
    await _side(session, viewer, exchange)
    if exchange.status not in (ExchangeStatus.PROPOSED, ExchangeStatus.ACCEPTED):
        raise fail(
            ErrorCode.CONFLICT, f"A {exchange.status.lower()} exchange cannot be cancelled.", "id"
        )
    exchange.status = str(ExchangeStatus.CANCELLED)
    exchange.updated_at = now()
    await session.flush()
    await _tell(session, exchange)
    return exchange


async def thank(
    session: AsyncSession, viewer: Viewer, exchange_id: int, text: str
) -> ExchangeThanks:
    exchange = await _locked(session, exchange_id)
    giver = await _side(session, viewer, exchange)
    _require(exchange, ExchangeStatus.COMPLETED, "thanked for")
    problems = Problems()
    note = clean_text(problems, "text", text, max_length=500, required=True, multiline=True)
    problems.raise_if_any()
    if await session.get(ExchangeThanks, (exchange.id, giver)) is not None:
        raise fail(ErrorCode.DUPLICATE, "Your side has thanked already.", "id")
    thanks = ExchangeThanks(
        exchange_id=exchange.id, from_giver=giver, text=note or "", created_at=now()
    )
    session.add(thanks)
    await session.flush()
    return thanks
