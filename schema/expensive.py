"""Root fields that cost the server dearly (an argon2 hash, a mail sent) run at most once
per document: thirty aliased `logIn`s would cost seconds of CPU before any rate limit could
answer. Such a document is refused whole during validation, which is cached per document."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, TypeVar, cast

import strawberry
from graphql import (
    FieldNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLObjectType,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
)
from graphql.validation import ValidationRule

from schema.mutation import PayloadErrors

EXPENSIVE = "samverka.expensive"

F = TypeVar("F", bound=Callable[..., Any])


def expensive_mutation(*, description: str) -> Callable[[F], F]:
    """`schema.mutation.mutation` for a root field that may appear once per document."""
    decorator = strawberry.mutation(
        description=description, extensions=[PayloadErrors()], metadata={EXPENSIVE: True}
    )
    return cast("Callable[[F], F]", decorator)


def _expensive(root: GraphQLObjectType | None) -> frozenset[str]:
    if root is None:
        return frozenset()
    names = set()
    for name, field in root.fields.items():
        definition = field.extensions.get("strawberry-definition")
        if (getattr(definition, "metadata", None) or {}).get(EXPENSIVE):
            names.add(name)
    return frozenset(names)


class ExpensiveOnce(ValidationRule):
    def enter_operation_definition(self, node: OperationDefinitionNode, *_args: Any) -> None:
        schema = self.context.schema
        root = schema.get_root_type(node.operation)
        expensive = _expensive(root if isinstance(root, GraphQLObjectType) else None)
        if not expensive:
            return
        # fields under one response key are merged and run once; each alias runs again
        keys: dict[str, set[str]] = {}
        for field in self._root_fields(node.selection_set):
            if field.name.value in expensive:
                key = field.alias.value if field.alias else field.name.value
                keys.setdefault(field.name.value, set()).add(key)
        for name, aliases in sorted(keys.items()):
            if len(aliases) > 1:
                self.report_error(
                    GraphQLError(f"`{name}` may be asked for once per request; send one.", node)
                )

    def _root_fields(self, selection_set: SelectionSetNode) -> Iterator[FieldNode]:
        """The root fields of an operation, through inline fragments and spreads (each
        fragment walked once, so a cycle of spreads ends)."""
        pending, seen = [selection_set], set()
        while pending:
            for selection in pending.pop().selections:
                if isinstance(selection, FieldNode):
                    yield selection
                elif isinstance(selection, InlineFragmentNode):
                    pending.append(selection.selection_set)
                elif isinstance(selection, FragmentSpreadNode):
                    name = selection.name.value
                    fragment = self.context.get_fragment(name)
                    if fragment is not None and name not in seen:
                        seen.add(name)
                        pending.append(fragment.selection_set)
