"""Names the statistical model found: mended spans, people joined by surname, organisations
typed by the words in their name, and the model's accidents left out."""

from __future__ import annotations

import re
from collections import Counter
from typing import Final

from spacy.tokens import Doc, Span, Token

from kg.nlp.gazetteer import Gazetteer
from kg.nlp.headline import DATELINE, doc_text, find_title
from kg.nlp.load import CAPITAL_LABEL, DEMONYM_LABEL, LABEL_PREFIX, NAME_PART_LABEL
from kg.resolve.actors import Collector, clean_surface, is_noise
from kg.text import slugify
from kg.vocab import ActorClass

_NOT_NAMES = frozenset(
    {
        "state",
        "states",
        "junta",
        "juntas",
        "coup",
        "coups",
        "government",
        "army",
        "troops",
        "president",
        "minister",
        "ministry",
        "military",
        "forces",
        "rebels",
        "jihadists",
        "senate",
        "parliament",
        "west",
        "east",
        "north",
        "south",
        "leaders",
        "officials",
        "advertisement",
        "share",
        "reuters",
        "photo",
        "file",
        "video",
        "read",
        "related",
        "defense",
        "defence",
        "security",
        "nations",
        "party",
    }
)
_DANGLING = frozenset({"of", "for", "the", "and", "de", "du", "des", "la", "le"})
Candidate = tuple[int, int, str, str]
"""A model entity after repairs: token start, end, text, NER label."""


def repair_spans(doc: Doc) -> list[Candidate]:
    """Mend model entities the gazetteer ruler cut short ("Volunteers for the Defense of"
    + "Niger") or took over ("Victoria" the capital + "Nuland" is a person)."""
    ents = list(doc.ents)
    repaired: list[Candidate] = []
    skip_until = -1
    for index, ent in enumerate(ents):
        if ent.start < skip_until:
            continue
        dash = next(
            (
                t.i
                for t in ent
                if t.text in ("-", "–", "—") and t.i > ent.start and doc[t.i - 1].whitespace_
            ),
            None,
        )
        if dash is not None:  # "NEW YORK - Tens of thousands": a dateline, then the story
            if ent.label_ in ("ORG", "PERSON", "GPE", "LOC"):
                repaired.append((ent.start, dash, doc[ent.start : dash].text, "GPE"))
            continue
        following = ents[index + 1] if index + 1 < len(ents) else None
        if (
            ent.label_ in ("ORG", "PERSON", "FAC", "GPE")
            and doc[ent.end - 1].lower_ in _DANGLING
            and following is not None
            and following.start == ent.end
        ):
            repaired.append(
                (ent.start, following.end, doc[ent.start : following.end].text, ent.label_)
            )
            skip_until = following.end
            continue
        if ent.label_ in (CAPITAL_LABEL, LABEL_PREFIX + ActorClass.PLACE.value) and ent.end < len(
            doc
        ):
            nxt = doc[ent.end]
            if (
                nxt.pos_ == "PROPN"
                and nxt.is_title
                and nxt.ent_type_ in ("", "PERSON")
                and not ent.text.isupper()
            ):
                end = ent.end + 1
                while (
                    end < len(doc)
                    and doc[end].pos_ == "PROPN"
                    and doc[end].is_title
                    and not doc[end].ent_type_
                ):
                    end += 1
                if ent.start > 0 and doc[ent.start - 1].pos_ == "ADP":
                    # "ambassador to Moscow Salah Bassiouni": the place, then a person
                    repaired.append((ent.start, ent.end, ent.text, ent.label_))
                    if end - ent.end > 1:
                        repaired.append((ent.end, end, doc[ent.end : end].text, "PERSON"))
                else:
                    repaired.append((ent.start, end, doc[ent.start : end].text, "PERSON"))
                skip_until = end
                continue
        if (
            ent.label_ == DEMONYM_LABEL
            and following is not None
            and following.start == ent.end
            and following.label_ in ("ORG", "FAC")
        ):  # "Danish" + "Institute for International Studies"
            repaired.append((ent.start, following.end, doc[ent.start : following.end].text, "ORG"))
            skip_until = following.end
            continue
        owner = _person_owner(doc, ent)
        if owner is not None:  # "Craxi's Socialist Party": the person, then the party
            repaired.append((ent.start, owner, doc[ent.start : owner].text, "PERSON"))
            label = "ORG" if ent.label_ == "PERSON" else ent.label_
            repaired.append((owner + 1, ent.end, doc[owner + 1 : ent.end].text, label))
            continue
        if following is not None and _names_an_organization(ent, following):
            # "Japan" + "Socialist Party", "Tehran" + "Radio": the ruler took the firm's
            # first word for the State, and left the rest a part of a name
            repaired.append((ent.start, following.end, doc[ent.start : following.end].text, "ORG"))
            skip_until = following.end
            continue
        repaired.append((ent.start, ent.end, ent.text, ent.label_))
    return [_as_place_if_named_so(doc, c) for c in repaired]


