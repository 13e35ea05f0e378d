"""Plain data passed between stages. No spaCy or rdflib types cross a stage boundary."""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.vocab import ActorClass, Relation


@dataclass(frozen=True, slots=True)
class Article:
    """One article's cleaned text and metadata, as ingest produced it.

    `key` is the article's identity across builds: its record id, else its URL, else its
    path. A later build that sees the same key with a different `content_hash` replaces
    what the article contributed before.
    """

    key: str
    text: str
    content_hash: str
    origin: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: str | None = None
    identifier: str | None = None
    # origins (issue 17): who wrote the text, as "kind:name", strongest first
    # (`kg.ingest.credits`)
    credits: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input, or part of one, that was not processed, and why (one line)."""

    input: str
    reason: str

    def __str__(self) -> str:
        return f"{self.input}: {self.reason}"


@dataclass(frozen=True, slots=True)
class ActorRef:
    """An actor as one article knows it; `key` is what resolution joins across articles.

    Keys are "wd:Q1032" for gazetteer actors with a Wikidata id, "gaz:<name>" for other
    gazetteer actors, "name:<normalised name>" for the rest.
    """

    key: str
    cls: ActorClass
    label: str
    surface_forms: tuple[str, ...]
    wikidata: str | None = None


@dataclass(frozen=True, slots=True)
class Evidence:
    """The sentence that supports an assertion, with where and how it was found."""

    sentence: str
    start: int
    end: int
    extractor: str
    confidence: float
    speaker: str | None = None
    event_date: str | None = None
    # events (issue 17): how precise `event_date` is: day, month, year or approximate
    date_precision: str | None = None
    # hedged claims (issue 17): the ICD 203 band and the hedging words, verbatim
    likelihood: str | None = None
    hedge: str | None = None


@dataclass(frozen=True, slots=True)
class Assertion:
    """`subject relation object`, between actor keys, with one sentence of evidence."""

    subject: str
    relation: Relation
    object: str
    evidence: Evidence
    role: str | None = None
    # roles in time (issue 17): `current` / `former`, and the dates the role held (ISO)
    role_status: str | None = None
    valid_from: str | None = None
    valid_to: str | None = None


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything one article contributes to the graph."""

    article: Article
    actors: tuple[ActorRef, ...]
    assertions: tuple[Assertion, ...]
    # origins (issue 17): MinHash signatures of the text's word shingles and of its
    # quotations, for near-duplicate lookup at assembly (`kg.ingest.signature`)
    text_signature: tuple[int, ...] = ()
    quote_signature: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Actor:
    """A resolved actor: one node, one class, every surface form seen across articles."""

    key: str
    cls: ActorClass
    label: str
    alt_labels: frozenset[str] = field(default_factory=frozenset)
    wikidata: str | None = None
