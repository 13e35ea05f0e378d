"""Pronouns and definite descriptions: resolved when one actor fits, else left alone."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from kg.extract import Resources, extract_article
from kg.model import Article
from kg.resolve.actors import Mention
from kg.resolve.anaphora import Named, resolve_anaphora
from kg.vocab import ActorClass


def _named(
    doc_text: str, nlp: Language, names: dict[str, tuple[str, ActorClass, str]]
) -> tuple[Doc, list[Named], set[int]]:
    """Parse `doc_text` and name each surface form (every occurrence) as the given actor."""
    doc = nlp(doc_text)
    named: list[Named] = []
    taken: set[int] = set()
    for surface, (key, cls, title) in names.items():
        words = surface.split()
        for token in doc:
            if [t.text for t in doc[token.i : token.i + len(words)]] == words:
                mention = Mention(token.i, token.i + len(words), key, surface)
                named.append(Named(mention, cls, frozenset({title}) if title else frozenset()))
                taken.update(range(token.i, token.i + len(words)))
    return doc, named, taken


def _resolved(doc: Doc, named: list[Named], taken: set[int]) -> list[tuple[str, str]]:
    return [(a.text, a.key) for a in resolve_anaphora(doc, named, taken)]


def test_a_pronoun_takes_the_one_person_named_before(nlp: Language) -> None:
    found = _resolved(
        *_named(
            "Mohamed Bazoum spoke in Niamey. He condemned the attack.",
            nlp,
            {"Mohamed Bazoum": ("bazoum", ActorClass.OFFICIAL, "president")},
        )
    )
    assert found == [("He", "bazoum")]


def test_a_pronoun_with_two_people_before_it_stays_unresolved(nlp: Language) -> None:
    found = _resolved(
        *_named(
            "John Kerry met Sergei Lavrov in Geneva. He said the talks were useful.",
            nlp,
            {
                "John Kerry": ("kerry", ActorClass.OFFICIAL, ""),
                "Sergei Lavrov": ("lavrov", ActorClass.OFFICIAL, ""),
            },
        )
    )
    assert found == []


def test_a_possessive_pronoun_is_not_the_person(nlp: Language) -> None:
    found = _resolved(
        *_named(
            "Tony Blair arrived. His government denied the report.",
            nlp,
            {"Tony Blair": ("blair", ActorClass.OFFICIAL, "")},
        )
    )
    assert found == []


def test_the_title_takes_the_one_person_given_it(nlp: Language) -> None:
    found = _resolved(
        *_named(
            "Prime Minister Yasuhiro Nakasone met union leaders. The prime minister rejected "
            "their demands.",
            nlp,
            {"Yasuhiro Nakasone": ("nakasone", ActorClass.OFFICIAL, "prime minister")},
        )
    )
    assert ("prime minister", "nakasone") in [(t.lower(), k) for t, k in found]


def test_the_rebels_take_the_armed_group_named_so(nlp: Language) -> None:
    found = _resolved(
        *_named(
            "Houthi rebels seized the port on Monday. The rebels then attacked a convoy.",
            nlp,
            {"Houthi rebels": ("houthis", ActorClass.ARMED_GROUP, "")},
        )
    )
    assert found == [("rebels", "houthis")]


def test_the_rebels_with_two_groups_named_stay_unresolved(nlp: Language) -> None:
    found = _resolved(
        *_named(
            "Tamil rebels and Moro rebels were blamed. The rebels denied it.",
            nlp,
            {
                "Tamil rebels": ("tamil", ActorClass.ARMED_GROUP, ""),
                "Moro rebels": ("moro", ActorClass.ARMED_GROUP, ""),
            },
        )
    )
    assert found == []


def test_a_description_of_another_state_is_not_resolved(nlp: Language) -> None:
    found = _resolved(
        *_named(
            "President Reagan spoke on Monday. The French president replied.",
            nlp,
            {"Reagan": ("reagan", ActorClass.OFFICIAL, "president")},
        )
    )
    assert found == []


def test_an_act_told_of_a_pronoun_is_the_named_persons(nlp: Language, resources: Resources) -> None:
    text = (
        "Iranian President Ali Khamenei arrived in Tripoli on Monday. He condemned the United"
        " States for its attack on Libya. The president later met Muammar Gaddafi."
    )
    article = Article("id:t1", text, "h", "t1", published="1986-04-20")
    extraction = extract_article(nlp(text), article, resources)
    labels = {a.key: a.label for a in extraction.actors}
    found = {(labels[a.subject], a.relation.value, labels[a.object]) for a in extraction.assertions}
    assert ("Ali Khamenei", "condemns", "United States") in found
    assert ("Ali Khamenei", "meetsWith", "Muammar Gaddafi") in found
    assert all("He" not in a.surface_forms for a in extraction.actors)
