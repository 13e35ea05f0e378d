"""`kg push`: load the graph into a SPARQL store with the Graph Store Protocol."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.base import graph_option
from kg.errors import printable


@click.command("push")
@click.option(
    "--endpoint",
    required=True,
    help="The store's Graph Store Protocol URL, e.g. http://localhost:7878/store.",
)
@graph_option
@click.option(
    "--timeout",
    type=click.FloatRange(0.1),
    default=60.0,
    show_default=True,
    help="Seconds to wait on each request.",
)
@click.option(
    "--changed",
    is_flag=True,
    help="Send only the graphs that changed since the last push to this store, and drop "
    "the graphs of articles no longer in the build (push-manifest.json beside the graph "
    "keeps what was sent).",
)
@click.option(
    "--update-url",
    help="The store's SPARQL Update URL, e.g. http://localhost:7878/update. With --changed "
    "and the build's graph index, only the default-graph subjects that changed are replaced "
    "(DELETE WHERE + INSERT DATA) instead of sending the whole default graph.",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress lines.")
def push_cmd(
    endpoint: str,
    graph_path: Path,
    timeout: float,
    changed: bool,
    update_url: str | None,
    quiet: bool,
) -> None:
    """Load the graph into a SPARQL 1.1 store with the Graph Store Protocol.

    One named graph per article (PUT replaces it, so a re-pushed article replaces its
    graph) and the default graph (actors, edge summaries). Query the store with its union
    default graph to see all of it, as the saved queries expect. Credentials in the URL
    (http://user:secret@host/store) go as HTTP Basic authentication, and are never shown.

    With --changed, only what changed since the last push to the same store is sent, and
    articles gone from the build are dropped from it. The manifest beside the graph
    (push-manifest.json) records each graph's hash per store URL, never its credentials;
    without a readable manifest everything is sent. It trusts that nothing else writes
    those graphs: after the store was emptied or edited, push once without --changed.

    The hashes come from the build's graph index (graph-index.tsv) when it fits graph.trig,
    so only the graphs sent are read. With --update-url, the manifest also keeps each
    default-graph subject's hash, and later --changed pushes replace only the subjects that
    changed, by SPARQL Update, where they would otherwise send the whole default graph.
    """
    from kg.query.remote import push_graph

    def progress(done: int, total: int) -> None:
        if not quiet and (done == total or done % 500 == 0):
            click.echo(f"kg: {done}/{total} graphs sent", err=True)

    report = push_graph(
        graph_path,
        endpoint,
        timeout=timeout,
        progress=progress,
        changed=changed,
        update_url=update_url,
    )
    if report.full_because is not None:
        click.echo(f"kg: {report.full_because}: sending every graph", err=True)
    if report.named_graphs == 0 and not changed:
        click.echo(
            f"kg: warning: {printable(str(graph_path))} has no article graphs; "
            "push graph.trig or a build folder for one graph per article",
            err=True,
        )
    click.echo(
        f"pushed {report.named_graphs} article graphs"
        f"{' and the default graph' if report.default_graph else ''}"
        f"{f' and {report.subjects} default-graph subjects' if report.subjects else ''}"
        f" ({report.triples} triples) to {printable(report.endpoint)}"
        + (
            f"; {report.unchanged} unchanged, {report.dropped} dropped"
            if changed and report.full_because is None
            else ""
        )
    )
