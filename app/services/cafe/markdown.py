"""A café as Markdown, to read and share: per round, each table's notes in the order they were
written, then the most frequent answers and those with the most votes, with the notes behind
each. What people typed is escaped: it shows as text, never as headings, links or images."""

from __future__ import annotations

import re
from collections import defaultdict

from sqlalchemy.ext.asyncio import AsyncSession

from app.services.cafe.access import Access
from app.services.cafe.export import authors_shown, export_context
from app.services.cafe.summary import Answer, AnswerOrder, Summary, ranked, summarise
from app.services.clock import CITY_ZONE
from db.models import CafeNote

TOP = 10  # answers listed per ranking; the rest are counted

# characters that start emphasis, code, links (and so images), HTML and entities, tables or
# strikethrough
_INLINE = re.compile(r"([\\`*_\[\]<>|~&])")
# and what makes a line a heading, a list item or a heading's underline when it starts one
_BULLET = re.compile(r"^(\s*)([-+=#])")
_NUMBERED = re.compile(r"^(\s*\d+)([.)])")


def escape(text: str) -> str:
    """One line of typed text as Markdown that shows exactly that text."""
    text = _INLINE.sub(r"\\\1", text)
    return _NUMBERED.sub(r"\1\\\2", _BULLET.sub(r"\1\\\2", text))


def item(text: str, marker: str = "-", indent: str = "") -> list[str]:
    """A list item; a text of several lines stays inside it, each line escaped."""
    first, *rest = text.split("\n")
    pad = indent + " " * (len(marker) + 1)
    return [f"{indent}{marker} {escape(first)}"] + [
        f"{pad}{escape(line)}" if line.strip() else "" for line in rest
    ]


def _answers(answers: tuple[Answer, ...], order: AnswerOrder) -> list[str]:
    lines: list[str] = []
    listed = ranked(answers, order)
    for rank, answer in enumerate(listed[:TOP], start=1):
        counts = f"{answer.frequency} anteckning" + ("ar" if answer.frequency != 1 else "")
        counts += f", {answer.votes} röst" + ("er" if answer.votes != 1 else "")
        label, *more = item(answer.label, f"{rank}.")
        lines += [f"{label} — {counts}", *more]
        if answer.cluster is not None:  # the notes behind a named group
            for note in answer.notes:
                lines += item(note.text, "-", " " * (len(str(rank)) + 2))
    if len(listed) > TOP:
        lines.append(f"… och {len(listed) - TOP} svar till")
    return lines


def _rankings(answers: tuple[Answer, ...]) -> list[str]:
    out = ["**Vanligaste svaren**", "", *_answers(answers, AnswerOrder.FREQUENCY), ""]
    if any(answer.votes for answer in answers):
        out += ["**Flest röster**", "", *_answers(answers, AnswerOrder.VOTES), ""]
    return out


async def as_markdown(session: AsyncSession, access: Access) -> str:
    summary: Summary = await summarise(session, access.cafe)
    tables, people, principles, associations = await export_context(session, access)
    cafe = access.cafe
    when = cafe.starts_at.astimezone(CITY_ZONE).strftime("%Y-%m-%d %H:%M")
    place = f", {escape(cafe.place)}" if cafe.place else ""
    out = [f"# {escape(cafe.title)}", "", f"{when}{place}", ""]
    if cafe.description:
        out += [escape(line) for line in cafe.description.split("\n")] + [""]
    if associations:
        out += ["## Deltagande föreningar", ""]
        for name in associations:
            out += item(name)
        out.append("")
    show_authors = authors_shown(access)
    for round_summary in summary.rounds:
        round_ = round_summary.round
        heading = f"## Omgång {round_.position}: {escape(round_.question)}"
        if round_.principle:
            heading += f" ({principles[round_.principle]})"
        out += [heading, ""]
        by_table: dict[int, list[CafeNote]] = defaultdict(list)
        for answer in round_summary.answers:
            for note in answer.notes:
                by_table[note.table_id].append(note)
        for table_id in sorted(by_table):  # tables in the order they were set up
            out += [f"### {escape(tables.get(table_id, ''))}", ""]
            for note in sorted(by_table[table_id], key=lambda n: (n.created_at, n.id)):
                author = f" ({people.get(note.author_id, '')})" if show_authors else ""
                first, *more = item(f"{note.text}{author}")
                if note.principle:  # the principle in italics before the text
                    first = f"- *{escape(principles[note.principle])}:* {first[2:]}"
                out += [first, *more]
            out.append("")
        if round_summary.answers:
            out += _rankings(round_summary.answers)
    if summary.principles:
        out += ["## Per princip", ""]
        for principle_summary in summary.principles:
            out += [f"### {principle_summary.principle.name}", ""]
            out += _rankings(principle_summary.answers)
    return "\n".join(out).rstrip() + "\n"
