"""What came out of a café: per round (question) and per principle, the answers ranked by how
often they were given and by votes.

An answer is a cluster (its notes count, across tables and rounds) or, for notes nobody
clustered, the notes that say exactly the same words. Deleted notes do not count.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.services.cafe.vocabulary import SessionStatus
from app.services.swedish import collation_key, words
from db.models import CafeCluster, CafeNote, CafeRound, CafeSession, CafeVote, Principle


class AnswerOrder(StrEnum):
    FREQUENCY = "FREQUENCY"
    VOTES = "VOTES"


@dataclass(frozen=True)
class Answer:
    label: str
    cluster: CafeCluster | None
    notes: tuple[CafeNote, ...]
    votes: int
    tables: int

    @property
    def frequency(self) -> int:
        return len(self.notes)


@dataclass(frozen=True)
class RoundSummary:
    round: CafeRound
    answers: tuple[Answer, ...]


@dataclass(frozen=True)
class PrincipleSummary:
    principle: Principle
    answers: tuple[Answer, ...]


@dataclass(frozen=True)
class Summary:
    cafe: CafeSession
    notes: int
    rounds: tuple[RoundSummary, ...]
    principles: tuple[PrincipleSummary, ...]
    overall: tuple[Answer, ...]
    note_votes: dict[int, int]
    final: bool  # the session is closed: nothing will change


def ranked(answers: Iterable[Answer], order: AnswerOrder = AnswerOrder.FREQUENCY) -> list[Answer]:
    def by_frequency(a: Answer) -> tuple[int, int, str]:
        return (-a.frequency, -a.votes, collation_key(a.label))

    def by_votes(a: Answer) -> tuple[int, int, str]:
        return (-a.votes, -a.frequency, collation_key(a.label))

    key: Callable[[Answer], tuple[int, int, str]] = (
        by_votes if order is AnswerOrder.VOTES else by_frequency
    )
    return sorted(answers, key=key)


def group_answers(
    notes: Sequence[CafeNote], votes: dict[int, int], clusters: dict[int, CafeCluster]
) -> tuple[Answer, ...]:
    groups: dict[tuple[str, object], list[CafeNote]] = defaultdict(list)
    for note in sorted(notes, key=lambda n: (n.created_at, n.id)):
        if note.cluster_id is not None and note.cluster_id in clusters:
            groups[("cluster", note.cluster_id)].append(note)
        else:
            groups[("text", " ".join(words(note.text)) or note.text)].append(note)
    answers = []
    for (kind, key), members in groups.items():
        cluster = clusters[key] if kind == "cluster" and isinstance(key, int) else None
        answers.append(
            Answer(
                label=cluster.name if cluster is not None else members[0].text,
                cluster=cluster,
                notes=tuple(members),
                votes=sum(votes.get(n.id, 0) for n in members),
                tables=len({n.table_id for n in members}),
            )
        )
    return tuple(ranked(answers))


async def summarise(session: AsyncSession, cafe: CafeSession) -> Summary:
    notes = (
        await session.scalars(
            select(CafeNote).where(CafeNote.session_id == cafe.id, CafeNote.deleted_at.is_(None))
        )
    ).all()
    votes = {
        note_id: int(total)
        for note_id, total in await session.execute(
            select(CafeVote.note_id, func.sum(CafeVote.dots))
            .join(CafeNote, CafeNote.id == CafeVote.note_id)
            .where(CafeNote.session_id == cafe.id)
            .group_by(CafeVote.note_id)
        )
    }
    clusters = {
        c.id: c
        for c in (
            await session.scalars(select(CafeCluster).where(CafeCluster.session_id == cafe.id))
        ).all()
    }
    rounds = (
        await session.scalars(
            select(CafeRound).where(CafeRound.session_id == cafe.id).order_by(CafeRound.position)
        )
    ).all()
    principles = (await session.scalars(select(Principle).order_by(Principle.position))).all()
    by_round: dict[int, list[CafeNote]] = defaultdict(list)
    by_principle: dict[str, list[CafeNote]] = defaultdict(list)
    for note in notes:
        by_round[note.round_id].append(note)
        if note.principle is not None:
            by_principle[note.principle].append(note)
    return Summary(
        cafe=cafe,
        notes=len(notes),
        rounds=tuple(
            RoundSummary(r, group_answers(by_round[r.id], votes, clusters)) for r in rounds
        ),
        principles=tuple(
            PrincipleSummary(p, group_answers(by_principle[p.code], votes, clusters))
            for p in principles
            if by_principle[p.code]
        ),
        overall=group_answers(notes, votes, clusters),
        note_votes=votes,
        final=cafe.status == SessionStatus.CLOSED,
    )
