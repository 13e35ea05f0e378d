"""`kg push --changed` into real Oxigraph servers: a build of four seeds pushed, then the same
build folder grown to five and pushed again sends only the new article's graph and the
summaries, and leaves the store holding exactly what a full push of the five would."""

from __future__ import annotations

import json
import logging
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner, Result

from kg.cli import app
from kg.config import Settings
from kg.query import remote
from kg.query.graph_index import INDEX_NAME
from kg.query.manifest import BLOCK_HASH, MANIFEST_NAME, content_hash, read_manifest
from kg.query.remote import push_graph, query_endpoint, read_graphs
from tests.query.conftest import ROOT, running_oxigraph

SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def build_of(seeds: list[Path], out: Path) -> set[str]:
    """`kg build` of `seeds` into `out` (kept between builds, as a daily feed keeps it);
    the article graph names of the result."""
    from kg.pipeline import build

    result = build([str(seed) for seed in seeds], Settings(out_dir=out))
    assert result.articles == len(seeds) and not result.skipped, result
    return article_graphs(out)


def article_graphs(path: Path) -> set[str]:
    return {name.value for name in read_graphs(path) if isinstance(name, ox.NamedNode)}


def everything(server: str) -> tuple[set[tuple[object, ...]], set[tuple[object, ...]]]:
    """Every quad the server holds: (default graph triples, named graph quads)."""
    default = query_endpoint(f"{server}/query", "SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
    named = query_endpoint(f"{server}/query", "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }")
    return set(default.rows), set(named.rows)


def push_cli(server: str, graph: Path, *extra: str) -> Result:
    args = ["push", "--endpoint", f"{server}/store", "--graph", str(graph), "-q", *extra]
    return CliRunner().invoke(app, args)


@pytest.fixture(scope="module")
def server_factory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[], str]]:
    """Starts fresh, empty Oxigraph servers on demand (`start()`), stopping them all at the
    end of the module."""
    import contextlib

    with contextlib.ExitStack() as stack:
        servers: list[str] = []

        def start() -> str:
            location = tmp_path_factory.mktemp("oxigraph-changed")
            servers.append(stack.enter_context(running_oxigraph(location)))
            return servers[-1]

        yield start


@dataclass(frozen=True)
class Grown:
    out: Path
    server: str
    four: set[str]
    five: set[str]
    first: Result
    second: Result
    requests: list[str]


@pytest.fixture(scope="module")
def grown(server_factory: Callable[[], str], tmp_path_factory: pytest.TempPathFactory) -> Grown:
    """Four seeds built and pushed with --changed, then a fifth added to the same build
    folder and pushed with --changed again; what each push said and sent."""
    out = tmp_path_factory.mktemp("feed") / "out"
    server = server_factory()
    four = build_of(SEEDS[:4], out)
    first = push_cli(server, out, "--changed")
    five = build_of(SEEDS, out)
    handler = _Requests()
    logger = logging.getLogger("kg.query.remote")
    logger.addHandler(handler)
    level = logger.level
    logger.setLevel(logging.INFO)
    try:
        second = push_cli(server, out, "--changed")
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    return Grown(out, server, four, five, first, second, handler.requests)


