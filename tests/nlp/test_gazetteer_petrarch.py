"""The gazetteer reads the derived blocs and armed groups after the curated files."""

from __future__ import annotations

import shutil
from pathlib import Path

from kg.config import ONTOLOGY_DIR
from kg.nlp.gazetteer import load_gazetteer
from kg.vocab import ActorClass


def _ontology(tmp_path: Path, derived: str) -> Path:
    root = tmp_path / "ontology"
    shutil.copytree(ONTOLOGY_DIR / "lexicon", root / "lexicon")
    (root / "gazetteer").mkdir()
    shutil.copy(ONTOLOGY_DIR / "gazetteer" / "states.csv", root / "gazetteer")
    (root / "gazetteer" / "armed_groups.csv").write_text(
        "name,wikidata,aliases,backed_by\r\nAl-Shabaab,Q188200,Harakat al-Shabaab,\r\n",
        encoding="utf-8",
    )
    (root / "gazetteer" / "armed_groups_petrarch.csv").write_text(
        "name,wikidata,aliases,cameo\r\n" + derived, encoding="utf-8"
    )
    return root


def test_derived_groups_add_names_the_curated_files_lack(tmp_path: Path) -> None:
    gaz = load_gazetteer(_ontology(tmp_path, "Aden Abyan Islamic Army,,AAIA,YEMREB\r\n"))
    entry = gaz.entries[gaz.surface_index["AAIA"]]
    assert (entry.name, entry.cls, entry.wikidata) == (
        "Aden Abyan Islamic Army",
        ActorClass.ARMED_GROUP,
        None,
    )


def test_curated_names_win(tmp_path: Path) -> None:
    gaz = load_gazetteer(
        _ontology(
            tmp_path, "AL-SHABAAB,,Shabaab Youth,SOMREB\r\nHizbul Islam,,Al-Shabaab,SOMREB\r\n"
        )
    )
    assert gaz.surface_index["Al-Shabaab"] == "wd:Q188200"
    assert "AL-SHABAAB" not in gaz.surface_index  # the same name in capitals: curated
    assert gaz.entries[gaz.surface_index["Hizbul Islam"]].aliases == ()
