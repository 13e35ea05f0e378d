"""A title line and the paragraph under it are separate sentences, and the paragraph's
first word is never a sentence of its own."""

from __future__ import annotations

import pytest
from spacy.language import Language


def test_a_paragraph_opening_with_an_abbreviation_keeps_its_sentence(nlp: Language) -> None:
    text = (
        "Ostrava Concerned About U.S. Export Picture\n\n"
        "U.S. Trade Representative Jan Ostrava said he expects imports to fall soon."
    )
    sentences = [s.text.strip().casefold() for s in nlp(text).sents]
    assert sentences == [
        "ostrava concerned about u.s. export picture",
        "u.s. trade representative jan ostrava said he expects imports to fall soon.",
    ]


def test_the_first_word_after_a_credit_dash_keeps_its_sentence(nlp: Language) -> None:
    text = (
        "Annan Urged to Play Larger Role (AP)\n\n"
        "AP - U.N. Secretary-General Kofi Annan received some friendly advice last month."
    )
    sentences = [s.text.strip() for s in nlp(text).sents]
    assert (
        sentences[-1]
        == "U.N. Secretary-General Kofi Annan received some friendly advice last month."
    )


def test_a_one_word_paragraph_stays_a_sentence(nlp: Language) -> None:
    sentences = [s.text.strip() for s in nlp("Nairobi\n\nThe talks ended on Monday.").sents]
    assert sentences == ["Nairobi", "The talks ended on Monday."]


@pytest.mark.parametrize("text", ["", " ", "\n", "\n\n"])
def test_an_empty_or_blank_text_parses(nlp: Language, text: str) -> None:
    assert nlp(text).text == text


def test_an_abbreviation_joined_by_a_hyphen_is_a_word_of_its_own(nlp: Language) -> None:
    words = [t.text for t in nlp("Iraq's U.S.-backed government and U.N.-led forces.")]
    assert words[2:5] == ["U.S.", "-", "backed"] and words[7:10] == ["U.N.", "-", "led"]