def _people_abroad(doc: Doc, start: int, state: str, gazetteer: Gazetteer) -> bool:
    """Whether a people's name is of a people in another State ("Bosnian Serbs", "Iraqi
    Kurds", "Turkish Cypriots"): another State's demonym before it makes them a
    community there, for whom the State of their name does not speak."""
    if start == 0:
        return False
    before = doc[start - 1]
    other = gazetteer.demonyms.get(before.text) or gazetteer.surface_index.get(before.text)
    return other is not None and other != state and before.ent_type_ != ""


def _person_owner(doc: Doc, ent: Span) -> int | None:
    """The index of the "'s" inside a model entity whose first words are a person the
    text names elsewhere ("Craxi's Socialist Party" beside "Bettino Craxi"): the entity
    is that person's body, not one name. A firm named for its founder ("McDonald's
    Corp") is named nowhere else as a person."""
    if ent.label_ not in ("ORG", "FAC", "PERSON", "GPE") or len(ent) < 3:
        return None
    cut = next((t.i for t in ent[1:-1] if t.lower_ in ("'s", "’s")), None)
    if cut is None:
        return None
    before = doc[ent.start : cut].text
    people = [e for e in doc.ents if e.label_ == "PERSON" and e.start != ent.start]
    if any(before in (e.text, e[-1].text) for e in people):
        return cut
    return None


_ORGANIZATION_HEADS = frozenset(
    {
        "agency",
        "airlines",
        "airways",
        "association",
        "bank",
        "chamber",
        "company",
        "corporation",
        "council",
        "federation",
        "front",
        "industry",
        "institute",
        "movement",
        "office",
        "party",
        "radio",
        "service",
        "television",
        "union",
    }
)
"""Last words of an organisation's name that a State's name may open ("Japan Socialist
Party", "Surinam News Agency", "Japan Chamber of Commerce and Industry")."""


def _names_an_organization(ent: Span, following: Span) -> bool:
    return (
        ent.label_ in (LABEL_PREFIX + ActorClass.STATE.value, CAPITAL_LABEL)
        and following.start == ent.end
        and following.label_ == NAME_PART_LABEL
        and following[0].is_title
        and ent[-1].whitespace_ == " "
        and following[-1].lower_ in _ORGANIZATION_HEADS
    )


def state_mentions(doc: Doc) -> Counter[str]:
    """How often each State is named, by its name or a demonym, in the mended spans the
    resolver reads: a demonym opening a company's name ("American Motors Corp") names no
    State, so it cannot make one the focus of an article that never mentions it."""
    state_labels = (LABEL_PREFIX + ActorClass.STATE.value, DEMONYM_LABEL)
    return Counter(
        doc[start].ent_id_ for start, _, _, label in repair_spans(doc) if label in state_labels
    )


PLACE_NOUNS = frozenset(
    {
        "village",
        "villages",
        "town",
        "towns",
        "city",
        "cities",
        "region",
        "regions",
        "province",
        "provinces",
        "district",
        "districts",
        "commune",
        "communes",
        "area",
        "department",
        "county",
        "island",
        "islands",
        "oasis",
        "port",
        "ports",
        "oilfield",
        "oilfields",
        "governorate",
        "prefecture",
        "peninsula",
        "valley",
    }
)


def _as_place_if_named_so(doc: Doc, candidate: Candidate) -> Candidate:
    """ "between Boni and Torodi villages", "the oasis of Faya-Largeau": a name that a place
    noun governs is a Place, and so is a name coordinated with one ("Misamis Occidental
    and Davao del Sur provinces")."""
    start, end, text, label = candidate
    head = doc[start:end].root
    if label == "NORP" and _governed_by_place_noun(head):
        return (start, end, text, "GPE")  # "the island of Islay"
    if label not in ("PERSON", "ORG"):
        return candidate
    for token in (head.head, *(doc[i] for i in range(end, min(end + 3, len(doc))))):
        if token.lower_ in PLACE_NOUNS and (
            token.i in (head.head.i, end) or token.head.i == head.head.i
        ):
            return (start, end, text, "GPE")
    if any(_governed_by_place_noun(t) for t in (head, *head.conjuncts)) or any(
        t.lower_ in PLACE_NOUNS and t.tag_ == "NNS" for t in head.conjuncts
    ):  # "X and Y provinces", parsed as "X" and "Y provinces"
        return (start, end, text, "GPE")
    return candidate


