"""Matching in the database: among 2,000 listings where the right matches are known, the top
results of a request are its matches, and the query is one statement."""

from __future__ import annotations

import random
from datetime import date, timedelta

from app.services.clock import now
from app.services.exchange.fields import topic_key
from app.services.exchange.search import matches
from app.services.exchange.vocabulary import Direction, ListingKind
from app.services.swedish import collation_key, search_document
from db.models import Listing
from tests.support.exchange import Market
from tests.support.statements import count_statements

NOISE_TOPICS = ["webb", "tryck", "transport", "juridik", "foto", "musik", "idrott", "matlagning"]
NOISE_WORDS = ["hjälp", "söker", "erbjuder", "kurs", "kväll", "grupp", "förening", "material"]


async def test_a_request_finds_its_offers_among_2000(market: Market) -> None:
    rng = random.Random(2000)
    moment = now()
    rows: list[tuple[str, str, list[str], str, date | None, date | None]] = []
    for _ in range(2000):
        kind = rng.choice(["SKILL", "SERVICE", "MENTORSHIP"])
        direction = rng.choice(["OFFER", "REQUEST"])
        topics = sorted(set(rng.sample(NOISE_TOPICS, 2)))
        title = " ".join(rng.sample(NOISE_WORDS, 3))
        rows.append((kind, direction, topics, title, None, None))
    # the known matches: offers of bookkeeping help, open now
    for n in range(5):
        rows.append(
            ("SKILL", "OFFER", ["bokföring", "ekonomi"], f"Bokföring för kassörer {n}", None, None)
        )
    # near misses: the right topic, but the wrong kind, a closed time, or the same direction
    rows.append(("SERVICE", "OFFER", ["bokföring"], "Bokföring som tjänst", None, None))
    rows.append(("SKILL", "OFFER", ["bokföring"], "Bokföring förr", None, date(2020, 1, 1)))
    rows.append(("SKILL", "REQUEST", ["bokföring"], "Vi behöver också bokföring", None, None))
    listings = []
    for kind, direction, topics, title, start, end in rows:
        listings.append(
            Listing(
                association_id=market.other,
                posted_by_id=market.other_member.user_id,
                direction=direction,
                kind=kind,
                title=title,
                description="",
                sort_key=collation_key(title),
                search_text=search_document(title, *topics),
                topics=[topic_key(t) for t in topics],
                available_from=start,
                available_until=end,
                status="OPEN",
                terms="FREE",
                terms_text="",
                reserved_units=0,
                volunteers_accepted=0,
                created_at=moment,
                updated_at=moment,
            )
        )
    async with market.runtime.db.write() as session:
        session.add_all(listings)
    request = await market.listing(
        Direction.REQUEST,
        ListingKind.SKILL,
        title="Hjälp med bokföringen",
        topics=["Bokföring", "ekonomi"],
        available_from=(moment + timedelta(days=1)).date(),
    )
    with count_statements(market.runtime.db.engine) as log:
        async with market.runtime.db.read() as session:
            found = await matches(session, request, 10)
    assert log.count == 1
    top = [listing.title for listing, _ in found[:5]]
    assert sorted(top) == [f"Bokföring för kassörer {n}" for n in range(5)]
    assert all(score >= 6 for _, score in found[:5])  # two topics in common
    titles = {listing.title for listing, _ in found}
    assert not titles & {"Bokföring som tjänst", "Bokföring förr", "Vi behöver också bokföring"}
