"""No repeated work: the build cache in out/, incremental merges and up-to-date builds."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import kg.parallel
import kg.pipeline
from kg.cli import app
from kg.config import Settings
from kg.extract import extract_article as real_extract
from kg.pipeline import BuildResult, build
from kg.state import CACHE_FILE, STATE_FILE

pytestmark = pytest.mark.model

TEXTS = {
    "a": "ECOWAS threatens Niger\n\nECOWAS imposed sanctions on Niger on Thursday after the "
    "coup. President Mohamed Bazoum was detained by the junta.\n",
    "b": "France and Niger\n\nNiger's junta severed military ties with France, the country's "
    "former colonial ruler. Mali and Burkina Faso condemned France.\n",
    "c": "Russia and Mali\n\nRussia supports Mali, officials in Bamako said on Monday. Talks "
    "between the two governments are expected to continue next week.\n",
}
GRAPH_FILES = ("graph.ttl", "graph.trig", "graph.html")


def _build(inputs: list[Path], out: Path, **options: object) -> BuildResult:
    return build([str(p) for p in inputs], Settings(out_dir=out, workers=1, **options))  # type: ignore[arg-type]


def _graph(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in GRAPH_FILES}


def _snapshot(out: Path) -> dict[str, tuple[int, int, int]]:
    return {
        p.name: (p.stat().st_ino, p.stat().st_mtime_ns, p.stat().st_size) for p in out.iterdir()
    }


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "in"
    folder.mkdir()
    paths = {}
    for name, text in TEXTS.items():
        paths[name] = folder / f"{name}.txt"
        paths[name].write_text(text, encoding="utf-8")
    return paths


def _records(path: Path, names: str) -> Path:
    path.write_text(
        "".join(json.dumps({"id": n, "text": TEXTS[n]}) + "\n" for n in names), encoding="utf-8"
    )
    return path


def test_pipeline_cache_unchanged_build_writes_only_its_report(
    files: dict[str, Path], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    first = _build([files["a"], files["b"]], out)
    assert first.parsed == 2 and not first.up_to_date
    before = _snapshot(out)
    result = CliRunner().invoke(app, ["build", str(files["a"]), str(files["b"]), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "unchanged: the outputs were already up to date; only report.json" in result.stdout
    assert "2 articles (0 added, 0 replaced, 2 unchanged, 0 skipped)" in result.stdout
    after = _snapshot(out)
    assert after.pop("report.json") != before.pop("report.json")
    assert after == before
    report = json.loads((out / "report.json").read_text())
    assert report["up_to_date"] and len(report["inputs"]["unchanged"]) == 2
    assert report["articles"] == 2 and report["triples"] == first.triples
    # a build of only some of them changes nothing either: the graph keeps what it had
    again = _build([files["b"]], out)
    assert again.up_to_date and again.articles == 2 and again.parsed == 0


def test_pipeline_cache_added_article_is_the_only_one_parsed(
    files: dict[str, Path], tmp_path: Path
) -> None:
    out, scratch = tmp_path / "out", tmp_path / "scratch"
    _build([files["a"], files["b"]], out)
    result = _build([files["a"], files["b"], files["c"]], out)
    assert result.parsed == 1 and len(result.added) == 1 and len(result.unchanged) == 2
    _build([files["a"], files["b"], files["c"]], scratch)
    assert _graph(out) == _graph(scratch)


def test_pipeline_cache_grown_jsonl_reads_only_new_lines(tmp_path: Path) -> None:
    out, scratch = tmp_path / "out", tmp_path / "scratch"
    records = _records(tmp_path / "records.jsonl", "ab")
    _build([records], out)
    with records.open("a", encoding="utf-8") as handle:
        handle.write("{broken\n" + json.dumps({"id": "c", "text": TEXTS["c"]}) + "\n")
    result = _build([records], out)
    assert result.parsed == 1 and result.added == ["id:c"]
    assert [str(s) for s in result.skipped] == [
        f"{records}:3: malformed JSON (Expecting property name enclosed in double quotes at column 2)"
    ]
    _build([records], scratch)
    assert _graph(out) == _graph(scratch)


def test_pipeline_cache_jsonl_grown_by_blank_lines_is_unchanged(tmp_path: Path) -> None:
    out = tmp_path / "out"
    records = _records(tmp_path / "records.jsonl", "ab")
    _build([records], out)
    with records.open("a", encoding="utf-8") as handle:
        handle.write("\n  \n")
    result = _build([records], out)
    assert result.up_to_date and not result.skipped and result.parsed == 0


def test_pipeline_cache_changed_record_replaces_it(tmp_path: Path) -> None:
    out = tmp_path / "out"
    records = _records(tmp_path / "records.jsonl", "ab")
    _build([records], out)
    records.write_text(
        json.dumps({"id": "a", "text": TEXTS["c"]})
        + "\n"
        + json.dumps({"id": "b", "text": TEXTS["b"]})
        + "\n"
    )
    result = _build([records], out)
    assert result.parsed == 1 and result.replaced == ["id:a"] and result.unchanged == ["id:b"]
    graph = (out / "graph.ttl").read_text()
    assert "kg:sanctions" not in graph and "kg:supports" in graph


def test_pipeline_cache_other_pipeline_version_is_redone(
    files: dict[str, Path], tmp_path: Path
) -> None:
    out, scratch = tmp_path / "out", tmp_path / "scratch"
    _build([files["a"], files["b"]], out)
    _build([files["a"], files["b"]], scratch)
    state = out / STATE_FILE
    lines = [json.loads(line) for line in state.read_text().splitlines()]
    for line in lines:
        line["pipeline"] = "kg-pipeline/0.0.1"
    state.write_text("".join(json.dumps(line) + "\n" for line in lines))
    # only b is an input now: a is redone from its stored text
    result = _build([files["b"]], out)
    assert result.parsed == 2 and result.replaced == ["path:" + str(files["b"])]
    assert _graph(out) == _graph(scratch)
    assert _build([files["b"]], out).up_to_date


@pytest.mark.parametrize("chunk_size", [1, 32])
def test_pipeline_cache_older_lines_are_redone_among_kept_ones(
    files: dict[str, Path], tmp_path: Path, chunk_size: int
) -> None:
    """One pass over the previous state keeps the current lines and parses the older
    pipeline's again, in groups as they come; every article stays, once."""
    out, scratch = tmp_path / "out", tmp_path / "scratch"
    every = [files["a"], files["b"], files["c"]]
    _build(every, out)
    _build(every, scratch)
    state = out / STATE_FILE
    lines = [json.loads(line) for line in state.read_text().splitlines()]
    older = "path:" + str(files["b"])
    for line in lines:
        if line["article"]["key"] == older:
            line["pipeline"] = "kg-pipeline/0.0.1"
    state.write_text("".join(json.dumps(line) + "\n" for line in lines))
    result = _build([files["a"]], out, chunk_size=chunk_size)
    assert result.parsed == 1 and result.articles == 3 and result.unchanged
    assert _graph(out) == _graph(scratch)
    keys = [json.loads(line)["article"]["key"] for line in state.read_text().splitlines()]
    assert sorted(keys) == sorted("path:" + str(p) for p in every)
    assert _build([files["a"]], out, chunk_size=chunk_size).up_to_date


