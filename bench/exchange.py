"""The exchange's reads at 2,000 listings: the listings list and a request's matches,
requests per second on both runtimes.

    python -m bench.exchange [--seconds 20] [--clients 20] [--listings 2000] [--runtimes sqlite,postgres]

Each runtime gets a fresh database with the demo and `--listings` more (offers and requests
of skills and services over a few dozen topics), made through the API by the coordinator.
`--clients` concurrent clients then ask for the first 50 listings, then for the matches of
one request, for `--seconds` each; the list both as served (a compiled read) and by a twin
process with compiled reads off, in turns, twice each, with their ratio. The match query is one statement
(tests/schema/exchange/test_matching.py).
"""

from __future__ import annotations

import argparse
import random

import httpx

from bench.demo_runtime import (
    demo_server,
    gql,
    hammer,
    line,
    ordinary_server,
    run,
    side_by_side,
)

CREATE = """mutation($input: ListingCreateInput!) { listingCreate(input: $input) {
  listing { id } errors { code } } }"""
FIRST = "query { associations(first: 1) { nodes { id } } }"
LIST = """{ listings(first: 50) { totalCount edges { cursor node { id title direction kind
  topics district association { name } terms { kind text } } } } }"""
MATCHES = """query { node(id: "%s") { ... on Listing { matches(first: 10) { totalCount nodes {
  score listing { id title association { name } } } } } } }"""
TOPICS = [f"ämne {n}" for n in range(40)]
WORDS = ["bokföring", "webb", "tryck", "transport", "juridik", "foto", "ljud", "ledarskap"]


async def fill(http: httpx.AsyncClient, token: str, count: int) -> str:
    rng = random.Random(12)
    association = (await http.post("/graphql", json={"query": FIRST})).json()
    owner = association["data"]["associations"]["nodes"][0]["id"]
    last_request = ""
    for n in range(count):
        direction = "REQUEST" if n % 2 else "OFFER"
        payload = await gql(
            http,
            CREATE,
            {
                "input": {
                    "associationId": owner,
                    "direction": direction,
                    "kind": rng.choice(["SKILL", "SERVICE"]),
                    "title": " ".join(rng.sample(WORDS, 2)) + f" {n}",
                    "topics": rng.sample(TOPICS, 3),
                }
            },
            token,
        )
        assert not payload["errors"], payload["errors"]
        if direction == "REQUEST":
            last_request = payload["listing"]["id"]
    return last_request


async def one_runtime(kind: str, args: argparse.Namespace) -> None:
    async with demo_server(kind) as (address, token, url):
        async with httpx.AsyncClient(base_url=f"http://{address}", timeout=60) as http:
            request = await fill(http, token, args.listings)
        async with ordinary_server(kind, url) as ordinary:
            await side_by_side(kind, "list of 50", LIST, address, ordinary, args)
        rps, latencies = await hammer(
            address, {"method": "POST", "query": MATCHES % request}, args.seconds, args.clients
        )
        print(line(kind, "matches", rps, latencies), flush=True)


if __name__ == "__main__":
    run(__doc__ or "", one_runtime, clients=20, listings=2000)
