"""Score a built graph's analyst terms (SPEC §7) against `kg.evaluate.analyst_gold`.

Four scores, each precision and recall over the articles of one gold set:
- origins: pairs of articles judged to share an original source (`kg:originalSource`);
- events: `kg:Event` nodes matched to gold events by relation, actor, target and a date
  within the gold precision; event dates on the events matched without the date, exact and
  within precision;
- role status: `kg:roleStatus` on the `leaderOf`/`officialOf` records of each gold role;
- hedges: records carrying `kg:likelihood`, matched to gold hedged sentences; the band exact,
  and the overlap of `kg:hedge` words with the gold hedge words.
A term the graph lacks scores 0: nothing here infers it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from itertools import combinations
from typing import Any

from rdflib import RDF, Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV
from rdflib.term import Node

from kg.evaluate.analyst_gold import AnalystGold, GoldEvent, GoldHedge, GoldRole, Names
from kg.evaluate.graphview import graph_actors, normalize_name
from kg.evaluate.relations import PRF
from kg.vocab import KG_NS

KG = Namespace(KG_NS)
UNDIRECTED = frozenset({"meetsWith", "cooperatesWith", "alliesWith", "borders"})
ROLE_RELATIONS = frozenset({"leaderOf", "officialOf"})
APPROXIMATE_DAYS = 7
EVENT_RELATION_NAMES = frozenset(  # SPEC §3 event rows, threatens ... attacks
    {
        "threatens",
        "sanctions",
        "seversTiesWith",
        "condemns",
        "supports",
        "opposes",
        "requestsAidFrom",
        "providesAidTo",
        "meetsWith",
        "cooperatesWith",
        "deploysForcesTo",
        "deposes",
        "detains",
        "attacks",
    }
)


def local_name(node: Node | None) -> str | None:
    """The value of a literal, or the local name of an IRI.

    >>> local_name(URIRef("https://example.org/kg#threatens")), local_name(None)
    ('threatens', None)
    """
    if node is None:
        return None
    text = str(node)
    return re.split(r"[#/]", text)[-1] if isinstance(node, URIRef) else text


@dataclass(frozen=True, slots=True)
class GraphEvent:
    relation: str
    actor: Names
    target: Names
    date: str | None
    precision: str | None
    articles: frozenset[str]


@dataclass(frozen=True, slots=True)
class GraphRecord:
    relation: str
    subject: Names
    object: Names
    article: str | None
    evidence: str
    role_status: str | None
    likelihood: str | None
    hedge: str | None


@dataclass(frozen=True, slots=True)
class AnalystView:
    """What the scorer reads from a graph, keyed by gold article keys."""

    origins: Mapping[str, str | None]
    events: tuple[GraphEvent, ...]
    records: tuple[GraphRecord, ...]


def article_key(graph: Graph, article: Node, gold_keys: frozenset[str]) -> str | None:
    """The gold key an article node stands for: its identifier, else its file's stem prefix."""
    identifier = graph.value(article, DCTERMS.identifier)
    if identifier is not None and str(identifier) in gold_keys:
        return str(identifier)
    origin = str(graph.value(article, KG.origin) or "")
    filename = origin.replace("\\", "/").rsplit("/", 1)[-1]
    for key in sorted(gold_keys):
        if filename == key or filename.startswith(f"{key}_") or filename.startswith(f"{key}."):
            return key
    return None