def _governed_by_place_noun(token: Token) -> bool:
    governor = token.head
    if token.dep_ in ("compound", "nmod", "amod") and governor.i > token.i:
        return governor.lower_ in PLACE_NOUNS and governor.pos_ == "NOUN"
    if token.dep_ in ("pobj", "appos") and governor.lower_ == "of":
        return governor.head.lower_ in PLACE_NOUNS and governor.head.pos_ == "NOUN"
    if token.dep_ == "pobj" and governor.lower_ == "at":  # "Iran's oilfields at Nowruz"
        return (
            governor.head.lower_ in PLACE_NOUNS
            and governor.head.pos_ == "NOUN"
            and governor.head.tag_ == "NNS"
        )
    return False


def unlabelled_people(doc: Doc, gazetteer: Gazetteer) -> list[Candidate]:
    """Names the model missed but a title vouches for: "Mucahid Durmaz, senior analyst at"."""
    found: list[Candidate] = []
    i = 0
    while i < len(doc):
        j = i
        while (
            j < len(doc)
            and j - i < 3
            and doc[j].pos_ == "PROPN"
            and doc[j].is_title
            and not doc[j].ent_type_
        ):
            j += 1
        if j - i >= 2 and (j == len(doc) or not (doc[j].pos_ == "PROPN" and doc[j].is_title)):
            after = doc[j + 1 : j + 5] if j < len(doc) and doc[j].text == "," else doc[j:j]
            words = [t.lower_ for t in after if t.lower_ not in ("a", "an", "the")]
            titled = any(" ".join(words[:n]) in gazetteer.roles for n in (1, 2, 3))
            if titled and (i == 0 or not doc[i - 1].is_title):
                found.append((i, j, doc[i:j].text, "PERSON"))
            i = j
        i += 1
    return found


def unlabelled_surnames(doc: Doc) -> list[Candidate]:
    """Surnames the model missed of people it found by their full names: "Nakasone said he
    had instructed his party" in a story that opened with "Prime Minister Yasuhiro
    Nakasone"."""
    surnames = {
        ent[-1].text
        for ent in doc.ents
        if ent.label_ == "PERSON" and len(ent) >= 2 and ent[-1].is_title and len(ent[-1]) > 2
    }
    return [
        (t.i, t.i + 1, t.text, "PERSON")
        for t in doc
        if t.text in surnames
        and not t.ent_type_
        and t.pos_ == "PROPN"
        and not (t.i + 1 < len(doc) and doc[t.i + 1].pos_ == "PROPN" and doc[t.i + 1].is_title)
        and not (t.i > 0 and doc[t.i - 1].pos_ == "PROPN" and doc[t.i - 1].is_title)
    ]


def _headline_only(doc: Doc) -> set[int]:
    """Tokens of the article's title line, and of Title Case lines ("Sharon Pushes Gaza
    Plan") anywhere, whose words recur nowhere else: a headline's capitals make no name,
    so a name in one needs a gazetteer entry (resolved before this) or the body's support.
    """
    title = find_title(doc_text(doc))
    body_words: set[str] = set()
    headline: list[Span] = []
    for sent in doc.sents:
        words = [t for t in sent if t.is_alpha and len(t) > 3]
        # "Canadian Press - HALIFAX (CP) -": a credit and dateline, not a headline
        last = next((t for t in reversed(sent) if not t.is_space), sent[-1])  # not the "\n"
        unpunctuated = last.text not in (".", "!", "?", "”", '"', "-", "--", "—", "–")
        capitalised = sum(t.is_title or t.is_upper for t in words) >= 0.7 * len(words)
        in_title = title is not None and sent.start_char < title[1]
        if in_title or (len(words) >= 3 and unpunctuated and capitalised and _whole_line(sent)):
            headline.append(sent)
        else:
            body_words.update(t.text for t in sent)
    return {t.i for sent in headline for t in sent if t.text not in body_words}


def _whole_line(sent: Span) -> bool:
    """Whether a sentence is a line of its own, as a headline is, and not a fragment the
    parser cut from a sentence ("Economy Minister Youssri Mustapha," before "who ...")."""
    doc = sent.doc
    starts = sent.start == 0 or "\n" in doc[sent.start - 1].text_with_ws
    ends = sent.end == len(doc) or "\n" in doc[sent.end - 1].text_with_ws or doc[sent.end].is_space
    return starts and ends


def _title_only(doc: Doc, start: int, end: int, title_end: int, text: str) -> bool:
    """Whether a name in the article's title line (which ends at `title_end`) is one the
    body never writes ("Jakarta Embassy" where the body has "the Australian Embassy in
    Jakarta"): the title's capitals, not the article, made it a name. `text` is
    `doc.text`."""
    if doc[start].idx >= title_end:
        return False
    return text.find(doc[start:end].text, title_end) < 0


