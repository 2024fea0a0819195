"""Stock under concurrency, on the configured database: 100 reservations of 20 units at once
never commit more than 20, and returns promote each waiting loan once, in order."""

from __future__ import annotations

import asyncio

from sqlalchemy import select

from app.services.errors import DomainError
from app.services.exchange.loans import LoanRequest, hand_out, reserve_loan, return_loan
from db.models import Listing, Loan
from tests.support.exchange import Market


async def test_100_reservations_of_20_units(market: Market) -> None:
    tents = await market.tents(20)

    async def reserve(n: int) -> str:
        try:
            async with market.runtime.writes.transaction() as session:
                await reserve_loan(
                    session,
                    market.viewer(market.other_member),
                    LoanRequest(tents.id, market.other, 1 + n % 3, wait=n % 2 == 0),
                )
        except DomainError as error:
            return str(error.problems[0].code)
        return "ok"

    answers = await asyncio.gather(*(reserve(n) for n in range(100)))
    assert set(answers) <= {"ok", "FULL"}, set(answers)
    async with market.runtime.db.read() as session:
        stock = await session.get(Listing, tents.id)
        rows = list(
            (
                await session.scalars(
                    select(Loan).where(Loan.listing_id == tents.id).order_by(Loan.id)
                )
            ).all()
        )
    assert stock is not None
    held = [r for r in rows if r.status == "RESERVED"]
    assert sum(r.quantity for r in held) == stock.reserved_units <= 20
    assert answers.count("ok") == len(rows)
    # returns: every waiting loan that fits is promoted, in order, once
    waiting_before = [r.id for r in rows if r.status == "WAITLISTED"]
    for loan in held:
        async with market.runtime.writes.transaction() as session:
            await hand_out(session, market.viewer(market.member), loan.id)
    for loan in held:
        async with market.runtime.writes.transaction() as session:
            await return_loan(session, market.viewer(market.member), loan.id)
    async with market.runtime.db.read() as session:
        stock = await session.get(Listing, tents.id)
        after = {
            r.id: r
            for r in (await session.scalars(select(Loan).where(Loan.listing_id == tents.id))).all()
        }
    assert stock is not None
    promoted = [i for i in waiting_before if after[i].status == "RESERVED"]
    assert sum(after[i].quantity for i in promoted) == stock.reserved_units <= 20
    assert promoted  # units came back: someone in line got them
    still = [i for i in waiting_before if after[i].status == "WAITLISTED"]
    # first come, first served among those that fit: no one-unit loan waits behind a promoted one
    for waiting in still:
        assert after[waiting].quantity > 20 - stock.reserved_units
