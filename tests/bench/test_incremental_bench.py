"""The pure helpers of bench/incremental_bench.py: held-out articles, the scaled corpus's
copies (distinct articles to kg), the rebuild's verdict and the identity check."""

from __future__ import annotations

import doctest
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

from kg.ingest.readers import read_jsonl
from kg.model import Article

ROOT = Path(__file__).resolve().parent.parent.parent


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "incremental_bench", ROOT / "bench" / "incremental_bench.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


bench = _load()


def record(identifier: str, text: str = "Peru arrested the leader of the siege.") -> str:
    return json.dumps({"id": identifier, "title": "Peru arrests siege leader", "text": text})


def test_docstring_examples() -> None:
    results = doctest.testmod(bench)
    assert results.attempted > 0
    assert results.failed == 0


def test_hold_out_takes_the_last_records_with_text_and_keeps_order() -> None:
    lines = [record("a"), record("b"), record("c", ""), record("d"), '{"id": "e"}']
    base, held = bench.hold_out(lines, 2)
    assert held == [record("b"), record("d")]
    assert base == [record("a"), record("c", ""), '{"id": "e"}']


def test_hold_out_of_more_than_there_is_holds_every_article() -> None:
    base, held = bench.hold_out([record("a"), "not json"], 5)
    assert (base, held) == (["not json"], [record("a")])


def test_interleave_mixes_the_corpora_then_runs_on() -> None:
    assert bench.interleave(["r1", "r2", "r3"], ["a1"]) == ["r1", "a1", "r2", "r3"]


def articles(lines: list[str]) -> list[Article]:
    found = read_jsonl(Path("scaled.jsonl"), "scaled.jsonl", "\n".join(lines))
    return [item for item in found if isinstance(item, Article)]


def test_copies_are_distinct_articles_with_distinct_texts_to_kg() -> None:
    copies = [bench.rekey(record("reuters21578-7"), copy) for copy in (1, 2, 3)]
    read = articles(copies)
    assert [a.key for a in read] == [
        "id:reuters21578-7~1",
        "id:reuters21578-7~2",
        "id:reuters21578-7~3",
    ]
    assert len({a.content_hash for a in read}) == 3
    assert read[0].text == articles([record("reuters21578-7")])[0].text
    assert read[2].text.endswith("Rerun 3.")


def test_scaled_records_stop_at_the_size_in_articles() -> None:
    source = [record("a"), record("b", ""), record("c")]
    scaled = list(bench.scaled_records(source, 5))
    assert [json.loads(line)["id"] for line in scaled] == [
        "a~1",
        "b~1",
        "c~1",
        "a~2",
        "b~2",
        "c~2",
        "a~3",
    ]
    assert sum(map(bench.is_article, scaled)) == 5


def test_a_record_that_is_no_article_stays_one_in_every_copy() -> None:
    copies = [bench.rekey(record("r", " "), copy, article=False) for copy in (1, 2)]
    assert [bench.is_article(line) for line in copies] == [False, False]


def test_scaled_records_with_a_copy_count_make_that_many_passes() -> None:
    scaled = list(bench.scaled_records([record("a"), record("b")], 100, copies=2))
    assert [json.loads(line)["id"] for line in scaled] == ["a~1", "b~1", "a~2", "b~2"]


def test_scaled_records_of_a_corpus_without_articles_end() -> None:
    assert list(bench.scaled_records([record("a", " ")], 10)) == []


def test_verdict_is_met_only_under_the_target() -> None:
    assert bench.verdict(bench.share_of(2.0, 100.0), 0.02) == ("< 2%", "NO")
    assert bench.verdict(bench.share_of(1.9, 100.0), 0.02) == ("< 2%", "yes")


def test_stage_line_prints_the_build_timings() -> None:
    report = {"timings_s": {"read_parse": 1.234, "link": 0.05}}
    assert bench.stage_line("agnews +10", report) == "agnews +10: read_parse 1.2s, link 0.1s"


PREFIXES = """@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix kg: <https://w3id.org/kg/ontology#> .
@prefix actor: <https://w3id.org/kg/id/actor/> .
@prefix article: <https://w3id.org/kg/id/article/> .
@prefix build: <https://w3id.org/kg/id/build/> .
@prefix statement: <https://w3id.org/kg/id/statement/> .
"""
GRAPH = """actor:niger a kg:State .
statement:1 prov:wasDerivedFrom article:1 .
"""