def _not_a_name(span: Span, surface: str, gazetteer: Gazetteer, headline_only: set[int]) -> bool:
    """Layout and grammar accidents the model tags as names."""
    if not any(t.pos_ == "PROPN" for t in span):
        return True  # "Kidnappers", "Gunmen": common nouns
    if surface.isupper() and len(surface) > 4:
        return True  # "BAY NAVAL BASE", "NATIONS": shouted layout, datelines, fragments
    if surface.split()[-1].lower() in gazetteer.non_actor_words:
        return True  # "Athens Games", "Yom Kippur": events and documents
    if surface.lower() in gazetteer.roles:
        return True  # "Takako Doi, Chairwoman of ...": a title, not a name
    return any(t.i in headline_only for t in span)


_DATELINE_MIN_LETTERS: Final = 3
_AGENCY_WORDS: Final = frozenset(
    {"ap", "afp", "upi", "cns", "dpa", "efe", "ansa", "tass", "xinhua", "reuters", "kyodo"}
)


def _dateline_starts(text: str) -> tuple[int, ...]:
    """Where a dateline may stand: the text's start, and the second paragraph's when the
    first is one line (a title, whether or not it ends in "..." or "?").

    >>> _dateline_starts("Title ...\\n\\nROME - Text.")
    (0, 11)
    >>> _dateline_starts("One line.\\nAnother line.\\n\\nMore.")
    (0,)
    """
    head, brk, rest = text.partition("\n\n")
    if not brk or "\n" in head.strip():
        return (0,)
    return 0, len(text) - len(rest.lstrip())


def add_dateline(doc: Doc, collector: Collector) -> None:
    """The city of the article's dateline, a Place (as the gazetteer types it when it knows
    it), and its region or country when in capitals too: a dateline's capitals are layout,
    so the model, which reads them as a shout, would drop them. The dateline opens the
    text, or the paragraph under its title line; a digest of stories opens each later
    paragraph with one of its own ("BEIRUT - Syria intervened"), always with a dash."""
    text = doc_text(doc)
    opening = _opening_dateline(text)
    if opening is not None:
        _add_dateline_places(doc, opening, collector, known_only=False)
    for paragraph in _PARAGRAPH_START.finditer(text, 1):
        found = DATELINE.match(text, paragraph.end())
        if found is not None and not found.group().rstrip().endswith(":"):
            # a capitalised paragraph opening may be a notice ("UPDATE - "): known places only
            _add_dateline_places(doc, found, collector, known_only=True)


_PARAGRAPH_START: Final = re.compile(r"\n\s*")


def dateline_region(text: str) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """The character spans of the opening dateline's city and of the region or country
    it names after a comma, which is where the city lies.

    >>> text = "Title\\n\\nNAJAF, Iraq (Reuters) - Fighting went on."
    >>> [text[a:b] for a, b in dateline_region(text)]
    ['NAJAF', 'Iraq']
    >>> dateline_region("ROME, Feb 27 -\\nLeaders met.") is None
    True
    """
    found = _opening_dateline(text)
    if found is None or found.group("region") is None:
        return None
    return found.span("city"), found.span("region")


def _opening_dateline(text: str) -> re.Match[str] | None:
    """The dateline that opens the text or its second paragraph (`_dateline_starts`)."""
    for start in _dateline_starts(text):
        found = DATELINE.match(text, start)
        if found is not None:
            return found
    return None


def dateline_city(text: str) -> str | None:
    """The opening dateline's city as a name ("ROME, March 5 -" gives "Rome"): where the
    wire filed the story from.

    >>> dateline_city("Title\\n\\nTOKYO, March 27 - Foreign Minister X will go.")
    'Tokyo'
    >>> dateline_city("Leaders met on Monday.") is None
    True
    """
    found = _opening_dateline(text)
    return None if found is None else _capitalised(found.group("city"))


def _add_dateline_places(
    doc: Doc, found: re.Match[str], collector: Collector, *, known_only: bool
) -> None:
    for group in ("city", "region"):
        text = found.group(group)
        if text is None or (not text.isupper() and group == "region"):
            continue
        letters = sum(c.isalpha() for c in text)
        if letters < _DATELINE_MIN_LETTERS or text.casefold() in _AGENCY_WORDS:
            return
        span = doc.char_span(found.start(group), found.end(group), alignment_mode="expand")
        if span is not None:
            # "TONY EASTLEY: An Australian journalist ...": a transcript's speaker
            # takes a colon too, so after one only a place the gazetteer knows
            colon = found.group().rstrip().endswith(":") and found.end(group) + 2 >= found.end()
            _add_place(span, _capitalised(text), collector, known_only=colon or known_only)


