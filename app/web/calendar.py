"""RFC 5545 feeds for calendar apps: `/calendar/premises/{id}.ics` and
`/calendar/bookings/{id}.ics`, with the same authorization as the GraphQL API (a bearer token
in `Authorization`; without one, what anyone may see: when the premises are busy), and
`/calendar/events.ics` (the calendar's filters as query parameters) and
`/calendar/events/{id}.ics`, published events only; `/export/events/{id}/registrations.csv`
for the event's organisers."""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import QueryParams
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from app.runtime import Runtime
from app.services.associations.vocabulary import District
from app.services.errors import DomainError
from app.services.events.export import registrations_csv
from app.services.events.feeds import event_feed as calendar_of_event
from app.services.events.feeds import events_feed as calendar_of_events
from app.services.events.search import EventFilter
from app.services.events.vocabulary import TRAINING_TYPES, EventType
from app.services.premises.calendar import booking_calendar, premises_calendar
from app.services.swedish import slugify
from app.services.viewer import InvalidToken, Viewer, authenticate
from schema.relay import id_or_none

logger = logging.getLogger("samverka.calendar")

ICALENDAR = "text/calendar; charset=utf-8"


def _error(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"errors": [{"message": message}]}, status_code=status, headers=headers)


async def _viewer(request: Request) -> Viewer | JSONResponse:
    runtime: Runtime = request.app.state.runtime
    try:
        return await authenticate(runtime.db, request.headers.get("authorization"))
    except InvalidToken as invalid:
        return _error(401, invalid.message, {"WWW-Authenticate": "Bearer"})


def _calendar(body: bytes, name: str) -> Response:
    return Response(
        body,
        media_type=ICALENDAR,
        headers={
            "Content-Disposition": f'inline; filename="{slugify(name) or "kalender"}.ics"',
            "Cache-Control": "private, max-age=60",
        },
    )


Write = Callable[[AsyncSession, Viewer, int], Awaitable[bytes | None]]


async def _one(request: Request, type_name: str, what: str, write: Write, name: str) -> Response:
    """The calendar of one thing, by its global id: 404 for none, 401 for a bad token."""
    runtime: Runtime = request.app.state.runtime
    viewer = await _viewer(request)
    if isinstance(viewer, JSONResponse):
        return viewer
    row_id = id_or_none(request.path_params["id"], type_name)
    if row_id is None:
        return _error(404, f"No {what} with that id.")
    try:
        async with runtime.db.read() as session:
            body = await write(session, viewer, row_id)
    except Exception as error:  # noqa: BLE001
        logger.error("unexpected %s writing a %s calendar", type(error).__name__, what)
        return _error(500, "Internal server error.")
    if body is None:
        return _error(404, f"No {what} with that id.")
    return _calendar(body, f"{name}-{row_id}")


async def premises_feed(request: Request) -> Response:
    return await _one(request, "Premises", "premises", premises_calendar, "lokal")


async def booking_feed(request: Request) -> Response:
    return await _one(request, "Booking", "booking", booking_calendar, "bokning")


_DISTRICTS = {str(d) for d in District}
_TYPES = {str(t) for t in EventType}


class BadParameter(Exception):
    def __init__(self, name: str, message: str) -> None:
        super().__init__(name)
        self.name, self.message = name, message


_PLAIN = re.compile(r"^[^\x00-\x1f\x7f]{1,100}$")  # a value without control characters


def _text(params: QueryParams, name: str) -> str | None:
    value = params.get(name) or None  # left blank (a form's empty field): not given
    if value is not None and not _PLAIN.match(value):
        raise BadParameter(name, f"{name}: at most 100 characters, none of them control ones.")
    return value


def _one_of(values: set[str], name: str, given: str) -> str:
    folded = given.strip().upper()
    if folded not in values:
        raise BadParameter(name, f"{name}: one of {', '.join(sorted(values))}.")
    return folded


def _event_filter(request: Request) -> EventFilter:
    """The feed's filter from its query parameters; a value it does not know is a 400 that
    names it (an unknown type would otherwise widen the feed to everything)."""
    params = request.query_params
    types = [EventType(_one_of(_TYPES, "type", t)) for t in params.getlist("type") if t]
    if params.get("training") in ("1", "true"):
        types = [t for t in types if t in TRAINING_TYPES] or list(TRAINING_TYPES)
    organiser = _text(params, "organiser")
    district = params.get("district") or None
    if organiser is not None and id_or_none(organiser, "Association") is None:
        raise BadParameter("organiser", "organiser: an association's id.")
    return EventFilter(
        types=types,
        organiser_id=None if organiser is None else id_or_none(organiser, "Association"),
        district=None if district is None else District(_one_of(_DISTRICTS, "district", district)),
        language=_text(params, "language"),
        topic=_text(params, "topic"),
        free_only=params.get("free") in ("1", "true"),
    )


def _base_url(request: Request) -> str:
    return str(request.base_url).rstrip("/")


async def events_feed(request: Request) -> Response:
    runtime: Runtime = request.app.state.runtime
    try:
        criteria = _event_filter(request)
    except BadParameter as bad:
        return _error(400, bad.message)
    try:
        async with runtime.db.read() as session:
            body = await calendar_of_events(session, criteria, _base_url(request))
    except Exception as error:  # noqa: BLE001
        logger.error("unexpected %s writing the events calendar", type(error).__name__)
        return _error(500, "Internal server error.")
    return _calendar(body, "evenemang")


async def event_feed(request: Request) -> Response:
    base_url = _base_url(request)

    async def write(session: AsyncSession, _viewer: Viewer, event_id: int) -> bytes | None:
        return await calendar_of_event(session, event_id, base_url)

    return await _one(request, "Event", "event", write, "evenemang")


async def event_registrations(request: Request) -> Response:
    runtime: Runtime = request.app.state.runtime
    viewer = await _viewer(request)
    if isinstance(viewer, JSONResponse):
        return viewer
    event_id = id_or_none(request.path_params["id"], "Event")
    if event_id is None:
        return _error(404, "No event with that id.")
    try:
        async with runtime.db.read() as session:
            body = await registrations_csv(session, viewer, event_id)
    except DomainError as refused:
        problem = refused.problems[0]
        return _error(404 if problem.code == "NOT_FOUND" else 403, problem.message)
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="anmalningar-{event_id}.csv"'},
    )
