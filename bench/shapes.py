"""The read shapes, each as Samverka asks it and as PostGraphile 4 asks the same of the schema
it generates from the same tables, with a fingerprint of the answer that both must agree on.

Anonymous readers see closed, public café sessions (app/services/cafe/listing.py), newest
first; the PostGraphile query asks for the same with a condition and an order. Samverka's
`id` is the global object id; PostGraphile's is `nodeId` (its `id` is the bare column).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

SAMVERKA = "samverka"
POSTGRAPHILE = "postgraphile"

FIELDS = "name slug organisationNumber district website foundedYear memberCount description"
LIST_FIELDS = "name slug district website foundedYear"  # with the id, 6 fields

# the mixed read load: of every 20 requests, 14 pages of one association, 5 first pages of
# the register, 1 café overview
MIX = {"by-slug": 14, "first-50": 5, "cafes": 1}
MIXED = "mixed"


@dataclass(frozen=True)
class Query:
    document: str
    variables: list[dict[str, Any]]  # one set per request, cycled through

    def bodies(self) -> list[str]:
        return [json.dumps({"query": self.document, "variables": v}) for v in self.variables]


@dataclass(frozen=True)
class Shape:
    name: str
    title: str
    queries: dict[str, Query]  # per target
    fingerprint: dict[str, Callable[[Any], Any]]  # per target: `data` -> comparable value


def _association(a: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(a[f] for f in FIELDS.split())


def by_slug(slugs: list[str]) -> Shape:
    variables = [{"slug": slug} for slug in slugs]
    return Shape(
        name="by-slug",
        title="one association by slug",
        queries={
            SAMVERKA: Query(
                f"query($slug: String!) {{ association(slug: $slug) {{ id {FIELDS} }} }}",
                variables,
            ),
            POSTGRAPHILE: Query(
                f"query($slug: String!) {{ associationBySlug(slug: $slug) {{ nodeId {FIELDS} }} }}",
                variables,
            ),
        },
        fingerprint={
            SAMVERKA: lambda data: _association(data["association"]),
            POSTGRAPHILE: lambda data: _association(data["associationBySlug"]),
        },
    )


def _listed(nodes: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [tuple(n[f] for f in LIST_FIELDS.split()) for n in nodes]


def first_page() -> Shape:
    return Shape(
        name="first-50",
        title="first 50 associations, 6 fields",
        queries={
            SAMVERKA: Query(
                f"{{ associations(first: 50) {{ nodes {{ id {LIST_FIELDS} }} }} }}", [{}]
            ),
            POSTGRAPHILE: Query(
                "{ allAssociations(first: 50, orderBy: [SORT_KEY_ASC, ID_ASC]) "
                f"{{ nodes {{ nodeId {LIST_FIELDS} }} }} }}",
                [{}],
            ),
        },
        fingerprint={
            SAMVERKA: lambda data: _listed(data["associations"]["nodes"]),
            POSTGRAPHILE: lambda data: _listed(data["allAssociations"]["nodes"]),
        },
    )


def _sessions(nodes: list[dict[str, Any]], clusters: str, notes: str) -> list[Any]:
    return [
        (s["title"], [(c["name"], [n["text"] for n in c[notes]["nodes"]])
                      for c in s[clusters]["nodes"]])
        for s in nodes
    ]  # fmt: skip


def cafes(sessions: int) -> Shape:
    """The newest `sessions` readable café sessions, each with its first 10 clusters of 10."""
    return Shape(
        name="cafes",
        title=f"café sessions (first {sessions}) → 10 clusters → 10 notes",
        queries={
            SAMVERKA: Query(
                f"{{ cafeSessions(first: {sessions}) {{ nodes {{ id title "
                "clusters(first: 10) { nodes { id name notes(first: 10) { nodes { id text } } } } "
                "} } }",
                [{}],
            ),
            POSTGRAPHILE: Query(
                f"{{ allCafeSessions(first: {sessions}, "
                'condition: {isPublic: true, status: "CLOSED"}, orderBy: [STARTS_AT_DESC, ID_DESC]) '
                "{ nodes { nodeId title "
                "cafeClustersBySessionId(first: 10, orderBy: ID_ASC) { nodes { nodeId name "
                "cafeNotesByClusterId(first: 10, condition: {deletedAt: null}, "
                "orderBy: [CREATED_AT_ASC, ID_ASC]) { nodes { nodeId text } } } } } } }",
                [{}],
            ),
        },
        fingerprint={
            SAMVERKA: lambda data: _sessions(data["cafeSessions"]["nodes"], "clusters", "notes"),
            POSTGRAPHILE: lambda data: _sessions(
                data["allCafeSessions"]["nodes"], "cafeClustersBySessionId", "cafeNotesByClusterId"
            ),
        },
    )


def all_shapes(slugs: list[str], sessions: int) -> dict[str, Shape]:
    shapes = [by_slug(slugs), first_page(), cafes(sessions)]
    return {shape.name: shape for shape in shapes}


def mix_order() -> list[str]:
    """One cycle of MIX with each shape spread evenly over it (20 requests)."""
    slots = [
        ((index + 0.5) / weight, name) for name, weight in MIX.items() for index in range(weight)
    ]
    return [name for _, name in sorted(slots)]


def workload(shapes: dict[str, Shape], name: str, target: str) -> list[str]:
    """The request bodies one run cycles through: one shape's, or the mix of all three."""
    if name != MIXED:
        return shapes[name].queries[target].bodies()
    bodies = {shape: shapes[shape].queries[target].bodies() for shape in MIX}
    used = dict.fromkeys(MIX, 0)
    order = mix_order()
    cycles = max(len(bodies[shape]) // MIX[shape] for shape in MIX)
    mixed = []
    for _ in range(cycles):
        for shape in order:
            mixed.append(bodies[shape][used[shape] % len(bodies[shape])])
            used[shape] += 1
    return mixed


async def verify(shapes: dict[str, Shape], addresses: dict[str, str], slugs: list[str]) -> None:
    """Every target answers every shape without errors, and with the same data (compared by
    fingerprint): the same associations, in the same order, the same clusters and notes."""
    async with httpx.AsyncClient(timeout=60) as http:
        for shape in shapes.values():
            variables_sets = [{"slug": s} for s in slugs] if shape.name == "by-slug" else [{}]
            for variables in variables_sets:
                seen: dict[str, Any] = {}
                for target, address in addresses.items():
                    answer = await http.post(
                        f"http://{address}/graphql",
                        json={"query": shape.queries[target].document, "variables": variables},
                    )
                    body = answer.json()
                    if answer.status_code != 200 or body.get("errors"):
                        raise RuntimeError(f"{target} failed {shape.name}: {answer.text[:500]}")
                    seen[target] = shape.fingerprint[target](body["data"])
                    if not seen[target]:
                        raise RuntimeError(f"{target} found nothing for {shape.name}")
                if len(set(map(repr, seen.values()))) > 1:
                    raise RuntimeError(f"the targets disagree on {shape.name} {variables}: {seen}")
