"""The calendar's .ics feeds parse strictly, hold published events only (a series as its
occurrences, which equal the API's), mark cancelled ones, and the organisers' CSV export is
theirs alone."""

from __future__ import annotations

from datetime import datetime, timedelta

import httpx
from icalendar import Calendar as ICalendar

from app.runtime import Runtime
from app.services.clock import CITY_ZONE
from app.services.events.calendar import NewEvent, Recurrence, cancel_event, create_event
from app.services.events.fields import EventFields
from app.services.events.vocabulary import EventType
from tests.support.events import make_calendar
from tests.support.people import global_id


def parse(response: httpx.Response) -> ICalendar:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/calendar")
    return ICalendar.from_ical(response.content)


async def test_the_calendar_feed(http: httpx.AsyncClient, runtime: Runtime) -> None:
    cal = await make_calendar(runtime)
    training = await cal.event(title="Styrelsearbete", type=EventType.TRAINING)
    await cal.event(title="Utkast", draft=True)
    dropped = await cal.event(title="Inställd föreläsning", type=EventType.LECTURE)
    async with runtime.writes.transaction() as session:
        await cancel_event(session, cal.viewer(cal.admin), dropped.id, "Sjukdom")
    starts = datetime(2027, 10, 19, 18, 0, tzinfo=CITY_ZONE)
    async with runtime.writes.transaction() as session:
        series = await create_event(
            session,
            cal.viewer(cal.admin),
            NewEvent(
                fields=EventFields(
                    title="Innebandy",
                    type=EventType.SPORT,
                    starts_at=starts,
                    ends_at=starts + timedelta(hours=1),
                ),
                organiser_ids=[cal.organiser],
                recurrence=Recurrence(weekdays=[1], count=3),
            ),
        )
    calendar = parse(await http.get("/calendar/events.ics"))
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert f"event-{training.id}@samverka" in events
    assert all(str(e["SUMMARY"]) != "Utkast" for e in events.values())
    assert str(events[f"event-{dropped.id}@samverka"]["STATUS"]) == "CANCELLED"
    assert events[f"event-{dropped.id}@samverka"].decoded("SEQUENCE") == 1
    occurrences = sorted(
        e.decoded("DTSTART") for e in events.values() if str(e["SUMMARY"]) == "Innebandy"
    )
    assert occurrences == [e.starts_at for e in series]  # the API's occurrences, exactly
    assert [o.astimezone(CITY_ZONE).hour for o in occurrences] == [18, 18, 18]  # across 31 October
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Stockholm"]
    # the link back is the event's own feed, which answers
    link = str(events[f"event-{training.id}@samverka"]["URL"])
    assert link.endswith(f"/calendar/events/{global_id('Event', training.id)}.ics")
    linked = parse(await http.get(link.split("samverka.test", 1)[-1]))
    assert [str(e["SUMMARY"]) for e in linked.walk("VEVENT")] == ["Styrelsearbete"]
    trainings = parse(await http.get("/calendar/events.ics?training=1"))
    # trainings, study circles and lectures (the cancelled lecture too, marked so)
    assert {str(e["SUMMARY"]) for e in trainings.walk("VEVENT")} == {
        "Styrelsearbete",
        "Inställd föreläsning",
    }
    one = parse(await http.get(f"/calendar/events/{global_id('Event', training.id)}.ics"))
    assert [str(e["SUMMARY"]) for e in one.walk("VEVENT")] == ["Styrelsearbete"]


async def test_the_registrations_csv_is_the_organisers(
    http: httpx.AsyncClient, runtime: Runtime
) -> None:
    cal = await make_calendar(runtime)
    event = await cal.event(capacity=5)
    await cal.register(None, event.id, name="=HYPERLINK()", email="ada@example.org")
    await cal.register(cal.person, event.id)
    url = f"/export/events/{global_id('Event', event.id)}/registrations.csv"
    mine = await http.get(url, headers={"authorization": f"Bearer {cal.admin.token}"})
    assert mine.status_code == 200
    lines = mine.text.strip().splitlines()
    assert lines[0] == "registered,status,seats,name,email,attended"
    assert "'=HYPERLINK()" in lines[1]
    assert "Deltagare" in lines[2]
    assert cal.person.email not in mine.text  # an account's login address is its owner's
    other = await http.get(url, headers={"authorization": f"Bearer {cal.other_admin.token}"})
    assert other.status_code == 403
    assert (await http.get(url)).status_code == 403


async def test_all_day_and_instant_events_are_written_as_rfc_5545_asks(
    http: httpx.AsyncClient, runtime: Runtime
) -> None:
    cal = await make_calendar(runtime)
    day = datetime(2027, 6, 5, tzinfo=CITY_ZONE)
    fair = await cal.event(
        title="Föreningsdagen",
        starts_at=day,
        ends_at=day + timedelta(days=1, hours=23, minutes=59),
        all_day=True,
    )
    moment = datetime(2027, 6, 8, 12, 0, tzinfo=CITY_ZONE)
    await cal.event(title="Startskottet", starts_at=moment, ends_at=moment)
    events = {
        str(e["SUMMARY"]): e for e in parse(await http.get("/calendar/events.ics")).walk("VEVENT")
    }
    whole = events["Föreningsdagen"]
    assert whole.decoded("DTSTART") == day.date()
    assert whole.decoded("DTEND") == (day + timedelta(days=2)).date()  # the day after its last
    assert fair.all_day
    instant = events["Startskottet"]
    assert instant.decoded("DTSTART") == moment
    assert "DTEND" not in instant  # an end equal to the start is no end (RFC 5545)


async def test_the_feeds_filters_refuse_what_they_do_not_know(
    http: httpx.AsyncClient, runtime: Runtime
) -> None:
    cal = await make_calendar(runtime)
    await cal.event(title="Styrelsearbete", type=EventType.TRAINING)
    await cal.event(title="Fotboll", type=EventType.SPORT)
    lower = parse(await http.get("/calendar/events.ics?type=training&district=norr"))
    assert [str(e["SUMMARY"]) for e in lower.walk("VEVENT")] == []  # no training in Norr
    trainings = parse(await http.get("/calendar/events.ics?type=training"))
    assert [str(e["SUMMARY"]) for e in trainings.walk("VEVENT")] == ["Styrelsearbete"]
    # a form's blank fields are not given
    blank = parse(await http.get("/calendar/events.ics?type=&district=&topic=&language="))
    assert sorted(str(e["SUMMARY"]) for e in blank.walk("VEVENT")) == ["Fotboll", "Styrelsearbete"]
    for query, named in (
        ("type=KONSERT", "type"),
        ("district=MARS", "district"),
        ("organiser=not-an-id", "organiser"),
        ("language=%00", "language"),
        ("topic=" + "x" * 101, "topic"),
    ):
        refused = await http.get(f"/calendar/events.ics?{query}")
        assert refused.status_code == 400, query
        assert refused.json()["errors"][0]["message"].startswith(named), refused.json()
