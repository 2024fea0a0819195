"""The exchange's compiled reads (schema/compiled/): `listings(…)` in Swedish order, with the
fields from a listing's own row and its association. Newest first goes the ordinary way."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Select

from app.services.associations.vocabulary import District
from app.services.exchange.search import SWEDISH_ORDER, filtered
from app.services.exchange.search import ListingFilter as Criteria
from app.services.exchange.vocabulary import Direction, ListingKind, ListingStatus
from app.services.viewer import Viewer
from db.models import Listing
from schema.compiled.spec import (
    Catalogue,
    Declined,
    Embedded,
    Joined,
    ListRoot,
    NodeSpec,
    column,
    computed,
    enum,
    global_id,
    time,
)
from schema.exchange.loaders import listing_association
from schema.relay import id_or_no_row


def _listings(arguments: Mapping[str, Any], _viewer: Viewer) -> Select[Any]:
    """The filter as graphql-core coerced it (GraphQL names), as `ListingFilter.criteria`
    reads it."""
    given = arguments.get("filter") or {}
    if given.get("newestFirst"):
        raise Declined  # another order: the ordinary path's
    status = given.get("status")
    association = given.get("associationId")
    return filtered(
        Criteria(
            search=given.get("search"),
            direction=Direction(given["direction"]) if given.get("direction") else None,
            kinds=[ListingKind(k) for k in given.get("kinds") or ()],
            district=District(given["district"]) if given.get("district") else None,
            topics=list(given.get("topics") or ()),
            association_id=None
            if association is None
            else id_or_no_row(association, "Association"),
            available_from=given.get("availableFrom"),
            available_until=given.get("availableUntil"),
            status=None
            if given.get("anyStatus")
            else (ListingStatus(status) if status else ListingStatus.OPEN),
        )
    )


def _terms(kind: str, text: str | None) -> Mapping[str, object]:
    return {"kind": kind, "text": text or None}


def _left(quantity: int | None, reserved: int) -> int | None:
    return None if quantity is None else quantity - reserved


LISTING = NodeSpec(
    name="Listing",
    key=Listing.id,
    fields={
        "id": global_id("Listing", Listing.id),
        "title": column(Listing.title),  # in Swedish: no `language`
        "description": column(Listing.description),
        "direction": enum(Listing.direction, Direction),
        "kind": enum(Listing.kind, ListingKind),
        "topics": computed(Listing.topics, value=list),
        "district": computed(Listing.district, value=lambda district: district or None),
        "availableFrom": computed(
            Listing.available_from, value=lambda day: None if day is None else day.isoformat()
        ),
        "availableUntil": computed(
            Listing.available_until, value=lambda day: None if day is None else day.isoformat()
        ),
        "status": enum(Listing.status, ListingStatus),
        "terms": Embedded((Listing.terms, Listing.terms_text), _terms, "Terms"),
        "quantity": column(Listing.quantity),
        "unitsLeft": computed(Listing.quantity, Listing.reserved_units, value=_left),
        "condition": column(Listing.condition),
        "lendingDays": column(Listing.lending_days),
        "volunteersNeeded": column(Listing.volunteers_needed),
        "volunteersAccepted": column(Listing.volunteers_accepted),
        "taskWhen": column(Listing.task_when),
        "asks": column(Listing.asks),
        "createdAt": time(Listing.created_at),
        "association": Joined(listing_association.relation, "Association"),
    },
)

READS = Catalogue(
    nodes={"Listing": LISTING},
    roots={
        "listings": ListRoot(
            "Listing",
            _listings,
            SWEDISH_ORDER,
            arguments=frozenset({"first", "after", "filter"}),
        )
    },
)
