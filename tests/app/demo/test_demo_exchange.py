"""The exchange walk-through on the demo: help with the accounts found by matching, written to
without either side's email, an exchange agreed and completed, a projector borrowed and
returned, and both associations' pages showing it."""

from __future__ import annotations

import json

from app.demo.accounts import DEMO_PASSWORD
from app.demo.load import load_demo
from app.runtime import Runtime
from tests.support.graphql import GraphQLClient, ok

LOG_IN = "mutation($e: String!, $p: String!) { logIn(input: {email: $e, password: $p}) { token } }"


async def token(gql: GraphQLClient, email: str) -> str:
    return str((await gql.mutate(LOG_IN, {"e": email, "p": DEMO_PASSWORD}))["token"])


async def test_help_with_the_accounts_and_a_projector(gql: GraphQLClient, runtime: Runtime) -> None:
    await load_demo(runtime.shared.writes, runtime.shared.passwords)
    raa = gql.as_(await token(gql, "admin.raa@samverka.example"))
    hif = gql.as_(await token(gql, "admin.hif@samverka.example"))
    city = gql.as_(await token(gql, "samordnare@samverka.example"))
    mine = await raa.data(
        """{ listings(filter: {search: "bokföringen", direction: REQUEST}) { nodes { id
           association { id name } matches { nodes { score listing { id title association { id name } } } } } } }"""
    )
    (request,) = mine["listings"]["nodes"]
    best = request["matches"]["nodes"][0]["listing"]
    assert best["association"]["name"] == "Skånes föreningar"
    started = ok(
        await raa.mutate(
            """mutation($l: ID!, $a: ID!) { conversationStart(input: {listingId: $l,
               message: "Kan ni visa vår kassör?", associationId: $a}) { conversation { id } errors { code } } }""",
            {"l": best["id"], "a": request["association"]["id"]},
        )
    )
    seen = json.dumps(
        await raa.data(
            "query($c: ID!) { node(id: $c) { ... on Conversation { theyShare messages { nodes { text senderName } } } } }",
            {"c": started["conversation"]["id"]},
        )
    )
    assert "@" not in seen  # no one's email through the conversation
    proposed = ok(
        await raa.mutate(
            """mutation($l: ID!, $a: ID!, $o: ID!) { exchangePropose(input: {listingId: $l,
               associationId: $a, counterpartId: $o, what: "En kväll med bokföringen"}) {
               exchange { id status giver { name } receiver { name } } errors { code } } }""",
            {"l": best["id"], "a": request["association"]["id"], "o": best["association"]["id"]},
        )
    )["exchange"]
    assert (proposed["giver"]["name"], proposed["receiver"]["name"]) == (
        "Skånes föreningar",
        "Råå IF",
    )
    for client, step in (
        (city, "exchangeAccept"),
        (city, "exchangeComplete"),
        (raa, "exchangeComplete"),
    ):
        ok(
            await client.mutate(
                f"mutation($id: ID!) {{ {step}(input: {{id: $id}}) {{ errors {{ code }} }} }}",
                {"id": proposed["id"]},
            )
        )
    ok(
        await raa.mutate(
            'mutation($id: ID!) { exchangeThank(input: {id: $id, text: "Tack, nu går bokslutet!"}) { errors { code } } }',
            {"id": proposed["id"]},
        )
    )
    # the projector: out and overdue; back, then borrowed and returned again
    lender = await hif.data(
        '{ listings(filter: {search: "projektor"}) { nodes { id unitsLeft loans { nodes { id status overdue } } } } }'
    )
    (projector,) = lender["listings"]["nodes"]
    (out,) = projector["loans"]["nodes"]
    assert (out["status"], out["overdue"]) == ("HANDED_OUT", True)
    loan_step = (
        "mutation($id: ID!) {{ {0}(input: {{id: $id}}) {{ loan {{ status }} errors {{ code }} }} }}"
    )
    ok(await hif.mutate(loan_step.format("loanReturn"), {"id": out["id"]}))
    again = ok(
        await raa.mutate(
            "mutation($l: ID!, $a: ID!) { loanReserve(input: {listingId: $l, associationId: $a}) { loan { id status } errors { code } } }",
            {"l": projector["id"], "a": request["association"]["id"]},
        )
    )["loan"]
    assert again["status"] == "RESERVED"
    ok(await hif.mutate(loan_step.format("loanHandOut"), {"id": again["id"]}))
    returned = ok(await hif.mutate(loan_step.format("loanReturn"), {"id": again["id"]}))
    assert returned["loan"]["status"] == "RETURNED"
    record = (
        "query($a: ID!) { exchangeRecord(associationId: $a) { given received thanks { text } } }"
    )
    giver = (await gql.data(record, {"a": best["association"]["id"]}))["exchangeRecord"]
    receiver = (await gql.data(record, {"a": request["association"]["id"]}))["exchangeRecord"]
    assert (giver["given"], giver["thanks"]) == (1, [{"text": "Tack, nu går bokslutet!"}])
    assert receiver["received"] == 1
