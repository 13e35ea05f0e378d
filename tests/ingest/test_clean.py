"""clean_text: layout noise from real articles is dropped, real sentences are kept."""

from __future__ import annotations

import textwrap
import unicodedata
from pathlib import Path

import pytest

from kg.ingest.clean import clean_text
from kg.ingest.normalise import normalise_date, normalise_field

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

BODY = (
    "Nigeriens are preparing for a possible invasion by countries in the region, three weeks "
    "after mutinous soldiers ousted the nation’s democratically elected president."
)
BODY_2 = (
    "ECOWAS defense chiefs are expected to meet this week for the first time since the bloc "
    "announced the deployment of the “standby” force."
)


def _around(noise: str) -> str:
    """Put a noise line between two real paragraphs, as it sits in a page."""
    return f"{BODY}\n\n{noise}\n\n{BODY_2}"


@pytest.mark.parametrize(
    "noise",
    [
        "Advertisement",
        "ADVERTISEMENT",
        "Share",
        "Share this article",
        "Subscribe",
        "Sign up for our daily newsletter",
        "Read more of this report from The New York Times.",
        "Related: ECOWAS threatens force in Niger",
        "International Link",
        "This article is freely available.",
        "La rédaction de Mediapart",
        "We use cookies to give you the best experience. By continuing you agree.",
        "Please disable your ad blocker to continue reading.",
        "Adblock Detected",
        "Kindly close your AdBlock",
        "error: Alert: Content selection is disabled!!",
        "Leave a Reply",
        "Your email address will not be published. Required fields are marked *",
        "Back to top button",
        "Recommended Videos",
        "More From the Los Angeles Times",
        "By SAM MEDNICK",
        "By Jane Doe and John Roe",
        "(Sam Mednick / Associated Press)",
        "(AP Photo/Sam Mednick)",
        "Photo: Reuters",
        "Image caption, Supporters of the junta in Niamey",
        "Associated Press",
        "Reuters",
        "AFP",
        "World & Nation",
        "World",
        "Africa",
        "Politics",
        "Updated:",
        "0:00",
        "download jpg",
        "Adam Morrow",
        "Reuters contributed to this report.",
        "Associated Press writers Sylvie Corbet in Paris; Chinedu Asadu in Abuja, Nigeria; "
        "and Aomar Ouali in Algiers, Algeria, contributed.",
        "Copyright 2023 The Associated Press. All rights reserved.",
        "Home | World | Africa | Politics",
        "* * *",
    ],
)
def test_clean_drops_noise_line(noise: str) -> None:
    result = clean_text(_around(noise))
    assert result.text == f"{BODY}\n\n{BODY_2}"


@pytest.mark.parametrize(
    "sentence",
    [
        "By contrast, Mr. Tiani welcomed a joint delegation from Mali and Burkina Faso on Aug. 7.",
        "Some residents rejected the junta's approach.",
        "Residents said that the cost of items is rising and that cash is scarce.",
        "Wagner, according to the spokeswoman, is a “recipe for chaos.”",
        "“It was not easy to get traction there.”",
        "Share the burden, the minister urged.",
        "Comments by the minister were criticized.",
        "Published reports in 2023 said the junta had closed the border.",
        "Related to this, the bloc imposed sanctions.",
        "Copyright infringement was not the issue, Reuters said.",
        "Reuters reported that ECOWAS had activated its standby force.",
        "The Associated Press could not independently verify the claim.",
        "Subscribers in Niamey lost access to the broadcaster on Monday, residents said.",
        "By Friday, the junta had appointed a new government.",
        "NIAMEY, Niger (AP) — Niger’s junta said it would not release the president.",
    ],
)
def test_clean_keeps_real_sentence(sentence: str) -> None:
    result = clean_text(_around(sentence))
    assert result.text == f"{BODY}\n\n{sentence}\n\n{BODY_2}"


@pytest.mark.parametrize(
    ("raw", "kept"),
    [
        # exact repeat of an earlier paragraph (seed 004 repeats its headline)
        (f"{BODY}\n\n{BODY_2}\n\n{BODY}", [BODY, BODY_2]),
        # repeat with different spacing and case
        (f"{BODY}\n\n{BODY.upper()}", [BODY]),
        # near-repeat directly after (seed 001 repeats its lede with a word changed)
        (
            "According to an analyst, Niger’s new military junta has requested assistance from "
            "the Russian mercenary outfit Wagner as the deadline for releasing the country’s "
            "ousted president approaches, or risk probable military intervention.\n\n"
            "According to an analyst, Niger’s new military junta has requested assistance from "
            "the Russian mercenary outfit Wagner as the deadline for releasing the country’s "
            "ousted president approaches or face probable military intervention.",
            [
                "According to an analyst, Niger’s new military junta has requested assistance "
                "from the Russian mercenary outfit Wagner as the deadline for releasing the "
                "country’s ousted president approaches, or risk probable military intervention."
            ],
        ),
    ],
)
def test_clean_drops_duplicate_paragraph(raw: str, kept: list[str]) -> None:
    assert clean_text(raw).text.split("\n\n") == kept


