"""A café as CSV (one row per note, for a spreadsheet); markdown.py writes it to read and share."""

from __future__ import annotations

import csv
import io

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.services.cafe.access import Access
from app.services.cafe.summary import summarise
from app.services.clock import CITY_ZONE
from app.services.swedish import collation_key
from db.models import Association, CafeParticipant, CafeSessionAssociation, CafeTable, Principle


def authors_shown(access: Access) -> bool:
    return not access.cafe.anonymous_notes and access.in_the_room


async def export_context(
    session: AsyncSession, access: Access
) -> tuple[dict[int, str], dict[int, str], dict[str, str], list[str]]:
    cafe_id = access.cafe.id
    tables = {
        t.id: t.name
        for t in (
            await session.scalars(select(CafeTable).where(CafeTable.session_id == cafe_id))
        ).all()
    }
    people = {
        p.id: p.display_name
        for p in (
            await session.scalars(
                select(CafeParticipant).where(CafeParticipant.session_id == cafe_id)
            )
        ).all()
    }
    principles = {p.code: p.name for p in (await session.scalars(select(Principle))).all()}
    associations = (
        await session.scalars(
            select(Association.name)
            .join(CafeSessionAssociation, CafeSessionAssociation.association_id == Association.id)
            .where(CafeSessionAssociation.session_id == cafe_id)
        )
    ).all()
    return tables, people, principles, sorted(associations, key=collation_key)


CSV_COLUMNS = [
    "omgång", "fråga", "princip", "bord", "anteckning", "kluster", "röster", "författare", "skapad",
]  # fmt: skip


# a cell starting with one of these is a formula to a spreadsheet program (CSV injection)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(text: str) -> str:
    """Text as a spreadsheet shows it, never run: a leading apostrophe before a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


async def as_csv(session: AsyncSession, access: Access) -> str:
    """UTF-8 with a byte-order mark, so that spreadsheet programs read å, ä and ö right."""
    summary = await summarise(session, access.cafe)
    tables, people, principles, _ = await export_context(session, access)
    show_authors = authors_shown(access)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for round_summary in summary.rounds:
        round_ = round_summary.round
        notes = [(note, answer) for answer in round_summary.answers for note in answer.notes]
        for note, answer in sorted(notes, key=lambda pair: (pair[0].created_at, pair[0].id)):
            writer.writerow(
                [
                    round_.position,
                    _cell(round_.question),
                    principles.get(note.principle or "", ""),
                    _cell(tables.get(note.table_id, "")),
                    _cell(note.text),
                    _cell(answer.cluster.name) if answer.cluster else "",
                    summary.note_votes.get(note.id, 0),
                    _cell(people.get(note.author_id, "")) if show_authors else "",
                    note.created_at.astimezone(CITY_ZONE).isoformat(timespec="seconds"),
                ]
            )
    return "\ufeff" + buffer.getvalue()
