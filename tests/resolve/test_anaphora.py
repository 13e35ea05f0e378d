"""Pronouns and definite descriptions: resolved when one actor fits, else left alone."""

from __future__ import annotations

import pytest
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


OFFICIAL, GROUP = ActorClass.OFFICIAL, ActorClass.ARMED_GROUP


@pytest.mark.parametrize(
    ("text", "names", "expected"),
    [
        pytest.param(
            "Mohamed Bazoum spoke in Niamey. He condemned the attack.",
            {"Mohamed Bazoum": ("bazoum", OFFICIAL, "president")},
            [("He", "bazoum")],
            id="a pronoun takes the one person named before",
        ),
        pytest.param(
            "John Kerry met Sergei Lavrov in Geneva. He said the talks were useful.",
            {"John Kerry": ("kerry", OFFICIAL, ""), "Sergei Lavrov": ("lavrov", OFFICIAL, "")},
            [],
            id="a pronoun with two people before it stays unresolved",
        ),
        pytest.param(
            "Tony Blair arrived. His government denied the report.",
            {"Tony Blair": ("blair", OFFICIAL, "")},
            [],
            id="a possessive pronoun is not the person",
        ),
        pytest.param(
            "Houthi rebels seized the port on Monday. The rebels then attacked a convoy.",
            {"Houthi rebels": ("houthis", GROUP, "")},
            [("rebels", "houthis")],
            id="the rebels take the armed group named so",
        ),
        pytest.param(
            "Tamil rebels and Moro rebels were blamed. The rebels denied it.",
            {"Tamil rebels": ("tamil", GROUP, ""), "Moro rebels": ("moro", GROUP, "")},
            [],
            id="the rebels with two groups named stay unresolved",
        ),
        pytest.param(
            "President Reagan spoke on Monday. The French president replied.",
            {"Reagan": ("reagan", OFFICIAL, "president")},
            [],
            id="a description of another state is not resolved",
        ),
    ],
)
def test_a_reference_is_resolved_only_when_one_actor_fits(
    nlp: Language,
    text: str,
    names: dict[str, tuple[str, ActorClass, str]],
    expected: list[tuple[str, str]],
) -> None:
    assert _resolved(*_named(text, nlp, names)) == expected


def test_the_title_takes_the_one_person_given_it(nlp: Language) -> None:
    found = _resolved(
        *_named(
            "Prime Minister Yasuhiro Nakasone met union leaders. The prime minister rejected "
            "their demands.",
            nlp,
            {"Yasuhiro Nakasone": ("nakasone", OFFICIAL, "prime minister")},
        )
    )
    assert ("prime minister", "nakasone") in [(t.lower(), k) for t, k in found]


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