def test_clean_keeps_different_paragraphs_that_share_words() -> None:
    first = "Mali and Burkina Faso have both previously accused ECOWAS of serving a Western agenda."
    second = "Mali and Burkina Faso have both previously accused France of serving its own agenda."
    assert clean_text(f"{first}\n\n{second}").text == f"{first}\n\n{second}"


def test_clean_drops_caption_above_credit_and_byline_block() -> None:
    raw = (
        "Advertisement\nWorld & Nation\n\n"
        "Junta’s backers call for volunteer defense force as Niger braces for possible invasion\n\n"
        "One of Niger's coup leaders addressing supporters\n"
        "Mohamed Toumba, one of the soldiers who ousted Nigerian President Mohamed Bazoum, "
        "addresses supporters in the capital, Niamey.\n"
        "(Sam Mednick / Associated Press)\n"
        "By SAM MEDNICK\nAssociated Press\nShare\nNIAMEY, Niger\u00a0—\u00a0\n\n"
        f"{BODY}\n"
    )
    result = clean_text(raw)
    assert result.text == (
        "Junta’s backers call for volunteer defense force as Niger braces for possible invasion"
        f"\n\nNIAMEY, Niger — {BODY}"
    )
    assert result.title == (
        "Junta’s backers call for volunteer defense force as Niger braces for possible invasion"
    )
    assert result.byline == "SAM MEDNICK"
    assert result.source == "Associated Press"


@pytest.mark.parametrize(
    "caption",
    [
        "Supporters of Niger's ruling junta hold a Russian flag in Niamey, Niger, Sunday, Aug. 6, "
        "2023. Nigeriens are bracing for a possible military intervention. (AP Photo/Sam Mednick)",
        "Supporters of Niger's ruling junta hold a Russian flag in Niamey. (AP Photo/Sam Mednick) "
        "(Sam Mednick, Copyright 2023 The Associated Press. All rights reserved.)",
        "Supporters of Niger's coup leaders take part in a rally at a stadium in Niamey, Niger, on "
        "Aug. 6, 2023. (Mahamadou Hamidou/Reuters)",
        "Supporters of Niger's coup leaders take part in a rally at a stadium in Niamey, Niger, on "
        "Aug. 6, 2023. Mahamadou Hamidou/Reuters",
        "A soldier stands next to a Caiman Helicopter at the military base in Ouallam, Niger, on "
        "July 15, 2022. Bertrand Guay/AFP via Getty Images",
        "Nigeriens participate in a march in Niamey, Niger, July 30, 2023. "
        "Sam Mednick/The Canadian Press/AP",
        "FILE - U.S. Secretary of State Antony Blinken poses for a photo with Nigerien President "
        "Mohamed Bazoum in Niamey, Niger, March 16, 2023. (Boureima Hama/Pool Photo via AP)",
    ],
)
def test_clean_drops_credited_caption(caption: str) -> None:
    assert clean_text(_around(caption)).text == f"{BODY}\n\n{BODY_2}"


def test_clean_drops_related_story_teaser() -> None:
    teaser = (
        "Politics\n\n"
        "U.S. turns up pressure in critical ally Niger as region faces threat from Russia-loyal "
        "Wagner Group\n\n"
        "Niger is the West’s last, best ally in Africa’s Sahel. A coup there may be a victory for "
        "Russia.\n\n"
        "Aug. 5, 2023"
    )
    assert clean_text(_around(teaser)).text == f"{BODY}\n\n{BODY_2}"


@pytest.mark.parametrize(
    ("line", "byline", "source"),
    [
        ("By SAM MEDNICK\nAssociated Press", "SAM MEDNICK", "Associated Press"),
        ("By Jane Doe, Reuters", "Jane Doe", "Reuters"),
        ("By Jane Doe and John Roe | AFP", "Jane Doe and John Roe", "AFP"),
        ("By Jane Doe and John Roe", "Jane Doe and John Roe", None),
        ("By Jane Doe, The Daily Planet", "Jane Doe, The Daily Planet", None),
    ],
)
def test_clean_byline_gives_source_only_for_agency(
    line: str, byline: str, source: str | None
) -> None:
    result = clean_text(_around(line))
    assert result.text == f"{BODY}\n\n{BODY_2}"
    assert (result.byline, result.source) == (byline, source)


