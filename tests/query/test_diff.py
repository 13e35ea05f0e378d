"""`kg diff OLD NEW`: every kind of change on hand-written graphs, no false differences, JSON,
the command in a subprocess, and the SPEC's acceptance on the seeds (four built, then five)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.query.diff import (
    Actor,
    ActorChange,
    Article,
    EdgeStats,
    GraphDiff,
    diff_graphs,
)
from kg.query.diff_report import from_json, render_text, to_json
from kg.vocab import KG_NS, RELATIONS

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures" / "diff"
OLD, NEW = FIXTURES / "old.trig", FIXTURES / "new.trig"
ROOT = HERE.parent.parent
ACTOR = "https://w3id.org/kg/id/actor/"
ARTICLE = "https://w3id.org/kg/id/article/"
RDF_STATEMENT = "http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


@pytest.fixture(scope="module")
def fixture_diff() -> GraphDiff:
    return diff_graphs(OLD, NEW)


def edge_triples(diff: GraphDiff, field: str) -> list[tuple[str, str, str]]:
    return [(e.subject.label, e.relation, e.object.label) for e in getattr(diff, field)]


def no_differences(diff: GraphDiff) -> bool:
    return not diff.has_differences and render_text(diff).endswith(": no differences\n")


# --------------------------------------------------------------------------------------
# Each kind of change, on old.trig -> new.trig
# --------------------------------------------------------------------------------------


def test_diff_articles(fixture_diff: GraphDiff) -> None:
    assert fixture_diff.articles_added == (Article(ARTICLE + "a3", "Russia and Niger"),)
    assert fixture_diff.articles_removed == ()
    assert fixture_diff.articles_replaced == (Article(ARTICLE + "a2", "Niger turns to Wagner"),)


def test_diff_actors(fixture_diff: GraphDiff) -> None:
    assert fixture_diff.actors_added == (
        Actor(ACTOR + "niger-river", "Niger", "Place"),
        Actor(ACTOR + "russia", "Russia", "State"),
    )
    assert fixture_diff.actors_removed == (Actor(ACTOR + "wagner", "Wagner Group", "ArmedGroup"),)
    assert fixture_diff.actors_changed == (
        ActorChange(
            Actor(ACTOR + "tiani", "Tiani", "Person"),
            Actor(ACTOR + "tiani", "Abdourahamane Tiani", "Official"),
        ),
    )


def test_diff_edges_added_and_removed(fixture_diff: GraphDiff) -> None:
    assert edge_triples(fixture_diff, "edges_added") == [("Russia", "cooperatesWith", "Niger")]
    assert fixture_diff.edges_added[0].stats == EdgeStats(0.7, 1, 1)
    assert fixture_diff.edges_added[0].object.iri == ACTOR + "niger"  # not the river
    assert edge_triples(fixture_diff, "edges_removed") == [
        ("Niger", "requestsAidFrom", "Wagner Group")
    ]
    assert fixture_diff.edges_removed[0].stats == EdgeStats(0.7, 1, None)


def test_diff_edges_changed(fixture_diff: GraphDiff) -> None:
    """Confidence and article count, and independent sources; not an independent source
    count only one build states, a confidence that moved by less than 1e-9, or a symmetric
    edge summarised the other way round."""
    changed = {(c.subject.label, c.relation, c.object.label): c for c in fixture_diff.edges_changed}
    assert list(changed) == [("ECOWAS", "sanctions", "Niger"), ("ECOWAS", "threatens", "Niger")]
    threatens = changed[("ECOWAS", "threatens", "Niger")]
    assert (threatens.old, threatens.new) == (EdgeStats(0.8, 1), EdgeStats(0.94, 2))
    sanctions = changed[("ECOWAS", "sanctions", "Niger")]
    assert (sanctions.old.independent_source_count, sanctions.new.independent_source_count) == (
        1,
        2,
    )


def test_diff_records_by_content(fixture_diff: GraphDiff) -> None:
    """Records whose IRI became a blank node or another IRI are the same record; a record
    whose offsets changed is one removed and one added."""

    def described(field: str) -> list[tuple[str, str, int | None, int | None]]:
        return [
            (r.article.iri.removeprefix(ARTICLE), r.predicate, r.char_start, r.char_end)
            for r in getattr(fixture_diff, field)
        ]

    assert described("records_added") == [
        ("a1", "sanctions", 24, 49),
        ("a3", "threatens", 0, 30),
        ("a3", "cooperatesWith", 31, 72),
    ]
    assert described("records_removed") == [
        ("a1", "sanctions", 24, 48),
        ("a2", "requestsAidFrom", 0, 28),
    ]
    removed = fixture_diff.records_removed[1]
    assert removed.evidence_text == "Niger asked Wagner for help."
    assert (removed.subject.label, removed.object.label) == ("Niger", "Wagner Group")
    assert removed.article.label == "Niger turns to Wagner"


def test_diff_text(fixture_diff: GraphDiff) -> None:
    text = render_text(fixture_diff)
    assert text.splitlines()[:5] == [
        f"kg diff {OLD} {NEW}",
        "  articles: 1 added, 0 removed, 1 replaced",
        "  actors: 2 added, 1 removed, 1 changed",
        "  edges: 1 added, 1 removed, 2 changed",
        "  statement records: 3 added, 2 removed",
    ]
    # two actors are called Niger: each time one is shown, so is its IRI
    assert f"  + Niger <{ACTOR}niger-river> (Place)" in text
    assert f"  + Russia cooperatesWith Niger <{ACTOR}niger> (confidence 0.700" in text
    assert "  - Wagner Group (ArmedGroup)" in text
    assert '  ~ Abdourahamane Tiani: class Person -> Official, label "Tiani" ->' in text
    assert "confidence 0.800 -> 0.940, articles 1 -> 2" in text
    assert ": independent sources 1 -> 2\n" in text
    assert text.endswith(
        "Statement records removed (2):\n"
        '  in "ECOWAS threatens Niger":\n'
        f"    - ECOWAS sanctions Niger <{ACTOR}niger>, chars 24-48: "
        '"ECOWAS sanctioned Niger."\n'
        '  in "Niger turns to Wagner":\n'
        f"    - Niger <{ACTOR}niger> requestsAidFrom Wagner Group, chars 0-28: "
        '"Niger asked Wagner for help."\n'
    )
    assert "Articles whose text changed (1):\n  ~ Niger turns to Wagner\n" in text
    assert ACTOR + "wagner" not in text  # a label no one else has needs no IRI
    assert render_text(diff_graphs(OLD, NEW)) == text  # stable


def test_diff_the_other_way_round(fixture_diff: GraphDiff) -> None:
    back = diff_graphs(NEW, OLD)
    assert back.articles_removed == fixture_diff.articles_added
    assert back.actors_added == fixture_diff.actors_removed
    assert back.actors_removed == fixture_diff.actors_added
    assert edge_triples(back, "edges_added") == edge_triples(fixture_diff, "edges_removed")
    assert [(c.old, c.new) for c in back.edges_changed] == [
        (c.new, c.old) for c in fixture_diff.edges_changed
    ]
    assert len(back.records_added) == len(fixture_diff.records_removed)


# --------------------------------------------------------------------------------------
# No false differences
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("graph", [OLD, NEW, HERE / "fixtures" / "mini.trig"])
def test_diff_graph_with_itself(graph: Path) -> None:
    assert no_differences(diff_graphs(graph, graph))


def reserialised(source: Path, target: Path, *, seed: str) -> Path:
    """`source` written again as N-Quads, each statement record a blank node (ids made
    from `seed`), the quads in another order."""
    quads = list(ox.parse(path=str(source), format=ox.RdfFormat.TRIG))
    records = {
        q.subject
        for q in quads
        if q.predicate.value == RDF_TYPE and q.object.value == RDF_STATEMENT
    }
    blank = {
        record: ox.BlankNode(f"{seed}{i}") for i, record in enumerate(sorted(records, key=str))
    }
    rewritten = [
        ox.Quad(blank.get(q.subject, q.subject), q.predicate, q.object, q.graph_name)
        for q in reversed(quads)
    ]
    target.write_bytes(ox.serialize(rewritten, format=ox.RdfFormat.N_QUADS) or b"")
    return target


def test_diff_reserialised_copies_with_other_blank_nodes(tmp_path: Path) -> None:
    first = reserialised(NEW, tmp_path / "first.nq", seed="x")
    second = reserialised(NEW, tmp_path / "second.nq", seed="record")
    assert no_differences(diff_graphs(NEW, first))
    assert no_differences(diff_graphs(first, second))
    assert to_json(diff_graphs(OLD, second)).replace(str(second), "NEW") == to_json(
        diff_graphs(OLD, NEW)
    ).replace(str(NEW), "NEW")


def test_diff_turtle_has_the_same_content_as_trig(tmp_path: Path) -> None:
    """A file of triples, the union of the TriG file's graphs, is the same build."""
    triples = {quad.triple for quad in ox.parse(path=str(OLD), format=ox.RdfFormat.TRIG)}
    turtle = tmp_path / "old.ttl"
    turtle.write_bytes(ox.serialize(sorted(triples, key=str), format=ox.RdfFormat.TURTLE) or b"")
    assert no_differences(diff_graphs(OLD, turtle))


