"""Roles in every common news style (issue 14, item 5): wire titles before the name,
appositions, "X, the Y of Z", "the Y of Z, X", titles in reporting clauses, and the dated
roles of the PETRARCH-2 dictionaries at the article's date. Made-up sentences; the people
are invented unless the dated roles are what is tested."""

from __future__ import annotations

import csv
import importlib.util

import pytest

from kg.config import ONTOLOGY_DIR, PACKAGE_DIR
from kg.extract.role_time import DatedRole, fold_name, load_office_holders, office_country
from kg.nlp.gazetteer import as_of
from kg.vocab import Relation

ROLE_RELATIONS = (Relation.LEADER_OF, Relation.OFFICIAL_OF, Relation.AFFILIATED_WITH)
JAPAN, FRANCE, ITALY, GERMANY, USA = "wd:Q17", "wd:Q142", "wd:Q38", "wd:Q183", "wd:Q30"
WEST_GERMANY = "West German"
"""Stands for the State "West German" names in the gazetteer: West Germany where the
gazetteer knows States that ended, else Germany."""


def role_links(extraction) -> dict[str, set[tuple[str, str, str | None]]]:  # type: ignore[no-untyped-def]
    """Person key -> {(relation, polity, role)} of the role relations extracted."""
    found: dict[str, set[tuple[str, str, str | None]]] = {}
    for a in extraction.assertions:
        if a.relation in ROLE_RELATIONS:
            found.setdefault(a.subject, set()).add((a.relation.value, a.object, a.role))
    return found


def links_of(extraction, surname: str) -> set[tuple[str, str, str | None]]:  # type: ignore[no-untyped-def]
    return {
        link
        for person, links in role_links(extraction).items()
        if surname in person
        for link in links
    }


@pytest.mark.parametrize(
    ("text", "surname", "expected"),
    [
        # nationality adjective + multi-word title + name
        (
            "Japanese Prime Minister Taro Kameda met the envoys.",
            "kameda",
            {("leaderOf", JAPAN, "prime minister")},
        ),
        (
            "French Deputy Prime Minister Jean Dufresne met the envoys.",
            "dufresne",
            {("officialOf", FRANCE, "deputy prime minister")},
        ),
        (
            "West German Finance Minister Klaus Albrecht said the mark would stay firm.",
            "albrecht",
            {("officialOf", WEST_GERMANY, "finance minister")},
        ),
        (
            "Brazilian central bank governor Paulo Ferreira said Brazil would pay.",
            "ferreira",
            {("officialOf", "wd:Q155", "central bank governor")},
        ),
        (
            "Philippine Minister of State for Foreign Affairs Manuel Reyes spoke.",
            "reyes",
            {("officialOf", "wd:Q928", "minister of state for foreign affairs")},
        ),
        # apposition after the name: "X, <State>'s <title>,"
        (
            "Klaus Albrecht, West Germany's finance minister, said the mark would stay firm.",
            "albrecht",
            {("officialOf", WEST_GERMANY, "finance minister")},
        ),
        # "X, the Y of Z" and "the Y of Z, X"
        (
            "Pierre Marchand, the foreign minister of France, visited Bonn.",
            "marchand",
            {("officialOf", FRANCE, "foreign minister")},
        ),
        (
            "The prime minister of Italy, Marco Bellini, resigned on Tuesday.",
            "bellini",
            {("leaderOf", ITALY, "prime minister")},
        ),
        # a title in the reporting clause, after the quote
        (
            '"We will not retreat," said Italian Foreign Minister Marco Bellini.',
            "bellini",
            {("officialOf", ITALY, "foreign minister")},
        ),
        # a relative clause, and a State named after the name
        (
            "Klaus Albrecht, who is also foreign minister of West Germany, arrived.",
            "albrecht",
            {("officialOf", WEST_GERMANY, "foreign minister")},
        ),
        (
            "Foreign Minister Klaus Albrecht of West Germany arrived in Moscow.",
            "albrecht",
            {("officialOf", WEST_GERMANY, "foreign minister")},
        ),
        # a former holder keeps the role, its status says it ended
        (
            "Former Prime Minister Edward Hatton of Britain criticised the plan.",
            "hatton",
            {("leaderOf", "wd:Q145", "prime minister")},
        ),
        # the head of an international body
        (
            "The minister met International Monetary Fund Managing Director Michel Camus.",
            "camus",
            {("leaderOf", "wd:Q7804", "managing director")},
        ),
        # a speaker is an official of the State, not its leader
        (
            "Iranian parliament speaker Ali Karimi warned the Gulf states.",
            "karimi",
            {("officialOf", "wd:Q794", "speaker of parliament")},
        ),
    ],
)
def test_wire_titles_and_appositions(extract, resources, text: str, surname: str, expected) -> None:  # type: ignore[no-untyped-def]
    west = resources.gazetteer.demonyms.get(WEST_GERMANY, GERMANY)
    wanted = {(r, west if p == WEST_GERMANY else p, role) for r, p, role in expected}
    assert links_of(extract(text), surname) == wanted


