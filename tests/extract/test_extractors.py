"""Each registered extractor on hand-built parses (no model): one clause per relation
family, negation and refusal, threats, pronouns, titles, membership, location, patrons,
alliances; and the build running the registry in its order."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

import pytest
from spacy.tokens import Doc

from kg.extract import BUILT_IN, Reading, Resources, extract_article, read_article
from kg.extract.plausibility import is_plausible
from kg.extract.registry import Confidences, get_extractor
from kg.model import Assertion
from kg.vocab import ActorClass
from tests.extract.handmade import article_for
from tests.extract.parses import PARSES, parsed

Found = tuple[str, str, str, float]
"""Subject label, relation, object label, confidence."""


def reading_of(name: str, resources: Resources) -> Reading:
    doc = parsed(name)
    return read_article(doc, article_for(doc), resources)


def labelled(reading: Reading, assertions: Iterable[Assertion]) -> set[Found]:
    label = {key: actor.label for key, actor in reading.actors.actors.items()}
    return {
        (label[a.subject], a.relation.value, label[a.object], a.evidence.confidence)
        for a in assertions
    }


def run(extractor: str, name: str, resources: Resources) -> set[Found]:
    reading = reading_of(name, resources)
    return labelled(reading, get_extractor(extractor)(reading))


@pytest.mark.parametrize(
    ("name", "found"),
    [
        ("SANCTIONS", ("ECOWAS", "sanctions", "Niger", 0.675)),
        ("CONDEMNS", ("France", "condemns", "Russia", 0.85)),
        ("MEETS", ("United States", "meetsWith", "ECOWAS", 0.85)),
        ("PASSIVE_ATTACK", ("Boko Haram", "attacks", "Nigeria", 0.8)),
        ("SUPPORTS", ("Russia", "supports", "Mali", 0.8)),
        ("BORDERS", ("Algeria", "borders", "Niger", 0.85)),
        ("SEVERS", ("Niger", "seversTiesWith", "France", 0.9)),
        ("RECIPROCAL", ("Israel", "meetsWith", "Lebanon", 0.72)),
    ],
)
def test_dependency_reads_subject_verb_object(
    name: str, found: Found, resources: Resources
) -> None:
    assert found in run("kg.dependency.v1", name, resources)


def test_negated_act_gives_nothing(resources: Resources) -> None:
    doc = parsed("NEGATED")  # "Niger did not meet with France."
    assert extract_article(doc, article_for(doc), resources).assertions == ()


def test_refused_act_is_opposition_not_the_act(resources: Resources) -> None:
    found = run("kg.dependency.v1", "REFUSED", resources)  # "Niger refused to meet with France."
    assert {(s, r, o) for s, r, o, _ in found} == {("Niger", "opposes", "France")}


def test_threatened_attack_is_a_threat(resources: Resources) -> None:
    found = run("kg.dependency.v1", "THREAT", resources)  # "Russia threatened to attack Ukraine."
    relations = {r for _, r, _, _ in found}
    assert "threatens" in relations and "attacks" not in relations


def test_pronoun_subject_costs_confidence(resources: Resources) -> None:
    direct = run("kg.dependency.v1", "CONDEMNS", resources)  # "France condemned Russia."
    via_it = run("kg.dependency.v1", "PRONOUN", resources)  # "... It condemned France."
    factor = resources.confidences.of("kg.dependency.v1", "pronoun_subject")
    ((*_, confidence),) = direct
    assert via_it == {("Russia", "condemns", "France", round(confidence * factor, 3))}


@pytest.mark.parametrize(
    ("name", "person", "relation", "polity", "role"),
    [
        ("AMBASSADOR", "Kathleen FitzGibbon", "officialOf", "United States", "ambassador"),
        ("SPOKESMAN", "Ousmane Kane", "officialOf", "ECOWAS", "spokesperson"),
        ("MINISTER", "Hassoumi Massaoudou", "officialOf", "Niger", "foreign minister"),
    ],
)
def test_roles_reads_title_beside_name(
    name: str, person: str, relation: str, polity: str, role: str, resources: Resources
) -> None:
    reading = reading_of(name, resources)
    assertions = list(get_extractor("kg.roles.v1")(reading))
    label = {key: actor.label for key, actor in reading.actors.actors.items()}
    found = {(label[a.subject], a.relation.value, label[a.object], a.role) for a in assertions}
    assert (person, relation, polity, role) in found
    person_key = next(k for k, v in label.items() if v == person)
    assert reading.classes[person_key] is ActorClass.OFFICIAL


@pytest.mark.parametrize(
    ("extractor", "name", "found"),
    [
        ("kg.membership.v1", "MEMBER", ("Nigeria", "memberOf", "ECOWAS", 0.8)),
        ("kg.location.v1", "LOCATION", ("Tillabéri", "locatedIn", "Niger", 0.75)),
        (
            "kg.compound.v1",
            "POSSESSIVE_PATRON",
            ("Wagner Group", "affiliatedWith", "Russia", 0.65),
        ),
        ("kg.compound.v1", "HYPHEN_PATRON", ("Wagner Group", "affiliatedWith", "Russia", 0.7)),
        ("kg.alliance.v1", "ALLIANCE", ("Mali", "alliesWith", "Niger", 0.7)),
        ("kg.alliance.v1", "ALLIANCE", ("Burkina Faso", "alliesWith", "Niger", 0.7)),
    ],
)
def test_structural_extractor_reads_its_phrase(
    extractor: str, name: str, found: Found, resources: Resources
) -> None:
    assert found in run(extractor, name, resources)


@pytest.mark.parametrize("name", sorted(PARSES))
def test_every_extractor_signs_its_own_evidence(name: str, resources: Resources) -> None:
    reading = reading_of(name, resources)
    for extractor in BUILT_IN:
        for assertion in get_extractor(extractor)(reading):
            assert assertion.evidence.extractor == extractor
            sentence = assertion.evidence
            assert reading.doc.text[sentence.start : sentence.end] == sentence.sentence


@pytest.mark.parametrize("name", sorted(PARSES))
def test_build_runs_the_registry_in_order(name: str, resources: Resources) -> None:
    doc: Doc = parsed(name)
    reading = read_article(doc, article_for(doc), resources)
    expected = [
        a
        for extractor in BUILT_IN
        for a in get_extractor(extractor)(reading)
        if is_plausible(reading, a)  # "The U.S. condemned the coup": no US coup makers
    ]
    got = extract_article(doc, article_for(doc), resources).assertions
    assert got == tuple(dict.fromkeys(expected))


def test_confidences_come_from_the_lexicon(resources: Resources) -> None:
    values = dict(resources.confidences.values)
    values["kg.roles.v1", "title"] = 0.5
    changed = dataclasses.replace(resources, confidences=Confidences(values))
    reading = reading_of("AMBASSADOR", changed)
    assert {a.evidence.confidence for a in get_extractor("kg.roles.v1")(reading)} == {0.5}