@pytest.mark.parametrize("damage", ["delete-viewer", "corrupt-cache", "other-options"])
def test_pipeline_cache_rewrites_outputs_that_do_not_match(
    files: dict[str, Path], tmp_path: Path, damage: str
) -> None:
    out = tmp_path / "out"
    _build([files["a"], files["b"]], out)
    expected = _graph(out)
    options: dict[str, object] = {}
    if damage == "delete-viewer":
        (out / "graph.html").unlink()
    elif damage == "corrupt-cache":
        (out / CACHE_FILE).write_text("{")
    else:
        options["viewer_max_actors"] = 1
    result = _build([files["a"], files["b"]], out, **options)
    assert not result.up_to_date and result.parsed == 0
    assert (out / "graph.ttl").read_bytes() == expected["graph.ttl"]
    if damage != "other-options":
        assert _graph(out) == expected


def test_pipeline_cache_viewer_cap_keeps_the_graph(files: dict[str, Path], tmp_path: Path) -> None:
    full, capped = tmp_path / "full", tmp_path / "capped"
    _build(list(files.values()), full)
    result = _build(list(files.values()), capped, viewer_max_actors=3)
    assert (capped / "graph.ttl").read_bytes() == (full / "graph.ttl").read_bytes()
    assert result.viewer["actors_total"] > result.viewer["actors"] >= 3
    assert result.viewer["edges"] < result.viewer["edges_total"]
    report = json.loads((capped / "report.json").read_text())
    assert report["viewer"] == result.viewer