def read_view(graph: Graph, gold_keys: frozenset[str]) -> AnalystView:
    """Read articles, events and statement records from `graph` for one gold set."""
    names = {actor.iri: actor.names for actor in graph_actors(graph)}

    def actor_names(node: Node | None) -> Names:
        return names.get(str(node), frozenset()) if node is not None else frozenset()

    articles: dict[str, str] = {}
    origins: dict[str, str | None] = {}
    for node in set(graph.subjects(KG.origin, None)):
        key = article_key(graph, node, gold_keys)
        if key is not None:
            articles[str(node)] = key
            source = graph.value(node, KG.originalSource)
            origins[key] = None if source is None else str(source)
    records: dict[str, GraphRecord] = {}
    for node in graph.subjects(RDF.type, RDF.Statement):
        relation = local_name(graph.value(node, RDF.predicate)) or ""
        article = graph.value(node, PROV.wasDerivedFrom)
        records[str(node)] = GraphRecord(
            relation,
            actor_names(graph.value(node, RDF.subject)),
            actor_names(graph.value(node, RDF.object)),
            articles.get(str(article)) if article is not None else None,
            str(graph.value(node, KG.evidenceText) or ""),
            local_name(graph.value(node, KG.roleStatus)),
            local_name(graph.value(node, KG.likelihood)),
            local_name(graph.value(node, KG.hedge)),
        )
    events = []
    for node in graph.subjects(RDF.type, KG.Event):
        reports = [records.get(str(r)) for r in graph.objects(node, KG.reportedBy)]
        events.append(
            GraphEvent(
                local_name(graph.value(node, KG.eventType)) or "",
                actor_names(graph.value(node, KG.actor)),
                actor_names(graph.value(node, KG.target)),
                local_name(graph.value(node, KG.eventDate)),
                local_name(graph.value(node, KG.datePrecision)),
                frozenset(r.article for r in reports if r is not None and r.article is not None),
            )
        )
    ordered = sorted(records.items())
    return AnalystView(origins, tuple(events), tuple(record for _, record in ordered))


# --- dates ---------------------------------------------------------------------------


def parse_day(text: str) -> date | None:
    """The first day a date string names (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`), else None.

    >>> parse_day("2023-07"), parse_day("--07-26")
    (datetime.date(2023, 7, 1), None)
    """
    match = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", text[:10])
    if match is None:
        return None
    year, month, day = match.groups()
    try:
        return date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return None


def date_within(predicted: str, gold: str, precision: str | None) -> bool:
    """Whether a predicted date falls inside the gold date read at its precision.

    >>> date_within("2023-07-27", "2023-07-26", "approximate"), date_within("2023-08-01", "2023-07", "month")
    (True, False)
    >>> date_within("2004-10-17", "--10-17", "day")
    True
    """
    if gold.startswith("--"):
        return predicted[4:10] == gold[1:]
    day, gold_day = parse_day(predicted), parse_day(gold)
    if day is None or gold_day is None:
        return False
    if precision == "approximate":
        return abs((day - gold_day).days) <= APPROXIMATE_DAYS
    width = {"year": 4, "month": 7}.get(precision or "day", 10)
    return predicted[:width] == gold[:width] and len(predicted) >= min(len(gold), width)


def date_exact(
    predicted: str, predicted_precision: str | None, gold: str, precision: str | None
) -> bool:
    """The same date at the same precision.

    >>> date_exact("2023-07-26", "day", "2023-07-26", "day"), date_exact("2023-07-26", "month", "2023-07", "month")
    (True, True)
    """
    if (
        predicted_precision is not None
        and precision is not None
        and predicted_precision != precision
    ):
        return False
    if gold.startswith("--"):
        return predicted[4:10] == gold[1:]
    width = {"year": 4, "month": 7}.get(precision or "day", 10)
    return predicted[:width] == gold[:width]


# --- matching --------------------------------------------------------------------------


def _meets(names: Names, gold: Names) -> bool:
    return bool(names & gold)


def endpoints_match(relation: str, actor: Names, target: Names, gold: GoldEvent) -> bool:
    """Same relation and one of the gold readings of (actor, target), either way if undirected."""
    if relation != gold.relation:
        return False
    for gold_actor, gold_target in gold.endpoints:
        if _meets(actor, gold_actor) and _meets(target, gold_target):
            return True
        if relation in UNDIRECTED and _meets(actor, gold_target) and _meets(target, gold_actor):
            return True
    return False


