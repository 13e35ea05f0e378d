"""Hedged claims: the hedge that governs a claim, its ICD 203 band and its words (issue 17)."""

from __future__ import annotations

import pytest
from spacy.language import Language

from kg.errors import OntologyError
from kg.extract.hedge_lexicon import BANDS, load_hedges
from kg.extract.hedges import Hedge, find_hedge
from kg.extract.modality import FUTURE_AUX, HYPOTHETICAL_HEADS


def hedge_of(nlp: Language, text: str, word: str) -> Hedge | None:
    doc = nlp(text)
    return find_hedge(next(t for t in doc if t.text == word))


@pytest.mark.parametrize(
    ("text", "word", "band", "words"),
    [
        ("Niger's junta has reportedly asked Wagner for help.", "asked", "likely", "reportedly"),
        ("ECOWAS may consider an intervention in Niger.", "consider", "roughly even chance", "may"),
        (
            "Russia is believed to have supplied weapons to Mali.",
            "supplied",
            "likely",
            "is believed to",
        ),
        (
            "Russia will almost certainly attack Ukraine.",
            "attack",
            "almost certain",
            "almost certainly",
        ),
        (
            "It's unclear if the force will invade Niger.",
            "invade",
            "roughly even chance",
            "unclear if",
        ),
        (
            "Nigeriens prepare for a possible invasion by Nigeria.",
            "invasion",
            "roughly even chance",
            "possible",
        ),
        (
            "Officials told the AP they have heard reports that the junta asked Wagner for help.",
            "asked",
            "roughly even chance",
            "heard reports",
        ),
        (
            "Officials said reports that the junta asked Wagner for help were false.",
            "asked",
            "likely",
            "reports",
        ),
        ("It is believed that Iran armed the rebels.", "armed", "likely", "is believed"),
        ("Reports say Iran armed the rebels.", "armed", "likely", "Reports say"),
        (
            "Troops left Mali amid reports of a plan by Russia to attack Ukraine.",
            "attack",
            "roughly even chance",
            "amid reports",
        ),
        ("Rumours suggest Iran armed the rebels.", "armed", "unlikely", "Rumours suggest"),
        ("Mesic looked set to win a second term.", "win", "likely", "looked set to"),
        ("Russia looks set to sign a pact with Iran.", "sign", "likely", "looks set to"),
        ("The apparent attack on Israel killed two.", "attack", "likely", "apparent"),
        (
            "Blinken said Russia might exploit the crisis in Niger.",
            "exploit",
            "roughly even chance",
            "might",
        ),
        (
            "Zaitsev dismissed claims that Russia was involved in the coup.",
            "involved",
            "unlikely",
            "dismissed",
        ),
    ],
)
def test_a_governing_hedge_gives_its_band_and_words(
    nlp: Language, text: str, word: str, band: str, words: str
) -> None:
    assert hedge_of(nlp, text, word) == Hedge(band, words)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Russia attacked Ukraine.", "attacked"),
        # the hedge sits in the sentence but on another clause
        ("Russia attacked Ukraine, and analysts say China may respond.", "attacked"),
        ("ECOWAS may intervene after the junta seized power.", "seized"),
        # a report named as the act's object, not the source of the claim
        ("Officials say Iran armed the rebels, reports show.", "armed"),
        # "is set to" is a schedule, not a judgement of how likely
        ("Russia is set to sign a pact with Iran.", "sign"),
        # a purpose clause is not the content of "looks": only "looks set to" is raised
        ("Russia looks ready and sent troops to Mali.", "sent"),
        (
            "Nigeriens prepare for a possible invasion, weeks after soldiers ousted Bazoum.",
            "ousted",
        ),
    ],
)
def test_an_unrelated_hedge_leaves_the_claim_unhedged(nlp: Language, text: str, word: str) -> None:
    assert hedge_of(nlp, text, word) is None


def test_negation_of_an_open_question_is_still_a_hedge(nlp: Language) -> None:
    hedge = hedge_of(nlp, "It is not clear whether Russia attacked Ukraine.", "attacked")
    assert hedge == Hedge("roughly even chance", "not clear")


def test_several_hedges_take_the_least_likely_band(nlp: Language) -> None:
    hedge = hedge_of(nlp, "Russia reportedly may send troops to Mali.", "send")
    assert hedge is not None and hedge.likelihood == "roughly even chance"
    assert hedge.words == "reportedly | may"


def test_a_negated_hedged_act_is_no_assertion(extract) -> None:  # type: ignore[no-untyped-def]
    found = extract("Russia may not send troops to Mali. Russia reportedly sent troops to Mali.")
    hedged = [(a.relation.value, a.evidence.likelihood, a.evidence.hedge) for a in found.assertions]
    assert ("deploysForcesTo", "likely", "reportedly") in hedged
    assert all("may not" not in a.evidence.sentence for a in found.assertions)


def test_unhedged_records_carry_no_likelihood(extract) -> None:  # type: ignore[no-untyped-def]
    found = extract("Russia sent troops to Mali.")
    assert found.assertions
    assert all(a.evidence.likelihood is None and a.evidence.hedge is None for a in found.assertions)


def test_the_lexicon_is_the_one_source_of_the_modal_words() -> None:
    lexicon = load_hedges()
    assert {r.band for r in lexicon.rows} <= set(BANDS)
    modals = lexicon.hypothetical_words("aux")
    assert modals == {"may", "might", "could"}
    assert modals <= FUTURE_AUX and modals <= HYPOTHETICAL_HEADS


def test_no_longer_is_a_negation(extract) -> None:  # type: ignore[no-untyped-def]
    found = extract("Russia no longer sends troops to Mali. Russia sent troops to Niger.")
    assert {a.object for a in found.assertions if a.relation.value == "deploysForcesTo"} == {
        "wd:Q1032"
    }


def test_a_raising_row_needs_its_complement(tmp_path) -> None:  # type: ignore[no-untyped-def]
    lexicon = tmp_path / "hedges.csv"
    lexicon.write_text("phrase,band,kind,hypothetical,note\nseem,likely,raising,no,\n")
    with pytest.raises(OntologyError, match="raising row"):
        load_hedges(lexicon)
