"""What every `kg` command shares: the exit codes, the one error boundary, and the options
and readers that several commands take."""

from __future__ import annotations

import errno
import logging
import sys
from collections.abc import Callable
from enum import IntEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from kg.config import Settings
from kg.errors import InputError, KgError, printable

if TYPE_CHECKING:
    from rdflib import Graph

log = logging.getLogger(__name__)

F = TypeVar("F", bound=Callable[..., Any])


class ExitCode(IntEnum):
    """How `kg` exits; `EXIT_MEANINGS` says when, for `kg --help` (and README's table)."""

    OK = 0
    FATAL = 1
    USAGE = 2
    SKIPPED = 3
    INVALID = 4
    DIFFERENT = 5
    INTERRUPTED = 130


EXIT_MEANINGS: dict[ExitCode, str] = {
    ExitCode.OK: "success",
    ExitCode.FATAL: "error (one line on stderr: kg: error: ...)",
    ExitCode.USAGE: "usage error",
    ExitCode.SKIPPED: "built, but some inputs were skipped",
    ExitCode.INVALID: "the graph does not conform to the SHACL shapes (build, validate)",
    ExitCode.DIFFERENT: "kg diff --exit-code: the builds differ",
    ExitCode.INTERRUPTED: "interrupted (Ctrl-C)",
}

_INTERRUPT_NOTE = "kg.interrupt_note"


def _fail(message: str) -> NoReturn:
    """Print `message` as the one line `kg: error: ...` on stderr and exit 1."""
    click.echo(f"kg: error: {printable(message)}", err=True)
    sys.exit(ExitCode.FATAL)


def note_on_interrupt(note: str) -> None:
    """Say `note` after "kg: interrupted" should the running command be interrupted."""
    click.get_current_context().meta[_INTERRUPT_NOTE] = note


class Boundary(click.Group):
    """The `kg` group, and the one place where an error a command raises becomes its exit.

    A `KgError` (bad input, ontology, model, state, query) and an `OSError` naming a file
    become the single line `kg: error: <subject>: <reason>` on stderr and exit 1 (with
    `kg -v`, the traceback is logged too); Ctrl-C exits 130. Usage errors are click's: exit
    2. Anything else is a bug and keeps its traceback.
    """

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KgError as exc:
            log.info("the error's traceback", exc_info=True)
            _fail(str(exc))
        except OSError as exc:
            if exc.errno == errno.EPIPE:  # stdout closed early (`kg query ... | head`):
                raise  # click ends quietly
            log.info("the error's traceback", exc_info=True)
            reason = exc.strerror or str(exc)
            _fail(f"{exc.filename}: {reason}" if exc.filename is not None else reason)
        except KeyboardInterrupt:
            note = ctx.meta.get(_INTERRUPT_NOTE)
            click.echo(f"kg: interrupted{f'; {note}' if note else ''}", err=True)
            sys.exit(ExitCode.INTERRUPTED)

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with formatter.section("Exit codes"):
            formatter.write_dl([(str(int(code)), text) for code, text in EXIT_MEANINGS.items()])


GRAPH_HELP = "A build folder (its persisted store is used) or a graph file (.ttl, .trig, .nt, .nq)."


def graph_option(command: F) -> F:
    """The `--graph` option of the commands that read a built graph."""
    return click.option(
        "--graph",
        "graph_path",
        type=click.Path(path_type=Path),
        default=Settings().out_dir,
        show_default=True,
        help=GRAPH_HELP,
    )(command)


def read_rdf(path: str) -> Graph:
    """Read the graph file `path`; a file that is not RDF is an `InputError`."""
    from kg.graph.store import read_graph

    try:
        return read_graph(path)
    except (SyntaxError, ValueError) as exc:
        raise InputError(path, f"not readable RDF ({exc})".splitlines()[0]) from None
