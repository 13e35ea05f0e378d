"""Faster stand-ins for two of the model's components, giving the same annotations.

`en_core_web_sm`'s attribute ruler runs spaCy's `Matcher` with 179 patterns over every
token, and its lemmatizer loops over the tokens in Python: together about a fifth of the
model's time on news, more than the tagger and parser. Almost every token is decided by
its tag, its lower-case form and its dependency label, so both are answered here once per
distinct token key and remembered: the ruler per (tag, lower, dep, is_space), the
lemmatizer per (orth, pos, morph), the key its own cache uses.

Each stand-in is made only from a component whose behaviour it reproduces: a ruler whose
patterns use nothing but fixed-length token specs over the attributes in `_STRING_ATTRS`
and `_FLAG_ATTRS` (equality, IN, NOT_IN, REGEX), and spaCy's own rule or lookup
lemmatizer. Anything else keeps the model's component (`compile_ruler` returns None).
`tests/nlp/test_fast.py` checks the annotations against the model's own, token by token.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from spacy.attrs import IDS, LEMMA, MORPH, ORTH, POS
from spacy.language import Language
from spacy.lookups import Lookups
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokens import Doc
from spacy.vocab import Vocab

_STRING_ATTRS = frozenset({"ORTH", "TEXT", "LOWER", "NORM", "TAG", "DEP"})
_FLAG_ATTRS = frozenset({"IS_SPACE", "IS_PUNCT", "IS_ALPHA", "IS_DIGIT", "IS_TITLE", "IS_UPPER"})
_ALIASES = {"TEXT": "ORTH"}
_OPEN_ATTRS = frozenset(IDS[name] for name in ("ORTH", "LOWER", "NORM"))
_OTHER = -1
"""The memo's key for a word that no test names and no regex matches."""
_MEMO_LIMIT = 1_000_000
"""Distinct token keys remembered before the memo starts again (a bound on its memory)."""

Predicate = Callable[[Any], bool]
"""A test of one attribute's value: a string, or 0/1 for a flag."""


@dataclass(frozen=True, slots=True)
class _Spec:
    """One token of a pattern: every (column, test) must hold. `needs`: a column and the
    values one of which it must have, when some test says so (for `CompiledRules.index`)."""

    tests: tuple[tuple[int, Predicate], ...]
    needs: tuple[int, frozenset[Any]] | None


@dataclass(frozen=True, slots=True)
class _Rule:
    """One pattern of the ruler: its place (later rules win), its tokens, which of them
    it sets, and the attributes it sets (attribute ID -> value, as the ruler holds them)."""

    order: int
    specs: tuple[int, ...]
    index: int
    attrs: Mapping[int, int]


@dataclass(frozen=True, slots=True)
class CompiledRules:
    """An attribute ruler's patterns, as tests on the columns of `Doc.to_array(columns)`."""

    columns: tuple[int, ...]
    flags: frozenset[int]
    specs: tuple[_Spec, ...]
    single: tuple[_Rule, ...]
    multi: tuple[_Rule, ...]
    written: tuple[int, ...]
    index: Mapping[tuple[int, Any], tuple[int, ...]]
    """(column, value) -> the specs that need that value there: only they can be met."""
    unindexed: tuple[int, ...]
    """The specs no single value decides (only NOT_IN, REGEX or flag tests)."""
    named: tuple[frozenset[str], ...]
    """Per column, every value a test names (equality, IN, NOT_IN)."""
    regexes: tuple[tuple[re.Pattern[str], ...], ...]
    """Per column, the REGEX tests on it."""

    def open_columns(self) -> tuple[int, ...]:
        """The columns of words (not tags or labels), whose values are many: a word no test
        names and no regex matches fares as any other such word, so the memo need not
        tell them apart."""
        return tuple(c for c, attr in enumerate(self.columns) if attr in _OPEN_ATTRS)


def _named(value: Any) -> set[str]:
    """The strings a token-spec value names."""
    if isinstance(value, str):
        return {value}
    if isinstance(value, dict):
        return {v for op in ("IN", "NOT_IN") for v in value.get(op, ()) if isinstance(v, str)}
    return set()


def _needed(value: Any, flag: bool) -> frozenset[Any] | None:
    """The values a token-spec value allows, when it is a finite set of them."""
    if flag:
        return frozenset({int(value)})
    if isinstance(value, str):
        return frozenset({value})
    if isinstance(value, dict) and "IN" in value:
        return frozenset(value["IN"])
    return None


