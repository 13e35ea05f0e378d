"""`kg query`, `kg export` and the --help of every query command, through the real CLI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from rdflib import Dataset

from kg.cli import app


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def out(tmp_path: Path, mini_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    shutil.copy(mini_path, folder / "graph.trig")
    return folder


@pytest.mark.parametrize("command", ["query", "serve", "push", "export"])
def test_commands_help(command: str) -> None:
    code, stdout, _ = run(command, "--help")
    assert code == 0 and "Usage:" in stdout


def test_commands_query_lists_saved_queries() -> None:
    code, stdout, _ = run("query", "--list")
    assert code == 0
    assert "who-threatens: Who threatens an actor" in stdout and "-p actor=" in stdout


def test_commands_query_saved_with_params(out: Path) -> None:
    code, stdout, stderr = run(
        "query",
        "leaders-and-officials",
        "-p",
        "actor=Niger",
        "-p",
        "actor=the junta",
        "--graph",
        str(out),
        "--format",
        "csv",
    )
    assert code == 0, stderr
    lines = stdout.splitlines()
    assert lines[0] == "actor,actorLabel,position,person,personLabel,role"
    assert [line.split(",")[4] for line in lines[1:]] == ["Mohamed Bazoum", "Abdourahamane Tiani"]


def test_commands_query_file_and_text(out: Path, tmp_path: Path) -> None:
    query = tmp_path / "blocs.rq"
    query.write_text("SELECT ?label WHERE { ?b a kg:Bloc ; rdfs:label ?label }")
    code, stdout, _ = run(
        "query", str(query), "--graph", str(out / "graph.trig"), "--format", "csv"
    )
    assert code == 0 and stdout.splitlines() == ["label", "ECOWAS"]
    code, stdout, _ = run(
        "query", "ASK { ?s kg:sanctions ?o }", "--graph", str(out), "--format", "json"
    )
    assert json.loads(stdout) == {"head": {}, "boolean": True}


@pytest.mark.parametrize(
    ("fmt", "start"), [("turtle", "@prefix"), ("ntriples", "<https://w3id.org/kg/id/actor/")]
)
def test_commands_query_construct(out: Path, fmt: str, start: str) -> None:
    code, stdout, _ = run(
        "query",
        "CONSTRUCT { ?s a kg:Bloc } WHERE { ?s a kg:Bloc }",
        "--graph",
        str(out),
        "--format",
        fmt,
    )
    assert code == 0 and stdout.startswith(start)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["SELEC nothing"], "kg: error: query: malformed SPARQL"),
        (["no-such-query"], "kg: error: no-such-query: no saved query of that name"),
        (["who-threatens", "-p", "country=Mali"], "no parameter 'country'"),
        (
            ["SELECT * WHERE { ?s ?p ?o }", "--format", "turtle"],
            "kg: error: query: turtle is not a format for SELECT",
        ),
    ],
)
def test_commands_query_errors_are_one_line(out: Path, args: list[str], message: str) -> None:
    code, _, stderr = run("query", *args, "--graph", str(out))
    assert code == 1 and message in stderr and len(stderr.strip().splitlines()) == 1


def test_commands_query_missing_graph(tmp_path: Path) -> None:
    code, _, stderr = run("query", "most-connected", "--graph", str(tmp_path / "nowhere"))
    assert code == 1 and "no such graph file or build folder" in stderr


def test_commands_query_without_query_is_a_usage_error() -> None:
    code, _, stderr = run("query")
    assert code == 2 and "give a query" in stderr


@pytest.mark.parametrize("name", ["net.graphml", "net.gexf", "graph.jsonld", "edges.csv"])
def test_commands_export(out: Path, tmp_path: Path, name: str) -> None:
    target = tmp_path / name
    code, stdout, stderr = run("export", str(target), "--graph", str(out))
    assert code == 0, stderr
    assert target.stat().st_size > 0 and stdout.startswith(f"wrote {target}")


@pytest.mark.parametrize(
    ("name", "message"),
    [("graph.xlsx", "unknown export format"), ("missing/net.gexf", "cannot write it")],
)
def test_commands_export_errors(out: Path, tmp_path: Path, name: str, message: str) -> None:
    code, _, stderr = run("export", str(tmp_path / name), "--graph", str(out))
    assert code == 1 and message in stderr and len(stderr.splitlines()) == 1


def test_commands_export_files_read_back(out: Path, tmp_path: Path) -> None:
    for name in ("net.graphml", "net.gexf", "graph.jsonld"):
        assert run("export", str(tmp_path / name), "--graph", str(out))[0] == 0
    graphml = nx.read_graphml(tmp_path / "net.graphml")
    gexf = nx.read_gexf(tmp_path / "net.gexf")
    assert graphml.number_of_nodes() == gexf.number_of_nodes() == 9
    assert graphml.number_of_edges() == gexf.number_of_edges() == 11  # alliesWith both ways
    dataset = Dataset()
    dataset.parse(tmp_path / "graph.jsonld", format="json-ld")
    assert len({q[:3] for q in dataset.quads()}) == 367
    assert {str(g.identifier) for g in dataset.graphs()} >= {
        "https://w3id.org/kg/id/article/a1",
        "https://w3id.org/kg/id/article/a2",
    }
