"""Actors: who acted in an event, normalised to simple names.

Sources, in ``<lang>.actors.yaml``: people and organs of a state (-> the state),
capitals used for their state ("Ankara says"), armed groups with aliases, and
generic nouns ("gunmen"). The gazetteer adds demonyms ("Russian forces" ->
Russia, via ``Toponym.adjectival``) and country names used as subjects
("Turkey and Russia agreed"). "The two presidents" refers back to the last two
states named in the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from gazetteer.records import Toponym
from geomap.events.inter import ActorTypes
from geomap.events.lexicon import Lexicon, compile_phrases
from geomap.events.tokens import Span, word_set

#: Words before a place name that make it a location, not an actor.
_PLACE_PREPS = ("from", "of", "via", "against", "toward", "towards", "between", "to")
_PLACE_MODIFIERS = frozenset(
    "the a an northern southern eastern western central north-eastern north-western "
    "south-eastern south-western northeastern northwestern southeastern southwestern "
    "upper lower far".split()
)


@dataclass(frozen=True, slots=True)
class ActorMention:
    start: int  # article offsets
    end: int
    text: str
    actor: str  # normalised name
    kind: str  # state, group, generic, demonym, country, metonym, coref

    @property
    def is_state(self) -> bool:
        return self.kind in ("state", "demonym", "country", "metonym", "coref")


def _names_regex(
    table: dict[str, list[str]], flags: int = 0, with_canon: bool = True
) -> tuple[re.Pattern[str] | None, dict[str, str]]:
    index: dict[str, str] = {}
    for canon, names in (table or {}).items():
        for n in [canon, *(names or [])] if with_canon else names or []:
            index.setdefault(str(n).lower() if flags else str(n), canon)
    if not index:
        return None, index
    alts = sorted((re.escape(n) for n in index), key=len, reverse=True)
    return re.compile(rf"(?<![\w-])(?:{'|'.join(alts)})(?![\w-])", flags), index


class ActorFinder:
    """Actor names of a lexicon compiled into regexes."""

    def __init__(self, lexicon: Lexicon) -> None:
        ax = lexicon.actors
        # state names themselves come from the gazetteer (with the place-or-actor test)
        self.states_re, self.states = _names_regex(ax.get("states") or {}, with_canon=False)
        self.groups_re, self.groups = _names_regex(ax.get("groups") or {})
        # "Islamic State-linked insurgents": the fighters are the group's
        self.linked_re = None if self.groups_re is None else re.compile(
            self.groups_re.pattern.replace(r"(?![\w-])", r"(?=-(?:linked|affiliated|aligned)\b)"))
        self.metonyms_re, self.metonyms = _names_regex(ax.get("metonyms") or {}, with_canon=False)
        self.generic_re, self.generic = _names_regex(ax.get("generic") or {}, re.IGNORECASE)
        self.canon = set(ax.get("states") or {}) | set(ax.get("groups") or {})
        self.generic_names = frozenset(ax.get("generic") or {})
        victims = lexicon.cues.get("victims") or {}
        self.victim_re, self.victim_kind = _victims_regex(victims)
        self.branches = {str(g): {str(c): str(b) for c, b in (by or {}).items()}
                         for g, by in (ax.get("branches") or {}).items()}
        codes = {str(k): int(v) for k, v in (ax.get("inter_codes") or {}).items()}
        head_codes = {str(k).lower(): int(v)
                      for k, v in (ax.get("inter_head_codes") or {}).items()}
        de_facto = {str(k): str(v) for k, v in (ax.get("de_facto_states") or {}).items()}
        self.types = ActorTypes(codes, frozenset(str(k) for k in ax.get("states") or {}),
                                head_codes, de_facto)
        cues = lexicon.cues
        preps = [*cues.get("locative", []), *cues.get("near", []), *cues.get("destination", [])]
        # "will visit Kyiv", "shelled Kharkiv": the object of a place verb is a place
        verbs = word_set(cues.get("locative_verbs") or [])
        self.place_preps = word_set(preps) | set(_PLACE_PREPS) | verbs
        self.of_heads = word_set([str(w) for w in ax.get("of_heads") or []])
        self.coref_re = compile_phrases([*(cues.get("actor_coreference") or []),
                                         *(ax.get("coreference") or [])])
        heads = [str(h) for h in ax.get("group_heads") or []]
        self.group_head_re = (
            re.compile(rf"{_CAP_NAME}\s+(?i:{'|'.join(map(re.escape, heads))})\b")
            if heads
            else None
        )

    def last_group(self, text: str, before: int, exclude: list[str] = ()) -> str | None:
        """The armed group named last in ``text`` before offset ``before`` (listed, or a
        name before "cartel", "militia" …), not an international or state force."""
        best: tuple[int, str] | None = None
        head = text[:before]
        for rx in (self.groups_re, self.group_head_re):
            if rx is None:
                continue
            for m in rx.finditer(head):
                name = self.groups.get(m[0]) if rx is self.groups_re else self._head_name(m[0])
                code = self.types.codes.get(name)
                if not name or name in exclude or code == 8 or (
                        code == 1 and name not in self.types.de_facto):
                    continue
                if best is None or m.start() >= best[0]:
                    best = (m.start(), name)
        return best[1] if best else None

    def _head_name(self, t: str) -> str | None:
        words = t.split()
        while words and words[0].lower() in _NOT_NAMES:
            words = words[1:]
        if len(words) < 2:
            return None
        if _STATE_UNIT_WORDS & {w.lower() for w in words}:
            return None  # "the 6th Infantry Brigade": a unit of the army
        name, head = " ".join(words[:-1]), words[-1].lower()
        head = "militia" if head == "militiamen" else head.rstrip("s")
        return self.normalise(name) or f"{name} {head.title()}"

    def first_victim(self, text: str, start: int, end: int) -> str | None:
        """The kind of the first victim word in text[start:end] ("civilian", "military" …)."""
        m = None if self.victim_re is None else self.victim_re.search(text, start, end)
        return None if m is None else self.victim_kind.get(m[0].lower())

    def is_armed_group(self, actor: str) -> bool:
        """Whether an actor is a rebel group or a militia (ACLED types 2, 3 and 4)."""
        return self.types.code(actor, None) in (2, 3, 4)

    def branch(self, actor: str, country: str) -> str:
        """A group's regional branch in a country ("Islamic State" in Nigeria is ISWAP)."""
        return self.branches.get(actor, {}).get(country, actor)

    def normalise(self, name: str) -> str | None:
        """The normalised actor for a name or alias, or None if unknown."""
        for table in (self.states, self.groups, self.metonyms):
            if name in table:
                return table[name]
        if name in self.canon:
            return name
        return self.generic.get(name.lower())

    def find(
        self, span: Span, toponyms: list[Toponym], prior_states: list[str] | None = None
    ) -> list[ActorMention]:
        """Actor mentions in a sentence, in text order, overlaps removed."""
        found: list[ActorMention] = []
        for rx, table, kind, flags in (
            (self.states_re, self.states, "state", 0),
            (self.groups_re, self.groups, "group", 0),
            (self.generic_re, self.generic, "generic", re.I),
        ):
            for s, e, t in span.find(rx):
                if kind == "generic" and t.lower() in _BARE_BACK_REFERENCES and \
                        _INTRODUCED.search(span.text, 0, s - span.start):
                    continue  # "a group of women protested … police arrested the group"
                found.append(ActorMention(s, e, t, table[t.lower() if flags else t], kind))
        for s, e, t in span.find(self.linked_re):
            found.append(ActorMention(s, e, t, self.groups[t], "group"))
        for s, e, t in span.find(self.metonyms_re):
            if not self._after_place_prep(span, s) and not self._listed_place(span, s, toponyms):
                found.append(ActorMention(s, e, t, self.metonyms[t], "metonym"))
        for s, e, t in span.find(self.group_head_re):
            words = t.split()
            while words and words[0].lower() in _NOT_NAMES:
                s += len(words[0]) + 1
                words = words[1:]
            if len(words) < 2 or not (span.text[s - span.start : e - span.start]).strip():
                continue
            name, head = " ".join(words[:-1]), words[-1].lower()
            head = "militia" if head == "militiamen" else head.rstrip("s")
            actor = self.normalise(name) or f"{name} {head.title()}"
            found.append(ActorMention(s, e, " ".join(words), actor, "group"))
        found.extend(self._from_toponyms(span, toponyms))
        if prior_states:
            for s, e, t in span.find(self.coref_re):
                for st in _last_two(prior_states):
                    found.append(ActorMention(s, e, t, st, "coref"))
        return _dedupe(_possessives(span, _owned_generics(span, found)))

    def _from_toponyms(self, span: Span, toponyms: list[Toponym]) -> list[ActorMention]:
        out = []
        prev_place = False  # the toponym before, when coordinated, was a location
        last_end = -1
        for tp in toponyms:
            p = tp.place
            if p is None:
                continue
            coordinated = last_end >= 0 and _coordinated(span, last_end, tp.start)
            if tp.adjectival:
                name = p.name if p.kind == "country" else (p.country or p.name)
                out.append(ActorMention(tp.start, tp.end, tp.text, name, "demonym"))
                prev_place = False
            elif p.kind == "country":
                is_place = self._after_place_prep(span, tp.start) or (coordinated and prev_place)
                if not is_place:
                    out.append(ActorMention(tp.start, tp.end, tp.text, p.name, "country"))
                prev_place = is_place
            else:
                prev_place = True
            last_end = tp.end
        return out

    def _listed_place(self, span: Span, start: int, toponyms: list[Toponym]) -> bool:
        """Whether a name follows a place in a list: "visit Yerevan and Baku"."""
        for _ in range(4):
            prev = [t for t in toponyms if t.end <= start and _coordinated(span, t.end, start)]
            if not prev:
                return False
            start = prev[-1].start
            if self._after_place_prep(span, start):
                return True
        return False

    def _after_place_prep(self, span: Span, start: int) -> bool:
        i = span.tok_at(start) - 1
        while i >= 0 and span.tokens[i].low in _PLACE_MODIFIERS:
            i -= 1  # "in northern Israel", "from the south of" …
        if i >= 1 and span.tokens[i].low == "of" and span.tokens[i - 1].low in self.of_heads:
            return False  # "the foreign ministers of India and China" are actors
        return i >= 0 and span.tokens[i].low in self.place_preps


