"""Generic DataLoader builders: one SQL statement per batch, whatever the batch size."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from graphql.pyutils import Path
from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import InstrumentedAttribute
from strawberry import Info
from strawberry.dataloader import DataLoader
from strawberry.relay.types import NodeType

from app.services.pagination import (
    Page,
    PageRequest,
    ParentColumn,
    count_children,
    paginate_children,
)
from schema.context import Context
from schema.relay import Connection, connection, node_ids_as_ints, page_request

M = TypeVar("M")
K = TypeVar("K")
N = TypeVar("N")

PagesOfChildren = Callable[[Context], DataLoader[tuple[int, PageRequest], Page[Any]]]
CountsOfChildren = Callable[[Context], DataLoader[int, int]]

PAGE = 20  # children per page unless the client asks; None: the largest page


def rows_by(context: Context, column: InstrumentedAttribute[K]) -> DataLoader[K, Any]:
    """Load one row per key by a unique column; None where there is no row."""
    model = column.class_

    async def load(keys: Sequence[K]) -> list[Any]:
        async with context.db.read() as session:
            rows = (await session.scalars(select(model).where(column.in_(keys)))).all()
        found = {getattr(row, column.key): row for row in rows}
        return [found.get(key) for key in keys]

    return DataLoader(load_fn=load)


def rows_grouped_by(
    context: Context,
    column: InstrumentedAttribute[K],
    *order_by: InstrumentedAttribute[Any],
) -> DataLoader[K, list[Any]]:
    """Load every row whose `column` is the key, as a list per key."""
    model = column.class_

    async def load(keys: Sequence[K]) -> list[list[Any]]:
        async with context.db.read() as session:
            rows = (
                await session.scalars(select(model).where(column.in_(keys)).order_by(*order_by))
            ).all()
        grouped: dict[K, list[Any]] = defaultdict(list)
        for row in rows:
            grouped[getattr(row, column.key)].append(row)
        return [grouped.get(key, []) for key in keys]

    return DataLoader(load_fn=load)


def child_pages(
    context: Context,
    parent: ParentColumn,
    order: Sequence[InstrumentedAttribute[Any]],
    max_size: int,
    where: ColumnElement[bool] | None,
    default_size: int,
    *,
    model: type[Any] | None = None,
    through: tuple[type[Any], ColumnElement[bool]] | None = None,
) -> DataLoader[tuple[int, PageRequest], Page[Any]]:
    """A page of children for many parents at once (one window query per distinct page request);
    children of `model` through a link table when `parent` is the link's column."""
    child_model = model if model is not None else cast("type[Any]", parent.class_)

    async def load(keys: Sequence[tuple[int, PageRequest]]) -> list[Page[Any]]:
        by_request: dict[PageRequest, list[int]] = defaultdict(list)
        for parent_id, request in keys:
            by_request[request].append(parent_id)
        pages: dict[tuple[int, PageRequest], Page[Any]] = {}
        async with context.db.read() as session:
            for request, parent_ids in by_request.items():
                found = await paginate_children(
                    session,
                    child_model,
                    parent,
                    order,
                    parent_ids,
                    request,
                    max_size=max_size,
                    default_size=default_size,
                    where=where,
                    through=through,
                )
                pages.update(((pid, request), page) for pid, page in found.items())
        return [pages[key] for key in keys]

    return DataLoader(load_fn=load, cache_key_fn=lambda key: key)


def child_counts(
    context: Context,
    parent: ParentColumn,
    where: ColumnElement[bool] | None = None,
) -> DataLoader[int, int]:
    """How many children each parent has, for many parents at once."""

    async def load(keys: Sequence[int]) -> list[int]:
        async with context.db.read() as session:
            counts = await count_children(session, parent, keys, where)
        return [counts[key] for key in keys]

    return DataLoader(load_fn=load)


def loader(
    info: Info[Context, None], factory: Callable[[Context], DataLoader[K, M]]
) -> DataLoader[K, M]:
    """The request's loader from `factory` for the object being resolved (see `Context.loader`).

    Sibling fields of one object share it; so do all rows of a list, which resolve together.
    """
    return info.context.loader(factory, parent_path(info))


