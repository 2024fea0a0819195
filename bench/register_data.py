"""A register of a few thousand associations and café sessions full of clusters, made through
the public GraphQL API (so that slugs, sort and search keys are the service's own).

The demo (`python -m app.cli demo`) gives the real register and the two 2016 cafés; on top
of it one bench account registers generated associations and runs closed, public cafés of
`CLUSTERS` clusters with `NOTES_PER_CLUSTER` notes each.
"""

from __future__ import annotations

import asyncio
import os
import random
import subprocess
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

import httpx

from bench.servers import ROOT

CLUSTERS = 10
NOTES_PER_CLUSTER = 10
CONCURRENCY = 8

KINDS = (
    "Idrottsförening", "Hembygdsförening", "Körsällskap", "Schackklubb", "Pensionärsförening",
    "Scoutkår", "Fotbollsklubb", "Konstförening", "Föräldraförening", "Kulturförening",
    "Friluftsförening", "Musikförening", "Brukshundklubb", "Bridgeklubb", "Teaterförening",
)  # fmt: skip
TOPICS = (
    "träffas varje vecka och välkomnar nya medlemmar",
    "ordnar läger, kurser och öppna träffar för alla åldrar",
    "samarbetar med skolor och fritidsgårdar i stadsdelen",
    "har verksamhet på svenska, engelska och arabiska",
    "drivs helt av ideella krafter sedan starten",
)


@dataclass(frozen=True)
class Register:
    associations: int
    slugs: list[str]  # of every association, in no particular order
    sessions: int  # closed, public cafés with clusters