def event_matches(event: GraphEvent, gold: GoldEvent, with_date: bool) -> bool:
    if not endpoints_match(event.relation, event.actor, event.target, gold):
        return False
    if not with_date or gold.date is None:
        return True
    return event.date is not None and date_within(event.date, gold.date, gold.precision)


def match_events(
    events: Iterable[GraphEvent], gold: Iterable[GoldEvent], with_date: bool
) -> list[tuple[GoldEvent, GraphEvent | None]]:
    """Greedy one-to-one matching of gold events to graph events, in gold order."""
    free = list(events)
    pairs: list[tuple[GoldEvent, GraphEvent | None]] = []
    for item in gold:
        found = next((e for e in free if event_matches(e, item, with_date)), None)
        if found is not None:
            free.remove(found)
        pairs.append((item, found))
    return pairs


# --- scores ------------------------------------------------------------------------------


def _prf(tp: int, predicted: int, gold: int) -> PRF:
    return PRF(tp=tp, fp=predicted - tp, fn=gold - tp)


def score_origins(view: AnalystView, gold: AnalystGold) -> PRF:
    """Pairs of gold articles with the same original source, in the graph and in the gold."""
    keys = sorted(gold.articles)
    gold_pairs = {
        (a, b)
        for a, b in combinations(keys, 2)
        if gold.origins.get(a) and gold.origins.get(a) == gold.origins.get(b)
    }
    predicted = {
        (a, b)
        for a, b in combinations(keys, 2)
        if view.origins.get(a) is not None and view.origins.get(a) == view.origins.get(b)
    }
    return _prf(len(gold_pairs & predicted), len(predicted), len(gold_pairs))


def scoped_events(view: AnalystView, gold: AnalystGold) -> list[GraphEvent]:
    """Graph events reported by an article of the gold set, of a relation the gold scores."""
    return [
        e for e in view.events if e.articles & gold.articles and e.relation in EVENT_RELATION_NAMES
    ]


def score_events(view: AnalystView, gold: AnalystGold, with_date: bool = True) -> PRF:
    """Events matched by relation, actor, target and (with `with_date`) the date."""
    events = scoped_events(view, gold)
    matched = sum(found is not None for _, found in match_events(events, gold.events, with_date))
    return _prf(matched, len(events), len(gold.events))


@dataclass(frozen=True, slots=True)
class DateScore:
    exact: PRF
    within: PRF


def score_dates(view: AnalystView, gold: AnalystGold) -> DateScore:
    """Dates of the events matched by relation and endpoints, over the gold events with a date."""
    pairs = match_events(scoped_events(view, gold), gold.events, False)
    dated = [(g, e) for g, e in pairs if g.date is not None]
    predicted = [(g, e) for g, e in dated if e is not None and e.date is not None]
    exact = sum(
        date_exact(e.date or "", e.precision, g.date or "", g.precision) for g, e in predicted if e
    )
    within = sum(date_within(e.date or "", g.date or "", g.precision) for g, e in predicted if e)
    return DateScore(
        _prf(exact, len(predicted), len(dated)), _prf(within, len(predicted), len(dated))
    )


def role_status_for(view: AnalystView, role: GoldRole) -> str | None:
    """The status the graph gives the gold role: its first matching record with a status."""
    for record in view.records:
        if (
            record.relation in ROLE_RELATIONS
            and record.article == role.article
            and record.role_status is not None
            and _meets(record.subject, role.subject)
            and _meets(record.object, role.object)
        ):
            return record.role_status
    return None


def score_roles(view: AnalystView, gold: AnalystGold) -> PRF:
    statuses = [(role, role_status_for(view, role)) for role in gold.roles]
    given = [(role, status) for role, status in statuses if status is not None]
    correct = sum(status == role.status for role, status in given)
    return _prf(correct, len(given), len(gold.roles))


def _fold(text: str) -> str:
    return " ".join(normalize_name(text).split())


