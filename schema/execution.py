"""graphql-core's executor without the reference cycle it makes for every operation.

graphql-core 3.3's `Executor.__init__` stores `GraphQLResolveInfoHelpers(gather=self.
gather_async_work, track=self.track_async_work)` on the executor: bound methods of itself, so
every executor is in a reference cycle, and with it everything it holds for the operation
(the context, the variables, the collected fields; about 80 tracked objects, and the rows
and the subscription's streams the context reaches). Refcounting never frees a cycle: it
waits for the collector, and what has lived through two young collections waits for a full
one, which the serving GC settings (app/gc_tuning.py) space out. Here the helpers are made
when a resolver's info asks for them, bound to the executor asking, and not stored.
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLResolveInfoHelpers
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext


class CycleFreeExecutionContext(StrawberryGraphQLCoreExecutionContext):
    @property
    def async_helpers(self) -> GraphQLResolveInfoHelpers:
        return GraphQLResolveInfoHelpers(gather=self.gather_async_work, track=self.track_async_work)

    @async_helpers.setter
    def async_helpers(self, _helpers: Any) -> None:
        """graphql-core's `__init__` assigns its stored helpers here: they are dropped."""