def _predicate(value: Any, flag: bool) -> Predicate | None:
    """The test a token-spec value stands for, or None when it is not one we reproduce."""
    if flag:
        if isinstance(value, bool):
            return lambda v, want=int(value): v == want  # type: ignore[misc]
        return None
    if isinstance(value, str):
        return lambda v, want=value: v == want  # type: ignore[misc]
    if isinstance(value, dict) and len(value) == 1:
        ((op, arg),) = value.items()
        if (
            op in ("IN", "NOT_IN")
            and isinstance(arg, list)
            and all(isinstance(a, str) for a in arg)
        ):
            members = frozenset(arg)
            if op == "IN":
                return lambda v: v in members
            return lambda v: v not in members
        if op == "REGEX" and isinstance(arg, str):
            search = re.compile(arg).search
            return lambda v: v is not None and search(v) is not None  # None: _OTHER
    return None


def compile_ruler(ruler: AttributeRuler) -> CompiledRules | None:
    """The ruler's patterns compiled, or None if one uses anything we do not reproduce
    exactly (an operator, another attribute, an extension attribute, ...)."""
    patterns: Sequence[Mapping[str, Any]] = ruler.patterns
    normalized: Sequence[Mapping[int, Any]] = ruler.attrs  # as the ruler sets them: IDs
    columns: list[int] = []
    flags: set[int] = set()
    specs: list[_Spec] = []
    spec_ids: dict[tuple[tuple[str, str], ...], int] = {}
    rules: list[_Rule] = []
    written: set[int] = set()
    mentioned: dict[int, set[str]] = {}
    regexes: dict[int, list[re.Pattern[str]]] = {}
    for order, entry in enumerate(patterns):
        attr_values = normalized[order]
        if not attr_values or not all(isinstance(k, int) for k in attr_values):
            return None
        written.update(attr_values)
        for pattern in entry["patterns"]:
            if not isinstance(pattern, list) or not pattern:
                return None
            token_specs: list[int] = []
            for token in pattern:
                tests: list[tuple[int, Predicate]] = []
                needs: tuple[int, frozenset[Any]] | None = None
                for name, value in token.items():
                    name = _ALIASES.get(name.upper(), name.upper())
                    flag = name in _FLAG_ATTRS
                    if not flag and name not in _STRING_ATTRS:
                        return None
                    test = _predicate(value, flag)
                    if test is None:
                        return None
                    attr = IDS[name]
                    if attr not in columns:
                        columns.append(attr)
                    if flag:
                        flags.add(attr)
                    tests.append((columns.index(attr), test))
                    mentioned.setdefault(attr, set()).update(_named(value))
                    if isinstance(value, dict) and "REGEX" in value:
                        regexes.setdefault(attr, []).append(re.compile(value["REGEX"]))
                    allowed = _needed(value, flag)
                    if allowed is not None and (needs is None or len(allowed) < len(needs[1])):
                        needs = (columns.index(attr), allowed)
                key = tuple(sorted((str(n), repr(v)) for n, v in token.items()))
                if key not in spec_ids:
                    spec_ids[key] = len(specs)
                    specs.append(_Spec(tuple(tests), needs))
                token_specs.append(spec_ids[key])
            target = int(entry.get("index", 0))
            if not -len(token_specs) <= target < len(token_specs):
                return None  # the model's ruler raises on such a match: leave it to do so
            rules.append(_Rule(order, tuple(token_specs), target, attr_values))
    by_value: dict[tuple[int, Any], list[int]] = {}
    for s, spec in enumerate(specs):
        if spec.needs is not None:
            column, allowed = spec.needs
            for value in allowed:
                by_value.setdefault((column, value), []).append(s)
    return CompiledRules(
        tuple(columns),
        frozenset(flags),
        tuple(specs),
        tuple(r for r in rules if len(r.specs) == 1),
        tuple(r for r in rules if len(r.specs) > 1),
        tuple(sorted(written)),
        {key: tuple(found) for key, found in by_value.items()},
        tuple(s for s, spec in enumerate(specs) if spec.needs is None),
        tuple(frozenset(mentioned.get(attr, ())) for attr in columns),
        tuple(tuple(regexes.get(attr, ())) for attr in columns),
    )


@dataclass(frozen=True, slots=True)
class _Decision:
    """For one token key: the specs it meets, which set of single-token rules fires on it
    (an index into `FastAttributeRuler`'s signatures), and the multi-token rules it can
    start."""

    met: frozenset[int]
    signature: int
    starts: tuple[int, ...]


