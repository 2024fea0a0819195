"""Live café fan-out: time from sending cafeNoteAdd to each subscriber receiving the event.

    python -m bench.fanout [--sizes 100,500,1000] [--modes shared,plain,redis]
                           [--rate 10] [--seconds 20]

Modes: `shared` is the embedded default (SQLite, memory://, one process) with shared
rendering; `plain` the same with rendering per subscriber (as plain Strawberry does);
`redis` two app processes sharing PostgreSQL and Redis, subscribers split over both, notes
written through the first. Subscribers are guests of one café, in separate client processes.
Results go to bench/results/ and are printed as a Markdown table (see docs/performance.md).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import platform
import subprocess
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import httpx

from bench.machine import Load, Reading, cpu_seconds
from bench.servers import ROOT, Servers, database
from bench.subscribers import monotonic_ns, result_of, subscriber_process

POSTGRES_URL = os.environ.get(
    "BENCH_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
)
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
DRAIN_SECONDS = 10


@dataclass
class Result:
    mode: str
    subscribers: int
    notes: int
    expected: int
    delivered: int
    duplicates: int
    p50_ms: float
    p99_ms: float
    max_ms: float
    resyncs: int  # subscribers told to resubscribe because they fell behind
    failed_writes: int
    write_p50_ms: float  # the cafeNoteAdd request itself, until its answer
    write_p99_ms: float
    memory_per_subscriber_kib: float
    server_cpu_percent: int  # of one core, while the notes were sent and delivered
    client_cpu_percent: int
    steal_percent: float  # the machine while the notes were sent: see bench/machine.py
    cpu_wait_ms_per_s: float


async def graphql(
    http: httpx.AsyncClient, query: str, variables: dict[str, Any], token: str | None = None
) -> Any:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    response = await http.post(
        "/graphql", json={"query": query, "variables": variables}, headers=headers
    )
    body = response.json()
    if "errors" in body:
        raise RuntimeError(body["errors"])
    (payload,) = body["data"].values()
    if isinstance(payload, dict) and payload.get("errors"):
        raise RuntimeError(payload["errors"])
    return payload


async def set_up_cafe(
    http: httpx.AsyncClient, guests: int
) -> tuple[str, str, str, str, list[str], int]:
    organiser = await graphql(
        http,
        'mutation { signUp(input: {email: "bench@samverka.example", password: "bench-lösenord", displayName: "Bench"}) { token } }',
        {},
    )
    token = organiser["token"]
    session = (
        await graphql(
            http,
            'mutation { cafeSessionCreate(input: {title: "Bench", startsAt: "2026-11-21T18:00:00"}) { session { id joinCode } } }',
            {},
            token,
        )
    )["session"]
    table = (
        await graphql(
            http,
            'mutation($s: ID!) { cafeTableAdd(input: {sessionId: $s, name: "Bord"}) { table { id } } }',
            {"s": session["id"]},
            token,
        )
    )["table"]["id"]
    round_id = (
        await graphql(
            http,
            'mutation($s: ID!) { cafeRoundAdd(input: {sessionId: $s, question: "Fråga?"}) { round { id } } }',
            {"s": session["id"]},
            token,
        )
    )["round"]["id"]
    await graphql(
        http,
        "mutation($r: ID!) { cafeRoundStart(input: {id: $r}) { round { id } } }",
        {"r": round_id},
        token,
    )
    semaphore = asyncio.Semaphore(20)

    async def join(n: int) -> str:
        async with semaphore:
            joined = await graphql(
                http,
                "mutation($c: String!, $n: String!, $t: ID!) { cafeSessionJoin(input: {joinCode: $c, displayName: $n, tableId: $t}) { token } }",
                {"c": session["joinCode"], "n": f"Gäst {n}", "t": table},
            )
            guest: str = joined["token"]
            return guest

    tokens = await asyncio.gather(*(join(n) for n in range(guests)))
    last = (
        await http.post(
            "/graphql",
            json={
                "query": "query($s: ID!) { cafeSession(id: $s) { lastSeq } }",
                "variables": {"s": session["id"]},
            },
            headers={"authorization": f"Bearer {token}"},
        )
    ).json()
    return (
        token,
        session["id"],
        table,
        round_id,
        list(tokens),
        last["data"]["cafeSession"]["lastSeq"],
    )


async def scenario(mode: str, size: int, rate: float, seconds: float) -> Result:
    kind = "postgres" if mode == "redis" else "sqlite"
    async with database(kind, POSTGRES_URL) as url:
        servers = Servers(
            url,
            REDIS_URL if mode == "redis" else "memory://",
            2 if mode == "redis" else 1,
            mode != "plain",
        )
        await servers.start()
        try:
            async with httpx.AsyncClient(
                base_url=f"http://{servers.addresses[0]}", timeout=120
            ) as http:
                token, session_id, table, round_id, guests, after = await set_up_cafe(http, size)
                await asyncio.sleep(1)
                before = servers.memory_kib()
                processes = 2 if size >= 200 else 1
                pipes, workers = [], []
                context = multiprocessing.get_context("spawn")
                for index in range(processes):
                    parent, child = context.Pipe()
                    worker = context.Process(
                        target=subscriber_process,
                        args=(
                            servers.addresses,
                            guests[index::processes],
                            session_id,
                            after,
                            child,
                        ),
                    )
                    worker.start()
                    pipes.append(parent)
                    workers.append(worker)
                for pipe in pipes:
                    await asyncio.get_running_loop().run_in_executor(None, pipe.recv)
                await asyncio.sleep(3)
                memory = (servers.memory_kib() - before) / size
                notes = int(rate * seconds)
                writes: list[float] = []
                start = time.monotonic()
                machine_before = Reading.now()
                client_pids = [worker.pid for worker in workers if worker.pid is not None]
                cpu_before = cpu_seconds(servers.pids), cpu_seconds(client_pids)

                async def write(number: int) -> None:
                    # open loop: each note leaves on schedule, whether or not the last is answered
                    await asyncio.sleep(max(0.0, start + number / rate - time.monotonic()))
                    sent = time.monotonic()
                    await graphql(
                        http,
                        "mutation($i: CafeNoteAddInput!) { cafeNoteAdd(input: $i) { note { id } } }",
                        {"i": {"sessionId": session_id, "tableId": table, "roundId": round_id,
                               "text": f"bench {number} {monotonic_ns()}", "clientId": f"bench-{number}"}},
                        token,
                    )  # fmt: skip
                    writes.append(time.monotonic() - sent)

                outcomes = await asyncio.gather(
                    *(write(number) for number in range(notes)), return_exceptions=True
                )
                failures = [outcome for outcome in outcomes if isinstance(outcome, BaseException)]
                failed_writes = len(failures)
                if failures:
                    print(f"  {failed_writes} writes failed, e.g. {failures[0]!r}", flush=True)
                await asyncio.sleep(DRAIN_SECONDS)
                window = time.monotonic() - start
                load = Load.between(machine_before, Reading.now(), window)
                server_cpu = (cpu_seconds(servers.pids) - cpu_before[0]) / window
                client_cpu = (cpu_seconds(client_pids) - cpu_before[1]) / window
                latencies: list[int] = []
                seen: dict[int, int] = {}
                resyncs = 0
                for pipe in pipes:
                    pipe.send("stop")
                    got, counts, other, told_to_resync = result_of(
                        await asyncio.get_running_loop().run_in_executor(None, pipe.recv)
                    )
                    latencies += got
                    resyncs += told_to_resync
                    if other:
                        print(f"  unexpected messages, e.g. {other[0]}", flush=True)

                    for number, times in counts.items():
                        seen[number] = seen.get(number, 0) + times
                for worker in workers:
                    worker.join(30)
        finally:
            servers.stop()
    latencies.sort()
    expected = notes * size

    return Result(
        mode=mode,
        subscribers=size,
        notes=notes,
        expected=expected,
        delivered=len(latencies),
        duplicates=sum(max(0, times - size) for times in seen.values()),
        p50_ms=round(quantile(latencies, 0.50) / 1e6, 1),
        p99_ms=round(quantile(latencies, 0.99) / 1e6, 1),
        max_ms=round(latencies[-1] / 1e6, 1) if latencies else float("nan"),
        resyncs=resyncs,
        failed_writes=failed_writes,
        write_p50_ms=round(quantile(writes, 0.50) * 1000, 1),
        write_p99_ms=round(quantile(writes, 0.99) * 1000, 1),
        memory_per_subscriber_kib=round(memory, 1),
        server_cpu_percent=round(100 * server_cpu),
        client_cpu_percent=round(100 * client_cpu),
        steal_percent=load.steal_percent,
        cpu_wait_ms_per_s=load.cpu_wait_ms_per_s,
    )


def quantile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def table(results: list[Result]) -> str:
    lines = [
        "| mode | subscribers | notes | delivered / expected | p50 ms | p99 ms | max ms | resyncs | write p50 / p99 ms | server KiB per idle subscriber | server / client CPU % | steal % |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r.mode} | {r.subscribers} | {r.notes}{f' ({r.failed_writes} failed)' if r.failed_writes else ''} | {r.delivered} / {r.expected} | {r.p50_ms} | {r.p99_ms} | {r.max_ms} | {r.resyncs} | {r.write_p50_ms} / {r.write_p99_ms} | {r.memory_per_subscriber_kib} | {r.server_cpu_percent} / {r.client_cpu_percent} | {r.steal_percent} |"
        )
    return "\n".join(lines)


async def main() -> None:
    parser = argparse.ArgumentParser(prog="bench.fanout")
    parser.add_argument("--sizes", default="100,500,1000")
    parser.add_argument("--modes", default="shared,plain,redis")
    parser.add_argument("--rate", type=float, default=10.0)
    parser.add_argument("--seconds", type=float, default=20.0)
    args = parser.parse_args()
    results = []
    for mode in args.modes.split(","):
        for size in (int(s) for s in args.sizes.split(",")):
            print(f"running {mode} with {size} subscribers…", flush=True)
            result = await scenario(mode, size, args.rate, args.seconds)
            print(table([result]).splitlines()[-1], flush=True)
            results.append(result)
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    record = {
        "commit": commit,
        "when": time.strftime("%Y-%m-%d %H:%M"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "rate": args.rate,
        "seconds": args.seconds,
        "results": [asdict(r) for r in results],
    }
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / f"fanout-{time.strftime('%Y%m%d-%H%M%S')}.json").write_text(json.dumps(record, indent=2))
    print()
    print(table(results))


if __name__ == "__main__":
    asyncio.run(main())
