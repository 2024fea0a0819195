"""Keyset (cursor) pagination over any ordered select, the same on SQLite and PostgreSQL."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, Select, func, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute, aliased

from app.services.clock import plausible
from app.services.errors import PublicError
from app.services.lookup import storable
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
    cursors: list[str]
    has_next_page: bool
    has_previous_page: bool


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


async def paginate(
    session: AsyncSession,
    stmt: Select[T],
    order: Sequence[InstrumentedAttribute[Any]],
    request: PageRequest,
    *,
    default_size: int = 20,
    max_size: int = 100,
    descending: bool = False,
) -> Page[T]:
    """One page of `stmt` in `order` (ending in a unique column), ascending or descending."""
    size, backwards = _page_size(request, default_size, max_size)
    key = tuple_(*order)
    if request.after is not None:
        after = tuple_(*decode_cursor(request.after, order))
        stmt = stmt.where(key < after if descending else key > after)
    if request.before is not None:
        before = tuple_(*decode_cursor(request.before, order))
        stmt = stmt.where(key > before if descending else key < before)
    ordering = [column.desc() for column in order] if backwards != descending else list(order)
    rows = list((await session.scalars(stmt.order_by(*ordering).limit(size + 1))).all())
    more = len(rows) > size
    rows = rows[:size]
    if backwards:
        rows.reverse()
    cursors = [encode_cursor([getattr(row, column.key) for column in order]) for row in rows]
    return Page(
        rows=rows,
        cursors=cursors,
        has_next_page=more if not backwards else request.before is not None,
        has_previous_page=more if backwards else request.after is not None,
    )


async def count(session: AsyncSession, stmt: Select[T]) -> int:
    total = await session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    return total or 0


async def paginate_children(
    session: AsyncSession,
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
) -> dict[int, Page[Any]]:
    """The first page of children of each parent, in one statement (a window function).

    `parent` is a column of `model`, or of a link table joined `through` (table, condition)
    for children of many parents (an umbrella's member associations)."""
    if request.last is not None or request.before is not None:
        raise PublicError("Nested lists page forwards only: use first and after.")
    size, _ = _page_size(request, default_size, max_size)
    # labels no model's column has (CafeRound and CafeTable have a `position`)
    place = func.row_number().over(partition_by=parent, order_by=list(order)).label("page_place")
    inner = select(model, parent.label("page_place_parent"), place).where(parent.in_(parent_ids))
    if through is not None:
        inner = inner.join(*through)
    if where is not None:
        inner = inner.where(where)
    if request.after is not None:
        inner = inner.where(tuple_(*order) > tuple_(*decode_cursor(request.after, order)))
    numbered = inner.subquery()
    child = aliased(model, numbered)
    stmt = (
        select(child, numbered.c.page_place_parent)
        .where(numbered.c.page_place <= size + 1)
        .order_by(numbered.c.page_place_parent, numbered.c.page_place)
    )
    grouped: dict[int, list[Any]] = {pid: [] for pid in parent_ids}
    for row, parent_id in (await session.execute(stmt)).all():
        grouped[parent_id].append(row)
    pages: dict[int, Page[Any]] = {}
    for pid, rows in grouped.items():
        shown = rows[:size]
        pages[pid] = Page(
            rows=shown,
            cursors=[encode_cursor([getattr(r, c.key) for c in order]) for r in shown],
            has_next_page=len(rows) > size,
            has_previous_page=request.after is not None,
        )
    return pages
