"""Café authorization as a matrix: every café query, mutation and subscription × every role.

Roles: anonymous; a logged-in stranger; a guest and an account holder sitting at table 1;
the facilitator hosting table 1; the organiser; the city's coordinator. The session is
private and live; each cell is asserted on its own fresh data.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import pytest

from app.runtime import Runtime
from tests.support.cafe import EDIT_NOTE, JOIN, START_ROUND, Cafe, make_cafe
from tests.support.graphql import GraphQLClient, ok
from tests.support.people import Person, make_person
from tests.support.ws import EVENTS, ws_client

ROLES = ["anonymous", "stranger", "guest", "participant", "facilitator", "organiser", "coordinator"]


@dataclass
class Room:
    cafe: Cafe
    server: str
    tokens: dict[str, str | None]
    note: str  # written at table 1 by someone else (a writer sitting there)

    def client(self, role: str) -> GraphQLClient:
        return self.cafe.gql.as_(self.tokens[role])


@pytest.fixture
async def room(gql: GraphQLClient, runtime: Runtime, server: str) -> Room:
    cafe = await make_cafe(gql, runtime)
    stranger = await make_person(runtime.db, "Främling")
    participant: Person = await make_person(runtime.db, "Deltagare")
    coordinator = await make_person(runtime.db, "Samordnare", coordinator=True)
    guest = await cafe.join_guest("Gäst", table=0)
    await cafe.join(participant, table=0)
    writer = gql.as_(await cafe.join_guest("Skribent", table=0))
    note = ok(await cafe.note(writer, "Skribentens anteckning"))["note"]["id"]
    tokens: dict[str, str | None] = {
        "anonymous": None,
        "stranger": stranger.token,
        "guest": guest,
        "participant": participant.token,
        "facilitator": cafe.facilitator.token,
        "organiser": cafe.organiser.token,
        "coordinator": coordinator.token,
    }
    return Room(cafe, server, tokens, note)


def outcome(payload: dict[str, Any]) -> str:
    return str(payload["errors"][0]["code"]) if payload["errors"] else "ok"


async def mutate(room: Room, role: str, query: str, variables: dict[str, Any]) -> str:
    data = await room.client(role).data(query, variables)
    (payload,) = data.values()
    return outcome(payload)


def query_of(query: str, pick: Callable[[Any], Any]) -> Callable[[Room, str], Awaitable[str]]:
    async def run(room: Room, role: str) -> str:
        variables = {"id": room.cafe.session_id} if "$id" in query else {}
        data = await room.client(role).data(query, variables)
        return "hidden" if pick(data) in (None, [], False) else "visible"

    return run


def mutation_of(
    query: str, variables: Callable[[Room], dict[str, Any]]
) -> Callable[[Room, str], Awaitable[str]]:
    async def run(room: Room, role: str) -> str:
        return await mutate(room, role, query, variables(room))

    return run


def subscription_of(query: str) -> Callable[[Room, str], Awaitable[str]]:
    async def run(room: Room, role: str) -> str:
        async with ws_client(room.server) as ws:
            await ws.init(room.tokens[role])
            # whatever the timing, something arrives first for whoever may read: events from
            # seq 0 replay the room's note from the log; presence starts with a snapshot
            variables = {"s": room.cafe.session_id} | ({"a": 0} if "$a" in query else {})
            await ws.subscribe("s", query, variables)
            message = await ws.receive()
            return "visible" if message["type"] == "next" else "refused"

    return run


async def note_add(room: Room, role: str) -> str:
    payload = await room.cafe.note(room.client(role), "Min anteckning", table=0)
    return outcome(payload)


S = "query($id: ID!) { cafeSession(id: $id) { %s } }"
SESSION = lambda room: {"id": room.cafe.session_id}  # noqa: E731
U, F, N, C, OK = "UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND", "CONFLICT", "ok"
V, H = "visible", "hidden"

# role order: anonymous stranger guest participant facilitator organiser coordinator
MATRIX: dict[str, tuple[Callable[[Room, str], Awaitable[str]], tuple[str, ...]]] = {
    "cafeSessions": (
        query_of(
            "{ cafeSessions { edges { node { id } } } }",
            lambda d: d["cafeSessions"]["edges"],
        ),
        (H, H, V, V, V, V, V),
    ),
    "cafeSession": (query_of(S % "title", lambda d: d["cafeSession"]), (H, H, V, V, V, V, V)),
    "CafeSession.joinCode": (
        query_of(S % "joinCode", lambda d: (d["cafeSession"] or {}).get("joinCode")),
        (H, H, H, H, V, V, V),
    ),
    "CafeSession.participants": (
        query_of(
            S % "participants { totalCount }",
            lambda d: (d["cafeSession"] or {}).get("participants"),
        ),
        (H, H, V, V, V, V, V),
    ),
    "CafeSession.viewerCanControl": (
        query_of(
            S % "viewerCanControl", lambda d: (d["cafeSession"] or {}).get("viewerCanControl")
        ),
        (H, H, H, H, H, V, V),
    ),
    "cafeSummary": (
        query_of(
            "query($id: ID!) { cafeSummary(sessionId: $id) { noteCount } }",
            lambda d: d["cafeSummary"],
        ),
        (H, H, V, V, V, V, V),
    ),
    "serverTime": (
        query_of("{ serverTime }", lambda d: d["serverTime"]),
        (V, V, V, V, V, V, V),
    ),
    "cafeSessionCreate": (
        mutation_of(
            'mutation { cafeSessionCreate(input: {title: "Ny", startsAt: "2026-12-01T18:00:00"}) { errors { code } } }',
            lambda r: {},
        ),
        (U, OK, U, OK, OK, OK, OK),
    ),
    "cafeSessionUpdate": (
        mutation_of(
            'mutation($id: ID!) { cafeSessionUpdate(input: {id: $id, place: "Ny plats"}) { errors { code } } }',
            SESSION,
        ),
        (U, N, U, F, F, OK, OK),
    ),
    "cafeSessionClose": (
        mutation_of(
            "mutation($id: ID!) { cafeSessionClose(input: {id: $id}) { errors { code } } }", SESSION
        ),
        (U, N, U, F, F, OK, OK),
    ),
    "cafeRoundAdd": (
        mutation_of(
            'mutation($id: ID!) { cafeRoundAdd(input: {sessionId: $id, question: "Mer?"}) { errors { code } } }',
            SESSION,
        ),
        (U, N, U, F, F, OK, OK),
    ),
    "cafeRoundStart": (
        mutation_of(START_ROUND, lambda r: {"id": r.cafe.rounds[1]}),
        (U, N, U, F, F, OK, OK),
    ),
    "cafeRoundEnd": (
        mutation_of(
            "mutation($id: ID!) { cafeRoundEnd(input: {id: $id}) { errors { code } } }",
            lambda r: {"id": r.cafe.rounds[0]},
        ),
        (U, N, U, F, F, OK, OK),
    ),
    "cafeTableAdd": (
        mutation_of(
            'mutation($id: ID!) { cafeTableAdd(input: {sessionId: $id, name: "Bord 9"}) { errors { code } } }',
            SESSION,
        ),
        (U, N, U, F, F, OK, OK),
    ),
    "cafeFacilitatorAdd": (
        mutation_of(
            "mutation($t: ID!, $e: String!) { cafeFacilitatorAdd(input: {tableId: $t, email: $e}) { errors { code } } }",
            lambda r: {"t": r.cafe.tables[1], "e": r.cafe.facilitator.email},
        ),
        (U, N, U, F, F, OK, OK),
    ),
    "cafeFacilitatorRemove": (
        mutation_of(
            "mutation($t: ID!, $u: ID!) { cafeFacilitatorRemove(input: {tableId: $t, userId: $u}) { errors { code } } }",
            lambda r: {"t": r.cafe.tables[0], "u": r.cafe.facilitator.global_id},
        ),
        (U, N, U, F, F, OK, OK),
    ),
    "cafeSessionJoin": (
        mutation_of(JOIN, lambda r: {"code": r.cafe.join_code, "name": "Ny"}),
        (OK, OK, OK, OK, OK, OK, OK),
    ),
    "cafeSessionLeave": (
        mutation_of(
            "mutation($id: ID!) { cafeSessionLeave(input: {id: $id}) { errors { code } } }", SESSION
        ),
        (N, N, OK, OK, C, C, C),
    ),
    "cafeParticipantMove": (
        mutation_of(
            "mutation($id: ID!, $t: ID!) { cafeParticipantMove(input: {sessionId: $id, tableId: $t}) { errors { code } } }",
            lambda r: {"id": r.cafe.session_id, "t": r.cafe.tables[1]},
        ),
        (N, N, OK, OK, C, C, C),
    ),
    "cafeNoteAdd": (note_add, (N, N, OK, OK, OK, OK, OK)),
    "cafeNoteEdit": (
        mutation_of(EDIT_NOTE, lambda r: {"id": r.note, "text": "Ändrad", "v": 1}),
        (N, N, F, F, OK, OK, OK),
    ),
    "cafeNoteDelete": (
        mutation_of(
            "mutation($id: ID!) { cafeNoteDelete(input: {id: $id}) { errors { code } } }",
            lambda r: {"id": r.note},
        ),
        (N, N, F, F, OK, OK, OK),
    ),
    "cafeNoteVote": (
        mutation_of(
            "mutation($id: ID!) { cafeNoteVote(input: {noteId: $id, dots: 1}) { errors { code } } }",
            lambda r: {"id": r.note},
        ),
        (N, N, OK, OK, F, F, F),
    ),
    "cafeClusterCreate": (
        mutation_of(
            'mutation($id: ID!, $n: ID!) { cafeClusterCreate(input: {sessionId: $id, name: "K", noteIds: [$n]}) { errors { code } } }',
            lambda r: {"id": r.cafe.session_id, "n": r.note},
        ),
        (U, N, F, F, OK, OK, OK),
    ),
    "cafeNotesCluster": (
        mutation_of(
            "mutation($id: ID!, $n: ID!) { cafeNotesCluster(input: {sessionId: $id, noteIds: [$n], clusterId: null}) { errors { code } } }",
            lambda r: {"id": r.cafe.session_id, "n": r.note},
        ),
        (U, N, F, F, OK, OK, OK),
    ),
    "cafeTyping": (
        mutation_of(
            "mutation($id: ID!, $t: ID!) { cafeTyping(input: {sessionId: $id, tableId: $t}) { errors { code } } }",
            lambda r: {"id": r.cafe.session_id, "t": r.cafe.tables[0]},
        ),
        (N, N, OK, OK, OK, OK, OK),
    ),
    "cafeSessionEvents": (subscription_of(EVENTS), ("refused", "refused", V, V, V, V, V)),
    "cafePresence": (
        subscription_of("subscription($s: ID!) { cafePresence(sessionId: $s) { kind } }"),
        ("refused", "refused", V, V, V, V, V),
    ),
}


async def cluster_then(verb: str, room: Room, role: str) -> str:
    created = await room.client("organiser").mutate(
        'mutation($id: ID!, $n: ID!) { cafeClusterCreate(input: {sessionId: $id, name: "K", noteIds: [$n]}) { cluster { id } errors { code } } }',
        {"id": room.cafe.session_id, "n": room.note},
    )
    cluster = created["cluster"]["id"]
    query = {
        "Rename": 'mutation($c: ID!) { cafeClusterRename(input: {id: $c, name: "Ny"}) { errors { code } } }',
        "Delete": "mutation($c: ID!) { cafeClusterDelete(input: {id: $c}) { errors { code } } }",
    }[verb]
    return await mutate(room, role, query, {"c": cluster})


async def cluster_rename(room: Room, role: str) -> str:
    return await cluster_then("Rename", room, role)


async def cluster_delete(room: Room, role: str) -> str:
    return await cluster_then("Delete", room, role)


MATRIX["cafeClusterRename"] = (cluster_rename, (U, N, F, F, OK, OK, OK))
MATRIX["cafeClusterDelete"] = (cluster_delete, (U, N, F, F, OK, OK, OK))

CELLS = [
    pytest.param(operation, role, expected[index], id=f"{operation}-{role}")
    for operation, (_, expected) in MATRIX.items()
    for index, role in enumerate(ROLES)
]


@pytest.mark.parametrize(("operation", "role", "expected"), CELLS)
async def test_cell(room: Room, operation: str, role: str, expected: str) -> None:
    run, _ = MATRIX[operation]
    assert await run(room, role) == expected
