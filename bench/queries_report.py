"""What bench/queries.py found, as JSON and Markdown in bench/results/."""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import time
from dataclasses import asdict, dataclass, field
from typing import Any

from bench.load import Outcome
from bench.servers import ROOT
from bench.shapes import MIX, MIXED, POSTGRAPHILE, SAMVERKA
from bench.statements import Background, PerRequest
from bench.usage import Spent

NAMES = {SAMVERKA: "Samverka", POSTGRAPHILE: "PostGraphile"}


@dataclass(frozen=True)
class RunResult:
    target: str
    shape: str
    round: int
    requests: int
    seconds: float
    rps: float
    p50_ms: float
    p99_ms: float
    max_ms: float
    bad: int  # not 200, GraphQL errors, socket errors or timeouts
    server_cpu_ms: float  # per request
    database_cpu_ms: float  # per request
    client_cpu_ms: float  # per request (wrk)
    client_cpu_percent: float  # of one core, over the run
    others_cpu_percent: float  # the rest of the machine, of one core
    steal_percent: float
    rss_kib: int  # the server's, at the end of the run

    @classmethod
    def of(
        cls, target: str, shape: str, number: int, outcome: Outcome, cost: Spent, steal: float,
        rss_kib: int,
    ) -> RunResult:  # fmt: skip
        per_request = 1000 / outcome.requests if outcome.requests else float("nan")
        return cls(
            target=target,
            shape=shape,
            round=number,
            requests=outcome.requests,
            seconds=round(outcome.seconds, 2),
            rps=round(outcome.rps, 1),
            p50_ms=round(outcome.p50_ms, 1),
            p99_ms=round(outcome.p99_ms, 1),
            max_ms=round(outcome.max_ms, 1),
            bad=outcome.bad + outcome.socket_errors + outcome.timeouts,
            server_cpu_ms=round(cost.server_s * per_request, 3),
            database_cpu_ms=round(cost.database_s * per_request, 3),
            client_cpu_ms=round(outcome.client_cpu_s * per_request, 3),
            client_cpu_percent=round(100 * outcome.client_cpu_s / cost.seconds, 1),
            others_cpu_percent=round(100 * cost.others_s / cost.seconds, 1),
            steal_percent=steal,
            rss_kib=rss_kib,
        )

    def line(self) -> str:
        return (
            f"{self.rps:8.1f} rps, p50 {self.p50_ms} ms, p99 {self.p99_ms} ms, "
            f"CPU {self.server_cpu_ms:.2f} ms/req (database {self.database_cpu_ms:.2f}), "
            f"wrk {self.client_cpu_percent} %, others {self.others_cpu_percent} %"
            + (f", {self.bad} BAD" if self.bad else "")
        )


@dataclass(frozen=True)
class SoakChunk:
    minute: float
    rps: float
    p99_ms: float
    rss_kib: int
    bad: int
    # the collector since the soak began (bench/gc_probe.py): its longest full collection
    # (or longer pause), and its pauses over 50 ms
    gc_max_ms: float = 0.0
    gc_slow: int = 0


@dataclass
class Record:
    command: str
    settings: dict[str, Any]
    register: dict[str, int]
    postgraphile: str  # the version, or why it was skipped
    runs: list[RunResult]
    statements: list[PerRequest]
    background: list[Background]
    memory: dict[str, list[tuple[float, str, int]]]  # target -> (seconds, phase, KiB)
    soak: list[SoakChunk] = field(default_factory=list)
    commit: str = ""
    when: str = ""
    machine: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.commit = (
            self.commit
            or subprocess.run(
                ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
            ).stdout.strip()
        )
        self.when = self.when or time.strftime("%Y-%m-%d %H:%M")
        self.machine = self.machine or {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        }


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def _number(value: float, digits: int = 1) -> str:
    if value != value:  # nan
        return "–"
    return f"{value:,.{digits}f}"


def _runs(record: Record, target: str, shape: str) -> list[RunResult]:
    return [r for r in record.runs if r.target == target and r.shape == shape]


def _statements(record: Record, target: str, shape: str) -> float:
    found = {s.shape: s.statements for s in record.statements if s.target == target}
    if shape == MIXED and all(name in found for name in MIX):
        return sum(found[name] * weight for name, weight in MIX.items()) / sum(MIX.values())
    return found.get(shape, float("nan"))


def _pair(record: Record, shape: str, metric: str, digits: int = 1) -> str:
    values = [
        _median([getattr(r, metric) for r in _runs(record, target, shape)])
        for target in (SAMVERKA, POSTGRAPHILE)
    ]
    return " / ".join(_number(v, digits) for v in values)


def _ratio(record: Record, shape: str) -> tuple[float, float, float]:
    """Median, lowest and highest Samverka ÷ PostGraphile requests/s over the rounds' pairs."""
    ours = {r.round: r.rps for r in _runs(record, SAMVERKA, shape)}
    theirs = {r.round: r.rps for r in _runs(record, POSTGRAPHILE, shape)}
    ratios = [ours[n] / theirs[n] for n in ours if theirs.get(n)]
    if not ratios:
        return (float("nan"),) * 3
    return _median(ratios), min(ratios), max(ratios)