def test_the_titles_own_words_name_no_polity(extract) -> None:  # type: ignore[no-untyped-def]
    """ "Treasury" in "Treasury Secretary" is the title: the State named in the sentence is
    no polity of it (the CIA's head made leader of another State's service must not
    happen), and "U.S. Treasury Secretary" is an office of the United States."""
    alone = extract("Treasury Secretary Harold Stone said that Brazil should adopt a new plan.")
    assert links_of(alone, "stone") == set()
    named = extract("He blamed U.S. Treasury Secretary Harold Stone, who criticised Brazil.")
    assert links_of(named, "stone") == {("officialOf", USA, "finance minister")}


def test_an_opposition_leader_is_affiliated_with_the_party_not_the_state(extract) -> None:  # type: ignore[no-untyped-def]
    found = extract("British opposition leader Neil Kimble of the Labour Party attacked the plan.")
    links = links_of(found, "kimble")
    assert all(relation == "affiliatedWith" for relation, _, _ in links)
    assert "wd:Q145" not in {polity for _, polity, _ in links}


def test_ties_beside_the_name(extract) -> None:  # type: ignore[no-untyped-def]
    """The State the text ties the person to, when the title names none; before the State
    the story is about."""
    possessive = extract(
        "France said it would act. France and its allies met in Paris. "
        "Canada's Brian Mulgrave spoke first. Prime Minister Brian Mulgrave said so."
    )
    assert links_of(possessive, "mulgrave") == {("leaderOf", "wd:Q16", "prime minister")}


def test_a_king_of_a_state(extract) -> None:  # type: ignore[no-untyped-def]
    found = extract("Egyptian President Hosni Mubarak met King Hussein of Jordan.")
    assert links_of(found, "hussein") == {("leaderOf", "wd:Q810", "king")}
    assert links_of(found, "mubarak") == {("leaderOf", "wd:Q79", "president")}


def test_a_leader_of_a_body_named_after_the_name(extract) -> None:  # type: ignore[no-untyped-def]
    found = extract("Chairman Barber Conroy of the World Bank said debt must be managed.")
    assert links_of(found, "conroy") == {("leaderOf", "wd:Q7164", "chairman")}


def test_a_title_before_a_coordination_or_another_name_is_not_this_persons(extract) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The plan was backed by former Nevada Sen. and Kameda confidant Paul Lenz. "
        "After the commission headed by former Texas Sen. John Tamblyn, Taro Kameda spoke."
    )
    assert links_of(extract(text, "1987-03-02"), "kameda") == set()


def test_a_plural_before_a_comma_is_no_apposition(extract) -> None:  # type: ignore[no-untyped-def]
    text = "In a speech to mayors and local officials, Jose Sarney said the government would act."
    assert links_of(extract(text, "1987-04-10"), "sarney") == set()


def test_a_title_of_an_unknown_body_takes_no_state(extract) -> None:  # type: ignore[no-untyped-def]
    """ "Exxon Chairman X" in a story about Germany: the title is the firm's."""
    text = "Germany said it would act. Germany and France met. Exxon Chairman Lee Raymondo spoke."
    assert links_of(extract(text), "raymondo") == set()
    kept = "Germany said it would act. Germany and France met. President Walter Kessler said Germany would grow."
    assert links_of(extract(kept), "kessler") == {("leaderOf", GERMANY, "president")}


def test_a_title_phrase_ends_at_another_persons_name(extract) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Officials included French Finance Minister Jean Dufresne and Exxon Chairman Lee Raymondo."
    )
    assert links_of(extract(text), "raymondo") == set()
    assert links_of(extract(text), "dufresne") == {("officialOf", FRANCE, "finance minister")}


def test_a_capacity_clause(extract) -> None:  # type: ignore[no-untyped-def]
    found = extract(
        "Barber Conroy, who has completed his first year as head of the World Bank, spoke."
    )
    assert links_of(found, "conroy") == {("leaderOf", "wd:Q7164", "head")}


def test_a_name_in_apposition_to_the_subject_takes_the_predicates_role(extract) -> None:  # type: ignore[no-untyped-def]
    text = "The leader of Italy's right-wing National Union, Carlo Bertone, is appointed foreign minister."
    found = extract(text)
    assert next(a for a in found.actors if "bertone" in a.key).cls.value == "Official"
    # the title before the comma stays his too
    assert ("affiliatedWith", "name:national-union", None) in links_of(found, "bertone")


def test_an_unread_nationality_is_not_replaced_by_a_guess(extract) -> None:  # type: ignore[no-untyped-def]
    """ "Ruritanian leader X" in a story about France: the title names a country we do
    not know, so neither the focus State nor anything else takes its place."""
    text = (
        "France said it would act. France and its allies met in Paris. "
        "Ruritanian President Ivan Petrovsky told the congress that reforms would go on."
    )
    assert links_of(extract(text), "petrovsky") == set()