@pytest.mark.parametrize(
    "line",
    ["La rédaction de Mediapart", "reports The New York Times.", "Reuters"],
)
def test_clean_outlet_mentions_are_not_sources(line: str) -> None:
    assert clean_text(_around(line)).source is None


def test_clean_repairs_glued_dateline() -> None:
    raw = f"NIAMEYNiger’s new military junta has asked for help from Wagner, an analyst said.\n\n{BODY}"
    assert clean_text(raw).text.startswith("NIAMEY — Niger’s new military junta")


@pytest.mark.parametrize(
    ("first", "title", "text"),
    [
        (
            "Niger coup leaders sever military ties with France",
            "Niger coup leaders sever military ties with France",
            f"Niger coup leaders sever military ties with France\n\n{BODY}",
        ),
        (
            "Will ECOWAS invade Niger?",
            "Will ECOWAS invade Niger?",
            f"Will ECOWAS invade Niger?\n\n{BODY}",
        ),
        ("Just know", None, BODY),
        (BODY_2, None, f"{BODY_2}\n\n{BODY}"),
        ("the junta and its allies in the region", None, BODY),
        ("Aug. 5, 2023", None, BODY),
    ],
)
def test_clean_title_is_conservative(first: str, title: str | None, text: str) -> None:
    result = clean_text(f"{first}\n\n{BODY}")
    assert result.title == title
    assert result.text == text


def test_clean_header_date_becomes_published() -> None:
    result = clean_text(
        f"Niger coup leaders sever military ties with France\n\nAug. 5, 2023\n\n{BODY}"
    )
    assert result.published == "2023-08-05"
    assert "Aug. 5, 2023" not in result.text


def test_clean_normalises_characters_and_spacing() -> None:
    raw = "\ufeffThe junta\u00a0met  ECOWAS   envoys.\u200b   \r\n\r\n\r\n\r\nCafe\u0301 owners in Niamey said they were worried.\t\r\n"
    assert clean_text(raw).text == (
        "The junta met ECOWAS envoys.\n\n"
        + unicodedata.normalize("NFC", "Cafe\u0301")
        + " owners in Niamey said they were worried."
    )


def test_clean_unwraps_hard_wrapped_paragraph() -> None:
    raw = (
        "Niger coup leaders sever military ties with France\n\n"
        "Niger's coup leaders on Thursday said that they had severed military\n"
        "ties with France, their country's former colonial ruler, throwing\n"
        "into uncertainty the future of 1,500 French troops based there, in\n"
        "a region of West Africa plagued with coups.\n\n"
        "The leaders of the coup also dismissed Niger's ambassadors to France\n"
        "and the United States.\n"
    )
    assert clean_text(raw).text.split("\n\n") == [
        "Niger coup leaders sever military ties with France",
        "Niger's coup leaders on Thursday said that they had severed military ties with France, "
        "their country's former colonial ruler, throwing into uncertainty the future of 1,500 "
        "French troops based there, in a region of West Africa plagued with coups.",
        "The leaders of the coup also dismissed Niger's ambassadors to France and the United "
        "States.",
    ]


def test_clean_drops_short_heading_between_paragraphs() -> None:
    assert clean_text(_around("Sanctions bite")).text == f"{BODY}\n\n{BODY_2}"


@pytest.mark.parametrize("raw", ["", "\n\n\n", "Advertisement\n\nShare", "   \t  "])
def test_clean_empty_or_all_noise_gives_empty_text(raw: str) -> None:
    assert clean_text(raw).text == ""


SEED_EXPECTATIONS = [
    (
        "000_6aea7e9e41a3e571.txt",
        "Junta’s backers call for volunteer defense force as Niger braces for possible invasion",
        "ECOWAS has activated a “standby force” to restore order in Niger after the junta "
        "ignored a deadline to release and reinstate Bazoum.",
    ),
    (
        "001_dc7ce24594d87c5a.txt",
        None,
        "Wagner was later classified a terrorist organization by the US, and Nasr believes "
        "foreign partners will react more strongly now.",
    ),
    (
        "002_311bd20aeae6e90d.txt",
        "Niger’s junta asks for help from Russian group Wagner as it faces military intervention "
        "threat",
        "But Algeria, which borders Niger to the north, told another visiting ECOWAS delegation "
        "that it opposed a military intervention, though it too wants a return to constitutional "
        "order.",
    ),
    (
        "003_6ca9f9e64a24872f.txt",
        "Niger coup leaders sever military ties with France",
        "The mutinous soldiers in Niger flew to Mali this week, and met with the military junta "
        "there.",
    ),
    (
        "004_3a6a35389212f054.txt",
        "Moscow Calls for Diplomatic Solution in Niger Amid Threats of Armed Intervention",
        "Last week, ECOWAS sent a delegation to Niger for a face-to-face meeting with Mr. Tiani.",
    ),
]
SEED_NOISE = [
    "Advertisement",
    "Share",
    "By SAM MEDNICK",
    "World & Nation",
    "(Sam Mednick / Associated Press)",
    "AP Photo",
    "International Link",
    "This article is freely available.",
    "La rédaction de Mediapart",
    "Read more",
    "Recommended Videos",
    "Adblock",
    "Leave a Reply",
    "download jpg",
    "Getty Images",
    "Updated:",
    "Adam Morrow",
    "contributed to this report",
    "More From the Los Angeles Times",
]


