"""Turn a parsed article's entities into actor mentions with resolution keys.

The gazetteer ruler has already tagged known actors (its labels are `KG_<Class>`); here
the model's remaining PERSON/ORG/GPE/LOC entities are typed, governing bodies
("Niger's junta", "the French foreign ministry") are found, capitals are read as their
State when they act ("Washington said"), and surname-only mentions join the full name.
"""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Doc, Span

from kg.nlp.gazetteer import Gazetteer
from kg.nlp.load import CAPITAL_LABEL, DEMONYM_LABEL, LABEL_PREFIX, NAME_PART_LABEL
from kg.resolve.actors import ArticleActors, Collector, Mention, gazetteer_class
from kg.resolve.governments import dominant, focus_state, government_mentions
from kg.resolve.groups import group_mentions
from kg.resolve.names import (
    Candidate,
    add_model_entities,
    repair_spans,
    unlabelled_people,
    unlabelled_surnames,
)
from kg.vocab import ActorClass

__all__ = ["ArticleActors", "Collector", "Mention", "resolve_mentions"]

_LOCATIVE_PREPS = frozenset(
    {
        "in",
        "at",
        "near",
        "into",
        "around",
        "outside",
        "across",
        "to",
        "through",
        "inside",
        "toward",
        "towards",
    }
)


_MOTION_VERBS = frozenset(
    {
        "visit",
        "tour",
        "enter",
        "reach",
        "leave",
        "fly",
        "travel",
        "return",
        "arrive",
        "evacuate",
        "shell",
        "bomb",
        "capture",
        "seize",
        "besiege",
        "surround",
        "storm",
        "flee",
    }
)


_PLACE_OF = frozenset(
    {
        "capital",
        "city",
        "town",
        "streets",
        "outskirts",
        "suburbs",
        "centre",
        "center",
        "port",
        "airport",
        "residents",
        "people",
        "mayor",
        "heart",
        # what is done to a city as a place, as the motion verbs do it ("besieged Sarajevo")
        "siege",
        "fall",
        "capture",
        "shelling",
        "bombing",
        "bombardment",
        "storming",
        "encirclement",
        "blockade",
        "evacuation",
    }
)
"""Nouns that make "of <capital>" the place: "the capital of N'Djamena", "the streets of
Kabul", "residents of Niamey", "the siege of Sarajevo"."""


_RULERS = frozenset({"leadership", "regime", "authorities", "administration", "rulers"})


def _acts(span: Span) -> bool:
    """A capital speaks for its State ("Washington supported", "accords with Paris") unless
    it is where something happens ("in Niamey", "Niamey, Niger", "Washington-based")."""
    root = span.root
    doc = span.doc
    if root.dep_ == "pobj" and root.head.lower_ in _LOCATIVE_PREPS:
        return False
    if (
        root.dep_ == "pobj"
        and root.head.lower_ == "from"
        and root.head.head.lemma_
        in _MOTION_VERBS | {"flight", "trip", "journey", "come", "depart", "fly"}
    ):
        return False  # "a flight from Berlin"
    if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lower_ in _PLACE_OF:
        return False
    if root.dep_ == "compound" and root.head.lemma_ in _RULERS:
        return True  # "the Tehran leadership", "the Kabul regime"
    if root.dep_ in ("compound", "npadvmod", "appos"):
        return False
    if span.end < len(doc) and doc[span.end].text in ("-", "–"):  # "Washington-based"
        return False
    if (
        span.end + 1 < len(doc)
        and doc[span.end].text == ","
        and doc[span.end + 1].ent_type_ in (LABEL_PREFIX + ActorClass.STATE.value,)
    ):  # "Niamey, Niger"
        return False
    if root.dep_ == "dobj" and root.head.lemma_ in _MOTION_VERBS:  # "visited Niamey"
        return False
    return root.dep_ in ("nsubj", "nsubjpass", "poss", "dobj", "pobj", "conj", "agent")


