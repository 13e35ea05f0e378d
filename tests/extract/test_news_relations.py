"""Relations of everyday news style, read by general rules (issue 14): meetings named by
a coordinated modifier or "talks between", backing, party affiliation, forces and their
place, threats of revenge, warnings and accusations."""

from __future__ import annotations

import pytest

from kg.extract import Resources
from tests.extract.labelled import triples
from tests.extract.test_extractors import run


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # coordinated modifiers of the subject noun: both States meet, written once
            "U.S. and EU officials met on Monday to discuss the war in Ukraine.",
            ("United States", "meetsWith", "European Union"),
        ),
        (  # a participle with an agent acts on the noun it describes
            "Governor Pedro Alvarez, backed by the National Action Party, won the vote "
            "after the army attacked the rebels.",
            ("National Action Party", "supports", "Pedro Alvarez"),
        ),
        (  # a party named before a name and its title
            "Labour Party leader Neil Kinnock condemned the government over the war.",
            ("Neil Kinnock", "affiliatedWith", "Labour Party"),
        ),
        (
            "Prime Minister Bob Hawke's Labor Party said the troops would stay in the Gulf.",
            ("Bob Hawke", "affiliatedWith", "Labor Party"),
        ),
        (  # warships and their kin are forces
            "Italy has sent eight ships, including three frigates, to the Gulf to protect "
            "shipping from attacks in the war.",
            ("Italy", "deploysForcesTo", "Gulf"),
        ),
        (  # whose forces a deployment moves: the modifier of the forces
            "Analysts reported the largest deployment of Soviet attack submarines in the "
            "Western Atlantic since the war.",
            ("Soviet Union", "deploysForcesTo", "Western Atlantic"),
        ),
        (
            "The United Nations shrugged off U.S. demands to boost its presence in Iraq.",
            ("United Nations", "opposes", "United States"),
        ),
        (
            "Iran vowed revenge against the United States after the raids on its oil platforms.",
            ("Iran", "threatens", "United States"),
        ),
        (  # forces named by their owner and their place
            "The 140,000 U.S. troops in Iraq face attacks from insurgents in the war.",
            ("United States", "deploysForcesTo", "Iraq"),
        ),
        (
            "Two soldiers died at an American base in Germany after the war.",
            ("United States", "deploysForcesTo", "Germany"),
        ),
        (  # talks between two parties: each meets the other, written once
            "Talks between Iran and Iraq on the war began in Geneva on Monday.",
            ("Iran", "meetsWith", "Iraq"),
        ),
        (  # those killed in an attack are whom it attacked
            "Nine French peacekeepers were killed during an air raid by Ivorian bombers in "
            "the war.",
            ("Ivory Coast", "attacks", "France"),
        ),
        (  # an accusation stated as a clause accuses its subject
            "Washington stepped up its charges that Damascus was sheltering insurgent leaders.",
            ("United States", "condemns", "Syria"),
        ),
        (  # the one warned against an act is opposed
            "President Ronald Reagan warned the U.S. Congress against passing the trade bill.",
            ("Ronald Reagan", "opposes", "United States congress"),
        ),
        (  # vengeance for an act threatens its agent
            "Iran threatened vengeance after the U.S. raids on its oil platforms.",
            ("Iran", "threatens", "United States"),
        ),
        (  # "his" party, when only one person can be meant
            "Japan is bound to decay, Prime Minister Yasuhiro Nakasone told supporters of his "
            "ruling Liberal Democratic Party in the election.",
            ("Yasuhiro Nakasone", "affiliatedWith", "Liberal Democratic Party"),
        ),
        (  # a list of people parsed as a name in apposition to another: each one acts
            "President Ali Khamenei, Prime Minister Mir-Hossein Mousavi and now Rafsanjani "
            "within 24 hours of the U.S. action have all vowed retaliation.",
            ("Mir-Hossein Mousavi", "threatens", "United States"),
        ),
        (  # a party the governing coalition includes is part of the government
            "Italy's government may fall. The Christian Democrats are likely to leave the "
            "coalition, which also includes Republicans, Social Democrats and Liberals.",
            ("Liberals", "affiliatedWith", "Italy government"),
        ),
        (
            "Italy's government is expected to fall. The Christian Democrats, senior partners "
            "in a coalition including Social Democrats and Liberals, would tell Craxi to go.",
            ("Social Democrats", "affiliatedWith", "Italy government"),
        ),
        (  # dismissing a government removes it from power
            "The Ukrainian parliament voted yesterday to dismiss the government.",
            ("Ukraine parliament", "deposes", "Ukraine government"),
        ),
        (  # a title whose phrase ends in a name names the person, not its modifier's State
            "Economy Minister Youssri Mustapha met President Hosni Mubarak and Egyptian "
            "ambassador to Moscow Salah Bassiouni to discuss the issue.",
            ("Youssri Mustapha", "meetsWith", "Salah Bassiouni"),
        ),
        (  # ... and criticism when it is "over" something
            "Bush attacked Kerry over his record on Iraq.",
            ("Bush", "condemns", "Kerry"),
        ),
        (  # a place named after a place noun a State possesses lies in it
            "Iraqi warplanes also struck Iran's offshore oilfields at Nowruz, Cyrus and "
            "Ardeshir in northern gulf, the communique said.",
            ("Nowruz", "locatedIn", "Iran"),
        ),
        (
            "Fighting spread to Iraq's third-largest city, Mosul, on Thursday.",
            ("Mosul", "locatedIn", "Iraq"),
        ),
        (  # a State before a hyphen and "backed" is the patron of the name it modifies
            "Nicaragua said U.S.-backed Contra rebels attacked a village.",
            ("Contras", "affiliatedWith", "United States"),
        ),
        (
            "BAGHDAD (Reuters) - Iraq's U.S.-backed government said on Tuesday that neglect "
            "led to a massacre.",
            ("Iraq government", "affiliatedWith", "United States"),
        ),
        (  # soldiers no word owns, in a story of one State whose army it names
            "REBEL AMBUSH KILLS 18 SOLDIERS IN PHILIPPINES\n\nMANILA, March 20 -\nCommunist "
            "rebels killed 18 soldiers on Mindanao island in the southern Philippines, the "
            "army said.",
            ("communist rebels", "attacks", "Philippines army"),
        ),
        (  # those killed when an act of force took place are whom it attacked
            "Four Israeli soldiers were killed when Palestinian militants blew up a tunnel "
            "under an army post in Gaza.",
            ("Palestinian militants", "attacks", "Israel"),
        ),
        (  # a participle with an agent parsed as a clause of its own still acts on its noun
            "In Tokyo, incumbent Governor Shunichi Suzuki backed by the LDP and two centrist "
            "parties has said he cannot support the sales tax as it stands.",
            ("LDP", "supports", "Shunichi Suzuki"),
        ),
        (  # whoever calls another's act a wrong condemns its agent
            "Rafsanjani on Tuesday called the U.S. attacks on two of its Gulf oil platforms an "
            "escalation and promised retaliation.",
            ("Akbar Hashemi Rafsanjani", "condemns", "United States"),
        ),
        (
            "China called the U.S. move a gross violation of its sovereignty.",
            ("China", "condemns", "United States"),
        ),
        (  # a bare group head placed in a State is the group of its demonym; beheading attacks
            "BAGHDAD (Reuters) - Militants in Iraq beheaded British hostage Kenneth Bigley, "
            "three weeks after kidnapping him to press a demand.",
            ("Iraqi militants", "attacks", "Kenneth Bigley"),
        ),
        (  # the same with the State's name after "the"
            "Rebels in the Ivory Coast on Wednesday dismissed an appeal from President "
            "Laurent Gbagbo to lay down their arms.",
            ("Ivorian rebels", "opposes", "Laurent Gbagbo"),
        ),
        (  # who addresses fellow members of a party is one
            "Tony Blair apologized this week to fellow Labor Party officials for the war.",
            ("Tony Blair", "affiliatedWith", "Labor Party"),
        ),
        (  # tariffs imposed on a State's goods sanction it ("tariff" is the lemma)
            "Reagan imposed 100 pct tariffs on Japanese goods.",
            ("Reagan", "sanctions", "Japan"),
        ),
        (  # the act named by the noun a relative clause describes; an amount of goods
            "Reagan said the 100 pct tariffs he imposed on some 300 mln dlrs worth of "
            "Japanese goods would stay.",
            ("Reagan", "sanctions", "Japan"),
        ),
    ],
)
def test_news_style_relations(  # type: ignore[no-untyped-def]
    extract, text: str, expected: tuple[str, str, str]
) -> None:
    assert expected in triples(extract(text))


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        (  # a meeting is one edge, from the first-named party
            "U.S. and EU officials met on Monday to discuss the war in Ukraine.",
            ("European Union", "meetsWith", "United States"),
        ),
        (  # the demonym only describes the person met
            "President Ronald Reagan, who will hold talks with Japanese Prime Minister "
            "Yasuhiro Nakasone this week, warned of a trade war.",
            ("Ronald Reagan", "meetsWith", "Japan"),
        ),
        (  # a bare "Party" is no party
            "Party leader Ciriaco De Mita said the government would fall after the war vote.",
            ("Ciriaco De Mita", "affiliatedWith", "Party"),
        ),
        (  # a demonym of a side that is no State's
            "The Turkish and Greek sides of the divided island of Cyprus agreed to share "
            "information on missing people from the war.",
            ("Turkey", "cooperatesWith", "Greece"),
        ),
        (  # agreeing to mediation in talks is no meeting (no one's part in talks is read
            # from the verb they hang off: "said in talks with" proved as often wrong)
            "Israeli Prime Minister Ehud Barak has agreed to US mediation in the final status "
            "talks with Syria, an official said.",
            ("Ehud Barak", "meetsWith", "Syria"),
        ),
        (  # no troops there
            "There are no U.S. troops in Syria, the Pentagon said of the war with Iraq.",
            ("United States", "deploysForcesTo", "Syria"),
        ),
        (  # a ship may be a merchant's
            "Argentina apologized to Brazil after its gunboats intercepted a Brazilian ship in "
            "the Beagle Channel.",
            ("Brazil", "deploysForcesTo", "Beagle Channel"),
        ),
        (  # a call is no request to whoever the object names
            "Rafsanjani called the U.S. attacks on the platforms an escalation of the war.",
            ("Rafsanjani", "requestsAidFrom", "United States"),
        ),
        (  # a State's own soldiers at home are no deployment
            "Niger's military junta took power in a coup. The mutinous soldiers in Niger flew "
            "to Mali this week, and met with the military junta there.",
            ("Niger junta", "deploysForcesTo", "Niger"),
        ),
        (  # "his" with two people before it is left unread
            "President Ronald Reagan met Prime Minister Yasuhiro Nakasone, who told supporters "
            "of his ruling Liberal Democratic Party about the war.",
            ("Ronald Reagan", "affiliatedWith", "Liberal Democratic Party"),
        ),
        (  # a verb of attack on a thing is force, not criticism as well
            "It also reported a clash between Iraqi naval units and several Iranian boats "
            "carrying men to attack an Iraqi oil terminal.",
            ("Iran", "condemns", "Iraq"),
        ),
        (  # a foreign journalist seized stands for no State
            "An Australian journalist was seized by militants in Iraq for nearly 24 hours.",
            ("Iraqi militants", "detains", "Australia"),
        ),
        (  # calling an actor something good condemns no one
            "Japan called the U.S. a friend.",
            ("Japan", "condemns", "United States"),
        ),
        (  # an opposition coalition is no part of the government
            "Japan's government is weak. The opposition coalition, which includes the "
            "Socialists and the Communists, walked out.",
            ("Socialists", "affiliatedWith", "Japan government"),
        ),
        (
            "Economy Minister Youssri Mustapha met President Hosni Mubarak and Egyptian "
            "ambassador to Moscow Salah Bassiouni to discuss the issue.",
            ("Youssri Mustapha", "meetsWith", "Egypt"),
        ),
    ],
)
def test_news_style_non_relations(  # type: ignore[no-untyped-def]
    extract, text: str, absent: tuple[str, str, str]
) -> None:
    assert absent not in triples(extract(text))


def test_a_joint_meeting_is_one_edge_from_the_first_named(resources: Resources) -> None:
    """ "Israel and Lebanon renewed negotiations" (hand-built parse): one meetsWith edge."""
    found = run("kg.dependency.v1", "RECIPROCAL", resources)
    assert ("Israel", "meetsWith", "Lebanon", 0.72) in found
    assert ("Lebanon", "meetsWith", "Israel", 0.72) not in found
