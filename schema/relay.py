"""Relay plumbing: a connection with `totalCount`, and global ids in mutation inputs."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from typing import Generic, TypeVar

import strawberry
from strawberry import relay
from strawberry.relay.types import NodeType

from app.services.errors import ErrorCode, fail
from app.services.pagination import Page, PageRequest
from db.types import MAX_INTEGER

Row = TypeVar("Row")


@strawberry.type(description="A page of a list, with cursors to fetch the next.")
class Connection(Generic[NodeType]):
    edges: list[relay.Edge[NodeType]]
    page_info: relay.PageInfo
    _total: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="How many items the whole list holds.")
    async def total_count(self) -> int:
        return await self._total()

    @strawberry.field(description="The items of this page, without cursors.")
    def nodes(self) -> list[NodeType]:
        return [edge.node for edge in self.edges]


def connection(
    page: Page[Row], to_node: Callable[[Row], NodeType], total: Callable[[], Awaitable[int]]
) -> Connection[NodeType]:
    edges = [relay.Edge(cursor=page.cursor(row), node=to_node(row)) for row in page.rows]
    return Connection(
        edges=edges,
        page_info=relay.PageInfo(
            has_next_page=page.has_next_page,
            has_previous_page=page.has_previous_page,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        _total=total,
    )


def page_request(
    first: int | None, after: str | None, last: int | None = None, before: str | None = None
) -> PageRequest:
    return PageRequest(first=first, after=after, last=last, before=before)


def database_id(node_id: str) -> int | None:
    """The integer id in a node id, or None if it cannot be one of ours."""
    try:
        value = int(node_id)
    except ValueError:
        return None
    return value if 0 < value <= MAX_INTEGER else None


def id_or_none(raw: str, type_name: str) -> int | None:
    """The database id inside a global id of `type_name`, or None if it is not one."""
    try:
        global_id = relay.GlobalID.from_id(raw)
    except ValueError:
        return None
    return database_id(global_id.node_id) if global_id.type_name == type_name else None


def decode_id(raw: str, type_name: str, field: str = "id") -> int:
    """The database id inside a global id of `type_name`; a NOT_FOUND payload error otherwise."""
    value = id_or_none(raw, type_name)
    if value is None:
        raise fail(ErrorCode.NOT_FOUND, f"No {type_name} with that id.", field)
    return value


NO_ROW = -1  # a key no row has: a malformed node id loads as "not found"


def id_or_no_row(raw: str, type_name: str) -> int:
    """The database id inside a global id of `type_name`; one of the wrong kind, or none at
    all, matches no row (to filter by, or to report as not found after the other fields)."""
    value = id_or_none(raw, type_name)
    return NO_ROW if value is None else value


def node_ids_as_ints(node_ids: Iterable[str]) -> list[int]:
    """Database ids for a DataLoader from global ids; a malformed one resolves to no node
    rather than an error."""
    return [NO_ROW if (i := database_id(node_id)) is None else i for node_id in node_ids]