def test_diff_build_folders(tmp_path: Path, fixture_diff: GraphDiff) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    for folder, graph in ((old, OLD), (new, NEW)):
        folder.mkdir()
        shutil.copy(graph, folder / "graph.trig")
    by_folder = diff_graphs(old, new)
    assert (by_folder.old, by_folder.new) == (str(old), str(new))
    assert to_json(by_folder).replace(str(old), "A").replace(str(new), "B") == to_json(
        fixture_diff
    ).replace(str(OLD), "A").replace(str(NEW), "B")


# --------------------------------------------------------------------------------------
# JSON
# --------------------------------------------------------------------------------------


def test_diff_json_round_trip(fixture_diff: GraphDiff) -> None:
    text = to_json(fixture_diff)
    assert from_json(text) == fixture_diff
    assert to_json(from_json(text)) == text


def test_diff_json_keys(fixture_diff: GraphDiff) -> None:
    document = json.loads(to_json(fixture_diff))
    lists = [
        f"{kind}_{change}"
        for kind, changes in (
            ("articles", ("added", "removed", "replaced")),
            ("actors", ("added", "removed", "changed")),
            ("edges", ("added", "removed", "changed")),
            ("records", ("added", "removed")),
        )
        for change in changes
    ]
    assert set(document) == {
        "format",
        "old",
        "new",
        "has_differences",
        "counts",
        "ambiguous_labels",
        *lists,
    }
    assert document["format"] == "kg-diff/1" and document["has_differences"] is True
    assert document["counts"] == {name: len(document[name]) for name in lists}
    assert document["ambiguous_labels"] == ["Niger"]
    assert document["edges_changed"][1] == {
        "subject": {"iri": ACTOR + "ecowas", "label": "ECOWAS"},
        "relation": "threatens",
        "object": {"iri": ACTOR + "niger", "label": "Niger"},
        "old": {"confidence": 0.8, "article_count": 1, "independent_source_count": None},
        "new": {"confidence": 0.94, "article_count": 2, "independent_source_count": None},
    }
    assert document["records_removed"][1] == {
        "article": {"iri": ARTICLE + "a2", "label": "Niger turns to Wagner"},
        "subject": {"iri": ACTOR + "niger", "label": "Niger"},
        "predicate": "requestsAidFrom",
        "object": {"iri": ACTOR + "wagner", "label": "Wagner Group"},
        "char_start": 0,
        "char_end": 28,
        "evidence_text": "Niger asked Wagner for help.",
    }
    assert document["actors_changed"][0]["new"] == {
        "iri": ACTOR + "tiani",
        "label": "Abdourahamane Tiani",
        "class": "Official",
    }