_CAP_NAME = r"(?-i:[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2})"
#: Merchant ships hit at sea are civilian targets, as ACLED codes them.
_SHIPS = ["ship", "ships", "vessel", "vessels", "tanker", "tankers", "freighter",
          "freighters", "bulk carrier", "cargo ship", "container ship", "merchant ship"]
#: A state's assets across a border: a strike on them is on that state.
_STATE_ASSETS = re.compile(
    r"(?i)\b(?:air ?bases?|airfields?|radars?|(?:ammunition|arms) depots?|military|barracks"
    r"|(?:command|control) posts?|air defen[cs]es?)\b")  # not oil depots: an economy's


def _victims_regex(victims: dict) -> tuple[re.Pattern[str] | None, dict[str, str]]:
    """One regex for the lexicon's victim words (and merchant ships, civilian), with the
    kind of each word."""
    kind: dict[str, str] = {}
    for k, words in victims.items():
        for w in words or []:
            kind.setdefault(str(w).lower(), str(k))
    for w in _SHIPS:
        kind.setdefault(w, "civilian")
    if not kind:
        return None, kind
    alts = sorted((re.escape(w) for w in kind), key=len, reverse=True)
    return re.compile(rf"(?i)\b(?:{'|'.join(alts)})\b"), kind


#: Words of a state force's unit names ("the 6th Infantry Brigade").
_STATE_UNIT_WORDS = frozenset(
    "infantry army marine marines navy naval division artillery police regiment mechanised "
    "mechanized airborne armoured armored commando presidential republican".split())
