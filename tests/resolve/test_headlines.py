"""A title is parsed as a title: a headline in capitals or Title Case is read in sentence
case, and a headline's capitals never make an actor the body and gazetteer do not know.

The headlines are made up, in the two styles of the wire (ALL CAPS) and of many outlets
(Title Case); the bodies are made up too.
"""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from kg.extract import Resources, extract_outcome
from kg.nlp.headline import find_title, is_shouted, sentence_case, truecase_title
from kg.nlp.load import written_names
from kg.nlp.pieces import parse_texts
from kg.resolve.actors import Collector
from kg.resolve.names import _add_title_names
from kg.vocab import ActorClass
from tests.conftest import make_article

NAMES = {"u.n.": "U.N.", "united nations": "United Nations", "nato": "NATO"}


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("BORDER TALKS STALL\n\nThe talks stalled.", "BORDER TALKS STALL"),
        ("Border Talks Stall Again\n\nThe talks stalled.", "Border Talks Stall Again"),
        ("Fears for farm jobs after talks\n\nThe talks ended.", "Fears for farm jobs after talks"),
        ("'We Will Not Yield,' Minister Says\n\nHe said so.", "'We Will Not Yield,' Minister Says"),
    ],
)
def test_a_first_line_without_a_full_stop_is_the_title(text: str, title: str) -> None:
    span = find_title(text)
    assert span is not None and text[span[0] : span[1]] == title


@pytest.mark.parametrize(
    "text",
    [
        "The talks stalled on Monday.\n\nBoth sides left.",  # a sentence, not a title
        "Is the border open?\n\nIt is not.",
        "BORDER TALKS STALL",  # nothing after it: the whole text, not a title
        "BORDER TALKS STALL\nThe talks stalled.\n\nBoth sides left.",  # two lines
        " ".join(["word"] * 30) + "\n\nThe body.",  # too long for a title
    ],
)
def test_no_title(text: str) -> None:
    assert find_title(text) is None


def test_sentence_case_titles_are_left_as_written() -> None:
    assert not is_shouted("Minister visits Lagos after floods")
    text = "Minister visits Lagos after floods\n\nThe minister arrived on Monday."
    assert sentence_case(text, NAMES) == (text, None)


def test_capitals_take_the_case_of_the_body_then_the_gazetteer() -> None:
    body = (
        "\n\nThe Kerberos army said on Monday it had closed the border with Valdoria. "
        "Officials of the United Nations said the closure broke a truce."
    )
    assert truecase_title("KERBEROS CLOSES BORDER AS U.N. WARNS", body, NAMES) == (
        "Kerberos closes border as U.N. warns"
    )
    assert truecase_title("Kerberos Army Closes Border With Valdoria", body, NAMES) == (
        "Kerberos army closes border with Valdoria"
    )


def test_the_first_word_of_a_sentence_does_not_set_a_word_case() -> None:
    body = "\n\nTalks resumed. Border guards waited while the talks went on."
    assert truecase_title("TALKS ON BORDER RESUME", body, {}) == "Talks on border resume"


def test_an_acronym_in_a_title_case_title_stays_one() -> None:
    assert truecase_title("NATO Chief Warns Of Long War", "\n\nHe spoke.", NAMES) == (
        "NATO chief warns of long war"
    )
    assert truecase_title("SDLP Chief Warns Of Long War", "\n\nHe spoke.", {}) == (
        "SDLP chief warns of long war"
    )


def test_each_part_of_a_hyphenated_title_word_keeps_its_case() -> None:
    body = "\n\nIraq's U.S.-backed government said so."
    names = {"us": "US", "iraq": "Iraq"}
    assert truecase_title("Iraq Blames US-Led Forces for Massacre", body, names) == (
        "Iraq blames US-led forces for massacre"
    )


def test_a_name_after_an_initial_sets_the_case_of_a_title_word() -> None:
    body = "\n\nAs George W. Bush formulates his plans, Tony Blair stands by him."
    assert truecase_title("Blair Flies to Stand by Bush", body, {}) == (
        "Blair flies to stand by Bush"
    )


def test_a_title_case_word_is_no_gazetteer_acronym() -> None:
    body = "\n\nA truck bomb exploded in Kabul."
    names = {"car": "CAR", "kabul": "Kabul"}
    assert truecase_title("11 Dead in a Car Bomb in Kabul", body, names) == (
        "11 dead in a car bomb in Kabul"
    )
    # in capitals no letter tells: the body's "bomb" and the gazetteer's "CAR" decide
    assert truecase_title("CAR BOMB KILLS 11", "\n\nThe bomb went off.", names) == (
        "CAR bomb kills 11"
    )


