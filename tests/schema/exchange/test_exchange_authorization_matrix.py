"""Exchange authorization as a matrix: every exchange query, mutation and subscription × every
role.

Roles: anonymous; a member and an admin of the posting association; an admin of another
association (whose member answered the listing and proposed the exchange); a private person
(in no association, who signed up as a volunteer); the coordinator. Each cell is asserted on
its own fresh data.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import pytest

from app.runtime import Runtime
from app.services.exchange import exchanges, volunteers
from app.services.exchange.conversations import Opening, send_message, start_conversation
from app.services.exchange.exchanges import Proposal
from app.services.exchange.vocabulary import Direction, ListingKind
from tests.support.exchange import Market, make_market
from tests.support.graphql import GraphQLClient
from tests.support.ws import ws_client

ROLES = ["anonymous", "member", "admin", "other_admin", "person", "coordinator"]


@dataclass
class Setting:
    market: Market
    gql: GraphQLClient
    server: str
    ids: dict[str, str]

    def token(self, role: str) -> str | None:
        m = self.market
        person = {
            "anonymous": None,
            "member": m.member,
            "admin": m.admin,
            "other_admin": m.other_admin,
            "person": m.person,
            "coordinator": m.coordinator,
        }[role]
        return person.token if person is not None else None

    def client(self, role: str) -> GraphQLClient:
        return self.gql.as_(self.token(role))


@pytest.fixture
async def setting(gql: GraphQLClient, runtime: Runtime, server: str) -> Setting:
    m = await make_market(runtime)
    skill = await m.listing()
    tents = await m.tents(3)
    loan = await m.reserve(tents, 1)
    helpers = await m.listing(
        Direction.REQUEST, ListingKind.VOLUNTEERING, title="Funktionärer", volunteers_needed=5
    )
    conversation = await m.conversation(skill)
    async with runtime.writes.transaction() as session:
        message = await send_message(session, m.viewer(m.member), conversation.id, "Välkomna")
        signup = await volunteers.sign_up(session, m.viewer(m.person), helpers.id, "Jag kan")
        exchange = await exchanges.propose_exchange(
            session, m.viewer(m.other_member), Proposal(skill.id, m.other, m.poster, "Bokföring")
        )
        # the private person has a conversation too, with a reply in their inbox
        mine = await start_conversation(session, m.viewer(m.person), Opening(tents.id, "Hej"))
        await send_message(session, m.viewer(m.member), mine.id, "Hej själv")
    ids = {
        "skill": m.gid("Listing", skill.id),
        "tents": m.gid("Listing", tents.id),
        "helpers": m.gid("Listing", helpers.id),
        "loan": m.gid("Loan", loan.id),
        "conversation": m.gid("Conversation", conversation.id),
        "message": m.gid("Message", message.id),
        "signup": m.gid("VolunteerSignup", signup.id),
        "exchange": m.gid("Exchange", exchange.id),
        "poster": m.gid("Association", m.poster),
        "other": m.gid("Association", m.other),
    }
    return Setting(m, gql, server, ids)


def outcome(payload: dict[str, Any]) -> str:
    return str(payload["errors"][0]["code"]) if payload["errors"] else "ok"


def query_of(query: str, pick: Callable[[Any], Any]) -> Callable[[Setting, str], Awaitable[str]]:
    async def run(setting: Setting, role: str) -> str:
        data = await setting.client(role).data(query, _vars(query, setting))
        return "hidden" if pick(data) in (None, [], False) else "visible"

    return run


def _vars(query: str, setting: Setting) -> dict[str, Any]:
    return {name: value for name, value in setting.ids.items() if f"${name}" in query}


def mutation_of(query: str) -> Callable[[Setting, str], Awaitable[str]]:
    async def run(setting: Setting, role: str) -> str:
        data = await setting.client(role).data(query, _vars(query, setting))
        (payload,) = data.values()
        return outcome(payload)

    return run


def subscription_of(query: str) -> Callable[[Setting, str], Awaitable[str]]:
    async def run(setting: Setting, role: str) -> str:
        async with ws_client(setting.server) as ws:
            await ws.init(setting.token(role))
            await ws.subscribe("s", query, _vars(query, setting))
            try:
                message = await ws.receive(1.5)
            except TimeoutError:
                return "empty"
            return "visible" if message["type"] == "next" else "refused"

    return run


E = "errors { code }"
U, F, C, INV, D, OK = "UNAUTHENTICATED", "FORBIDDEN", "CONFLICT", "INVALID", "DUPLICATE", "ok"
V, H = "visible", "hidden"
# role order: anonymous member admin other_admin person coordinator
MATRIX: dict[str, tuple[Callable[[Setting, str], Awaitable[str]], tuple[str, ...]]] = {
    "listings": (
        query_of("{ listings { nodes { id } } }", lambda d: d["listings"]["nodes"]),
        (V,) * 6,
    ),
    "Listing.matches": (
        query_of(
            "query($skill: ID!) { node(id: $skill) { ... on Listing { matches { totalCount } } } }",
            lambda d: d["node"]["matches"] is not None,
        ),
        (V,) * 6,
    ),
    "Listing.loans": (
        query_of(
            "query($tents: ID!) { node(id: $tents) { ... on Listing { loans { nodes { id } } } } }",
            lambda d: d["node"]["loans"],
        ),
        (H, V, V, H, H, V),
    ),
    "conversations": (
        query_of("{ conversations { nodes { id } } }", lambda d: d["conversations"]["nodes"]),
        (H, V, V, H, V, H),
    ),
    "Conversation.messages": (
        query_of(
            "query($conversation: ID!) { node(id: $conversation) { ... on Conversation { messages { nodes { text } } } } }",
            lambda d: d["node"],
        ),
        (H, V, V, H, H, H),
    ),
    "exchanges": (
        query_of(
            "query($poster: ID!) { exchanges(associationId: $poster) { nodes { id } } }",
            lambda d: d["exchanges"]["nodes"],
        ),
        (V,) * 6,
    ),
    "exchangeRecord": (
        query_of(
            "query($poster: ID!) { exchangeRecord(associationId: $poster) { given received } }",
            lambda d: d["exchangeRecord"] is not None,
        ),
        (V,) * 6,
    ),
    "VolunteerSignup.contact": (
        query_of(
            "query($signup: ID!) { node(id: $signup) { ... on VolunteerSignup { contact { email } } } }",
            lambda d: (d["node"] or {}).get("contact"),
        ),
        (H, H, H, H, V, H),
    ),
    "listingCreate": (
        mutation_of(
            "mutation($poster: ID!) { listingCreate(input: {associationId: $poster, "
            f'direction: OFFER, kind: SKILL, title: "Webb"}}) {{ {E} }} }}'
        ),
        (U, OK, OK, F, F, OK),
    ),
    "listingUpdate": (
        mutation_of(
            f'mutation($skill: ID!) {{ listingUpdate(input: {{id: $skill, title: "Ny"}}) {{ {E} }} }}'
        ),
        (U, OK, OK, F, F, OK),
    ),
    "listingClose": (
        mutation_of(f"mutation($skill: ID!) {{ listingClose(input: {{id: $skill}}) {{ {E} }} }}"),
        (U, OK, OK, F, F, OK),
    ),
    "conversationStart": (
        mutation_of(
            f'mutation($skill: ID!) {{ conversationStart(input: {{listingId: $skill, message: "Hej"}}) {{ {E} }} }}'
        ),
        (U, INV, INV, OK, OK, OK),
    ),
    "messageSend": (
        mutation_of(
            f'mutation($conversation: ID!) {{ messageSend(input: {{conversationId: $conversation, text: "Ja"}}) {{ {E} }} }}'
        ),
        (U, OK, OK, F, F, F),
    ),
    "conversationShareContact": (
        mutation_of(
            "mutation($conversation: ID!) { conversationShareContact(input: "
            f'{{conversationId: $conversation, contact: "070-174 06 50"}}) {{ {E} }} }}'
        ),
        (U, OK, OK, F, F, F),
    ),
    "messageReport": (
        mutation_of(
            f'mutation($message: ID!) {{ messageReport(input: {{id: $message, reason: "Spam"}}) {{ {E} }} }}'
        ),
        (U, OK, OK, F, F, F),
    ),
    "exchangePropose": (
        mutation_of(
            "mutation($skill: ID!, $poster: ID!, $other: ID!) { exchangePropose(input: "
            f'{{listingId: $skill, associationId: $poster, counterpartId: $other, what: "Hjälp"}}) {{ {E} }} }}'
        ),
        (U, OK, OK, F, F, OK),
    ),
    "exchangeAccept": (
        mutation_of(
            f"mutation($exchange: ID!) {{ exchangeAccept(input: {{id: $exchange}}) {{ {E} }} }}"
        ),
        (U, OK, OK, F, F, OK),
    ),
    "exchangeDecline": (
        mutation_of(
            f"mutation($exchange: ID!) {{ exchangeDecline(input: {{id: $exchange}}) {{ {E} }} }}"
        ),
        (U, OK, OK, F, F, OK),
    ),
    "exchangeComplete": (
        mutation_of(
            f"mutation($exchange: ID!) {{ exchangeComplete(input: {{id: $exchange}}) {{ {E} }} }}"
        ),
        (U, C, C, C, F, C),
    ),
    "exchangeCancel": (
        mutation_of(
            f"mutation($exchange: ID!) {{ exchangeCancel(input: {{id: $exchange}}) {{ {E} }} }}"
        ),
        (U, OK, OK, OK, F, OK),
    ),
    "exchangeThank": (
        mutation_of(
            f'mutation($exchange: ID!) {{ exchangeThank(input: {{id: $exchange, text: "Tack"}}) {{ {E} }} }}'
        ),
        (U, C, C, C, F, C),
    ),
    "loanReserve": (
        mutation_of(
            f"mutation($tents: ID!, $other: ID!) {{ loanReserve(input: {{listingId: $tents, associationId: $other}}) {{ {E} }} }}"
        ),
        (U, F, F, OK, F, OK),
    ),
    "loanHandOut": (
        mutation_of(f"mutation($loan: ID!) {{ loanHandOut(input: {{id: $loan}}) {{ {E} }} }}"),
        (U, OK, OK, F, F, OK),
    ),
    "loanReturn": (
        mutation_of(f"mutation($loan: ID!) {{ loanReturn(input: {{id: $loan}}) {{ {E} }} }}"),
        (U, C, C, F, F, C),
    ),
    "loanCancel": (
        mutation_of(f"mutation($loan: ID!) {{ loanCancel(input: {{id: $loan}}) {{ {E} }} }}"),
        (U, OK, OK, OK, F, OK),
    ),
    "volunteerSignUp": (
        mutation_of(
            f"mutation($helpers: ID!) {{ volunteerSignUp(input: {{listingId: $helpers}}) {{ {E} }} }}"
        ),
        (U, OK, OK, OK, D, OK),
    ),
    "volunteerAccept": (
        mutation_of(
            f"mutation($signup: ID!) {{ volunteerAccept(input: {{id: $signup}}) {{ {E} }} }}"
        ),
        (U, OK, OK, F, F, OK),
    ),
    "volunteerDecline": (
        mutation_of(
            f"mutation($signup: ID!) {{ volunteerDecline(input: {{id: $signup}}) {{ {E} }} }}"
        ),
        (U, OK, OK, F, F, OK),
    ),
    "volunteerWithdraw": (
        mutation_of(
            f"mutation($signup: ID!) {{ volunteerWithdraw(input: {{id: $signup}}) {{ {E} }} }}"
        ),
        (U, F, F, F, OK, F),
    ),
    "conversationMessages": (
        subscription_of(
            "subscription($conversation: ID!) { conversationMessages(conversationId: $conversation, afterSeq: 0) { seq message { text } } }"
        ),
        ("refused", V, V, "refused", "refused", "refused"),
    ),
    "inbox": (
        subscription_of("subscription { inbox(afterSeq: 0) { seq kind } }"),
        ("refused", V, V, V, V, "empty"),
    ),
}

CELLS = [
    pytest.param(operation, role, expected, id=f"{operation}-{role}")
    for operation, (_, row) in MATRIX.items()
    for role, expected in zip(ROLES, row, strict=True)
]


@pytest.mark.parametrize(("operation", "role", "expected"), CELLS)
async def test_cell(setting: Setting, operation: str, role: str, expected: str) -> None:
    run, _ = MATRIX[operation]
    assert await asyncio.wait_for(run(setting, role), 20) == expected
