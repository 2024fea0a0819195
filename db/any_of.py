"""`column IN (a list given as one parameter)`: a statement that stays the same whatever the
list's length, so that it is compiled and prepared once. PostgreSQL takes the list as an
array (`= ANY($1)`); SQLite as JSON (`IN (SELECT value FROM json_each(?))`)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Boolean, Integer, bindparam
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.visitors import InternalTraversal


class AnyOf(ColumnElement[bool]):
    """Whether `column` is one of the integers given as the parameter `name`."""

    inherit_cache = True
    type = Boolean()
    _traverse_internals = [  # noqa: RUF012  (SQLAlchemy's cache key reads these)
        ("column", InternalTraversal.dp_clauseelement),
        ("name", InternalTraversal.dp_string),
    ]

    def __init__(self, column: Any, name: str) -> None:
        self.column = (
            column.__clause_element__() if hasattr(column, "__clause_element__") else column
        )
        self.name = name


@compiles(AnyOf, "postgresql")
def _any_of_postgresql(element: AnyOf, compiler: Any, **kw: Any) -> str:
    column = compiler.process(element.column, **kw)
    values = compiler.process(bindparam(element.name, type_=ARRAY(Integer)), **kw)
    return f"{column} = ANY({values})"


@compiles(AnyOf)
def _any_of_json(element: AnyOf, compiler: Any, **kw: Any) -> str:
    column = compiler.process(element.column, **kw)
    values = compiler.process(bindparam(element.name, type_=JSON()), **kw)
    return f"{column} IN (SELECT value FROM json_each({values}))"  # noqa: S608  (SQL made by the compiler)