class FastAttributeRuler:
    """The model's attribute ruler, deciding each distinct token key once.

    The single-token rules firing on a key make its signature; there are a few hundred in
    news, so each token's new attributes are one row of a small table, written with NumPy.
    """

    def __init__(self, vocab: Vocab, rules: CompiledRules) -> None:
        self.vocab = vocab
        self.rules = rules
        self._memo: dict[tuple[int, ...], _Decision] = {}
        self._open = rules.open_columns()
        self._words: list[dict[int, int]] = [{} for _ in rules.columns]
        self._signatures: dict[tuple[int, ...], int] = {}
        self._values = np.zeros((0, len(rules.written)), dtype=np.uint64)
        self._mask = np.zeros((0, len(rules.written)), dtype=bool)

    def _decide(self, key: tuple[int, ...]) -> _Decision:
        strings = self.vocab.strings
        values = [
            None if raw == _OTHER else raw if column in self.rules.flags else strings[raw]
            for column, raw in zip(self.rules.columns, key, strict=True)
        ]
        candidates = set(self.rules.unindexed)
        for column, value in enumerate(values):
            candidates.update(self.rules.index.get((column, value), ()))
        met = frozenset(
            s
            for s in candidates
            if all(test(values[column]) for column, test in self.rules.specs[s].tests)
        )
        fired = tuple(r for r, rule in enumerate(self.rules.single) if rule.specs[0] in met)
        starts = tuple(r for r, rule in enumerate(self.rules.multi) if rule.specs[0] in met)
        return _Decision(met, self._signature(fired), starts)

    def _word(self, column: int, raw: int) -> int:
        """The memo's key for a word: itself if a test names it or a regex matches it."""
        text = self.vocab.strings[raw]
        if text in self.rules.named[column]:
            return raw
        if any(regex.search(text) for regex in self.rules.regexes[column]):
            return raw
        return _OTHER

    def _signature(self, fired: tuple[int, ...]) -> int:
        number = self._signatures.get(fired)
        if number is None:
            row = np.zeros((1, len(self.rules.written)), dtype=np.uint64)
            mask = np.zeros((1, len(self.rules.written)), dtype=bool)
            for r in fired:  # in the ruler's order: later patterns win
                for attr, value in self.rules.single[r].attrs.items():
                    column = self.rules.written.index(attr)
                    row[0, column], mask[0, column] = value, True
            number = self._signatures[fired] = len(self._values)
            self._values = np.vstack([self._values, row])
            self._mask = np.vstack([self._mask, mask])
        return number

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        keys: list[list[int]] = _array(doc, self.rules.columns).tolist()
        memo = self._memo
        if len(memo) > _MEMO_LIMIT or any(len(words) > _MEMO_LIMIT for words in self._words):
            memo.clear()
            for words in self._words:
                words.clear()
        decisions: list[_Decision] = []
        for row in keys:
            for c in self._open:
                words = self._words[c]
                word = words.get(row[c])
                if word is None:
                    word = words[row[c]] = self._word(c, row[c])
                row[c] = word
            key = tuple(row)
            decision = memo.get(key)
            if decision is None:
                decision = memo[key] = self._decide(key)
            decisions.append(decision)
        before = _array(doc, self.rules.written)
        signatures = np.fromiter((d.signature for d in decisions), dtype=np.intp, count=len(doc))
        table = np.where(self._mask[signatures], self._values[signatures], before)
        for i, rules in self._multi_matches(decisions).items():
            table[i] = self._replay(before[i], decisions[i], rules)
        doc.from_array(list(self.rules.written), table)  # type: ignore[arg-type]
        return doc

    def _multi_matches(self, decisions: list[_Decision]) -> dict[int, list[_Rule]]:
        """The multi-token rules that match, by the token each sets."""
        found: dict[int, list[_Rule]] = {}
        for start, decision in enumerate(decisions):
            for r in decision.starts:
                rule = self.rules.multi[r]
                width = len(rule.specs)
                if start + width > len(decisions):
                    continue
                if all(s in decisions[start + k].met for k, s in enumerate(rule.specs)):
                    found.setdefault(start + rule.index % width, []).append(rule)
        return found

    def _replay(self, before: Any, decision: _Decision, extra: list[_Rule]) -> Any:
        """One token's attributes with every rule that fires on it applied in the ruler's
        order, as the model's ruler applies its sorted matches."""
        fired = [rule for rule in self.rules.single if rule.specs[0] in decision.met]
        row = before.copy()
        for rule in sorted([*fired, *extra], key=lambda rule: rule.order):
            for attr, value in rule.attrs.items():
                row[self.rules.written.index(attr)] = value
        return row


