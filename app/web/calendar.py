"""`/calendar/premises/{id}.ics` and `/calendar/bookings/{id}.ics`: RFC 5545 feeds for
calendar apps, with the same authorization as the GraphQL API (a bearer token in
`Authorization`); without one, what anyone may see: when the premises are busy."""

from __future__ import annotations

import logging

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from app.runtime import Runtime
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


async def premises_feed(request: Request) -> Response:
    runtime: Runtime = request.app.state.runtime
    viewer = await _viewer(request)
    if isinstance(viewer, JSONResponse):
        return viewer
    premises_id = id_or_none(request.path_params["id"], "Premises")
    if premises_id is None:
        return _error(404, "No premises with that id.")
    try:
        async with runtime.db.read() as session:
            body = await premises_calendar(session, viewer, premises_id)
    except Exception as error:  # noqa: BLE001
        logger.error("unexpected %s writing a premises calendar", type(error).__name__)
        return _error(500, "Internal server error.")
    if body is None:
        return _error(404, "No premises with that id.")
    return _calendar(body, f"lokal-{premises_id}")


async def booking_feed(request: Request) -> Response:
    runtime: Runtime = request.app.state.runtime
    viewer = await _viewer(request)
    if isinstance(viewer, JSONResponse):
        return viewer
    booking_id = id_or_none(request.path_params["id"], "Booking")
    if booking_id is None:
        return _error(404, "No booking with that id.")
    try:
        async with runtime.db.read() as session:
            found = await booking_calendar(session, viewer, booking_id)
    except Exception as error:  # noqa: BLE001
        logger.error("unexpected %s writing a booking calendar", type(error).__name__)
        return _error(500, "Internal server error.")
    if found is None:
        return _error(404, "No booking with that id.")
    return _calendar(found[1], f"bokning-{booking_id}")