# which rows the viewer may see, for a list of rows (None for a missing one)
Visible = Callable[[Info[Context, None], list[Any]], Awaitable[list[bool]]]


def visible_each(check: Callable[[Info[Context, None], Any], Awaitable[bool]]) -> Visible:
    """A `Visible` from a check of one row; the rows are checked at once, so that the
    loaders the check uses load for all of them in one batch (not one statement a row)."""

    async def visible(info: Info[Context, None], rows: list[Any]) -> list[bool]:
        async def one(row: Any) -> bool:
            return row is not None and await check(info, row)

        return list(await asyncio.gather(*(one(row) for row in rows)))

    return visible


async def rows_present(_info: Info[Context, None], rows: list[Any]) -> list[bool]:
    return [row is not None for row in rows]


async def nodes_by_ids(
    info: Info[Context, None],
    factory: Callable[[Context], DataLoader[int, Any]],
    node_ids: Iterable[str],
    to_node: Callable[[Any], N],
    visible: Visible = rows_present,
) -> list[N | None]:
    """Nodes for global ids' database ids, in order; None where there is no row, the id is
    malformed, or the viewer may not see it (`visible`)."""
    rows = await loader(info, factory).load_many(node_ids_as_ints(node_ids))
    shown = await visible(info, rows)
    return [to_node(row) if ok else None for row, ok in zip(rows, shown, strict=True)]


def parent_path(info: Info[Context, None]) -> tuple[str, ...]:
    """The field names leading to the object whose field is resolved (list indices left out)."""
    keys: list[str] = []
    path: Path | None = info.path.prev
    while path is not None:
        if isinstance(path.key, str):
            keys.append(path.key)
        path = path.prev
    return tuple(reversed(keys))


@dataclass(frozen=True, eq=False)
class Relation:
    """Which rows are a parent's children, in which order (see `children`)."""

    parent: ParentColumn
    order: Sequence[InstrumentedAttribute[Any]]
    where: ColumnElement[bool] | None
    default_size: int | None  # None: the largest page
    model: type[Any]
    through: tuple[type[Any], ColumnElement[bool]] | None

    def size(self, settings_max: int) -> int:
        return settings_max if self.default_size is None else self.default_size


@dataclass(frozen=True, eq=False)
class Children:
    """A relation from parents to their children, shown as a connection: a loader of pages and
    a loader of counts (made once, at import, so that each is memoised per request)."""

    pages: PagesOfChildren
    counts: CountsOfChildren
    relation: Relation

    async def connection(
        self,
        info: Info[Context, None],
        parent_id: int,
        first: int | None,
        after: str | None,
        to_node: Callable[[Any], NodeType],
    ) -> Connection[NodeType]:
        """The parent's page; the count is loaded only if the client asks for `totalCount`."""
        rows = await loader(info, self.pages).load((parent_id, page_request(first, after)))

        async def total() -> int:
            return await loader(info, self.counts).load(parent_id)

        return connection(rows, to_node, total)


def children(
    parent: ParentColumn,
    order: Sequence[InstrumentedAttribute[Any]],
    *,
    where: ColumnElement[bool] | None = None,
    default_size: int | None = PAGE,
    model: type[Any] | None = None,
    through: tuple[type[Any], ColumnElement[bool]] | None = None,
) -> Children:
    """The children whose `parent` column (or link table's, `through`) holds the parent's id,
    in `order`, filtered by `where`; `default_size` None gives the largest page by default."""

    child_model = model if model is not None else cast("type[Any]", parent.class_)
    relation = Relation(parent, order, where, default_size, child_model, through)

    def pages(context: Context) -> DataLoader[tuple[int, PageRequest], Page[Any]]:
        largest = context.settings.max_page_size
        return child_pages(
            context,
            parent,
            order,
            largest,
            where,
            relation.size(largest),
            model=model,
            through=through,
        )

    def counts(context: Context) -> DataLoader[int, int]:
        return child_counts(context, parent, where)

    return Children(pages, counts, relation)