def _capitalised(text: str) -> str:
    """ "KUWAIT CITY" as "Kuwait City", "N'DJAMENA" as "N'Djamena".

    >>> _capitalised("KUWAIT CITY"), _capitalised("N'DJAMENA"), _capitalised("ST. PAUL")
    ('Kuwait City', "N'Djamena", 'St. Paul')
    """
    return re.sub(r"[^\W\d_]+", lambda m: m.group().capitalize(), text)


def _add_place(span: Span, name: str, collector: Collector, *, known_only: bool) -> None:
    gazetteer = collector.gazetteer
    known = gazetteer.surface_index.get(name) or gazetteer.folded_index.get(name.casefold())
    if known is not None:
        cls = gazetteer.entries[known].cls
        if cls is ActorClass.STATE or cls is ActorClass.PLACE:
            collector.add((span.start, span.end, name), known, cls)
        return
    if not known_only:
        collector.add((span.start, span.end, name), f"name:{slugify(name)}", ActorClass.PLACE)


def add_model_entities(doc: Doc, model: list[Candidate], collector: Collector) -> None:
    gazetteer = collector.gazetteer
    add_dateline(doc, collector)
    headline_only = _headline_only(doc)
    article_text = doc_text(doc)
    title = find_title(article_text)
    title_end = title[1] if title is not None else 0
    persons: list[tuple[Candidate, str]] = []
    others: list[Candidate] = []
    in_title: list[Candidate] = []
    not_actors = named_things(article_text)
    for candidate in model:
        start, end, text, label = candidate
        surface = clean_surface(text)
        if label in ("GPE", "LOC") and _titled_person(surface, gazetteer):
            candidate = (start, end, text, label := "PERSON")
        known = gazetteer.surface_index.get(surface) or gazetteer.folded_index.get(
            surface.casefold()
        )
        if known is None and label == "ORG":
            known = headless_name(surface, gazetteer)
        if known is not None:
            collector.add((start, end, text), known, gazetteer.entries[known].cls)
        elif (state := _demonym_state(surface, gazetteer)) and not _people_abroad(
            doc, start, state, gazetteer
        ):
            # "the Palestinians reject ...", "Nigeriens": the people speak for their State
            collector.add((start, end, text), state, ActorClass.STATE, demonym=True)
        elif party := _party(doc, start, end, gazetteer):
            first, name = party
            full = f"{name.removesuffix('s')} Party"  # "Socialists": the "Socialist Party"
            if full in article_text:
                collector.add(doc[first:end], f"name:{slugify(full)}", ActorClass.ORGANIZATION)
                continue
            key = f"party:{collector.result.focus_state or ''}:{slugify(name)}"
            if collector.add(doc[first:end], key, ActorClass.ORGANIZATION):
                collector.labels.setdefault(key, name)
        elif (
            label == "NORP"
            or surface in not_actors
            or is_noise(surface)
            or surface.casefold() in _NOT_NAMES
            or _not_a_name(doc[start:end], surface, gazetteer, headline_only)
            or _title_only(doc, start, end, title_end, article_text)
        ):
            continue
        elif doc[start].idx < title_end:
            in_title.append(candidate)
        elif label == "PERSON":
            name = _person_name(text, gazetteer.honorifics)
            if name and not is_noise(name):
                persons.append((candidate, name))
        else:
            others.append(candidate)
    surnames = {name.split()[-1] for _, name in persons if len(name.split()) > 1}
    acronyms = {
        **spelled_out([clean_surface(c[2]) for c in others]),
        **defined_acronyms(article_text),
    }
    typed: list[tuple[Candidate, str, ActorClass]] = []
    for candidate in others:
        start, end, text, label = candidate
        surface = clean_surface(text)
        if surface in surnames:  # "Bazoum" tagged ORG where "Mohamed Bazoum" is named
            persons.append((candidate, surface))
        else:
            name = acronyms.get(surface, surface)  # "LDP" after "Liberal Democratic Party (LDP)"
            kind = _organization_class(name, gazetteer)
            if kind is None:
                kind = ActorClass.ORGANIZATION if label == "ORG" else ActorClass.PLACE
            typed.append((candidate, name, kind))
    full_names = [
        (m.text, m.key, collector.classes[m.key])
        for m in collector.result.mentions
        if not m.demonym
    ]
    full_names += [
        (gazetteer.entries[k].name, k, c)
        for k, c in collector.classes.items()
        if k in gazetteer.entries
    ]
    full_names += [(name, f"name:{slugify(name)}", kind) for _, name, kind in typed]
    shorts = short_forms(full_names)
    kinds = {key: cls for _, key, cls in full_names}
    for (start, end, text, _), name, kind in typed:
        key = f"name:{slugify(name)}"
        if name in shorts:  # "the Community" where the article names the European Community
            key = shorts[name]
            kind = kinds[key]
        collector.add((start, end, text), key, kind)
    _add_persons(persons, collector)
    _add_title_names(in_title, collector)


