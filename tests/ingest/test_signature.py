"""The project's MinHash is datasketch's, value for value (signatures kept in build states
and compared with LSH must not change when the implementation does)."""

from __future__ import annotations

import random
import subprocess
import sys

import pytest
from datasketch import MinHash

from kg.ingest.signature import NUM_PERM, SCHEME, SEED, minhash, text_signature


def _datasketch(items: list[str]) -> tuple[int, ...]:
    signature = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
    signature.update_batch([item.encode("utf-8") for item in items])
    return tuple(int(v) for v in signature.hashvalues)


@pytest.mark.parametrize("size", [0, 1, 2, 40, 500])
def test_signature_minhash_equals_datasketch(size: int) -> None:
    rng = random.Random(size)
    words = ["coup", "niger", "junta", "é", "北京", "sanctions", "ecowas", "x" * 50]
    items = [" ".join(rng.choice(words) for _ in range(3)) + str(i) for i in range(size)]
    assert minhash(items) == _datasketch(items)


def test_signature_of_a_text_changes_with_the_text() -> None:
    text = " ".join(f"word{i % 97} other{i % 13}" for i in range(300))
    found = text_signature(text)
    assert len(found) == NUM_PERM
    assert found != text_signature(text + " and something new at the end of it all")


def test_signing_an_article_does_not_import_scipy() -> None:
    code = (
        "import sys; from kg.ingest.signature import text_signature;"
        "text_signature(' '.join(f'w{i}' for i in range(200)));"
        "print('scipy' in sys.modules, 'datasketch' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "False"]