_NOT_NAMES = frozenset("the a an local rival armed members of some two three several".split())


#: What may stand between a group's name and its unnamed fighters: "TTP militants",
#: "Islamic State-linked insurgents", "Allied Democratic Forces (ADF) rebels".
_LINKED = re.compile(r"(?:-(?:linked|affiliated|aligned))?(?:\s*\(\w[\w-]*\))?")


#: Between unnamed fighters and the group they belong to: "gunmen from the", "militants of".
_MEMBERS_OF = re.compile(r"\s+(?:from|of|belonging to|loyal to)\s+(?:the\s+)?")


def _coordinated(span: Span, a: int, b: int) -> bool:
    """Whether the words between offsets a and b only coordinate ("and", ",")."""
    between = span.text[a - span.start : b - span.start].strip().lower()
    return between in (",", "and", "or", ", and", "and the", ", and the")


def _last_two(states: list[str]) -> list[str]:
    out: list[str] = []
    for s in reversed(states):
        if s not in out:
            out.append(s)
        if len(out) == 2:
            break
    return list(reversed(out))


#: Generic actors that stand for the forces of a state ("soldiers", "troops"): the state
#: named right before them, else the state the event is in (geomap.events.extractor).
UNNAMED_STATE_FORCES = frozenset({"Military Forces"})
#: Words that refer back to an armed group named before, unless the sentence has just
#: introduced other people with them ("a group of women", "a gang of youths").
_BARE_BACK_REFERENCES = frozenset({"the group", "the same group", "the gang"})
_INTRODUCED = re.compile(r"\ba (?:group|gang) of\b", re.IGNORECASE)