@pytest.mark.parametrize(("name", "title", "sentence"), SEED_EXPECTATIONS)
def test_clean_seed_article(name: str, title: str | None, sentence: str) -> None:
    result = clean_text((SEEDS / name).read_text(encoding="utf-8"))
    assert result.title == title
    assert sentence in result.text
    for noise in SEED_NOISE:
        assert noise not in result.text, noise
    paragraphs = result.text.split("\n\n")
    assert len(paragraphs) == len(set(paragraphs))
    assert all(p.strip() == p and p for p in paragraphs)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-08-05", "2023-08-05"),
        ("2023-08-05T23:30:00-05:00", "2023-08-05"),
        ("2023-08-05T10:00:00Z", "2023-08-05"),
        ("2023-08-05 10:00", "2023-08-05"),
        ("Sat, 05 Aug 2023 10:00:00 +0000", "2023-08-05"),
        ("Aug. 5, 2023", "2023-08-05"),
        ("5 August 2023", "2023-08-05"),
        ("last Tuesday", None),
        ("2023-02-30", None),
        ("", None),
        (None, None),
        (20230805, None),
    ],
)
def test_clean_normalise_date(value: object, expected: str | None) -> None:
    assert normalise_date(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("  Niger\u00a0coup \n junta ", "Niger coup junta"), ("   ", None), (None, None), (7, None)],
)
def test_clean_normalise_field(value: object, expected: str | None) -> None:
    assert normalise_field(value) == expected


@pytest.mark.parametrize("width", [50, 72, 79])
@pytest.mark.parametrize("name", [name for name, _, _ in SEED_EXPECTATIONS])
def test_clean_hard_wrapped_seed_cleans_like_original(name: str, width: int) -> None:
    raw = (SEEDS / name).read_text(encoding="utf-8")
    paragraphs = "\n\n".join(raw.split("\n"))
    wrapped = "\n\n".join(textwrap.fill(p, width) if len(p) > width else p for p in raw.split("\n"))
    assert clean_text(wrapped).text == clean_text(paragraphs).text


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        (
            "Self-organized defense groups have deployed at night to monitor cars and self-\n"
            "organized patrols watch the capital.",
            "Self-organized defense groups have deployed at night to monitor cars and "
            "self-organized patrols watch the capital.",
        ),
        (
            "From the outset, Western powers, along with the U.N. and ECOWAS, condemned Mr.\n"
            "Bazoum’s ouster and demanded his immediate reinstatement.",
            "From the outset, Western powers, along with the U.N. and ECOWAS, condemned Mr. "
            "Bazoum’s ouster and demanded his immediate reinstatement.",
        ),
    ],
)
def test_clean_joins_wrapped_line_breaks(raw: str, text: str) -> None:
    assert clean_text(raw).text == text


@pytest.mark.parametrize(
    ("line", "dropped"),
    [("Mahamadou Hamidou/Reuters", True), ("Russia/Ukraine War", False)],
)
def test_clean_bare_credit_needs_agency(line: str, dropped: bool) -> None:
    caption = "Supporters of Niger's coup leaders take part in a rally at a stadium in Niamey."
    result = clean_text(f"{BODY}\n\n{caption}\n{line}\n\n{BODY_2}")
    assert (caption not in result.text) is dropped


@pytest.mark.parametrize("credit", ["Photograph: Sam Mednick/AP", "Getty Images", "(Reuters)"])
def test_clean_credit_line_takes_caption_above(credit: str) -> None:
    caption = "Supporters of the junta rally in Niamey on Sunday."
    assert clean_text(f"{BODY}\n\n{caption}\n{credit}\n\n{BODY_2}").text == f"{BODY}\n\n{BODY_2}"
