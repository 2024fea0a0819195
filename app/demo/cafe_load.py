"""Loading the 2016 dialogue meetings, through the café services, on the 2016 clock."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from app.demo.cafes import QUESTION_ACTIVITIES, QUESTION_MEANING, TABLES, DemoCafe
from app.services.accounts.login import LoginLimits
from app.services.agreement.principles import PrincipleCode
from app.services.cafe.clusters import create_cluster
from app.services.cafe.fields import SessionFields
from app.services.cafe.notes import add_note
from app.services.cafe.rounds import add_round, start_round
from app.services.cafe.sessions import close_session, create_session
from app.services.cafe.tables import add_facilitator, add_table
from app.services.clock import pretend
from app.services.errors import Problem
from app.services.viewer import Viewer
from db.models import CafeNote

ROUND_MINUTES = 45


# the demo names one facilitator it has just made: no lookup here can fail
DEMO_LIMITS = LoginLimits(
    window=timedelta(minutes=1),
    max_failures_per_account_and_address=1,
    max_failures_per_account=1,
    max_failures_per_address=1,
)


def _matching(notes: list[CafeNote], pattern: str) -> list[int]:
    """Notes with exactly this text, or else those that start with it."""
    exact = [n.id for n in notes if n.text == pattern]
    found = exact or [n.id for n in notes if n.text.startswith(pattern)]
    if not found:
        raise ValueError(f"no demo note matches {pattern!r}")
    return found


async def load_cafe(
    session: AsyncSession,
    item: DemoCafe,
    number: int,
    association_ids: dict[str, int],
    organiser: Viewer,
    facilitator: Viewer,
    facilitator_email: str,
) -> None:
    # planned two weeks before
    with pretend(item.starts_at - timedelta(days=14), timedelta(seconds=1)):
        cafe = await create_session(
            session,
            organiser,
            SessionFields(
                title=item.title,
                description=(
                    "Cafésamtal i två omgångar: först om vad principerna i överenskommelsen "
                    "betyder, sedan om vad föreningslivet och staden kan göra för dem."
                ),
                place="Helsingborg",
                starts_at=item.starts_at,
                ends_at=item.ends_at,
                is_public=True,
                anonymous_notes=True,
                association_ids=[association_ids[name] for name in item.associations],
            ),
        )
        tables = {code: await add_table(session, organiser, cafe.id, name) for code, name in TABLES}
        named = await add_facilitator(
            session,
            organiser,
            tables["AUTONOMY"].id,
            facilitator_email,
            address="demo",
            limits=DEMO_LIMITS,
        )
        assert not isinstance(named, Problem), named
        rounds = [
            await add_round(
                session,
                organiser,
                cafe.id,
                question=question,
                principle=None,
                timebox_seconds=ROUND_MINUTES * 60,
            )
            for question in (QUESTION_MEANING, QUESTION_ACTIVITIES)
        ]
    # the evening itself: every reading of the clock moves it on a little
    notes: list[CafeNote] = []
    with pretend(item.starts_at + timedelta(minutes=15), timedelta(seconds=12)):
        for round_index, by_principle in enumerate(item.notes):
            await start_round(session, organiser, rounds[round_index].id)
            for code, texts in by_principle.items():
                host = facilitator if code == "AUTONOMY" else organiser
                for index, text in enumerate(texts):
                    notes.append(
                        await add_note(
                            session,
                            host,
                            session_id=cafe.id,
                            table_id=tables[code].id,
                            round_id=rounds[round_index].id,
                            text=text,
                            client_id=f"demo-2016-{number}-{round_index}-{code}-{index}",
                            principle=PrincipleCode(code),
                        )
                    )
        for name, patterns in item.clusters.items():
            note_ids = [note_id for pattern in patterns for note_id in _matching(notes, pattern)]
            await create_cluster(session, facilitator, cafe.id, name, note_ids)
        await close_session(session, organiser, cafe.id)