def test_pipeline_cache_extractor_failure_costs_one_article(
    files: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    real_pipeline = kg.parallel.worker_pipeline

    def failing(doc, article, resources):  # type: ignore[no-untyped-def]
        if article.key.endswith("b.txt"):
            raise KeyError("wd:Q30")
        return real_extract(doc, article, resources)

    monkeypatch.setattr(kg.parallel, "extract_article", failing)
    result = _build([files["a"], files["b"]], out)
    reasons = ["internal error while extracting (KeyError: 'wd:Q30')"]
    assert result.articles == 1 and [s.reason for s in result.skipped] == reasons
    # the same pipeline would fail the same way: nothing is parsed again
    again = _build([files["a"], files["b"]], out)
    assert again.up_to_date and again.parsed == 0
    assert [s.reason for s in again.skipped] == reasons
    # a fixed pipeline (another version) parses everything again, b included
    monkeypatch.setattr(kg.parallel, "extract_article", real_extract)
    monkeypatch.setattr(kg.pipeline, "pipeline_version", lambda *_: "kg-pipeline/fixed")
    monkeypatch.setattr(
        kg.parallel,
        "worker_pipeline",
        lambda config: (*real_pipeline(config)[:2], "kg-pipeline/fixed"),
    )
    fixed = _build([files["a"], files["b"]], out)
    assert fixed.articles == 2 and fixed.parsed == 2 and not fixed.skipped


SPARQL_SHAPE = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix kg: <https://w3id.org/kg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
kg:NoNigerShape a sh:NodeShape ;
    sh:targetClass kg:State ;
    sh:sparql [
        sh:message "no State may be called Niger" ;
        sh:select "SELECT $this WHERE { $this <http://www.w3.org/2000/01/rdf-schema#label> 'Niger' }" ;
    ] .
"""


@pytest.mark.parametrize("custom", [False, True], ids=["native", "pyshacl"])
def test_pipeline_validation_takes_pyshacl_for_shapes_beyond_the_native_validator(
    files: dict[str, Path], tmp_path: Path, custom: bool
) -> None:
    """The project's shapes are checked by `kg.graph.shacl`; shapes it cannot read (here a
    SPARQL constraint) by pySHACL, over the whole graph."""
    ontology = tmp_path / "ontology"
    shutil.copytree(Settings().ontology_dir, ontology)
    if custom:
        with (ontology / "shapes.ttl").open("a", encoding="utf-8") as shapes:
            shapes.write(SPARQL_SHAPE)
    out = tmp_path / "out"
    result = _build([files["a"]], out, ontology_dir=ontology)
    assert result.validation is not None
    if custom:
        assert not result.validation.conforms
        assert any("no State may be called Niger" in m for m in result.validation.messages)
    else:
        assert result.validation.conforms
