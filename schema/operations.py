"""GetOperation (GraphQL spec, 6.1) before Strawberry runs a document.

Strawberry, given no operationName, runs the document's first operation even when there are
several; the spec makes that a request error, as it does an operationName naming no operation.
"""

from __future__ import annotations

from functools import lru_cache

from graphql import OperationDefinitionNode, parse

# remembered documents, like the schema's parser cache; longer ones are parsed every time so
# that the cache's memory stays small whatever clients send
CACHED_DOCUMENTS = 512
CACHED_LENGTH = 16 * 1024


def _operation_names(query: str, max_tokens: int) -> tuple[str | None, ...] | None:
    """The names of the document's operations (None if anonymous), or None if it does not
    parse: Strawberry parses it again and reports why, like any other syntax error."""
    try:
        document = parse(query, max_tokens=max_tokens, no_location=True)
    except Exception:  # noqa: BLE001  (syntax, token limit, nesting: all reported by Strawberry)
        return None
    return tuple(
        definition.name.value if definition.name else None
        for definition in document.definitions
        if isinstance(definition, OperationDefinitionNode)
    )


_cached_operation_names = lru_cache(maxsize=CACHED_DOCUMENTS)(_operation_names)


def operation_error(query: str, operation_name: str | None, max_tokens: int) -> str | None:
    """Why no single operation can be chosen to run, or None if one can (or the document
    does not parse, which Strawberry reports)."""
    lookup = _cached_operation_names if len(query) <= CACHED_LENGTH else _operation_names
    names = lookup(query, max_tokens)
    if names is None:
        return None
    if operation_name is None:
        if not names:
            return "Must provide an operation."
        if len(names) > 1:
            return "Must provide operation name if query contains multiple operations."
        return None
    if operation_name not in names:
        return f'Unknown operation named "{operation_name}".'
    return None
