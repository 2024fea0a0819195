"""The demo calendar for the coming weeks, from the seeds: the yearly agreement conference,
a breakfast dialogue meeting and an after-work, the association fair, trainings of the
umbrella organisations (board work, leadership, diversity: the action plan's words), a
weekly training of a sports association, one full event with a waitlist, one cancelled."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from app.demo.associations import DHS, HISO, INVA_SAM, SKANES_FORENINGAR
from app.services.associations.vocabulary import District, TargetGroup
from app.services.clock import CITY_ZONE, now
from app.services.events.calendar import NewEvent, Recurrence, cancel_event, create_event
from app.services.events.fields import EventFields, RegistrationSettings
from app.services.events.registrations import Signup, register
from app.services.events.vocabulary import EventType
from app.services.premises.vocabulary import Accessibility
from app.services.viewer import ANONYMOUS, Viewer

T = EventType


@dataclass(frozen=True)
class DemoEvent:
    title: str
    type: EventType
    days: int  # from today
    hour: int
    hours: int
    organisers: tuple[str, ...] = ()  # none: the city's
    description: str = ""
    address: str | None = None
    district: District | None = None
    topics: tuple[str, ...] = ()
    languages: tuple[str, ...] = ("sv",)
    price: str | None = None
    capacity: int | None = None
    waitlist: bool = False
    weekly_count: int | None = None
    extra: dict[str, object] = field(default_factory=dict)


DEMO_EVENTS = [
    DemoEvent(
        "Överenskommelsekonferensen",
        T.CONFERENCE,
        24,
        13,
        4,
        description="Den årliga konferensen om den lokala överenskommelsen: uppföljning av "
        "handlingsplanen, val till styrgruppen och undertecknande för nya föreningar.",
        address="Dunkers kulturhus, Kungsgatan 11",
        district=District.CENTRUM,
        capacity=200,
    ),
    DemoEvent(
        "Frukostmöte: föreningslivet och staden",
        T.DIALOGUE_MEETING,
        6,
        7,
        2,
        description="Dialogmöte över frukost om lokaler och bidrag.",
        address="Rådhuset, Drottninggatan 2",
        district=District.CENTRUM,
        capacity=40,
    ),
    DemoEvent(
        "Afterwork för föreningslivet",
        T.DIALOGUE_MEETING,
        13,
        17,
        3,
        description="Träffa andra föreningar och stadens föreningssamordnare.",
        address="Knutpunkten, Järnvägsgatan 10",
        district=District.CENTRUM,
    ),
    DemoEvent(
        "Föreningsmässan",
        T.FAIR,
        31,
        10,
        6,
        description="Föreningslivets dag: föreningarna visar upp sig för helsingborgarna.",
        address="Stortorget",
        district=District.CENTRUM,
        extra={"accessibility": [Accessibility.STEP_FREE_ACCESS]},
    ),
    DemoEvent(
        "Styrelsearbete för idrottsföreningar",
        T.TRAINING,
        2,
        18,
        3,
        organisers=(HISO,),
        description="Grundkurs i styrelsearbete: roller, årsmöte, ekonomi och ansvar.",
        address="Olympia, Planteringsvägen 1",
        district=District.CENTRUM,
        topics=("Styrelsearbete",),
        capacity=25,
        waitlist=True,
    ),
    DemoEvent(
        "Ledarskap i föreningen",
        T.STUDY_CIRCLE,
        9,
        18,
        2,
        organisers=(SKANES_FORENINGAR,),
        description="Studiecirkel i fyra träffar om att leda ideella: motivation och ansvar.",
        topics=("Ledarskap",),
        extra={"online_url": "https://skanesforeningar.example/ledarskap"},
        capacity=12,
    ),
    DemoEvent(
        "Mångfald i styrelsen",
        T.LECTURE,
        16,
        18,
        2,
        organisers=(INVA_SAM, DHS),
        description="Föreläsning om hur fler röster får plats i föreningens styrelse.",
        address="Dalhems fritidsgård, Dalhemsvägen 10",
        district=District.DALHEM,
        topics=("Mångfald", "Styrelsearbete"),
        languages=("sv", "ar"),
        capacity=40,
    ),
    DemoEvent(
        "Bokföring för kassörer",
        T.TRAINING,
        11,
        18,
        2,
        organisers=(SKANES_FORENINGAR,),
        description="Praktisk bokföring för föreningens kassör.",
        topics=("Ekonomi",),
        price="200 kr",
        capacity=2,
        waitlist=True,
    ),
    DemoEvent(
        "Geologi på Kullaberg: föredrag",
        T.LECTURE,
        8,
        19,
        2,
        organisers=("Geologiklubben i Helsingborg",),
        address="Helsingborgs stadsbibliotek",
        district=District.CENTRUM,
    ),
    DemoEvent(
        "Fotbollsträning för nybörjare",
        T.SPORT,
        3,
        17,
        1,
        organisers=("Helsingborgs IF",),
        description="Prova på fotboll, för barn 7–10 år. Ingen anmälan, kom som du är.",
        address="Harlyckans IP",
        district=District.NORR,
        weekly_count=8,
        extra={"target_groups": [TargetGroup.CHILDREN], "age_min": 7, "age_max": 10},
    ),
]


def _at(days: int, hour: int) -> datetime:
    day = (now().astimezone(CITY_ZONE) + timedelta(days=days)).date()
    return datetime.combine(day, time(hour), tzinfo=CITY_ZONE)


async def load_events(session: AsyncSession, ids: dict[str, int], coordinator: Viewer) -> None:
    made: dict[str, int] = {}
    for item in DEMO_EVENTS:
        starts = _at(item.days, item.hour)
        registration = (
            RegistrationSettings(
                capacity=item.capacity, waitlist=item.waitlist, max_seats_per_registration=2
            )
            if item.capacity is not None
            else None
        )
        fields = EventFields(
            title=item.title,
            type=item.type,
            description=item.description,
            starts_at=starts,
            ends_at=starts + timedelta(hours=item.hours),
            address=item.address,
            district=item.district,
            topics=list(item.topics),
            languages=list(item.languages),
            price=item.price,
            registration=registration,
            **item.extra,  # type: ignore[arg-type]
        )
        recurrence = (
            Recurrence(weekdays=[starts.weekday()], count=item.weekly_count)
            if item.weekly_count
            else None
        )
        (event, *_) = await create_event(
            session,
            coordinator,
            NewEvent(
                fields=fields,
                organiser_ids=[ids[name] for name in item.organisers],
                recurrence=recurrence,
            ),
        )
        made[item.title] = event.id
    # the full one: both seats taken, one on the waitlist
    for name in ("Alva Lind", "Omar Haddad", "Sara Ek"):
        await register(
            session,
            ANONYMOUS,
            Signup(
                event_id=made["Bokföring för kassörer"],
                name=name,
                email=f"{name.split()[0].lower()}@boende.example",
            ),
        )
    await cancel_event(
        session, coordinator, made["Geologi på Kullaberg: föredrag"], "Föreläsaren är sjuk."
    )