class _Requests(logging.Handler):
    """The Graph Store requests a push made, as its log lines name them."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.requests: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.requests.append(record.getMessage().rpartition(":")[0])


def test_first_changed_push_without_a_manifest_sends_everything(grown: Grown) -> None:
    first = grown.first
    assert first.exit_code == 0, first.output
    assert "kg: no push manifest: sending every graph" in first.stderr
    assert "pushed 4 article graphs and the default graph" in first.stdout


def test_adding_an_article_sends_its_graph_and_the_summaries_only(grown: Grown) -> None:
    second = grown.second
    assert second.exit_code == 0, second.output
    assert second.stderr == ""
    assert "pushed 1 article graphs and the default graph" in second.stdout
    assert "; 4 unchanged, 0 dropped" in second.stdout
    (new,) = grown.five - grown.four
    sent = [re.sub(r"^PUT \?", "", line) for line in grown.requests]
    assert sorted(sent) == sorted(["default", "graph=" + _quote(new)])


def test_the_store_then_holds_what_a_full_push_gives(
    grown: Grown, server_factory: Callable[[], str]
) -> None:
    fresh = server_factory()
    assert push_cli(fresh, grown.out).exit_code == 0
    assert everything(grown.server) == everything(fresh)


def test_an_article_gone_from_the_build_is_dropped(
    grown: Grown,
    server_factory: Callable[[], str],
    tmp_path: Path,
) -> None:
    server = server_factory()
    folder = tmp_path / "feed"
    folder.mkdir()
    shutil.copy(grown.out / "graph.trig", folder / "graph.trig")
    assert push_cli(server, folder, "--changed").exit_code == 0
    graphs = read_graphs(folder)
    gone = sorted(name for name in graphs if isinstance(name, ox.NamedNode))[0]
    quads = [
        ox.Quad(triple.subject, triple.predicate, triple.object, name)
        for name, triples in graphs.items()
        if name != gone
        for triple in triples
    ]
    (folder / "graph.trig").write_bytes(ox.serialize(quads, format=ox.RdfFormat.TRIG) or b"")
    result = push_cli(server, folder, "--changed")
    assert result.exit_code == 0, result.output
    assert re.search(
        r"pushed 0 article graphs \(0 triples\) to \S+; 5 unchanged, 1 dropped", result.stdout
    )
    fresh = server_factory()
    push_graph(folder, f"{fresh}/store")
    assert everything(server) == everything(fresh)
    recorded, _ = read_manifest(folder / MANIFEST_NAME, f"{server}/store")
    assert recorded is not None and not any(gone.value in target for target in _unquoted(recorded))


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("{not json", "corrupt push manifest (not JSON)"),
        (
            '{"version": 1, "endpoints": {"x": [1]}}',
            "corrupt push manifest (not the expected shape)",
        ),
        ('{"version": 1, "endpoints": {}}', "nothing pushed to this store before"),
    ],
)
def test_a_corrupt_manifest_means_a_full_push(
    grown: Grown,
    server_factory: Callable[[], str],
    tmp_path: Path,
    text: str,
    reason: str,
) -> None:
    server = server_factory()
    shutil.copy(grown.out / "graph.trig", tmp_path / "graph.trig")
    (tmp_path / MANIFEST_NAME).write_text(text)
    result = push_cli(server, tmp_path, "--changed")
    assert result.exit_code == 0, result.output
    assert result.stderr == f"kg: {reason}: sending every graph\n"
    assert "pushed 5 article graphs and the default graph" in result.stdout
    recorded, problem = read_manifest(tmp_path / MANIFEST_NAME, f"{server}/store")
    assert problem is None and recorded is not None and len(recorded) == 6
    assert not list(tmp_path.glob(f".{MANIFEST_NAME}-*")), "the staging file is renamed away"


def test_credentials_never_reach_the_manifest(grown: Grown, tmp_path: Path) -> None:
    shutil.copy(grown.out / "graph.trig", tmp_path / "graph.trig")
    server = grown.server
    with_secret = server.replace("http://", "http://ann:s3cr%40t@") + "/store"
    push_graph(tmp_path, with_secret, changed=True)
    text = (tmp_path / MANIFEST_NAME).read_text()
    assert "s3cr" not in text and "ann" not in text
    assert list(json.loads(text)["endpoints"]) == [f"{server}/store"]
    report = push_graph(tmp_path, with_secret, changed=True)
    assert (report.named_graphs, report.default_graph, report.unchanged) == (0, False, 6)


def test_hashes_are_of_content_not_order(grown: Grown) -> None:
    for triples in read_graphs(grown.out).values():
        assert content_hash(triples) == content_hash(reversed(triples))


def _quote(iri: str) -> str:
    import urllib.parse

    return urllib.parse.quote(iri, safe="")


def _unquoted(targets: dict[str, str]) -> list[str]:
    import urllib.parse

    return [urllib.parse.unquote(target) for target in targets]


# ---------------------------------------------------------------------------- the graph index


def test_the_build_index_gives_the_hashes_without_parsing_graph_trig(
    grown: Grown, server_factory: Callable[[], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """With graph-index.tsv beside graph.trig, --changed hashes nothing: the manifest keeps
    the index's block hashes, and only the graphs sent are parsed."""
    assert (grown.out / INDEX_NAME).is_file(), "the build writes its graph index"
    recorded, _ = read_manifest(grown.out / MANIFEST_NAME, f"{grown.server}/store")
    assert recorded is not None and all(h.startswith(BLOCK_HASH) for h in recorded.values())

    def no_parsing(*args: object, **kwargs: object) -> None:
        raise AssertionError("graph.trig parsed whole")

    monkeypatch.setattr(remote, "read_graphs", no_parsing)
    report = push_graph(grown.out, f"{grown.server}/store", changed=True)
    assert (report.named_graphs, report.default_graph, report.unchanged) == (0, False, 6)