def test_dated_roles_at_the_article_date(extract) -> None:  # type: ignore[no-untyped-def]
    """A known person's office at the article's date ties a title without a country to
    it; never an office they did not hold then, and never without a date."""
    text = "President Reagan said the budget would pass."
    held = links_of(extract(text, "1987-03-20"), "reagan")
    assert held == {("leaderOf", USA, "president")}
    assert links_of(extract(text, "1995-03-20"), "reagan") == set()  # out of office
    assert links_of(extract(text), "reagan") == set()  # no article date
    bush = extract("Vice-President George Bush arrived in Cairo on Monday.", "1987-03-10")
    assert links_of(bush, "bush") == {("officialOf", USA, "vice president")}


def test_dated_roles_overrule_a_body_of_another_state(extract) -> None:  # type: ignore[no-untyped-def]
    """A body resolved to the story's State ("the Senate" in a story about Iran) cannot
    make a person an official of Iran when the dated roles put them in their own State's
    office at the date."""
    text = (
        "Iran denied the report. Iran rejected the talks with Iran's neighbours. "
        "Former Senate Republican leader Howard Baker said the talks failed."
    )
    links = links_of(extract(text, "1987-03-02"), "baker")
    assert links
    assert not {p for _, p, _ in links if p == "wd:Q794" or p.startswith("gov:wd:Q794:")}


def test_office_holders_table_and_lookup() -> None:
    table = load_office_holders()
    assert fold_name("George H.W. Bush") == "george h w bush"
    reagan = table["ronald reagan"]
    assert DatedRole("GOV", "USA", "1981-01-20", "1989-01-20") in reagan
    assert table["president reagan"] == reagan  # the dictionary's title + name form
    assert office_country(reagan, "1987-03-20") == "USA"
    assert office_country(reagan, "1990-01-01") is None
    two = [*reagan, DatedRole("GOV", "CAN", "1984-09-17", "1993-06-25")]
    assert office_country(two, "1987-03-20") is None  # two people, two countries: no guess
    assert office_country([DatedRole("ELI", "USA", "1950-01-01", None)], "1987-03-20") is None


def test_an_office_under_a_leader_is_an_office_of_the_leaders_state(extract) -> None:  # type: ignore[no-untyped-def]
    led = "French President Karl Brenner spoke on Friday. "
    under = "The departure of Brenner's chief of staff, Otto Vogel, was widely reported."
    assert links_of(extract(led + under), "vogel") == {("officialOf", FRANCE, "chief of staff")}
    # under a person who leads no State in the text: an office of nothing, no tie to them
    assert links_of(extract("Karl Brenner spoke on Friday. " + under), "vogel") == set()


def test_a_plural_is_no_abbreviation(extract) -> None:  # type: ignore[no-untyped-def]
    """ "press" is not "Pres" made plural: the title is the prime minister's."""
    found = extract("Aides told a press conference Japanese Prime Minister Taro Kameda would go.")
    assert links_of(found, "kameda") == {("leaderOf", JAPAN, "prime minister")}


def test_a_dated_role_gives_its_dates(extract) -> None:  # type: ignore[no-untyped-def]
    found = extract("President Reagan said the budget would pass.", "1987-03-20")
    (reagan,) = [a for a in found.assertions if a.relation is Relation.LEADER_OF]
    assert (reagan.role_status, reagan.valid_from, reagan.valid_to) == (
        "current",
        "1981-01-20",
        "1989-01-20",
    )


def test_the_office_holders_table_rebuilds_from_the_dictionaries() -> None:
    table = ONTOLOGY_DIR / "gazetteer" / "office_holders.csv"
    with table.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["names", "role", "country", "from", "to"]
    source = PACKAGE_DIR.parent.parent / "shared" / "dictionaries" / "petrarch2"
    if not source.is_dir():
        return
    # the script's rows, not its run: a test must not rewrite the shipped table
    path = PACKAGE_DIR.parent / "scripts" / "build_office_holders.py"
    spec = importlib.util.spec_from_file_location("build_office_holders", path)
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    assert [list(r) for r in script.build(source)] == rows[1:]


def test_a_dated_role_by_the_dictionarys_title_and_surname(extract, resources) -> None:  # type: ignore[no-untyped-def]
    """The dictionaries list some people only as "general secretary gorbachev"; the State
    is the one of the article's date (the Soviet Union in 1987, where the gazetteer knows
    it)."""
    found = extract("General Secretary Mikhail Gorbachev told the congress.", "1987-03-10")
    soviet = as_of(resources.gazetteer, "1987-03-10").alpha3["RUS"]
    links = {link for person_links in role_links(found).values() for link in person_links}
    assert links == {("officialOf", soviet, "general secretary")}


def test_an_office_in_a_states_parliament(extract) -> None:  # type: ignore[no-untyped-def]
    text = "Juan Pugliese, speaker of the lower house of the Argentine Parliament, spoke."
    links = links_of(extract(text), "pugliese")
    assert {(r, role) for r, _, role in links} == {("officialOf", "speaker of parliament")}
    assert all(p == "wd:Q414" or p.startswith("gov:wd:Q414:") for _, p, _ in links)
