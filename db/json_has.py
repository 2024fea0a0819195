"""`a JSON list column holds this string` on either database, as one expression whose SQL
each dialect writes: PostgreSQL through `json_array_elements_text`, SQLite through
`json_each`. A statement using it needs no dialect to be made (so a compiled read can make
it), and its value is a bound parameter."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, String, bindparam
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.visitors import InternalTraversal


class JsonHas(ColumnElement[bool]):
    """Whether the JSON list in `column` holds `value` (ignoring case if `fold`: the stored
    element lowered by the database, Å, Ä and Ö too, the value by Python)."""

    inherit_cache = True
    type = Boolean()
    _traverse_internals = [  # noqa: RUF012  (SQLAlchemy's cache key reads these)
        ("column", InternalTraversal.dp_clauseelement),
        ("value", InternalTraversal.dp_clauseelement),
        ("fold", InternalTraversal.dp_boolean),
    ]

    def __init__(self, column: Any, value: str, *, fold: bool = False) -> None:
        self.column = (
            column.__clause_element__() if hasattr(column, "__clause_element__") else column
        )
        self.value = bindparam(None, value.lower() if fold else value, type_=String())
        self.fold = fold


def _compare(element: JsonHas, compiler: Any, found: str, lower: str, **kw: Any) -> str:
    value = compiler.process(element.value, **kw)
    return f"{lower}({found}) = {value}" if element.fold else f"{found} = {value}"


@compiles(JsonHas, "postgresql")
def _json_has_postgresql(element: JsonHas, compiler: Any, **kw: Any) -> str:
    column = compiler.process(element.column, **kw)
    test = _compare(element, compiler, "elements.value", "lower", **kw)
    return (
        f"EXISTS (SELECT 1 FROM json_array_elements_text({column}) AS elements(value) "  # noqa: S608
        f"WHERE {test})"
    )


@compiles(JsonHas)
def _json_has_sqlite(element: JsonHas, compiler: Any, **kw: Any) -> str:
    column = compiler.process(element.column, **kw)
    # SQLite's own lower() folds A-Z alone: db/session.py registers Python's as unicode_lower
    test = _compare(element, compiler, "elements.value", "unicode_lower", **kw)
    return f"EXISTS (SELECT 1 FROM json_each({column}) AS elements WHERE {test})"  # noqa: S608
