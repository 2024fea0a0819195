"""A busy café: many people add and edit notes at once while subscribers follow along.

Every subscriber must end with exactly the session's log: the same events in the same order,
none lost, none twice, whatever happened to the broadcast on the way.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from db.models import CafeNote, FeedEvent
from db.session import Database
from tests.support.cafe import EDIT_NOTE, Cafe
from tests.support.graphql import GraphQLClient, ok
from tests.support.ws import EventCollector, ws_client

WRITERS = 12
NOTES_EACH = 4
CONTENDERS = 2  # the organiser and the table's facilitator edit one note at once
EDITS_EACH = 3


@dataclass
class Outcome:
    log: list[tuple[int, str, int | None, int | None]]  # seq, kind, note id, note version
    received: list[list[tuple[int, str, int | None, int | None]]]
    notes: dict[int, tuple[str, int]]  # from the database: id -> (text, version)
    final_texts: list[dict[int, tuple[str, int]]]  # as each subscriber pieced it together


def _row(event: dict[str, Any]) -> tuple[int, str, int | None, int | None]:
    note = event["note"]
    if isinstance(note, dict):
        from strawberry.relay import GlobalID

        return (
            int(event["seq"]),
            str(event["kind"]),
            int(GlobalID.from_id(note["id"]).node_id),
            int(note["version"]),
        )
    return (int(event["seq"]), str(event["kind"]), None, None)


def _note_id(subject: str | None) -> int | None:
    return int(subject.removeprefix("note:")) if subject else None


def _version(payload: dict[str, object]) -> int | None:
    note = payload.get("note")
    return int(note["version"]) if isinstance(note, dict) else None


async def _write(cafe: Cafe, client: GraphQLClient, table: int, name: str) -> None:
    for n in range(NOTES_EACH):
        note = ok(await cafe.note(client, f"{name}: anteckning {n}", table=table))["note"]
        if n % 2 == 0:
            edit = {
                "id": note["id"],
                "text": f"{name}: anteckning {n}, ändrad",
                "v": note["version"],
            }
            ok(await client.mutate(EDIT_NOTE, edit))
        await asyncio.sleep(random.uniform(0, 0.01))


async def _contend(client: GraphQLClient, note_id: str, name: str) -> None:
    """Edit a note someone else edits too, retrying with the version each conflict carries."""
    version, done = 1, 0
    while done < EDITS_EACH:
        edit = {"id": note_id, "text": f"{name}: ändring {done}", "v": version}
        payload = await client.mutate(EDIT_NOTE, edit)
        version = int(payload["note"]["version"])  # the edited note, or the current one
        if payload["errors"]:
            assert [e["code"] for e in payload["errors"]] == ["CONFLICT"]
        else:
            done += 1
        await asyncio.sleep(random.uniform(0, 0.005))


async def busy_cafe(
    cafe: Cafe,
    db: Database,
    writers: Sequence[GraphQLClient],
    ws_addresses: Sequence[str],
    *,
    during: Callable[[], Awaitable[None]] | None = None,
    subscribers: int = 6,
) -> Outcome:
    shared = ok(await cafe.note(cafe.as_organiser(), "Delad anteckning", table=0))["note"]["id"]
    start = await cafe.last_seq()
    async with asyncio.timeout(120):
        clients = [ws_client(ws_addresses[n % len(ws_addresses)]) for n in range(subscribers + 2)]
        sockets = [await c.__aenter__() for c in clients]
        try:
            collectors = []
            for ws in sockets[:subscribers]:
                await ws.init(cafe.organiser.token)
                collectors.append(EventCollector(ws))
                await collectors[-1].start(cafe.session_id, start)
            await asyncio.sleep(0.3)
            writing = asyncio.gather(
                *(
                    _write(cafe, client, n % len(cafe.tables), f"Skribent {n}")
                    for n, client in enumerate(writers)
                ),
                _contend(cafe.as_organiser(), shared, "Organisatören"),
                _contend(cafe.as_facilitator(), shared, "Facilitatorn"),
            )
            await asyncio.sleep(0.1)
            # two more join mid-run, replaying from the start
            for ws in sockets[subscribers:]:
                await ws.init(cafe.organiser.token)
                collectors.append(EventCollector(ws, "late"))
                await collectors[-1].start(cafe.session_id, start)
            if during is not None:
                await during()
            await writing
            async with db.read() as session:
                log = [
                    (e.seq, e.kind, _note_id(e.subject), _version(e.payload))
                    for e in (
                        await session.scalars(
                            select(FeedEvent).where(FeedEvent.seq > start).order_by(FeedEvent.seq)
                        )
                    ).all()
                ]
                notes = {
                    n.id: (n.text, n.version)
                    for n in (await session.scalars(select(CafeNote))).all()
                }
            end = log[-1][0]
            received = [[_row(e) for e in await c.until_seq(end, seconds=60)] for c in collectors]
        finally:
            for client in clients:
                await client.__aexit__(None, None, None)
    final_texts = []
    for collector in collectors:
        state: dict[int, tuple[str, int]] = {}
        for event in collector.events:
            note = event["note"]
            if isinstance(note, dict):
                from strawberry.relay import GlobalID

                state[int(GlobalID.from_id(note["id"]).node_id)] = (note["text"], note["version"])
        final_texts.append(state)
    return Outcome(log=log, received=received, notes=notes, final_texts=final_texts)


def assert_everyone_has_the_log(outcome: Outcome) -> None:
    kinds = [kind for _, kind, _, _ in outcome.log]
    assert kinds.count("NOTE_ADDED") == WRITERS * NOTES_EACH
    contended = CONTENDERS * EDITS_EACH
    assert kinds.count("NOTE_EDITED") == WRITERS * len(range(0, NOTES_EACH, 2)) + contended
    # the note edited by two at once took every edit that got through, none silently lost
    versions = [version for _, (_, version) in outcome.notes.items()]
    assert 1 + contended in versions
    for received in outcome.received:
        assert received == outcome.log
    for state in outcome.final_texts:
        assert state == {note_id: outcome.notes[note_id] for note_id in state}
        assert set(state) == set(outcome.notes)