def summary_table(record: Record) -> str:
    lines = [
        "| shape | requests/s Samverka | requests/s PostGraphile | S ÷ P (lowest–highest pair) "
        "| p50 ms S / P | p99 ms S / P | server CPU ms/request S / P "
        "| database CPU ms/request S / P | statements/request S / P |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for shape in record.settings["shapes"]:
        rps = {t: [r.rps for r in _runs(record, t, shape)] for t in (SAMVERKA, POSTGRAPHILE)}
        ratio, low, high = _ratio(record, shape)
        statements = " / ".join(
            _number(_statements(record, t, shape)) for t in (SAMVERKA, POSTGRAPHILE)
        )
        lines.append(
            f"| {shape} | {_spread(rps[SAMVERKA])} | {_spread(rps[POSTGRAPHILE])} "
            f"| {_number(ratio, 3)}{f' ({low:.3f}–{high:.3f})' if ratio == ratio else ''} "
            f"| {_pair(record, shape, 'p50_ms')} | {_pair(record, shape, 'p99_ms')} "
            f"| {_pair(record, shape, 'server_cpu_ms', 2)} "
            f"| {_pair(record, shape, 'database_cpu_ms', 2)} | {statements} |"
        )
    return "\n".join(lines)


def _spread(values: list[float]) -> str:
    if not values:
        return "–"
    return f"{_number(_median(values), 0)} ({_number(min(values), 0)}–{_number(max(values), 0)})"


def runs_table(record: Record) -> str:
    lines = [
        "| shape | server | round | requests/s | p50 ms | p99 ms | max ms | server CPU ms/req "
        "| database CPU ms/req | wrk CPU % | other processes CPU % | steal % | RSS MiB | bad |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in record.runs:
        lines.append(
            f"| {r.shape} | {NAMES[r.target]} | {r.round} | {_number(r.rps)} | {r.p50_ms} "
            f"| {r.p99_ms} | {r.max_ms} | {r.server_cpu_ms:.2f} | {r.database_cpu_ms:.2f} "
            f"| {r.client_cpu_percent} | {r.others_cpu_percent} | {r.steal_percent} "
            f"| {r.rss_kib / 1024:.0f} | {r.bad} |"
        )
    return "\n".join(lines)


def statements_table(record: Record) -> str:
    lines = [
        "| shape | server | statements/request (fewest–most) | of which BEGIN/COMMIT/ROLLBACK "
        "| of which pings | round trips/request |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for s in record.statements:
        lines.append(
            f"| {s.shape} | {NAMES[s.target]} | {s.statements:g} ({s.fewest}–{s.most}) "
            f"| {s.control:g} | {s.pings:g} | {s.round_trips:g} |"
        )
    for b in record.background:
        lines.append(f"| (idle) | {NAMES[b.target]} | {b.statements_per_s:g} per second | | | |")
    return "\n".join(lines)


def memory_table(record: Record) -> str:
    lines = [
        "| server | RSS MiB at start | highest | at the end | at the end of each shape's runs |",
        "|---|---:|---:|---:|---|",
    ]
    for target, series in record.memory.items():
        if not series:
            continue
        ends: dict[str, int] = {}
        for _, phase, kib in series:
            if phase.endswith(f" {target}") and not phase.startswith("soak"):
                ends[phase.split()[0]] = kib
        rss = [k for _, _, k in series]
        lines.append(
            f"| {NAMES[target]} | {rss[0] / 1024:.0f} | {max(rss) / 1024:.0f} "
            f"| {rss[-1] / 1024:.0f} "
            f"| {', '.join(f'{p} {k / 1024:.0f}' for p, k in ends.items())} |"
        )
    return "\n".join(lines)


def soak_table(record: Record) -> str:
    """Start, plateau (median of the second half), highest and end of the RSS samples taken
    during the soak, and its growth over the second half; then each chunk's numbers."""
    samples = [(at, kib) for at, phase, kib in record.memory[SAMVERKA] if phase.startswith("soak")]
    if not record.soak or not samples:
        return ""
    half = samples[len(samples) // 2 :]
    mib = [kib / 1024 for _, kib in samples]
    growth = (
        statistics.linear_regression([at for at, _ in half], [k / 1024 for _, k in half]).slope
        * 3600
        if len(half) > 1
        else 0.0
    )
    lines = [
        f"Soak: the mixed load on Samverka for {record.settings['soak']:g} minutes. RSS "
        f"{mib[0]:.0f} MiB at the start, plateau {statistics.median(mib[len(mib) // 2 :]):.0f} "
        f"MiB (median of the second half), highest {max(mib):.0f} MiB, "
        f"{mib[-1]:.0f} MiB at the end; {growth:+.1f} MiB per hour over the second half. "
        f"Longest full collection during the soak {record.soak[-1].gc_max_ms} ms; "
        f"{record.soak[-1].gc_slow} pauses over 50 ms.",
        "",
        "| minute | requests/s | p99 ms | RSS MiB | bad | longest full collection so far ms |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {c.minute:.1f} | {c.rps:.0f} | {c.p99_ms} | {c.rss_kib / 1024:.0f} | {c.bad} "
        f"| {c.gc_max_ms} |"
        for c in record.soak
    ]
    return "\n".join(lines)


def markdown(record: Record) -> str:
    s = record.settings
    head = (
        f"Read path, commit {record.commit}, {record.when}: {record.register['associations']} "
        f"associations, {s['rounds']} interleaved rounds × {s['seconds']:.0f} s per shape and "
        f"server, {s['connections']} connections, PostGraphile {record.postgraphile}.\n\n"
        f"    {record.command}\n"
    )
    parts = [head, summary_table(record), "", "Every run:", "", runs_table(record), "",
             "Statements (counting pass through the proxy):", "", statements_table(record), "",
             "Memory:", "", memory_table(record)]  # fmt: skip
    if record.soak:
        parts += ["", soak_table(record)]
    return "\n".join(parts) + "\n"


def write_record(record: Record) -> str:
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    stem = out / f"queries-{time.strftime('%Y%m%d-%H%M%S')}"
    stem.with_suffix(".json").write_text(json.dumps(asdict(record), indent=1))
    text = markdown(record)
    stem.with_suffix(".md").write_text(text)
    return text
