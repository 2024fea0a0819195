"""The exchange's rules at the service level: listings, conversations, exchanges, loans and
volunteers, each refusal writing nothing."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, timedelta
from typing import Any

import pytest

from app.services.clock import CITY_ZONE, now, pretend
from app.services.errors import DomainError
from app.services.exchange import exchanges, loans, volunteers
from app.services.exchange.conversations import send_message, share_contact
from app.services.exchange.exchanges import Proposal
from app.services.exchange.fields import ListingFields
from app.services.exchange.listings import close_listing, update_listing
from app.services.exchange.vocabulary import Direction, ListingKind
from app.services.terms import TermsKind
from db.models import Listing, Loan
from tests.support.exchange import Market
from tests.support.people import Person


async def refused(market: Market, work: Callable[[], Awaitable[Any]]) -> tuple[str, str | None]:
    before = await market.counts()
    with pytest.raises(DomainError) as caught:
        await work()
    assert await market.counts() == before
    problem = caught.value.problems[0]
    return str(problem.code), problem.field


async def run(market: Market, person: Person | None, service: Any, *args: Any) -> Any:
    async with market.runtime.writes.transaction() as session:
        return await service(session, market.viewer(person), *args)


@pytest.mark.parametrize(
    ("kind", "direction", "more", "field"),
    [
        (ListingKind.SKILL, Direction.OFFER, {"title": " "}, "title"),
        (ListingKind.EQUIPMENT, Direction.OFFER, {}, "quantity"),
        (ListingKind.SKILL, Direction.OFFER, {"quantity": 3}, "quantity"),
        (ListingKind.VOLUNTEERING, Direction.REQUEST, {}, "volunteers_needed"),
        (ListingKind.SKILL, Direction.OFFER, {"terms_kind": TermsKind.IN_RETURN}, "terms.text"),
        (
            ListingKind.SKILL,
            Direction.OFFER,
            {"available_from": date(2027, 5, 1), "available_until": date(2027, 4, 1)},
            "available_until",
        ),
    ],
)
async def test_bad_listings_name_their_field(
    market: Market, kind: ListingKind, direction: Direction, more: dict[str, Any], field: str
) -> None:
    _code, named = await refused(market, lambda: market.listing(direction, kind, **more))
    assert named == field


async def test_only_members_post_and_edit(market: Market) -> None:
    for person in (market.other_admin, market.person):

        async def post(p: Person = person) -> Any:
            return await market.listing(person=p)

        assert (await refused(market, post))[0] == "FORBIDDEN"
    listing = await market.listing()
    change = ListingFields(title="Ny titel")
    assert (
        await refused(
            market, lambda: run(market, market.other_admin, update_listing, listing.id, change)
        )
    )[0] == "FORBIDDEN"
    edited = await run(market, market.admin, update_listing, listing.id, change)
    assert edited.title == "Ny titel"
    closed = await run(market, market.member, close_listing, listing.id)
    assert closed.status == "CLOSED"
    assert (await refused(market, lambda: market.conversation(listing)))[0] == "CONFLICT"


async def test_conversations_are_between_their_two_sides(market: Market) -> None:
    listing = await market.listing()
    conversation = await market.conversation(listing)
    reply = await run(market, market.member, send_message, conversation.id, "Välkomna!")
    assert reply.from_poster is True
    assert (
        await refused(
            market, lambda: run(market, market.person, send_message, conversation.id, "Hej")
        )
    )[0] == "FORBIDDEN"
    own = await refused(market, lambda: market.conversation(listing, market.admin))
    assert own == ("INVALID", "listing_id")
    shared = await run(market, market.other_member, share_contact, conversation.id, "070-174 06 50")
    assert (shared.person_shares, shared.poster_shares) == ("070-174 06 50", None)


async def test_an_exchange_from_proposal_to_thanks(market: Market) -> None:
    listing = await market.listing()  # the poster offers: it gives
    proposal = Proposal(listing.id, market.other, market.poster, "Två kvällar med bokföringen")
    exchange = await run(market, market.other_member, exchanges.propose_exchange, proposal)
    assert (exchange.giver_association_id, exchange.receiver_association_id) == (
        market.poster,
        market.other,
    )
    # the proposer cannot accept its own proposal
    assert (
        await refused(
            market,
            lambda: run(market, market.other_admin, exchanges.answer_exchange, exchange.id, True),
        )
    )[0] == "FORBIDDEN"
    assert (
        await refused(
            market, lambda: run(market, market.person, exchanges.answer_exchange, exchange.id, True)
        )
    )[0] == "FORBIDDEN"
    await run(market, market.member, exchanges.answer_exchange, exchange.id, True)
    assert (
        await refused(
            market, lambda: run(market, market.member, exchanges.thank, exchange.id, "Tack")
        )
    )[0] == "CONFLICT"
    half = await run(market, market.member, exchanges.complete_exchange, exchange.id)
    assert half.status == "ACCEPTED"
    done = await run(market, market.other_member, exchanges.complete_exchange, exchange.id)
    assert done.status == "COMPLETED"
    await run(market, market.other_member, exchanges.thank, exchange.id, "Tack för hjälpen!")
    again = await refused(
        market, lambda: run(market, market.other_admin, exchanges.thank, exchange.id, "Igen")
    )
    assert again[0] == "DUPLICATE"
    assert (
        await refused(
            market, lambda: run(market, market.member, exchanges.cancel_exchange, exchange.id)
        )
    )[0] == "CONFLICT"


async def test_a_loan_from_reservation_to_return_and_the_line(market: Market) -> None:
    tents = await market.tents(3)
    first = await market.reserve(tents, 2)
    assert first.status == "RESERVED"
    assert await refused(market, lambda: market.reserve(tents, 2)) == ("FULL", "quantity")
    waiting = await market.reserve(tents, 2, wait=True)
    assert waiting.status == "WAITLISTED"
    assert (
        await refused(market, lambda: run(market, market.other_member, loans.hand_out, first.id))
    )[0] == "FORBIDDEN"
    out = await run(market, market.member, loans.hand_out, first.id)
    assert out.due_on == (now().astimezone(CITY_ZONE) + timedelta(days=7)).date()
    assert (await refused(market, lambda: run(market, market.member, loans.hand_out, first.id)))[
        0
    ] == "CONFLICT"
    with pretend(now() + timedelta(days=9), timedelta(0)):
        assert loans.is_overdue(out)
        async with market.runtime.writes.transaction() as session:
            assert await loans.remind_overdue(session) == 1
    await run(market, market.member, loans.return_loan, first.id)
    assert (await refused(market, lambda: run(market, market.member, loans.return_loan, first.id)))[
        0
    ] == "CONFLICT"
    async with market.runtime.db.read() as session:
        promoted = await session.get(Loan, waiting.id)
        stock = await session.get(Listing, tents.id)
    assert promoted is not None
    assert stock is not None
    assert (promoted.status, stock.reserved_units) == ("RESERVED", 2)
    own = await refused(
        market,
        lambda: run(
            market, market.member, loans.reserve_loan, loans.LoanRequest(tents.id, market.poster, 1)
        ),
    )
    assert own == ("INVALID", "association_id")


async def test_volunteers_up_to_the_number_needed(market: Market) -> None:
    request = await market.listing(
        Direction.REQUEST,
        ListingKind.VOLUNTEERING,
        title="Funktionärer till loppet",
        volunteers_needed=1,
    )
    first = await run(market, market.person, volunteers.sign_up, request.id, "Jag kan!")
    assert (
        await refused(
            market, lambda: run(market, market.person, volunteers.sign_up, request.id, None)
        )
    )[0] == "DUPLICATE"
    second = await run(market, market.other_member, volunteers.sign_up, request.id, None)
    assert (
        await refused(
            market,
            lambda: run(market, market.other_admin, volunteers.decide_signup, first.id, True),
        )
    )[0] == "FORBIDDEN"
    accepted = await run(market, market.admin, volunteers.decide_signup, first.id, True)
    assert accepted.status == "ACCEPTED"
    assert (
        await refused(
            market, lambda: run(market, market.admin, volunteers.decide_signup, second.id, True)
        )
    )[0] == "FULL"
    offer = await market.listing()
    assert (
        await refused(
            market, lambda: run(market, market.person, volunteers.sign_up, offer.id, None)
        )
    )[1] == "listing_id"


async def test_reports_cancellations_and_withdrawals_that_the_rules_refuse(market: Market) -> None:
    from app.services.exchange.conversations import report_message

    listing = await market.listing()
    conversation = await market.conversation(listing)
    reply = await run(market, market.member, send_message, conversation.id, "Hej")
    assert (
        await refused(market, lambda: run(market, market.member, report_message, reply.id, " "))
    )[1] == "reason"
    assert (
        await refused(market, lambda: run(market, market.person, report_message, reply.id, "Spam"))
    )[0] == "FORBIDDEN"
    tents = await market.tents(2)
    loan = await market.reserve(tents, 1)
    await run(market, market.member, loans.hand_out, loan.id)
    assert (
        await refused(market, lambda: run(market, market.other_member, loans.cancel_loan, loan.id))
    )[0] == "CONFLICT"
    assert (await refused(market, lambda: run(market, market.person, loans.cancel_loan, loan.id)))[
        0
    ] == "FORBIDDEN"
    helpers = await market.listing(
        Direction.REQUEST, ListingKind.VOLUNTEERING, title="Hjälp", volunteers_needed=2
    )
    signup = await run(market, market.person, volunteers.sign_up, helpers.id, None)
    assert (
        await refused(
            market, lambda: run(market, market.other_member, volunteers.withdraw_signup, signup.id)
        )
    )[0] == "FORBIDDEN"
    await run(market, market.person, volunteers.withdraw_signup, signup.id)
    assert (
        await refused(
            market, lambda: run(market, market.person, volunteers.withdraw_signup, signup.id)
        )
    )[0] == "CONFLICT"
