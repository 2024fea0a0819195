"""Keyset (cursor) pagination over any ordered select, the same on SQLite and PostgreSQL."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Awaitable, Callable, Hashable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, Select, bindparam, func, select, tuple_
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.orm import InstrumentedAttribute, aliased

from app.services.clock import plausible
from app.services.errors import PublicError
from app.services.lookup import storable
from db.any_of import AnyOf
from db.types import MAX_INTEGER

T = TypeVar("T")

# the column holding a child's parent id; optional where not every row has a parent
ParentColumn = InstrumentedAttribute[int] | InstrumentedAttribute[int | None]


@dataclass(frozen=True)
class PageRequest:
    first: int | None = None
    after: str | None = None
    last: int | None = None
    before: str | None = None


@dataclass(frozen=True)
class Page(Generic[T]):
    rows: list[T]
    has_next_page: bool
    has_previous_page: bool
    # the values of the order's columns in a row, which its cursor encodes
    keys: Callable[[T], Sequence[object]]

    def cursor(self, row: T) -> str:
        return encode_cursor(self.keys(row))

    @property
    def cursors(self) -> list[str]:
        """Every row's cursor (made only when asked for)."""
        return [self.cursor(row) for row in self.rows]


def attribute_keys(order: Sequence[InstrumentedAttribute[Any]]) -> Callable[[Any], list[object]]:
    """An entity's values of the order's columns."""
    names = [column.key for column in order]
    return lambda row: [getattr(row, name) for name in names]


def positional_keys(selected: Sequence[Any], order: Sequence[Any]) -> Callable[[Any], list[object]]:
    """A row of the `selected` columns: its values of the order's columns (selected too)."""
    at = [next(i for i, c in enumerate(selected) if c is column) for column in order]
    return lambda row: [row[i] for i in at]


def _encode_value(value: object) -> object:
    return {"t": value.isoformat()} if isinstance(value, datetime) else value


def _decode_value(value: object) -> object:
    if isinstance(value, dict) and set(value) == {"t"} and isinstance(value["t"], str):
        moment = datetime.fromisoformat(value["t"])
        if not plausible(moment):  # a naive time cannot be compared with the column's
            raise ValueError("unexpected cursor time")
        return moment
    if isinstance(value, str | int) or value is None:
        return value
    raise ValueError("unexpected cursor value")