_GENERIC_HEADS: Final = frozenset(
    {
        "agency",
        "association",
        "commission",
        "council",
        "fund",
        "organisation",
        "organization",
        "programme",
        "program",
    }
)
"""Last words of a body's name that a writer may leave off ("The International Atomic
Energy's board" for the International Atomic Energy Agency)."""


def headless_name(surface: str, gazetteer: Gazetteer) -> str | None:
    """The key of the one bloc or organisation whose name is `surface` and a generic last
    word ("International Atomic Energy" + "Agency"), if one is; a name of one or two words
    leaves too little to tell ("World" + "Bank", "African Development" + "Bank" or "Fund").

    >>> from kg.nlp.gazetteer import load_gazetteer
    >>> from kg.config import ONTOLOGY_DIR
    >>> gazetteer = load_gazetteer(ONTOLOGY_DIR)
    >>> headless_name("International Atomic Energy", gazetteer)
    'wd:Q41984'
    >>> headless_name("National Liberation", gazetteer) is None
    True
    """
    if len(surface.split()) < 3:
        return None
    found = {
        gazetteer.surface_index[name]
        for head in _GENERIC_HEADS
        for name in (f"{surface} {head.capitalize()}", f"{surface} {head}")
        if name in gazetteer.surface_index
    }
    if len(found) != 1:
        return None
    key = found.pop()
    cls = gazetteer.entries[key].cls
    return key if cls in (ActorClass.BLOC, ActorClass.ORGANIZATION) else None


_SHORTENED: Final = frozenset({ActorClass.BLOC, ActorClass.ARMED_GROUP, ActorClass.ORGANIZATION})
"""Classes of the names an article shortens to their last words ("the Community" for the
European Community, "the Agency", "the Front"); a State's or a place's last word is
another name ("Africa" of "South Africa", "Asia" of "Central Asia")."""


def short_forms(names: list[tuple[str, str, ActorClass]]) -> dict[str, str]:
    """The short forms of the article's `names` (name, key, class), each with the key of
    the one actor it can be: the last words of a bloc's, an armed group's or an
    organisation's name ("Community" of "European Community"), and a part of a hyphenated
    place's name ("Faya" of "Faya-Largeau"). A form two actors share is left out.

    >>> bloc, place = ActorClass.BLOC, ActorClass.PLACE
    >>> short_forms([("European Community", "ec", bloc), ("Faya-Largeau", "faya", place)])
    {'Community': 'ec', 'Faya': 'faya', 'Largeau': 'faya'}
    >>> short_forms([("African Union", "au", bloc), ("European Union", "eu", bloc)])
    {}
    """
    found: dict[str, set[str]] = {}
    for name, key, cls in names:
        words = name.split()
        forms: list[str] = []
        if cls in _SHORTENED and len(words) > 1:
            forms = [" ".join(words[i:]) for i in range(1, len(words)) if words[i][:1].isupper()]
        elif cls is ActorClass.PLACE and len(words) == 1 and "-" in name.strip("-"):
            forms = [part for part in name.split("-") if part[:1].isupper()]
        for form in forms:
            if sum(c.isalpha() for c in form) >= 3:
                found.setdefault(form, set()).add(key)
    return {form: next(iter(keys)) for form, keys in found.items() if len(keys) == 1}


_DEFINITION: Final = re.compile(
    r"(?P<name>[A-Z][\w'’.&-]*(?: (?:[A-Z][\w'’.&-]*|of|and|the|for|de))*) \((?P<short>[A-Z]{2,8})\)"
)


def defined_acronyms(text: str) -> dict[str, str]:
    """Acronyms the text defines in brackets after a name, with the name they stand for.

    >>> defined_acronyms("his ruling Liberal Democratic Party (LDP) said. The LDP won.")
    {'LDP': 'Liberal Democratic Party'}
    >>> defined_acronyms("Chief of Army Staff (COAS) and Dec 31 (AP)")
    {'COAS': 'Chief of Army Staff'}
    """
    found: dict[str, str] = {}
    for match in _DEFINITION.finditer(text):
        words, short = match.group("name").split(), match.group("short")
        for first in range(len(words)):
            capitals = "".join(w[0] for w in words[first:] if w[0].isupper())
            every = "".join(w[0] for w in words[first:]).upper()  # "Chief of Army Staff"
            if short in (capitals, every) and words[first][0].isupper():
                found.setdefault(short, " ".join(words[first:]))
                break
    return found


