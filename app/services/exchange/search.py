"""Finding listings, and matching requests with offers in the database.

A match is an open listing of the same kind and the other direction, whose time meets this
one's, ranked by topics in common (3 each), words of this one's title in its text (1 each)
and the same district (1), then newest first: one statement, whatever the number of listings.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    case,
    false,
    func,
    literal,
    or_,
    select,
)
from sqlalchemy.ext.asyncio import AsyncSession

from app.services.associations.vocabulary import District
from app.services.exchange.fields import topic_key
from app.services.exchange.vocabulary import Direction, ListingKind, ListingStatus
from app.services.pagination import Page, PageRequest, count, paginate
from app.services.swedish import words
from db.json_has import JsonHas
from db.models import Listing

SWEDISH_ORDER = (Listing.sort_key, Listing.id)
NEWEST_FIRST = (Listing.created_at, Listing.id)
MAX_SEARCH_WORDS = 10
MAX_MATCHES = 50


@dataclass(frozen=True)
class ListingFilter:
    search: str | None = None
    direction: Direction | None = None
    kinds: Sequence[ListingKind] = ()
    district: District | None = None
    topics: Sequence[str] = ()
    association_id: int | None = None
    available_from: date | None = None
    available_until: date | None = None
    status: ListingStatus | None = ListingStatus.OPEN  # None: every status
    newest_first: bool = False


def _dialect(session: AsyncSession) -> str:
    return session.bind.dialect.name if session.bind is not None else "sqlite"


def _elements(column: Any, dialect: str) -> Any:
    function = func.json_array_elements_text if dialect == "postgresql" else func.json_each
    return function(column).table_valued("value")


def _meets(start: date | None, end: date | None) -> list[ColumnElement[bool]]:
    """Available at some time between start and end (an open end is ongoing)."""
    conditions = []
    if end is not None:
        conditions.append(or_(Listing.available_from.is_(None), Listing.available_from <= end))
    if start is not None:
        conditions.append(or_(Listing.available_until.is_(None), Listing.available_until >= start))
    return conditions


def filtered(criteria: ListingFilter) -> Select[Listing]:
    stmt = select(Listing)
    if criteria.status is not None:
        stmt = stmt.where(Listing.status == str(criteria.status))
    search = (criteria.search or "").strip()
    terms = words(search)[:MAX_SEARCH_WORDS]
    if search and not terms:
        stmt = stmt.where(false())
    for word in terms:
        stmt = stmt.where(Listing.search_text.like(f"% {word}%"))
    if criteria.direction is not None:
        stmt = stmt.where(Listing.direction == str(criteria.direction))
    if criteria.kinds:
        stmt = stmt.where(Listing.kind.in_([str(k) for k in criteria.kinds]))
    if criteria.district is not None:
        stmt = stmt.where(Listing.district == str(criteria.district))
    for topic in criteria.topics:
        stmt = stmt.where(JsonHas(Listing.topics, topic_key(topic)))
    if criteria.association_id is not None:
        stmt = stmt.where(Listing.association_id == criteria.association_id)
    for condition in _meets(criteria.available_from, criteria.available_until):
        stmt = stmt.where(condition)
    return stmt


async def find_listings(
    session: AsyncSession, criteria: ListingFilter, request: PageRequest, max_size: int
) -> Page[Listing]:
    order = NEWEST_FIRST if criteria.newest_first else SWEDISH_ORDER
    stmt = filtered(criteria)
    return await paginate(
        session, stmt, order, request, max_size=max_size, descending=criteria.newest_first
    )


async def count_listings(session: AsyncSession, criteria: ListingFilter) -> int:
    return await count(session, filtered(criteria))


def match_statement(listing: Listing, dialect: str, limit: int) -> Select[Listing, int]:
    """The open listings that could meet this one, with their score, best first."""
    topics = list(listing.topics)
    topical: ColumnElement[Any]
    if topics:
        elements = _elements(Listing.topics, dialect)
        topical = (
            select(func.count())
            .select_from(elements)
            .where(elements.c.value.in_(topics))
            .scalar_subquery()
        )
    else:
        topical = literal(0)
    title_words = words(listing.title)[:MAX_SEARCH_WORDS]
    textual: ColumnElement[Any] = literal(0)
    for word in title_words:
        textual = textual + case((Listing.search_text.like(f"% {word}%"), 1), else_=0)
    near = case(
        (Listing.district == listing.district, 1) if listing.district else (false(), 0), else_=0
    )
    score = (topical * 3 + textual + near).cast(Integer).label("score")
    stmt: Select[Listing, int] = (
        select(Listing, score)
        .where(
            Listing.kind == listing.kind,
            Listing.direction == str(Direction(listing.direction).opposite),
            Listing.status == str(ListingStatus.OPEN),
            Listing.id != listing.id,
            Listing.association_id != listing.association_id,
            *_meets(listing.available_from, listing.available_until),
        )
        .order_by(score.desc(), Listing.created_at.desc(), Listing.id.desc())
        .limit(limit)
    )
    if topics or title_words:
        # something in common: a topic or a word
        stmt = stmt.where(or_(topical > 0, textual > 0))
    return stmt


async def matches(
    session: AsyncSession, listing: Listing, limit: int = MAX_MATCHES
) -> list[tuple[Listing, int]]:
    rows = await session.execute(match_statement(listing, _dialect(session), limit))
    return [(row[0], int(row[1])) for row in rows]