def test_truecasing_keeps_every_offset() -> None:
    text = "ÉTATS UNIS SAY STRASSE TALKS FAIL\n\nThe États Unis delegation left."
    cased, title = sentence_case(text, {})
    assert len(cased) == len(text) and title is not None
    assert cased[title.end :] == text[title.end :]


HEADLINES = (
    # (text, capitalised common words that must make no actor)
    (
        "FARMERS DEMAND RELIEF AS DROUGHT BITES\n\n"
        "Farmers in Kenya asked the government for help on Tuesday as the drought "
        "spread to the north of the country.",
        ("Relief", "Drought Bites", "Farmers Demand Relief"),
    ),
    (
        "Storm Clouds Gather Over Harbour Deal\n\n"
        "The harbour deal between Kenya and Tanzania ran into trouble on Tuesday, "
        "officials in Nairobi said.",
        ("Storm Clouds", "Harbour Deal", "Storm Clouds Gather"),
    ),
    (
        "Quiet Diplomacy Wins Praise\n\n"
        "Kenya's mediation between the two sides was welcomed by the African Union.",
        ("Quiet Diplomacy", "Quiet Diplomacy Wins Praise", "Praise"),
    ),
)


@pytest.mark.parametrize(("text", "common"), HEADLINES)
def test_headline_capitals_make_no_actor(
    nlp: Language, resources: Resources, text: str, common: tuple[str, ...]
) -> None:
    outcome = extract_outcome(nlp(text), make_article(text), resources)
    labels = {actor.label for actor in outcome.extraction.actors}
    forms = {form for actor in outcome.extraction.actors for form in actor.surface_forms}
    assert not (labels | forms) & set(common), labels
    assert "Kenya" in labels


def test_headline_names_the_gazetteer_or_body_knows_are_kept(
    nlp: Language, resources: Resources
) -> None:
    text = (
        "KENYA ACCUSES TANZANIA OVER HARBOUR DEAL\n\n"
        "Kenya said on Tuesday that the harbour deal had been broken."
    )
    outcome = extract_outcome(nlp(text), make_article(text), resources)
    labels = {actor.label for actor in outcome.extraction.actors}
    assert {"Kenya", "Tanzania"} <= labels
    # the title's names are read in the case the article and gazetteer write them
    mentioned = {form for actor in outcome.extraction.actors for form in actor.surface_forms}
    assert "KENYA" not in mentioned and "TANZANIA" not in mentioned


def test_a_name_only_the_headline_uses_is_no_actor(nlp: Language, resources: Resources) -> None:
    text = "Visit to a Zembla village\n\nThe minister toured the village on Monday."
    outcome = extract_outcome(nlp(text), make_article(text), resources)
    assert not {a.label for a in outcome.extraction.actors} & {"Zembla", "Zembla village"}


def test_a_title_name_the_body_never_writes_is_no_actor(
    nlp: Language, resources: Resources
) -> None:
    text = (
        "Zembla Embassy Blast Kills Nine, Hurts 40\n\n"
        "A car bomb exploded on Thursday outside the Kerberos Embassy in Zembla, "
        "killing nine people."
    )
    outcome = extract_outcome(nlp(text), make_article(text), resources)
    assert "Zembla Embassy" not in {a.label for a in outcome.extraction.actors}


def test_evidence_from_a_truecased_title_quotes_the_title_as_written(
    nlp: Language, resources: Resources
) -> None:
    text = (
        "RUSSIA CONDEMNS UKRAINE OVER BORDER RAID\n\n"
        "Russia on Monday condemned Ukraine over a raid on the border."
    )
    doc = nlp(text)
    assert doc.text.startswith("Russia condemns Ukraine over border raid")
    outcome = extract_outcome(doc, make_article(text), resources)
    assert outcome.extraction.assertions
    for assertion in outcome.extraction.assertions:
        evidence = assertion.evidence
        assert text[evidence.start : evidence.end] == evidence.sentence


