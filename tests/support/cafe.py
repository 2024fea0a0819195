"""Setting up café sessions through the API, as an organiser would."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

import httpx
from sqlalchemy import func, select

from app.runtime import Runtime
from db.models import CafeNote
from tests.support.graphql import GraphQLClient, ok
from tests.support.people import Person, make_person

_client_ids = itertools.count(1)

CREATE = """mutation($input: CafeSessionCreateInput!) {
  cafeSessionCreate(input: $input) { session { id joinCode } errors { field code message } } }"""
ADD_TABLE = """mutation($s: ID!, $name: String!) {
  cafeTableAdd(input: {sessionId: $s, name: $name}) { table { id } errors { code } } }"""
ADD_FACILITATOR = """mutation($t: ID!, $email: String!) {
  cafeFacilitatorAdd(input: {tableId: $t, email: $email}) { table { id } errors { code } } }"""
REMOVE_FACILITATOR = """mutation($t: ID!, $u: ID!) {
  cafeFacilitatorRemove(input: {tableId: $t, userId: $u}) { table { id } errors { code } } }"""
ADD_ROUND = """mutation($s: ID!, $q: String!, $p: PrincipleCode, $t: Int) {
  cafeRoundAdd(input: {sessionId: $s, question: $q, principle: $p, timeboxSeconds: $t}) {
    round { id } errors { code } } }"""
START_ROUND = """mutation($id: ID!) { cafeRoundStart(input: {id: $id}) {
  round { id startedAt endsAt } errors { code message } } }"""
JOIN = """mutation($code: String!, $name: String, $table: ID) {
  cafeSessionJoin(input: {joinCode: $code, displayName: $name, tableId: $table}) {
    participant { id displayName } token errors { field code message } } }"""
ADD_NOTE = """mutation($input: CafeNoteAddInput!) {
  cafeNoteAdd(input: $input) { note { id text version clientId voteCount } errors { field code message } } }"""
EDIT_NOTE = """mutation($id: ID!, $text: String!, $v: Int!) {
  cafeNoteEdit(input: {id: $id, text: $text, expectedVersion: $v}) {
    note { id text version } errors { field code message } } }"""
LAST_SEQ = "query($id: ID!) { cafeSession(id: $id) { lastSeq } }"


@dataclass
class Cafe:
    gql: GraphQLClient
    session_id: str
    join_code: str
    tables: list[str]
    rounds: list[str]
    organiser: Person
    facilitator: Person
    guests: dict[str, str] = field(default_factory=dict)  # name -> token

    def as_organiser(self) -> GraphQLClient:
        return self.gql.as_(self.organiser.token)

    def as_facilitator(self) -> GraphQLClient:
        return self.gql.as_(self.facilitator.token)

    async def last_seq(self) -> int:
        """The seq of the session's latest event, as its organiser reads it."""
        data = await self.as_organiser().data(LAST_SEQ, {"id": self.session_id})
        seq: int = data["cafeSession"]["lastSeq"]
        return seq

    async def join_guest(self, name: str, table: int = 0) -> str:
        payload = ok(
            await self.gql.mutate(
                JOIN, {"code": self.join_code, "name": name, "table": self.tables[table]}
            )
        )
        token: str = payload["token"]
        self.guests[name] = token
        return token

    async def join(self, person: Person, table: int = 0) -> dict[str, Any]:
        return ok(
            await self.gql.as_(person.token).mutate(
                JOIN, {"code": self.join_code, "table": self.tables[table]}
            )
        )

    async def note(
        self,
        client: GraphQLClient,
        text: str,
        *,
        table: int = 0,
        round_: int = 0,
        client_id: str | None = None,
        principle: str | None = None,
    ) -> dict[str, Any]:
        values: dict[str, Any] = {
            "sessionId": self.session_id,
            "tableId": self.tables[table],
            "roundId": self.rounds[round_],
            "text": text,
            "clientId": client_id or f"note-{next(_client_ids)}",
        }
        if principle:
            values["principle"] = principle
        return await client.mutate(ADD_NOTE, {"input": values})


async def make_cafe(
    gql: GraphQLClient,
    runtime: Runtime,
    *,
    public: bool = False,
    anonymous: bool = False,
    start: bool = True,
    budget: int = 3,
    tables: int = 2,
    rounds: int = 2,
    timebox: int | None = None,
) -> Cafe:
    organiser = await make_person(runtime.db, "Organisatör")
    facilitator = await make_person(runtime.db, "Facilitator")
    client = gql.as_(organiser.token)
    created = ok(
        await client.mutate(
            CREATE,
            {
                "input": {
                    "title": "Dialogmöte",
                    "startsAt": "2026-11-21T15:30:00+01:00",
                    "isPublic": public,
                    "anonymousNotes": anonymous,
                    "voteBudget": budget,
                }
            },
        )
    )["session"]
    table_ids = [
        ok(await client.mutate(ADD_TABLE, {"s": created["id"], "name": f"Bord {n + 1}"}))["table"][
            "id"
        ]
        for n in range(tables)
    ]
    ok(await client.mutate(ADD_FACILITATOR, {"t": table_ids[0], "email": facilitator.email}))
    principles = ["AUTONOMY", "DIALOGUE", "QUALITY"]
    round_ids = [
        ok(
            await client.mutate(
                ADD_ROUND,
                {"s": created["id"], "q": f"Fråga {n + 1}?", "p": principles[n % 3], "t": timebox},
            )
        )["round"]["id"]
        for n in range(rounds)
    ]
    if start:
        ok(await client.mutate(START_ROUND, {"id": round_ids[0]}))
    return Cafe(
        gql, created["id"], created["joinCode"], table_ids, round_ids, organiser, facilitator
    )


async def stored_notes(runtime: Runtime) -> int:
    """Notes in the database, deleted or not."""
    async with runtime.db.read() as session:
        return await session.scalar(select(func.count()).select_from(CafeNote)) or 0


async def export(
    http: httpx.AsyncClient, cafe: Cafe, fmt: str, token: str | None
) -> httpx.Response:
    """The session exported as `fmt` (md or csv), asked for with `token`."""
    headers = {"authorization": f"Bearer {token}"} if token else {}
    return await http.get(f"/export/cafe-sessions/{cafe.session_id}.{fmt}", headers=headers)