def test_hashes_recorded_from_parsed_content_are_reconciled_not_resent(
    grown: Grown, server_factory: Callable[[], str], tmp_path: Path
) -> None:
    """A manifest of content hashes (a push without an index, or an older kg): the first
    push from the index parses each graph once to compare, sends nothing unchanged, and
    records the index's hashes."""
    server = server_factory()
    folder = tmp_path / "feed"
    folder.mkdir()
    shutil.copy(grown.out / "graph.trig", folder / "graph.trig")
    push_graph(folder, f"{server}/store", changed=True)  # no index: content hashes
    recorded, _ = read_manifest(folder / MANIFEST_NAME, f"{server}/store")
    assert recorded is not None and not any(h.startswith(BLOCK_HASH) for h in recorded.values())
    shutil.copy(grown.out / INDEX_NAME, folder / INDEX_NAME)
    report = push_graph(folder, f"{server}/store", changed=True)
    assert (report.named_graphs, report.default_graph, report.unchanged) == (0, False, 6)
    recorded, _ = read_manifest(folder / MANIFEST_NAME, f"{server}/store")
    assert recorded is not None and all(h.startswith(BLOCK_HASH) for h in recorded.values())


def test_a_stale_index_means_parsing_with_a_warning(
    grown: Grown,
    server_factory: Callable[[], str],
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    server = server_factory()
    folder = tmp_path / "feed"
    folder.mkdir()
    shutil.copy(grown.out / "graph.trig", folder / "graph.trig")
    index = (grown.out / INDEX_NAME).read_text()
    (folder / INDEX_NAME).write_text(index.replace(index.split("\t")[2], "0" * 64, 1))
    with caplog.at_level(logging.WARNING, logger="kg.query.graph_index"):
        report = push_graph(folder, f"{server}/store", changed=True)
    assert any("another graph.trig" in r.getMessage() for r in caplog.records)
    assert (report.named_graphs, report.default_graph) == (5, True)
    fresh = server_factory()
    push_graph(grown.out, f"{fresh}/store")
    assert everything(server) == everything(fresh)


# ---------------------------------------------------------------------------- SPARQL Update


@dataclass(frozen=True)
class Updated:
    out: Path
    server: str
    first: Result
    second: Result
    requests: list[str]


@pytest.fixture(scope="module")
def updated(server_factory: Callable[[], str], tmp_path_factory: pytest.TempPathFactory) -> Updated:
    """As `grown`, both pushes given the server's SPARQL Update URL."""
    out = tmp_path_factory.mktemp("feed-update") / "out"
    server = server_factory()
    build_of(SEEDS[:4], out)
    first = push_cli(server, out, "--changed", "--update-url", f"{server}/update")
    build_of(SEEDS, out)
    handler = _Requests()
    logger = logging.getLogger("kg.query.remote")
    logger.addHandler(handler)
    level = logger.level
    logger.setLevel(logging.INFO)
    try:
        second = push_cli(server, out, "--changed", "--update-url", f"{server}/update")
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    return Updated(out, server, first, second, handler.requests)


def test_with_an_update_url_the_changed_subjects_replace_the_default_graph_put(
    updated: Updated, server_factory: Callable[[], str]
) -> None:
    assert updated.first.exit_code == 0, updated.first.output
    assert "pushed 4 article graphs and the default graph" in updated.first.stdout
    second = updated.second
    assert second.exit_code == 0, second.output
    changed = re.search(r"pushed 1 article graphs and (\d+) default-graph subjects", second.stdout)
    assert changed is not None, second.stdout
    subjects = int(changed.group(1))
    total = sum(
        1 for line in (updated.out / INDEX_NAME).read_text().splitlines() if line[:2] == "d\t"
    )
    assert 0 < subjects < total
    assert "PUT ?default" not in updated.requests
    assert sum(line == "POST /update" for line in updated.requests) >= 1
    assert sum(line.startswith("PUT ?graph=") for line in updated.requests) == 1
    fresh = server_factory()
    push_graph(updated.out, f"{fresh}/store")
    assert everything(updated.server) == everything(fresh)
    recorded, _ = read_manifest(updated.out / MANIFEST_NAME, f"{updated.server}/store")
    assert recorded is not None and sum(t.startswith("subject=") for t in recorded) == total


def test_a_put_of_the_default_graph_forgets_subjects_pushed_without_the_update_url(
    updated: Updated, tmp_path: Path, server_factory: Callable[[], str]
) -> None:
    """Pushed once with subjects recorded, then the default graph PUT whole without the
    update URL: the manifest drops its subject entries, which no longer say what the store
    holds, and the next push with the update URL sends the default graph whole again."""
    server = server_factory()
    folder = tmp_path / "feed"
    folder.mkdir()
    for name in ("graph.trig", INDEX_NAME):
        shutil.copy(updated.out / name, folder / name)
    push_graph(folder, f"{server}/store", changed=True, update_url=f"{server}/update")
    recorded, _ = read_manifest(folder / MANIFEST_NAME, f"{server}/store")
    assert recorded is not None and any(t.startswith("subject=") for t in recorded)
    report = push_graph(folder, f"{server}/store")  # a full push, no update URL
    assert report.default_graph
    recorded, _ = read_manifest(folder / MANIFEST_NAME, f"{server}/store")
    assert recorded is not None and not any(t.startswith("subject=") for t in recorded)