def _owned_generics(span: Span, found: list[ActorMention]) -> list[ActorMention]:
    """ "Russian troops": a state named right before unnamed soldiers is whose they are, so
    the soldiers are that state's, not the forces of the country the event is in; a group
    named right before unnamed fighters ("TTP militants") is who they are."""
    owners = [m for m in found if m.kind in ("demonym", "country", "state")]
    groups = [m for m in found if m.kind == "group"]

    def right_after(m: ActorMention, others: list[ActorMention]) -> bool:
        return any(o.end <= m.start and _LINKED.fullmatch(
            span.text[o.end - span.start:m.start - span.start].strip()) for o in others)

    def members_of(m: ActorMention) -> bool:  # "gunmen from the Sinaloa Cartel"
        return any(o.start >= m.end and _MEMBERS_OF.fullmatch(
            span.text[m.end - span.start:o.start - span.start]) for o in groups)

    # "TTP militants", "Hamas gunmen": a group's members, not another actor
    return [m for m in found if not (m.kind == "generic" and (
        m.actor in UNNAMED_STATE_FORCES and right_after(m, owners) or right_after(m, groups)
        or m.actor not in UNNAMED_STATE_FORCES and members_of(m)))]


#: Unnamed people whose nationality a demonym gives, not a state acting: "Israeli settlers".
_PEOPLE_GENERICS = frozenset({"Settlers", "Protesters", "Rioters", "Civilians"})


def _possessives(span: Span, found: list[ActorMention]) -> list[ActorMention]:
    """ "Yemen's Houthi movement": a country owning a group names where the group is, not
    a second actor; "Pakistan's Foreign Office": an organ a country owns is that
    country's, whatever state the lexicon lists it under; "Israeli settlers": a demonym
    before settlers, protesters or civilians is their nationality, not a state acting."""
    drop: set[int] = set()
    for i, o in enumerate(found):
        if o.kind not in ("country", "demonym"):
            continue
        rest = span.text[o.end - span.start:]
        for j, m in enumerate(found):
            gap = span.text[o.end - span.start:m.start - span.start]
            if m.start < o.end or len(gap) > 3:
                continue
            if o.kind == "country" and rest[:2] in ("'s", "’s") and gap.strip() in ("'s", "’s"):
                if m.kind == "group":
                    drop.add(i)
                elif m.kind == "state" and m.actor != o.actor:
                    drop.add(j)
            elif o.kind == "demonym" and not gap.strip() and m.kind == "generic" and \
                    m.actor in _PEOPLE_GENERICS:
                drop.add(i)
    return [m for k, m in enumerate(found) if k not in drop]


