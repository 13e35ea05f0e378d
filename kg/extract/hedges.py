"""Hedged claims: the words that make a claim less than certain, and their ICD 203 band.

A hedge counts only where it governs the claim: it modifies the trigger word ("has
reportedly asked", "may consider", "a possible invasion") or a word the trigger's clause
hangs from ("is believed to have asked", "it is unclear whether X will invade", "heard
reports that X asked", "denied reports that X sent"). A hedge elsewhere in the sentence
("X attacked Y, and Z may respond") leaves the claim unhedged. The words and bands are
`lexicon/hedges.csv` (`hedge_lexicon.py`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Token

from kg.extract.hedge_lexicon import BANDS, HedgeLexicon, HedgeRow, load_hedges

_GOVERNING_DEPS = frozenset(
    {"xcomp", "ccomp", "conj", "acl", "pcomp", "prep", "pobj", "dobj", "acomp"}
)
"""The links a claim's clause climbs to reach what governs it. Not `advcl` or `relcl`: a
hedge on the main clause says nothing of a clause that only times or describes it ("ECOWAS
may intervene after the junta seized power")."""
_MAX_CLIMB = 5
_QUESTION_MARKS = frozenset({"if", "whether"})
_HEAD_POS = {"verb": "VERB", "noun": "NOUN"}
_SAYING = frozenset({"say", "suggest", "indicate", "claim", "allege", "state"})
"""Verbs by which a report or rumour passes on its content ("reports say that")."""


@dataclass(frozen=True, slots=True)
class Hedge:
    """The band a claim gets and the hedging words, verbatim, in sentence order."""

    likelihood: str
    words: str


def governing_nodes(trigger: Token) -> Iterator[tuple[Token, bool]]:
    """The trigger, then each word its clause hangs from, nearest first; True for a word
    reached from an embedded question ("unclear if the force will invade"), the last one."""
    yield trigger, False
    node = trigger
    for _ in range(_MAX_CLIMB):
        if node.head.i == node.i:
            return
        if node.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in _QUESTION_MARKS for c in node.children
        ):
            yield node.head, True  # the parser hangs "if"/"whether" clauses as advcl
            return
        if node.dep_ not in _GOVERNING_DEPS and not _raised(node):
            return
        node = node.head
        yield node, False


def _raised(clause: Token) -> bool:
    """ "Mesic looked set to win": the parser may hang the infinitive off "looked" as an
    adverbial clause, though it completes "looked set" (an `acomp` sibling says so)."""
    return (
        clause.dep_ == "advcl"
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children)
        and any(c.dep_ in ("acomp", "oprd") and c.i < clause.i for c in clause.head.children)
    )


def _verbatim(tokens: list[Token]) -> str:
    """The tokens as written: one span when they are adjacent, else joined by a space."""
    ordered = sorted(tokens, key=lambda t: t.i)
    doc = ordered[0].doc
    if ordered[-1].i - ordered[0].i + 1 == len(ordered):
        return doc[ordered[0].i : ordered[-1].i + 1].text
    return " ".join(t.text for t in ordered)


def _phrase_before(token: Token, words: tuple[str, ...]) -> list[Token] | None:
    """The tokens of `words` ending at `token` ("almost certainly"), if the text has them."""
    start = token.i - len(words) + 1
    if start < token.sent.start:
        return None
    span = token.doc[start : token.i + 1]
    return list(span) if tuple(t.lower_ for t in span) == words else None


def _negation(token: Token) -> list[Token]:
    return [c for c in (*token.children, *token.head.children) if c.dep_ == "neg"]


def _child_hedges(node: Token, lexicon: HedgeLexicon) -> Iterator[tuple[HedgeRow, list[Token]]]:
    """Hedges attached to `node` itself: modals, adverbs, predicate adjectives, modifiers."""
    for child in node.children:
        for row in lexicon.rows:
            tokens: list[Token] | None = None
            if row.kind == "aux" and child.dep_ == "aux" and child.lower_ == row.phrase:
                tokens = [child]
            elif row.kind == "adverb" and child.dep_ == "advmod":
                tokens = _phrase_before(child, row.words)
            elif row.kind == "adjective" and child.dep_ in ("acomp", "oprd"):
                tokens = _adjective(child, row)
            elif row.kind == "modifier" and child.dep_ == "amod" and node.pos_ != "VERB":
                tokens = [child] if child.lower_ == row.phrase else None
            if tokens:
                yield row, tokens


def _adjective(adjective: Token, row: HedgeRow) -> list[Token] | None:
    """ "unclear", "highly unlikely", "not clear" (the negation on the adjective or its verb)."""
    words = row.words
    if words[0] == "not":
        negation = _negation(adjective)
        if adjective.lower_ != words[-1] or not negation:
            return None
        return [negation[0], adjective]
    if len(words) == 1 or adjective.lower_ != words[-1]:
        return [adjective] if words == (adjective.lower_,) and not _negation(adjective) else None
    return _phrase_before(adjective, words)


