"""Original sources, near-duplicates, independent support and credibility (issue 17)."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from datasketch import LeanMinHash
from pyoxigraph import QuerySolution, QuerySolutions, RdfFormat, Store

from kg.config import ONTOLOGY_DIR
from kg.graph.credibility import score_edges
from kg.graph.origins import (
    QUOTE_TEXT_FLOOR,
    SMALL_UPDATE,
    SOURCES_TABLE,
    TEXT_THRESHOLD,
    NewsSource,
    Origin,
    SourceTable,
    _Signatures,
    assign_origins,
    load_sources,
    lsh_params,
    near_duplicate_groups,
)
from kg.graph.provenance import Edge, Record
from kg.ingest.signature import NUM_PERM, SCHEME, SEED, quote_signature, text_signature
from kg.model import Article, Evidence, Extraction
from kg.vocab import Relation

# A wire story, a reworded copy of it (same quotes in the same order, new words around
# them), and an independent report of the same day: written for these tests.
WIRE = (
    "The port city of Odessa was struck by a wave of drones overnight, damaging grain silos "
    "and a ferry terminal, regional officials said on Wednesday. “We lost two warehouses and "
    "nearly forty thousand tonnes of wheat in a single night,” said the head of the regional "
    "administration, Oleh Kiper. Emergency crews fought fires until dawn. “The attack was aimed "
    "squarely at the food that the world needs, and it will not stop our exports,” he added. "
    "The grain corridor reopened in the afternoon after inspectors checked the damaged berths, "
    "the port authority said."
)
REWORDED = (
    "A swarm of drones hit Odessa's harbour during the night, wrecking grain storage and a "
    "ferry terminal, according to local authorities on Wednesday. “We lost two warehouses and "
    "nearly forty thousand tonnes of wheat in a single night,” the regional administration's "
    "chief, Oleh Kiper, stated. Firefighters battled the blazes until sunrise. “The attack was "
    "aimed squarely at the food that the world needs, and it will not stop our exports,” he "
    "went on. Shipping along the grain route resumed later in the day once inspectors had "
    "examined the berths that were hit, port officials reported."
)
INDEPENDENT = (
    "Ukraine's grain exports face fresh doubts after another night of strikes on southern "
    "ports, traders in Geneva said on Wednesday, as insurers raised premiums for ships bound "
    "for the Black Sea. “Nobody wants to be the first to send a vessel now,” one broker said, "
    "asking not to be named. Wheat futures in Chicago climbed almost three percent by midday, "
    "their largest one-day rise in a month, while analysts cut their forecasts for the "
    "season's shipments and warned that buyers in North Africa could turn to other suppliers."
)

TABLE = SourceTable(
    [
        NewsSource("AP", ("Associated Press", "The Associated Press"), "wire", "B"),
        NewsSource("Reuters", ("Thomson Reuters",), "wire", "B"),
    ]
)


def _extraction(key: str, text: str, credits: tuple[str, ...] = ()) -> Extraction:
    article = Article(key, text, hashlib.sha256(text.encode()).hexdigest(), key, credits=credits)
    return Extraction(article, (), (), text_signature(text), quote_signature(text))


def test_reworded_copy_is_one_story_and_an_independent_report_is_not() -> None:
    groups = near_duplicate_groups(
        [_extraction("a", WIRE), _extraction("b", REWORDED), _extraction("c", INDEPENDENT)]
    )
    assert groups == [["a", "b"], ["c"]]


def test_quotes_alone_join_a_heavier_rewording() -> None:
    # keep only the quotes and a few shared words: the text signal alone would miss it
    quotes_only = (
        "Drones hit the port. “We lost two warehouses and nearly forty thousand tonnes of "
        "wheat in a single night,” an official said. “The attack was aimed squarely at the "
        "food that the world needs, and it will not stop our exports,” the governor told "
        "crowds gathered near the blackened quay as cranes stood idle in the harbour. "
        "Residents queued for bread in the old town while volunteers swept broken glass from "
        "the pavements outside a school whose windows had been blown in by the blast. Farmers "
        "from the surrounding districts, who store their harvest in the port's elevators, "
        "said they had no idea when payments for the lost shipments would arrive, and several "
        "shipping agents closed their offices for the rest of the week to wait for news. "
        "At the railway station, freight wagons loaded with sunflower oil sat on sidings, "
        "their drivers told to stay put until engineers had checked the tracks that run "
        "along the waterfront. A church on the hill opened its hall to families whose flats "
        "lost power, and a bakery handed out free loaves until its flour ran out at noon. "
        "By evening the city council had promised to rebuild the school before winter, and "
        "a convoy of trucks from Moldova arrived with generators, blankets and medicine."
    )
    extractions = [_extraction("a", WIRE), _extraction("b", quotes_only)]
    text_overlap = _lean(extractions[0].text_signature).jaccard(
        _lean(extractions[1].text_signature)
    )
    assert QUOTE_TEXT_FLOOR <= text_overlap < TEXT_THRESHOLD  # the text signal misses it
    assert near_duplicate_groups(extractions) == [["a", "b"]]


def _lean(values: tuple[int, ...]) -> LeanMinHash:
    return LeanMinHash(seed=SEED, hashvalues=np.array(values, dtype=np.uint64), scheme=SCHEME)


def test_cluster_takes_the_credited_wire_and_uncredited_text_its_own_stable_origin() -> None:
    origins = assign_origins(
        [
            _extraction("a", WIRE, ("interview:The Associated Press",)),
            _extraction("b", REWORDED),
            _extraction("c", INDEPENDENT),
        ],
        TABLE,
    )
    assert origins["a"] == origins["b"] == Origin("ap", "AP", "B", "wire")
    assert origins["c"].key.startswith("unattributed-") and origins["c"].reliability == "F"
    again = assign_origins([_extraction("c", INDEPENDENT)], TABLE)
    assert again["c"] == origins["c"]


def test_strongest_credit_wins_and_unknown_outlets_are_graded_f() -> None:
    origins = assign_origins(
        [
            _extraction("a", WIRE, ("byline:Daily Planet", "interview:Reuters")),
            _extraction("c", INDEPENDENT, ("interview:Bazoum",)),
        ],
        TABLE,
    )
    assert origins["a"] == Origin("daily-planet", "Daily Planet", "F")
    assert origins["c"].key.startswith("unattributed-")  # "told Bazoum" names no outlet


def test_sources_table_loads_and_grades_every_row() -> None:
    table = load_sources(ONTOLOGY_DIR / SOURCES_TABLE)
    assert table.origin("The Associated Press").key == "ap"
    assert table.origin("Thomson Reuters").label == "Reuters"
    text = (ONTOLOGY_DIR / SOURCES_TABLE).read_text(encoding="utf-8")
    rows = [line.split(",") for line in text.splitlines()[1:]]
    assert all(row[3] in set("ABCDEF") for row in rows)
    assert all(row[2] in {"wire", "outlet"} for row in rows)


def _edge(relation: Relation, *records: Record, subject: str = "x", obj: str = "y") -> Edge:
    return Edge(subject, relation, obj, records, 0.0, len({r.article_key for r in records}))


def _record(article: str, confidence: float, **evidence: str) -> Record:
    return Record(article, Evidence("X did it to Y.", 0, 14, "test", confidence, **evidence), None)


COPIES = {key: Origin("ap", "AP", "B") for key in ("a1", "a2", "a3")}


def test_confidence_is_noisy_or_over_origins_not_reprints() -> None:
    copies = _edge(Relation.THREATENS, _record("a1", 0.6), _record("a2", 0.7), _record("a3", 0.5))
    [scored] = score_edges([copies], COPIES)
    assert (scored.confidence, scored.independent_sources, scored.article_count) == (0.7, 1, 3)
    assert scored.credibility == 2
    two = {**COPIES, "b1": Origin("reuters", "Reuters", "B")}
    [scored] = score_edges([replace(copies, records=(*copies.records, _record("b1", 0.5)))], two)
    assert (scored.confidence, scored.independent_sources, scored.credibility) == (0.85, 2, 1)


@pytest.mark.parametrize(
    ("records", "grade"),
    [
        ((_record("a1", 0.8), _record("b1", 0.8)), 1),
        ((_record("a1", 0.8),), 2),
        ((_record("a1", 0.8, speaker="an analyst"),), 3),
        ((_record("a1", 0.8, likelihood="likely", hedge="reportedly"),), 3),
        ((_record("a1", 0.8, likelihood="unlikely", hedge="is unlikely to"),), 4),
        ((_record("z9", 0.8),), 6),
    ],
)
def test_credibility_grades(records: tuple[Record, ...], grade: int) -> None:
    origins = {"a1": Origin("ap", "AP", "B"), "b1": Origin("reuters", "Reuters", "B")}
    [scored] = score_edges([_edge(Relation.THREATENS, *records)], origins)
    assert scored.credibility == grade


def test_opposite_relation_contradicts() -> None:
    origins = {"a1": Origin("ap", "AP", "B")}
    supports = _edge(Relation.SUPPORTS, _record("a1", 0.8))
    opposes = _edge(Relation.OPPOSES, _record("a1", 0.8))
    assert [e.credibility for e in score_edges([supports, opposes], origins)] == [5, 5]
    assert [e.credibility for e in score_edges([supports], origins)] == [2]


# --- the seeds ----------------------------------------------------------------------------

ORIGINS = """
SELECT ?origin ?source ?grade WHERE {
  ?article kg:origin ?origin ; kg:originalSource ?source ; kg:sourceReliability ?grade .
}"""

PREFIXES = "PREFIX kg: <https://w3id.org/kg/ontology#>\n"


def _select(build: Path, query: str) -> list[QuerySolution]:
    store = Store()
    store.load((build / "graph.ttl").read_bytes(), RdfFormat.TURTLE)
    solutions = store.query(PREFIXES + query)
    assert isinstance(solutions, QuerySolutions)
    return list(solutions)


def test_seed_copies_of_one_wire_story_share_their_origin(seed_build: Path) -> None:
    rows = {
        str(row["origin"].value)[6:9]: (str(row["source"].value), str(row["grade"].value))
        for row in _select(seed_build, ORIGINS)
    }
    assert sorted(rows) == ["000", "001", "002", "003", "004"]
    assert rows["000"] == rows["001"] == rows["002"]
    assert rows["000"][0].endswith("/source/ap")
    assert rows["003"][0] not in {rows["000"][0], rows["004"][0]}
    assert rows["004"][0] != rows["000"][0]


EDGES_OF_COPIES = """
SELECT ?edge ?count ?confidence (MAX(?record) AS ?best) WHERE {
  ?edge a kg:Edge ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
        kg:independentSourceCount ?count ; kg:confidence ?confidence .
  ?statement a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
             prov:wasDerivedFrom ?article ; kg:confidence ?record .
  ?article kg:origin ?origin .
  FILTER NOT EXISTS {
    ?other a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
           prov:wasDerivedFrom/kg:origin ?elsewhere .
    FILTER(!CONTAINS(?elsewhere, "/000_") && !CONTAINS(?elsewhere, "/001_")
           && !CONTAINS(?elsewhere, "/002_"))
  }
} GROUP BY ?edge ?count ?confidence"""


def test_seed_edges_only_the_copies_support_count_one_source(seed_build: Path) -> None:
    query = (
        "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n"
        "PREFIX prov: <http://www.w3.org/ns/prov#>\n" + EDGES_OF_COPIES
    )
    rows = _select(seed_build, query)
    assert len(rows) > 10
    for row in rows:
        assert int(row["count"].value) == 1
        assert float(row["confidence"].value) <= float(row["best"].value)


def test_seed_every_edge_has_a_credibility_and_source_count(seed_build: Path) -> None:
    query = """
    SELECT (COUNT(?edge) AS ?edges) (COUNT(?grade) AS ?graded) (COUNT(?n) AS ?counted) WHERE {
      ?edge a kg:Edge . OPTIONAL { ?edge kg:credibility ?grade }
      OPTIONAL { ?edge kg:independentSourceCount ?n }
    }"""
    [row] = _select(seed_build, query)
    assert int(row["edges"].value) == int(row["graded"].value) == int(row["counted"].value) > 0


def test_credits_and_signatures_round_trip_through_the_state() -> None:
    from kg.state import extraction_from_json, extraction_to_json

    extraction = _extraction("a", WIRE, ("dateline:AP", "interview:Reuters"))
    assert extraction.text_signature and extraction.quote_signature
    version, back = extraction_from_json(extraction_to_json(extraction, "v1"))
    assert (version, back) == ("v1", extraction)


def _signatures(count: int, seed: int) -> list[tuple[str, np.ndarray]]:
    """Random signatures, a third of them copies of an earlier one with some values
    changed: near-duplicates at every level of agreement, some sharing only a band."""
    rng = np.random.default_rng(seed)
    made: list[tuple[str, np.ndarray]] = []
    for index in range(count):
        if made and index % 3 == 0:
            row = made[int(rng.integers(len(made)))][1].copy()
            changed = rng.choice(NUM_PERM, int(rng.integers(0, NUM_PERM)), replace=False)
            row[changed] = rng.integers(0, 2**61, len(changed), dtype=np.uint64)
        else:
            row = rng.integers(0, 2**61, NUM_PERM, dtype=np.uint64)
        made.append((f"a{index:04d}", row))
    return made


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_signatures_in_bulk_find_the_pairs_lsh_buckets_find(seed: int) -> None:
    items = _signatures(SMALL_UPDATE * 2, seed)
    at_once = _Signatures.for_threshold(TEXT_THRESHOLD)
    expected = sorted(at_once.add(items))  # more than SMALL_UPDATE: through LSH buckets
    assert len(expected) > len(items) // 6  # near-duplicates were planted and found
    in_steps = _Signatures.for_threshold(TEXT_THRESHOLD)
    found = in_steps.add(items[: SMALL_UPDATE + 1])  # buckets
    for start in range(SMALL_UPDATE + 1, len(items), 50):  # then in bulk, a few at a time
        found += in_steps.add(items[start : start + 50])
    assert sorted(found) == expected
    assert in_steps.keys == at_once.keys and in_steps.matrix == at_once.matrix


@pytest.mark.parametrize("num_perm", [64, 128, 256])
def test_lsh_bands_and_rows_are_datasketchs(num_perm: int) -> None:
    from datasketch.lsh import _optimal_param

    for step in range(1, 20):
        threshold = step / 20
        assert lsh_params(threshold, num_perm) == _optimal_param(threshold, num_perm, 0.5, 0.5)
