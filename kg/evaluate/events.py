"""Score event extraction on public gold: PLOVER GSR records and PETRARCH-2 validation.

Each gold sentence is run through the real pipeline as an article of its own, and every
sentence is scored: an event read on a sentence whose gold events are of types kg has no
relation for, or on one marked as having none, is a false positive. Gold event types are
mapped to kg relations as the benchmarks' READMEs say; system triples match gold events
one-to-one, by relation alone for the event type and, for the full triple, also by subject
against a gold source actor and object against a gold target actor; a further triple that
is another (source, target) pair of an event already matched counts neither way. Actors
match by name (normalised containment either way) or by country code (the first three
letters of a CAMEO code against the actor's State).
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import InputError
from kg.evaluate.graphview import normalize_name
from kg.evaluate.relations import PRF
from kg.extract import Resources, extract_article
from kg.model import Article, Extraction
from kg.vocab import RELATIONS, ActorClass, Relation

PLOVER_TO_KG: dict[str, frozenset[Relation]] = {
    "CONSULT": frozenset({Relation.MEETS_WITH}),
    "SUPPORT": frozenset({Relation.SUPPORTS}),
    "COOPERATE": frozenset({Relation.COOPERATES_WITH}),
    "AID": frozenset({Relation.PROVIDES_AID_TO}),
    "DEMAND": frozenset({Relation.REQUESTS_AID_FROM}),
    "REQUEST": frozenset({Relation.REQUESTS_AID_FROM}),
    "DISAPPROVE": frozenset({Relation.CONDEMNS}),
    "ACCUSE": frozenset({Relation.CONDEMNS}),
    "REJECT": frozenset({Relation.OPPOSES}),
    "THREATEN": frozenset({Relation.THREATENS}),
    "SANCTION": frozenset({Relation.SANCTIONS, Relation.SEVERS_TIES_WITH}),
    "MOBILIZE": frozenset({Relation.DEPLOYS_FORCES_TO}),
    "COERCE": frozenset({Relation.DETAINS, Relation.DEPOSES}),
    "ASSAULT": frozenset({Relation.ATTACKS}),
    "FIGHT": frozenset({Relation.ATTACKS}),
}
EVENT_RELATIONS = frozenset(r for r, info in RELATIONS.items() if info.plover is not None)


def cameo_to_kg(code: str) -> frozenset[Relation]:
    """Map a CAMEO event code to kg relations (the PETRARCH README's table).

    >>> [sorted(relation.value for relation in cameo_to_kg(code)) for code in ("1612", "042")]
    [['seversTiesWith'], ['meetsWith']]
    """
    if code.startswith(("161", "164")):
        return frozenset({Relation.SEVERS_TIES_WITH})
    if code.startswith("173"):
        return frozenset({Relation.DETAINS})
    root = {
        "02": Relation.REQUESTS_AID_FROM,
        "04": Relation.MEETS_WITH,
        "05": Relation.SUPPORTS,
        "06": Relation.COOPERATES_WITH,
        "07": Relation.PROVIDES_AID_TO,
        "11": Relation.CONDEMNS,
        "12": Relation.OPPOSES,
        "13": Relation.THREATENS,
        "15": Relation.DEPLOYS_FORCES_TO,
        "16": Relation.SANCTIONS,
        "17": Relation.DEPOSES,
        "18": Relation.ATTACKS,
        "19": Relation.ATTACKS,
    }.get(code[:2])
    return frozenset({root}) if root else frozenset()


@dataclass(frozen=True, slots=True)
class GoldActor:
    text: str | None
    code: str | None


@dataclass(frozen=True, slots=True)
class GoldEvent:
    relations: frozenset[Relation]
    sources: tuple[GoldActor, ...]
    targets: tuple[GoldActor, ...]


@dataclass(frozen=True, slots=True)
class GoldSentence:
    id: str
    text: str
    date: str | None
    events: tuple[GoldEvent, ...]
    expect_none: bool
    outside_vocabulary: int = 0
    """Gold events of types no kg relation stands for (CAMEO 01 statements, 03 intents...):
    the sentence is scored (any event the system reads there is a false positive), these
    events are not counted as missed."""


@dataclass(slots=True)
class EventScore:
    """Per-relation scores for the event type alone and for the full triple."""

    sentences: int = 0
    scored: int = 0
    type_only: dict[str, PRF] = field(default_factory=lambda: defaultdict(PRF))
    triple: dict[str, PRF] = field(default_factory=lambda: defaultdict(PRF))
    none_sentences: int = 0
    events_on_none: int = 0
    outside_vocabulary: int = 0
    examples: list[str] = field(default_factory=list)

    def totals(self) -> tuple[PRF, PRF]:
        def add(parts: dict[str, PRF]) -> PRF:
            total = PRF()
            for p in parts.values():
                total.tp, total.fp, total.fn = total.tp + p.tp, total.fp + p.fp, total.fn + p.fn
            return total

        return add(self.type_only), add(self.triple)

    def as_dict(self) -> dict[str, Any]:
        type_total, triple_total = self.totals()
        return {
            "sentences": self.sentences,
            "scored_sentences": self.scored,
            "type_only": {"overall": type_total.as_dict()}
            | {r: p.as_dict() for r, p in sorted(self.type_only.items())},
            "full_triple": {"overall": triple_total.as_dict()}
            | {r: p.as_dict() for r, p in sorted(self.triple.items())},
            "gold_events_outside_vocabulary": self.outside_vocabulary,
            "no_event_sentences": self.none_sentences,
            "events_on_no_event_sentences": self.events_on_none,
        }


def _read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    try:
        with path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if line.strip():
                    try:
                        yield json.loads(line)
                    except ValueError as exc:
                        raise InputError(f"{path}:{number}", f"malformed JSON ({exc})") from exc
    except OSError as exc:
        raise InputError(str(path), f"cannot read ({exc.strerror})") from exc


def load_plover(path: Path) -> list[GoldSentence]:
    """PLOVER GSR records in mapped types (others are kept as sentences to score false alarms).

    A sentence coded in several records, one event each ("Afghan rebels have kidnapped ...
    and exploded a series of bombs": COERCE and ASSAULT), is one sentence with all their
    events, scored once: scored record by record, each event read there was a false
    positive on the other record.
    """
    by_text: dict[str, GoldSentence] = {}
    for record in _read_jsonl(path):
        relations = PLOVER_TO_KG.get(record["event"], frozenset())
        sources = tuple(GoldActor(a.get("text"), a.get("code")) for a in record["source_actors"])
        targets = tuple(GoldActor(a.get("text"), a.get("code")) for a in record["target_actors"])
        if (
            record.get("reciprocal") and not targets
        ):  # "Jordan and Britain agreed": each on the other
            targets = sources
        events = (GoldEvent(relations, sources, targets),) if relations else ()
        key = " ".join(record["text"].split())
        seen = by_text.get(key)
        if seen is None:
            by_text[key] = GoldSentence(
                record["id"], record["text"], None, events, False, int(not relations)
            )
        else:
            by_text[key] = GoldSentence(
                f"{seen.id}+{record['id']}",
                seen.text,
                None,
                seen.events + events,
                False,
                seen.outside_vocabulary + int(not relations),
            )
    return list(by_text.values())


def load_petrarch(path: Path) -> list[GoldSentence]:
    """PETRARCH-2 records: events with CAMEO codes; `expect_no_events` sentences kept."""
    sentences = []
    for record in _read_jsonl(path):
        events = []
        outside = 0
        for event in record.get("events", []):
            relations = cameo_to_kg(str(event.get("cameo_code") or ""))
            outside += not relations
            if relations:
                events.append(
                    GoldEvent(
                        relations,
                        (GoldActor(event.get("source_text"), event.get("source_code")),),
                        (GoldActor(event.get("target_text"), event.get("target_code")),),
                    )
                )
        date = str(record.get("date") or "")
        iso = f"{date[:4]}-{date[4:6]}-{date[6:8]}" if len(date) == 8 else None
        sentences.append(
            GoldSentence(
                record["id"],
                record["text"],
                iso,
                tuple(events),
                bool(record.get("expect_no_events")) or not record.get("events"),
                outside,
            )
        )
    return sentences


@dataclass(frozen=True, slots=True)
class _SystemActor:
    names: frozenset[str]
    codes: frozenset[str]


def state_of_key(key: str) -> str:
    """The State key behind an actor key ("gov:wd:Q159:presidency" -> "wd:Q159").

    >>> state_of_key("gov:wd:Q159:presidency"), state_of_key("wd:Q30")
    ('wd:Q159', 'wd:Q30')
    """
    if key.startswith("gov:"):
        return key[4:].rsplit(":", 1)[0]
    return key


def _system_actors(extraction: Extraction, resources: Resources) -> dict[str, _SystemActor]:
    gazetteer = resources.gazetteer
    alpha3 = {key: code for code, key in gazetteer.alpha3.items()}
    polities: dict[str, set[str]] = defaultdict(set)
    for assertion in extraction.assertions:
        if assertion.relation in (
            Relation.OFFICIAL_OF,
            Relation.LEADER_OF,
            Relation.AFFILIATED_WITH,
        ):
            polities[assertion.subject].add(assertion.object)
    actors = {}
    for ref in extraction.actors:
        names = {normalize_name(n) for n in (ref.label, *ref.surface_forms)} - {""}
        codes: set[str] = set()
        for key in {ref.key, *polities[ref.key]}:
            state = state_of_key(key)
            if state in alpha3:
                codes.add(alpha3[state])
            entry = gazetteer.entries.get(state)
            if entry is not None:
                names.add(normalize_name(entry.name))
                names.update(normalize_name(d) for d, k in gazetteer.demonyms.items() if k == state)
        if ref.cls is ActorClass.BLOC:
            codes.add("IGO")
        if ref.cls is ActorClass.ARMED_GROUP:
            codes.add("---")
        actors[ref.key] = _SystemActor(frozenset(names), frozenset(codes))
    return actors


def _matches(actor: _SystemActor | None, gold: GoldActor) -> bool:
    if actor is None:
        return False
    if gold.code and gold.code[:3] in actor.codes:
        return True
    text = f" {normalize_name(gold.text or '')} "
    return text.strip() != "" and any(
        f" {name} " in text or text in f" {name} " for name in actor.names
    )


def _match_events(
    sentence: GoldSentence,
    triples: set[tuple[str, Relation, str]],
    actors: dict[str, _SystemActor] | None,
    buckets: dict[str, PRF],
    pairs_of: dict[str, _SystemActor] | None = None,
) -> int:
    """Match system triples one-to-one to gold events; returns how many gold events matched.

    With `actors` a triple must match the event's source and target actors (the full
    triple); without, its relation alone (the event type). Both count over the same gold
    events, so a relation's triple recall never exceeds its type recall. A gold event with
    no target actor ("police arrested 12 people") is matched by relation and source.

    A triple is one (subject, object) pair, so an event of several sources or targets
    ("Arafat defended Iraq and Libya") is several triples. With `pairs_of` (the system's
    actors), a triple that matches, by relation and both actors, an event another triple
    already matched is one more pair of that event: neither a second hit nor a false one.
    """
    matched: set[int] = set()
    for subject, relation, obj in sorted(triples, key=lambda t: (t[1].value, t[0], t[2])):
        hit = next(
            (
                i
                for i, e in enumerate(sentence.events)
                if i not in matched
                and relation in e.relations
                and (actors is None or _actors_match(actors, subject, obj, e))
            ),
            None,
        )
        if hit is None:
            if pairs_of is not None and any(
                relation in sentence.events[i].relations
                and _actors_match(pairs_of, subject, obj, sentence.events[i])
                for i in matched
            ):
                continue
            buckets[relation.value].fp += 1
        else:
            matched.add(hit)
            buckets[relation.value].tp += 1
    for i, event in enumerate(sentence.events):
        if i not in matched:
            buckets[min(event.relations, key=lambda r: r.value).value].fn += 1
    return len(matched)


def _actors_match(
    actors: dict[str, _SystemActor], subject: str, obj: str, event: GoldEvent
) -> bool:
    return any(_matches(actors.get(subject), g) for g in event.sources) and (
        not event.targets or any(_matches(actors.get(obj), g) for g in event.targets)
    )


def score_events(
    sentences: list[GoldSentence], nlp: Any, resources: Resources, keep_examples: int = 0
) -> EventScore:
    """Run the pipeline on every gold sentence and score its event assertions."""
    score = EventScore(sentences=len(sentences))
    stream = (
        (
            s.text,
            Article(
                f"eval:{s.id}",
                s.text,
                hashlib.sha256(s.text.encode()).hexdigest(),
                s.id,
                published=s.date,
            ),
        )
        for s in sentences
    )
    for sentence, (doc, article) in zip(
        sentences, nlp.pipe(stream, as_tuples=True, batch_size=64), strict=True
    ):
        extraction = extract_article(doc, article, resources)
        system = [a for a in extraction.assertions if a.relation in EVENT_RELATIONS]
        triples = {(a.subject, a.relation, a.object) for a in system}
        score.scored += 1
        score.outside_vocabulary += sentence.outside_vocabulary
        if sentence.expect_none:
            score.none_sentences += 1
            score.events_on_none += len(triples)
        actors = _system_actors(extraction, resources)
        _match_events(sentence, triples, None, score.type_only, actors)
        matched = _match_events(sentence, triples, actors, score.triple, actors)
        if keep_examples and len(score.examples) < keep_examples and matched < len(sentence.events):
            found = (
                ", ".join(f"{s} {r.value} {o}" for s, r, o in sorted(triples, key=str)) or "nothing"
            )
            score.examples.append(f"{sentence.id}: {sentence.text[:120]} -> {found}")
    return score
