"""GetOperation (GraphQL spec, 6.1) before Strawberry runs a document.

Strawberry, given no operationName, runs the document's first operation even when there are
several; the spec makes that a request error, as it does an operationName naming no operation.
The same look-up tells the WebSocket layer whether the chosen operation is a subscription.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from graphql import OperationDefinitionNode, OperationType, parse

# remembered documents, like the schema's parser cache; longer ones are parsed every time so
# that the cache's memory stays small whatever clients send
CACHED_DOCUMENTS = 512
CACHED_LENGTH = 16 * 1024


@dataclass(frozen=True)
class Choice:
    """The operation a request runs: its type, or why none can run. Both are None when the
    document does not parse: Strawberry parses it again and reports why."""

    kind: OperationType | None = None
    error: str | None = None


def _operations(query: str, max_tokens: int) -> tuple[tuple[str | None, OperationType], ...] | None:
    """Each operation's name (None if anonymous) and type, or None if the document does not
    parse."""
    try:
        document = parse(query, max_tokens=max_tokens, no_location=True)
    except Exception:  # noqa: BLE001  (syntax, token limit, nesting: all reported by Strawberry)
        return None
    return tuple(
        (definition.name.value if definition.name else None, definition.operation)
        for definition in document.definitions
        if isinstance(definition, OperationDefinitionNode)
    )


_cached_operations = lru_cache(maxsize=CACHED_DOCUMENTS)(_operations)


def choose_operation(query: str, operation_name: str | None, max_tokens: int) -> Choice:
    """The operation `operation_name` chooses in the document (an empty name is no name)."""
    lookup = _cached_operations if len(query) <= CACHED_LENGTH else _operations
    operations = lookup(query, max_tokens)
    if operations is None:
        return Choice()
    if not operation_name:
        if not operations:
            return Choice(error="Must provide an operation.")
        if len(operations) > 1:
            return Choice(
                error="Must provide operation name if query contains multiple operations."
            )
        return Choice(kind=operations[0][1])
    for name, kind in operations:
        if name == operation_name:
            return Choice(kind=kind)
    return Choice(error=f'Unknown operation named "{operation_name}".')
