"""The `kg` command line: a thin layer over the stages, one module a command or two.

`kg.cli.base` holds what they share: the exit codes and the one error boundary that turns
a `KgError` into the line `kg: error: ...` and its exit code. Option defaults come from
the settings they fill (`kg.config.Settings`, `kg.query.endpoint.EndpointSettings`).
"""

from __future__ import annotations

import importlib
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


COMMANDS: dict[str, str] = {
    "build": "kg.cli.build:build_cmd",
    "validate": "kg.cli.build:validate_cmd",
    "query": "kg.cli.query:query_cmd",
    "serve": "kg.cli.serve:serve_cmd",
    "push": "kg.cli.push:push_cmd",
    "export": "kg.cli.export:export_cmd",
    "diff": "kg.cli.diff:diff_cmd",
    "eval": "kg.cli.evaluate:eval_cmd",
    "eval-events": "kg.cli.evaluate:eval_events_cmd",
    "eval-sample": "kg.cli.evaluate:eval_sample_cmd",
    "eval-analyst": "kg.cli.evaluate:eval_analyst_cmd",
    "eval-news": "kg.cli.evaluate:eval_news_cmd",
    "eval-statements": "kg.cli.evaluate:eval_statements_cmd",
    "view": "kg.cli.view:view_cmd",
}
"""Each command and where it is defined, imported when it runs or `kg --help` lists it:
`kg build` loads no query server and no scorer."""


class _LazyCommands(Boundary):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            module, attribute = COMMANDS[cmd_name].split(":")
            command = getattr(importlib.import_module(module), attribute)
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)


@click.group(cls=_LazyCommands, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", is_flag=True, help="Log what each stage does to stderr.")
def app(verbose: bool) -> None:
    """Build a geopolitical knowledge graph from news articles, and use it."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_PrintableFormatter("kg: %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, handlers=[handler])


def main() -> None:
    """Console entry point."""
    app(prog_name="kg")