def test_diff_from_json_refuses_other_documents() -> None:
    with pytest.raises(ValueError, match="kg-diff/1"):
        from_json('{"format": "something else"}')
    with pytest.raises(ValueError, match="kg-diff/1"):
        from_json('{"format": "kg-diff/1", "old": "a"}')


# --------------------------------------------------------------------------------------
# The command, in a subprocess
# --------------------------------------------------------------------------------------


def kg(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kg", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
        check=False,
    )


def test_diff_command_text_and_exit_codes(fixture_diff: GraphDiff) -> None:
    done = kg("diff", OLD, NEW)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == render_text(fixture_diff)
    assert kg("diff", OLD, NEW, "--exit-code").returncode == 5
    same = kg("diff", OLD, OLD, "--exit-code")
    assert (same.returncode, same.stdout) == (0, f"kg diff {OLD} {OLD}: no differences\n")


def test_diff_command_json(fixture_diff: GraphDiff) -> None:
    done = kg("diff", "--json", OLD, NEW)
    assert done.returncode == 0
    assert from_json(done.stdout) == fixture_diff


def test_diff_command_help() -> None:
    done = kg("diff", "--help")
    assert done.returncode == 0
    assert "--exit-code" in done.stdout and "--json" in done.stdout


def test_diff_command_errors(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    done = kg("diff", missing, NEW)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr == f"kg: error: {missing}: no such graph file or build folder\n"

    broken = tmp_path / "broken.ttl"
    broken.write_text("this is not turtle <<<\n", encoding="utf-8")
    done = kg("diff", OLD, broken)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.startswith(f"kg: error: {broken}: not readable RDF")
    assert done.stderr.count("\n") == 1

    empty_folder = tmp_path / "empty"
    empty_folder.mkdir()
    done = kg("diff", empty_folder, NEW, "--exit-code")
    assert done.returncode == 1
    assert done.stderr.startswith(f"kg: error: {empty_folder}: no graph.trig")

    notes = tmp_path / "notes.txt"
    notes.write_text("hello\n", encoding="utf-8")
    done = kg("diff", OLD, notes)
    assert done.returncode == 1
    assert done.stderr.startswith(f"kg: error: {notes}: not a graph file")


# --------------------------------------------------------------------------------------
# SPEC §7 acceptance: four seeds built, then five
# --------------------------------------------------------------------------------------

SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


@pytest.fixture(scope="module")
def four_seeds_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The first four seeds built, named as `seed_build` names them (an article's IRI comes
    from its path, as given, below the folder or file given), so the fifth is all that
    differs."""
    from kg.config import Settings
    from kg.pipeline import build

    out = tmp_path_factory.mktemp("four-seeds") / "out"
    result = build([str(path) for path in SEEDS[:4]], Settings(out_dir=out, viewer=False))
    assert result.articles == 4 and not result.skipped
    return out


def select_one(build: Path, query: str) -> str:
    """The first value of the first row of a SELECT on a build's graph.trig, all graphs kept."""
    store = ox.Store()
    store.bulk_load(path=str(build / "graph.trig"), format=ox.RdfFormat.TRIG)
    solutions = store.query(query, use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)
    return str(next(iter(solutions))[0].value)


def article_of(build: Path, file: Path) -> str:
    """The IRI of the article read from `file` (its kg:origin ends with the file's name)."""
    return select_one(
        build,
        f"SELECT ?a WHERE {{ ?a <{KG_NS}origin> ?origin FILTER(STRENDS(?origin, '/{file.name}')) }}",
    )


def records_in(build: Path, article: str) -> int:
    """How many statement records the article's named graph holds."""
    return int(
        select_one(
            build,
            f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{article}> {{ ?r a <{RDF_STATEMENT}> }} }}",
        )
    )


