"""The calendar's reads: the list (50 events with organisers, place and seats left) and the
.ics feed of 1,000 events, requests per second on both runtimes.

    python -m bench.calendar [--seconds 20] [--clients 20] [--events 1000] [--runtimes sqlite,postgres]

Each runtime gets a fresh database with the demo and `--events` more events (a third with
registration and a capacity), made through the API by the coordinator. `--clients`
concurrent clients then ask for the list, then for the feed, for `--seconds` each; the list
both as served (a compiled read) and by a twin process on the same database with compiled
reads off (the ordinary path), in turns, twice each, with their ratio. The statements each
costs are counted by tests/schema/events/test_statement_count.py (the same
for 3 events as for 30).
"""

from __future__ import annotations

import argparse
from datetime import datetime, timedelta

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

CREATE = """mutation($input: EventCreateInput!) { eventCreate(input: $input) {
  event { id } errors { code } } }"""
LIST = """{ events(first: 50) { totalCount edges { cursor node { id title type status startsAt
  endsAt organisers { name } place { address district onlineUrl } price free seatsLeft } } } }"""


async def fill(http: httpx.AsyncClient, token: str, count: int) -> None:
    base = datetime(2027, 1, 10, 9, 0)
    for n in range(count):
        starts = base + timedelta(hours=5 * n)
        event: dict[str, object] = {
            "title": f"Evenemang {n}",
            "type": ["MEETING", "TRAINING", "CULTURE", "SPORT"][n % 4],
            "startsAt": starts.isoformat() + "+01:00",
            "endsAt": (starts + timedelta(hours=2)).isoformat() + "+01:00",
            "address": "Storgatan 1",
            "district": "CENTRUM",
        }
        if n % 3 == 0:
            event["registration"] = {"capacity": 30}
        payload = await gql(http, CREATE, {"input": event}, token)
        assert not payload["errors"], payload["errors"]


async def one_runtime(kind: str, args: argparse.Namespace) -> None:
    async with demo_server(kind) as (address, token, url):
        async with httpx.AsyncClient(base_url=f"http://{address}", timeout=60) as http:
            await fill(http, token, args.events)
        async with ordinary_server(kind, url) as ordinary:
            await side_by_side(kind, "list of 50", LIST, address, ordinary, args)
        rps, latencies = await hammer(
            address, {"method": "GET", "path": "/calendar/events.ics"}, args.seconds, args.clients
        )
        print(line(kind, "feed (.ics)", rps, latencies), flush=True)


if __name__ == "__main__":
    run(__doc__ or "", one_runtime, clients=20, events=1000)
