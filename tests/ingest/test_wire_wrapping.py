"""Hard-wrapped wire text whose paragraphs are marked by indentation, not blank lines."""

from __future__ import annotations

import pytest

from kg.ingest.clean import clean_text

# A wire story wrapped at about 65 characters, its dateline cut from the first line
# (which is therefore short) and each later paragraph indented.
WIRE = (
    "Ruritanian Foreign Minister Karl von\n"
    "Hollenberg met his Borduvian counterpart Anna Petrova for talks on\n"
    "the first day of a three-day visit to the capital.\n"
    "    Officials said the meeting would cover the disputed border and\n"
    "the return of refugees.\n"
    '    Petrova said: "We expect progress."\n'
)


def test_wire_paragraphs_start_at_indented_lines() -> None:
    assert clean_text(WIRE).text.split("\n\n") == [
        "Ruritanian Foreign Minister Karl von Hollenberg met his Borduvian counterpart Anna "
        "Petrova for talks on the first day of a three-day visit to the capital.",
        "Officials said the meeting would cover the disputed border and the return of refugees.",
        'Petrova said: "We expect progress."',
    ]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Prime Minister Jan Novak said", '"real progress" was made in the talks with'),
        ("Deputy Finance Minister Tomas", "Kral said the currency was within the agreed"),
    ],
)
def test_wire_short_first_line_runs_on(first: str, second: str) -> None:
    raw = f"{first}\n{second}\nthe neighbouring states on Monday.\n    He gave no details.\n"
    assert clean_text(raw).text.startswith(f"{first} {second} the neighbouring states")


def test_wire_sentence_end_inside_paragraph_is_no_break() -> None:
    raw = (
        "The envoy arrived in the capital on Monday for talks on the truce.\n"
        "Officials gave no details of the agenda.\n"
        "    The talks resume on Tuesday, the ministry said in a statement.\n"
    )
    assert clean_text(raw).text.split("\n\n") == [
        "The envoy arrived in the capital on Monday for talks on the truce. "
        "Officials gave no details of the agenda.",
        "The talks resume on Tuesday, the ministry said in a statement.",
    ]


def test_block_indented_throughout_reads_as_unindented() -> None:
    lines = [
        "The envoy arrived in the capital on Monday for talks on the",
        "truce between the two neighbouring states.",
        "Officials gave no details.",
    ]
    indented = "".join(f"    {line}\n" for line in lines)
    assert clean_text(indented).text == clean_text("\n".join(lines)).text
