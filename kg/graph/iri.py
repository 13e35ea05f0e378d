"""The only place IRIs are minted. Every IRI is derived from content, never from a counter."""

from __future__ import annotations

import hashlib

from rdflib import Namespace, URIRef

from kg.text import slugify
from kg.vocab import KG_DATA_NS, KG_NS, WIKIDATA_NS, Relation

KG = Namespace(KG_NS)
KGD = Namespace(KG_DATA_NS)
WD = Namespace(WIKIDATA_NS)


def _digest(*parts: str, size: int = 16) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:size]


def actor_iri(key: str) -> URIRef:
    """Mint an actor's IRI from its resolution key.

    >>> str(actor_iri("wd:Q1032"))
    'https://w3id.org/kg/id/actor/wd-q1032'
    """
    return URIRef(actor_name(key))


def actor_name(key: str) -> str:
    """`actor_iri` as a string (a build names every block by its subject: no term needed)."""
    return f"{KG_DATA_NS}actor/{slugify(key)}"


def article_iri(article_key: str) -> URIRef:
    """Mint an article's IRI from its identity (record id, URL or path)."""
    return URIRef(article_name(article_key))


def article_name(article_key: str) -> str:
    return f"{KG_DATA_NS}article/{_digest(article_key)}"


def statement_iri(
    article_key: str, subject: str, relation: Relation, obj: str, start: int
) -> URIRef:
    """Mint the IRI of one statement record: one per edge, article and sentence."""
    return URIRef(statement_name(article_key, subject, relation, obj, start))


def statement_name(article_key: str, subject: str, relation: Relation, obj: str, start: int) -> str:
    digest = _digest(article_key, subject, relation.value, obj, str(start), size=20)
    return f"{KG_DATA_NS}statement/{digest}"


def edge_iri(subject: str, relation: Relation, obj: str) -> URIRef:
    """Mint the IRI of an edge's aggregate record."""
    return URIRef(edge_name(subject, relation, obj))


def edge_name(subject: str, relation: Relation, obj: str) -> str:
    return f"{KG_DATA_NS}edge/{_digest(subject, relation.value, obj, size=20)}"


def source_iri(key: str) -> URIRef:
    """Mint the IRI of an original source (a wire, an outlet, a cluster of copies).

    >>> str(source_iri("ap"))
    'https://w3id.org/kg/id/source/ap'
    """
    return KGD[f"source/{key}"]


def relation_iri(relation: Relation) -> URIRef:
    return KG[relation.value]


def wikidata_iri(qid: str) -> URIRef:
    return WD[qid]


def event_iri(
    subject: str, relation: Relation, obj: str, day: str | None, place: str | None
) -> URIRef:
    """Mint the IRI of a merged event (issue 17): its triple, date and place."""
    return URIRef(event_name(subject, relation, obj, day, place))


def event_name(
    subject: str, relation: Relation, obj: str, day: str | None, place: str | None
) -> str:
    parts = (subject, relation.value, obj, day or "", place or "")
    return f"{KG_DATA_NS}event/{_digest(*parts, size=20)}"
