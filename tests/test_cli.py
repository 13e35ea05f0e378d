"""The `kg` command end to end on small inputs, with the real spaCy model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import app
from kg.render import graph_view

pytestmark = pytest.mark.model

ARTICLE_A = (
    "ECOWAS threatens Niger\n\n"
    "ECOWAS imposed sanctions on Niger on Thursday after the coup. "
    "President Mohamed Bazoum was detained by the junta.\n"
)
ARTICLE_B = (
    "France and Niger\n\n"
    "Niger's junta severed military ties with France, the country's former colonial ruler. "
    "Mali and Burkina Faso condemned France.\n"
)


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE_A, encoding="utf-8")
    (folder / "b.txt").write_text(ARTICLE_B, encoding="utf-8")
    return folder


@pytest.mark.parametrize("command", [[], ["build"], ["validate"], ["query"]])
def test_cli_help(command: list[str]) -> None:
    code, out, _ = _run(*command, "--help")
    assert code == 0 and "Usage:" in out


def test_cli_build_writes_every_output(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, stdout, _ = _run("build", str(corpus), "--out", str(out), "-q")
    assert code == 0, stdout
    for name in ("graph.ttl", "graph.trig", "graph.html", "report.json"):
        assert (out / name).stat().st_size > 0
    report = json.loads((out / "report.json").read_text())
    assert report["articles"] == 2 and report["validation"]["conforms"]
    assert report["relations"].get("sanctions") == 1
    assert "SHACL: conforms" in stdout


def test_cli_build_is_idempotent_and_incremental(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert _run("build", str(corpus / "a.txt"), "--out", str(out), "-q")[0] == 0
    first = (out / "graph.ttl").read_bytes()
    assert _run("build", str(corpus / "a.txt"), "--out", str(out), "-q")[0] == 0
    assert (out / "graph.ttl").read_bytes() == first
    report = json.loads((out / "report.json").read_text())
    assert report["inputs"]["unchanged"] == ["path:" + str(corpus / "a.txt")]
    assert _run("build", str(corpus / "b.txt"), "--out", str(out), "-q")[0] == 0
    report = json.loads((out / "report.json").read_text())
    assert report["articles"] == 2 and len(report["inputs"]["added"]) == 1


def test_cli_build_replaces_changed_article(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert _run("build", str(corpus), "--out", str(out), "-q")[0] == 0
    assert "sanctions" in (out / "graph.ttl").read_text()
    (corpus / "a.txt").write_text(
        "Quiet day\n\nRussia supports Mali, officials in Bamako said on Monday. "
        "Talks between the two governments are expected to continue next week.\n",
        encoding="utf-8",
    )
    assert _run("build", str(corpus), "--out", str(out), "-q")[0] == 0
    graph = (out / "graph.ttl").read_text()
    assert "kg:sanctions" not in graph and "kg:supports" in graph
    report = json.loads((out / "report.json").read_text())
    assert report["articles"] == 2 and len(report["inputs"]["replaced"]) == 1


def test_cli_build_skips_bad_inputs_and_keeps_going(corpus: Path, tmp_path: Path) -> None:
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (corpus / "latin1.txt").write_bytes(
        "Caf\xe9 au lait and more text here. ".encode("latin-1") * 5
    )
    out = tmp_path / "out"
    code, stdout, stderr = _run(
        "build", str(corpus), str(tmp_path / "missing.txt"), "--out", str(out), "-q"
    )
    assert code == 3
    for name in ("empty.txt", "binary.txt", "latin1.txt", "missing.txt"):
        lines = [line for line in stderr.splitlines() if name in line]
        assert len(lines) == 1, stderr
    assert "2 articles" in stdout


def test_cli_interrupted_build_leaves_outputs(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    assert _run("build", str(corpus / "a.txt"), "--out", str(out), "-q")[0] == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def interrupt(*_: object, **__: object) -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr(graph_view, "render_graph_page", interrupt)
    code, _, stderr = _run("build", str(corpus), "--out", str(out), "-q")
    assert code == 130 and "interrupted" in stderr
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_cli_unreadable_state_is_fatal_and_harmless(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert _run("build", str(corpus / "a.txt"), "--out", str(out), "-q")[0] == 0
    (out / "extractions.jsonl").write_text("{not json\n")
    ttl = (out / "graph.ttl").read_bytes()
    code, _, stderr = _run("build", str(corpus), "--out", str(out), "-q")
    assert code == 1 and "extractions.jsonl:1" in stderr
    assert (out / "graph.ttl").read_bytes() == ttl


def test_cli_validate_and_query(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert _run("build", str(corpus), "--out", str(out), "-q")[0] == 0
    code, stdout, _ = _run("validate", str(out / "graph.ttl"))
    assert code == 0 and "conforms" in stdout
    code, stdout, _ = _run(
        "query",
        "SELECT ?label WHERE { ?s kg:sanctions ?o . ?o rdfs:label ?label }",
        "--graph",
        str(out / "graph.ttl"),
        "--format",
        "csv",
    )
    assert code == 0 and stdout.splitlines() == ["label", "Niger"]


@pytest.mark.parametrize("engine", [[], ["--pyshacl"]], ids=["native", "pyshacl"])
def test_cli_validate_reports_violations(tmp_path: Path, engine: list[str]) -> None:
    graph = tmp_path / "broken.ttl"
    graph.write_text(
        "@prefix kg: <https://w3id.org/kg/ontology#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        '<https://x/niger> a kg:State ; rdfs:label "Niger", "Niger Republic" .\n',
        encoding="utf-8",
    )
    code, stdout, _ = _run("validate", str(graph), *engine)
    assert code == 4
    assert stdout.splitlines() == [
        f"{graph}: 1 SHACL violations",
        "  https://x/niger http://www.w3.org/2000/01/rdf-schema#label: "
        "An entity has exactly one rdfs:label, a string literal.",
    ]


def test_cli_query_malformed_is_one_line_error(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert _run("build", str(corpus / "a.txt"), "--out", str(out), "-q")[0] == 0
    code, _, stderr = _run("query", "SELEC nonsense", "--graph", str(out / "graph.ttl"))
    assert code == 1 and len(stderr.strip().splitlines()) == 1