def build_provenance(*builds: str) -> str:
    return "".join(
        f"build:{b} a prov:Activity, kg:Build ; prov:used article:1 .\n"
        f"statement:1 prov:wasGeneratedBy build:{b} .\n"
        for b in builds
    )


def write_build(folder: Path, graph: str, html: str = "<html></html>") -> Path:
    folder.mkdir()
    (folder / "graph.ttl").write_text(PREFIXES + graph, encoding="utf-8")
    (folder / "graph.trig").write_text(PREFIXES + "article:1 {\n" + graph + "}\n", encoding="utf-8")
    (folder / "graph.html").write_text(html, encoding="utf-8")
    report = {"articles": 1, "entities": {"State": 1}, "triples": graph.count("\n")}
    (folder / "report.json").write_text(json.dumps(report), encoding="utf-8")
    return folder


def test_builds_differing_only_in_build_provenance_are_identical(tmp_path: Path) -> None:
    rebuilt = write_build(tmp_path / "rebuilt", GRAPH + build_provenance("old", "new"))
    scratch = write_build(tmp_path / "scratch", GRAPH + build_provenance("new"))
    same, said = bench.compare_builds(rebuilt, scratch, tmp_path)
    assert same, said
    assert "graph.ttl: raw bytes differ; without build provenance identical" in said[2]


def test_a_differing_triple_is_shown(tmp_path: Path) -> None:
    rebuilt = write_build(tmp_path / "rebuilt", GRAPH + build_provenance("a"))
    other = GRAPH.replace("kg:State", "kg:Place")
    scratch = write_build(tmp_path / "scratch", other + build_provenance("a"), "<html> </html>")
    same, said = bench.compare_builds(rebuilt, scratch, tmp_path)
    assert not same
    assert said[0] == "graph.html: DIFFERS"
    shown = "\n".join(said)
    assert (
        "- <https://w3id.org/kg/id/actor/niger> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/kg/ontology#State>"
        in shown
    )
    assert "+ <https://w3id.org/kg/id/actor/niger>" in shown
    assert "2 quads DIFFER" in shown


def test_identical_builds_compare_byte_for_byte(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rebuilt = write_build(tmp_path / "rebuilt", GRAPH + build_provenance("a"))
    scratch = write_build(tmp_path / "scratch", GRAPH + build_provenance("a"))
    assert bench.main(["--compare", str(rebuilt), str(scratch)]) == 0
    out = capsys.readouterr().out
    assert "graph.trig: raw bytes identical; without build provenance identical" in out
    assert out.endswith("identical\n")


def test_report_counts_that_differ_are_named() -> None:
    left = {"articles": 2, "entities": {"State": 1}, "triples": 10}
    right = {"articles": 2, "entities": {"State": 2}, "triples": 12}
    assert bench.report_differences(left, right) == ["entities: {'State': 1} != {'State': 2}"]


def test_without_build_provenance_the_bytes_must_match(tmp_path: Path) -> None:
    rebuilt = write_build(tmp_path / "rebuilt", GRAPH)
    reordered = "".join(reversed(GRAPH.splitlines(keepends=True)))
    scratch = write_build(tmp_path / "scratch", reordered)
    same, said = bench.compare_builds(rebuilt, scratch, tmp_path)
    assert not same
    assert "graph.ttl: raw bytes differ; without build provenance identical" in said[2]
    assert "    2 lines differ; the first:" in said


def test_a_rebuild_row_has_its_shares_of_the_first_build() -> None:
    first = bench.Run(seconds=200.0, peak_bytes=2**30, stdout="", cpu_seconds=300.0)
    rebuild = bench.Run(seconds=3.0, peak_bytes=2**29, stdout="", cpu_seconds=9.0)
    row = bench.table_row("agnews", "rebuild, +10 articles", rebuild, first, 0.02)
    assert row == [
        "agnews",
        "rebuild, +10 articles",
        "3.0",
        "1.5%",
        "< 2%",
        "yes",
        "0.50 GiB",
        "9",
        "3.0%",
    ]
    assert bench.table_row("agnews", "first build", first, None)[3:6] == ["", "", ""]
    assert len(bench.table([row])) == 3
