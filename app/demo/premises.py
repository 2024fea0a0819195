"""Demo premises: a few of the city's and several of the demo associations', with confirmed
and pending bookings, a weekly series across the end of March and a barter offer."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from app.services.accounts.roles import MembershipRole
from app.services.associations.vocabulary import District
from app.services.clock import CITY_ZONE, now
from app.services.premises.bookings import BookingRequest, approve_booking, create_booking
from app.services.premises.fields import Opening, PremisesFields, Terms
from app.services.premises.premises import create_premises
from app.services.premises.series import SeriesRequest, create_series
from app.services.premises.vocabulary import Accessibility, SeriesMode, Weekday
from app.services.terms import TermsKind
from app.services.viewer import Viewer
from db.models import Booking

A = Accessibility
WEEKDAYS = (Weekday.MONDAY, Weekday.TUESDAY, Weekday.WEDNESDAY, Weekday.THURSDAY, Weekday.FRIDAY)


def _hours(days: tuple[Weekday, ...], opens: int, closes: int) -> list[Opening]:
    return [Opening(day, time(opens), time(closes) if closes < 24 else None) for day in days]


@dataclass(frozen=True)
class DemoPremises:
    key: str
    owner: str | None  # an association's name; None: the city's
    fields: PremisesFields = field(default_factory=PremisesFields)


DEMO_PREMISES = [
    DemoPremises(
        "dalhem",
        None,
        PremisesFields(
            name="Mötesrummet på Dalhems fritidsgård",
            description="Ljust mötesrum med whiteboard och plats för 40 vid bord. Kök i korridoren.",
            address="Dalhemsvägen 10, Helsingborg",
            district=District.DALHEM,
            capacity=40,
            accessibility=[A.STEP_FREE_ACCESS, A.ACCESSIBLE_TOILET, A.HEARING_LOOP],
            equipment=["Projektor", "Whiteboard", "Kaffebryggare"],
            house_rules="Ställ tillbaka borden och släck lamporna när ni går.",
            opening_hours=_hours((*WEEKDAYS, Weekday.SATURDAY), 8, 22),
            min_booking_minutes=60,
            max_booking_minutes=8 * 60,
            min_notice_minutes=24 * 60,
            buffer_after_minutes=15,
            requires_approval=False,
            terms=Terms(TermsKind.FREE),
        ),
    ),
    DemoPremises(
        "hall",
        None,
        PremisesFields(
            name="Idrottshallen vid Filbornaskolan",
            description="Fullstor idrottshall med omklädningsrum. Bokas kvällar och helger.",
            address="Filbornavägen 2, Helsingborg",
            district=District.NORR,
            capacity=120,
            accessibility=[A.STEP_FREE_ACCESS, A.ACCESSIBLE_TOILET, A.ACCESSIBLE_PARKING],
            equipment=["Basketkorgar", "Innebandysarg", "Ljudanläggning"],
            opening_hours=_hours(WEEKDAYS, 17, 23)
            + _hours((Weekday.SATURDAY, Weekday.SUNDAY), 9, 20),
            min_booking_minutes=60,
            buffer_before_minutes=10,
            buffer_after_minutes=10,
            requires_approval=True,
            terms=Terms(TermsKind.FEE, "150 kr i timmen för föreningar"),
        ),
    ),
    DemoPremises(
        "klubbrum",
        "Helsingborgs IF",
        PremisesFields(
            name="Klubbrummet på Olympia",
            description="Helsingborgs IF:s klubbrum, som vi gärna lånar ut till andra föreningar.",
            address="Planteringsvägen 1, Helsingborg",
            district=District.CENTRUM,
            capacity=30,
            accessibility=[A.STEP_FREE_ACCESS, A.LIFT],
            equipment=["Storbildsskärm", "Kylskåp"],
            opening_hours=_hours(WEEKDAYS, 9, 22),
            requires_approval=True,
            terms=Terms(
                TermsKind.IN_RETURN,
                "Hjälp oss att bemanna kiosken på en hemmamatch i utbyte mot en kväll i rummet.",
            ),
        ),
    ),
    DemoPremises(
        "raa",
        "Råå IF",
        PremisesFields(
            name="Föreningsstugan i Råå",
            description="Liten stuga vid idrottsplatsen, perfekt för styrelsemöten.",
            address="Råå vallar, Helsingborg",
            district=District.RAA,
            capacity=16,
            equipment=["Kaffebryggare"],
            requires_approval=True,
            terms=Terms(TermsKind.FREE),
        ),
    ),
]


def _at(weekday: Weekday, weeks: int, hour: int) -> datetime:
    """`hour` o'clock on the `weekday` that comes in `weeks` weeks (at least two days ahead)."""
    today = now().astimezone(CITY_ZONE).date() + timedelta(days=2)
    day = today + timedelta(days=(weekday.number - today.weekday()) % 7, weeks=weeks)
    return datetime.combine(day, time(hour), tzinfo=CITY_ZONE)


