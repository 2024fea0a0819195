"""Which subscriptions can be shared, and what makes two of them the same."""

from __future__ import annotations

import json
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    GraphQLError,
    GraphQLSchema,
    OperationDefinitionNode,
    OperationType,
    TypeInfo,
    TypeInfoVisitor,
    VariableNode,
    Visitor,
    get_operation_ast,
    parse,
    visit,
)

from schema.permissions import VIEWER_SPECIFIC

# shareable root fields, with the argument that is each subscriber's own cursor
SHARED_FIELDS: dict[str, str | None] = {"cafeSessionEvents": "afterSeq", "cafePresence": None}


@dataclass(frozen=True)
class SharedRequest:
    field: str
    cursor_variable: str | None  # the variable holding the cursor argument, if one does


@dataclass(frozen=True)
class SharedPlan:
    """How a subscription document is served shared; the same for every subscriber sending it."""

    document: DocumentNode
    request: SharedRequest
    viewer_specific: bool  # rendered per viewer: it selects fields that depend on who asks


def shared_plan(
    schema: GraphQLSchema, query: str, operation_name: str | None, max_tokens: int
) -> SharedPlan | None:
    """The plan for a subscription that can be rendered shared, or None (the plain path then
    reports whatever is wrong with the document)."""
    try:
        document = parse(query, max_tokens=max_tokens)
    except GraphQLError:
        return None
    request = shared_request(document, operation_name)
    if request is None:
        return None
    return SharedPlan(document, request, selects_viewer_specific(schema, document))


def shared_request(document: DocumentNode, operation_name: str | None) -> SharedRequest | None:
    """The shareable subscription the document asks for, or None if it is not one."""
    operation = get_operation_ast(document, operation_name)
    if not isinstance(operation, OperationDefinitionNode):
        return None
    if operation.operation is not OperationType.SUBSCRIPTION:
        return None
    selections = operation.selection_set.selections
    if len(selections) != 1 or not isinstance(selections[0], FieldNode):
        return None
    root = selections[0]
    if root.name.value not in SHARED_FIELDS or root.directives:
        return None
    cursor_argument = SHARED_FIELDS[root.name.value]
    cursor_variable = None
    for argument in root.arguments or ():
        if argument.name.value == cursor_argument and isinstance(argument.value, VariableNode):
            cursor_variable = argument.value.name.value
    return SharedRequest(root.name.value, cursor_variable)


class _ViewerSpecificFinder(Visitor):
    def __init__(self, type_info: TypeInfo) -> None:
        super().__init__()
        self.type_info = type_info
        self.found = False

    def enter_field(self, *_args: Any) -> None:
        definition = self.type_info.get_field_def()
        strawberry_field = (
            definition.extensions.get("strawberry-definition") if definition else None
        )
        metadata = getattr(strawberry_field, "metadata", None) or {}
        if metadata.get(VIEWER_SPECIFIC):
            self.found = True


def selects_viewer_specific(schema: GraphQLSchema, document: DocumentNode) -> bool:
    """Whether the document asks for a field whose value depends on who exactly is asking."""
    type_info = TypeInfo(schema)
    finder = _ViewerSpecificFinder(type_info)
    visit(document, TypeInfoVisitor(type_info, finder))
    return finder.found


@dataclass(frozen=True)
class GroupKey:
    field: str
    session_id: int
    query: str
    operation_name: str | None
    variables: str  # canonical JSON, without the cursor
    scope: Hashable
    viewer: Hashable  # who is asking, only when the document selects viewer-specific fields


def variables_without(variables: dict[str, Any] | None, name: str | None) -> dict[str, Any]:
    return {k: v for k, v in (variables or {}).items() if k != name}


def canonical(variables: dict[str, Any]) -> str:
    return json.dumps(variables, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