def spelled_out(names: list[str]) -> dict[str, str]:
    """Acronyms among `names` that spell the capitals of another of them ("LDP" where the
    article names the "Liberal Democratic Party"), when one name alone fits.

    >>> spelled_out(["LDP", "Liberal Democratic Party", "MITI"])
    {'LDP': 'Liberal Democratic Party'}
    """
    by_initials: dict[str, set[str]] = {}
    for name in names:
        words = name.split()
        if len(words) > 1:
            capitals = "".join(w[0] for w in words if w[0].isupper())
            by_initials.setdefault(capitals, set()).add(name)
    found: dict[str, str] = {}
    for name in names:
        full = by_initials.get(name, set()) if name.isupper() else set()
        if len(full) == 1:
            found[name] = next(iter(full))
    return found


_THING_NAMES: Final = (
    # "Hurricane Ivan ... Ivan has killed": a storm
    re.compile(r"\b(?:[Hh]urricane|[Tt]yphoon|[Cc]yclone|[Tt]ropical [Ss]torm) ([A-Z][\w'’-]+)"),
    # "the Iranian tanker Avaj", "the submarine HMCS Chicoutimi": a ship
    re.compile(
        r"\b(?:tanker|supertanker|ship|vessel|frigate|destroyer|freighter|warship|cruiser"
        r"|submarine|ferry|carrier|trawler) ([A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,3})"
    ),
    # "Qassam rockets", "Scud missiles": a weapon
    re.compile(r"\b([A-Z][\w'’-]+) (?:rockets?|missiles?|rifles?)\b"),
)


_SHIP_LIST: Final = re.compile(
    r"\b(?:tankers|supertankers|ships|vessels|frigates|destroyers|freighters|warships|cruisers"
    r"|submarines|ferries|carriers|trawlers) ((?:[A-Z][\w'’.-]*,? )+and [A-Z][\w'’.-]*)"
)
"""A list of ships: "the destroyers Kidd, Young, Leftwich and Hoel fired"."""


def named_things(text: str) -> frozenset[str]:
    """Names the text gives storms, ships and weapons, which the model takes for people,
    firms or places.

    >>> sorted(named_things("Hurricane Ivan hit. The tanker Sea Isle City and two Qassam rockets."))
    ['Ivan', 'Qassam', 'Sea Isle City']
    >>> sorted(named_things("the destroyers Kidd, Young, Leftwich and Hoel fired"))
    ['Hoel', 'Kidd', 'Leftwich', 'Young']
    """
    found = {m.group(1) for pattern in _THING_NAMES for m in pattern.finditer(text)}
    for listed in _SHIP_LIST.finditer(text):
        names = re.split(r",? and |, ", listed.group(1))
        if not any(name.casefold() in _CALENDAR_WORDS for name in names):
            found.update(names)  # not "tankers Saturday and Iran": a date, then the next clause
    return frozenset(found)


