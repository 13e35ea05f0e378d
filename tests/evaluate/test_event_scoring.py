"""The event scorer's matching: one-to-one, type and triple over the same gold events."""

from __future__ import annotations

from collections import defaultdict

from kg.evaluate.events import GoldActor, GoldEvent, GoldSentence, _match_events, _SystemActor
from kg.evaluate.relations import PRF
from kg.vocab import Relation

POLICE = _SystemActor(frozenset({"police"}), frozenset())
IRAQ = _SystemActor(frozenset({"iraq"}), frozenset({"IRQ"}))
IRAN = _SystemActor(frozenset({"iran"}), frozenset({"IRN"}))
ACTORS = {"police": POLICE, "iraq": IRAQ, "iran": IRAN}


def _sentence(*events: GoldEvent) -> GoldSentence:
    return GoldSentence("s1", "text", None, events, expect_none=False)


def _buckets() -> dict[str, PRF]:
    return defaultdict(PRF)


def test_an_event_without_a_target_is_matched_by_relation_and_source() -> None:
    arrest = GoldEvent(frozenset({Relation.DETAINS}), (GoldActor("police", None),), ())
    types, triples = _buckets(), _buckets()
    found = {("police", Relation.DETAINS, "iran")}
    _match_events(_sentence(arrest), found, None, types)
    _match_events(_sentence(arrest), found, ACTORS, triples)
    assert (types["detains"].tp, triples["detains"].tp) == (1, 1)


def test_a_missed_event_without_a_target_counts_in_both_figures() -> None:
    arrest = GoldEvent(frozenset({Relation.DETAINS}), (GoldActor("police", None),), ())
    types, triples = _buckets(), _buckets()
    _match_events(_sentence(arrest), set(), None, types)
    _match_events(_sentence(arrest), set(), ACTORS, triples)
    assert (types["detains"].fn, triples["detains"].fn) == (1, 1)


def test_triple_recall_never_exceeds_type_recall() -> None:
    attack = GoldEvent(
        frozenset({Relation.ATTACKS}), (GoldActor("Iraq", "IRQ"),), (GoldActor("Iran", "IRN"),)
    )
    wrong_way = {("iran", Relation.ATTACKS, "iraq")}
    types, triples = _buckets(), _buckets()
    _match_events(_sentence(attack), wrong_way, None, types)
    _match_events(_sentence(attack), wrong_way, ACTORS, triples)
    assert types["attacks"].recall == 1.0
    assert triples["attacks"].recall == 0.0 and triples["attacks"].fp == 1


def test_matching_is_one_to_one() -> None:
    attack = GoldEvent(
        frozenset({Relation.ATTACKS}), (GoldActor("Iraq", "IRQ"),), (GoldActor("Iran", "IRN"),)
    )
    twice = {("iraq", Relation.ATTACKS, "iran"), ("iraq", Relation.ATTACKS, "police")}
    types = _buckets()
    _match_events(_sentence(attack), twice, None, types)
    assert (types["attacks"].tp, types["attacks"].fp) == (1, 1)


def test_an_event_on_a_sentence_of_an_unmapped_type_is_false() -> None:
    outside = GoldSentence("s2", "text", None, (), expect_none=False, outside_vocabulary=1)
    triples = _buckets()
    _match_events(outside, {("iraq", Relation.ATTACKS, "iran")}, ACTORS, triples)
    assert triples["attacks"].fp == 1


def test_a_sentence_coded_in_two_records_is_one_sentence_with_both_events(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json

    from kg.evaluate.events import load_plover

    text = "Afghan rebels kidnapped 16 Russian advisers and exploded bombs in Kabul."
    records = [
        {"id": "C-1", "text": text, "event": "COERCE", "source_actors": [], "target_actors": []},
        {
            "id": "A-2",
            "text": f"{text} ",
            "event": "ASSAULT",
            "source_actors": [],
            "target_actors": [],
        },
        {"id": "R-3", "text": text, "event": "RETREAT", "source_actors": [], "target_actors": []},
    ]
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    (sentence,) = load_plover(path)
    assert [e.relations for e in sentence.events] == [
        frozenset({Relation.DETAINS, Relation.DEPOSES}),
        frozenset({Relation.ATTACKS}),
    ]
    assert sentence.outside_vocabulary == 1
    # a detention and an attack read there: both true, neither a false positive
    types = _buckets()
    found = {("iraq", Relation.DETAINS, "iran"), ("iraq", Relation.ATTACKS, "iran")}
    _match_events(sentence, found, None, types)
    assert sum(p.tp for p in types.values()) == 2 and sum(p.fp for p in types.values()) == 0


def test_each_pair_of_an_event_of_two_targets_is_no_false_positive() -> None:
    # "police attacked Iraq and Iran": one gold event, two triples, both right
    attack = GoldEvent(
        frozenset({Relation.ATTACKS}),
        (GoldActor("police", None),),
        (GoldActor("Iraq", "IRQ"), GoldActor("Iran", "IRN")),
    )
    both = {("police", Relation.ATTACKS, "iraq"), ("police", Relation.ATTACKS, "iran")}
    types, triples = _buckets(), _buckets()
    _match_events(_sentence(attack), both, None, types, ACTORS)
    _match_events(_sentence(attack), both, ACTORS, triples, ACTORS)
    assert (types["attacks"].tp, types["attacks"].fp) == (1, 0)
    assert (triples["attacks"].tp, triples["attacks"].fp) == (1, 0)
    # a pair the event does not hold is still false
    wrong = {("police", Relation.ATTACKS, "iraq"), ("iran", Relation.ATTACKS, "police")}
    triples = _buckets()
    _match_events(_sentence(attack), wrong, ACTORS, triples, ACTORS)
    assert (triples["attacks"].tp, triples["attacks"].fp) == (1, 1)
