"""The spaCy parts of the pipeline that `kg.nlp.load.load_pipeline` assembles: the
paragraph splitter, the gazetteer ruler over the model's entities, and the tokenizer that
reads a shouted headline in sentence case. Importing this module imports spaCy; the
build imports it only when it has articles to parse."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from itertools import pairwise

from spacy.language import Language
from spacy.pipeline import EntityRuler
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span, Token

from kg.nlp.headline import TITLE_EXTENSION, dateline_dash, sentence_case
from kg.nlp.load import DEMONYM_LABEL, NAME_PART_LABEL, Phrase


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
    text = doc.text
    for start in starts:
        first = doc[start]
        if start + 1 < len(doc) and not first.is_space and "\n" not in first.whitespace_:
            doc[start + 1].is_sent_start = False
        dash = dateline_dash(doc, start, text)  # "KUWAIT CITY - Iraqi President ...": its own
        if dash is not None and dash + 1 < len(doc):
            doc[dash + 1].is_sent_start = True
            after = doc[dash + 1]  # nor is its first word: "AP - U.N. Secretary-General ..."
            if dash + 2 < len(doc) and not after.is_space and "\n" not in after.whitespace_:
                doc[dash + 2].is_sent_start = False
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

    _phrases = 0
    """How many patterns `add_phrases` added (`EntityRuler` counts only its own)."""

    def add_phrases(self, phrases: Iterable[Phrase]) -> None:
        """Add phrase patterns given by their tokens, as `add_patterns` adds them from
        the `Doc` it makes of each text (the matcher keeps only the tokens' hashes), in the
        same order; making no `Doc` saves a lexeme for every word not seen before."""
        strings = self.nlp.vocab.strings
        for phrase in phrases:
            label = self._create_label(phrase.label, phrase.key)
            self._ent_ids[self.matcher._normalize_key(label)] = (phrase.label, phrase.key)
            hashes = [strings.add(word) for word in phrase.words]
            # the matcher reads a pattern that is not a Doc as its tokens' hashes
            self.phrase_matcher.add(label, [hashes])  # type: ignore[list-item]
            self._phrases += 1

    def __len__(self) -> int:
        return super().__len__() + self._phrases

    def clear(self) -> None:
        super().clear()
        self._phrases = 0

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(sorted({*super().labels, *(label for label, _ in self._ent_ids.values())}))

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
