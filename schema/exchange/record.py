"""What an association gave and received through the exchange: the counts of completed
exchanges and the notes of thanks it got, for its page (for a list of associations at once,
in two statements)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import strawberry
from sqlalchemy import case, func, literal, select, union_all
from strawberry import relay
from strawberry.dataloader import DataLoader

from app.services.exchange.vocabulary import ExchangeStatus
from db.models import Exchange, ExchangeThanks
from schema.context import Context

THANKS_SHOWN = 50


@strawberry.type(description="A note of thanks for a completed exchange.")
class Thanks:
    text: str
    from_giver: bool
    exchange_id: strawberry.ID


@strawberry.type(description="What an association gave and received through the exchange.")
class ExchangeRecord:
    given: int = strawberry.field(description="Completed exchanges where it gave.")
    received: int = strawberry.field(description="Completed exchanges where it received.")
    thanks: list[Thanks] = strawberry.field(
        description=f"Notes of thanks it got, newest first (the latest {THANKS_SHOWN})."
    )


def exchange_records(context: Context) -> DataLoader[int, ExchangeRecord]:
    done = Exchange.status == str(ExchangeStatus.COMPLETED)

    async def load(keys: Sequence[int]) -> list[ExchangeRecord]:
        ids = list(keys)
        sides = union_all(
            select(Exchange.giver_association_id.label("a"), literal(True).label("gave")).where(
                done, Exchange.giver_association_id.in_(ids)
            ),
            select(Exchange.receiver_association_id, literal(False)).where(
                done, Exchange.receiver_association_id.in_(ids)
            ),
        ).subquery()
        counts = select(sides.c.a, sides.c.gave, func.count()).group_by(sides.c.a, sides.c.gave)
        # a note from the giver thanks the receiver, and the reverse
        thanked = case(
            (ExchangeThanks.from_giver, Exchange.receiver_association_id),
            else_=Exchange.giver_association_id,
        )
        ranked = (
            select(
                thanked.label("a"),
                ExchangeThanks.text,
                ExchangeThanks.from_giver,
                Exchange.id.label("exchange_id"),
                func.row_number()
                .over(
                    partition_by=thanked,
                    order_by=(ExchangeThanks.created_at.desc(), Exchange.id.desc()),
                )
                .label("n"),
            )
            .join(Exchange, Exchange.id == ExchangeThanks.exchange_id)
            .where(thanked.in_(ids))
            .subquery()
        )
        newest = (
            select(ranked.c.a, ranked.c.text, ranked.c.from_giver, ranked.c.exchange_id)
            .where(ranked.c.n <= THANKS_SHOWN)
            .order_by(ranked.c.a, ranked.c.n)
        )
        async with context.db.read() as session:
            tally = {(a, bool(gave)): int(n) for a, gave, n in (await session.execute(counts))}
            notes: dict[int, list[Thanks]] = defaultdict(list)
            for a, text, from_giver, exchange_id in await session.execute(newest):
                notes[a].append(
                    Thanks(
                        text=text,
                        from_giver=bool(from_giver),
                        exchange_id=strawberry.ID(relay.to_base64("Exchange", exchange_id)),
                    )
                )
        return [
            ExchangeRecord(
                given=tally.get((key, True), 0),
                received=tally.get((key, False), 0),
                thanks=notes.get(key, []),
            )
            for key in keys
        ]

    return DataLoader(load_fn=load)
