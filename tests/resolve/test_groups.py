"""Armed groups and coalitions named by a modifier and a head noun, on the real model."""

from __future__ import annotations

import pytest
from spacy.language import Language

from kg.errors import OntologyError
from kg.extract import Resources
from kg.resolve.actors import ArticleActors
from kg.resolve.groups import load_group_lexicon
from kg.resolve.mentions import resolve_mentions
from kg.vocab import ActorClass


def actors_of(text: str, nlp: Language, resources: Resources) -> ArticleActors:
    collector, _ = resolve_mentions(nlp(text), resources.gazetteer)
    return collector.freeze({})


def labels(actors: ArticleActors, cls: ActorClass) -> set[str]:
    return {a.label for a in actors.actors.values() if a.cls is cls}


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("Shan militia clashed with the Burmese army near the border.", "Shan militia"),
        ("Moslem rebels killed five soldiers in the south.", "Moslem rebels"),
        ("Karen rebels attacked a power station.", "Karen rebels"),
        ("Officials said communist guerrillas ambushed a convoy.", "communist guerrillas"),
        ("Tamil separatists attacked an army camp.", "Tamil separatists"),
        ("Police said Kurdish rebels planted the mine.", "Kurdish rebels"),
        ("Philippine communist rebels ambushed a patrol.", "Philippine communist rebels"),
        ("Some 450 right-wing paramilitary fighters disarmed.", "right-wing paramilitary fighters"),
        (
            "Fighting broke out between Palestinian\nguerrillas and police.",
            "Palestinian guerrillas",
        ),
    ],
)
def test_modifier_and_head_make_one_armed_group(
    text: str, group: str, nlp: Language, resources: Resources
) -> None:
    assert group in labels(actors_of(text, nlp, resources), ActorClass.ARMED_GROUP)


@pytest.mark.parametrize(
    "text",
    [
        "The rebels attacked the town on Sunday.",
        "Militants fired rockets at the town.",
        "Gunmen killed three people.",
        "Heavily armed rebels attacked the town.",
        "Iranian-backed militias shelled the base.",
        "Rebel fighters attacked the town.",
    ],
)
def test_a_bare_or_described_head_makes_no_actor(
    text: str, nlp: Language, resources: Resources
) -> None:
    assert labels(actors_of(text, nlp, resources), ActorClass.ARMED_GROUP) == set()


@pytest.mark.parametrize(
    ("text", "label", "form"),
    [
        ("Taliban militants attacked a checkpoint.", "Taliban", "Taliban militants"),
        ("U.S.-backed Contra rebels blew up a pylon.", "Contras", "Contra rebels"),
        ("Funds went to Nicaraguan contra rebels.", "Contras", "Nicaraguan contra rebels"),
        (
            "Shi'ite Moslem Amal militiamen shelled the camp.",
            "AMAL",
            "Shi'ite Moslem Amal militiamen",
        ),
    ],
)
def test_a_known_group_named_with_a_head_is_that_group(
    text: str, label: str, form: str, nlp: Language, resources: Resources
) -> None:
    actors = actors_of(text, nlp, resources)
    (group,) = [a for a in actors.actors.values() if a.cls is ActorClass.ARMED_GROUP]
    assert (group.label, group.surface_forms) == (label, (form,))


def test_capitals_in_a_headline_make_no_group(nlp: Language, resources: Resources) -> None:
    text = "Saudi Denies Failure to Pursue Insurgents (AP)\n\nAP - A Saudi official spoke."
    assert labels(actors_of(text, nlp, resources), ActorClass.ARMED_GROUP) == set()


def test_the_head_again_is_the_one_group_named_with_it(nlp: Language, resources: Resources) -> None:
    text = "Moslem rebels ambushed a patrol on Sunday. The rebels later fled into the hills."
    actors = actors_of(text, nlp, resources)
    keys = {m.key for m in actors.mentions if m.key.startswith("group:")}
    assert keys == {"group:moslem-rebels"}
    assert len([m for m in actors.mentions if m.key == "group:moslem-rebels"]) == 2
    assert actors.actors["group:moslem-rebels"].surface_forms == ("Moslem rebels",)


def test_the_head_with_two_groups_is_neither(nlp: Language, resources: Resources) -> None:
    text = "Karen rebels and Moslem rebels met in exile. The rebels said they would fight on."
    actors = actors_of(text, nlp, resources)
    assert len([m for m in actors.mentions if m.key.startswith("group:")]) == 2


@pytest.mark.parametrize(
    ("text", "label", "leader"),
    [
        ("The Saudi-led coalition bombed the port.", "Saudi-led coalition", "wd:Q851"),
        ("The U.S.-led coalition struck back.", "U.S.-led coalition", "wd:Q30"),
    ],
)
def test_a_coalition_led_by_a_state_is_a_bloc_with_its_leader(
    text: str, label: str, leader: str, nlp: Language, resources: Resources
) -> None:
    actors = actors_of(text, nlp, resources)
    (key,) = [k for k, a in actors.actors.items() if a.label == label]
    assert actors.actors[key].cls is ActorClass.BLOC
    assert actors.group_leaders == {key: leader}


def test_a_coalition_of_parties_is_not_a_bloc(nlp: Language, resources: Resources) -> None:
    text = "The ruling coalition lost its majority in parliament."
    assert labels(actors_of(text, nlp, resources), ActorClass.BLOC) == set()


def test_the_lexicon_is_editable_data() -> None:
    lexicon = load_group_lexicon()
    assert lexicon.heads["rebels"] is ActorClass.ARMED_GROUP
    assert lexicon.led_heads["coalition"] is ActorClass.BLOC
    assert lexicon.modifiers["moslem"] == "Moslem"
    assert lexicon.modifiers["communist"] == "communist"


def test_a_mistyped_kind_in_the_group_lexicon_is_an_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    lexicon = tmp_path / "group_heads.csv"
    lexicon.write_text("word,kind,class\nrebels,haed,ArmedGroup\n")
    with pytest.raises(OntologyError, match="haed"):
        load_group_lexicon(lexicon)
