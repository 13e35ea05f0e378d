"""The SPEC's fixed vocabulary: actor classes and relations, with their PLOVER/CAMEO alignment.

The enum values are the ontology's local names (SPEC §2-3); nothing else in the code
spells them, so the ontology contract test can compare this module, the ontology and
the SPEC tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

KG_NS = "https://w3id.org/kg/ontology#"
"""Namespace of the project's ontology terms (classes, relations, provenance properties)."""

KG_DATA_NS = "https://w3id.org/kg/id/"
"""Namespace under which actors, articles and statement records are minted."""

WIKIDATA_NS = "http://www.wikidata.org/entity/"
"""Namespace of Wikidata items, the `owl:sameAs` targets of well-known actors."""

PREFIXES: dict[str, str] = {
    "kg": KG_NS,
    "kgd": KG_DATA_NS,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "wd": WIKIDATA_NS,
}
"""Every prefix kg uses, defined once: the graph files declare them (less rdf, rdfs, xsd
where a writer predeclares those) and every query may use them undeclared."""


class ActorClass(StrEnum):
    STATE = "State"
    BLOC = "Bloc"
    ARMED_GROUP = "ArmedGroup"
    GOVERNMENT = "Government"
    OFFICIAL = "Official"
    PERSON = "Person"
    ORGANIZATION = "Organization"
    PLACE = "Place"


class Family(StrEnum):
    """How the viewer groups relations: hostile, cooperative or structural."""

    HOSTILE = "hostile"
    COOPERATIVE = "cooperative"
    STRUCTURAL = "structural"


class Relation(StrEnum):
    THREATENS = "threatens"
    SANCTIONS = "sanctions"
    SEVERS_TIES_WITH = "seversTiesWith"
    CONDEMNS = "condemns"
    SUPPORTS = "supports"
    OPPOSES = "opposes"
    REQUESTS_AID_FROM = "requestsAidFrom"
    PROVIDES_AID_TO = "providesAidTo"
    MEETS_WITH = "meetsWith"
    COOPERATES_WITH = "cooperatesWith"
    DEPLOYS_FORCES_TO = "deploysForcesTo"
    DEPOSES = "deposes"
    DETAINS = "detains"
    ATTACKS = "attacks"
    ALLIES_WITH = "alliesWith"
    MEMBER_OF = "memberOf"
    LEADER_OF = "leaderOf"
    OFFICIAL_OF = "officialOf"
    AFFILIATED_WITH = "affiliatedWith"
    LOCATED_IN = "locatedIn"
    BORDERS = "borders"


@dataclass(frozen=True, slots=True)
class RelationInfo:
    """What a relation means and how it lines up with PLOVER / CAMEO."""

    meaning: str
    plover: str | None
    cameo: tuple[str, ...]
    family: Family
    symmetric: bool = False


# Classes that can act (everything but Place): subjects of event relations.
ACTOR_CLASSES = frozenset(
    {
        ActorClass.STATE,
        ActorClass.BLOC,
        ActorClass.ARMED_GROUP,
        ActorClass.GOVERNMENT,
        ActorClass.OFFICIAL,
        ActorClass.PERSON,
        ActorClass.ORGANIZATION,
    }
)

