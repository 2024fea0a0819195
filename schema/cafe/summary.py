"""`cafeSummary`: the answers, ranked."""

from __future__ import annotations

import strawberry

from app.services.cafe.summary import (
    Answer,
    AnswerOrder,
    PrincipleSummary,
    RoundSummary,
    Summary,
    ranked,
)
from schema.agreement.types import PrincipleNode
from schema.cafe.enums import CafeAnswerOrder
from schema.cafe.session import CafeSessionNode
from schema.cafe.types import CafeClusterNode, CafeNoteNode, CafeRoundNode
from schema.context import Info
from schema.plans.types import ActivityNode, activities_answering


@strawberry.type(description="One answer: a cluster, or notes with the same words.")
class CafeAnswer:
    rank: int
    label: str = strawberry.field(description="The cluster's name, or the text of the first note.")
    note_count: int = strawberry.field(description="How often it was given.")
    vote_count: int
    table_count: int = strawberry.field(description="At how many tables it came up.")
    cluster: CafeClusterNode | None
    notes: list[CafeNoteNode]
    cluster_id: strawberry.Private[int | None] = None
    note_ids: strawberry.Private[tuple[int, ...]] = ()

    @strawberry.field(
        description="The action plans' activities this answer led to (linked to its cluster or "
        "to one of its notes)."
    )
    async def activities(self, info: Info) -> list[ActivityNode]:
        return await activities_answering(info, self.cluster_id, self.note_ids)


def answers(items: tuple[Answer, ...], order: AnswerOrder) -> list[CafeAnswer]:
    return [
        CafeAnswer(
            rank=rank,
            label=answer.label,
            note_count=answer.frequency,
            vote_count=answer.votes,
            table_count=answer.tables,
            cluster=CafeClusterNode.from_row(answer.cluster) if answer.cluster else None,
            notes=[CafeNoteNode.from_row(note) for note in answer.notes],
            cluster_id=answer.cluster.id if answer.cluster else None,
            note_ids=tuple(note.id for note in answer.notes),
        )
        for rank, answer in enumerate(ranked(items, order), start=1)
    ]


@strawberry.type
class CafeRoundSummary:
    round: CafeRoundNode
    data: strawberry.Private[RoundSummary]

    @strawberry.field(description="Most frequent first, or most votes first.")
    def answers(self, order_by: CafeAnswerOrder = AnswerOrder.FREQUENCY) -> list[CafeAnswer]:
        return answers(self.data.answers, AnswerOrder(order_by))


@strawberry.type
class CafePrincipleSummary:
    principle: PrincipleNode
    data: strawberry.Private[PrincipleSummary]

    @strawberry.field(description="Across the rounds, most frequent first, or most votes first.")
    def answers(self, order_by: CafeAnswerOrder = AnswerOrder.FREQUENCY) -> list[CafeAnswer]:
        return answers(self.data.answers, AnswerOrder(order_by))


@strawberry.type(description="What came out of a café, per question and per principle.")
class CafeSummary:
    session: CafeSessionNode
    note_count: int
    final: bool = strawberry.field(
        description="The session is closed: no new notes or votes. Its facilitators may "
        "still tidy up (edit, delete and cluster notes), which can change the ranking."
    )
    rounds: list[CafeRoundSummary]
    principles: list[CafePrincipleSummary]
    data: strawberry.Private[Summary]

    @classmethod
    def of(cls, summary: Summary) -> CafeSummary:
        return cls(
            session=CafeSessionNode.from_row(summary.cafe),
            note_count=summary.notes,
            final=summary.final,
            rounds=[
                CafeRoundSummary(round=CafeRoundNode.from_row(r.round), data=r)
                for r in summary.rounds
            ],
            principles=[
                CafePrincipleSummary(principle=PrincipleNode.from_row(p.principle), data=p)
                for p in summary.principles
            ],
            data=summary,
        )

    @strawberry.field(description="All answers of the session, across rounds and tables.")
    def answers(self, order_by: CafeAnswerOrder = AnswerOrder.FREQUENCY) -> list[CafeAnswer]:
        return answers(self.data.overall, AnswerOrder(order_by))