def _dedupe(found: list[ActorMention]) -> list[ActorMention]:
    """Drop mentions inside a longer one (lexicon names win over toponyms)."""
    rank = {
        "state": 0,
        "group": 0,
        "coref": 1,
        "metonym": 2,
        "demonym": 3,
        "country": 3,
        "generic": 4,
    }
    found.sort(key=lambda m: (m.start, -(m.end - m.start), rank[m.kind]))
    out: list[ActorMention] = []
    for m in found:
        same = [o for o in out if (o.start, o.end) == (m.start, m.end)]
        if (
            m.kind == "coref"
            and same
            and all(o.kind == "coref" and o.actor != m.actor for o in same)
        ):
            out.append(m)
        elif not any(m.start < o.end and o.start < m.end for o in out):
            out.append(m)
    return out


def unique(actors: list[str]) -> list[str]:
    """Actors in first-seen order without repeats."""
    out: list[str] = []
    for a in actors:
        if a and a not in out:
            out.append(a)
    return out


def split_actors(phrase: str, finder: ActorFinder) -> list[str]:
    """Normalised actors named in a phrase like "Russian and Syrian air forces".

    Only lexicon names are used here (demonyms need the gazetteer); prefer
    ``ActorFinder.find`` with toponyms inside the extractor.
    """
    span = Span.of(phrase, 0, len(phrase))
    return unique([m.actor for m in finder.find(span, [])])


#: Unnamed fighters that, in an article about a named armed group, are that group's.
_GROUP_GENERICS = frozenset({"Rebels", "Militants"})
#: Events where an armed group with no named opponent fought or took ground from the
#: forces of the state it is in.
_TAKEN_FROM_STATE = frozenset({"territory", "clash"})
_POLICE = "Police Forces"
#: An opponent the actor finder does not name ("clashed with a rival militia").
_RIVALS = re.compile(r"(?i)\b(?:rivals?|militias?|militiamen|groups?|gangs?|factions?|clans?"
                     r"|tribes?|tribesmen|fighters|rebels|insurgents|jihadists)\b")
#: ACLED's name for armed men of no named group.
UNIDENTIFIED = "Unidentified armed group"
#: How far back (characters) a protest or riot told before an arrest still explains it
#: (within the arrest's paragraph and the one before).
_CROWD_WINDOW = 600
_PROTEST_WORDS = re.compile(
    r"\b(?:(?i:protest(?:er|or)?s?|protesting|demonstrat(?:ors?|ions?)|rall(?:y|ies|ied))"
    r"|march(?:ers|ed|es)?)\b")  # "march" in lower case: not the month
_RIOT_WORDS = re.compile(r"(?i)\b(?:rioters?|riots?(?!\s+(?:police|gear|squads?|officers))|rioting"
                         r"|unrest|scuffles?)\b")
#: Who the arrested are when named: members of a group, not a crowd.
_NAMED_DETAINEES = re.compile(
    r"(?i)\b(?:members?|commanders?|cartels?|gangs?|militias?|militants?|fighters?)\b")


#: Titles and organs of a state: an official of no named state speaks or acts for the
#: state the article is about ("the interior minister said", "government negotiators and
#: the rebels signed …").
_OFFICIALS = re.compile(
    r"(?i)\b(?:president|prime minister|minister|ministry|secretary|government|junta|army"
    r"|military|authorities|administration|governor|spokes(?:man|woman|person))\b")
#: Events where such an official is the first actor (a party, the speaker, the visitor).
_OFFICIAL_EVENTS = frozenset({"statement", "visit", "meeting", "agreement", "base"})
_PARTIES = frozenset({"meeting", "agreement"})
#: Events whose unarmed victims are civilians; a plural demonym names people
#: ("Palestinians", "Afghans", "Israelis"), not a state.
_CIVILIAN_VICTIMS = frozenset({"attack", "arrest", "abduction"})
_PEOPLE = re.compile(r"[a-z](?:ns|is)$")
#: A place noun after a demonym: "the Lebanese city of Tyre", "a Syrian border town".
_PLACE_NOUN = re.compile(r"\s+(?:border\s+)?(?:city|town|village|villages|towns|port|capital|"
                         r"coast|coastal|side|territory|region|province)\b")
#: A source telling of the event after it: "…, Lebanon's health ministry said."
_SOURCE = re.compile(r"(?:['’]s)?(?:\s+[\w-]+){0,3}\s+(?:said|says|reported|told|announced"
                     r"|called|described)\b")
