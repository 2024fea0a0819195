"""The premises' and bookings' .ics feeds parse strictly (icalendar) and say what the rules
say: confirmed bookings, cancelled ones marked, a stable UID, SEQUENCE raised on every change,
Europe/Stockholm's VTIMEZONE, and who booked only for those allowed to see it."""

from __future__ import annotations

import httpx
from icalendar import Calendar

from app.runtime import Runtime
from app.services.premises.bookings import approve_booking, cancel_booking
from tests.support.people import global_id
from tests.support.premises import evening, make_world


def parse(response: httpx.Response) -> Calendar:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


async def test_the_premises_feed(http: httpx.AsyncClient, runtime: Runtime) -> None:
    world = await make_world(runtime)
    kept = await world.book(world.member, world.room, *evening(7))
    dropped = await world.book(world.member, world.room, *evening(8))
    waiting = await world.book(world.member, world.room, *evening(9))
    manager = world.viewer(world.owner_admin)
    async with runtime.writes.transaction() as session:
        await approve_booking(session, manager, kept.id)
        await approve_booking(session, manager, dropped.id)
        await cancel_booking(session, manager, dropped.id, "Vattenskada")
    url = f"/calendar/premises/{world.room_id}.ics"
    calendar = parse(await http.get(url))
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {f"booking-{kept.id}@samverka", f"booking-{dropped.id}@samverka"}
    assert f"booking-{waiting.id}@samverka" not in events  # a request is not in the calendar
    confirmed, cancelled = (
        events[f"booking-{kept.id}@samverka"],
        events[f"booking-{dropped.id}@samverka"],
    )
    assert (str(confirmed["STATUS"]), confirmed.decoded("SEQUENCE")) == ("CONFIRMED", 1)
    assert (str(cancelled["STATUS"]), cancelled.decoded("SEQUENCE")) == ("CANCELLED", 2)
    assert confirmed.decoded("DTSTART") == kept.starts_at
    assert str(confirmed["DTSTART"].params["TZID"]) == "Europe/Stockholm"
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Stockholm"]
    # anyone sees the time taken, not who booked or why
    assert str(confirmed["SUMMARY"]) == "Föreningsrummet: bokad"
    assert "DESCRIPTION" not in confirmed
    owner = parse(
        await http.get(url, headers={"authorization": f"Bearer {world.owner_admin.token}"})
    )
    detailed = {str(e["UID"]): e for e in owner.walk("VEVENT")}[f"booking-{kept.id}@samverka"]
    assert str(detailed["SUMMARY"]) == "Föreningsrummet: Bokarföreningen"
    assert str(detailed["DESCRIPTION"]) == "Styrelsemöte"


async def test_one_bookings_feed_and_refusals(http: httpx.AsyncClient, runtime: Runtime) -> None:
    world = await make_world(runtime)
    booking = await world.book(world.member, world.room, *evening(7))
    url = f"/calendar/bookings/{global_id('Booking', booking.id)}.ics"
    calendar = parse(await http.get(url, headers={"authorization": f"Bearer {world.member.token}"}))
    (event,) = calendar.walk("VEVENT")
    assert (str(event["STATUS"]), str(event["DESCRIPTION"])) == ("TENTATIVE", "Styrelsemöte")
    assert (await http.get("/calendar/bookings/Qm9va2luZzo5OTk5.ics")).status_code == 404
    assert (await http.get("/calendar/premises/bm90LWFuLWlk.ics")).status_code == 404
    bad = await http.get(url, headers={"authorization": "Bearer svk_nope"})
    assert bad.status_code == 401
