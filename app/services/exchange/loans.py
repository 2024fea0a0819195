"""Lending equipment: reserved → handed out (due after the lending period) → returned. Units
are counted on the listing under its row lock and a CHECK constraint, so the stock is never
over-committed; a request for more than is left waits in order and is promoted when units
come back, in the same transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.services.accounts.authority import current_role
from app.services.clock import CITY_ZONE, now
from app.services.errors import ErrorCode, fail, not_found
from app.services.exchange import access
from app.services.exchange.events import InboxItem, notify_associations
from app.services.exchange.locking import lock_listing
from app.services.exchange.vocabulary import (
    HOLDS_UNITS,
    Direction,
    InboxEventKind,
    ListingKind,
    ListingStatus,
    LoanStatus,
)
from app.services.viewer import Viewer
from db.models import Listing, Loan


@dataclass(frozen=True)
class LoanRequest:
    listing_id: int
    association_id: int  # the borrower
    quantity: int = 1
    wait: bool = False  # if too few are left: wait in line rather than be refused


def left(listing: Listing) -> int:
    return (listing.quantity or 0) - listing.reserved_units


async def _tell(session: AsyncSession, listing: Listing, loan: Loan, kind: InboxEventKind) -> None:
    await notify_associations(
        session,
        (listing.association_id, loan.borrower_association_id),
        kind,
        InboxItem(loan_id=loan.id, status=loan.status),
    )


async def reserve_loan(session: AsyncSession, viewer: Viewer, request: LoanRequest) -> Loan:
    listing = await lock_listing(session, request.listing_id, "listing_id")
    user_id = await access.require_member(
        session, viewer, request.association_id, "You borrow only for your own association."
    )
    if listing.kind != ListingKind.EQUIPMENT or listing.direction != Direction.OFFER:
        raise fail(ErrorCode.INVALID, "Only offered equipment is lent.", "listing_id")
    if listing.status != ListingStatus.OPEN:
        raise fail(ErrorCode.CONFLICT, "The listing is not open.", "listing_id")
    if listing.association_id == request.association_id:
        raise fail(ErrorCode.INVALID, "That is your own association's equipment.", "association_id")
    if not 1 <= request.quantity <= (listing.quantity or 0):
        raise fail(ErrorCode.INVALID, f"Between 1 and {listing.quantity}.", "quantity")
    status = LoanStatus.RESERVED
    if request.quantity > left(listing):
        if not request.wait:
            raise fail(ErrorCode.FULL, f"Only {left(listing)} left.", "quantity")
        status = LoanStatus.WAITLISTED
    else:
        listing.reserved_units += request.quantity
    moment = now()
    loan = Loan(
        listing_id=listing.id,
        borrower_association_id=request.association_id,
        requested_by_id=user_id,
        quantity=request.quantity,
        status=str(status),
        created_at=moment,
        updated_at=moment,
    )
    session.add(loan)
    await session.flush()
    await _tell(session, listing, loan, InboxEventKind.LOAN_CHANGED)
    return loan


async def _locked(session: AsyncSession, loan_id: int) -> tuple[Loan, Listing]:
    listing_id = await session.scalar(select(Loan.listing_id).where(Loan.id == loan_id))
    if listing_id is None:
        raise not_found("loan")
    listing = await lock_listing(session, listing_id)
    loan = await session.get(Loan, loan_id, populate_existing=True)
    assert loan is not None
    return loan, listing


async def promote(session: AsyncSession, listing: Listing) -> list[Loan]:
    """Waiting loans in order, each that fits the units left."""
    promoted = []
    waiting = (
        await session.scalars(
            select(Loan)
            .where(Loan.listing_id == listing.id, Loan.status == LoanStatus.WAITLISTED)
            .order_by(Loan.id)
        )
    ).all()
    for loan in waiting:
        if left(listing) <= 0:
            break
        if loan.quantity > left(listing):
            continue
        listing.reserved_units += loan.quantity
        loan.status = str(LoanStatus.RESERVED)
        loan.updated_at = now()
        await session.flush()
        await _tell(session, listing, loan, InboxEventKind.LOAN_CHANGED)
        promoted.append(loan)
    return promoted


async def hand_out(session: AsyncSession, viewer: Viewer, loan_id: int) -> Loan:
    """The lender hands the units over; due back after the listing's lending period."""
    loan, listing = await _locked(session, loan_id)
    await access.require_member(
        session, viewer, listing.association_id, "Only the lender hands out."
    )
    if loan.status != LoanStatus.RESERVED:
        raise fail(ErrorCode.CONFLICT, f"A {loan.status.lower()} loan cannot be handed out.", "id")
    moment = now()
    loan.status = str(LoanStatus.HANDED_OUT)
    loan.handed_out_at = moment
    days = listing.lending_days or 14
    loan.due_on = (moment.astimezone(CITY_ZONE) + timedelta(days=days)).date()
    loan.updated_at = moment
    await session.flush()
    await _tell(session, listing, loan, InboxEventKind.LOAN_CHANGED)
    return loan


