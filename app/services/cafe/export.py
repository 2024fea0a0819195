"""A café as Markdown (to read and share) and as CSV (one row per note, for a spreadsheet)."""

from __future__ import annotations

import csv
import io
from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.clock import CITY_ZONE
from app.services.cafe.access import Access
from app.services.cafe.summary import Answer, Summary, summarise
from app.services.cafe.vocabulary import CafeRole
from db.models import Association, CafeParticipant, CafeSessionAssociation, CafeTable, Principle


def _authors_shown(access: Access) -> bool:
    return not access.cafe.anonymous_notes and access.role is not CafeRole.NONE


async def _context(
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
    return tables, people, principles, sorted(associations)


def _answer_lines(answers: tuple[Answer, ...]) -> list[str]:
    lines = []
    for rank, answer in enumerate(answers, start=1):
        extra = f" — {answer.frequency} anteckningar" if answer.frequency > 1 else ""
        extra += f", {answer.votes} röster" if answer.votes else ""
        lines.append(f"{rank}. {answer.label}{extra}")
    return lines


async def as_markdown(session: AsyncSession, access: Access) -> str:
    summary: Summary = await summarise(session, access.cafe)
    tables, people, principles, associations = await _context(session, access)
    cafe = access.cafe
    when = cafe.starts_at.astimezone(CITY_ZONE).strftime("%Y-%m-%d %H:%M")
    out = [f"# {cafe.title}", "", f"{when}" + (f", {cafe.place}" if cafe.place else ""), ""]
    if cafe.description:
        out += [cafe.description, ""]
    if associations:
        out += ["## Deltagande föreningar", "", *[f"- {name}" for name in associations], ""]
    show_authors = _authors_shown(access)
    for round_summary in summary.rounds:
        round_ = round_summary.round
        heading = f"## Omgång {round_.position}: {round_.question}"
        if round_.principle:
            heading += f" ({principles[round_.principle]})"
        out += [heading, ""]
        by_table: dict[int, list[str]] = defaultdict(list)
        for answer in round_summary.answers:
            for note in answer.notes:
                author = f" ({people.get(note.author_id, '')})" if show_authors else ""
                principle = f"[{principles[note.principle]}] " if note.principle else ""
                by_table[note.table_id].append(f"- {principle}{note.text}{author}")
        for table_id in sorted(by_table, key=lambda t: tables.get(t, "")):
            out += [f"### {tables.get(table_id, '')}", "", *sorted(by_table[table_id]), ""]
        if round_summary.answers:
            out += ["**Vanligaste svaren**", "", *_answer_lines(round_summary.answers[:10]), ""]
    if summary.principles:
        out += ["## Per princip", ""]
        for principle_summary in summary.principles:
            out += [
                f"### {principle_summary.principle.name}",
                "",
                *_answer_lines(principle_summary.answers[:10]),
                "",
            ]
    return "\n".join(out).rstrip() + "\n"


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
    tables, people, principles, _ = await _context(session, access)
    show_authors = _authors_shown(access)
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
