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
    VariableNode,
    get_operation_ast,
    parse,
)

from schema.sharing import live_cursor, selects_viewer_specific


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
    request = shared_request(schema, document, operation_name)
    if request is None:
        return None
    return SharedPlan(document, request, selects_viewer_specific(schema, document))


def shared_request(
    schema: GraphQLSchema, document: DocumentNode, operation_name: str | None
) -> SharedRequest | None:
    """The live feed subscription the document asks for, or None if it is not one."""
    operation = get_operation_ast(document, operation_name)
    if not isinstance(operation, OperationDefinitionNode):
        return None
    if operation.operation is not OperationType.SUBSCRIPTION or schema.subscription_type is None:
        return None
    selections = operation.selection_set.selections
    if len(selections) != 1 or not isinstance(selections[0], FieldNode):
        return None
    root = selections[0]
    field = schema.subscription_type.fields.get(root.name.value)
    if field is None or root.directives:
        return None
    is_live, cursor_argument = live_cursor(field)
    if not is_live:
        return None
    cursor_variable = None
    for argument in root.arguments or ():
        if argument.name.value == cursor_argument and isinstance(argument.value, VariableNode):
            cursor_variable = argument.value.name.value
    return SharedRequest(root.name.value, cursor_variable)


@dataclass(frozen=True)
class GroupKey:
    field: str
    feed: str
    key: int
    query: str
    operation_name: str | None
    variables: str  # canonical JSON, without the cursor
    scope: Hashable
    viewer: Hashable  # who is asking, only when the document selects viewer-specific fields


def variables_without(variables: dict[str, Any] | None, name: str | None) -> dict[str, Any]:
    return {k: v for k, v in (variables or {}).items() if k != name}


def canonical(variables: dict[str, Any]) -> str:
    return json.dumps(variables, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
