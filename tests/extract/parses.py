"""Hand-built parses of short news sentences, for the extractor and resolve tests.

Each entry is a sentence, its tokens as the model (en_core_web_sm 3.8) parses them (word,
head index, dependency label, coarse and fine tag, lemma) and its entities as the
gazetteer ruler and the model give them (start, end, label, gazetteer key). Written out
once, so that the tests need no model.
"""

from __future__ import annotations

from spacy.tokens import Doc

from tests.extract.handmade import Entity, from_table

PARSES: dict[str, tuple[str, str, list[Entity]]] = {
    "SANCTIONS": (
        "ECOWAS imposed sanctions on Niger.",
        """
        ECOWAS     0  ROOT   VERB   VBG  ecowa
        imposed    2  amod   VERB   VBN  impose
        sanctions  0  dobj   NOUN   NNS  sanction
        on         2  prep   ADP    IN   on
        Niger      3  pobj   PROPN  NNP  Niger
        .          0  punct  PUNCT  .    .
        """,
        [(0, 1, "KG_Bloc", "wd:Q193272"), (4, 5, "KG_State", "wd:Q1032")],
    ),
    "CONDEMNS": (
        "France condemned Russia.",
        """
        France     1  nsubj  PROPN  NNP  France
        condemned  1  ROOT   VERB   VBD  condemn
        Russia     1  dobj   PROPN  NNP  Russia
        .          1  punct  PUNCT  .    .
        """,
        [(0, 1, "KG_State", "wd:Q142"), (2, 3, "KG_State", "wd:Q159")],
    ),
    "MEETS": (
        "The United States met with ECOWAS in Abuja.",
        """
        The     2  det       DET    DT   the
        United  2  compound  PROPN  NNP  United
        States  3  nsubj     PROPN  NNP  States
        met     3  ROOT      VERB   VBD  meet
        with    3  prep      ADP    IN   with
        ECOWAS  4  pobj      NOUN   NNS  ecowa
        in      5  prep      ADP    IN   in
        Abuja   6  pobj      PROPN  NNP  Abuja
        .       3  punct     PUNCT  .    .
        """,
        [
            (0, 1, "NAME_PART", ""),
            (1, 3, "KG_State", "wd:Q30"),
            (5, 6, "KG_Bloc", "wd:Q193272"),
            (7, 8, "KG_Capital", "wd:Q3787"),
        ],
    ),
    "PASSIVE_ATTACK": (
        "Nigeria was attacked by Boko Haram.",
        """
        Nigeria   2  nsubjpass  PROPN  NNP  Nigeria
        was       2  auxpass    AUX    VBD  be
        attacked  2  ROOT       VERB   VBN  attack
        by        2  agent      ADP    IN   by
        Boko      5  compound   PROPN  NNP  Boko
        Haram     3  pobj       PROPN  NNP  Haram
        .         2  punct      PUNCT  .    .
        """,
        [(0, 1, "KG_State", "wd:Q1033"), (4, 6, "KG_ArmedGroup", "gaz:boko-haram")],
    ),
    "SUPPORTS": (
        "Russia supports Mali.",
        """
        Russia    1  nsubj  PROPN  NNP  Russia
        supports  1  ROOT   VERB   VBZ  support
        Mali      1  dobj   PROPN  NNP  Mali
        .         1  punct  PUNCT  .    .
        """,
        [(0, 1, "KG_State", "wd:Q159"), (2, 3, "KG_State", "wd:Q912")],
    ),
    "BORDERS": (
        "Algeria borders Niger.",
        """
        Algeria  1  nsubj  PROPN  NNP  Algeria
        borders  1  ROOT   NOUN   NNS  border
        Niger    1  dobj   PROPN  NNP  Niger
        .        1  punct  PUNCT  .    .
        """,
        [(0, 1, "KG_State", "wd:Q262"), (2, 3, "KG_State", "wd:Q1032")],
    ),
    "SEVERS": (
        "Niger severed military ties with France.",
        """
        Niger     1  nsubj  PROPN  NNP  Niger
        severed   1  ROOT   VERB   VBD  sever
        military  3  amod   ADJ    JJ   military
        ties      1  dobj   NOUN   NNS  tie
        with      3  prep   ADP    IN   with
        France    4  pobj   PROPN  NNP  France
        .         1  punct  PUNCT  .    .
        """,
        [(0, 1, "KG_State", "wd:Q1032"), (5, 6, "KG_State", "wd:Q142")],
    ),
    "NEGATED": (
        "Niger did not meet with France.",
        """
        Niger   3  nsubj  PROPN  NNP  Niger
        did     3  aux    AUX    VBD  do
        not     3  neg    PART   RB   not
        meet    3  ROOT   VERB   VB   meet
        with    3  prep   ADP    IN   with
        France  4  pobj   PROPN  NNP  France
        .       3  punct  PUNCT  .    .
        """,
        [(0, 1, "KG_State", "wd:Q1032"), (5, 6, "KG_State", "wd:Q142")],
    ),
    "REFUSED": (
        "Niger refused to meet with France.",
        """
        Niger    1  nsubj  PROPN  NNP  Niger
        refused  1  ROOT   VERB   VBD  refuse
        to       3  aux    PART   TO   to
        meet     1  xcomp  VERB   VB   meet
        with     3  prep   ADP    IN   with
        France   4  pobj   PROPN  NNP  France
        .        1  punct  PUNCT  .    .
        """,
        [(0, 1, "KG_State", "wd:Q1032"), (5, 6, "KG_State", "wd:Q142")],
    ),
    "THREAT": (
        "Russia threatened to attack Ukraine.",
        """
        Russia      1  nsubj  PROPN  NNP  Russia
        threatened  1  ROOT   VERB   VBD  threaten
        to          3  aux    PART   TO   to
        attack      1  xcomp  VERB   VB   attack
        Ukraine     3  dobj   PROPN  NNP  Ukraine
        .           1  punct  PUNCT  .    .
        """,
        [(0, 1, "KG_State", "wd:Q159"), (4, 5, "KG_State", "wd:Q212")],
    ),
    "RECIPROCAL": (
        "Israel and Lebanon held talks.",
        """
        Israel   3  nsubj  PROPN  NNP  Israel
        and      0  cc     CCONJ  CC   and
        Lebanon  0  conj   PROPN  NNP  Lebanon
        held     3  ROOT   VERB   VBD  hold
        talks    3  dobj   NOUN   NNS  talk
        .        3  punct  PUNCT  .    .
        """,
        [(0, 1, "KG_State", "wd:Q801"), (2, 3, "KG_State", "wd:Q822")],
    ),
    "PRONOUN": (
        "Russia criticized the sanctions. It condemned France.",
        """
        Russia      1  nsubj  PROPN  NNP  Russia
        criticized  1  ROOT   VERB   VBD  criticize
        the         3  det    DET    DT   the
        sanctions   1  dobj   NOUN   NNS  sanction
        .           1  punct  PUNCT  .    .
        It          6  nsubj  PRON   PRP  it
        condemned   6  ROOT   VERB   VBD  condemn
        France      6  dobj   PROPN  NNP  France
        .           6  punct  PUNCT  .    .
        """,
        [(0, 1, "KG_State", "wd:Q159"), (7, 8, "KG_State", "wd:Q142")],
    ),
    "AMBASSADOR": (
        "Kathleen FitzGibbon, the ambassador of the United States, met with Niger.",
        """
        Kathleen    1   compound  PROPN  NNP  Kathleen
        FitzGibbon  10  nsubj     PROPN  NNP  FitzGibbon
        ,           1   punct     PUNCT  ,    ,
        the         4   det       DET    DT   the
        ambassador  1   appos     NOUN   NN   ambassador
        of          4   prep      ADP    IN   of
        the         8   det       DET    DT   the
        United      8   compound  PROPN  NNP  United
        States      5   pobj      PROPN  NNP  States
        ,           1   punct     PUNCT  ,    ,
        met         10  ROOT      VERB   VBD  meet
        with        10  prep      ADP    IN   with
        Niger       11  pobj      PROPN  NNP  Niger
        .           10  punct     PUNCT  .    .
        """,
        [(0, 2, "PERSON", ""), (7, 9, "KG_State", "wd:Q30"), (12, 13, "KG_State", "wd:Q1032")],
    ),
    "SPOKESMAN": (
        "Ousmane Kane, a spokesman for ECOWAS, condemned France.",
        """
        Ousmane    1  compound  PROPN  NNP  Ousmane
        Kane       8  nsubj     PROPN  NNP  Kane
        ,          1  punct     PUNCT  ,    ,
        a          4  det       DET    DT   a
        spokesman  1  appos     NOUN   NN   spokesman
        for        4  prep      ADP    IN   for
        ECOWAS     5  pobj      NOUN   NNS  ecowa
        ,          1  punct     PUNCT  ,    ,
        condemned  8  ROOT      VERB   VBN  condemn
        France     8  dobj      PROPN  NNP  France
        .          8  punct     PUNCT  .    .
        """,
        [(0, 2, "PERSON", ""), (6, 7, "KG_Bloc", "wd:Q193272"), (9, 10, "KG_State", "wd:Q142")],
    ),
    "MINISTER": (
        "Niger's foreign minister, Hassoumi Massoudou, met with France.",
        """
        Niger      3  poss      PROPN  NNP  Niger
        's         0  case      PART   POS  's
        foreign    3  amod      ADJ    JJ   foreign
        minister   8  nsubj     NOUN   NN   minister
        ,          3  punct     PUNCT  ,    ,
        Hassoumi   6  compound  PROPN  NNP  Hassoumi
        Massoudou  3  appos     PROPN  NNP  Massoudou
        ,          3  punct     PUNCT  ,    ,
        met        8  ROOT      VERB   VBD  meet
        with       8  prep      ADP    IN   with
        France     9  pobj      PROPN  NNP  France
        .          8  punct     PUNCT  .    .
        """,
        [
            (0, 1, "KG_State", "wd:Q1032"),
            (5, 7, "KG_Official", "gaz:hassoumi-massaoudou"),
            (10, 11, "KG_State", "wd:Q142"),
        ],
    ),
    "MEMBER": (
        "Nigeria, a member of ECOWAS, condemned France.",
        """
        Nigeria    7  nsubj  PROPN  NNP  Nigeria
        ,          0  punct  PUNCT  ,    ,
        a          3  det    DET    DT   a
        member     0  appos  NOUN   NN   member
        of         3  prep   ADP    IN   of
        ECOWAS     4  pobj   PROPN  NNP  ECOWAS
        ,          0  punct  PUNCT  ,    ,
        condemned  7  ROOT   VERB   VBN  condemn
        France     7  dobj   PROPN  NNP  France
        .          7  punct  PUNCT  .    .
        """,
        [
            (0, 1, "KG_State", "wd:Q1033"),
            (5, 6, "KG_Bloc", "wd:Q193272"),
            (8, 9, "KG_State", "wd:Q142"),
        ],
    ),
    "LOCATION": (
        "Protesters gathered in Tillaberi, Niger.",
        """
        Protesters  1  nsubj  NOUN   NNS  protester
        gathered    1  ROOT   VERB   VBD  gather
        in          1  prep   ADP    IN   in
        Tillaberi   2  pobj   PROPN  NNP  Tillaberi
        ,           3  punct  PUNCT  ,    ,
        Niger       3  appos  PROPN  NNP  Niger
        .           1  punct  PUNCT  .    .
        """,
        [(3, 4, "KG_Place", "gaz:tillaberi"), (5, 6, "KG_State", "wd:Q1032")],
    ),
    "POSSESSIVE_PATRON": (
        "Russia's Wagner Group attacked Mali.",
        """
        Russia    3  poss      PROPN  NNP  Russia
        's        0  case      PART   POS  's
        Wagner    3  compound  PROPN  NNP  Wagner
        Group     4  nsubj     PROPN  NNP  Group
        attacked  4  ROOT      VERB   VBD  attack
        Mali      4  dobj      PROPN  NNP  Mali
        .         4  punct     PUNCT  .    .
        """,
        [
            (0, 1, "KG_State", "wd:Q159"),
            (2, 4, "KG_ArmedGroup", "gaz:wagner-group"),
            (5, 6, "KG_State", "wd:Q912"),
        ],
    ),
    "HYPHEN_PATRON": (
        "The Kremlin-backed Wagner Group attacked Mali.",
        """
        The       5  det       DET    DT    the
        Kremlin   3  npadvmod  PROPN  NNP   Kremlin
        -         3  punct     PUNCT  HYPH  -
        backed    5  amod      VERB   VBN   back
        Wagner    5  compound  PROPN  NNP   Wagner
        Group     6  nsubj     PROPN  NNP   Group
        attacked  6  ROOT      VERB   VBD   attack
        Mali      6  dobj      PROPN  NNP   Mali
        .         6  punct     PUNCT  .     .
        """,
        [
            (1, 2, "KG_State", "wd:Q159"),
            (4, 6, "KG_ArmedGroup", "gaz:wagner-group"),
            (7, 8, "KG_State", "wd:Q912"),
        ],
    ),
    "ALLIANCE": (
        "Mali and Burkina Faso said that an intervention in Niger would be a declaration of war against them.",
        """
        Mali          4   nsubj     PROPN  NNP  Mali
        and           0   cc        CCONJ  CC   and
        Burkina       3   compound  PROPN  NNP  Burkina
        Faso          0   conj      PROPN  NNP  Faso
        said          4   ROOT      VERB   VBD  say
        that          11  mark      SCONJ  IN   that
        an            7   det       DET    DT   an
        intervention  11  nsubj     NOUN   NN   intervention
        in            7   prep      ADP    IN   in
        Niger         8   pobj      PROPN  NNP  Niger
        would         11  aux       AUX    MD   would
        be            4   ccomp     AUX    VB   be
        a             13  det       DET    DT   a
        declaration   11  attr      NOUN   NN   declaration
        of            13  prep      ADP    IN   of
        war           14  pobj      NOUN   NN   war
        against       13  prep      ADP    IN   against
        them          16  pobj      PRON   PRP  they
        .             4   punct     PUNCT  .    .
        """,
        [
            (0, 1, "KG_State", "wd:Q912"),
            (2, 4, "KG_State", "wd:Q965"),
            (9, 10, "KG_State", "wd:Q1032"),
        ],
    ),
    "SURNAME": (
        "Ibrahim Yacouba met with France. Mr. Yacouba condemned Russia.",
        """
        Ibrahim    1  compound  PROPN  NNP  Ibrahim
        Yacouba    2  nsubj     PROPN  NNP  Yacouba
        met        2  ROOT      VERB   VBD  meet
        with       2  prep      ADP    IN   with
        France     3  pobj      PROPN  NNP  France
        .          2  punct     PUNCT  .    .
        Mr.        7  compound  PROPN  NNP  Mr.
        Yacouba    8  nsubj     PROPN  NNP  Yacouba
        condemned  8  ROOT      VERB   VBD  condemn
        Russia     8  dobj      PROPN  NNP  Russia
        .          8  punct     PUNCT  .    .
        """,
        [
            (0, 2, "PERSON", ""),
            (4, 5, "KG_State", "wd:Q142"),
            (7, 8, "PERSON", ""),
            (9, 10, "KG_State", "wd:Q159"),
        ],
    ),
    "OFFICE_HOLDER": (
        "Mohamed Bazoum met with France. Mr. Bazoum condemned Russia.",
        """
        Mohamed    1  compound  PROPN  NNP  Mohamed
        Bazoum     2  nsubj     PROPN  NNP  Bazoum
        met        2  ROOT      VERB   VBD  meet
        with       2  prep      ADP    IN   with
        France     3  pobj      PROPN  NNP  France
        .          2  punct     PUNCT  .    .
        Mr.        7  compound  PROPN  NNP  Mr.
        Bazoum     8  nsubj     PROPN  NNP  Bazoum
        condemned  8  ROOT      VERB   VBD  condemn
        Russia     8  dobj      PROPN  NNP  Russia
        .          8  punct     PUNCT  .    .
        """,
        [
            (0, 2, "KG_Official", "gaz:mohamed-bazoum"),
            (4, 5, "KG_State", "wd:Q142"),
            (7, 8, "KG_Official", "gaz:mohamed-bazoum"),
            (9, 10, "KG_State", "wd:Q159"),
        ],
    ),
    "US_ALIAS": (
        "The U.S. condemned the coup. The United States met with Niger.",
        """
        The        1   det       DET    DT   the
        U.S.       2   nsubj     PROPN  NNP  U.S.
        condemned  2   ROOT      VERB   VBD  condemn
        the        4   det       DET    DT   the
        coup       2   dobj      NOUN   NN   coup
        .          2   punct     PUNCT  .    .
        The        8   det       DET    DT   the
        United     8   compound  PROPN  NNP  United
        States     9   nsubj     PROPN  NNP  States
        met        9   ROOT      VERB   VBD  meet
        with       9   prep      ADP    IN   with
        Niger      10  pobj      PROPN  NNP  Niger
        .          9   punct     PUNCT  .    .
        """,
        [
            (1, 2, "KG_State", "wd:Q30"),
            (6, 7, "NAME_PART", ""),
            (7, 9, "KG_State", "wd:Q30"),
            (11, 12, "KG_State", "wd:Q1032"),
        ],
    ),
    "JUNTA": (
        "Niger's junta condemned France.",
        """
        Niger      2  poss   PROPN  NNP  Niger
        's         0  case   PART   POS  's
        junta      3  nsubj  NOUN   NN   junta
        condemned  3  ROOT   VERB   VBD  condemn
        France     3  dobj   PROPN  NNP  France
        .          3  punct  PUNCT  .    .
        """,
        [(0, 1, "KG_State", "wd:Q1032"), (4, 5, "KG_State", "wd:Q142")],
    ),
    "CAPITAL": (
        "Washington condemned the coup in Niamey.",
        """
        Washington  1  nsubj  PROPN  NNP  Washington
        condemned   1  ROOT   VERB   VBD  condemn
        the         3  det    DET    DT   the
        coup        1  dobj   NOUN   NN   coup
        in          3  prep   ADP    IN   in
        Niamey      4  pobj   PROPN  NNP  Niamey
        .           1  punct  PUNCT  .    .
        """,
        [(0, 1, "KG_Capital", "wd:Q61"), (5, 6, "KG_Capital", "wd:Q3674")],
    ),
}


def parsed(name: str, ents: list[Entity] | None = None) -> Doc:
    """A fresh `Doc` of the named sentence; `ents` replaces its entities when given."""
    text, table, found = PARSES[name]
    return from_table(text, table, found if ents is None else ents)
