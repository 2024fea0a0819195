"""`node(id)` and `nodes(ids)`: any object by its global id, if the viewer may see it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any, Protocol, cast

import strawberry
from strawberry import relay
from strawberry.types.base import StrawberryObjectDefinition

from app.services.errors import PublicError
from schema.context import Info


class FromRow(Protocol):
    def from_row(self, row: Any) -> relay.Node: ...


def node_type_of(info: Info, type_name: str) -> FromRow:
    """The node class the schema names `type_name`, made from a database row."""
    node_type = _node_type(info, type_name)
    assert node_type is not None
    assert hasattr(node_type, "from_row")
    return cast("FromRow", node_type)


class Loadable(Protocol):
    """A node class of ours: it loads its nodes by their ids, as far as the viewer may see."""

    async def load_nodes(self, info: Info, node_ids: list[str]) -> Sequence[relay.Node | None]: ...


def _node_type(info: Info, type_name: str) -> Loadable | None:
    definition = info.schema.get_type_by_name(type_name)
    if not isinstance(definition, StrawberryObjectDefinition) or definition.is_interface:
        return None
    origin = definition.origin
    if not (isinstance(origin, type) and issubclass(origin, relay.Node)):
        return None
    return cast("Loadable", origin) if hasattr(origin, "load_nodes") else None


async def resolve_global_ids(info: Info, raw_ids: list[str]) -> list[relay.Node | None]:
    """The nodes in order; None for a malformed id, an unknown type, or what is not visible."""
    wanted: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for index, raw in enumerate(raw_ids):
        try:
            global_id = relay.GlobalID.from_id(raw)
        except ValueError:
            continue
        wanted[global_id.type_name].append((index, global_id.node_id))
    found: list[relay.Node | None] = [None] * len(raw_ids)
    for type_name, entries in wanted.items():
        node_type = _node_type(info, type_name)
        if node_type is None:
            continue
        nodes = await node_type.load_nodes(info, [node_id for _, node_id in entries])
        for (index, _), node in zip(entries, nodes, strict=True):
            found[index] = node
    return found


@strawberry.type
class NodeQueries:
    @strawberry.field(description="Any object by its global id; null if none you may see.")
    async def node(self, info: Info, id: strawberry.ID) -> relay.Node | None:
        (found,) = await resolve_global_ids(info, [id])
        return found

    @strawberry.field(description="Objects by their global ids, in order; null where none.")
    async def nodes(self, info: Info, ids: list[strawberry.ID]) -> list[relay.Node | None]:
        limit = info.context.settings.max_page_size
        if len(ids) > limit:
            raise PublicError(f"Ask for at most {limit} nodes at a time.")
        return await resolve_global_ids(info, list(ids))
