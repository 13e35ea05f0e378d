"""Parsed sentences built by hand, in spaCy's own test style: a `Doc` given its words,
heads, dependency labels, tags, lemmas and entities, on a blank English vocabulary.

The parses are what the model gives for these sentences (written out once), so the
extractors and the resolve stage are tested without loading the model. Entities use the
labels the gazetteer ruler gives (`KG_<Class>`, with the gazetteer key as the span id)
or the model's (`PERSON`, `GPE`, ...).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from functools import cache

import spacy
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from kg.model import Article

Entity = tuple[int, int, str, str]
"""Token start, end, label, and the gazetteer key ("" for a model entity)."""


@cache
def blank_vocab() -> Vocab:
    return spacy.blank("en").vocab


def make_doc(
    words: Sequence[str],
    *,
    heads: Sequence[int],
    deps: Sequence[str],
    pos: Sequence[str],
    tags: Sequence[str],
    lemmas: Sequence[str],
    spaces: Sequence[bool] | None = None,
    ents: Sequence[Entity] = (),
) -> Doc:
    """A parsed `Doc`; `heads` are absolute token indices, as in `Doc(heads=...)`."""
    doc = Doc(
        blank_vocab(),
        words=list(words),
        spaces=None if spaces is None else list(spaces),
        heads=list(heads),
        deps=list(deps),
        pos=list(pos),
        tags=list(tags),
        lemmas=list(lemmas),
    )
    doc.ents = [Span(doc, start, end, label=label, span_id=key) for start, end, label, key in ents]
    return doc


def from_table(text: str, table: str, ents: Sequence[Entity] = ()) -> Doc:
    """A parsed `Doc` from a CoNLL-like table, one token a line: word, head index, dependency
    label, coarse and fine tag, lemma. The spaces between words are read off `text`."""
    rows = [line.split() for line in table.strip().splitlines()]
    words = [row[0] for row in rows]
    spaces: list[bool] = []
    end = 0
    for word in words:
        end = text.index(word, end) + len(word)
        spaces.append(text[end : end + 1] == " ")
    return make_doc(
        words,
        heads=[int(row[1]) for row in rows],
        deps=[row[2] for row in rows],
        pos=[row[3] for row in rows],
        tags=[row[4] for row in rows],
        lemmas=[row[5] for row in rows],
        spaces=spaces,
        ents=ents,
    )


def article_for(doc: Doc, key: str = "path:handmade.txt", published: str | None = None) -> Article:
    return Article(
        key=key,
        text=doc.text,
        content_hash=hashlib.sha256(doc.text.encode()).hexdigest(),
        origin=key.removeprefix("path:"),
        published=published,
    )
