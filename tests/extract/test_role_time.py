"""Roles in time: role status from cue words and from the PETRARCH-derived table (issue 17)."""

from __future__ import annotations

import csv
import importlib.util
from types import ModuleType

from kg.config import ONTOLOGY_DIR, PACKAGE_DIR
from kg.extract.role_time import DatedRole, RoleTime, dated_status, load_dated_roles, settle
from kg.model import Assertion
from kg.nlp.petrarch import parse_date, read_actors
from kg.vocab import Relation

ROOT = PACKAGE_DIR.parent


def roles(extraction) -> dict[tuple[str, str], Assertion]:  # type: ignore[no-untyped-def]
    return {
        (a.subject, a.object): a
        for a in extraction.assertions
        if a.relation in (Relation.LEADER_OF, Relation.OFFICIAL_OF)
    }


def test_former_cues_in_the_title_phrase(extract) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Former French President Nicolas Sarkozy met the envoys. "
        "French President Emmanuel Macron said France would stay."
    )
    found = {a.subject: a.role_status for a in roles(extract(text)).values()}
    assert found["wd:Q329"] == "former"
    assert found["wd:Q3052772"] == "current"


def test_an_adverb_before_the_title_is_no_cue(extract) -> None:  # type: ignore[no-untyped-def]
    found = extract("The talks ended, and then French President Emmanuel Macron said it.")
    assert {a.role_status for a in roles(found).values()} == {"current"}


def test_a_verb_on_the_holder_and_an_unnamed_title(extract) -> None:  # type: ignore[no-untyped-def]
    named = "Niger's President Mohamed Bazoum spoke to Blinken by phone."
    for text, status in [
        (named, "current"),
        ("Soldiers in Niger ousted the country's president last month. " + named, "former"),
        ("Soldiers ousted Niger's President Mohamed Bazoum.", "former"),
        ("Mohamed Bazoum, Niger's president, who was overthrown in July, spoke.", "former"),
    ]:
        found = [a.role_status for a in roles(extract(text)).values() if "bazoum" in a.subject]
        assert found == [status], text


def test_a_former_title_of_a_state_marks_no_holder(extract) -> None:  # type: ignore[no-untyped-def]
    text = (
        "France, Niger's former colonial ruler, has troops there. Niger's ruler Ali Saibou spoke."
    )
    found = [a.role_status for a in roles(extract(text)).values() if "saibou" in a.subject]
    assert found == ["current"]


def test_affiliation_of_a_former_analyst_is_still_dropped(extract) -> None:  # type: ignore[no-untyped-def]
    found = extract("Cameron Hudson, a former U.S. intelligence analyst, warned lawmakers.")
    assert not [a for a in found.assertions if a.subject.endswith("cameron-hudson")]


def test_petrarch_dates_and_records() -> None:
    assert parse_date("991231") == "1999-12-31" and parse_date("080507") == "2008-05-07"
    assert parse_date("20121207") == "2012-12-07" and parse_date("20131") is None
    lines = [
        "VLADIMIR_PUTIN_  # CountryInfo.txt",
        "+PUTIN_",
        "\t[RUSELI 700101-990809]",
        "\t[RUSGOV 990809-000507]",
        "\t[RUSGOV >080508]",
        "\t[RUSGOV 20121207-20120802] # a typo: end before start",
        "\t[RUSELI]",
        "DMITRY_MEDVEDEV_",
        "\t[RUSGOV <20120507]",
    ]
    found = [(d.names, d.code, d.start, d.end) for d in read_actors(lines)]
    assert found == [
        (("vladimir putin", "putin"), "RUSELI", "1970-01-01", "1999-08-09"),
        (("vladimir putin", "putin"), "RUSGOV", "1999-08-09", "2000-05-07"),
        (("vladimir putin", "putin"), "RUSGOV", "2008-05-08", None),
        (("dmitry medvedev",), "RUSGOV", None, "2012-05-07"),
    ]


def test_the_derived_table_and_its_lookups() -> None:
    table = load_dated_roles()
    putin = table["Vladimir Putin"]
    assert DatedRole("GOV", "RUS", "1999-08-09", "2000-05-07") in putin
    assert dated_status(putin, "RUS", "1999-10-01") == RoleTime(
        "current", "1999-08-09", "2000-05-07"
    )
    assert dated_status(putin, "RUS", "2010-06-01") == RoleTime("current", "2008-05-08", None)
    # an open range after the dictionaries' date: the dates, no status
    assert dated_status(putin, "RUS", "2023-08-01") == RoleTime(None, "2008-05-08", None)
    # every office range ended before the date: former
    abubakar = table["Abdulsalami Abubakar"]
    assert dated_status(abubakar, "NGA", "2023-08-01") == RoleTime(
        "former", "1998-06-09", "1999-05-29"
    )
    assert dated_status(abubakar, "NER", "2023-08-01") is None  # another country
    assert dated_status(abubakar, "NGA", None) is None  # no article date
    assert settle(None, None) == RoleTime("current")
    assert settle("former", dated_status(putin, "RUS", "2000-01-15")).status == "former"


def test_the_table_keeps_its_licence_and_rebuilds_from_the_dictionaries() -> None:
    table = ONTOLOGY_DIR / "gazetteer" / "dated_roles.csv"
    assert "MIT License" in (table.parent / "dated_roles.LICENSE").read_text()
    with table.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["person", "wikidata", "role", "country", "from", "to"]
    source = ROOT.parent / "shared" / "dictionaries" / "petrarch2"
    if not source.is_dir():
        return
    # the script's rows, not its run: a test must not rewrite the shipped table
    script = _script("build_dated_roles")
    assert [list(r) for r in script.build(source)] == rows[1:]


def _script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_dated_role_at_the_article_date(extract) -> None:  # type: ignore[no-untyped-def]
    found = roles(extract("Russian President Vladimir Putin met the envoys.", "1999-10-01"))
    putin = found["wd:Q7747", "wd:Q159"]
    assert (putin.role_status, putin.valid_from, putin.valid_to) == (
        "current",
        "1999-08-09",
        "2000-05-07",
    )