def _date_seats(doc: Doc, gazetteer: Gazetteer) -> None:
    """A seat of power names the State of the article's date, which the ruler, blind to
    dates, tagged with today's ("the Kremlin" of 1987 is the Soviet Union)."""
    dated = gazetteer.seat_states
    if any(dated.get(e.text, e.ent_id_) != e.ent_id_ for e in doc.ents):
        doc.ents = [
            Span(doc, e.start, e.end, e.label, kb_id=e.kb_id, span_id=dated[e.text])
            if e.text in dated
            else e
            for e in doc.ents
        ]


_PEOPLE = (ActorClass.OFFICIAL, ActorClass.PERSON)


def _other_person(given: Span, gazetteer: Gazetteer) -> bool:
    """ "Abu Bakar" + "Bashir": given names the model read before a name the gazetteer
    knows for someone else (Omar al-Bashir) name another person; a title does not
    ("President" + "Bashir")."""
    return all(t.pos_ == "PROPN" and (t.is_title or t.is_upper) for t in given) and not any(
        t.lower_ in gazetteer.roles or t.text in gazetteer.honorifics for t in given
    )


_BACKING = frozenset({"back", "support", "sponsor", "fund"})


def _patrons(doc: Doc, collector: Collector) -> None:
    """ "U.S.-backed Contra rebels", "Iraq's US-backed government": a State named before a
    hyphen and a verb of backing is an actor of its own inside the name it modifies."""
    state = LABEL_PREFIX + ActorClass.STATE.value
    for ent in doc.ents:
        if ent.label_ != state or ent.end + 1 >= len(doc):
            continue
        if (
            doc[ent.end].text in ("-", "–")
            and doc[ent.end + 1].lemma_ in _BACKING
            and collector.add(ent, ent.ent_id_, ActorClass.STATE)
        ):
            collector.patrons.update(range(ent.start, ent.end))


def resolve_mentions(doc: Doc, gazetteer: Gazetteer) -> tuple[Collector, ArticleActors]:
    """Find every actor mention in `doc` and give each a resolution key."""
    _date_seats(doc, gazetteer)
    collector = Collector(gazetteer)
    focus = focus_state(doc, gazetteer)
    collector.result.focus_state = focus
    collector.result.dominant_focus = dominant(doc, focus)
    blocs = Counter(e.ent_id_ for e in doc.ents if e.label_ == LABEL_PREFIX + ActorClass.BLOC.value)
    collector.result.focus_bloc = max(blocs, key=lambda k: (blocs[k], k)) if blocs else None
    _patrons(doc, collector)
    group_mentions(doc, collector)
    government_mentions(doc, collector, focus)
    model: list[Candidate] = []
    given_names = {e.end: e.start for e in doc.ents if e.label_ == NAME_PART_LABEL}
    for start, end, text, label in repair_spans(doc):
        span = doc[start:end]
        cls = gazetteer_class(label)
        first = given_names.get(start)
        if cls in _PEOPLE and first is not None and _other_person(doc[first:start], gazetteer):
            model.append((first, end, doc[first:end].text, "PERSON"))
        elif cls is not None:
            key = span.ent_id_ or doc[start].ent_id_
            if collector.add(span, key, cls) and cls is ActorClass.OFFICIAL:
                collector.result.person_keys.add(key)  # a known office holder
        elif label == DEMONYM_LABEL:
            collector.add(span, doc[start].ent_id_, ActorClass.STATE, demonym=True)
        elif label == CAPITAL_LABEL:
            if _acts(span):
                collector.add(span, gazetteer.capitals[doc[start].ent_id_], ActorClass.STATE)
            else:
                collector.add(span, doc[start].ent_id_, ActorClass.PLACE)
        elif label in ("PERSON", "ORG", "GPE", "LOC", "NORP"):
            model.append((start, end, text, label))
    model.extend(unlabelled_people(doc, gazetteer))
    model.extend(unlabelled_surnames(doc))
    add_model_entities(doc, model, collector)
    return collector, collector.result
