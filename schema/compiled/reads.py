"""Compiled reads: the answer to a query the domains' declarations cover, or None for the
ordinary path.

A document is parsed, validated with every rule the ordinary path applies (depth, aliases,
tokens, result size, introspection), and planned once; its plan is remembered per document
and operation. A request then coerces its variables, runs the plan (schema/compiled/run.py)
and answers. Whatever is out of the ordinary (a variable that does not coerce, a bad page
size or cursor, a failure) goes to the ordinary path, which answers it as it always has.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from typing import Any

from graphql import (
    GraphQLError,
    GraphQLSchema,
    OperationDefinitionNode,
    get_operation_ast,
    parse,
    specified_rules,
    validate,
)
from graphql.execution.values import get_variable_values

from app.services.errors import DomainError, PublicError
from app.services.settings import Settings
from app.services.viewer import Viewer
from db.session import Database
from schema.compiled.plan import Plan, Planner, Unplannable
from schema.compiled.run import Run
from schema.compiled.spec import Catalogue, Declined
from schema.protection import validation_rules

logger = logging.getLogger("samverka.graphql.compiled")

PLANS = 256  # documents remembered
LONGEST = 20_000  # characters: longer documents are not planned (nor remembered)


@dataclass(frozen=True)
class Prepared:
    operation: OperationDefinitionNode
    plan: Plan


class CompiledReads:
    def __init__(
        self, schema: GraphQLSchema, catalogue: Catalogue, settings: Settings, db: Database
    ) -> None:
        self.schema = schema
        self.catalogue = catalogue
        self.settings = settings
        self.db = db
        self.rules = [*specified_rules, *validation_rules(settings)]
        self.prepared = functools.lru_cache(maxsize=PLANS)(self._prepare)

    def _prepare(self, query: str, operation_name: str | None) -> Prepared | None:
        try:
            document = parse(query, max_tokens=self.settings.max_tokens)
        except GraphQLError:
            return None
        if validate(self.schema, document, self.rules):
            return None
        operation = get_operation_ast(document, operation_name)
        if operation is None:
            return None
        try:
            plan = Planner(self.schema, self.catalogue).plan(document, operation)
        except Unplannable:
            return None
        return Prepared(operation, plan)

    async def answer(
        self,
        query: str,
        operation_name: str | None,
        variables: dict[str, Any] | None,
        viewer: Viewer,
    ) -> dict[str, Any] | None:
        if len(query) > LONGEST:
            return None
        prepared = self.prepared(query, operation_name)
        if prepared is None:
            return None
        coerced = get_variable_values(
            self.schema, prepared.operation.variable_definitions or (), variables or {}
        )
        if isinstance(coerced, list):  # the ordinary path reports what is wrong
            return None
        try:
            async with self.db.connect() as connection:
                run = Run(connection, viewer, coerced, self.settings.max_page_size)
                data = await run.data(prepared.plan)
        except (PublicError, DomainError, GraphQLError, Declined):
            return None
        except Exception as error:
            logger.error("compiled read failed (%s)", type(error).__name__, exc_info=True)
            return None
        return {"data": data}
