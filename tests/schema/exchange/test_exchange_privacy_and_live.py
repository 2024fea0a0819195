"""No email address or phone number appears in any exchange or conversation answer unless its
owner shared it, and conversations and inboxes are live."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from app.runtime import Runtime
from app.services.accounts.memberships import remove_member
from db.models import Membership
from tests.support.exchange import make_market
from tests.support.graphql import GraphQLClient, ok
from tests.support.ws import ws_client

EVERYTHING = """query($l: ID!, $c: ID!, $p: ID!) {
  listings { nodes { id title association { name contactPerson { email phone } } } }
  conversations { nodes { id personName theyShare viewerShares answeringAssociation { name }
    messages { nodes { text senderName fromPoster } } listing { title } } }
  listing: node(id: $l) { ... on Listing { matches { nodes { listing { title } } } } }
  conversation: node(id: $c) { ... on Conversation { theyShare messages { nodes { text } } } }
  exchanges(associationId: $p) { nodes { what giver { name } receiver { name } } }
}"""
START = """mutation($l: ID!, $a: ID) { conversationStart(input: {listingId: $l, message:
  "Hej, jag kan hjälpa er!", associationId: $a}) { conversation { id } errors { code } } }"""
SHARE = """mutation($c: ID!, $s: String) { conversationShareContact(input: {conversationId: $c,
  contact: $s}) { errors { code } } }"""


async def test_contact_details_show_only_when_their_owner_shares_them(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    m = await make_market(runtime)
    listing = await m.listing(topics=["bokföring"])
    started = ok(
        await gql.as_(m.other_member.token).mutate(
            START, {"l": m.gid("Listing", listing.id), "a": m.gid("Association", m.other)}
        )
    )
    conversation = started["conversation"]["id"]
    reply = """mutation($c: ID!) { messageSend(input: {conversationId: $c, text: "Välkomna"}) { errors { code } } }"""
    ok(await gql.as_(m.member.token).mutate(reply, {"c": conversation}))
    emails = [p.email for p in (m.member, m.other_member, m.admin, m.other_admin)]
    variables = {
        "l": m.gid("Listing", listing.id),
        "c": conversation,
        "p": m.gid("Association", m.poster),
    }

    async def seen(token: str | None) -> str:
        return json.dumps(await gql.as_(token).data(EVERYTHING, variables), ensure_ascii=False)

    people = (
        None,
        m.member.token,
        m.admin.token,
        m.other_member.token,
        m.other_admin.token,
        m.person.token,
        m.coordinator.token,
    )
    for token in people:
        text = await seen(token)
        assert not any(email in text for email in emails), token
    phone = "070-174 06 55"
    ok(await gql.as_(m.other_member.token).mutate(SHARE, {"c": conversation, "s": phone}))
    # the other side sees it; no one else does, and the sharer sees it as their own
    assert phone in await seen(m.member.token)
    assert phone in await seen(m.admin.token)
    for token in (None, m.other_admin.token, m.person.token, m.coordinator.token):
        assert phone not in await seen(token)
    mine: dict[str, Any] = (await gql.as_(m.other_member.token).data(EVERYTHING, variables))[
        "conversation"
    ]
    assert mine["theyShare"] is None
    ok(await gql.as_(m.other_member.token).mutate(SHARE, {"c": conversation, "s": None}))
    assert phone not in await seen(m.member.token)


async def test_a_conversation_and_an_inbox_are_live(
    gql: GraphQLClient, runtime: Runtime, server: str
) -> None:
    m = await make_market(runtime)
    listing = await m.listing()
    conversation = await m.conversation(listing)
    conversation_id = m.gid("Conversation", conversation.id)
    send = """mutation($c: ID!, $t: String!) { messageSend(input: {conversationId: $c, text: $t}) { errors { code } } }"""
    async with ws_client(server) as poster, ws_client(server) as answerer:
        await poster.init(m.member.token)
        await answerer.init(m.other_member.token)
        await poster.subscribe(
            "c",
            "subscription($c: ID!) { conversationMessages(conversationId: $c, afterSeq: 0) { seq kind message { text fromPoster } } }",
            {"c": conversation_id},
        )
        await answerer.subscribe(
            "i", "subscription { inbox(afterSeq: 0) { seq kind conversationId } }"
        )
        first = (await poster.receive())["payload"]["data"]["conversationMessages"]
        assert (first["seq"], first["message"]["text"]) == (1, "Hej! Vi kan hjälpa till.")
        ok(await gql.as_(m.member.token).mutate(send, {"c": conversation_id, "t": "Välkomna"}))
        second = (await poster.receive())["payload"]["data"]["conversationMessages"]
        assert (second["seq"], second["message"]) == (2, {"text": "Välkomna", "fromPoster": True})
        inbox = (await answerer.receive())["payload"]["data"]["inbox"]
        assert (inbox["kind"], inbox["conversationId"]) == ("MESSAGE_RECEIVED", conversation_id)


async def test_a_member_who_leaves_hears_no_more_of_the_conversation(
    gql: GraphQLClient, runtime: Runtime, server: str
) -> None:
    m = await make_market(runtime)
    conversation = await m.conversation(await m.listing())
    conversation_id = m.gid("Conversation", conversation.id)
    send = """mutation($c: ID!, $t: String!) { messageSend(input: {conversationId: $c, text: $t}) { errors { code } } }"""
    async with ws_client(server) as poster:
        await poster.init(m.member.token)
        await poster.subscribe(
            "c",
            "subscription($c: ID!) { conversationMessages(conversationId: $c, afterSeq: 0) { seq message { text } } }",
            {"c": conversation_id},
        )
        first = (await poster.receive())["payload"]["data"]["conversationMessages"]
        assert first["seq"] == 1
        async with runtime.writes.transaction() as session:
            membership = await session.scalar(
                select(Membership).where(
                    Membership.user_id == m.member.user_id,
                    Membership.association_id == m.poster,
                )
            )
            assert membership is not None
            await remove_member(session, m.viewer(m.member), membership.id)
        ok(await gql.as_(m.other_member.token).mutate(send, {"c": conversation_id, "t": "Hemligt"}))
        ending = await poster.receive()
        assert "Hemligt" not in json.dumps(ending)
        assert ending["payload"]["errors"][0]["extensions"]["code"] == "NOT_FOUND"