def same_sentence(evidence: str, hedge: GoldHedge) -> bool:
    """Whether a record's evidence and a gold hedged sentence (or fragment) overlap.

    >>> same_sentence("He said it may rain.", GoldHedge("a", "it may rain", ("may",), "likely"))
    True
    """
    a, b = _fold(evidence), _fold(hedge.sentence)
    return bool(a and b) and (a in b or b in a)


@dataclass(frozen=True, slots=True)
class HedgeUnit:
    article: str
    evidence: str
    bands: frozenset[str]
    words: str


def hedge_units(view: AnalystView, gold: AnalystGold) -> list[HedgeUnit]:
    """One unit per hedged sentence of a gold article (records of one sentence merged)."""
    units: dict[tuple[str, str], list[GraphRecord]] = {}
    for record in view.records:
        if record.likelihood is not None and record.article in gold.articles:
            units.setdefault((record.article, record.evidence), []).append(record)
    return [
        HedgeUnit(
            article,
            evidence,
            frozenset(r.likelihood for r in records if r.likelihood),
            " ".join(sorted({r.hedge for r in records if r.hedge})),
        )
        for (article, evidence), records in sorted(units.items())
    ]


def word_overlap(predicted: str, gold: Iterable[str]) -> float:
    """Token F1 of the predicted hedge words against the gold ones.

    >>> word_overlap("is believed to", ["believed"]), word_overlap("", ["may"])
    (0.5, 0.0)
    """
    p, g = set(_fold(predicted).split()), set(_fold(" ".join(gold)).split())
    common = len(p & g)
    return 2 * common / (len(p) + len(g)) if common else 0.0


@dataclass(frozen=True, slots=True)
class HedgeScore:
    detected: PRF
    band: PRF
    word_overlap: float
    """Mean token F1 of hedge words over the detected gold hedges."""


def score_hedges(view: AnalystView, gold: AnalystGold) -> HedgeScore:
    units = [
        u
        for u in hedge_units(view, gold)
        if not any(
            h.article == u.article and same_sentence(u.evidence, h) for h in gold.ignored_hedges
        )
    ]
    matched: list[tuple[GoldHedge, HedgeUnit]] = []
    free = list(units)
    for hedge in gold.hedges:
        unit = next(
            (u for u in free if u.article == hedge.article and same_sentence(u.evidence, hedge)),
            None,
        )
        if unit is not None:
            free.remove(unit)
            matched.append((hedge, unit))
    band = sum(hedge.band in unit.bands for hedge, unit in matched)
    overlap = [word_overlap(unit.words, hedge.words) for hedge, unit in matched]
    return HedgeScore(
        _prf(len(matched), len(units), len(gold.hedges)),
        _prf(band, len(units), len(gold.hedges)),
        sum(overlap) / len(overlap) if overlap else 0.0,
    )


@dataclass(frozen=True, slots=True)
class AnalystScore:
    name: str
    origins: PRF
    events: PRF
    events_any_date: PRF
    dates: DateScore
    roles: PRF
    hedges: HedgeScore

    def rows(self) -> Iterator[tuple[str, PRF]]:
        yield "origins (same-origin pairs)", self.origins
        yield "events", self.events
        yield "events, any date", self.events_any_date
        yield "event dates, exact", self.dates.exact
        yield "event dates, within precision", self.dates.within
        yield "role status", self.roles
        yield "hedges", self.hedges.detected
        yield "hedge band exact", self.hedges.band

    def as_dict(self) -> dict[str, Any]:
        scores: dict[str, Any] = {name: prf.as_dict() for name, prf in self.rows()}
        scores["hedge words overlap"] = round(self.hedges.word_overlap, 3)
        return {"set": self.name, **scores}


def score_analyst(graph: Graph, gold: AnalystGold) -> AnalystScore:
    """All four analyst scores of `graph` on one gold set."""
    view = read_view(graph, gold.articles)
    return AnalystScore(
        gold.name,
        score_origins(view, gold),
        score_events(view, gold),
        score_events(view, gold, with_date=False),
        score_dates(view, gold),
        score_roles(view, gold),
        score_hedges(view, gold),
    )
