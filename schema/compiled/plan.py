"""A query document planned against the catalogue: for each root field, what to select and
how to shape the answer. Made once per document and operation; None when the document asks
for anything the catalogue does not declare (the ordinary path answers it then)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    GraphQLUnionType,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    get_named_type,
)
from sqlalchemy import Select

from app.services.pagination import Statements
from schema.compiled.driver import DriverStatement
from schema.compiled.spec import (
    Catalogue,
    Embedded,
    Joined,
    Listed,
    ListRoot,
    Nested,
    NodeSpec,
    RootSpec,
    Scalar,
)

TYPENAME = "__typename"
PAGE_INFO = frozenset({"hasNextPage", "hasPreviousPage", "startCursor", "endCursor"})
CHILD_ARGUMENTS = frozenset({"first", "after"})


def named_object(kind: GraphQLOutputType) -> GraphQLObjectType:
    named = get_named_type(kind)
    if not isinstance(named, GraphQLObjectType):
        raise Unplannable
    return named


# statements a plan keeps, compiled for the database driver
Drivers = dict[Select[Any], DriverStatement]


class Unplannable(Exception):
    """The document asks for something the catalogue does not declare."""


@dataclass
class Leaf:
    scalar: Scalar
    at: tuple[int, ...]  # where its columns are in a row of the plan's columns


@dataclass
class ObjectPlan:
    spec: NodeSpec
    # response key -> "__typename", a Leaf, an EmbeddedPlan or a ConnectionPlan
    fields: list[tuple[str, object]] = field(default_factory=list)
    # what its rows select: the key first (at 0), then every leaf's columns once
    columns: list[Any] = field(default_factory=list)

    def place(self, columns: tuple[Any, ...]) -> tuple[int, ...]:
        """Select these columns (each once); where they are in a row."""
        if not self.columns:
            self.columns.append(self.spec.key)
        at = []
        for column in columns:
            found = next((i for i, c in enumerate(self.columns) if c is column), None)
            if found is None:
                found = len(self.columns)
                self.columns.append(column)
            at.append(found)
        return tuple(at)

    def connections(self) -> Iterator[ConnectionPlan]:
        for _, part in self.fields:
            if isinstance(part, ConnectionPlan):
                yield part


@dataclass
class EmbeddedPlan:
    spec: Embedded
    keys: list[tuple[str, str]]  # response key -> the leaf's name (or __typename)
    at: tuple[int, ...] = ()


@dataclass
class ConnectionPlan:
    definition: GraphQLField
    node: FieldNode  # for its arguments, coerced when the plan runs
    nested: Nested | None  # None for a root connection
    rows: ObjectPlan | None  # the nodes' (from `nodes` and `edges { node }`)
    # response key -> "nodes" | "totalCount" | "__typename" | ("edges", [...]) |
    # ("pageInfo", [(key, name)])
    parts: list[tuple[str, object]] = field(default_factory=list)
    wants_total: bool = False
    # how the rows are given: a connection, a plain list (`Listed`) or the first (`Joined`)
    given_as: Literal["connection", "list", "one"] = "connection"
    statements: Statements = field(default_factory=dict)  # its page statements, made once
    drivers: Drivers = field(default_factory=dict)  # and compiled for the driver


@dataclass
class RootPlan:
    key: str
    spec: RootSpec
    definition: GraphQLField
    node: FieldNode
    shape: ConnectionPlan | ObjectPlan
    statement: Select[Any] | None = None  # a OneRoot's, with the plan's columns
    drivers: Drivers = field(default_factory=dict)


@dataclass
class Plan:
    roots: list[tuple[str, RootPlan | str]]  # response key -> root, or "__typename"


class Planner:
    def __init__(self, schema: GraphQLSchema, catalogue: Catalogue) -> None:
        self.schema = schema
        self.catalogue = catalogue
        self.fragments: Mapping[str, FragmentDefinitionNode] = {}

    def plan(self, document: DocumentNode, operation: OperationDefinitionNode) -> Plan:
        if operation.operation is not OperationType.QUERY or operation.directives:
            raise Unplannable
        self.fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        root_type = self.schema.query_type
        assert root_type is not None
        roots: list[tuple[str, RootPlan | str]] = []
        for key, nodes in self._collect(root_type, [operation.selection_set]).items():
            name = nodes[0].name.value
            if name == TYPENAME:
                roots.append((key, root_type.name))
                continue
            spec = self.catalogue.roots.get(name)
            if spec is None:
                raise Unplannable
            definition = root_type.fields[name]
            roots.append((key, self._root(key, spec, definition, nodes)))
        return Plan(roots)

    # -- fields ----------------------------------------------------------------------------------
    def _collect(
        self, parent: GraphQLObjectType, selection_sets: list[SelectionSetNode]
    ) -> dict[str, list[FieldNode]]:
        """Fields by response key, in order, through fragments whose condition the type meets
        (as graphql-core collects them); any directive is left to the ordinary path."""
        collected: dict[str, list[FieldNode]] = {}
        visited: set[str] = set()  # each fragment once per collection, as graphql-core does
        for selection_set in selection_sets:
            self._walk(parent, selection_set, collected, visited)
        return collected

    def _walk(
        self,
        parent: GraphQLObjectType,
        selection_set: SelectionSetNode,
        collected: dict[str, list[FieldNode]],
        visited: set[str],
    ) -> None:
        for selection in selection_set.selections:
            if selection.directives:
                raise Unplannable
            if isinstance(selection, FieldNode):
                key = selection.alias.value if selection.alias else selection.name.value
                collected.setdefault(key, []).append(selection)
            elif isinstance(selection, InlineFragmentNode):
                if self._applies(parent, selection.type_condition):
                    self._walk(parent, selection.selection_set, collected, visited)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self.fragments.get(name)
                if fragment is None or name in visited:
                    continue
                visited.add(name)
                if self._applies(parent, fragment.type_condition):
                    self._walk(parent, fragment.selection_set, collected, visited)

    def _applies(self, parent: GraphQLObjectType, condition: Any) -> bool:
        if condition is None:
            return True
        kind = self.schema.get_type(condition.name.value)
        if kind is parent:
            return True
        if isinstance(kind, GraphQLInterfaceType | GraphQLUnionType):
            return self.schema.is_sub_type(kind, parent)
        return False

    def _sub(self, nodes: list[FieldNode]) -> list[SelectionSetNode]:
        return [n.selection_set for n in nodes if n.selection_set is not None]

    def _object_type(self, name: str) -> GraphQLObjectType:
        kind = self.schema.get_type(name)
        if not isinstance(kind, GraphQLObjectType):
            raise Unplannable
        return kind

    # -- roots and objects ---------------------------------------------------------------------
    def _root(
        self, key: str, spec: RootSpec, definition: GraphQLField, nodes: list[FieldNode]
    ) -> RootPlan:
        if isinstance(spec, ListRoot):
            given = {a.name.value for n in nodes for a in n.arguments or ()}
            if not given <= spec.arguments:
                raise Unplannable
            shape: ConnectionPlan | ObjectPlan = self._connection(
                definition, nodes, None, spec.node
            )
            return RootPlan(key, spec, definition, nodes[0], shape)
        found = self._object(spec.node, self._sub(nodes))
        statement = spec.rows.with_only_columns(*found.columns)
        return RootPlan(key, spec, definition, nodes[0], found, statement)

    def _object(self, type_name: str, selection_sets: list[SelectionSetNode]) -> ObjectPlan:
        spec = self.catalogue.nodes.get(type_name)
        if spec is None:
            raise Unplannable
        kind = self._object_type(type_name)
        plan = ObjectPlan(spec)
        plan.place(())
        for key, nodes in self._collect(kind, selection_sets).items():
            name = nodes[0].name.value
            if name == TYPENAME:
                plan.fields.append((key, TYPENAME))
                continue
            declared = spec.fields.get(name)
            if declared is None:
                raise Unplannable
            if isinstance(declared, Nested):
                plan.fields.append(
                    (key, self._connection(kind.fields[name], nodes, declared, declared.node))
                )
                continue
            if isinstance(declared, Listed | Joined):
                if any(n.arguments for n in nodes):
                    raise Unplannable
                listed = ConnectionPlan(
                    kind.fields[name],
                    nodes[0],
                    Nested(declared.relation, declared.node),
                    self._object(declared.node, self._sub(nodes)),
                    given_as="list" if isinstance(declared, Listed) else "one",
                )
                plan.fields.append((key, listed))
                continue
            if any(n.arguments for n in nodes):
                raise Unplannable
            if isinstance(declared, Embedded):
                embedded = self._embedded(declared, self._sub(nodes))
                embedded.at = plan.place(declared.columns)
                plan.fields.append((key, embedded))
            else:
                plan.fields.append((key, Leaf(declared, plan.place(declared.columns))))
        return plan

    def _embedded(self, spec: Embedded, selection_sets: list[SelectionSetNode]) -> EmbeddedPlan:
        kind = self._object_type(spec.type_name)
        keys = []
        for key, nodes in self._collect(kind, selection_sets).items():
            name = nodes[0].name.value
            if name != TYPENAME and (name not in kind.fields or nodes[0].selection_set):
                raise Unplannable
            keys.append((key, name))
        return EmbeddedPlan(spec, keys)

    def _connection(
        self,
        definition: GraphQLField,
        nodes: list[FieldNode],
        nested: Nested | None,
        node_type: str,
    ) -> ConnectionPlan:
        if nested is not None:
            given = {a.name.value for n in nodes for a in n.arguments or ()}
            if not given <= CHILD_ARGUMENTS:
                raise Unplannable
        connection_type = named_object(definition.type)
        plan = ConnectionPlan(definition, nodes[0], nested, None)
        rows: list[SelectionSetNode] = []
        edges_rows: list[SelectionSetNode] = []
        for key, parts in self._collect(connection_type, self._sub(nodes)).items():
            name = parts[0].name.value
            if name == TYPENAME:
                plan.parts.append((key, TYPENAME))
            elif name == "nodes":
                rows.extend(self._sub(parts))
                plan.parts.append((key, "nodes"))
            elif name == "totalCount":
                plan.wants_total = True
                plan.parts.append((key, "totalCount"))
            elif name == "pageInfo":
                info_type = self._object_type("PageInfo")
                chosen = []
                for info_key, info_nodes in self._collect(info_type, self._sub(parts)).items():
                    info_name = info_nodes[0].name.value
                    if info_name not in PAGE_INFO and info_name != TYPENAME:
                        raise Unplannable
                    chosen.append((info_key, info_name))
                plan.parts.append((key, ("pageInfo", chosen)))
            elif name == "edges":
                edge_type = named_object(connection_type.fields["edges"].type)
                chosen = []
                for edge_key, edge_nodes in self._collect(edge_type, self._sub(parts)).items():
                    edge_name = edge_nodes[0].name.value
                    if edge_name == "node":
                        edges_rows.extend(self._sub(edge_nodes))
                    elif edge_name not in ("cursor", TYPENAME):
                        raise Unplannable
                    chosen.append((edge_key, edge_name))
                plan.parts.append((key, ("edges", chosen)))
            else:
                raise Unplannable
        if rows and edges_rows:
            raise Unplannable  # the same rows under two selections: the ordinary path
        chosen_rows = rows or edges_rows
        plan.rows = self._object(node_type, chosen_rows) if chosen_rows else None
        return plan
