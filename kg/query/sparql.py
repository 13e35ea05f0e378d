"""Run SPARQL queries against a built graph and print their results."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass

from rdflib import Graph
from rdflib.query import Result

from kg.errors import QueryError
from kg.graph.build import PREFIXES
from kg.graph.store import read_graph


@dataclass(frozen=True, slots=True)
class Rows:
    """SELECT results as plain strings, with their column names."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def run_query(graph_path: str, sparql: str) -> Rows:
    """Run `sparql` over the graph in `graph_path`; the project's prefixes are predeclared."""
    graph: Graph = read_graph(graph_path)
    try:
        result: Result = graph.query(sparql, initNs=dict(PREFIXES))
    except Exception as exc:  # rdflib raises pyparsing errors and others on bad queries
        raise QueryError("query", f"{type(exc).__name__}: {exc}".splitlines()[0]) from exc
    if result.type == "ASK":
        return Rows(("ask",), ((str(result.askAnswer).lower(),),))
    if result.type != "SELECT":
        raise QueryError("query", f"{result.type} queries are not printed as rows")
    columns = tuple(str(v) for v in result.vars or ())
    rows = tuple(
        tuple("" if value is None else str(value) for value in row)  # type: ignore[union-attr]
        for row in result
    )
    return Rows(columns, rows)


def format_results(rows: Rows, fmt: str) -> str:
    """Render rows as an aligned table, CSV or SPARQL-results-like JSON."""
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(rows.columns)
        writer.writerows(rows.rows)
        return buffer.getvalue()
    if fmt == "json":
        bindings = [dict(zip(rows.columns, row, strict=True)) for row in rows.rows]
        return (
            json.dumps({"head": {"vars": list(rows.columns)}, "results": bindings}, indent=2) + "\n"
        )
    widths = [max([len(c)] + [len(r[i]) for r in rows.rows]) for i, c in enumerate(rows.columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(rows.columns, widths, strict=True))]
    lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)) for row in rows.rows]
    return "\n".join(lines) + "\n"
