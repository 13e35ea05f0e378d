"""Loading the trigger lexicon: the curated rows and the derived PETRARCH rows beside them."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.config import ONTOLOGY_DIR
from kg.extract.triggers import load_triggers
from kg.vocab import Relation

HEADER = "relation,lemma,pos,noun,preps,confidence,inverse,subjects\n"


@pytest.fixture
def lexicon_dir(tmp_path: Path) -> Path:
    (tmp_path / "triggers.csv").write_text(
        HEADER + "attacks,bomb,VERB,,,0.8,,\nmeetsWith,meet,VERB,,with,0.8,,\n", encoding="utf-8"
    )
    (tmp_path / "triggers_petrarch.csv").write_text(
        HEADER + "condemns,bomb,VERB,,for,0.6,,\nattacks,shell,VERB,,,0.6,,\n", encoding="utf-8"
    )
    return tmp_path


def test_derived_rows_add_verbs_the_curated_file_lacks(lexicon_dir: Path) -> None:
    lexicon = load_triggers(lexicon_dir / "triggers.csv")
    (shell,) = lexicon[("shell", "VERB")]
    assert (shell.relation, shell.confidence) == (Relation.ATTACKS, 0.6)


def test_curated_rows_win_over_derived_ones(lexicon_dir: Path) -> None:
    lexicon = load_triggers(lexicon_dir / "triggers.csv")
    assert [t.relation for t in lexicon[("bomb", "VERB")]] == [Relation.ATTACKS]


def test_no_derived_file_is_the_curated_lexicon(tmp_path: Path) -> None:
    (tmp_path / "triggers.csv").write_text(HEADER + "attacks,bomb,VERB,,,0.8,,\n", encoding="utf-8")
    assert set(load_triggers(tmp_path / "triggers.csv")) == {("bomb", "VERB")}


def test_the_shipped_lexicon_knows_the_event_verbs_news_uses() -> None:
    lexicon = load_triggers(ONTOLOGY_DIR / "lexicon" / "triggers.csv")
    wanted = {
        "shell": Relation.ATTACKS,
        "accuse": Relation.CONDEMNS,
        "denounce": Relation.CONDEMNS,
        "blame": Relation.CONDEMNS,
        "fault": Relation.CONDEMNS,
        "mock": Relation.CONDEMNS,
    }
    for lemma, relation in wanted.items():
        assert relation in {t.relation for t in lexicon[(lemma, "VERB")]}, lemma


def test_derived_rows_are_never_business_verbs() -> None:
    lexicon = load_triggers(ONTOLOGY_DIR / "lexicon" / "triggers.csv")
    assert not {("buy", "VERB"), ("sell", "VERB"), ("trade", "VERB"), ("say", "VERB")} & set(
        lexicon
    )