@pytest.mark.model
def test_diff_lists_what_the_fifth_seed_added(four_seeds_build: Path, seed_build: Path) -> None:
    assert len(SEEDS) == 5
    fifth = article_of(seed_build, SEEDS[4])
    diff = diff_graphs(four_seeds_build, seed_build)

    assert [a.iri for a in diff.articles_added] == [fifth]
    assert diff.articles_removed == diff.articles_replaced == ()
    assert diff.records_removed == diff.edges_removed == diff.actors_removed == ()
    assert diff.records_added and {r.article.iri for r in diff.records_added} == {fifth}
    assert len(diff.records_added) == records_in(seed_build, fifth)

    supported = {(r.subject.iri, r.predicate, r.object.iri) for r in diff.records_added}
    symmetric = {r.value for r, info in RELATIONS.items() if info.symmetric}

    def backed(subject: str, relation: str, obj: str) -> bool:
        if (subject, relation, obj) in supported:
            return True
        return relation in symmetric and (obj, relation, subject) in supported

    assert diff.edges_added
    for edge in diff.edges_added:
        assert backed(edge.subject.iri, edge.relation, edge.object.iri), edge
        assert edge.stats.article_count == 1
    for change in diff.edges_changed:  # the fifth article's support raised them
        assert backed(change.subject.iri, change.relation, change.object.iri), change
        assert change.new.article_count == (change.old.article_count or 0) + 1
        assert (change.new.confidence or 0.0) > (change.old.confidence or 0.0)

    done = kg("diff", four_seeds_build, seed_build, "--exit-code")
    assert done.returncode == 5
    assert "  articles: 1 added, 0 removed, 0 replaced\n" in done.stdout
    assert f"  statement records: {len(diff.records_added)} added, 0 removed\n" in done.stdout


@pytest.mark.model
def test_diff_a_build_folder_against_its_own_turtle(seed_build: Path) -> None:
    assert no_differences(diff_graphs(seed_build, seed_build / "graph.ttl"))