_CALENDAR_WORDS: Final = frozenset(
    {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
    | {"january", "february", "march", "april", "may", "june", "july", "august"}
    | {"september", "october", "november", "december", "today", "yesterday", "tomorrow"}
)


def _add_title_names(in_title: list[Candidate], collector: Collector) -> None:
    """Names in the title line that the gazetteer does not know: each is the actor the
    body names in the same words (or the one person whose surname it is), with the body's
    key and class, or nothing. A headline
    is too short and too shouted for its own reading ("Diamond Shamrock" a Person,
    "Hall" a second firm beside the body's "Frank B. Hall and Co") to add an actor."""
    body_keys: dict[str, str] = {}
    surnames: dict[str, set[str]] = {}
    for mention in collector.result.mentions:
        if not mention.demonym:
            body_keys.setdefault(mention.text.casefold(), mention.key)
        if mention.key in collector.result.person_keys and " " in mention.text:
            surnames.setdefault(mention.text.split()[-1].casefold(), set()).add(mention.key)
    for surname, keys in surnames.items():
        if len(keys) == 1:  # "MIYAZAWA SAYS ..." over "Kiichi Miyazawa said"
            body_keys.setdefault(surname, next(iter(keys)))
    for start, end, text, _ in in_title:
        key = body_keys.get(clean_surface(text).casefold())
        if key is not None:
            collector.add((start, end, text), key, collector.classes[key])


def _organization_class(name: str, gazetteer: Gazetteer) -> ActorClass | None:
    """Type a name the gazetteer does not know by the words in it ("... Militia",
    "14 North Strategies"); None when no word tells."""
    lowered = f" {name.lower()} "
    if name.lower() in gazetteer.institution_names:
        return ActorClass.GOVERNMENT  # "Supreme Court", "Federal Reserve"
    if _an_officials_office(name, gazetteer):
        return ActorClass.GOVERNMENT  # "the U.S. Trade Representative's Office"
    for keyword, cls in gazetteer.organization_kinds:
        if f" {keyword} " in lowered:
            return cls
    return None


_OFFICE: Final = re.compile(
    r"(?:(?P<owner>.+?)['’]s? Office|Office of (?:the )?(?P<title>.+))", re.IGNORECASE
)


def _an_officials_office(name: str, gazetteer: Gazetteer) -> bool:
    """ "U.S. Trade Representative's Office", "Office of the Prime Minister": the office of
    an official's title is a body of the State, not a firm.

    >>> from kg.nlp.gazetteer import load_gazetteer
    >>> from kg.config import ONTOLOGY_DIR
    >>> gazetteer = load_gazetteer(ONTOLOGY_DIR)
    >>> _an_officials_office("U.S. Trade Representative's Office", gazetteer)
    True
    >>> _an_officials_office("Office of the Prime Minister", gazetteer)
    True
    >>> _an_officials_office("Ralph Nader's Office", gazetteer)
    False
    """
    found = _OFFICE.fullmatch(name)
    if found is None:
        return False
    words = (found.group("owner") or found.group("title")).lower().split()
    for size in range(min(len(words), _TITLE_WORDS), 0, -1):
        role = gazetteer.roles.get(" ".join(words[-size:]))
        if role is not None:
            return role.person_class is ActorClass.OFFICIAL
    return False


_TITLE_WORDS: Final = 4


def _party(doc: Doc, start: int, end: int, gazetteer: Gazetteer) -> tuple[int, str] | None:
    """Where the name of a party's members starts and the party, named as its members'
    plural ("the Christian Democrats demanded", "Republican stalling tactics"); the model
    may split the name ("Christian" + "Democrats"). A singular before a place is a
    regime's epithet, not a party ("Communist China")."""
    for first in (start - 1, start) if start else (start,):
        surface = doc[first:end].text
        party = gazetteer.party_members.get(surface.lower())
        if party is not None and surface[:1].isupper():
            break
    else:
        return None
    if surface.lower() != party.lower() and end < len(doc):
        after = doc[end].ent_type_
        if after.startswith(LABEL_PREFIX) or after in ("GPE", "LOC"):
            return None
    return first, party


def _titled_person(surface: str, gazetteer: Gazetteer) -> bool:
    """ "Prince Charles", "Sheikh Hasina": an honorific makes the model's place a person
    (not "Prince Edward Island").

    >>> from kg.nlp.gazetteer import load_gazetteer
    >>> from kg.config import ONTOLOGY_DIR
    >>> gazetteer = load_gazetteer(ONTOLOGY_DIR)
    >>> _titled_person("Prince Charles", gazetteer), _titled_person("Prince Edward Island", gazetteer)
    (True, False)
    """
    words = surface.split()
    return (
        len(words) > 1
        and words[0] in gazetteer.honorifics
        and words[-1].lower() not in PLACE_NOUNS
        and words[-1].lower() not in ("island", "islands", "bay", "sound")
    )


def _demonym_state(surface: str, gazetteer: Gazetteer) -> str | None:
    """The State a demonym names, singular or plural ("Malian", "Nigeriens")."""
    for form in (surface, surface[:-1], surface[:-2]):
        if form and form in gazetteer.demonyms:
            return gazetteer.demonyms[form]
    return None


def _add_persons(persons: list[tuple[Candidate, str]], collector: Collector) -> None:
    full_names = {name for _, name in persons if len(name.split()) > 1}
    by_surname: dict[str, set[str]] = {}
    for name in full_names:
        by_surname.setdefault(name.split()[-1], set()).add(name)
    known: dict[str, str] = {}  # surname of a gazetteer office holder named here -> key
    for key in collector.result.person_keys:
        entry = collector.gazetteer.entries.get(key)
        if entry is not None:
            known.setdefault(entry.name.split()[-1], key)
    for (start, end, text, _), name in sorted(persons, key=lambda p: p[0][0]):
        if len(name.split()) == 1 and name in known and name not in by_surname:
            collector.add((start, end, text), known[name], ActorClass.OFFICIAL)
            continue  # "Tchiani" after "Abdourahmane Tchiani" (a known office holder)
        candidates = by_surname.get(name, set()) if len(name.split()) == 1 else {name}
        canonical = next(iter(candidates)) if len(candidates) == 1 else name
        key = f"name:{slugify(canonical)}"
        if collector.add((start, end, text), key, ActorClass.PERSON):
            collector.forms.setdefault(key, []).append(canonical)
            collector.result.person_keys.add(key)


def _person_name(text: str, honorifics: frozenset[str]) -> str:
    words = clean_surface(text).split()
    while words and words[0] in honorifics:
        words = words[1:]
    return " ".join(words)