def load_demo(database_url: str) -> None:
    """Migrate an empty database and load the demo into it, as `make run` does."""
    for command in ("migrate", "demo"):
        done = subprocess.run(
            [sys.executable, "-m", "app.cli", command],
            cwd=ROOT,
            env=os.environ | {"DATABASE_URL": database_url},
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise RuntimeError(f"app.cli {command} failed:\n{done.stdout}{done.stderr}")


async def call(
    http: httpx.AsyncClient,
    query: str,
    variables: dict[str, Any],
    token: str | None = None,
    *,
    payload_errors: bool = True,
) -> Any:
    """The one field's payload; raises on request errors, and on payload errors unless told
    not to (a benchmark that counts refusals)."""
    headers = {"authorization": f"Bearer {token}"} if token else {}
    response = await http.post(
        "/graphql", json={"query": query, "variables": variables}, headers=headers
    )
    body = response.json()
    if body.get("errors"):
        raise RuntimeError(body["errors"])
    (payload,) = body["data"].values()
    if payload_errors and isinstance(payload, dict) and payload.get("errors"):
        raise RuntimeError(payload["errors"])
    return payload


def check_digit(first_nine: str) -> str:
    """Luhn, as Swedish organisation numbers have it."""
    total = 0
    for index, char in enumerate(first_nine):
        product = int(char) * (2 if index % 2 == 0 else 1)
        total += product // 10 + product % 10
    return str((10 - total % 10) % 10)


def organisation_number(index: int) -> str:
    # 812…: group 8 (non-profit), a range the demo's numbers (802…) do not use
    digits = f"812{index:06d}"
    digits += check_digit(digits)
    return f"{digits[:6]}-{digits[6:]}"


async def _gather_limited(works: list[Callable[[], Awaitable[Any]]]) -> list[Any]:
    semaphore = asyncio.Semaphore(CONCURRENCY)

    async def run(work: Callable[[], Awaitable[Any]]) -> Any:
        async with semaphore:
            return await work()

    return await asyncio.gather(*(run(work) for work in works))


async def _register(http: httpx.AsyncClient, token: str, count: int) -> None:
    vocabulary = await http.post(
        "/graphql", json={"query": "{ districts { code name } associationCategories { code } }"}
    )
    data = vocabulary.json()["data"]
    districts = [(d["code"], d["name"]) for d in data["districts"]]
    categories = [c["code"] for c in data["associationCategories"]]
    rng = random.Random(2052)
    create = (
        "mutation($i: AssociationCreateInput!) { associationCreate(input: $i) "
        "{ association { id } errors { message } } }"
    )

    def work(index: int) -> Callable[[], Awaitable[Any]]:
        district, place = rng.choice(districts)
        fields = {
            "name": f"{rng.choice(KINDS)} {place} {index + 1}",
            "organisationNumber": organisation_number(index),
            "description": f"Föreningen {rng.choice(TOPICS)}.",
            "categories": rng.sample(categories, rng.randint(1, 2)),
            "district": district,
            "website": f"https://forening-{index + 1}.example" if rng.random() < 0.6 else None,
            "foundedYear": rng.randint(1890, 2024),
            "memberCount": rng.randint(5, 2500),
        }
        return partial(call, http, create, {"i": fields}, token)

    await _gather_limited([work(index) for index in range(count)])


async def _cafe(http: httpx.AsyncClient, token: str, number: int) -> None:
    session = (
        await call(
            http,
            "mutation($i: CafeSessionCreateInput!) { cafeSessionCreate(input: $i) "
            "{ session { id } errors { message } } }",
            {"i": {"title": f"Cafésamtal {number}", "startsAt": f"2025-{1 + number % 12:02d}-"
                   f"{1 + number % 28:02d}T18:00:00", "isPublic": True, "anonymousNotes": True}},
            token,
        )
    )["session"]["id"]  # fmt: skip
    table = (
        await call(
            http,
            'mutation($s: ID!) { cafeTableAdd(input: {sessionId: $s, name: "Bord 1"}) '
            "{ table { id } errors { message } } }",
            {"s": session},
            token,
        )
    )["table"]["id"]
    round_id = (
        await call(
            http,
            'mutation($s: ID!) { cafeRoundAdd(input: {sessionId: $s, question: "Vad behövs?"}) '
            "{ round { id } errors { message } } }",
            {"s": session},
            token,
        )
    )["round"]["id"]
    await call(
        http,
        "mutation($r: ID!) { cafeRoundStart(input: {id: $r}) { round { id } errors { message } } }",
        {"r": round_id},
        token,
    )
    notes: list[str] = []
    for index in range(CLUSTERS * NOTES_PER_CLUSTER):
        note = await call(
            http,
            "mutation($i: CafeNoteAddInput!) { cafeNoteAdd(input: $i) "
            "{ note { id } errors { message } } }",
            {"i": {"sessionId": session, "tableId": table, "roundId": round_id,
                   "text": f"Anteckning {index + 1} i café {number}: mer tid för samtal.",
                   "clientId": f"bench-{number}-{index}"}},
            token,
        )  # fmt: skip
        notes.append(note["note"]["id"])
    for cluster in range(CLUSTERS):
        await call(
            http,
            "mutation($i: CafeClusterCreateInput!) { cafeClusterCreate(input: $i) "
            "{ cluster { id } errors { message } } }",
            {"i": {"sessionId": session, "name": f"Grupp {cluster + 1}",
                   "noteIds": notes[cluster * NOTES_PER_CLUSTER:(cluster + 1) * NOTES_PER_CLUSTER]}},
            token,
        )  # fmt: skip
    await call(
        http,
        "mutation($s: ID!) { cafeSessionClose(input: {id: $s}) "
        "{ session { id } errors { message } } }",
        {"s": session},
        token,
    )


async def fill(address: str, associations: int, sessions: int) -> Register:
    """Add `associations` and `sessions` to a demo register, through the server at `address`."""
    # idle connections are dropped before uvicorn's keep-alive timeout (5 s) could race a reuse
    limits = httpx.Limits(keepalive_expiry=2)
    async with httpx.AsyncClient(base_url=f"http://{address}", timeout=120, limits=limits) as http:
        token = (
            await call(
                http,
                'mutation { signUp(input: {email: "register@bench.example", '
                'password: "bench-lösenord-2052", displayName: "Bench"}) { token } }',
                {},
            )
        )["token"]
        await _register(http, token, associations)
        await _gather_limited([partial(_cafe, http, token, n) for n in range(1, sessions + 1)])
        slugs = await all_slugs(http)
    return Register(associations=len(slugs), slugs=slugs, sessions=sessions)


async def all_slugs(http: httpx.AsyncClient) -> list[str]:
    slugs: list[str] = []
    after: str | None = None
    while True:
        page = await call(
            http,
            "query($a: String) { associations(first: 100, after: $a) "
            "{ nodes { slug } pageInfo { hasNextPage endCursor } } }",
            {"a": after},
        )
        slugs += [node["slug"] for node in page["nodes"]]
        if not page["pageInfo"]["hasNextPage"]:
            return slugs
        after = page["pageInfo"]["endCursor"]
