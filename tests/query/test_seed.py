"""Every saved query and the notebook on a real build of seeds/ (the spaCy model).

Extraction improves over time, so these assert properties that must hold of any build,
never today's particular answers; exact answers are test_saved.py's, on the mini graph.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from rdflib import RDF, RDFS, Graph, Namespace
from rdflib.namespace import PROV, SKOS

from kg.graph.store import read_graph
from kg.query.saved import bind_params, saved_queries
from kg.query.sparql import run_query
from kg.query.store import Source, load_source
from kg.vocab import KG_NS
from tests.query.conftest import MINI, ROOT

pytestmark = pytest.mark.model

KG = Namespace(KG_NS)
COLUMNS = {
    "who-threatens": (
        "subject",
        "subjectLabel",
        "subjectClass",
        "object",
        "objectLabel",
        "confidence",
        "statements",
        "articles",
    ),
    "who-sanctions": (
        "subject",
        "subjectLabel",
        "subjectClass",
        "object",
        "objectLabel",
        "confidence",
        "statements",
        "articles",
    ),
    "who-condemns": (
        "subject",
        "subjectLabel",
        "subjectClass",
        "object",
        "objectLabel",
        "confidence",
        "statements",
        "articles",
    ),
    "allies-and-opponents": (
        "actor",
        "actorLabel",
        "stance",
        "other",
        "otherLabel",
        "otherClass",
        "relation",
        "direction",
    ),
    "leaders-and-officials": ("actor", "actorLabel", "position", "person", "personLabel", "role"),
    "edge-evidence": (
        "subjectLabel",
        "relation",
        "objectLabel",
        "evidence",
        "article",
        "title",
        "source",
        "published",
        "origin",
        "charStart",
        "charEnd",
        "confidence",
        "extractor",
        "attributedTo",
        "eventDate",
        "statement",
    ),
    "timeline": (
        "date",
        "subjectLabel",
        "relation",
        "objectLabel",
        "evidence",
        "article",
        "title",
        "statement",
    ),
    "most-connected": ("rank", "actor", "label", "class", "degree", "outgoing", "incoming"),
    "single-source": ("actor", "label", "class", "statements", "article", "title"),
}


@pytest.fixture(scope="module")
def seed_source(seed_build: Path) -> Source:
    return load_source(seed_build)  # the persisted store, as `kg query` uses it


@pytest.fixture(scope="module")
def seed_graph(seed_build: Path) -> Graph:
    return read_graph(str(seed_build / "graph.trig"))  # rdflib, for independent checks


def _names(graph: Graph, actor: object) -> set[str]:
    names = {str(n) for n in graph.objects(actor, RDFS.label)} | {
        str(n) for n in graph.objects(actor, SKOS.altLabel)
    }  # type: ignore[arg-type]
    return {_fold(n) for n in names}


def _fold(text: str) -> str:
    return text.replace("\u2019", "'").casefold()


def test_seed_columns_cover_every_saved_query() -> None:
    assert set(COLUMNS) == set(saved_queries())


@pytest.mark.parametrize("name", sorted(COLUMNS))
@pytest.mark.parametrize("everyone", [False, True], ids=["defaults", "any"])
def test_seed_saved_query_runs_with_its_columns(
    seed_source: Source, name: str, everyone: bool
) -> None:
    query = saved_queries()[name]
    text = bind_params(query, {p.name: "*" for p in query.params}) if everyone else query.text
    assert run_query(seed_source, text).columns == COLUMNS[name]


@pytest.mark.parametrize("relation", ["threatens", "sanctions", "condemns"])
def test_seed_hostile_edges_are_backed_by_evidence_naming_the_subject(
    seed_source: Source, seed_graph: Graph, relation: str
) -> None:
    for actor in ("Niger", "*"):
        result = run_query(
            seed_source, bind_params(saved_queries()[f"who-{relation}"], {"actor": actor})
        )
        for row in result:
            if actor == "Niger":
                assert "niger" in _names(seed_graph, _iri(row["object"]))
            statements = [
                s
                for s in seed_graph.subjects(RDF.subject, _iri(row["subject"]))
                if (s, RDF.type, RDF.Statement) in seed_graph
                and (s, RDF.predicate, KG[relation]) in seed_graph
                and (s, RDF.object, _iri(row["object"])) in seed_graph
            ]
            assert len(statements) == row["statements"] >= 1
            texts = [_fold(str(seed_graph.value(s, KG.evidenceText))) for s in statements]
            names = _names(seed_graph, _iri(row["subject"]))
            assert any(name in text for text in texts for name in names), (row, texts)
            assert 0 < row["confidence"] <= 1


def test_seed_most_connected_counts_edge_summaries(seed_source: Source, seed_graph: Graph) -> None:
    degree: dict[str, int] = defaultdict(int)
    for edge in seed_graph.subjects(RDF.type, KG.Edge):
        degree[str(seed_graph.value(edge, RDF.subject))] += 1
        degree[str(seed_graph.value(edge, RDF.object))] += 1
    rows = run_query(seed_source, saved_queries()["most-connected"].text).records()
    assert 0 < len(rows) <= 25
    assert [r["degree"] for r in rows] == sorted((r["degree"] for r in rows), reverse=True)
    for row in rows:
        assert row["degree"] == degree[row["actor"]] == row["outgoing"] + row["incoming"]
    assert rows[0]["degree"] == max(degree.values())
    assert [r["rank"] for r in rows] == list(range(1, len(rows) + 1))


def test_seed_most_connected_takes_how_many(seed_source: Source) -> None:
    query = saved_queries()["most-connected"]
    three = run_query(seed_source, bind_params(query, {"top": "3"})).records()
    every = run_query(seed_source, bind_params(query, {"top": "*"})).records()
    edges = run_query(
        seed_source, "SELECT DISTINCT ?a WHERE { ?e a kg:Edge ; rdf:subject|rdf:object ?a }"
    )
    assert [r["rank"] for r in three] == [1, 2, 3]
    assert len(every) == len(edges.rows) > 25
    assert every[:3] == three


def test_seed_single_source_actors_have_one_article(seed_source: Source, seed_graph: Graph) -> None:
    sources: dict[str, set[str]] = defaultdict(set)
    for statement in seed_graph.subjects(RDF.type, RDF.Statement):
        article = str(seed_graph.value(statement, PROV.wasDerivedFrom))
        for end in (RDF.subject, RDF.object):
            sources[str(seed_graph.value(statement, end))].add(article)
    rows = run_query(seed_source, saved_queries()["single-source"].text).records()
    assert {r["actor"] for r in rows} == {a for a, arts in sources.items() if len(arts) == 1}
    for row in rows:
        assert sources[row["actor"]] == {row["article"]}


def test_seed_leaders_and_officials_hold_their_edge(seed_source: Source, seed_graph: Graph) -> None:
    query = bind_params(saved_queries()["leaders-and-officials"], {"actor": "*"})
    for row in run_query(seed_source, query):
        relation = KG.leaderOf if row["position"] == "leader" else KG.officialOf
        assert (_iri(row["person"]), relation, _iri(row["actor"])) in seed_graph


def _iri(value: str):  # type: ignore[no-untyped-def]
    from rdflib import URIRef

    return URIRef(value)


@pytest.mark.parametrize("graph", ["seed", "mini"])
def test_seed_notebook_runs_top_to_bottom(
    seed_build: Path, graph: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """notebooks/explore.ipynb in a python3 kernel of this venv, on the seed build's
    graph.ttl (with its viewer) and on the mini graph (which has dated events to plot)."""
    path = seed_build / "graph.ttl" if graph == "seed" else MINI
    monkeypatch.setenv("KG_GRAPH", str(path))
    notebook = nbformat.read(ROOT / "notebooks" / "explore.ipynb", as_version=4)
    client = NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(ROOT / "notebooks")}},
    )
    client.execute()  # raises CellExecutionError on any error
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) >= (3 if graph == "mini" else 2)  # centrality, ego network (and timeline)
    html = [o for o in outputs if "<iframe srcdoc=" in o.get("data", {}).get("text/html", "")]
    assert len(html) == (1 if graph == "seed" else 0)