RELATIONS: dict[Relation, RelationInfo] = {
    Relation.THREATENS: RelationInfo(
        "threatens force, sanctions or other harm", "THREATEN", ("13",), Family.HOSTILE
    ),
    Relation.SANCTIONS: RelationInfo(
        "imposes sanctions, embargoes, border closures, terrorist designation",
        "SANCTION",
        ("16", "163"),
        Family.HOSTILE,
    ),
    Relation.SEVERS_TIES_WITH: RelationInfo(
        "cuts diplomatic or military ties, recalls or expels envoys or troops",
        "SANCTION",
        ("16", "161", "164"),
        Family.HOSTILE,
    ),
    Relation.CONDEMNS: RelationInfo(
        "condemns, criticizes, accuses, denounces", "ACCUSE", ("11", "112"), Family.HOSTILE
    ),
    Relation.SUPPORTS: RelationInfo(
        "expresses support for, endorses", "SUPPORT", ("05", "051"), Family.COOPERATIVE
    ),
    Relation.OPPOSES: RelationInfo(
        "rejects, opposes, refuses, warns against", "REJECT", ("12",), Family.HOSTILE
    ),
    Relation.REQUESTS_AID_FROM: RelationInfo(
        "asks for help, assistance, intervention", "REQUEST", ("02",), Family.COOPERATIVE
    ),
    Relation.PROVIDES_AID_TO: RelationInfo(
        "gives military, economic or humanitarian aid", "AID", ("07",), Family.COOPERATIVE
    ),
    Relation.MEETS_WITH: RelationInfo(
        "meets, talks with, consults, visits", "CONSULT", ("04",), Family.COOPERATIVE
    ),
    Relation.COOPERATES_WITH: RelationInfo(
        "security, military or economic cooperation", "COOPERATE", ("06",), Family.COOPERATIVE
    ),
    Relation.DEPLOYS_FORCES_TO: RelationInfo(
        "has, sends or stations troops in", "MOBILIZE", ("15",), Family.HOSTILE
    ),
    Relation.DEPOSES: RelationInfo("ousts, overthrows", "COERCE", ("17",), Family.HOSTILE),
    Relation.DETAINS: RelationInfo(
        "detains, holds hostage, arrests, confines", "COERCE", ("173",), Family.HOSTILE
    ),
    Relation.ATTACKS: RelationInfo(
        "attacks, ambushes, fights", "ASSAULT", ("18", "19"), Family.HOSTILE
    ),
    Relation.ALLIES_WITH: RelationInfo(
        "is allied with (symmetric)", None, (), Family.COOPERATIVE, symmetric=True
    ),
    Relation.MEMBER_OF: RelationInfo("is a member of a bloc", None, (), Family.STRUCTURAL),
    Relation.LEADER_OF: RelationInfo(
        "heads a State, Government, Bloc or ArmedGroup", None, (), Family.STRUCTURAL
    ),
    Relation.OFFICIAL_OF: RelationInfo(
        "holds an office in (role kept as a literal)", None, (), Family.STRUCTURAL
    ),
    Relation.AFFILIATED_WITH: RelationInfo(
        "works for, is backed by, belongs to", None, (), Family.STRUCTURAL
    ),
    Relation.LOCATED_IN: RelationInfo(
        "a Place lies in a State or Place", None, (), Family.STRUCTURAL
    ),
    Relation.BORDERS: RelationInfo(
        "shares a border with (symmetric)", None, (), Family.STRUCTURAL, symmetric=True
    ),
}


_ANY = frozenset(ActorClass)
_POLITIES = frozenset(
    {ActorClass.STATE, ActorClass.GOVERNMENT, ActorClass.BLOC, ActorClass.ARMED_GROUP}
)
_TERRITORY = frozenset({ActorClass.STATE, ActorClass.PLACE})


@dataclass(frozen=True, slots=True)
class Signature:
    """Which classes a relation may join: the ontology's domain/range, and the SHACL shapes."""

    subjects: frozenset[ActorClass]
    objects: frozenset[ActorClass]


_EVENT = Signature(ACTOR_CLASSES, ACTOR_CLASSES)

SIGNATURES: dict[Relation, Signature] = {
    **{r: _EVENT for r in RELATIONS if RELATIONS[r].plover is not None},
    Relation.DEPLOYS_FORCES_TO: Signature(ACTOR_CLASSES, _ANY),
    Relation.ALLIES_WITH: _EVENT,
    Relation.MEMBER_OF: Signature(
        frozenset(
            {
                ActorClass.STATE,
                ActorClass.BLOC,
                ActorClass.GOVERNMENT,
                ActorClass.ARMED_GROUP,
                ActorClass.ORGANIZATION,
            }
        ),
        frozenset({ActorClass.BLOC}),
    ),
    Relation.LEADER_OF: Signature(frozenset({ActorClass.OFFICIAL}), _POLITIES),
    Relation.OFFICIAL_OF: Signature(frozenset({ActorClass.OFFICIAL}), _POLITIES),
    Relation.AFFILIATED_WITH: Signature(
        frozenset(
            {
                ActorClass.PERSON,
                ActorClass.OFFICIAL,
                ActorClass.ARMED_GROUP,
                ActorClass.ORGANIZATION,
                ActorClass.GOVERNMENT,
            }
        ),
        ACTOR_CLASSES,
    ),
    Relation.LOCATED_IN: Signature(frozenset({ActorClass.PLACE}), _TERRITORY),
    Relation.BORDERS: Signature(_TERRITORY, _TERRITORY),
}


def fits_signature(relation: Relation, subject: ActorClass, obj: ActorClass) -> bool:
    """Tell whether `subject relation obj` respects the relation's domain and range.

    >>> fits_signature(Relation.MEMBER_OF, ActorClass.STATE, ActorClass.BLOC)
    True
    >>> fits_signature(Relation.LOCATED_IN, ActorClass.STATE, ActorClass.PLACE)
    False
    """
    sig = SIGNATURES[relation]
    return subject in sig.subjects and obj in sig.objects
