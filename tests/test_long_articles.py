"""Articles longer than spaCy's limit (1,000,000 characters) are parsed in pieces and joined
back, with the article's own character offsets; one article's failure is a skip of that
article, not the end of the build."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import kg.nlp.pieces
from kg.cli import app
from kg.model import Skipped
from kg.nlp.pieces import MAX_PIECE_CHARS, ParseFailure, parse_texts, piece_ends, split_text

LONG_CHARS = 1_100_000
CLOSING = "ECOWAS threatened Niger with sanctions."

PARAGRAPHS = (
    "Update {n}: Officials in Niamey said on day {day} that talks with the junta had "
    "stalled again, and that the border with Benin would stay closed until further notice.",
    "Update {n}: Ministers of the West African bloc met in Abuja for the {day}th time this "
    "year to weigh the cost of a military intervention against the cost of waiting.",
    "Update {n}: Traders at the main market reported that the price of rice had risen by "
    "{pct} percent since the coup, as lorries queued for days at the Nigerian border.",
    "Update {n}: The French embassy said {count} of its citizens had left on evacuation "
    "flights, while protesters gathered outside its gates for a {day}th day.",
    "Update {n}: Analysts in Dakar noted that {count} soldiers had been placed on standby, "
    "though no date for any deployment had been set by the regional governments.",
    "Update {n}: Aid agencies warned that {count} families in the Tillaberi region were "
    "short of food after the sanctions cut off deliveries of grain for {day} days.",
)


def long_article(chars: int = LONG_CHARS) -> str:
    """A live blog of distinct news paragraphs (repeats would be dropped as boilerplate),
    `chars` long, ending with a sentence the extractor reads as a relation."""
    parts = ["Sahel crisis: live updates\n\n"]
    size = len(parts[0])
    n = 0
    while size < chars - len(CLOSING) - 1:
        template = PARAGRAPHS[n % len(PARAGRAPHS)]
        text = template.format(n=n + 1, day=n % 97 + 2, pct=n % 41 + 3, count=n * 7 + 11) + "\n\n"
        parts.append(text)
        size += len(text)
        n += 1
    parts.append(CLOSING + "\n")
    return "".join(parts)


# --------------------------------------------------------------------------------------
# Splitting (no model)
# --------------------------------------------------------------------------------------


def test_pieces_end_at_paragraphs_and_join_exactly() -> None:
    text = long_article(60_000)
    pieces = split_text(text, 10_000)
    assert "".join(pieces) == text
    assert all(len(p) <= 10_000 for p in pieces)
    assert all(p.endswith("\n\n") for p in pieces[:-1])


def test_short_text_is_one_piece() -> None:
    assert split_text("Niger closed its airspace.", 26) == ("Niger closed its airspace.",)
    assert piece_ends("", 10) == [0]


def test_without_paragraphs_a_piece_ends_after_a_sentence_then_a_space() -> None:
    text = "The junta spoke. " * 20
    assert all(p.endswith(". ") for p in split_text(text, 50))
    words = "word " * 40
    assert all(p.endswith(" ") for p in split_text(words, 32))
    assert split_text("x" * 25, 10) == ("x" * 10, "x" * 10, "x" * 5)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab .\n\t", max_size=300), st.integers(1, 40))
def test_pieces_always_rejoin_to_the_text(text: str, limit: int) -> None:
    pieces = split_text(text, limit)
    assert "".join(pieces) == text
    assert all(0 < len(p) <= limit for p in pieces) or text == ""


# --------------------------------------------------------------------------------------
# Parsing (model)
# --------------------------------------------------------------------------------------


@pytest.mark.model
def test_joined_doc_keeps_text_offsets_and_entities(nlp: Any) -> None:
    text = long_article(25_000)
    [(doc, context)] = list(parse_texts(nlp, [(text, "long")], batch_size=4, limit=3_000))
    whole = nlp(text)
    assert context == "long"
    assert doc.text == text
    assert [(t.idx, t.text) for t in doc] == [(t.idx, t.text) for t in whole]
    assert [(e.start_char, e.end_char, e.label_, e.ent_id_) for e in doc.ents] == [
        (e.start_char, e.end_char, e.label_, e.ent_id_) for e in whole.ents
    ]
    last = list(doc.sents)[-1]
    assert last.text.strip() == CLOSING


@pytest.mark.model
def test_a_text_spacy_fails_on_costs_only_that_text(nlp: Any) -> None:
    texts = [("Niger closed its airspace.", 0), ("x" * (nlp.max_length + 1), 1), ("Mali.", 2)]
    results = list(parse_texts(nlp, texts, batch_size=8, limit=nlp.max_length + 10))
    assert [c for _, c in results] == [0, 1, 2]
    assert isinstance(results[1][0], ParseFailure)
    assert "E088" in results[1][0].reason()
    assert results[0][0].text == texts[0][0]  # type: ignore[union-attr]
    assert results[2][0].text == "Mali."  # type: ignore[union-attr]


@pytest.mark.model
def test_a_long_article_builds_with_a_short_one(tmp_path: Path) -> None:
    """A 1.1 MB article (over spaCy's 1,000,000 characters) and a short one: both built,
    and the relation in the long one's last sentence has its offsets in the article."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    text = long_article()
    assert len(text) > 1_000_000 > 10 * MAX_PIECE_CHARS
    (inputs / "long.txt").write_text(text, encoding="utf-8")
    (inputs / "short.txt").write_text(SHORT, encoding="utf-8")
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "kg", "build", str(inputs), "--out", str(out), "-q", "-j", "1"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    store = ox.Store()
    store.load(path=str(out / "graph.trig"), format=ox.RdfFormat.TRIG)
    origins = _select(store, "SELECT ?origin WHERE { ?a a kg:Article ; kg:origin ?origin }")
    assert sorted(row["origin"] for row in origins) == [
        str(inputs / "long.txt"),
        str(inputs / "short.txt"),
    ]
    body = _article_text(out, str(inputs / "long.txt"))
    assert len(body) > 1_000_000
    threats = _select(
        store,
        """SELECT ?start ?end ?text WHERE { GRAPH ?g {
            ?s a rdf:Statement ; rdf:predicate kg:threatens ;
               kg:charStart ?start ; kg:charEnd ?end ; kg:evidenceText ?text } }""",
    )
    closing = [row for row in threats if row["text"] == CLOSING]
    assert closing, threats
    for row in closing:
        assert int(row["start"]) == body.rindex(CLOSING)
        assert body[int(row["start"]) : int(row["end"])] == row["text"]


SHORT = "Mali and Burkina Faso sent troops to Niger.\n\nThe United States condemned the coup.\n"

QUERY_PREFIXES = """PREFIX kg: <https://w3id.org/kg/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
"""


def _select(store: ox.Store, query: str) -> list[dict[str, str]]:
    solutions = store.query(QUERY_PREFIXES + query, use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)
    names = [v.value for v in solutions.variables]
    return [{n: row[n].value for n in names} for row in solutions]


def _article_text(out: Path, origin: str) -> str:
    for line in (out / "extractions.jsonl").read_text(encoding="utf-8").splitlines():
        article = json.loads(line)["article"]
        if article["origin"] == origin:
            return str(article["text"])
    raise AssertionError(f"{origin} not in extractions.jsonl")


def test_parse_failure_reads_as_one_line() -> None:
    failure = ParseFailure(ValueError("bad\ninput\x1b[2J"))
    reason = failure.reason()
    assert "\n" not in reason and reason.startswith("internal error while parsing (ValueError")
    assert isinstance(Skipped("a.txt", reason), Skipped)


class _PoisonedPipeline:
    """The real pipeline, except that a batch holding "POISON" raises, as spaCy would on
    a text it cannot handle."""

    def __init__(self, nlp: Any) -> None:
        self.nlp = nlp

    def pipe(self, stream: Any, **options: Any) -> Any:
        items = list(stream)
        if any("POISON" in text for text, _ in items):
            raise RuntimeError("the parser gave up\non this text")
        return self.nlp.pipe(items, **options)


@pytest.mark.model
def test_an_article_spacy_fails_on_is_one_skip_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = kg.nlp.pieces.parse_texts  # kg.parallel imports it where parsing starts
    monkeypatch.setattr(
        kg.nlp.pieces,
        "parse_texts",
        lambda nlp, items, batch_size: real(_PoisonedPipeline(nlp), items, batch_size),
    )
    body = "Mali and Burkina Faso sent troops to Niger. The United States condemned the coup.\n"
    for name, text in (
        ("a.txt", body),
        ("b.txt", "POISON " + body),
        ("c.txt", body + "France closed its embassy in Niamey.\n"),
    ):
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = CliRunner().invoke(
        app, ["build", str(tmp_path), "--out", str(tmp_path / "out"), "-q", "-j", "1"]
    )
    assert result.exit_code == 3, result.output
    lines = [line for line in result.stderr.splitlines() if "b.txt" in line]
    assert lines == [
        f"kg: skipped path:{tmp_path / 'b.txt'}: internal error while parsing "
        "(RuntimeError: the parser gave up on this text)"
    ]
    assert "Traceback" not in result.stderr
    assert "built" in result.stdout and "2 articles (2 added" in result.stdout


@pytest.mark.model
def test_pieces_cut_inside_a_word_join_exactly(nlp: Any) -> None:
    text = "Niamey—Abuja—Bamako—" * 40 + " done.\n\n\n   trailing  "
    [(doc, _)] = list(parse_texts(nlp, [(text, None)], batch_size=2, limit=64))
    assert doc.text == text
    assert [t.idx for t in doc] == sorted(t.idx for t in doc)
    assert all(text[t.idx : t.idx + len(t.text)] == t.text for t in doc)
