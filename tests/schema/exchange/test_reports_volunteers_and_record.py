"""A reported conversation opens to the coordinator (and only then), a volunteer's contact
reaches the association once it accepts them (and no one else), and an association's page
shows what it gave and received, for a list of associations in a bounded number of
statements."""

from __future__ import annotations

from app.runtime import Runtime
from app.services.exchange import exchanges
from app.services.exchange.exchanges import Proposal
from app.services.exchange.vocabulary import Direction, ListingKind
from tests.schema.exchange.test_exchange_rules import run
from tests.support.exchange import make_market
from tests.support.graphql import GraphQLClient, codes, ok
from tests.support.statements import count_statements

READ = """query($c: ID!) { node(id: $c) { ... on Conversation { reported
  messages { nodes { id text } } } } }"""
REPORT = """mutation($m: ID!, $r: String!) { messageReport(input: {id: $m, reason: $r}) {
  message { id } errors { field code } } }"""
SIGNUPS = """query($l: ID!) { node(id: $l) { ... on Listing { volunteerSignups {
  nodes { id status contact { name email } } } } } }"""
SIGN_UP = """mutation($l: ID!) { volunteerSignUp(input: {listingId: $l, message: "Jag kan!"}) {
  signup { id status contact { email } } errors { code } } }"""
ACCEPT = """mutation($s: ID!) { volunteerAccept(input: {id: $s}) {
  signup { status } errors { code } } }"""


async def test_the_coordinator_reads_a_conversation_only_once_it_is_reported(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    m = await make_market(runtime)
    conversation = await m.conversation(await m.listing())
    cid = m.gid("Conversation", conversation.id)
    coordinator = gql.as_(m.coordinator.token)
    assert (await coordinator.data(READ, {"c": cid}))["node"] is None
    first = (await gql.as_(m.member.token).data(READ, {"c": cid}))["node"]["messages"]["nodes"]
    stranger = await gql.as_(m.person.token).mutate(REPORT, {"m": first[0]["id"], "r": "Olämpligt"})
    assert codes(stranger) == ["FORBIDDEN"]
    blank = await gql.as_(m.member.token).mutate(REPORT, {"m": first[0]["id"], "r": "  "})
    assert blank["errors"][0]["field"] == "reason"
    assert (await coordinator.data(READ, {"c": cid}))["node"] is None
    ok(await gql.as_(m.member.token).mutate(REPORT, {"m": first[0]["id"], "r": "Olämpligt"}))
    seen = (await coordinator.data(READ, {"c": cid}))["node"]
    assert seen["reported"] is True
    work = "{ conversations(reported: true) { nodes { id } } }"
    assert (await coordinator.data(work))["conversations"]["nodes"] == [{"id": cid}]
    assert (await gql.as_(m.person.token).data(work))["conversations"]["nodes"] == []
    assert [n["text"] for n in seen["messages"]["nodes"]] == ["Hej! Vi kan hjälpa till."]
    for outsider in (None, m.person.token):
        assert (await gql.as_(outsider).data(READ, {"c": cid}))["node"] is None


async def test_a_volunteers_contact_reaches_the_association_once_accepted(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    m = await make_market(runtime)
    need = await m.listing(
        Direction.REQUEST,
        ListingKind.VOLUNTEERING,
        title="Värdar till loppisen",
        volunteers_needed=2,
    )
    lid = m.gid("Listing", need.id)
    signed = ok(await gql.as_(m.person.token).mutate(SIGN_UP, {"l": lid}))["signup"]
    assert signed["contact"]["email"] == m.person.email  # the volunteer sees their own

    async def contacts(token: str | None) -> list[object] | None:
        node = (await gql.as_(token).data(SIGNUPS, {"l": lid}))["node"]
        signups = node["volunteerSignups"]
        return None if signups is None else [s["contact"] for s in signups["nodes"]]

    assert await contacts(m.member.token) == [None]
    refused = await gql.as_(m.other_admin.token).mutate(ACCEPT, {"s": signed["id"]})
    assert codes(refused) == ["FORBIDDEN"]
    assert await contacts(m.member.token) == [None]
    ok(await gql.as_(m.admin.token).mutate(ACCEPT, {"s": signed["id"]}))
    shared = {"name": "Privatperson", "email": m.person.email}
    assert await contacts(m.member.token) == [shared]
    assert await contacts(m.admin.token) == [shared]
    for outsider in (None, m.other_admin.token, m.other_member.token):
        assert await contacts(outsider) is None
    node = "query($s: ID!) { node(id: $s) { ... on VolunteerSignup { contact { email } } } }"
    for outsider in (None, m.other_admin.token):
        answer = (await gql.as_(outsider).data(node, {"s": signed["id"]}))["node"]
        assert answer is None or answer["contact"] is None


async def test_an_associations_page_shows_what_it_gave_and_received(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    m = await make_market(runtime)
    for what in ("Bokföring", "Webbsida"):
        listing = await m.listing(title=what)
        exchange = await run(
            m,
            m.other_member,
            exchanges.propose_exchange,
            Proposal(listing.id, m.other, m.poster, what),
        )
        await run(m, m.member, exchanges.answer_exchange, exchange.id, True)
        await run(m, m.member, exchanges.complete_exchange, exchange.id)
        await run(m, m.other_member, exchanges.complete_exchange, exchange.id)
        await run(m, m.other_member, exchanges.thank, exchange.id, f"Tack för {what.lower()}!")
    await run(m, m.member, exchanges.thank, exchange.id, "Tack själva!")
    page = """{ associations(first: 50) { nodes { name
      exchangeRecord { given received thanks { text fromGiver } } } } }"""
    with count_statements(runtime.db.engine) as statements:
        nodes = (await gql.as_(None).data(page))["associations"]["nodes"]
    records = {n["name"]: n["exchangeRecord"] for n in nodes}
    poster = next(r for name, r in records.items() if r["given"])
    assert (poster["given"], poster["received"]) == (2, 0)
    assert poster["thanks"] == [
        {"text": "Tack för webbsida!", "fromGiver": False},
        {"text": "Tack för bokföring!", "fromGiver": False},
    ]
    receiver = next(r for r in records.values() if r["received"])
    assert (receiver["given"], receiver["thanks"]) == (
        0,
        [{"text": "Tack själva!", "fromGiver": True}],
    )
    assert sum(1 for r in records.values() if r == {"given": 0, "received": 0, "thanks": []}) == (
        len(records) - 2
    )
    # the list, its count and the records: not one statement per association
    assert statements.count <= 4, statements.statements