def test_a_long_article_keeps_its_title_through_the_pieces(nlp: Language) -> None:
    body = "\n\n".join(
        "Kenya and Tanzania met on Monday to talk about the harbour." for _ in range(40)
    )
    text = "KENYA AND TANZANIA MEET\n\n" + body
    [(doc, _)] = list(parse_texts(nlp, [(text, None)], batch_size=4, limit=500))
    assert isinstance(doc, Doc)
    assert len(doc.text) == len(text) and doc.text.startswith("Kenya and Tanzania meet")
    [title] = doc._.kg_titles
    assert title.original == "KENYA AND TANZANIA MEET"


def test_the_gazetteer_gives_its_names_folded(resources: Resources) -> None:
    names = written_names(resources.gazetteer)
    assert names["kenya"] == "Kenya"
    assert all(key == key.casefold() for key in names)


def test_a_title_name_takes_the_body_actor_of_the_same_words(
    nlp: Language, resources: Resources
) -> None:
    text = (
        "Kerberos Holdings Sues Rival\n\n"
        "Kerberos Holdings said on Monday it had filed a suit against Zembla Trading Co."
    )
    outcome = extract_outcome(nlp(text), make_article(text), resources)
    actors = outcome.extraction.actors
    named = [(a.label, a.cls.value) for a in actors if "Kerberos" in a.label]
    assert named == [("Kerberos Holdings", "Organization")]


def test_a_title_name_is_only_a_body_actor_of_the_same_words(resources: Resources) -> None:
    collector = Collector(resources.gazetteer)
    # body: "Frank B. Hallworth and Co" (a firm) and "Petrova" (a person), at tokens 10-
    collector.add(
        (10, 15, "Frank B. Hallworth and Co"), "name:hallworth_co", ActorClass.ORGANIZATION
    )
    collector.add((20, 21, "Petrova"), "name:anna_petrova", ActorClass.PERSON)
    # title: "Hallworth" a short form the body never uses alone; "Petrova" typed ORG there
    _add_title_names([(0, 1, "Hallworth", "PERSON"), (3, 4, "PETROVA", "ORG")], collector)
    title_mentions = [(m.text, m.key) for m in collector.result.mentions if m.start < 10]
    assert title_mentions == [("PETROVA", "name:anna_petrova")]


def test_a_title_surname_is_the_one_body_person_of_that_name(resources: Resources) -> None:
    collector = Collector(resources.gazetteer)
    collector.add((10, 12, "Anna Petrova"), "name:anna_petrova", ActorClass.PERSON)
    collector.result.person_keys.add("name:anna_petrova")
    _add_title_names([(0, 1, "Petrova", "PERSON")], collector)
    assert collector.result.token_actor.get(0) == "name:anna_petrova"
    assert collector.classes["name:anna_petrova"] is ActorClass.PERSON


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("ISLAMABAD: Military analysts said the army would act.", {"Islamabad"}),
        ("ZEMBLOVO (Reuters) - The army said it would act.", {"Zemblovo"}),
        ("PORT ZEMBLA, Ruritania -- The army said it would act.", {"Port Zembla"}),
        ("Army acts\n\nKERBEROS CITY - The army said it would act.", {"Kerberos City"}),
        ("Army acts ...\n\nZEMBLOVO, Ruritania (AFP) - The army acted.", {"Zemblovo"}),
        ("Army acts\n\nZEMBLOVO, Feb 27 -\nThe army said it would act.", {"Zemblovo"}),
        ("ZEMBLOVO, Nov 17: The army said it would act.", {"Zemblovo"}),
        ("Ruritanian Press - ZEMBLOVO (RP) - The army said it would act.", {"Zemblovo"}),
    ],
)
def test_a_dateline_city_in_capitals_is_a_place(
    nlp: Language, resources: Resources, text: str, places: set[str]
) -> None:
    outcome = extract_outcome(nlp(text), make_article(text), resources)
    found = {a.label for a in outcome.extraction.actors if a.cls is ActorClass.PLACE}
    assert places <= found


@pytest.mark.parametrize(
    "text",
    [
        "AP - The army said it would act.",
        "AFP - Troops moved.",
        "JAN OSTRAVA: The army said it would act.",  # a transcript's speaker
    ],
)
def test_an_agency_before_the_dash_is_no_place(
    nlp: Language, resources: Resources, text: str
) -> None:
    outcome = extract_outcome(nlp(text), make_article(text), resources)
    assert not [a for a in outcome.extraction.actors if a.cls is ActorClass.PLACE]
