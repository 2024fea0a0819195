"""What a domain declares for compiled reads: for each node type, how each field's value
comes from columns (and the viewer), which of its fields are connections of children, and
which root fields start from which rows.

Declared values must equal what the type's resolvers give; tests/schema/test_compiled_reads.py
holds every declared field to that, document by document, on both paths.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from sqlalchemy import ColumnElement, Select
from sqlalchemy.orm import QueryableAttribute

from app.services.public_ids import public_id
from app.services.viewer import Viewer
from schema.loading import Relation
from schema.scalars import serialize

# a model's column, or a labelled expression over the row (an EXISTS)
Column = ColumnElement[Any] | QueryableAttribute[Any]


@dataclass(frozen=True)
class Scalar:
    """A leaf: its value from the values of `columns` (after the viewer, if `viewer`)."""

    columns: tuple[Column, ...]
    value: Callable[..., object]
    viewer: bool = False


@dataclass(frozen=True)
class Embedded:
    """An object without an identity of its own (a contact person): a mapping of its leaves
    made from `columns` (and the viewer), or None."""

    columns: tuple[Column, ...]
    value: Callable[..., Mapping[str, object] | None]
    type_name: str
    viewer: bool = False


@dataclass(frozen=True)
class Nested:
    """A connection of children, as the type's own resolver pages it."""

    relation: Relation
    node: str  # the children's type


@dataclass(frozen=True)
class Listed:
    """A plain list of children (few enough to be given whole: no arguments, no paging), in
    the relation's order."""

    relation: Relation
    node: str  # the children's type


@dataclass(frozen=True)
class Joined:
    """The one object a row points to (a listing's association), or None: the relation's
    first child."""

    relation: Relation
    node: str


FieldSpec = Scalar | Embedded | Nested | Listed | Joined


class Declined(Exception):
    """A root's rows for arguments the compiled path leaves to the ordinary one."""


@dataclass(frozen=True)
class NodeSpec:
    name: str  # the GraphQL type
    key: Column  # what children's relations key by (the id)
    fields: Mapping[str, FieldSpec]


def _unshaped(_arguments: Mapping[str, Any], _viewer: Viewer) -> Hashable | None:
    return None


@dataclass(frozen=True)
class ListRoot:
    """A root connection: a select of the rows the viewer may see, from the field's
    arguments (GraphQL names, coerced), paged in `order`.

    `shape` says when two requests' selects are the same but for parameters (for instance: no
    filter, and an anonymous viewer), so that the page's statement is made once for them;
    None (the default) makes it anew."""

    node: str
    rows: Callable[[Mapping[str, Any], Viewer], Select[Any]]
    order: Sequence[Any]
    descending: bool = False
    arguments: frozenset[str] = frozenset({"first", "after", "last", "before"})
    shape: Callable[[Mapping[str, Any], Viewer], Hashable | None] = _unshaped


@dataclass(frozen=True)
class OneRoot:
    """A root field of one object: a select with bound parameters (made once), and the
    parameters for the field's arguments; None when no row can match them."""

    node: str
    rows: Select[Any]
    parameters: Callable[[Mapping[str, Any], Viewer], Mapping[str, Any] | None]


RootSpec = ListRoot | OneRoot


@dataclass(frozen=True)
class Catalogue:
    """Every domain's declarations, by GraphQL name."""

    nodes: Mapping[str, NodeSpec] = field(default_factory=dict)
    roots: Mapping[str, RootSpec] = field(default_factory=dict)

    def __add__(self, other: Catalogue) -> Catalogue:
        return Catalogue({**self.nodes, **other.nodes}, {**self.roots, **other.roots})


# -- leaves ---------------------------------------------------------------------------------------
def _same(value: object) -> object:
    return value


def column(col: Column) -> Scalar:
    """A column shown as stored: text, numbers, booleans."""
    return Scalar((col,), _same)


def enum(col: Column, kind: type[Enum]) -> Scalar:
    """A column holding an enum's value, shown as the GraphQL enum's name."""
    names = {member.value: member.name for member in kind}
    if all(value == name for value, name in names.items()):
        return column(col)
    return Scalar((col,), lambda value: None if value is None else names[value])


def time(col: Column) -> Scalar:
    """A timestamp, shown as `DateTime` shows it (ISO 8601 in the city's zone)."""
    return Scalar((col,), lambda value: None if value is None else serialize(value))


def global_id(type_name: str, col: Column) -> Scalar:
    """The Relay global id, as Strawberry's GlobalID writes it (null for a null reference)."""
    return Scalar((col,), lambda value: None if value is None else public_id(type_name, value))


def computed(*columns: Column, value: Callable[..., object]) -> Scalar:
    return Scalar(tuple(columns), value)


def for_viewer(*columns: Column, value: Callable[..., object]) -> Scalar:
    """A leaf that depends on the viewer: `value(viewer, *values)`."""
    return Scalar(tuple(columns), value, viewer=True)
