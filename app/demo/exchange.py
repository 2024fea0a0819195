"""The demo exchange: board training offered as mentorship, a sports club lending its tent
and projector (one out on loan, one overdue), a request for help with the accounts matched
by an offer, volunteers signing up for the Red Cross, and a room lent in return for help
with the booking and the exchange linked."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.demo.associations import SKANES_FORENINGAR
from app.services.associations.vocabulary import District
from app.services.clock import now, pretend
from app.services.exchange import exchanges, loans, volunteers
from app.services.exchange.conversations import Opening, send_message, start_conversation
from app.services.exchange.exchanges import Proposal
from app.services.exchange.fields import ListingFields
from app.services.exchange.listings import create_listing
from app.services.exchange.vocabulary import Direction, ListingKind
from app.services.terms import TermsKind
from app.services.viewer import Viewer
from db.models import Booking, Listing

RED_CROSS = "Röda Korset Helsingborgskretsen"
OFFER, REQUEST = Direction.OFFER, Direction.REQUEST
K = ListingKind


async def load_exchange(
    session: AsyncSession,
    ids: dict[str, int],
    coordinator: Viewer,
    admins: dict[str, Viewer],
    volunteer: Viewer,
) -> None:
    hif, raa = admins["Helsingborgs IF"], admins["Råå IF"]

    async def post(
        viewer: Viewer, owner: str, direction: Direction, kind: ListingKind, **fields: Any
    ) -> Listing:
        return await create_listing(
            session, viewer, ids[owner], direction, kind, ListingFields(**fields)
        )

    await post(
        coordinator,
        SKANES_FORENINGAR,
        OFFER,
        K.MENTORSHIP,
        title="Mentor i styrelsearbete för nystartade föreningar",
        description="En erfaren styrelseledamot följer er första verksamhetsår: årsmöte, "
        "stadgar, ekonomi och ansvar.",
        topics=["styrelsearbete", "mentorskap"],
    )
    accounts = await post(
        coordinator,
        SKANES_FORENINGAR,
        OFFER,
        K.SKILL,
        title="Hjälp med bokföring och bokslut",
        description="Vi hjälper föreningens kassör med bokföringen och årets bokslut.",
        topics=["bokföring", "ekonomi"],
    )
    asking = await post(
        raa,
        "Råå IF",
        REQUEST,
        K.SKILL,
        title="Vi söker hjälp med bokföringen",
        description="Vår kassör är ny: vem kan visa hur man för föreningens bok?",
        topics=["bokföring"],
        district=District.RAA,
    )
    tent = await post(
        hif,
        "Helsingborgs IF",
        OFFER,
        K.EQUIPMENT,
        title="Partytält 6 × 12 m",
        topics=["tält", "evenemang"],
        quantity=2,
        condition="Bra skick",
        lending_days=7,
    )
    projector = await post(
        hif,
        "Helsingborgs IF",
        OFFER,
        K.EQUIPMENT,
        title="Projektor med duk",
        topics=["projektor", "möten"],
        quantity=1,
        condition="Som ny",
        lending_days=3,
    )
    helpers = await post(
        coordinator,
        RED_CROSS,
        REQUEST,
        K.VOLUNTEERING,
        title="Volontärer till Värmestugans julmiddag",
        description="Vi behöver folk som lagar mat, dukar och möter gästerna.",
        topics=["volontär", "mat"],
        volunteers_needed=6,
        task_when="24 december 12–18",
        asks="Glatt humör; ingen erfarenhet behövs.",
    )
    # the tent out on loan, the projector overdue
    loan = await loans.reserve_loan(session, raa, loans.LoanRequest(tent.id, ids["Råå IF"], 1))
    await loans.hand_out(session, hif, loan.id)
    with pretend(now() - timedelta(days=10), timedelta(0)):
        late = await loans.reserve_loan(
            session, raa, loans.LoanRequest(projector.id, ids["Råå IF"], 1)
        )
        await loans.hand_out(session, hif, late.id)
    # the request answered by the offer's side, and an exchange agreed
    conversation = await start_conversation(
        session, raa, Opening(accounts.id, "Hej! Kan ni hjälpa vår nya kassör?", ids["Råå IF"])
    )
    asked = await start_conversation(
        session, raa, Opening(tent.id, "Kan vi låna tältet till vår loppmarknad?", ids["Råå IF"])
    )
    await send_message(session, hif, asked.id, "Javisst! Hämta det på kansliet.")
    assert conversation.id != asked.id
    await exchanges.propose_exchange(
        session,
        raa,
        Proposal(asking.id, ids["Råå IF"], ids[SKANES_FORENINGAR], "Två kvällar med bokföringen"),
    )
    await volunteers.sign_up(session, volunteer, helpers.id, "Jag kan laga mat.")
    await volunteers.sign_up(session, hif, helpers.id, "Jag dukar gärna.")
    # the room lent in return for help: the booking's exchange
    barter = await session.scalar(select(Booking).where(Booking.offered_help.is_not(None)))
    if barter is not None and barter.association_id is not None:
        help_offer = await post(
            raa,
            "Råå IF",
            OFFER,
            K.SERVICE,
            title="Kioskbemanning på hemmamatch",
            topics=["kiosk", "evenemang"],
            terms_kind=TermsKind.IN_RETURN,
            terms_text="En kväll i ert klubbrum",
        )
        await exchanges.propose_exchange(
            session,
            raa,
            Proposal(
                help_offer.id,
                ids["Råå IF"],
                ids["Helsingborgs IF"],
                barter.offered_help or "Hjälp i kiosken",
                booking_id=barter.id,
            ),
        )
