"""The `kg` command line: a thin layer over the stages, one module a command or two.

`kg.cli.base` holds what they share: the exit codes and the one error boundary that turns
a `KgError` into the line `kg: error: ...` and its exit code. Option defaults come from
the settings they fill (`kg.config.Settings`, `kg.query.endpoint.EndpointSettings`).
"""

from __future__ import annotations

import logging
import sys

import click

from kg.cli.base import EXIT_MEANINGS, Boundary, ExitCode
from kg.errors import printable

__all__ = ["EXIT_MEANINGS", "ExitCode", "app", "main"]


class _PrintableFormatter(logging.Formatter):
    """Log lines name files and URLs: each line is escaped as `printable` escapes names, so
    that a name cannot break the line or drive the terminal. A traceback (`kg -v`) is
    appended as it is."""

    def formatMessage(self, record: logging.LogRecord) -> str:
        return printable(super().formatMessage(record))


@click.group(cls=Boundary, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", is_flag=True, help="Log what each stage does to stderr.")
def app(verbose: bool) -> None:
    """Build a geopolitical knowledge graph from news articles, and use it."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_PrintableFormatter("kg: %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, handlers=[handler])


def _register_commands() -> None:
    from kg.cli.build import build_cmd, validate_cmd
    from kg.cli.diff import diff_cmd
    from kg.cli.evaluate import (
        eval_analyst_cmd,
        eval_cmd,
        eval_events_cmd,
        eval_news_cmd,
        eval_sample_cmd,
        eval_statements_cmd,
    )
    from kg.cli.export import export_cmd
    from kg.cli.push import push_cmd
    from kg.cli.query import query_cmd
    from kg.cli.serve import serve_cmd
    from kg.cli.view import view_cmd

    for command in (
        build_cmd,
        validate_cmd,
        query_cmd,
        serve_cmd,
        push_cmd,
        export_cmd,
        diff_cmd,
        eval_cmd,
        eval_events_cmd,
        eval_sample_cmd,
        eval_analyst_cmd,
        eval_news_cmd,
        eval_statements_cmd,
        view_cmd,
    ):
        app.add_command(command)


_register_commands()


def main() -> None:
    """Console entry point."""
    app(prog_name="kg")
