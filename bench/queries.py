"""The read path: Samverka against PostGraphile 4 on the same PostgreSQL database.

    python -m bench.queries [--seconds 10] [--rounds 3] [--connections 50]
                            [--shapes by-slug,first-50,cafes,mixed] [--no-postgraphile]
                            [--soak MINUTES]

A fresh database gets the demo register and cafés and, through the API, a few thousand more
associations and closed public cafés full of clusters (bench/register_data.py). One Samverka
process (production settings) and one PostGraphile process (bench/postgraphile.py; skipped
with a message without Node) serve it. Per shape, wrk runs against each in turn: interleaved
pairs, the order alternating by round. A counting pass through a proxy counts the statements
each sends per request (bench/statements.py). Memory is sampled all along; `--soak` then runs
the mixed load on Samverka for that many minutes. Results go to bench/results/ (JSON and
Markdown) and are printed; see docs/performance.md.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shlex
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import asyncpg
from sqlalchemy.engine import make_url

from bench import postgraphile
from bench.gc_probe import Probe
from bench.load import run_wrk, wrk_path
from bench.machine import Load, Reading
from bench.queries_report import Record, RunResult, SoakChunk, write_record
from bench.register_data import fill, load_demo
from bench.servers import Servers, database, rss_kib
from bench.shapes import MIX, MIXED, POSTGRAPHILE, SAMVERKA, Shape, all_shapes, verify, workload
from bench.statements import Background, PerRequest, StatementCounter, count_per_request
from bench.usage import MemorySampler, snapshot, spent

POSTGRES_URL = os.environ.get(
    "BENCH_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
)
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
SHAPES = ("by-slug", "first-50", "cafes", MIXED)
COUNTED_REQUESTS = 50  # per shape and server, in the counting pass
SOAK_CHUNK_SECONDS = 30.0


@dataclass(frozen=True)
class Target:
    name: str
    address: str
    pids: list[int]


def samverka(database_url: str, broadcast_url: str, probed: bool = False) -> Servers:
    """One app process, started the way bench/servers.py starts it, in production mode;
    `probed`: through bench/gc_probe.py, which times the collector's pauses."""
    launcher = ("-m", "bench.gc_probe") if probed else ("-m", "uvicorn")
    servers = Servers(database_url, broadcast_url, 1, shared=True, launcher=launcher)
    servers.environment["ENVIRONMENT"] = "production"
    return servers


def parse(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench.queries", description=__doc__)
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument("--seconds", type=float, default=10.0, help="per run (default 10)")
    parser.add_argument("--rounds", type=int, default=3, help="pairs per shape (default 3)")
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds per shape and server")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--threads", type=int, default=1, help="wrk threads (default 1)")
    parser.add_argument("--shapes", default=",".join(SHAPES), help="default: all four")
    parser.add_argument("--no-postgraphile", action="store_true", help="Samverka alone")
    parser.add_argument("--soak", type=float, default=0.0, metavar="MINUTES")
    parser.add_argument("--associations", type=int, default=2000, help="added to the demo's")
    parser.add_argument("--cafes", type=int, default=12, help="cafés added to the demo's")
    parser.add_argument("--cafe-sessions", type=int, default=1, help="sessions in `cafes`")
    parser.add_argument("--broadcast", default=REDIS_URL, help="the app's BROADCAST_URL")
    args = parser.parse_args(argv)
    unknown = set(args.shapes.split(",")) - set(SHAPES)
    if unknown:
        parser.error(f"unknown shapes: {', '.join(sorted(unknown))}")
    return args