def encode_cursor(values: Sequence[object]) -> str:
    raw = json.dumps([_encode_value(v) for v in values], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _fits(value: object, column: InstrumentedAttribute[Any]) -> bool:
    """A cursor value must have its column's type, or the databases disagree on the comparison."""
    expected = column.type.python_type
    if expected is int:
        return isinstance(value, int) and not isinstance(value, bool) and abs(value) <= MAX_INTEGER
    if expected is str:
        return isinstance(value, str) and len(value) <= 1000 and storable(value)
    return isinstance(value, expected)


def decode_cursor(cursor: str, order: Sequence[InstrumentedAttribute[Any]]) -> list[object]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
        if not isinstance(values, list) or len(values) != len(order):
            raise ValueError("wrong shape")
        decoded = [_decode_value(v) for v in values]
        if not all(_fits(v, column) for v, column in zip(decoded, order, strict=True)):
            raise ValueError("wrong types")
        return decoded
    except (ValueError, binascii.Error, UnicodeDecodeError, RecursionError):
        raise PublicError("That cursor is not valid here.") from None


def _page_size(request: PageRequest, default: int, maximum: int) -> tuple[int, bool]:
    if request.first is not None and request.last is not None:
        raise PublicError("Give either first or last, not both.")
    backwards = request.last is not None
    size = request.last if backwards else request.first
    if size is None:
        return default, backwards
    if size < 0:
        raise PublicError("first and last cannot be negative.")
    if size > maximum:
        raise PublicError(f"Ask for at most {maximum} items at a time.")
    return size, backwards


# statements made once and run again with new parameters: by the shape of the select, which
# way it pages, and whether it starts after (or ends before) a cursor
Statements = dict[Hashable, Select[Any]]
# runs a kept statement with parameters: its rows (of columns)
Fetch = Callable[[Select[Any], dict[str, object]], Awaitable[Sequence[Any]]]


def _bound(prefix: str, order: Sequence[InstrumentedAttribute[Any]]) -> list[Any]:
    return [bindparam(f"{prefix}_{i}", type_=column.type) for i, column in enumerate(order)]


def _named(prefix: str, values: Sequence[object]) -> dict[str, object]:
    return {f"{prefix}_{i}": value for i, value in enumerate(values)}


async def paginate(
    session: AsyncSession | AsyncConnection,
    stmt: Select[T],
    order: Sequence[InstrumentedAttribute[Any]],
    request: PageRequest,
    *,
    default_size: int = 20,
    max_size: int = 100,
    descending: bool = False,
    columns: Sequence[Any] | None = None,
    statements: Statements | None = None,
    shape: Hashable | None = None,
    fetch_kept: Fetch | None = None,
) -> Page[Any]:
    """One page of `stmt` in `order` (ending in a unique column), ascending or descending:
    its entities, or with `columns` rows of those columns alone (and the order's).

    With `statements` and a `shape` (what makes two selects the same but for their
    parameters), the page's statement is made once per shape and kept there, and run with
    `fetch_kept` if given (which may prepare it once, too)."""
    size, backwards = _page_size(request, default_size, max_size)
    params: dict[str, object] = {"page_limit": size + 1}
    if request.after is not None:
        params |= _named("after", decode_cursor(request.after, order))
    if request.before is not None:
        params |= _named("before", decode_cursor(request.before, order))

    def made() -> Select[Any]:
        page: Select[Any] = stmt
        key = tuple_(*order)
        if request.after is not None:
            after = tuple_(*_bound("after", order))
            page = page.where(key < after if descending else key > after)
        if request.before is not None:
            before = tuple_(*_bound("before", order))
            page = page.where(key > before if descending else key < before)
        ordering = [c.desc() for c in order] if backwards != descending else list(order)
        page = page.order_by(*ordering).limit(bindparam("page_limit"))
        return page if columns is None else page.with_only_columns(*_with(columns, order))

    kept = statements is not None and shape is not None
    if statements is not None and shape is not None:
        cached = (shape, backwards, request.after is not None, request.before is not None)
        page_stmt = statements.get(cached)
        if page_stmt is None:
            page_stmt = statements[cached] = made()
    else:
        page_stmt = made()
    rows: list[Any]
    if kept and fetch_kept is not None and columns is not None:
        rows = list(await fetch_kept(page_stmt, params))
        keys = positional_keys(_with(columns, order), order)
    elif columns is None:
        rows, keys = list((await session.scalars(page_stmt, params)).all()), attribute_keys(order)
    else:
        rows = list((await session.execute(page_stmt, params)).all())
        keys = positional_keys(_with(columns, order), order)
    more = len(rows) > size
    rows = rows[:size]
    if backwards:
        rows.reverse()
    return Page(
        rows=rows,
        has_next_page=more if not backwards else request.before is not None,
        has_previous_page=more if backwards else request.after is not None,
        keys=keys,
    )


def _with(columns: Sequence[Any], more: Sequence[Any]) -> list[Any]:
    """`columns`, and those of `more` that are not among them."""
    chosen = list(columns)
    chosen.extend(column for column in more if not any(column is c for c in chosen))
    return chosen


async def count(session: AsyncSession | AsyncConnection, stmt: Select[T]) -> int:
    total = await session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    return total or 0


async def paginate_children(
    session: AsyncSession | AsyncConnection,
    model: type[Any],
    parent: ParentColumn,
    order: Sequence[InstrumentedAttribute[Any]],
    parent_ids: Sequence[int],
    request: PageRequest,
    *,
    max_size: int,
    default_size: int = 20,
    where: ColumnElement[bool] | None = None,
    through: tuple[type[Any], ColumnElement[bool]] | None = None,
    columns: Sequence[Any] | None = None,
    statements: Statements | None = None,
    fetch_kept: Fetch | None = None,
) -> dict[int, Page[Any]]:
    """The first page of children of each parent, in one statement (a window function): their
    entities, or with `columns` (of `model`) rows of those columns alone (and the order's).

    `parent` is a column of `model`, or of a link table joined `through` (table, condition)
    for children of many parents (an umbrella's member associations). With `statements`, the
    statement is made once (per whether it starts after a cursor) and kept there."""
    if request.last is not None or request.before is not None:
        raise PublicError("Nested lists page forwards only: use first and after.")
    size, _ = _page_size(request, default_size, max_size)
    params: dict[str, object] = {"parent_ids": list(parent_ids), "page_limit": size + 1}
    if request.after is not None:
        params |= _named("after", decode_cursor(request.after, order))

    def made() -> Select[Any]:
        # labels no model's column has (CafeRound and CafeTable have a `position`)
        place = func.row_number().over(partition_by=parent, order_by=list(order))
        selected = [model] if columns is None else _with(columns, order)
        inner = select(
            *selected, parent.label("page_place_parent"), place.label("page_place")
        ).where(AnyOf(parent, "parent_ids"))
        if through is not None:
            inner = inner.join(*through)
        if where is not None:
            inner = inner.where(where)
        if request.after is not None:
            inner = inner.where(tuple_(*order) > tuple_(*_bound("after", order)))
        numbered = inner.subquery()
        outer = (
            [aliased(model, numbered)]
            if columns is None
            else [numbered.c[column.key] for column in _with(columns, order)]
        )
        return (
            select(*outer, numbered.c.page_place_parent)
            .where(numbered.c.page_place <= bindparam("page_limit"))
            .order_by(numbered.c.page_place_parent, numbered.c.page_place)
        )

    stmt: Select[Any]
    if statements is not None:
        kept = statements.get(request.after is not None)
        stmt = (
            kept if kept is not None else statements.setdefault(request.after is not None, made())
        )
    else:
        stmt = made()
    grouped: dict[int, list[Any]] = {pid: [] for pid in parent_ids}
    if columns is None:
        for found in (await session.execute(stmt, params)).all():
            grouped[found[1]].append(found[0])
        keys = attribute_keys(order)
    else:
        selected = _with(columns, order)
        rows = (
            await fetch_kept(stmt, params)
            if fetch_kept is not None and statements is not None
            else (await session.execute(stmt, params)).all()
        )
        for row in rows:
            grouped[row[len(selected)]].append(row)  # the parent's id follows the columns
        keys = positional_keys(selected, order)
    return {
        pid: Page(
            rows=rows[:size],
            has_next_page=len(rows) > size,
            has_previous_page=request.after is not None,
            keys=keys,
        )
        for pid, rows in grouped.items()
    }


async def count_children(
    session: AsyncSession | AsyncConnection,
    parent: ParentColumn,
    parent_ids: Sequence[int],
    where: ColumnElement[bool] | None = None,
) -> dict[int, int]:
    """How many children each parent has, in one statement (0 for one without)."""
    stmt = select(parent, func.count()).where(parent.in_(parent_ids)).group_by(parent)
    if where is not None:
        stmt = stmt.where(where)
    rows = (await session.execute(stmt)).all()
    counts: dict[int | None, int] = {key: total for key, total in rows}
    return {pid: counts.get(pid, 0) for pid in parent_ids}