def _head_hedges(node: Token, lexicon: HedgeLexicon) -> Iterator[tuple[HedgeRow, list[Token]]]:
    """Hedges the claim hangs from: "is believed to", "believes", "reports that", "unclear"."""
    for row in lexicon.rows:
        if row.kind == "passive" and node.lower_ == row.words[1]:
            auxiliaries = [c for c in node.children if c.dep_ == "auxpass"]
            if auxiliaries:
                following = node.doc[node.i + 1] if node.i + 1 < len(node.doc) else None
                tail = (
                    [following]
                    if following is not None and following.lower_ == row.words[-1]
                    else []
                )
                yield row, [auxiliaries[0], node, *tail]
        elif node.pos_ == _HEAD_POS.get(row.kind) and node.lemma_.lower() == row.phrase:
            yield row, [node]  # "Nasr believes", "reports that", "denied reports that"
        elif row.kind == "raising" and node.lemma_.lower() == row.words[0]:
            tokens = _raising(node, row.words[1:])
            if tokens:
                yield row, tokens
        elif row.kind == "noun" and (subject := _saying_subject(node, row.phrase)):
            yield row, [subject, node]  # "reports said the junta asked": as reportedly
        elif row.kind == "noun" and len(row.words) == 2 and _heard(node, row.words):
            yield row, [node.head, node]  # "heard reports that": hearsay of a report
        elif row.kind == "adjective" and node.pos_ == "ADJ":
            tokens = _adjective(node, row)
            if tokens:
                yield row, tokens


def _raising(verb: Token, words: tuple[str, ...]) -> list[Token] | None:
    """ "looked set to", "seems poised to": the verb, its complement, and the "to" after it."""
    for complement in verb.children:
        if complement.dep_ not in ("acomp", "oprd", "xcomp") or complement.lower_ != words[0]:
            continue
        if len(words) == 1:
            return [verb, complement]
        after = verb.doc[complement.i + 1] if complement.i + 1 < len(verb.doc) else None
        if after is not None and after.lower_ == words[1]:
            return [verb, complement, after]
    return None


def _saying_subject(verb: Token, noun: str) -> Token | None:
    """The hedging noun a verb of saying has for subject ("reports say", "rumours suggest"):
    the claim comes from unnamed reports, as "reportedly"."""
    if verb.pos_ != "VERB" or verb.lemma_ not in _SAYING:
        return None
    return next((c for c in verb.children if c.dep_ == "nsubj" and c.lemma_.lower() == noun), None)


def _heard(noun: Token, words: tuple[str, ...]) -> bool:
    """Whether `noun` is the object of a verb or preposition as a two-word noun row names
    them ("hear report": "have heard reports that"; "amid report": "amid reports of")."""
    head, lemma = words
    if noun.pos_ != "NOUN" or noun.lemma_.lower() != lemma:
        return False
    if noun.dep_ == "pobj":  # "amid reports of a plot"
        return noun.head.lower_ == head
    return noun.dep_ == "dobj" and noun.head.lemma_.lower() == head


def _keep_longest(
    found: list[tuple[HedgeRow, list[Token]]], row: HedgeRow, tokens: list[Token]
) -> None:
    """Add a match unless a longer one holds its words ("very likely" over "likely")."""
    words = {t.i for t in tokens}
    if any(words <= {t.i for t in other} for _, other in found):
        return
    found[:] = [(r, other) for r, other in found if not {t.i for t in other} <= words]
    found.append((row, tokens))


def find_hedge(trigger: Token, lexicon: HedgeLexicon | None = None) -> Hedge | None:
    """The hedge governing the claim whose verb or noun is `trigger`, if any.

    With several hedges ("may reportedly"), the claim takes the least likely band: each
    hedge qualifies what the other leaves, so the weakest wording is what the text commits
    to. The words of all of them are kept.
    """
    lexicon = lexicon or load_hedges()
    found: list[tuple[HedgeRow, list[Token]]] = []
    clause = trigger
    for depth, (node, question) in enumerate(governing_nodes(trigger)):
        matches = list(_child_hedges(node, lexicon))
        if depth > 0:
            matches += _head_hedges(node, lexicon)
        if question:  # only an open question governs an "if" clause: not "If X, Y may"
            marks = [c for c in clause.children if c.dep_ == "mark"][:1]  # "unclear if"
            matches = [(row, tokens + marks) for row, tokens in matches if row.kind == "adjective"]
        clause = node
        for row, tokens in matches:
            _keep_longest(found, row, tokens)
    if not found:
        return None
    rows = sorted(found, key=lambda match: min(t.i for t in match[1]))
    band = min((row.band for row, _ in rows), key=BANDS.index)
    return Hedge(band, " | ".join(_verbatim(tokens) for _, tokens in rows))