async def count_statements(
    url: str, broadcast: str, cli: Path | None, workloads: dict[tuple[str, str], list[str]]
) -> tuple[list[PerRequest], list[Background]]:
    """Statements per request, from separate server processes whose database is a proxy."""
    upstream = make_url(url)
    names = sorted({target for target, _ in workloads})
    counters = {name: StatementCounter(upstream.host or "127.0.0.1", upstream.port or 5432)
                for name in names}  # fmt: skip
    proxied = {
        name: upstream.set(host="127.0.0.1", port=counter.start()).render_as_string(False)
        for name, counter in counters.items()
    }
    servers = samverka(proxied[SAMVERKA], broadcast)
    graphile = postgraphile.PostGraphile(cli, proxied[POSTGRAPHILE]) if cli is not None else None
    try:
        await servers.start()
        addresses = {SAMVERKA: servers.addresses[0]}
        if graphile is not None:
            await graphile.start()
            addresses[POSTGRAPHILE] = graphile.address
        return await count_per_request(counters, addresses, workloads, COUNTED_REQUESTS)
    finally:
        servers.stop()
        if graphile is not None:
            graphile.stop()
        for counter in counters.values():
            counter.stop()


async def measure(
    args: argparse.Namespace,
    targets: list[Target],
    bodies: dict[tuple[str, str], list[str]],
    admin: asyncpg.Connection,
    database_name: str,
    sampler: MemorySampler,
) -> list[RunResult]:
    runs: list[RunResult] = []
    for shape in args.shapes.split(","):
        for target in targets:
            sampler.phase = f"warm-up {shape}"
            await run_wrk(target.address, bodies[shape, target.name], args.warmup,
                          args.connections, args.threads)  # fmt: skip
        for number in range(1, args.rounds + 1):
            for target in targets if number % 2 else targets[::-1]:
                sampler.phase = f"{shape} {target.name}"
                machine = Reading.now()
                before = await snapshot(admin, database_name, target.pids)
                outcome = await run_wrk(target.address, bodies[shape, target.name],
                                        args.seconds, args.connections, args.threads)  # fmt: skip
                after = await snapshot(admin, database_name, target.pids)
                steal = Load.between(machine, Reading.now(), after.at - before.at).steal_percent
                cost = spent(before, after, outcome.client_cpu_s)
                rss = sum(rss_kib(pid) for pid in target.pids)
                run = RunResult.of(target.name, shape, number, outcome, cost, steal, rss)
                runs.append(run)
                print(f"  {shape:8} {target.name:12} {number}: {run.line()}", flush=True)
    return runs


async def soak(
    target: Target,
    bodies: list[str],
    args: argparse.Namespace,
    sampler: MemorySampler,
    probe: Probe | None,
) -> list[SoakChunk]:
    """The mixed load for `args.soak` minutes, in chunks of 30 s, memory sampled every 5 s,
    and the collector's pauses read after each chunk."""
    sampler.phase, sampler.interval = f"soak {target.name}", 5.0
    chunks = []
    started = time.monotonic()
    end = started + args.soak * 60
    while (left := end - time.monotonic()) > 1:
        outcome = await run_wrk(target.address, bodies, min(SOAK_CHUNK_SECONDS, left),
                                args.connections, args.threads)  # fmt: skip
        collected = await probe.read() if probe is not None else None
        # what the collector did since the soak began (start-up's collections are not load)
        full = [ms for at, ms, _ in (collected or {}).get("full", []) if at >= started]
        slow = [ms for at, _, ms, _ in (collected or {}).get("slow", []) if at >= started]
        chunk = SoakChunk(
            minute=round((time.monotonic() - started) / 60, 2),
            rps=round(outcome.rps, 1),
            p99_ms=round(outcome.p99_ms, 1),
            rss_kib=sum(rss_kib(pid) for pid in target.pids),
            bad=outcome.bad + outcome.socket_errors + outcome.timeouts,
            gc_max_ms=round(max(full + slow, default=0.0), 1),
            gc_slow=len(slow),
        )
        chunks.append(chunk)
        print(f"  soak {chunk.minute:6.1f} min: {chunk.rps:.0f} rps, p99 {chunk.p99_ms} ms, "
              f"RSS {chunk.rss_kib / 1024:.0f} MiB, longest full collection {chunk.gc_max_ms} ms, "
              f"{chunk.gc_slow} over 50 ms", flush=True)  # fmt: skip
    return chunks


