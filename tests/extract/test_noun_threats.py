"""Threats named by a noun phrase: whoever faces or risks an act by X is threatened by X."""

from __future__ import annotations

import pytest

from kg.extract.noun_threats import load_threat_nouns
from kg.model import Extraction


def threats(found: Extraction) -> set[tuple[str, str, str | None, str | None]]:
    return {
        (a.subject, a.object, a.evidence.likelihood, a.evidence.hedge)
        for a in found.assertions
        if a.relation.value == "threatens"
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Serbia must comply or face possible military intervention by NATO.",
            ("wd:Q7184", "wd:Q403", "roughly even chance", "possible"),
        ),
        (
            "Iran must halt enrichment or face sanctions by the European Union.",
            ("wd:Q458", "wd:Q794", None, None),
        ),
        (  # the one told to act is the one who faces the act, not the one telling
            "Russia urged Ukraine to withdraw or risk an invasion by Belarus.",
            ("wd:Q184", "wd:Q212", None, None),
        ),
        (  # no agent named: the one who demands is the one who threatens
            "The European Union told Iran to halt enrichment or face sanctions.",
            ("wd:Q458", "wd:Q794", None, None),
        ),
        (
            "Sudan condemned a UN resolution calling on Khartoum to disarm or face possible "
            "sanctions.",
            ("wd:Q1065", "wd:Q1049", "roughly even chance", "possible"),
        ),
        (  # a name modifying the act is its agent
            "Syria faces the prospect of US military action.",
            ("wd:Q30", "wd:Q858", None, None),
        ),
        (
            "Iran faces the threat of probable strikes by Israel.",
            ("wd:Q801", "wd:Q794", "likely", "probable"),
        ),
    ],
)
def test_the_agent_of_a_faced_act_threatens_who_faces_it(  # type: ignore[no-untyped-def]
    extract, text: str, expected: tuple[str, str, str | None, str | None]
) -> None:
    assert expected in threats(extract(text))


@pytest.mark.parametrize(
    ("text", "facing"),
    [
        # the act names its own target: Israel faces it only as a bystander
        ("Israel risks an attack by Iran on Saudi Arabia.", "wd:Q801"),
        # nobody faces it: a plain report of the act
        ("The intervention by NATO in Serbia began in March.", "wd:Q403"),
        # a common noun modifier is no agent: "military" is not Serbia's army
        ("Serbia faces military intervention.", "wd:Q403"),
        # nobody faces it now
        ("Iran does not face sanctions by the European Union.", "wd:Q794"),
        ("Iran no longer faces sanctions by the European Union.", "wd:Q794"),
    ],
)
def test_no_threat_without_an_agent_and_someone_facing_it(  # type: ignore[no-untyped-def]
    extract, text: str, facing: str
) -> None:
    assert not [t for t in threats(extract(text)) if t[1] == facing]


def test_the_lexicon_lists_acts_with_a_confidence() -> None:
    words = load_threat_nouns()
    assert all(0 < c <= 1 for c in words.acts.values())
    assert {"face", "risk"} <= words.exposures and not words.exposures & set(words.acts)


def test_facing_a_threatened_act_is_no_other_relation(extract) -> None:  # type: ignore[no-untyped-def]
    found = extract("Serbia must comply or face intervention by NATO.")
    pairs = {(a.subject, a.relation.value, a.object) for a in found.assertions}
    assert ("wd:Q7184", "threatens", "wd:Q403") in pairs
    assert {r for s, r, o in pairs if {s, o} == {"wd:Q7184", "wd:Q403"}} == {"threatens"}


STORY = (
    "Serbia's army massed on the border on Monday. Serbia said it would defend itself. "
    "Serbia has few allies. "
    "NATO has activated a standby force to protect the region. "
    "It is unclear if the force will invade."
)


def test_the_force_acts_for_whoever_activated_it(extract) -> None:  # type: ignore[no-untyped-def]
    """ "the force" is NATO's, named two sentences before; with no object, an invasion in a
    story about Serbia is of Serbia, a threat while it is future, hedged by "unclear if"."""
    found = extract(STORY)
    assert {
        (a.subject, a.relation.value, a.object, a.evidence.likelihood, a.evidence.hedge)
        for a in found.assertions
        if "unclear" in a.evidence.sentence
    } == {("wd:Q7184", "threatens", "wd:Q403", "roughly even chance", "unclear if")}


def test_a_modified_force_is_no_anaphor(extract) -> None:  # type: ignore[no-untyped-def]
    found = extract(STORY.replace("if the force", "if the Russian force"))
    assert not [
        a for a in found.assertions if a.subject == "wd:Q7184" and "unclear" in a.evidence.sentence
    ]
