from __future__ import annotations

import pytest

from kg.extract.modality import normalize_date


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("Aug. 9", "2023-08-17", "2023-08-09"),
        ("July 26", "2023-08-17", "2023-07-26"),
        ("March 16, 2023", None, "2023-03-16"),
        ("July 27 2023", None, "2023-07-27"),
        ("Thursday", "2023-08-17", "2023-08-17"),
        ("Tuesday", "2023-08-17", "2023-08-15"),
        ("December 30", "2024-01-02", "2023-12-30"),
        ("Aug. 9", None, None),
        ("last week", "2023-08-17", None),
        ("Feb. 30", "2023-08-17", None),
        ("2023-08-01", None, "2023-08-01"),
    ],
)
def test_modality_normalize_date(text: str, published: str | None, expected: str | None) -> None:
    assert normalize_date(text, published) == expected
