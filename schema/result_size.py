"""A limit on how many items a document may ask for.

Connections nested in connections multiply (100 associations × 100 umbrellas × 100 members …),
which the depth, alias and token limits do not bound: a document of 75 tokens could ask for a
million rows. Each connection counts the page it asks for (`first` or `last` as written; a
variable, whose value validation does not see, or no argument counts the largest page), times
the pages around it, and so does `nodes(ids:)`. A plain list of objects (a summary's answers,
a payload's notes) counts as a largest page too. The estimate is static, so validation (cached
per document) makes it once; fragments are costed once each, in the order their spreads need
them.
"""

from __future__ import annotations

from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    ListValueNode,
    SelectionSetNode,
    get_named_type,
    get_nullable_type,
)
from graphql.validation import ASTValidationRule, ValidationContext

from schema.limits import Definition, measure_each_operation

PAGE_ARGUMENTS = ("first", "last", "ids")


class Estimate:
    """Items asked for per selection set, in one document's schema and variables."""

    def __init__(self, schema: GraphQLSchema, largest_page: int) -> None:
        self.schema = schema
        self.largest_page = largest_page
        self.fragments: dict[str, int] = {}

    def page(self, field: FieldNode) -> int | None:
        """The items a list field pages out, or None if it is no page of a list."""
        for argument in field.arguments or ():
            if argument.name.value not in PAGE_ARGUMENTS:
                continue
            value = argument.value  # a variable's value may be anything its type allows
            if isinstance(value, IntValueNode):
                return max(0, min(int(value.value), self.largest_page))  # more is refused
            if isinstance(value, ListValueNode):
                return len(value.values)
            return self.largest_page
        return None

    def items(self, selection_set: SelectionSetNode, parent: GraphQLNamedType | None) -> int:
        """Items the selection set asks for, for one object of type `parent`."""
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                if selection.selection_set is None:
                    continue
                field = self._field(parent, selection.name.value)
                field_type = get_named_type(field.type) if field is not None else None
                inner = self.items(selection.selection_set, field_type)
                size = self.page(selection)
                many = field is not None and _is_many(field.type)
                if size is None and many and not _is_page_of(parent, selection.name.value):
                    size = self.largest_page
                total += inner if size is None else size + size * inner
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                inner_type = self.schema.get_type(condition.name.value) if condition else parent
                total += self.items(selection.selection_set, inner_type)
            else:
                assert isinstance(selection, FragmentSpreadNode)
                total += self.fragments.get(selection.name.value, 0)
        return total

    def _field(self, parent: GraphQLNamedType | None, name: str) -> GraphQLField | None:
        if not isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
            return None
        field: GraphQLField | None = parent.fields.get(name)
        return field


def _is_connection(named: GraphQLNamedType | None) -> bool:
    return (
        named is not None
        and named.name.endswith("Connection")
        and isinstance(named, GraphQLObjectType)
    )


def _is_many(output: GraphQLOutputType) -> bool:
    """A connection, or a plain list (of objects, since it has a selection set)."""
    return _is_connection(get_named_type(output)) or isinstance(
        get_nullable_type(output), GraphQLList
    )


def _is_page_of(parent: GraphQLNamedType | None, name: str) -> bool:
    """A connection's `edges` and `nodes`: the items its page already counted."""
    return _is_connection(parent) and name in ("edges", "nodes")


def items_asked(schema: GraphQLSchema, document: DocumentNode, largest_page: int) -> int:
    """The most items the document's operations could return, all of them together."""
    estimate = Estimate(schema, largest_page)
    roots = {
        "query": schema.query_type,
        "mutation": schema.mutation_type,
        "subscription": schema.subscription_type,
    }

    def measure(definition: Definition, fragments: dict[str, int]) -> int:
        estimate.fragments = fragments
        if isinstance(definition, FragmentDefinitionNode):
            parent = schema.get_type(definition.type_condition.name.value)
        else:
            parent = roots[definition.operation.value]
        return estimate.items(definition.selection_set, parent)

    return sum(measure_each_operation(document, measure).values())


def result_size_rule(largest_page: int, max_items: int) -> type[ASTValidationRule]:
    class ResultSizeLimit(ASTValidationRule):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            self.schema = context.schema

        def enter_document(self, node: DocumentNode, *_args: Any) -> None:
            asked = items_asked(self.schema, node, largest_page)
            if asked > max_items:
                shown = f"{asked}" if asked <= 10 * max_items else f"more than {10 * max_items}"
                self.report_error(
                    GraphQLError(
                        f"The document may ask for {shown} items; at most {max_items} are"
                        " allowed. Ask for smaller pages (first) of nested lists."
                    )
                )

    return ResultSizeLimit