async def prepare(args: argparse.Namespace, url: str) -> tuple[dict[str, Shape], list[str], int]:
    started = time.monotonic()
    load_demo(url)
    loader = samverka(url, args.broadcast)
    await loader.start()
    try:
        register = await fill(loader.addresses[0], args.associations, args.cafes)
    finally:
        loader.stop()
    print(f"  {register.associations} associations, {register.sessions} cafés with clusters "
          f"added, in {time.monotonic() - started:.0f} s", flush=True)  # fmt: skip
    slugs = list(register.slugs)
    random.Random(2052).shuffle(slugs)
    return all_shapes(slugs, args.cafe_sessions), slugs, register.associations


async def run(args: argparse.Namespace) -> Record:
    wrk_path()  # fails at once without a load generator
    why_not = "skipped (--no-postgraphile)" if args.no_postgraphile else postgraphile.missing()
    cli, version = (None, why_not or "") if why_not else postgraphile.install()
    if why_not:
        print(f"PostGraphile: {why_not}; measuring Samverka alone.", flush=True)
    names = [SAMVERKA] + ([POSTGRAPHILE] if cli is not None else [])
    shape_names = args.shapes.split(",")
    async with database("postgres", POSTGRES_URL) as url:
        database_name = url.rsplit("/", 1)[1]
        print(f"loading the register into {database_name}…", flush=True)
        shapes, slugs, associations = await prepare(args, url)
        bodies = {(s, n): workload(shapes, s, n) for s in shape_names for n in names}
        print("counting statements per request…", flush=True)
        counted = {(n, s): workload(shapes, s, n) for n in names for s in MIX}
        statements, background = await count_statements(url, args.broadcast, cli, counted)
        # with --soak, the collector's pauses are timed (a hook per collection, nothing more)
        servers = samverka(url, args.broadcast, probed=bool(args.soak))
        probe_file = Path(tempfile.mkdtemp(prefix="bench-gc-")) / "gc.json"
        servers.environment["BENCH_GC_PROBE_FILE"] = str(probe_file)
        graphile = postgraphile.PostGraphile(cli, url) if cli is not None else None
        admin = await asyncpg.connect(make_url(POSTGRES_URL).set(drivername="postgres")
                                      .render_as_string(False))  # fmt: skip
        sampler = MemorySampler({})
        try:
            await servers.start()
            targets = [Target(SAMVERKA, servers.addresses[0], servers.pids)]
            if graphile is not None:
                await graphile.start()
                targets.append(Target(POSTGRAPHILE, graphile.address, graphile.pids))
            await verify(shapes, {t.name: t.address for t in targets}, slugs[:20])
            print("measuring…", flush=True)
            sampler.pids = {t.name: t.pids for t in targets}
            sampler.start()
            runs = await measure(args, targets, bodies, admin, database_name, sampler)
            mixed = bodies.get((MIXED, SAMVERKA)) or workload(shapes, MIXED, SAMVERKA)
            probe = Probe(servers.pids[0], probe_file) if args.soak else None
            soaked = await soak(targets[0], mixed, args, sampler, probe) if args.soak else []
        finally:
            await sampler.stop()
            await admin.close()
            servers.stop()
            if graphile is not None:
                graphile.stop()
    settings = {key: value for key, value in vars(args).items() if key != "shapes"}
    return Record(
        command=shlex.join(["python", "-m", "bench.queries", *sys.argv[1:]]),
        settings=settings | {"shapes": shape_names},
        register={"associations": associations, "cafes_added": args.cafes},
        postgraphile=version,
        runs=runs,
        statements=statements,
        background=background,
        memory={name: sampler.series(name) for name in names},
        soak=soaked,
    )


def main() -> None:
    record = asyncio.run(run(parse()))
    print()
    print(write_record(record))


if __name__ == "__main__":
    main()
