"""kg's fast attribute ruler and lemmatizer give the model's own annotations, token by token."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

from kg.ingest import iter_articles
from kg.model import Article
from kg.nlp.fast import FastAttributeRuler, FastLemmatizer, compile_ruler, speed_up
from kg.nlp.load import find_model

ROOT = Path(__file__).resolve().parents[2]

# every kind of the model's rules: multi-token ones ("gon na", "y' all", "ai n't", "let 's"),
# ones on the dependency label ("it" as subject and object, "There is"), whitespace
# tokens, negation, "gets"/"got", and words whose lemma depends on their morphology
AWKWARD = [
    "Y'all gonna see: it ain't nothin' new. Let's go, c'mon!  \n\n  Gotta run.",
    "There is a deal and there are talks; it said that it would sign it if you asked me.",
    "He gets it, she got it, they don't. I am here and I'm not leaving; you're right.",
    "The ministers met. Meetings were held, meeting after meeting, as the minister meets.",
    "But, said the rebels, but the army's shelling continued \t while talks resumed.",
    "",
    " ",
    "\n\n",
]


def _texts() -> list[str]:
    seeds = [a.text for a in iter_articles([str(ROOT / "seeds")]) if isinstance(a, Article)]
    return [*seeds, *AWKWARD]


def _annotations(docs: Iterable[Doc]) -> list[list[tuple[str, ...]]]:
    return [[(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_) for t in doc] for doc in docs]


@pytest.fixture(scope="module")
def stock() -> Language:
    return spacy.load(find_model(), exclude=["senter"])


@pytest.fixture(scope="module")
def fast() -> Language:
    nlp = spacy.load(find_model(), exclude=["senter"])
    assert speed_up(nlp) == ["attribute_ruler", "lemmatizer"]
    return nlp


def test_the_fast_components_take_the_models_places(fast: Language, stock: Language) -> None:
    assert fast.pipe_names == stock.pipe_names
    assert isinstance(fast.get_pipe("attribute_ruler"), FastAttributeRuler)
    assert isinstance(fast.get_pipe("lemmatizer"), FastLemmatizer)


def test_every_token_is_annotated_as_the_model_does(fast: Language, stock: Language) -> None:
    texts = _texts()
    expected = _annotations(stock.pipe(texts))
    # twice: the second pass answers from the memos the first one filled
    assert _annotations(fast.pipe(texts)) == expected
    assert _annotations(fast.pipe(texts)) == expected


def test_the_loaded_pipeline_uses_them(nlp: Language) -> None:
    assert isinstance(nlp.get_pipe("attribute_ruler"), FastAttributeRuler)
    assert isinstance(nlp.get_pipe("lemmatizer"), FastLemmatizer)


def _hand_made_doc(nlp: Language) -> Doc:
    words = ["we", "gon", "na", "win", "gon", "na"]
    return Doc(nlp.vocab, words=words, tags=["PRP", "VBG", "TO", "VB", "VBG", "TO"])


@pytest.mark.parametrize("multi_first", [True, False])
def test_later_rules_win_whichever_kind_they_are(multi_first: bool) -> None:
    nlp = spacy.blank("en")
    single = {"patterns": [[{"TAG": "VBG"}]], "attrs": {"LEMMA": "single", "POS": "VERB"}}
    multi = {
        "patterns": [[{"LOWER": "gon"}, {"LOWER": "na"}]],
        "attrs": {"LEMMA": "multi"},
        "index": -2,
    }
    tail = {"patterns": [[{"LOWER": "gon"}, {"LOWER": "na"}]], "attrs": {"POS": "PART"}, "index": 1}
    patterns = [multi, single, tail] if multi_first else [single, multi, tail]
    ruler = AttributeRuler(nlp.vocab)
    ruler.add_patterns(patterns)  # type: ignore[arg-type]
    rules = compile_ruler(ruler)
    assert rules is not None
    expected = _annotations([ruler(_hand_made_doc(nlp))])
    assert _annotations([FastAttributeRuler(nlp.vocab, rules)(_hand_made_doc(nlp))]) == expected
    lemmas = [row[4] for row in expected[0]]
    assert lemmas[1] == ("single" if multi_first else "multi")


@pytest.mark.parametrize(
    "pattern",
    [
        [{"LOWER": "gon", "OP": "?"}],  # an operator
        [{"POS": "VERB"}],  # an attribute we do not read
        [{"LOWER": {"FUZZY": "gon"}}],  # a predicate we do not reproduce
        [{"_": {"flag": True}}],  # an extension attribute
    ],
)
def test_a_ruler_we_cannot_reproduce_is_left_as_it_is(pattern: list[dict[str, object]]) -> None:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    assert isinstance(ruler, AttributeRuler)
    ruler.add([pattern], {"LEMMA": "x"})  # type: ignore[list-item]
    assert compile_ruler(ruler) is None
    assert speed_up(nlp) == []
    assert nlp.get_pipe("attribute_ruler") is ruler