class FastLemmatizer:
    """The model's lemmatizer, asked once per (orth, pos, morph): its own cache's key, so
    the lemma is a function of it (`Lemmatizer.rule_lemmatize`, `lookup_lemmatize`)."""

    def __init__(self, lemmatizer: Lemmatizer) -> None:
        self.lemmatizer = _with_index_sets(lemmatizer)
        self.vocab = lemmatizer.vocab
        self._memo: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        lemmatizer = self.lemmatizer
        if not lemmatizer._validated:
            lemmatizer._validate_tables()
        rows = _array(doc, (ORTH, POS, MORPH, LEMMA))
        lemmas = rows[:, 3].copy()
        memo = self._memo
        if len(memo) > _MEMO_LIMIT:
            memo.clear()
            lemmatizer.cache.clear()  # spaCy's own, which grows as fast
        overwrite = lemmatizer.overwrite
        listed: list[list[int]] = rows.tolist()
        for i, (orth, pos, morph, lemma) in enumerate(listed):
            if lemma and not overwrite:
                continue
            key = (orth, pos, morph)
            value = memo.get(key)
            if value is None:
                value = memo[key] = self.vocab.strings.add(lemmatizer.lemmatize(doc[i])[0])
            lemmas[i] = value
        doc.from_array([LEMMA], lemmas)
        return doc


def _array(doc: Doc, attrs: Sequence[int]) -> Any:
    """`Doc.to_array` of these attributes, one row a token (uint64)."""
    return doc.to_array(list[int | str](attrs)).reshape(len(doc), len(attrs))


def _with_index_sets(lemmatizer: Lemmatizer) -> Lemmatizer:
    """A copy of the lemmatizer whose word lists are sets: `rule_lemmatize` asks `form in
    index` of each candidate, and the model's lists (57,528 nouns) make that a scan."""
    twin = copy.copy(lemmatizer)
    twin.cache = {}
    lookups = Lookups()
    for name in lemmatizer.lookups.tables:
        table = lemmatizer.lookups.get_table(name)
        copied = lookups.add_table(name)
        for key, value in table.items():
            if name == "lemma_index" and isinstance(value, list):
                value = frozenset(value)
            copied[key] = value  # keys are the table's hashes already
    twin.lookups = lookups
    twin.lemmatize = getattr(twin, f"{lemmatizer.mode}_lemmatize")  # not the original's
    return twin


def _reproducible_lemmatizer(component: Any) -> bool:
    """spaCy's own lemmatizer (English's only changes `is_base_form`, a function of pos
    and morph) in a mode whose answer depends on nothing but orth, pos and morph."""
    from spacy.lang.en.lemmatizer import EnglishLemmatizer

    return type(component) in (Lemmatizer, EnglishLemmatizer) and component.mode in (
        "rule",
        "lookup",
    )


class _NotReproduced(ValueError):
    """The component is not one a stand-in reproduces exactly: the model's stays."""


@Language.factory("kg_fast_attribute_ruler", default_config={"source": "attribute_ruler"})
def make_fast_attribute_ruler(nlp: Language, name: str, source: str) -> FastAttributeRuler:
    ruler = nlp.get_pipe(source)
    rules = compile_ruler(ruler) if isinstance(ruler, AttributeRuler) else None
    if rules is None:
        raise _NotReproduced(f"the patterns of {source!r} use what kg's fast ruler does not do")
    return FastAttributeRuler(nlp.vocab, rules)


@Language.factory("kg_fast_lemmatizer", default_config={"source": "lemmatizer"})
def make_fast_lemmatizer(nlp: Language, name: str, source: str) -> FastLemmatizer:
    lemmatizer = nlp.get_pipe(source)
    if not _reproducible_lemmatizer(lemmatizer):
        raise _NotReproduced(f"{source!r} is not a lemmatizer kg's fast one reproduces")
    assert isinstance(lemmatizer, Lemmatizer)
    return FastLemmatizer(lemmatizer)


def speed_up(nlp: Language) -> list[str]:
    """Put the fast stand-ins in place of the model's attribute ruler and lemmatizer, under
    the same names, where they reproduce them; the names of those replaced."""
    pairs = (("attribute_ruler", "kg_fast_attribute_ruler"), ("lemmatizer", "kg_fast_lemmatizer"))
    return [name for name, factory in pairs if name in nlp.pipe_names and _swap(nlp, name, factory)]


def _swap(nlp: Language, name: str, factory: str) -> bool:
    """Put `factory`'s stand-in in place of the component `name`, if it reproduces it
    (the factory raises, and nothing is added, when it does not)."""
    staged = f"{name}__kg_fast"
    try:
        nlp.add_pipe(factory, name=staged, after=name, config={"source": name})
    except _NotReproduced:
        return False
    nlp.remove_pipe(name)
    nlp.rename_pipe(staged, name)
    return True