def _end_of_march() -> date:
    """The Tuesday two weeks before the last Sunday of the next March: a series from there
    crosses the change to summer time."""
    today = now().astimezone(CITY_ZONE).date()
    year = today.year if today.month < 3 else today.year + 1
    start = date(year, 3, 10)
    return start + timedelta(days=(1 - start.weekday()) % 7)


async def load_premises(
    session: AsyncSession,
    ids: dict[str, int],
    coordinator: Viewer,
    admins: dict[str, Viewer],
) -> dict[str, int]:
    """The demo premises and their bookings; `admins` by association name."""
    made: dict[str, int] = {}
    for item in DEMO_PREMISES:
        owner = None if item.owner is None else ids[item.owner]
        viewer = coordinator if item.owner is None else admins[item.owner]
        premises = await create_premises(session, viewer, owner, item.fields)
        made[item.key] = premises.id
    hif, raa = admins["Helsingborgs IF"], admins["Råå IF"]

    async def book(viewer: Viewer, key: str, association: str, day: tuple[Weekday, int],
                   hour: int, hours: int, purpose: str, people: int,
                   offer: str | None = None) -> Booking:  # fmt: skip
        return await create_booking(
            session,
            viewer,
            BookingRequest(
                premises_id=made[key],
                association_id=ids[association],
                starts_at=_at(*day, hour),
                ends_at=_at(*day, hour + hours),
                purpose=purpose,
                attendees=people,
                offered_help=offer,
            ),
        )

    # next Tuesday evening the meeting room at Dalhem stays free (the README's walk-through)
    monday, wednesday, thursday = (Weekday.MONDAY, 0), (Weekday.WEDNESDAY, 1), (Weekday.THURSDAY, 1)
    await book(hif, "dalhem", "Helsingborgs IF", monday, 18, 2, "Ledarträff för tränare", 25)
    await book(raa, "dalhem", "Råå IF", (Weekday.SATURDAY, 1), 9, 3, "Styrelseutbildning", 12)
    await book(
        raa,
        "klubbrum",
        "Råå IF",
        wednesday,
        18,
        3,
        "Årsmöte",
        28,
        "Vi ställer upp med fyra personer i kiosken på nästa hemmamatch.",
    )
    await book(hif, "raa", "Helsingborgs IF", thursday, 19, 2, "Planering av sommarlägret", 10)
    training = await book(
        raa, "hall", "Råå IF", (Weekday.FRIDAY, 0), 18, 2, "Innebandyträning, juniorer", 30
    )
    await approve_booking(session, coordinator, training.id)
    start = _end_of_march()
    await create_series(
        session,
        raa,
        SeriesRequest(
            premises_id=made["hall"],
            association_id=ids["Råå IF"],
            start_date=start,
            start_time=time(18, 0),
            end_time=time(20, 0),
            weekdays=[Weekday.TUESDAY],
            count=6,
            mode=SeriesMode.FREE_ONLY,
            purpose="Vårens innebandyträningar",
            attendees=24,
        ),
    )
    return made


def admin_viewer(user_id: int, association_id: int) -> Viewer:
    return Viewer(user_id=user_id, roles={association_id: MembershipRole.ADMIN})
