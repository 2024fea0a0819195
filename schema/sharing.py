"""What shared rendering of live events may share, declared on the fields and checked at start.

A live event is rendered once per distinct subscription and scope (what the feed's follower
says rendering may depend on: for a café, logged in or not, coordinator or not, role in the
session), and the same bytes go to every subscriber in it. So every field a feed's events can
reach must say what its value depends on:

- a field without a resolver, or whose resolver takes no `info`, depends on its object only;
- `scope_field`: it reads the viewer only as far as the scope goes (the café's role, say);
- `viewer_field`: it depends on who exactly asks (their own id, votes, memberships); a
  subscription that selects one is rendered per viewer instead.

A resolver that takes `info` could read the viewer, so on a type a feed reaches it must be one
of the two: `check_shared_rendering` refuses to build a schema where one is not, so a new
field cannot be forgotten into a rendering shared by viewers with different rights.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

import strawberry
from graphql import (
    DocumentNode,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLType,
    TypeInfo,
    TypeInfoVisitor,
    Visitor,
    visit,
)
from strawberry import relay

VIEWER_SPECIFIC = "samverka.viewer_specific"
SCOPED = "samverka.scoped"
LIVE_FEED = "samverka.live_feed"  # on a subscription field: the argument holding its cursor


F = TypeVar("F", bound=Callable[..., Any])


def viewer_field(*, description: str | None = None) -> Callable[[F], F]:
    """`strawberry.field`, declared as depending on the viewer's identity."""
    field = strawberry.field(metadata={VIEWER_SPECIFIC: True}, description=description)
    return cast("Callable[[F], F]", field)


def scope_field(*, description: str | None = None) -> Callable[[F], F]:
    """`strawberry.field`, declared as reading the viewer only as far as the scope goes."""
    field = strawberry.field(metadata={SCOPED: True}, description=description)
    return cast("Callable[[F], F]", field)


class UndeclaredViewerDependence(Exception):
    """A field a live feed reaches takes `info` but says neither `scope_field` nor
    `viewer_field`: it could render one viewer's data for another."""


def _metadata(field: GraphQLField) -> dict[str, Any]:
    definition = field.extensions.get("strawberry-definition")
    return dict(getattr(definition, "metadata", None) or {})


def _takes_info(field: GraphQLField) -> bool:
    definition = field.extensions.get("strawberry-definition")
    if getattr(definition, "origin", None) is relay.Node:
        return False  # the global id: its type and the object's id
    resolver = getattr(definition, "base_resolver", None)
    return resolver is not None and resolver.info_parameter is not None


def _named(type_: GraphQLType) -> GraphQLType:
    while isinstance(type_, GraphQLNonNull | GraphQLList):
        type_ = type_.of_type
    return type_


def _possible(schema: GraphQLSchema, type_: GraphQLNamedType) -> list[GraphQLObjectType]:
    if isinstance(type_, GraphQLObjectType):
        return [type_]
    if isinstance(type_, GraphQLInterfaceType):
        return list(schema.get_possible_types(type_))
    return []


def undeclared_fields(schema: GraphQLSchema) -> list[str]:
    """Fields that live feeds reach, that take `info`, and that declare nothing."""
    root = schema.subscription_type
    if root is None:
        return []
    seen: set[str] = set()
    found: list[str] = []
    pending: list[GraphQLObjectType] = []
    for field in root.fields.values():
        if LIVE_FEED in _metadata(field):
            named = _named(field.type)
            assert isinstance(named, GraphQLNamedType)
            pending.extend(_possible(schema, named))
    while pending:
        type_ = pending.pop()
        if type_.name in seen:
            continue
        seen.add(type_.name)
        for name, field in type_.fields.items():
            metadata = _metadata(field)
            declared = VIEWER_SPECIFIC in metadata or SCOPED in metadata
            if _takes_info(field) and not declared:
                found.append(f"{type_.name}.{name}")
            named = _named(field.type)
            if isinstance(named, GraphQLNamedType):
                pending.extend(_possible(schema, named))
    return sorted(found)


def check_shared_rendering(schema: GraphQLSchema) -> None:
    """Refuse a schema with a field that could leak between viewers in a shared rendering."""
    undeclared = undeclared_fields(schema)
    if undeclared:
        raise UndeclaredViewerDependence(
            "These fields are reached by live feeds and take info, but are declared neither "
            "scope_field nor viewer_field (schema/sharing.py): " + ", ".join(undeclared)
        )


class _ViewerSpecificFinder(Visitor):
    def __init__(self, type_info: TypeInfo) -> None:
        super().__init__()
        self.type_info = type_info
        self.found = False

    def enter_field(self, *_args: Any) -> None:
        definition = self.type_info.get_field_def()
        if definition is not None and VIEWER_SPECIFIC in _metadata(definition):
            self.found = True


def selects_viewer_specific(schema: GraphQLSchema, document: DocumentNode) -> bool:
    """Whether the document asks for a field whose value depends on who exactly is asking."""
    type_info = TypeInfo(schema)
    finder = _ViewerSpecificFinder(type_info)
    visit(document, TypeInfoVisitor(type_info, finder))
    return finder.found


def live_cursor(field: GraphQLField) -> tuple[bool, str | None]:
    """Whether a subscription field is a live feed, and the argument holding its cursor."""
    metadata = _metadata(field)
    if LIVE_FEED not in metadata:
        return False, None
    cursor: str | None = metadata[LIVE_FEED]
    return True, cursor