async def _release(session: AsyncSession, listing: Listing, loan: Loan, status: LoanStatus) -> None:
    if loan.status in HOLDS_UNITS:
        listing.reserved_units -= loan.quantity
    loan.status = str(status)
    loan.updated_at = now()
    await session.flush()
    await _tell(session, listing, loan, InboxEventKind.LOAN_CHANGED)
    await promote(session, listing)


async def return_loan(session: AsyncSession, viewer: Viewer, loan_id: int) -> Loan:
    """The lender takes the units back; a waiting loan gets them at once."""
    loan, listing = await _locked(session, loan_id)
    await access.require_member(
        session, viewer, listing.association_id, "Only the lender takes back."
    )
    if loan.status != LoanStatus.HANDED_OUT:
        raise fail(ErrorCode.CONFLICT, f"A {loan.status.lower()} loan cannot be returned.", "id")
    loan.returned_at = now()
    await _release(session, listing, loan, LoanStatus.RETURNED)
    return loan


async def cancel_loan(session: AsyncSession, viewer: Viewer, loan_id: int) -> Loan:
    """Either side cancels a reservation (or a place in line) before the hand-over."""
    user_id = viewer.require_account()
    loan, listing = await _locked(session, loan_id)
    if not viewer.is_coordinator:
        sides = (listing.association_id, loan.borrower_association_id)
        # the roles as they are now (not as the request's token found them)
        if all([await current_role(session, user_id, side) is None for side in sides]):
            raise fail(ErrorCode.FORBIDDEN, "Only the lender and the borrower cancel it.")
    if loan.status not in (LoanStatus.RESERVED, LoanStatus.WAITLISTED):
        raise fail(ErrorCode.CONFLICT, f"A {loan.status.lower()} loan cannot be cancelled.", "id")
    await _release(session, listing, loan, LoanStatus.CANCELLED)
    return loan


def is_overdue(loan: Loan, today: date | None = None) -> bool:
    day = today or now().astimezone(CITY_ZONE).date()
    return loan.status == LoanStatus.HANDED_OUT and loan.due_on is not None and loan.due_on < day


async def remind_overdue(session: AsyncSession) -> int:
    """Tell the borrowers of loans that became overdue (once per loan and day)."""
    today = now().astimezone(CITY_ZONE).date()
    late = (
        await session.scalars(
            select(Loan).where(Loan.status == LoanStatus.HANDED_OUT, Loan.due_on < today)
        )
    ).all()
    for loan in late:
        listing = await session.get(Listing, loan.listing_id)
        assert listing is not None
        await notify_associations(
            session,
            (loan.borrower_association_id,),
            InboxEventKind.LOAN_OVERDUE,
            InboxItem(loan_id=loan.id, status="OVERDUE"),
        )
    return len(late)
