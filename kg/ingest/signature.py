"""MinHash signatures of an article, for finding its near-duplicates among all the others.

Two signatures, both over word 3-shingles (lower-cased `\\w+` words):

- the text's: a reprint or a lightly edited copy of a wire story shares most of its
  3-shingles; a reworded copy ("content farm" rewrites, which keep facts and names and
  change the words around them) still shares far more than unrelated stories on the
  same subject do. Measured on the seeds: a reworded copy pair shares 23% of its
  3-shingles (13% of its 5-shingles, 7% of its 8-shingles), unrelated pairs 1%.
- the quotations': what people are quoted as saying survives rewording (the same pair
  shares 47% of its quoted 3-shingles), so it is a second signal, used only where both
  articles quote enough words (`MIN_QUOTED_WORDS`): short quotes of one official
  statement are carried by independent reports too.

A signature is computed once per article, in the worker that extracts it, and kept in
the build state; comparing it with the corpus is an LSH lookup (`kg.graph.origins`), so
it costs about the same at a hundred articles and at a hundred thousand.
"""

from __future__ import annotations

import hashlib
import re
import struct
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Final

import numpy as np

__all__ = ["NUM_PERM", "SCHEME", "SEED", "minhash", "quote_signature", "shingles", "text_signature"]

NUM_PERM: Final = 128
"""Permutations per signature: the Jaccard estimate's standard error is about 0.03 at 0.15."""
SHINGLE_WORDS: Final = 3
MIN_SHINGLES: Final = 40
"""Texts with fewer shingles get no signature: a short text (a headline, a two-line
dividend notice) matches its template's other uses by chance."""
MIN_QUOTED_WORDS: Final = 20
SEED: Final = 17
SCHEME: Final = "affine32"
"""datasketch's hashing scheme: a signature is read back (`LeanMinHash`) with the same."""

_WORD: Final = re.compile(r"\w+")
_QUOTE: Final = re.compile(r"“([^”]{2,2000})”|\"([^\"\n]{2,2000})\"")


def shingles(words: Sequence[str], size: int = SHINGLE_WORDS) -> set[str]:
    """The word `size`-grams of `words`, space-joined.

    >>> sorted(shingles(["a", "b", "c", "d"]))
    ['a b c', 'b c d']
    """
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def minhash(items: Iterable[str]) -> tuple[int, ...]:
    """The MinHash values of `items` with the project's permutations and seed: those of
    `datasketch.MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)` after
    `update_batch` of the items' UTF-8 bytes (tests/ingest/test_signature.py checks it).

    Computed here with NumPy alone: importing datasketch imports scipy, about a second
    each time a build parses even one article."""
    hashes = [
        struct.unpack("<I", hashlib.sha1(item.encode("utf-8")).digest()[:4])[0] for item in items
    ]
    if not hashes:
        return tuple(int(v) for v in np.full(NUM_PERM, _MAX_HASH, dtype=np.uint32))
    a, b = _permutations()
    values = np.array(hashes, dtype=np.uint32).reshape(-1, 1)
    values = values ^ (values >> np.uint32(16))  # MurmurHash3's finalizer, as datasketch
    values = values * np.uint32(2246822507)
    values = values ^ (values >> np.uint32(13))
    values = values * np.uint32(3266489909)
    values = values ^ (values >> np.uint32(16))
    permuted = values * a + b  # wraps modulo 2^32: the affine32 scheme's permutations
    return tuple(int(v) for v in permuted.min(axis=0))


_MAX_HASH: Final = (1 << 32) - 1


@cache
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """datasketch's affine32 permutation parameters for `SEED` (odd multipliers)."""
    generator = np.random.RandomState(SEED)
    a = generator.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = generator.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return a, b


def text_signature(text: str) -> tuple[int, ...]:
    """The MinHash of `text`'s word shingles, or () when the text is too short."""
    found = shingles(_WORD.findall(text.casefold()))
    if len(found) < MIN_SHINGLES:
        return ()
    return minhash(sorted(found))


def quoted_words(text: str) -> list[list[str]]:
    """The words of each quotation in `text` (between curly or straight double quotes).

    >>> quoted_words('He said “We need Wagner” and "they will come."')
    [['we', 'need', 'wagner'], ['they', 'will', 'come']]
    """
    return [_WORD.findall((a or b).casefold()) for a, b in _QUOTE.findall(text)]


def quote_signature(text: str) -> tuple[int, ...]:
    """The MinHash of the shingles within `text`'s quotations, or () when it quotes
    fewer than `MIN_QUOTED_WORDS` words."""
    quotes = quoted_words(text)
    if sum(len(words) for words in quotes) < MIN_QUOTED_WORDS:
        return ()
    found: set[str] = set()
    for words in quotes:
        found |= shingles(words)
    return minhash(sorted(found))
