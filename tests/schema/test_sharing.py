"""Shared rendering cannot leak: a field that a live feed reaches and that could read the
viewer must say what it depends on, or the schema is refused before the app starts."""

from __future__ import annotations

from collections.abc import AsyncGenerator

import pytest
import strawberry

from app.services.settings import Settings
from schema import DOMAINS, SchemaParts, build_schema
from schema.context import Info
from schema.live import live_subscription
from schema.sharing import UndeclaredViewerDependence, scope_field, undeclared_fields


@strawberry.type
class Leaky:
    seq: int

    @strawberry.field  # reads the viewer, and says nothing about it
    def whose(self, info: Info) -> int | None:
        return info.context.viewer.user_id

    @scope_field(description="Declared: the same for everyone of a scope.")
    def logged_in(self, info: Info) -> bool:
        return info.context.viewer.is_authenticated

    @strawberry.field  # takes no info: it depends on the object alone
    def doubled(self) -> int:
        return 2 * self.seq


@strawberry.type
class LeakyParent:
    @strawberry.field
    def child(self) -> Leaky:
        return Leaky(seq=1)


@strawberry.type
class LeakySubscriptions:
    @live_subscription(cursor=None, description="A feed whose event type forgot a declaration.")
    async def leaky(self, info: Info) -> AsyncGenerator[LeakyParent, None]:
        yield LeakyParent()


@strawberry.type
class NotLive:
    @strawberry.subscription  # not a live feed: nothing is shared, nothing checked
    async def not_live(self, info: Info) -> AsyncGenerator[Leaky, None]:
        yield Leaky(seq=1)


def test_a_field_reading_the_viewer_without_a_declaration_is_refused_at_start() -> None:
    with pytest.raises(UndeclaredViewerDependence, match=r"Leaky\.whose$"):
        build_schema(Settings(), DOMAINS + SchemaParts(subscriptions=(LeakySubscriptions,)))


def test_only_live_feeds_are_checked() -> None:
    schema = build_schema(Settings(), DOMAINS + SchemaParts(subscriptions=(NotLive,)))
    assert undeclared_fields(schema._schema) == []


def test_every_field_the_domains_feeds_reach_is_declared() -> None:
    assert undeclared_fields(build_schema(Settings())._schema) == []
