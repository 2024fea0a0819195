"""Refusals that name what is wrong instead of failing (an unknown association, a booking
another exchange records), stock raised for those in line, and what stays with its owners: a
loan, a contact shared in a conversation, an accepted volunteer's email."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from app.runtime import Runtime
from app.services.exchange import exchanges
from app.services.exchange.conversations import report_message, share_contact
from app.services.exchange.exchanges import Proposal
from app.services.exchange.fields import ListingFields
from app.services.exchange.listings import update_listing
from app.services.exchange.vocabulary import Direction, ListingKind
from app.services.exchange.volunteers import decide_signup, sign_up
from db.models import Message
from tests.schema.exchange.test_exchange_rules import refused, run
from tests.support.exchange import Market, make_market
from tests.support.graphql import GraphQLClient
from tests.support.premises import evening, make_world


async def test_a_proposal_naming_no_association_or_a_taken_booking_is_refused(
    runtime: Runtime,
) -> None:
    world = await make_world(runtime)
    m = await make_market(runtime)
    listing = await m.listing()
    unknown = Proposal(listing.id, 10**6, m.poster, "Hjälp")
    code, field = await refused(
        m, lambda: run(m, m.other_member, exchanges.propose_exchange, unknown)
    )
    assert (code, field) == ("NOT_FOUND", "association_id")
    other_way = Proposal(listing.id, m.poster, 10**6, "Hjälp")
    code, field = await refused(m, lambda: run(m, m.member, exchanges.propose_exchange, other_way))
    assert (code, field) == ("NOT_FOUND", "counterpart_id")
    # a booking of the answering association, lent in return for this help
    starts, ends = evening(5)
    booking = await world.book(world.coordinator, world.hall, starts, ends, association=m.other)
    first = Proposal(listing.id, m.other, m.poster, "Bokföring", booking.id)
    await run(m, m.other_member, exchanges.propose_exchange, first)
    again = Proposal(listing.id, m.other, m.poster, "Mer bokföring", booking.id)
    code, field = await refused(
        m, lambda: run(m, m.other_member, exchanges.propose_exchange, again)
    )
    assert (code, field) == ("CONFLICT", "booking_id")


async def test_more_units_go_to_those_in_line_first(market: Market) -> None:
    tents = await market.tents(quantity=1)
    first = await market.reserve(tents, 1)
    waiting = await market.reserve(tents, 1, wait=True)
    assert (first.status, waiting.status) == ("RESERVED", "WAITLISTED")
    await run(market, market.member, update_listing, tents.id, ListingFields(quantity=2))
    async with market.runtime.db.read() as session:
        promoted = await session.get(type(waiting), waiting.id)
    assert promoted is not None
    assert promoted.status == "RESERVED"
    late = await market.reserve(tents, 1, wait=True)
    assert late.status == "WAITLISTED"  # the line was served before a newcomer


async def test_a_loan_a_shared_contact_and_a_volunteers_email_stay_with_their_owners(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    m = await make_market(runtime)
    tents = await m.tents()
    loan = await m.reserve(tents, 1)
    read_loan = "query($id: ID!) { node(id: $id) { ... on Loan { status quantity } } }"
    lid = m.gid("Loan", loan.id)
    for outsider in (None, m.person.token):
        assert (await gql.as_(outsider).data(read_loan, {"id": lid}))["node"] is None
    for side in (m.member.token, m.other_member.token, m.coordinator.token):
        assert (await gql.as_(side).data(read_loan, {"id": lid}))["node"] == {
            "status": "RESERVED",
            "quantity": 1,
        }
    # a contact shared with the other side is not the coordinator's, even after a report
    conversation = await m.conversation(await m.listing())
    await run(m, m.other_member, share_contact, conversation.id, "070-174 06 50")
    await run(m, m.member, share_contact, conversation.id, "042-10 50 00")
    async with runtime.db.read() as session:
        first = await session.scalar(
            select(Message).where(Message.conversation_id == conversation.id)
        )
    assert first is not None
    await run(m, m.member, report_message, first.id, "Olämpligt")
    shares = (
        """query($c: ID!) { node(id: $c) { ... on Conversation { theyShare viewerShares } } }"""
    )
    cid = m.gid("Conversation", conversation.id)
    seen = (await gql.as_(m.coordinator.token).data(shares, {"c": cid}))["node"]
    assert seen == {"theyShare": None, "viewerShares": None}
    mine = (await gql.as_(m.member.token).data(shares, {"c": cid}))["node"]
    assert mine == {"theyShare": "070-174 06 50", "viewerShares": "042-10 50 00"}
    # an accepted volunteer's email is the association's that accepted them
    need = await m.listing(
        Direction.REQUEST,
        ListingKind.VOLUNTEERING,
        title="Värdar",
        volunteers_needed=1,
        available_from=date(2027, 5, 1),
    )
    signup = await run(m, m.person, sign_up, need.id, "Gärna")
    await run(m, m.admin, decide_signup, signup.id, True)
    contact = """query($s: ID!) { node(id: $s) { ... on VolunteerSignup { contact { email } } } }"""
    sid = m.gid("VolunteerSignup", signup.id)
    assert (await gql.as_(m.member.token).data(contact, {"s": sid}))["node"]["contact"] == {
        "email": m.person.email
    }
    by_coordinator = (await gql.as_(m.coordinator.token).data(contact, {"s": sid}))["node"]
    assert by_coordinator is None or by_coordinator["contact"] is None
