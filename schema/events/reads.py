"""The calendar's compiled reads (schema/compiled/): `events(…)` and `trainings(…)` as the
city's website, an app and a kiosk read them, with the fields that come from an event's own
row and its organisers. A change feed (`modifiedSince`) goes the ordinary way."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import Select

from app.services.associations.vocabulary import District, TargetGroup
from app.services.events.search import ORDER, filtered
from app.services.events.search import EventFilter as Criteria
from app.services.events.vocabulary import TRAINING_TYPES, EventStatus, EventType
from app.services.viewer import Viewer
from db.models import Event
from schema.compiled.spec import (
    Catalogue,
    Declined,
    Embedded,
    Listed,
    ListRoot,
    NodeSpec,
    column,
    computed,
    enum,
    global_id,
    time,
)
from schema.events.loaders import event_organisers
from schema.relay import id_or_no_row
from schema.scalars import serialize

ARGUMENTS = frozenset({"first", "after", "filter"})


def _criteria(arguments: Mapping[str, Any], trainings_only: bool) -> Criteria:
    """The filter as graphql-core coerced it (GraphQL names), as `EventFilter.criteria`
    reads it."""
    given = arguments.get("filter") or {}
    if given.get("modifiedSince") is not None:
        raise Declined  # ordered by change, tombstones included: the ordinary path's
    types = [EventType(t) for t in given.get("types") or ()]
    if trainings_only:
        types = [t for t in types if t in TRAINING_TYPES] or list(TRAINING_TYPES)
    organiser = given.get("organiserId")
    return Criteria(
        starts_from=given.get("from"),
        starts_to=given.get("to"),
        search=given.get("search"),
        types=types,
        organiser_id=None if organiser is None else id_or_no_row(organiser, "Association"),
        organised_by_city=given.get("organisedByCity"),
        district=District(given["district"]) if given.get("district") else None,
        target_group=TargetGroup(given["targetGroup"]) if given.get("targetGroup") else None,
        language=given.get("language"),
        topic=given.get("topic"),
        free_only=bool(given.get("freeOnly")),
        has_seats_left=bool(given.get("hasSeatsLeft")),
        enrolment_open=bool(given.get("enrolmentOpen")),
        online=given.get("online"),
        one_per_series=bool(given.get("onePerSeries")),
    )


def _events(arguments: Mapping[str, Any], viewer: Viewer) -> Select[Any]:
    return filtered(_criteria(arguments, trainings_only=False), viewer)


def _trainings(arguments: Mapping[str, Any], viewer: Viewer) -> Select[Any]:
    return filtered(_criteria(arguments, trainings_only=True), viewer)


def _status(status: str, deleted_at: datetime | None) -> str:
    return str(EventStatus.DELETED if deleted_at is not None else EventStatus(status))


def _place(
    address: str | None, district: str | None, online_url: str | None
) -> Mapping[str, object]:
    return {"address": address, "district": district or None, "onlineUrl": online_url}


def _registration(
    registration: bool,
    capacity: int | None,
    waitlist: bool,
    waitlist_capacity: int | None,
    most: int,
    opens_at: datetime | None,
    closes_at: datetime | None,
) -> Mapping[str, object] | None:
    if not registration:
        return None
    return {
        "capacity": capacity,
        "waitlist": bool(waitlist),
        "waitlistCapacity": waitlist_capacity,
        "maxSeatsPerRegistration": most,
        "opensAt": None if opens_at is None else serialize(opens_at),
        "closesAt": None if closes_at is None else serialize(closes_at),
    }


def _seats_left(registration: bool, capacity: int | None, attending: int) -> int | None:
    if not registration or capacity is None:
        return None
    return capacity - attending


EVENT = NodeSpec(
    name="Event",
    key=Event.id,
    fields={
        "id": global_id("Event", Event.id),
        "title": column(Event.title),  # in Swedish: no `language`
        "description": column(Event.description),
        "type": enum(Event.type, EventType),
        "status": computed(Event.status, Event.deleted_at, value=_status),
        "statusReason": column(Event.status_reason),
        "draft": computed(Event.published, value=lambda published: not published),
        "startsAt": time(Event.starts_at),
        "endsAt": time(Event.ends_at),
        "allDay": computed(Event.all_day, value=bool),
        "organisedByCity": computed(Event.organised_by_city, value=bool),
        "place": Embedded((Event.address, Event.district, Event.online_url), _place, "Place"),
        "price": column(Event.price),
        "free": computed(Event.price, value=lambda price: price is None),
        "externalRegistrationUrl": column(Event.external_registration_url),
        "ageMin": column(Event.age_min),
        "ageMax": column(Event.age_max),
        "targetGroups": computed(Event.target_groups, value=list),
        "languages": computed(Event.languages, value=list),
        "accessibility": computed(Event.accessibility, value=list),
        "topics": computed(Event.topics, value=list),
        "registration": Embedded(
            (
                Event.registration,
                Event.capacity,
                Event.waitlist,
                Event.waitlist_capacity,
                Event.max_seats_per_registration,
                Event.enrolment_opens_at,
                Event.enrolment_closes_at,
            ),
            _registration,
            "RegistrationSettings",
        ),
        "attendingSeats": column(Event.attending_seats),
        "waitlistedSeats": column(Event.waitlisted_seats),
        "seatsLeft": computed(
            Event.registration, Event.capacity, Event.attending_seats, value=_seats_left
        ),
        "seriesId": global_id("EventSeries", Event.series_id),
        "bookingId": global_id("Booking", Event.booking_id),
        "cafeSessionId": global_id("CafeSession", Event.cafe_session_id),
        "updatedAt": time(Event.updated_at),
        "organisers": Listed(event_organisers.relation, "Association"),
    },
)

READS = Catalogue(
    nodes={"Event": EVENT},
    roots={
        "events": ListRoot("Event", _events, ORDER, arguments=ARGUMENTS),
        "trainings": ListRoot("Event", _trainings, ORDER, arguments=ARGUMENTS),
    },
)
