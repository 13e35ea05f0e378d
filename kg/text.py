"""Text helpers that more than one stage needs (the NLP stage's keys and the graph's IRIs)."""

from __future__ import annotations

import re
import unicodedata


def slugify(text: str) -> str:
    """Turn a name into a lower-case ASCII slug for keys and IRIs.

    >>> slugify("Côte d'Ivoire")
    'cote-d-ivoire'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "x"
