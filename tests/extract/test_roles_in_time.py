"""Roles in time (issue 17): a known person's State when the title names none, offices a
person the text calls former held before the article's date, and the head of state a
coup's leaders deposed. Real people where the gazetteers are what is tested."""

from __future__ import annotations

from kg.model import Assertion
from kg.vocab import Relation

NIGER, EGYPT, JAPAN, USA = "wd:Q1032", "wd:Q79", "wd:Q17", "wd:Q30"
ESSAY = "President Mohamed Bazoum wrote an essay for The Washington Post."


def offices(extraction, surname: str) -> set[tuple[str, str, str | None]]:  # type: ignore[no-untyped-def]
    """(relation, polity, status) of the person's leaderOf/officialOf assertions."""
    found: list[Assertion] = [
        a
        for a in extraction.assertions
        if a.relation in (Relation.LEADER_OF, Relation.OFFICIAL_OF) and surname in a.subject
    ]
    return {(a.relation.value, a.object, a.role_status) for a in found}


def test_a_known_persons_state_when_the_story_has_no_dominant_state(extract) -> None:  # type: ignore[no-untyped-def]
    text = (
        "France and the United States urged the junta to reinstate deposed President "
        "Mohamed Bazoum. The United States and France spoke with ECOWAS."
    )
    assert offices(extract(text, "2023-08-06"), "bazoum") == {("leaderOf", NIGER, "former")}


def test_a_former_office_is_looked_up_before_the_article_date(extract) -> None:  # type: ignore[no-untyped-def]
    sadat = "The accords were signed in 1978 by then-president Anwar Sadat."
    assert offices(extract(sadat, "1987-05-01"), "sadat") == {("leaderOf", EGYPT, "former")}
    nakasone = "Former Prime Minister Yasuhiro Nakasone said the plan would fail."
    assert offices(extract(nakasone, "1995-05-01"), "nakasone") == {("leaderOf", JAPAN, "former")}


def test_an_office_before_the_persons_first_is_not_former(extract) -> None:  # type: ignore[no-untyped-def]
    """The dated offices all began after the article: "then-" refers to something else."""
    text = "The accords were signed in 1958 by then-president Anwar Sadat."
    assert offices(extract(text, "1960-05-01"), "sadat") == set()


def test_a_verb_anywhere_in_the_article_ends_the_office(extract) -> None:  # type: ignore[no-untyped-def]
    text = "On July 26, Mr. Bazoum was ousted by a group of officers in Niger. " + ESSAY
    assert offices(extract(text, "2023-08-06"), "bazoum") == {("leaderOf", NIGER, "former")}


def test_the_head_of_state_of_a_coup_is_the_deposed_one(extract) -> None:  # type: ignore[no-untyped-def]
    seized = "Niger's coup leaders dismissed the ambassadors. " + ESSAY
    assert offices(extract(seized, "2023-08-06"), "bazoum") == {("leaderOf", NIGER, "former")}
    assert offices(extract("Niger's army leaders met. " + ESSAY, "2023-08-06"), "bazoum") == {
        ("leaderOf", NIGER, "current")
    }


def test_an_administration_is_no_coup(extract) -> None:  # type: ignore[no-untyped-def]
    text = "The administration said U.S. President Ronald Reagan would veto the bill."
    assert offices(extract(text, "1987-05-01"), "reagan") == {("leaderOf", USA, "current")}


def test_a_list_with_another_states_leaders_takes_no_focus_guess(extract) -> None:  # type: ignore[no-untyped-def]
    """The story is mostly about the United States; the prime minister listed beside
    Iran's president is not its leader."""
    text = (
        "The United States attacked two platforms. U.S. officials said the U.S. Navy acted "
        "for the United States. President Ali Khamenei, Prime Minister Karim Tavassoli and "
        "now the parliament within 24 hours of the U.S. action have all vowed retaliation."
    )
    assert ("leaderOf", USA, "current") not in offices(extract(text, "1987-10-20"), "tavassoli")


def test_the_head_of_a_part_of_a_body_is_its_official(extract) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The aides include Kenji Morita, director-general of international trade policy "
        "of Japan's Ministry of International Trade and Industry (MITI)."
    )
    assert {relation for relation, _, _ in offices(extract(text), "morita")} == {"officialOf"}


def test_a_surname_every_known_holder_shares_gives_their_state(extract) -> None:  # type: ignore[no-untyped-def]
    """Both known Bushes are American: "President Bush" in an undated story about
    Britain (no dated office to read) is the United States' president, not Britain's."""
    text = (
        "Britain's Tony Blair said Britain would stay. British officials in London said "
        "Britain's envoy had chatted by phone with President Bush."
    )
    assert offices(extract(text), "bush") == {("leaderOf", USA, "current")}
