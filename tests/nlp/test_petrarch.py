"""The PETRARCH-2 verb dictionary reader and the trigger rows derived from it."""

from __future__ import annotations

import csv
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from kg.nlp.petrarch import VerbPattern, read_records, read_verb_patterns

DICTIONARY = """\
####### SYNONYM SETS #######
&WEAPON
+MISSILE
+ROCKET

---  SHOOT   [190]  ---
FIRE
SHOOT {SHOOTS SHOT SHOOTING }
- * &WEAPON (AT)                    [195]         # FIRE
- * (AGAINST)                       [190]         # SHOOT
- * (TO BORDER)                     [154]         # FIRE
- &MILITARY *                       [154]         # FIRE
- * EMPLOYEE                        [---]         # FIRE

---  ASK   [---]  ---
+ASK_FOR {+ASKED_FOR +ASKING_FOR +ASKS_FOR} [020]
+BEEF_UP
SNUB  {SNUBS SNUBBING SNUBBED} [111]
"""

CROSSWALK = """\
{"cameo_code": "19", "plover_event": "ASSAULT", "plover_mode": null}
{"cameo_code": "190", "plover_event": "ASSAULT", "plover_mode": null}
{"cameo_code": "195", "plover_event": "ASSAULT", "plover_mode": "heavy-weapons"}
{"cameo_code": "154", "plover_event": "MOBILIZE", "plover_mode": "troops"}
{"cameo_code": "020", "plover_event": "REQUEST", "plover_mode": null}
"""


@pytest.fixture(scope="module")
def build_script() -> ModuleType:
    path = Path(__file__).resolve().parents[2] / "scripts" / "build_petrarch_lexicons.py"
    spec = importlib.util.spec_from_file_location("build_petrarch_lexicons", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_verb_patterns_keep_what_the_extractor_can_use() -> None:
    patterns = set(read_verb_patterns(DICTIONARY.splitlines()))
    assert patterns == {
        VerbPattern("fire", "190", inherited=True),
        VerbPattern("shoot", "190", inherited=True),
        VerbPattern("fire", "195", ("missile", "rocket"), "at"),
        VerbPattern("shoot", "195", ("missile", "rocket"), "at"),
        VerbPattern("fire", "190", (), "against"),
        VerbPattern("shoot", "190", (), "against"),
        VerbPattern("ask", "020", (), "for"),
        VerbPattern("snub", "111"),
    }  # no "(TO BORDER)", no subject pattern, no null code, no "beef up"


def test_trigger_rows_map_codes_through_plover(build_script: ModuleType, tmp_path: Path) -> None:
    crosswalk = tmp_path / "crosswalk.jsonl"
    crosswalk.write_text(CROSSWALK, encoding="utf-8")
    mappings = {
        ("ASSAULT", ""): build_script.Mapping("attacks", frozenset({"against", "at"})),
        ("ASSAULT", "heavy-weapons"): build_script.Mapping("attacks", frozenset({"at"})),
    }
    rows = build_script.trigger_rows(
        read_verb_patterns(DICTIONARY.splitlines()),
        build_script.read_plover(crosswalk),
        mappings,
        frozenset({"shoot"}),
    )
    assert rows == [
        ("attacks", "fire", "VERB", "", "against", "0.6", "", ""),
        ("attacks", "fire", "VERB", "missile|rocket", "at", "0.55", "", ""),
    ]  # bare "fire" has only its block's code; "ask for" no relation (REQUEST without a
    # mode); "shoot" is excluded


def test_plural_nouns_also_match_as_lemmas(build_script: ModuleType) -> None:
    assert build_script.noun_forms(["sanctions", "press", "aid"]) == [
        "aid",
        "press",
        "sanction",
        "sanctions",
    ]


def test_derived_rows_sit_below_curated_confidence(build_script: ModuleType) -> None:
    assert build_script.PATTERN_CONFIDENCE < build_script.BARE_CONFIDENCE <= 0.6


ACTORS = """\
# a comment
ADEN_ABYAN_ISLAMIC_ARMY_(AAIA)_ [YEMREB] #  kkl 21 Mar 13
+ADEN_ISLAMIC_ARMY_
+THE_HOLY_MEN_

ABU_ABDULLAH_ [IMGSASMUS]

ANARCHIST_STRUGGLE_ [GRCREB]

KOFI_ANNAN_
+SECRETARY-GENERAL_KOFI_ANNAN
\t[IGOUNO 970101-061231]
"""


def test_actor_records_read_codes_inline_and_on_their_own_lines() -> None:
    records = list(read_records(ACTORS.splitlines()))
    assert [r.codes for r in records] == [("YEMREB",), ("IMGSASMUS",), ("GRCREB",), ("IGOUNO",)]
    assert records[0].phrases[:2] == ("ADEN_ABYAN_ISLAMIC_ARMY_(AAIA)_", "+ADEN_ISLAMIC_ARMY_")


def test_armed_groups_keep_named_organisations_only(build_script: ModuleType) -> None:
    rows = build_script.gazetteer_rows(
        read_records(ACTORS.splitlines()),
        lambda record: True,
        frozenset({"army", "struggle"}),
        frozenset({"aden islamic army"}),
    )
    # a person ("Abu Abdullah") is no group; a description ("The Holy Men") and a name
    # on the unfit list are no aliases
    assert rows == [
        ("Aden Abyan Islamic Army", "", "AAIA", "YEMREB"),
        ("Anarchist Struggle", "", "", "GRCREB"),
    ]


def test_discards_and_agents_from_the_shipped_tables() -> None:
    lexicon = Path(__file__).resolve().parents[2] / "kg" / "ontology" / "lexicon"
    discards = (lexicon / "discards.csv").read_text(encoding="utf-8")
    agents = (lexicon / "agents_petrarch.csv").read_text(encoding="utf-8")
    assert "world cup" in discards and "\n1939," not in discards
    assert "\nrebel,,REB\n" in agents and "\npolice,,COP\n" in agents
    for table in ("discards", "agents_petrarch", "triggers_petrarch"):
        assert (lexicon / f"{table}.LICENSE").read_text(encoding="utf-8").startswith("The MIT")


SHARED = Path(__file__).resolve().parents[3] / "shared"


@pytest.mark.skipif(not (SHARED / "dictionaries" / "petrarch2").is_dir(), reason="no dictionaries")
def test_the_shipped_triggers_rebuild_from_the_dictionaries(build_script: ModuleType) -> None:
    rows = build_script.build_triggers(
        SHARED / "dictionaries" / "petrarch2",
        SHARED / "benchmarks" / "plover_gsr" / "cameo_to_plover_2021.jsonl",
    )
    shipped = build_script.LEXICON / "triggers_petrarch.csv"
    with shipped.open(encoding="utf-8", newline="") as handle:
        assert [tuple(r) for r in list(csv.reader(handle))[1:]] == rows
