"""Running a plan: one statement per level of rows (a root page, then each relation's pages
for all its parents at once), only the columns the document asks for, cursors only where
asked; the answer built as plain data, as the ordinary path would have answered."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from graphql import GraphQLObjectType, get_named_type
from graphql.execution.values import VariableValues, get_argument_values
from sqlalchemy import Select
from sqlalchemy.ext.asyncio import AsyncConnection

from app.services.pagination import (
    Fetch,
    Page,
    PageRequest,
    count,
    count_children,
    paginate,
    paginate_children,
)
from app.services.viewer import Viewer
from schema.compiled.driver import DriverStatement
from schema.compiled.plan import (
    TYPENAME,
    ConnectionPlan,
    Drivers,
    EmbeddedPlan,
    Leaf,
    ObjectPlan,
    Plan,
    RootPlan,
)
from schema.compiled.spec import ListRoot

Row = Any  # a row of the selected columns: the plan's, in its order (the key first)


class Run:
    """One plan for one request: its viewer, variables and database session."""

    def __init__(
        self,
        session: AsyncConnection,
        viewer: Viewer,
        variables: VariableValues,
        max_page_size: int,
    ) -> None:
        self.session = session
        self.viewer = viewer
        self.variables = variables
        self.max_page_size = max_page_size
        # per connection plan: its pages and totals by parent key
        self.pages: dict[int, dict[int, Page[Row]]] = {}
        self.totals: dict[int, dict[int, int]] = {}

    async def data(self, plan: Plan) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for key, root in plan.roots:
            data[key] = root if isinstance(root, str) else await self._root(root)
        return data

    # -- loading ---------------------------------------------------------------------------------
    def _arguments(self, plan: ConnectionPlan | RootPlan) -> dict[str, Any]:
        return get_argument_values(plan.definition, plan.node, self.variables)

    async def _root(self, root: RootPlan) -> object:
        arguments = self._arguments(root)
        spec = root.spec
        if isinstance(spec, ListRoot):
            shape = root.shape
            assert isinstance(shape, ConnectionPlan)
            rows = spec.rows(arguments, self.viewer)
            page = await paginate(
                self.session,
                rows,
                spec.order,
                PageRequest(
                    arguments.get("first"),
                    arguments.get("after"),
                    arguments.get("last"),
                    arguments.get("before"),
                ),
                max_size=self.max_page_size,
                descending=spec.descending,
                columns=shape.rows.columns if shape.rows is not None else [],
                statements=shape.statements,
                shape=spec.shape(arguments, self.viewer),
                fetch_kept=self._fetcher(shape.drivers),
            )
            total = await count(self.session, rows) if shape.wants_total else 0
            if shape.rows is not None:
                await self._children(shape.rows, page.rows)
            return self._connection(shape, page, total)
        found_shape = root.shape
        assert isinstance(found_shape, ObjectPlan)
        assert root.statement is not None
        parameters = spec.parameters(arguments, self.viewer)
        if parameters is None:
            return None
        matching = await self._fetcher(root.drivers)(root.statement, dict(parameters))
        if not matching:
            return None
        found = matching[0]
        shape = found_shape
        await self._children(shape, [found])
        return self._object(shape, found)

    async def _children(self, plan: ObjectPlan, parents: list[Row]) -> None:
        """Load every connection of these rows, level by level: one statement per relation."""
        if not parents:
            return
        parent_ids = [row[0] for row in parents]  # the key is every plan's first column
        for connection in plan.connections():
            nested = connection.nested
            assert nested is not None
            relation = nested.relation
            arguments = self._arguments(connection)
            rows = connection.rows
            pages = await paginate_children(
                self.session,
                relation.model,
                relation.parent,
                relation.order,
                parent_ids,
                PageRequest(arguments.get("first"), arguments.get("after")),
                max_size=self.max_page_size,
                default_size=relation.size(self.max_page_size),
                where=relation.where,
                through=relation.through,
                columns=rows.columns if rows is not None else [relation.model.id],
                statements=connection.statements,
                fetch_kept=self._fetcher(connection.drivers),
            )
            self.pages[id(connection)] = pages
            if connection.wants_total:
                self.totals[id(connection)] = await count_children(
                    self.session, relation.parent, parent_ids, relation.where
                )
            if rows is not None:
                await self._children(rows, [row for page in pages.values() for row in page.rows])

    def _fetcher(self, drivers: Drivers) -> Fetch:
        """Runs a statement made once (kept by a plan) on the driver itself, compiling it
        for the driver the first time (and keeping that with the plan)."""

        async def fetch(statement: Select[Any], parameters: dict[str, object]) -> Sequence[Row]:
            driver = drivers.get(statement)
            if driver is None:
                driver = drivers[statement] = DriverStatement(statement, self.session.dialect)
            return await driver.rows(self.session, parameters)

        return fetch

    # -- shaping ---------------------------------------------------------------------------------
    def _object(self, plan: ObjectPlan, row: Row) -> dict[str, Any]:
        shaped: dict[str, Any] = {}
        for key, part in plan.fields:
            if isinstance(part, Leaf):
                scalar = part.scalar
                found = [row[i] for i in part.at]
                shaped[key] = (
                    scalar.value(self.viewer, *found) if scalar.viewer else scalar.value(*found)
                )
            elif part == TYPENAME:
                shaped[key] = plan.spec.name
            elif isinstance(part, EmbeddedPlan):
                shaped[key] = self._embedded(part, row)
            else:
                assert isinstance(part, ConnectionPlan)
                parent = row[0]
                page = self.pages[id(part)][parent]
                if part.given_as != "connection":
                    assert part.rows is not None
                    children = [self._object(part.rows, child) for child in page.rows]
                    if part.given_as == "list":
                        shaped[key] = children
                    else:
                        shaped[key] = children[0] if children else None
                    continue
                total = self.totals.get(id(part), {}).get(parent, 0)
                shaped[key] = self._connection(part, page, total)
        return shaped

    def _embedded(self, plan: EmbeddedPlan, row: Row) -> object:
        spec = plan.spec
        found = [row[i] for i in plan.at]
        made = spec.value(self.viewer, *found) if spec.viewer else spec.value(*found)
        if made is None:
            return None
        return {key: spec.type_name if name == TYPENAME else made[name] for key, name in plan.keys}

    def _connection(self, plan: ConnectionPlan, page: Page[Row], total: int) -> dict[str, Any]:
        rows = plan.rows
        shaped: dict[str, Any] = {}
        for key, part in plan.parts:
            if part == "nodes":
                assert rows is not None
                shaped[key] = [self._object(rows, row) for row in page.rows]
            elif part == "totalCount":
                shaped[key] = total
            elif part == TYPENAME:
                shaped[key] = _connection_name(plan)
            elif isinstance(part, tuple) and part[0] == "pageInfo":
                shaped[key] = self._page_info(page, part[1])
            else:
                assert isinstance(part, tuple)
                shaped[key] = [self._edge(plan, page, row, part[1]) for row in page.rows]
        return shaped

    def _edge(
        self, plan: ConnectionPlan, page: Page[Row], row: Row, parts: list[tuple[str, str]]
    ) -> dict[str, Any]:
        edge: dict[str, Any] = {}
        for key, name in parts:
            if name == "cursor":
                edge[key] = page.cursor(row)
            elif name == "node":
                assert plan.rows is not None
                edge[key] = self._object(plan.rows, row)
            else:
                edge[key] = _edge_name(plan)
        return edge

    def _page_info(self, page: Page[Row], parts: list[tuple[str, str]]) -> dict[str, Any]:
        info: dict[str, Any] = {}
        for key, name in parts:
            if name == "hasNextPage":
                info[key] = page.has_next_page
            elif name == "hasPreviousPage":
                info[key] = page.has_previous_page
            elif name == "startCursor":
                info[key] = page.cursor(page.rows[0]) if page.rows else None
            elif name == "endCursor":
                info[key] = page.cursor(page.rows[-1]) if page.rows else None
            else:
                info[key] = "PageInfo"
        return info


def _connection_name(plan: ConnectionPlan) -> str:
    name: str = get_named_type(plan.definition.type).name
    return name


def _edge_name(plan: ConnectionPlan) -> str:
    connection = get_named_type(plan.definition.type)
    assert isinstance(connection, GraphQLObjectType)
    name: str = get_named_type(connection.fields["edges"].type).name
    return name