_SAID = re.compile(r"\b(?:said|says|announced|told reporters)\b")
#: Violence that, with no one named behind it, ACLED puts on an unidentified armed group.
_UNCLAIMED = frozenset({"explosion", "suicide_bomb", "attack", "abduction"})
#: Remote violence: its target, when civilian, is its second actor.
_REMOTE = frozenset({"air_strike", "shelling", "explosion", "suicide_bomb"})


def home_country(toponyms: list[Toponym]) -> str | None:
    """The country an article names most (its places' countries counted), first named
    winning a tie."""
    counts: dict[str, int] = {}
    for t in toponyms:
        p = t.place
        name = None if p is None else p.name if p.kind == "country" else p.country
        if name:
            counts[name] = counts.get(name, 0) + 1
    return max(counts, key=counts.__getitem__) if counts else None


def settle_actors(c, text: str, finder: ActorFinder, toponyms: list[Toponym] = ()) -> None:
    """Article-level fixes of a merged event's actors (``c``, an extractor Candidate),
    after the sentence-level coding, as ACLED codes them:

    - unnamed rebels or militants ("the group", "cartel gunmen") in an article about a
      named armed group are that group (the last one named before the event); those of no
      named group, like gunmen, are an unidentified armed group (ACLED has no "rebels");
    - a bomb, an attack or an abduction with no one named behind it is an unidentified
      armed group's, a suicide bomber sent by the armed group the article has named;
      attacked civilians told as a protest or march are its protesters;
    - a speaker telling of talks or a deal is not a party to them;
    - talks or a deal with fewer than two parties named take the unnamed ones ("the
      group" referred back to, the state's forces: "handed the town back to the army");
    - a group with regional branches is the branch of the event's country ("Islamic State"
      in Mozambique is its Mozambique Province);
    - unnamed people arrested where a protest or riot was just told are its protesters or
      rioters, not civilians;
    - an official of no named state (a title, "the government", "the army") who speaks,
      visits or sets up a base, or who is a party to talks or a deal with armed groups
      only, acts for the country the article names most;
    - an armed group that took ground or fought with no opponent named took it from, or
      fought, the forces of the state it is in;
    - talks or a deal with one party found, and more named before the verb: those are
      the parties; a titled official with no state named before the verb is the home
      state's (whoever is named after it is whom the official meets);
      a plural demonym among the victims of an attack or arrest ("14 Palestinians") is
      civilians of that country;
    - remote violence (air or drone strikes, shelling, bombs) whose first victim named is
      civilian (people, a village, a merchant ship) has civilians as its second actor; a
      state's strike across a border on military assets is on the state hit;
    - a demonym before a place noun ("the Lebanese town of …") names a place, and a source
      telling of the event after it ("Lebanon's health ministry said") is no target;
      unnamed forces where the event's country is unknown are the home state's;
    - a protest's second actor is the force that met it, or anyone who used lethal force
      on it (others are the crowd's associates); people arrested with no one named were
      arrested by the police.
    """
    country = _event_country(c)
    sentence_tps = [t for t in toponyms if c.span.start <= t.start < c.span.end]
    mentions = finder.find(c.span, sentence_tps)
    before = [m for m in mentions if m.end <= c.trigger.start and m.kind != "generic"]
    said = _SAID.search(text, c.span.start, c.trigger.start)
    if c.category in _PARTIES and said:
        # "Egypt's foreign minister said Arab League leaders would convene": the speaker
        # tells of the talks, the parties are those named after the verb
        after = {m.actor for m in mentions if m.start >= said.end()}
        speakers = {m.actor for m in mentions if m.end <= said.start()} - after
        if after & {*c.actors1, *c.actors2} and speakers & {*c.actors1, *c.actors2}:
            parties = [a for a in unique([*c.actors1, *c.actors2]) if a not in speakers]
            c.actors1, c.actors2 = parties[:1], parties[1:]
            before = [m for m in before if m.actor not in speakers]
    if c.category in _PARTIES and len(c.actors1) + len(c.actors2) < 2:
        # "The group handed the town back to the military": unnamed parties (the group
        # referred back to, the state's forces) are parties too
        unnamed = [m.actor for m in mentions if m.kind == "generic" and (
            m.actor in _GROUP_GENERICS or m.actor in UNNAMED_STATE_FORCES
            or m.actor == UNIDENTIFIED)]
        parties = unique([*c.actors1, *c.actors2, *unnamed])
        c.actors1, c.actors2 = parties[:1], parties[1:]
    if c.category in _PARTIES and not c.actors2 and len(unique([m.actor for m in before])) > 1:
        # "Armenia and Azerbaijan, whose ministers met in Geneva, agreed …": both parties
        named = unique([m.actor for m in before])
        c.actors1, c.actors2 = named[:1], named[1:]
    states = {t.place.name if t.place.kind == "country" else t.place.country
              for t in toponyms if t.place is not None}
    states |= set(finder.states.values()) | set(finder.metonyms.values())
    states_named = states
    if c.category in _OFFICIAL_EVENTS and _OFFICIALS.search(
            text[c.span.start:c.trigger.start]):
        home = home_country(list(toponyms))
        if home and not c.actors1:
            c.actors1 = [home]
        elif home and c.category in _PARTIES and not states & {*c.actors1, *c.actors2}:
            c.actors1, c.actors2 = [home], unique([*c.actors1, *c.actors2])
        elif home and not before and c.category != "statement" and home not in c.actors1:
            # "President X will visit Mueda to meet Rwandan commanders": the titled subject
            # is the home state's; those named after the verb are whom it meets (a visit's
            # host stays the country visited)
            met = c.actors2 if c.category == "visit" else [*c.actors1, *c.actors2]
            c.actors1, c.actors2 = [home], [a for a in unique(met) if a != home]
    places_of = {m.actor for m in mentions if m.start >= c.trigger.end and (
        m.kind == "demonym" and _PLACE_NOUN.match(text, m.end)
        or m.actor != "Civilians" and _SOURCE.match(text, m.end))}
    acting = {m.actor for m in mentions
              if not (m.kind == "demonym" and _PLACE_NOUN.match(text, m.end)
                      or m.start >= c.trigger.end and _SOURCE.match(text, m.end))}
    if places_of - acting:  # "a house in the southern Lebanese city of Tyre": a place;
        # "struck what the military called depots": the military tells, it is no target
        c.actors2 = [a for a in c.actors2 if a not in places_of - acting]
    if c.category in _REMOTE and not c.actors2:
        target = finder.first_victim(text, c.trigger.end, c.span.end)
        if target == "civilian" and "Civilians" in finder.generic_names:
            c.actors2 = ["Civilians"]  # "shelled the town, killing five", "hit a tanker"
        elif c.category in ("air_strike", "shelling") and country and c.actors1 and \
                c.actors1[0] != country and c.actors1[0] in states_named and \
                _STATE_ASSETS.search(text, c.trigger.end, c.span.end):
            c.actors2 = [country]  # "Ukrainian drones hit a radar station in Bryansk"
    if not country and any(a in UNNAMED_STATE_FORCES for a in (*c.actors1, *c.actors2)):
        # "the army said its aircraft struck a convoy in the Sahel": no country to name the
        # forces by, so the home state's
        home = home_country(list(toponyms))
        if home:
            c.actors1 = unique([home if a in UNNAMED_STATE_FORCES else a for a in c.actors1])
            c.actors2 = [home if a in UNNAMED_STATE_FORCES else a for a in c.actors2]
            c.actors2 = unique([a for a in c.actors2 if a not in c.actors1])
    if c.category in _CIVILIAN_VICTIMS and c.actors2:
        # "Israeli troops detained 14 Palestinians": people of a country, not its forces
        people = {m.actor for m in mentions if m.kind == "demonym" and m.start >= c.trigger.end
                  and _PEOPLE.search(m.text)}
        if people & set(c.actors2) and "Civilians" in finder.generic_names:
            c.actors2 = unique(["Civilians" if a in people else a for a in c.actors2])
    country = _event_country(c)
    named = [a for a in (*c.actors1, *c.actors2) if a not in finder.generic_names]
    if any(a in _GROUP_GENERICS for a in (*c.actors1, *c.actors2)) or (
        c.category == "suicide_bomb" and not c.actors1
    ):
        group = finder.last_group(text, c.trigger.start, exclude=named)
        if group is not None:
            c.actors1 = unique([group if a in _GROUP_GENERICS else a for a in c.actors1])
            c.actors2 = unique([group if a in _GROUP_GENERICS else a for a in c.actors2
                                if a != group or group not in c.actors1])
            if c.category == "suicide_bomb" and not c.actors1:
                c.actors1 = [group]
    if c.category in _UNCLAIMED and not c.actors1 and \
            UNIDENTIFIED in finder.generic_names:
        c.actors1 = [UNIDENTIFIED]
    if UNIDENTIFIED in finder.generic_names:
        c.actors1 = unique([UNIDENTIFIED if a in _GROUP_GENERICS else a for a in c.actors1])
        c.actors2 = unique([UNIDENTIFIED if a in _GROUP_GENERICS else a for a in c.actors2])
    if country:
        c.actors1 = [finder.branch(a, country) for a in c.actors1]
        c.actors2 = [finder.branch(a, country) for a in c.actors2]
    if c.category in _TAKEN_FROM_STATE and country and c.actors1 and not c.actors2 and \
            finder.is_armed_group(c.actors1[0]) and not _unnamed_rival(c, text):
        c.actors2 = [country]  # "M23 rebels seized Bukavu": from the state's forces
    if c.category == "protest" and c.actors2 and c.force < 2:
        # a crowd's second actor is the force that met it, not whom it rallied for or at
        others = [a for a in c.actors2 if not finder.types.is_security_force(a)]
        c.actors1 = unique([*c.actors1, *others])
        c.actors2 = [a for a in c.actors2 if a not in others]
    if c.category == "arrest" and UNIDENTIFIED in c.actors2 and \
            finder.first_victim(text, c.trigger.end, c.span.end) == "civilian":
        # "arrested nine people on charges of sheltering militants": people, not militants
        c.actors2 = unique(["Civilians" if a == UNIDENTIFIED else a for a in c.actors2])
    if c.category == "arrest" and not c.actors1 and _POLICE in finder.generic_names:
        c.actors1 = [_POLICE]  # "63 people were detained": by the police
    if c.category in ("attack", "abduction") and "Civilians" in c.actors2 and \
            _PROTEST_WORDS.search(c.span.text) and "Protesters" in finder.generic_names:
        c.actors2 = unique(["Protesters" if a == "Civilians" else a for a in c.actors2])
    if c.category == "arrest" and "Civilians" in c.actors2 and \
            not _NAMED_DETAINEES.search(c.span.text):
        told = text[_paragraphs_back(text, c.span.start):c.span.end]
        crowd = ("Rioters" if _RIOT_WORDS.search(told) else
                 "Protesters" if _PROTEST_WORDS.search(told) else None)
        if crowd in finder.generic_names:
            c.actors2 = unique([crowd if a == "Civilians" else a for a in c.actors2])


def _unnamed_rival(c, text: str) -> bool:
    """Whether a clash names a foe the actor finder does not know right after its trigger
    ("clashed with a rival militia near …")."""
    if c.category != "clash":
        return False
    after = text[c.trigger.end:min(c.span.end, c.trigger.end + 40)].split(",")[0]
    return _RIVALS.search(after) is not None


def _paragraphs_back(text: str, start: int) -> int:
    """The start of the paragraph before the one at ``start`` (at most _CROWD_WINDOW back)."""
    floor = max(0, start - _CROWD_WINDOW)
    k = text.rfind("\n\n", floor, start)
    if k >= 0:
        k = text.rfind("\n\n", floor, k)
    return max(floor, k)


def _event_country(c) -> str | None:
    for ch in c.places:
        p = ch.mention.place
        if p is not None:
            return p.name if p.kind == "country" else p.country
    return None


@lru_cache(maxsize=8)
def finder_for(lexicon: Lexicon) -> ActorFinder:
    """The compiled actor finder for a lexicon (cached per lexicon object)."""
    return ActorFinder(lexicon)
