"""Limits on a document's depth and aliases, counted through fragments without walking any
fragment twice.

Strawberry's `QueryDepthLimiter` and `MaxAliasesLimiter` walk a fragment again at every
spread, and do it while the validation rules are being set up: a few hundred tokens of
fragments that each spread the next one twice took time exponential in their number (a
second for 19 of them, hours for 30), and a chain of a few hundred fragments overflowed the
stack (a 500). Here each fragment is measured once, fragments in the order their spreads need
them and without recursion across fragments, during the validation's own walk (where
graphql-core catches a stack overflow). The limits mean the same as Strawberry's: depth
counts nested selection sets below the root fields (introspection fields are not counted),
and aliases are counted wherever a fragment brings them, once per spread.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
)
from graphql.validation import ASTValidationRule

T = TypeVar("T")

# beyond this, an alias count is reported as "more than" (it can have hundreds of digits)
SHOWN_ALIASES = 1_000_000


@dataclass(frozen=True)
class Measure:
    depth: int  # nested selection sets below the fields here (a leaf field: 0)
    aliases: int


NOTHING = Measure(0, 0)


def spreads_in(selection_set: SelectionSetNode) -> Iterator[str]:
    """The fragments spread anywhere in a selection set (within it, not through them)."""
    pending = [selection_set]
    while pending:
        for selection in pending.pop().selections:
            if isinstance(selection, FragmentSpreadNode):
                yield selection.name.value
            elif isinstance(selection, FieldNode | InlineFragmentNode) and selection.selection_set:
                pending.append(selection.selection_set)


def in_dependency_order(fragments: dict[str, FragmentDefinitionNode]) -> list[str]:
    """Fragment names, each after the fragments it spreads (a spread closing a cycle is
    skipped: cycles are another rule's to report)."""
    order: list[str] = []
    seen: set[str] = set()
    for root in fragments:
        if root in seen:
            continue
        seen.add(root)
        path = [(root, spreads_in(fragments[root].selection_set))]
        while path:
            name, spreads = path[-1]
            for spread in spreads:
                if spread in fragments and spread not in seen:
                    seen.add(spread)
                    path.append((spread, spreads_in(fragments[spread].selection_set)))
                    break
            else:
                path.pop()
                order.append(name)
    return order


def _measure(selection_set: SelectionSetNode, fragments: dict[str, Measure]) -> Measure:
    """Within one definition (whose nesting the parser limits); fragments already measured."""
    depth = aliases = 0
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            aliases += selection.alias is not None
            if selection.selection_set is None:
                continue
            inner = _measure(selection.selection_set, fragments)
            aliases += inner.aliases
            if not selection.name.value.startswith("__"):
                depth = max(depth, 1 + inner.depth)
        else:
            if isinstance(selection, InlineFragmentNode):
                inner = _measure(selection.selection_set, fragments)
            else:
                assert isinstance(selection, FragmentSpreadNode)
                inner = fragments.get(selection.name.value, NOTHING)
            depth = max(depth, inner.depth)
            aliases += inner.aliases
    return Measure(depth, aliases)


Definition = FragmentDefinitionNode | OperationDefinitionNode


def measure_each_operation(
    document: DocumentNode, measure: Callable[[Definition, dict[str, T]], T]
) -> dict[OperationDefinitionNode, T]:
    """`measure` of each operation, given the measures of the fragments: each fragment is
    measured once, after the fragments it spreads, so a spread is looked up, not walked."""
    definitions = {
        definition.name.value: definition
        for definition in document.definitions
        if isinstance(definition, FragmentDefinitionNode)
    }
    fragments: dict[str, T] = {}
    for name in in_dependency_order(definitions):
        fragments[name] = measure(definitions[name], fragments)
    return {
        definition: measure(definition, fragments)
        for definition in document.definitions
        if isinstance(definition, OperationDefinitionNode)
    }


def measure_operations(document: DocumentNode) -> dict[OperationDefinitionNode, Measure]:
    return measure_each_operation(
        document, lambda definition, fragments: _measure(definition.selection_set, fragments)
    )


def limits_rule(max_depth: int, max_aliases: int) -> type[ASTValidationRule]:
    class DepthAndAliasLimits(ASTValidationRule):
        def enter_document(self, node: DocumentNode, *_args: Any) -> None:
            measures = measure_operations(node)
            for operation, measure in measures.items():
                if measure.depth > max_depth:
                    name = operation.name.value if operation.name else "anonymous"
                    self.report_error(
                        GraphQLError(
                            f"'{name}' exceeds maximum operation depth of {max_depth}", operation
                        )
                    )
            aliases = sum(measure.aliases for measure in measures.values())
            if aliases > max_aliases:
                found = str(aliases) if aliases <= SHOWN_ALIASES else f"More than {SHOWN_ALIASES}"
                self.report_error(GraphQLError(f"{found} aliases found. Allowed: {max_aliases}"))

    return DepthAndAliasLimits
