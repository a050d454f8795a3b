"""Many-row INSERTs handed to the driver as plain tuples, for the store's per-posting tables.

SQLAlchemy Core's ``conn.execute(insert(table), [dict, ...])`` builds, checks and type-processes a parameter dict
per row; the store writes some 30 rows a posting (sections, locations, versions, URLs, events, LSH bands), and
that Python was a third of the store's time. Here the SQL text is built once per table, column list and dialect,
rows are tuples in column order, and each value goes through the same bind processor SQLAlchemy would apply for
that column's type on that dialect (on SQLite: dates and datetimes to ISO text, JSON to text, floats to float;
on PostgreSQL: JSON to psycopg's ``Json`` with an explicit ``::JSON`` cast as SQLAlchemy renders it), so the
stored values are the same either way. The SQL is portable between SQLite and PostgreSQL, upserts included
(``ON CONFLICT (...) DO UPDATE SET c = excluded.c`` / ``DO NOTHING``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, Table
from sqlalchemy.engine import Dialect

Processor = Callable[[Any], Any]


def _mark(dialect: Dialect, impl: Any, mark: str) -> str:
    """The placeholder of one value: with the cast SQLAlchemy renders for types that need one (psycopg's JSON)."""
    if getattr(impl, "render_bind_cast", False) and dialect.bind_typing.name == "RENDER_CASTS":
        return f"{mark}::{dialect.type_compiler_instance.process(impl)}"
    return mark


def _marks_and_processors(table: Table, columns: Sequence[str], dialect: Dialect
                          ) -> tuple[list[str], tuple[tuple[int, Processor], ...]]:
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    marks: list[str] = []
    processors: list[tuple[int, Processor]] = []
    for position, name in enumerate(columns):
        impl = table.c[name].type.dialect_impl(dialect)
        processor = impl.bind_processor(dialect)
        if processor is not None:
            processors.append((position, processor))
        marks.append(_mark(dialect, impl, mark))
    return marks, tuple(processors)


# Keyed by the dialect object: one per engine (bounded, as tests make many engines).
@lru_cache(maxsize=256)
def _prepared_insert(table: Table, columns: tuple[str, ...], suffix: str, dialect: Dialect
                     ) -> tuple[str, tuple[tuple[int, Processor], ...]]:
    marks, processors = _marks_and_processors(table, columns, dialect)
    return f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({', '.join(marks)}){suffix}", processors


@lru_cache(maxsize=256)
def _prepared_update(table: Table, columns: tuple[str, ...], key: str, condition: str, dialect: Dialect
                     ) -> tuple[str, tuple[tuple[int, Processor], ...]]:
    marks, processors = _marks_and_processors(table, (*columns, key), dialect)
    assignments = ", ".join(f"{name} = {mark}" for name, mark in zip(columns, marks))
    return f"UPDATE {table.name} SET {assignments} WHERE {key} = {marks[-1]}{condition}", processors


def _execute(conn: Connection, sql: str, processors: tuple[tuple[int, Processor], ...], rows: Sequence[tuple]
             ) -> None:
    if processors:
        processed = []
        for row in rows:
            values = list(row)
            for position, processor in processors:
                values[position] = processor(values[position])
            processed.append(tuple(values))
        rows = processed
    conn.exec_driver_sql(sql, list(rows))


def insert_tuples(conn: Connection, table: Table, columns: Sequence[str], rows: Sequence[tuple],
                  suffix: str = "") -> None:
    """INSERT ``rows`` (tuples in the order of ``columns``) into ``table`` in one executemany; ``suffix`` is SQL
    after the VALUES list, e.g. ``" ON CONFLICT DO NOTHING"``."""
    if rows:
        _execute(conn, *_prepared_insert(table, tuple(columns), suffix, conn.dialect), rows)


def update_tuples(conn: Connection, table: Table, columns: Sequence[str], key: str, rows: Sequence[tuple],
                  condition: str = "") -> None:
    """UPDATE ``table`` SET ``columns`` WHERE ``key`` = the row's last value, one executemany; each row is the new
    values in the order of ``columns``, then the key. ``condition`` is SQL added to the WHERE clause, e.g.
    ``" AND duplicate_of IS NULL"``."""
    if rows:
        _execute(conn, *_prepared_update(table, tuple(columns), key, condition, conn.dialect), rows)
