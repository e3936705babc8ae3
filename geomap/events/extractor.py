"""Coding events from an article: triggers -> status, date, actors, fatalities, places.

Per sentence, each trigger makes a candidate event (see docs/events.md):

1. triggers in hypothetical, generic or negated wording are dropped; violent
   events that are only planned or threatened are dropped;
2. status is "planned" when a future cue ("will", "is expected to") precedes
   the trigger or its date lies after the publication date;
3. the date is the nearest date phrase in the sentence (not one of a reporting
   clause); with none the date stays unknown;
4. actors: agents before the trigger or after "by" (the subject of a passive is
   the target), targets after it; for talks, agreements and visits the parties
   named in the trigger's clause;
5. the place is chosen by ``geomap.events.locations``; coordinated places give
   one Event per place sharing a ``group_id``. A wire dateline ("PESHAWAR,
   Pakistan, June 18 —") is cut off the lead sentence; its town is only a
   fallback place (precision 2) for lead events that name none.

Candidates of one category whose places and dates agree are merged across the
article. A noun that only refers back to an event ("the truce", "these attacks")
never makes a new event.

Confidence = trigger strength (0.9 verb, 0.8 noun, 0.6 weak word, 0.55
fallback such as "killed") + 0.1 with a place + 0.05 with a date + 0.05 with an
actor, capped at 1; candidates under ``min_confidence`` (0.6) are dropped.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Protocol

import shapely

from gazetteer.lang import en as gazetteer_en
from gazetteer.records import Place, Toponym
from geomap.events.actors import UNNAMED_STATE_FORCES, ActorMention, settle_actors, unique
from geomap.events.actors import finder_for as actor_finder
from geomap.events.dates import YEAR, DateMention, ResolvedDate
from geomap.events.dates import finder_for as date_finder
from geomap.events.fatalities import Fatalities
from geomap.events.fatalities import finder_for as fatality_finder
from geomap.events.inter import ActorTypes
from geomap.events.lexicon import Lexicon, compile_phrases, load_lexicon
from geomap.events.locations import (
    Attachment,
    Chosen,
    PlaceMention,
    chooser_for,
    coref_regex,
    dateline,
    geo_precision,
    place_spans,
    places_near,
)
from geomap.events.tokens import Span, word_set
from geomap.events.triggers import Trigger, is_violent, matcher_for
from geomap.records import Article, Event, Location
from geomap.taxonomy import category as taxonomy_category
from geomap.text import split_sentences

MIN_CONFIDENCE = 0.6
_UNNAMED_VENUE = "spoke at an unnamed venue"
_PASSIVE_AUX = frozenset({"was", "were", "been", "being", "is", "are", "be"})
MAX_DATE_COST = 24  # a date phrase farther from the trigger (tokens + clause costs) is not its date
_SPOKEN = frozenset({"meeting", "visit", "agreement", "statement"})
DIPLOMACY = frozenset({"meeting", "visit", "agreement"})
_BEGAN = frozenset({"began", "begun", "started", "erupted", "broke", "flared", "launched"})
_LOCAL_ORGANS = frozenset({"administration", "government", "council", "authorities", "governor"})
_LOCAL_ADJ = frozenset(
    {"regional", "provincial", "state", "local", "municipal", "city", "district", "military"}
)
_AFTER_PARTICIPLE = frozenset(
    {"in", "on", "at", "during", "by", "last", "this", "when", "while", "since", ",", ".", ";",
     "near", "outside", "around"}  # "justice for the pilgrims killed near Kathua"
)
#: Violence this many days before the article's date at the latest is background it tells,
#: not news (ACLED codes events when they happen, not when recalled).
BACKGROUND_DAYS = 120
# a span reaching far back from the perfect ("since 2015", "since last year", "since the
# war began"), in the rest of the clause; "since Monday" is the span of one event
_LONG_SINCE = re.compile(
    r"[^.;:,—]*?\bsince\s+(?:(?:early|late|mid-?)\s*)?(?:(?:1[89]|20)\d{2}\b|last\s+(?:year|"
    r"month|summer|winter|spring|autumn)\b|the\s+(?:start|beginning|outbreak|war)\b|"
    r"(?-i:January|February|March|April|May|June|July|August|September|October|November|"
    r"December)\b)", re.IGNORECASE)
_BARE_BEFORE = frozenset("said says that of by amid over despite".split())
_WHEN_AFTER = re.compile(r"\s*,?\s*when\b", re.IGNORECASE)
_SPEAKING_ORGANS = frozenset("junta government presidency cabinet".split())
_SPEECH_ENDS = frozenset({";", "but", "while", "—", "–"})  # where reported words may end
_POSSESSIVES = frozenset({"its", "their", "his", "her", "our"})
#: Words of a death or injury toll after a trigger.
_TOLL_WORDS = frozenset("kill killed killing kills dead died dies wounded injured".split())
_HAVE = frozenset({"has", "have", "'ve", "’ve"})  # the perfect's auxiliary (not "had")
#: Words telling that what follows happened at another, earlier time.
_EARLIER = re.compile(r"\b(?:after|since|ago|earlier|previously|last)\b", re.IGNORECASE)
#: Victim words that name a demonstrating crowd.
_CROWD_WORDS = frozenset({"protesters", "protestors", "demonstrators", "marchers", "protester",
                          "demonstrator"})
#: ACLED's sub-event types of a protest met with force (see ``_protest_sub_type``).
EXCESSIVE_FORCE = "Excessive force against protesters"
WITH_INTERVENTION = "Protest with intervention"
#: Demonstrations whose deaths are counted: a riot's, and a protest's met with force.
FORCEFUL = frozenset({"riot", "protest"})
_ON_SITE = frozenset({"arrest", "riot", "destruction"})  # "arrested 50 during protests in X"
_REMOTE = frozenset({"explosion", "air_strike", "shelling", "suicide_bomb"})


class Resolver(Protocol):
    def resolve(self, text: str, spans: object = None) -> list[Toponym]: ...


# --- per-sentence candidates --------------------------------------------------


@dataclass(slots=True)
class Candidate:
    """One event as told in one sentence (before merging across the article)."""

    category: str
    trigger: Trigger
    span: Span
    status: str = "reported"
    date: ResolvedDate | None = None
    date_text: str | None = None
    actors1: list[str] = field(default_factory=list)
    actors2: list[str] = field(default_factory=list)
    fatalities: int | None = None
    places: list[Chosen] = field(default_factory=list)
    reference: bool = False
    confidence: float = 0.0
    notes: list[str] = field(default_factory=list)
    extra_sentences: list[str] = field(default_factory=list)
    guessed: set[str] = field(default_factory=set)  # actors only "the two presidents" names
    date_shape: ResolvedDate | None = None  # an unresolved date as if in a neutral year
    response: bool = False  # told as a response to what came before ("X responded with …")
    force: int = 0  # a protest met with force: 1 an attempt to disperse it, 2 lethal force

    @property
    def keys(self) -> set[str]:
        return {c.mention.place.key for c in self.places}


class _Cues:
    """Cue regexes of the lexicon used by the extractor."""

    def __init__(self, lex: Lexicon) -> None:
        c = lex.cues
        self.planned_before = compile_phrases(c.get("planned_before") or [])
        self.planned_now = word_set(c.get("planned_immediately_before") or [])
        self.planned_after = compile_phrases(c.get("planned_after") or [])
        self.planned_cats = set(c.get("planned_categories") or [])
        self.hypo_before = compile_phrases(c.get("hypothetical_before") or [])
        self.hypo_after = compile_phrases(c.get("hypothetical_after") or [])
        self.generic = compile_phrases(c.get("generic_before") or [])
        self.negation = compile_phrases(c.get("negation_before") or [])
        self.window = int(c.get("window", 6))
        self.hypo_window = int(c.get("hypothetical_window", 4))
        self.topic_before = compile_phrases(c.get("topic_before") or [])
        self.topic_window = int(c.get("topic_window", 10))
        self.definite = word_set(c.get("definite") or [])
        self.reporting = word_set(c.get("reporting") or [])
        self.statement_verbs = word_set(c.get("statement_verbs") or [])
        self.officials = compile_phrases(c.get("official_titles") or [])
        self.breaks = set(c.get("clause_breaks") or [])
        self.punct_breaks = {b for b in self.breaks if not b[:1].isalpha()}
        self.victims = {
            w.lower(): group for group, ws in (c.get("victims") or {}).items() for w in ws
        }
        self.victim_re = compile_phrases(list(self.victims))
        self.victim_cats = dict(c.get("victim_categories") or {})
        self.military_places = {str(w).lower() for w in c.get("military_places") or []}
        self.coref_kinds = {k: list(v) for k, v in (c.get("coreference") or {}).items()}
        self.formal = compile_phrases(c.get("formal_statement") or [])
        self.organs = word_set(c.get("state_organs") or [])
        self.venue = compile_phrases(c.get("unnamed_venue") or [])
        self.stance = word_set(c.get("stance_verbs") or [])
        self.reference_before = compile_phrases(c.get("reference_before") or [])
        self.same_venue = compile_phrases(c.get("same_venue") or [])
        self.cause_before = compile_phrases(c.get("cause_before") or [])
        self.toll_verbs = word_set(c.get("toll_participles") or [])
        self.ranking = word_set(c.get("ranking_words") or [])
        self.habitual = word_set(c.get("habitual_adverbs") or [])
        self.habitual_phrases = compile_phrases(c.get("habitual_phrases") or [])
        self.tally_after = compile_phrases(c.get("tally_after") or [])
        self.time_owners = word_set(c.get("time_owners") or [])
        self.aerial = word_set(c.get("aerial_agents") or [])
        self.pact_nouns = word_set(c.get("pact_nouns") or [])
        self.unplaced = compile_phrases(c.get("place_withheld") or [])
        self.excessive_force = compile_phrases(c.get("protest_excessive_force") or [])
        self.intervention = compile_phrases(c.get("protest_intervention") or [])
        self.response = word_set(c.get("response_words") or [])
        self.repelling = compile_phrases(c.get("repelling_verbs") or [])
        self.habitual_speech = compile_phrases(c.get("habitual_speech") or [])
        self.unofficial = compile_phrases(c.get("unofficial_before") or [])


_CUES: dict[int, _Cues] = {}


def _cues(lex: Lexicon) -> _Cues:
    if id(lex) not in _CUES:
        _CUES[id(lex)] = _Cues(lex)
    return _CUES[id(lex)]


_COPULAS = frozenset({"was", "were", "is", "are", "remains", "remained"})


def _tok_span(span: Span, start: int, end: int) -> tuple[int, int]:
    return span.tok_at(start), span.tok_before(end) + 1


def _cue_before(
    span: Span, rx: re.Pattern[str] | None, t0: int, window: int, stops: set[str]
) -> bool:
    """Whether a cue ends within ``window`` tokens before token t0, in the same clause."""
    if rx is None:
        return False
    for _s, e, _ in span.find(rx):
        end_tok = span.tok_before(e)
        if t0 - window <= end_tok < t0:
            between = span.tokens[end_tok + 1 : t0]
            if not any(t.low in stops for t in between):
                return True
    return False


def _cue_after(span: Span, rx: re.Pattern[str] | None, t1: int, window: int = 4) -> bool:
    """Whether a cue starts within ``window`` tokens after token t1, before any comma."""
    if rx is None or t1 >= len(span.tokens):
        return False
    last = min(t1 + window, len(span.tokens)) - 1
    m = rx.search(span.text, span.tokens[t1].start - span.start, span.tokens[last].end - span.start)
    if not m:
        return False
    k = span.tok_at(span.start + m.start())
    return not any(t.low in (",", ";") for t in span.tokens[t1:k])


class _SentenceCoder:
    """Codes the candidates of one sentence."""

    def __init__(
        self, lex: Lexicon, article: Article, countries: dict[str, Place] | None = None
    ) -> None:
        self.lex = lex
        self.article = article
        self.countries = countries or {}
        self.home: Place | None = None  # the dateline town's country, when the text names it
        self.home_code: str | None = None  # the dateline town's country code
        self.cues = _cues(lex)
        self.matcher = matcher_for(lex)
        self.dates = date_finder(lex)
        # an undated article's dates take the latest year it states ("in March 2020")
        self.year = None if article.date else self.dates.stated_year(article.text)
        self.fatal = fatality_finder(lex)
        self.chooser = chooser_for(lex)
        self.date_breaks = self.cues.breaks - {"and", "as", "after", "before", "since", "when"}

    # -- triggers --

    def triggers(self, span: Span) -> list[tuple[Trigger, str, tuple[int, int]]]:
        """Kept triggers with their category and token span."""
        found = [
            (t, _tok_span(span, t.start, t.end)) for t in self.matcher.find(span.text, span.start)
        ]
        zero = [(f.start, f.end) for f in self.fatal.find(span.text, span.start) if f.count == 0]
        habitual = self._habitual(span, found) + self._long_said(span)
        out = []
        for t, toks in found:
            if any(a <= toks[0] < b for a, b in habitual):
                continue  # "has been attacked repeatedly by drones and rockets since 2022"
            if self._yields(span, t, toks, found, zero):
                continue
            if self._hypothetical(span, t, toks):
                continue
            out.append((t, self._category(span, t, toks), toks))
        return out

    def _habitual(
        self, span: Span, found: list[tuple[Trigger, tuple[int, int]]]
    ) -> list[tuple[int, int]]:
        """Clauses whose verb trigger a habitual adverb qualifies ("has been attacked
        repeatedly", "regularly shell"): a pattern told in general, no one event."""
        words = self.cues.habitual
        out = []
        for s0, _, _ in span.find(self.cues.habitual_phrases):
            # "demonstrators have gathered … almost every night since": the whole clause
            k = span.tok_at(s0)
            out.append(self.clause(span, (k, k + 1), with_and=False))
        for t, (t0, t1) in found:
            if t.is_noun:
                # the subject of a perfect reaching far back: "Israeli strikes on Gaza have
                # killed thousands since October 2023"
                nxt = span.words(t1, t1 + 4)
                k = next((i for i, w in enumerate(nxt) if w in _HAVE), None)
                if k is not None and not any(w in self.cues.breaks for w in nxt[:k]) and \
                        _LONG_SINCE.match(span.text, span.tokens[t1 + k].end - span.start):
                    out.append(self.clause(span, (t0, t1), with_and=False))
                continue
            after = span.tokens[t1].low if t1 < len(span.tokens) else ""
            before = span.tokens[t0 - 1].low if t0 > 0 else ""
            if after in words or before in words:
                out.append(self.clause(span, (t0, t1), with_and=False))
                continue
            # the perfect tells a run of events up to now: "have struck the city repeatedly
            # since last year", "its fighters have since attacked convoys"
            a, b = self.clause(span, (t0, t1), with_and=False)
            lows = span.words(t0 - 2, t1)  # "since" breaks clauses: looked past
            perfect = next((i for i, w in enumerate(lows) if w in _HAVE), None)
            if perfect is None:
                continue
            rest = lows[perfect + 1:]
            lo, hi = span.tokens[a].start, span.tokens[b - 1].end
            after = span.text[span.tokens[t1 - 1].end - span.start:]
            if rest[:1] == ["since"] or any(w in words for w in span.words(a, b)) or any(
                lo <= s0 and e0 <= hi for s0, e0, _ in span.find(self.cues.habitual_speech)
            ) or _LONG_SINCE.match(after):
                # "have fought for control of it for years", "have long attacked", "have
                # stormed hotels in X since 2015"
                out.append((a, b))
        return out

    def _long_said(self, span: Span) -> list[tuple[int, int]]:
        """What a speaker has said again and again ("spokesmen have long said the group
        would answer with attacks", "officials have warned for months that strikes could
        follow"): a position held, whose events are threats or forecasts; up to a "but"."""
        c = self.cues
        out = []
        for i, tok in enumerate(span.tokens):
            if tok.low not in c.statement_verbs:
                continue
            held = _cue_before(span, c.habitual_speech, i, 4, c.punct_breaks) or any(
                span.tok_at(s0) in (i + 1, i + 2) for s0, _, _ in span.find(c.habitual_speech)
            )
            if not held:
                continue
            b = i + 1
            while b < len(span.tokens) and span.tokens[b].low not in _SPEECH_ENDS:
                b += 1
            out.append((i + 1, b))
        return out

    def _yields(
        self,
        span: Span,
        t: Trigger,
        toks: tuple[int, int],
        found: list[tuple[Trigger, tuple[int, int]]],
        zero: list[tuple[int, int]],
    ) -> bool:
        """Whether a trigger gives way to the sentence's other triggers.

        Fallback words ("killed", "destroyed") give way to any violent trigger and
        to "nobody was killed"; weak words to a firmer trigger of another category
        nearby; looting/arson to violence or rioting; a patrol or base noun that is
        the target of violence ("ambushed an army patrol") to that violence; a protest
        noun that is only the setting of violence ("killed 15 people at a rally").
        """
        others = [(o, ot) for o, ot in found if o is not t]
        firm = [(o, ot) for o, ot in others if o.entry.group not in ("weak", "fallback")]
        if t.entry.group == "fallback":
            if any(a <= t.start and t.end <= b for a, b in zero):
                return True
            if self._told_before(span, t, toks, noun=False):
                return True  # "demanding protection after the killing of two guards"
            if any(
                (o.violent or o.category == "riot") and o.entry.group != "fallback"
                for o, _ in others
            ):
                return True  # "three people were killed in the running battles": the riot's toll
        if t.entry.group == "weak" and any(
            o.category != t.category and abs(ot[0] - toks[0]) <= 3 for o, ot in firm
        ):
            return True
        if t.entry.by_victim and any(o.category == "suicide_bomb" for o, _ in firm):
            return True  # gunfire after a suicide blast is part of the bombing
        if t.category == "explosion" and any(o.category == "suicide_bomb" for o, _ in firm):
            return True  # "a suicide bomber rammed an explosives-laden car": one bombing
        if t.entry.by_victim and t.is_noun and any(o.category in _REMOTE for o, _ in firm):
            return True  # "struck by a truck bomb, in an attack blamed on X": that bombing
        if t.category == "destruction" and any(
            (o.violent or o.category == "riot") and not self._told_before(span, o, ot)
            for o, ot in firm
        ):
            return True
        if not t.is_noun and toks[0] > 0 and span.tokens[toks[0] - 1].low in self.cues.pact_nouns:
            return True  # "the ceasefire agreed last November": the truce's modifier
        if t.category == "shelling" and t.is_noun and any(
            o.category == "clash" and not o.is_noun and ot[1] <= toks[0] for o, ot in firm
        ):
            return True  # "fought on the outskirts of X, … describing gunfire and artillery"
        if t.category == "visit" and any(
            o.violent and o.is_noun and 0 <= toks[0] - ot[1] <= 6 for o, ot in firm
        ):
            return True  # "two rockets fired from Lebanon landed in fields": no visit
        if t.category in ("patrol", "base") and t.is_noun:
            return any(o.violent and 0 <= toks[0] - ot[1] <= 4 for o, ot in others)
        if t.category == "protest" and t.is_noun:
            return self._after_setting_word(span, toks[0]) and any(
                o.violent and 0 <= toks[0] - ot[1] <= 8 for o, ot in others
            )
        return False

    def _told_before(
        self, span: Span, t: Trigger, toks: tuple[int, int], noun: bool = True
    ) -> bool:
        """A noun that names an event told before ("a day before the bar shooting");
        with ``noun`` False, any word right after the cue ("after the killing of")."""
        c = self.cues
        if not noun:
            return _cue_before(span, c.reference_before, toks[0], 1, c.punct_breaks)
        return t.is_noun and _cue_before(span, c.reference_before, toks[0], 4, c.punct_breaks)

    def _after_setting_word(self, span: Span, k: int) -> bool:
        """Whether token k follows "at a", "on the", "targeting" … (skipping modifiers)."""
        for j in range(k - 1, max(k - 4, -1), -1):
            low = span.tokens[j].low
            if low in ("at", "on", "targeting", "into", "during"):
                return True
            if not span.tokens[j].is_word or low in self.cues.breaks:
                return False
        return False

    def _hypothetical(self, span: Span, t: Trigger, toks: tuple[int, int]) -> bool:
        c = self.cues
        stops = c.punct_breaks
        if _cue_before(span, c.negation, toks[0], 2, stops):
            return True
        # within a gapped trigger, before its last word: "had suspended talks", "held no
        # talks" (not the trigger's own words: "troops withdrew from")
        inside = span.tokens[toks[0]].start, span.tokens[toks[1] - 1].start
        if c.negation is not None and any(
            inside[0] < s0 and e0 <= inside[1] for s0, e0, _ in span.find(c.negation)
        ):
            return True
        if _cue_before(span, c.hypo_before, toks[0], c.hypo_window, stops):
            return True
        # a trigger that takes its own article ("the offensive") counts from that article
        t0 = toks[0] + (span.tokens[toks[0]].low in ("the", "a", "an") and toks[1] > toks[0] + 1)
        if t.category not in ("meeting", "visit") and \
                _cue_before(span, c.topic_before, t0, c.topic_window, stops):
            return True  # the topic of talks ("will discuss the strikes on X") is no event
        if t.is_noun and _cue_after(span, c.tally_after, toks[1], 4):
            return True  # "40 drone attacks had been recorded in X this year": a count
        return t.is_noun and _cue_after(span, c.hypo_after, toks[1], 3)

    def _category(self, span: Span, t: Trigger, toks: tuple[int, int]) -> str:
        if t.category == "destruction" and not t.is_noun and any(
            w in self.cues.aerial for w in span.words(max(toks[0] - 3, 0), toks[0])
        ):
            return "air_strike"  # "Russian drones set fire to a cargo ship": from the air
        if not t.entry.by_victim:
            return t.category
        group = self._victims(span, toks)
        cat = self.cues.victim_cats.get(group, t.entry.default) if group else t.entry.default
        return self.matcher.reclass(cat, span.text)

    def _victims(self, span: Span, toks: tuple[int, int]) -> str | None:
        """The victim group nearest after the trigger (else one named with a death word)."""
        hits = [h for h in span.find(self.cues.victim_re) if not self._after_by(span, h[0])]
        _, end = self.clause(span, toks, with_and=False)  # not "…, and that a drone hit men"
        after = [h for h in hits if toks[1] <= span.tok_at(h[0]) < end]
        if after:
            first = self.cues.victims.get(after[0][2].lower())
            if after[0][2].lower() in self.cues.military_places and \
                    self._civilians_counted(span):
                return "civilian"  # "fire at a checkpoint, killing five civilians"
            return first
        for f in self.fatal.find(span.text, span.start):
            if f.victims:
                return self.cues.victims.get(f.victims)
        before = [h for h in hits if span.tok_before(h[1]) < toks[0]]
        return self.cues.victims.get(before[-1][2].lower()) if before else None

    def _background(self, span: Span, toks: tuple[int, int], trig: list
                    ) -> list[tuple[int, int]]:
        """Other triggers of the sentence told as background of another action: a
        participle after its victims ("for a teenager killed by police last week") or a
        reason noun ("over the killing of")."""
        return [tk for (_, _, tk) in trig if tk != toks and (
            self._reduced_relative(span, tk) or _reason_start(span, tk) is not None)]

    def _reduced_relative(self, span: Span, toks: tuple[int, int]) -> bool:
        """A casualty participle right after the civilians it befell, with no object of
        its own ("17 hostages abducted last week", "villagers killed in the raid"): the
        sentence's subject did not do it."""
        if toks[0] == 0 or toks[1] - toks[0] != 1:
            return False
        verb, noun = span.tokens[toks[0]].low, span.tokens[toks[0] - 1].low
        after = span.tokens[toks[1]].low if toks[1] < len(span.tokens) else ""
        return verb in _VICTIM_VERBS and self.cues.victims.get(noun) == "civilian" and \
            after in _PARTICIPLE_FOLLOWERS

    def _force(self, span: Span, toks: tuple[int, int]) -> int:
        """Force told against a protest in its sentence, not of another time ("Students
        protested in Dhaka, a week after police opened fire on a rally in Khulna")."""
        trigger_end = span.tokens[toks[1] - 1].end

        def told(regex: re.Pattern | None) -> bool:
            return regex is not None and any(
                not (s0 >= trigger_end and _EARLIER.search(span.text, trigger_end - span.start,
                                                           s0 - span.start))
                for s0, _, _ in span.find(regex))

        return 2 if told(self.cues.excessive_force) else \
            1 if told(self.cues.intervention) else 0

    def _civilians_counted(self, span: Span) -> bool:
        """Whether a death count of the sentence names civilians ("killing five civilians")."""
        return any(f.victims and self.cues.victims.get(f.victims) == "civilian"
                   for f in self.fatal.find(span.text, span.start))

    def _after_by(self, span: Span, start: int) -> bool:
        """Whether the phrase at ``start`` is the agent of a passive ("by gunmen")."""
        i = span.tok_at(start)
        for k in range(i - 1, max(i - 4, -1), -1):
            low = span.tokens[k].low
            if low == "by":
                return True
            if not span.tokens[k].is_word or low in self.cues.breaks:
                return False
        return False

    def _passive(self, span: Span, toks: tuple[int, int]) -> bool:
        """Whether the trigger's clause is passive with an agent: "X was struck by Y"."""
        a, _ = self.clause(span, toks, with_and=False)
        words = span.words(a, min(toks[1] + 3, len(span.tokens)))
        for i, w in enumerate(words):
            if w in _PASSIVE_AUX and "by" in words[i + 1 : i + 5]:
                return True
        return False

    # -- status, reference --

    def status(self, span: Span, toks: tuple[int, int]) -> str:
        c = self.cues
        stops = c.punct_breaks | {"and", "but", "while", "as", "after", "which", "who", "following"}
        if _cue_before(span, c.planned_before, toks[0], c.window, stops):
            return "planned"
        inside = span.tokens[toks[0]].start, span.tokens[toks[1] - 1].end
        if c.planned_before is not None and any(
            inside[0] < s0 and e0 <= inside[1] for s0, e0, _ in span.find(c.planned_before)
        ):
            return "planned"  # "troops would be sent"
        prev = span.tokens[toks[0] - 1].low if toks[0] > 0 else ""
        if prev in c.planned_now and not self._past_before(span, toks[0] - 1):
            return "planned"
        if _cue_after(span, c.planned_after, toks[1], 4):
            return "planned"
        return "reported"

    def is_definite(self, span: Span, toks: tuple[int, int]) -> bool:
        for k in range(toks[0] - 1, max(toks[0] - 4, -1), -1):
            tok = span.tokens[k]
            if tok.low in self.cues.definite:
                return True
            owner = span.tokens[k - 1].low if k > 0 else ""
            if tok.low in ("'s", "’s") and owner in self.cues.time_owners:
                return True  # "Monday's detentions", "last week's raid": told before
            if not tok.is_word or tok.low in self.cues.breaks:
                return False
        return False

    # -- dates --

    def date_for(
        self, span: Span, toks: tuple[int, int], dates: list[DateMention], planned: bool,
        background: Sequence[tuple[int, int]] = (),
    ) -> tuple[ResolvedDate | None, DateMention | None]:
        """The date phrase nearest the trigger, not after a reporting verb and not past a
        background event told between them ("marched … for a teenager killed last week")."""
        best: tuple[float, DateMention] | None = None
        for d in dates:
            dt0, dt1 = _tok_span(span, d.start, d.end)
            if self._after_reporting(span, dt0):
                continue
            if any(toks[1] <= b0 and b1 <= dt0 for b0, b1 in background):
                continue
            lo, hi = (toks[1], dt0) if dt0 >= toks[1] else (dt1, toks[0])
            breaks = sum(1 for t in span.tokens[lo:hi] if t.low in self.date_breaks)
            cost = max(hi - lo, 0) + 3 * breaks + (1 if dt0 < toks[0] else 0)
            if cost > MAX_DATE_COST:
                continue
            if best is None or cost < best[0]:
                best = (cost, d)
        if best is None:
            return None, None
        return self.dates.resolve(best[1], self.article.date, planned, self.year), best[1]

    def _dated(
        self, cand: Candidate, date: ResolvedDate | None, dm: DateMention | None
    ) -> DateMention | None:
        """Give ``cand`` its date, the phrase it came from, and, when the article leaves it
        unresolved, its month and day for comparing (``date_shape``); returns the phrase."""
        cand.date, cand.date_text = date, dm.text if dm else None
        if date is None and dm is not None:
            cand.date_shape = self.dates.resolve(dm, NEUTRAL_ANCHOR)
        return dm

    def _after_reporting(self, span: Span, k: int) -> bool:
        for j in range(k - 1, max(k - 3, -1), -1):
            if span.tokens[j].low in self.cues.reporting:
                return True
        return False

    # -- actors --

    def clause(self, span: Span, toks: tuple[int, int], with_and: bool) -> tuple[int, int]:
        breaks = self.cues.breaks - ({"and"} if not with_and else set())
        breaks -= {'"', "“", "”"}
        a = toks[0]
        while a > 0 and span.tokens[a - 1].low not in breaks:
            a -= 1
        b = toks[1]
        while b < len(span.tokens) and span.tokens[b].low not in breaks:
            b += 1
        return a, b

    def actors(
        self, span: Span, cat: str, toks: tuple[int, int], mentions: list[ActorMention]
    ) -> tuple[list[str], list[str]]:
        """(agents, targets) for violent and other events; (parties, []) for diplomacy."""
        ms = [m for m in mentions if not self._according_to(span, m)]
        pos = [(_tok_span(span, m.start, m.end), m) for m in ms]
        if cat in DIPLOMACY or cat == "patrol":
            a, b = self.clause(span, toks, with_and=False)
            while a >= 2 and span.tokens[a - 1].low == ",":  # "ministers of Egypt, Qatar and …"
                prev = [t0 for (t0, t1), _ in pos if t1 == a - 1]
                if not prev:
                    break
                a = prev[0]
            # unnamed soldiers or police deployed are the forces of the state they are in
            parties = [m.actor for (t0, _), m in pos if a <= t0 < b and (
                m.kind != "generic" or cat == "patrol" and m.actor in _UNNAMED_FORCES)]
            if (
                len(unique(parties)) < 2
            ):  # "X ..., at a meeting with Y": X is the sentence's subject
                firsts = [m.actor for (t0, _), m in pos if m.kind != "generic"]
                parties = unique([*firsts[:1], *parties])
            parties = unique(parties)
            if cat == "patrol":  # joint patrols: the lead actor, partners associated
                return parties, []
            return parties[:1], parties[1:]
        a, b = self.clause(span, toks, with_and=False)
        # the speaker of "X said (that) …" is not the agent of what X tells
        said = [k for k in range(toks[0]) if span.tokens[k].low in self.cues.statement_verbs]
        claimant: list[str] = []
        if said:
            # … unless X tells of itself or its own forces: "the army said its aircraft hit …"
            told = span.words(said[-1] + 1, toks[0])[:4]  # "said (on Monday) (that) it …"
            if {"its", "their", "it", "they"} & set(told):
                claimant = [m.actor for (_, t1), m in pos if t1 <= said[-1]][-1:]
            a = max(a, said[-1] + 1)
            pos = [(tk, m) for tk, m in pos if tk[0] > said[-1]]
        # "twelve soldiers were killed in an ambush": the soldiers are its victims
        victims = [m.actor for (t0, t1), m in pos if a <= t0 and t1 <= toks[0]
                   and _victim_subject(span, t1)]
        # an actor that ends inside the trigger modifies its noun: "army jets bombed"
        agents = [m.actor for (t0, t1), m in pos if a <= t0 < toks[0] and t1 < toks[1]
                  and m.actor not in victims] or claimant
        subjectless = self._reduced_relative(span, toks)
        if subjectless:
            agents = []  # "soldiers rescued hostages abducted last week"
        reason = _reason_start(span, toks)
        if reason is not None:  # "police arrested five over the killing of …"
            agents = [m.actor for (t0, t1), m in pos if reason < t0 and t1 <= toks[0]]
            subjectless = True
        by = self._by_phrase(span, toks, pos)
        targets = [
            m.actor
            for (t0, _), m in pos
            if toks[1] <= t0 < min(b + 1, toks[1] + 12) and m.actor not in by
        ]
        targets += self._toll_clause_targets(span, b, pos)
        # "repelled eleven Russian assaults": an actor inside the trigger is its object
        inside = [m.actor for (t0, t1), m in pos if toks[0] < t0 and t1 <= toks[1]]
        targets = [*victims, *inside, *targets]
        if not agents and not by and not subjectless:  # the sentence's opening subject
            agents = [
                m.actor for (t0, t1), m in pos if t1 <= toks[0] and not self._target_of(span, t0)
                and m.actor not in victims
            ][:1]
        if self._passive(span, toks):  # "police officers were pelted ... by residents"
            targets = [*agents, *targets]
            agents = []
        agents = unique([*agents, *by])
        return agents, [x for x in unique(targets) if x not in agents]

    def _toll_clause_targets(self, span: Span, b: int, pos: list) -> list[str]:
        """ "…, killing five members of the Syrian Democratic Forces": the actors named in a
        toll clause that follows the trigger's clause are its victims."""
        toks = span.tokens
        if b + 1 >= len(toks) or toks[b].low != "," or toks[b + 1].low not in self.cues.toll_verbs:
            return []
        end = b + 2
        while end < len(toks) and toks[end].low not in self.cues.breaks:
            end += 1
        return [m.actor for (t0, _), m in pos if b + 2 <= t0 < end]

    def _target_of(self, span: Span, t0: int) -> bool:
        """Whether an actor at token t0 is the object of "against", "on", "targeting" …"""
        for k in range(t0 - 1, max(t0 - 4, -1), -1):
            low = span.tokens[k].low
            if low in ("against", "on", "targeting", "at", "with", "of"):
                return True
            if not span.tokens[k].is_word or low in self.cues.breaks:
                return False
        return False

    def _by_phrase(self, span: Span, toks: tuple[int, int], pos: list) -> list[str]:
        for k in range(toks[1], min(toks[1] + 6, len(span.tokens))):
            if span.tokens[k].low == "by":
                end = min(k + 9, len(span.tokens))
                return [m.actor for (t0, _), m in pos if k < t0 < end]
        return []

    def _according_to(self, span: Span, m: ActorMention) -> bool:
        i = span.tok_at(m.start)
        return i >= 2 and span.words(i - 2, i) == ["according", "to"]

    # -- the sentence --

    def code(
        self,
        span: Span,
        places: list[PlaceMention],
        actors: list[ActorMention],
    ) -> list[Candidate]:
        trig = self.triggers(span)
        blocked = frozenset(k for _, _, (a, b) in trig for k in range(a, b))
        atts = self.chooser.attach(span, places, blocked)
        dates = self.dates.find(span.text, span.start)
        out: list[Candidate] = []
        for t, cat, toks in trig:
            cand = self._candidate(span, t, cat, toks, trig, atts, dates, actors)
            if cand is not None:
                self._add(out, cand)
        if any(c.category == "riot" for c in out):  # the most severe of the two
            told = [c for c in out if c.category == "protest" and c.places]
            for c in out:  # the protest's place ("fired at protesters in Nairobi, killing")
                if c.category == "riot" and not c.places and told:
                    c.places = list(told[0].places)
            out = [c for c in out if c.category != "protest"]
        if self.cues.unplaced is not None and self.cues.unplaced.search(span.text):
            # "killed in clashes in northern Iraq, without saying where": no place to map
            out = [c for c in out if any(ch.precision < 3 for ch in c.places)]
        out = self._visit_purpose(span, out)
        self._causes(span, out)
        self._fatalities(span, out)
        out = self._raid_to_abduct(out)
        self._share_diplomacy_place(out)
        self._inherit_place(span, atts, out)
        new = [c for c in out if not c.reference]  # "Iraq condemned the strike": no new event
        st = self._statement(span, atts, actors, dates, formal=not new)
        if st is None and not any(is_violent(c.category) for c in new):
            st = self._regional_statement(span, atts, dates)
        if st is not None:
            out.append(st)
        for c in out:
            c.confidence = _confidence(c)
        return out

    def _candidate(
        self,
        span: Span,
        t: Trigger,
        cat: str,
        toks: tuple[int, int],
        trig: list,
        atts: list,
        dates: list[DateMention],
        actors: list[ActorMention],
    ) -> Candidate | None:
        status = self.status(span, toks)
        cand = Candidate(cat, t, span, status)
        rivals = [tk for (_, c2, tk) in trig if c2 != cat]
        cand.places = self.chooser.choose(span, atts, cat, toks, rivals)
        background = self._background(span, toks, trig)
        dm = self._dated(cand, *self.date_for(span, toks, dates, status == "planned",
                                              background))
        c = self.cues
        if _cue_before(span, c.generic, toks[0], c.hypo_window, c.punct_breaks):
            a, b = self.clause(span, toks, with_and=False)
            if dm is None or not (a <= span.tok_at(dm.start) < b or self._began(span, toks, dm)):
                return None  # "a string of kidnappings": no one event
        anchor = self.article.date
        since = dm is not None and (
            span.text[:dm.start - span.start].rstrip().lower().endswith("since")
            or dm.text.lower().startswith("since")) and not (
            # "the first attack since 2015, when gunmen stormed a hotel": 2015 is its date
            span.tok_at(dm.start) < toks[0]
            and _WHEN_AFTER.match(span.text, dm.end - span.start) is not None)
        # a violent event told in any past month, other events in a past year only
        # ("signed in Moscow in March 2020" may be the story's agreement)
        told_then = is_violent(cat) or (
            cand.date is not None and (cand.date.hi - cand.date.lo).days >= _WHOLE_YEAR_DAYS)
        past_year = cand.date is not None and anchor is not None and \
            cand.date.hi < anchor and (cand.date.hi - cand.date.lo).days >= _WHOLE_YEAR_DAYS
        if cand.date and anchor and told_then and not since and (
                (anchor - cand.date.hi).days > BACKGROUND_DAYS or past_year):
            # "last year, jihadists attacked the base": a whole past year is background
            # "seized Goma in 2012", "the truce brokered in 2024": told as background
            cand.reference = True
        if cand.date and anchor and cand.date.lo > anchor and cat in self.cues.planned_cats:
            cand.status = "planned"
        if cand.status == "planned" and cat not in self.cues.planned_cats:
            return None
        later = [b0 for b0, _ in background if b0 >= toks[1]]
        # actors past a background event told after the trigger are that event's
        own = [m for m in actors if not later or span.tok_at(m.start) < later[0]]
        cand.actors1, cand.actors2 = self.actors(span, cat, toks, own)
        if cat == "protest":
            cand.force = self._force(span, toks)
        if cat == "clash":
            cand.actors1, cand.actors2 = self._clash_sides(span, toks, cand.actors1,
                                                           cand.actors2)
        if cat in _AGAINST_CIVILIANS and not cand.actors2 and \
                self._victims(span, toks) == "civilian":
            cand.actors2 = ["Civilians"]  # "gunmen abducted 17 worshippers"
        cand.response = any(w in self.cues.response for w in span.words(0, toks[0]))
        cand.guessed = {m.actor for m in actors if m.kind == "coref"} - {
            m.actor for m in actors if m.kind != "coref"
        }
        if t.entry.group == "fallback" and not cand.places and self._reported_toll(span, toks):
            cand.reference = True  # "the ombudsman said at least 80 people had died"
        if t.entry.group == "fallback" and self._told_dead(span, toks):
            cand.reference = True  # "to mourn the men killed in Jenin"
        if t.is_noun:
            needs = self.matcher.needs_support(cat) and not self.matcher.has_support(cat, span.text)
            told = _cue_before(span, self.cues.reference_before, toks[0], 4, self.cues.punct_breaks)
            # a reference already ("seized in 2012", "the men killed in X") stays one
            cand.reference = cand.reference or needs or told or (
                self.is_definite(span, toks) and not cand.places)
            if dm is None and self._bare(span, toks) and cand.places and all(
                ch.mention.place.kind == "country" for ch in cand.places
            ):
                cand.reference = True  # "said fighting in Sudan had displaced millions": the war
            if self._owned_plural(span, toks) and not any(
                    tok.low in _TOLL_WORDS for tok in span.tokens[toks[1]:]):
                # "Israel would bear responsibility for its attacks on X"; a toll tells one
                # ("its attacks on Kharkiv killed 8 people on Monday")
                cand.reference = True
            if self.is_definite(span, toks) and self._ranked(span, toks):
                cand.reference = True  # "The ambush near X was the deadliest since April"
            if cand.date and (cand.date.hi - cand.date.lo).days >= _WHOLE_YEAR_DAYS:
                cand.reference = True  # "soldiers captured in fighting last year": background
        return cand

    def _clash_sides(
        self, span: Span, toks: tuple[int, int], agents: list[str], targets: list[str]
    ) -> tuple[list[str], list[str]]:
        """The two sides of a clash, the attacker first: "X and Y clashed" (no object) and
        "fighting between X and Y" (no subject) name both; the side that "repelled" or
        "fought off" the other was attacked, so the other is actor1."""
        allies = len(agents) >= 2 and {agents[0], agents[1]} <= _UNNAMED_FORCES
        if not targets and len(agents) >= 2 and not allies:  # not "police and soldiers"
            agents, targets = [agents[0], *agents[2:]], agents[1:2]
        elif not agents and len(targets) >= 2:
            agents, targets = targets[:1], targets[1:]
        rx = self.cues.repelling
        opening = span.text[span.tokens[toks[0]].start - span.start:]
        if agents and targets and rx is not None and rx.match(opening):
            return targets[:1], [agents[0], *targets[1:], *agents[1:]]
        return agents, targets

    def _bare(self, span: Span, toks: tuple[int, int]) -> bool:
        """Whether a noun trigger has no article or number of its own ("fighting in X",
        "clashes in X", not "a clash", "two attacks", "the fighting")."""
        if toks[0] == 0:
            return True
        prev = span.tokens[toks[0] - 1]
        return prev.low in self.cues.breaks or prev.low in _BARE_BEFORE or not prev.is_word

    def _owned_plural(self, span: Span, toks: tuple[int, int]) -> bool:
        """A plural event noun after a possessive ("its attacks on Lebanon", "their raids"):
        a run of events told in general, not one."""
        head = span.tokens[toks[1] - 1].low
        if not head.endswith("s") or head.endswith("ss"):
            return False
        for k in range(toks[0] - 1, max(toks[0] - 3, -1), -1):
            low = span.tokens[k].low
            if low in _POSSESSIVES:
                return True
            if not span.tokens[k].is_word or low in self.cues.breaks:
                return False
        return False

    def _ranked(self, span: Span, toks: tuple[int, int]) -> bool:
        """Whether the trigger's noun phrase is the subject of a ranking ("… was the
        deadliest", "… were the first attack"): an event told before, restated."""
        ranks = self.cues.ranking
        toks_ = span.tokens
        k, end = toks[1], min(toks[1] + 16, len(toks_))
        while k < end:
            low = toks_[k].low
            if low == ",":  # "the Butig fighting, in which seven died, was …"
                k += 1
                while k < end and toks_[k].low != ",":
                    k += 1
            elif low in _COPULAS:
                nxt = span.words(k + 1, min(k + 4, len(toks_)))
                return len(nxt) >= 2 and nxt[0] == "the" and (
                    nxt[1] in ranks or nxt[1:3] == ["most", "serious"]
                )
            elif low in self.cues.breaks or not toks_[k].is_word:
                return False
            k += 1
        return False

    def _began(self, span: Span, toks: tuple[int, int], dm: DateMention) -> bool:
        """ "a wave of attacks … that began on Thursday": the run is dated by its start."""
        k = span.tok_at(dm.start)
        return any(w in _BEGAN for w in span.words(toks[1], k)) and k - toks[1] <= 15

    def _past_before(self, span: Span, k: int) -> bool:
        """ "blocked highways on Monday to protest …": a past date before "to" makes it a
        purpose, not the headline future ("Leaders to meet")."""
        a, _ = self.clause(span, (k, k + 1), with_and=False)
        if any(t.low in _TURNED_OUT for t in span.tokens[a:k] if not t.text[:1].isupper()):
            return True  # "thousands gathered in Nairobi to protest …"
        anchor = self.article.date
        if anchor is None:
            return False
        for d in self.dates.find(span.text, span.start):
            if span.tok_at(d.start) >= k:
                continue
            r = self.dates.resolve(d, anchor, False, self.year)
            if r is not None and r.hi < anchor:
                return True
        return False

    def _told_dead(self, span: Span, toks: tuple[int, int]) -> bool:
        """A death word qualifying a definite noun phrase ("the men killed in X", "those
        killed"): the dead of an event told before."""
        k = toks[0]
        nxt = span.words(toks[1], toks[1] + 1)
        if nxt and nxt[0] not in _AFTER_PARTICIPLE:
            return False  # "the gunmen killed five villagers": an active verb
        before = span.words(max(k - 2, 0), k)
        if before[-1:] == ["those"]:
            return True
        return (
            len(before) == 2
            and before[0] in self.cues.definite
            and span.tokens[k - 1].is_word
            and before[1] not in _PASSIVE_AUX
        )

    def _causes(self, span: Span, cands: list[Candidate]) -> None:
        """ "fired rockets at X in retaliation for an Israeli strike that killed …": the
        strike retaliated for is told elsewhere, not at the place of the rockets."""
        c = self.cues
        for cand in cands:
            if not cand.trigger.is_noun or cand.reference:
                continue
            k = span.tok_at(cand.trigger.start)
            if not _cue_before(span, c.cause_before, k, 5, c.punct_breaks):
                continue
            if any(o is not cand and not o.reference and is_violent(o.category) for o in cands):
                cand.reference = True

    def _raid_to_abduct(self, cands: list[Candidate]) -> list[Candidate]:
        """ "Bandits stormed a mosque and abducted 40 worshippers": a raid that kills no one
        is the means of the abduction told with it, not an attack of its own."""
        taken = [c for c in cands if c.category == "abduction" and not c.reference]
        if not taken:
            return cands
        out = []
        for c in cands:
            if c.category == "attack" and not c.fatalities and taken[0].fatalities:
                # "stormed a village, killing five, and abducted 20 others": the deaths are
                # the raid's, which stays an attack beside the abduction
                c.fatalities, taken[0].fatalities = taken[0].fatalities, None
            if c.category == "attack" and c.trigger.entry.by_victim and not c.fatalities:
                taken[0].actors1 = taken[0].actors1 or c.actors1
                taken[0].places = taken[0].places or c.places
                continue
            out.append(c)
        return out

    def _visit_purpose(self, span: Span, cands: list[Candidate]) -> list[Candidate]:
        """ "is due to visit Cúcuta to meet regional authorities": the meeting is what
        the visit is for, not an event of its own."""
        visits = [c for c in cands if c.category == "visit" and not c.reference]
        if not visits:
            return cands
        out = []
        for c in cands:
            k = span.tok_at(c.trigger.start)
            before = span.words(k - 2, k)
            purpose = (
                c.category == "meeting"
                and k > 0
                and (before[-1:] == ["to"] or "for" in before)  # "to meet", "for talks"
                and any(v.trigger.start < c.trigger.start for v in visits)
            )
            if purpose and self._third_party(visits[0], c):
                purpose = False  # "travel to Abu Dhabi for talks with Aliyev": a meeting too
            if purpose:
                v = visits[0]
                v.actors2 = unique(
                    [*v.actors2, *[a for a in c.actors1 + c.actors2 if a not in v.actors1]]
                )
                continue
            out.append(c)
        return out

    def _third_party(self, visit: Candidate, meeting: Candidate) -> bool:
        """Whether the talks a visit is for are with a state other than the host's."""
        hosts = {ch.mention.place.country or ch.mention.place.name for ch in visit.places}
        partners = [a for a in meeting.actors1 + meeting.actors2 if a not in visit.actors1]
        return bool(hosts) and any(p in self.countries and p not in hosts for p in partners)

    def _reported_toll(self, span: Span, toks: tuple[int, int]) -> bool:
        """Whether a death word stands in what someone said ("X said 80 people had
        died"): a toll of an event told before, not a new event."""
        return any(t.low in self.cues.reporting for t in span.tokens[: toks[0]])

    def _add(self, out: list[Candidate], cand: Candidate) -> None:
        """Add a candidate, folding same-category triggers of the sentence together."""
        for c in out:
            if c.category != cand.category:
                continue
            if c.keys and cand.keys and not (c.keys & cand.keys):
                continue
            if cand.trigger.entry.strength > c.trigger.entry.strength:
                c.trigger, c.status = cand.trigger, cand.status
            c.places = c.places or cand.places
            c.date, c.date_text = (c.date, c.date_text) if c.date else (cand.date, cand.date_text)
            # an actor keeps the side the first trigger gave it ("fought off Russian
            # assaults": Russia attacked, though it is the agent of "assaults")
            c.actors1 = unique([*c.actors1, *(a for a in cand.actors1 if a not in c.actors2)])
            c.actors2 = unique([x for x in [*c.actors2, *cand.actors2] if x not in c.actors1])
            c.reference = c.reference and cand.reference
            return
        out.append(cand)

    def _inherit_place(self, span: Span, atts: list, cands: list[Candidate]) -> None:
        """An unlocated violent event takes the sentence's one place, if it has exactly one."""
        keys = {ch.mention.place.key for c in cands for ch in c.places}
        located = [c for c in cands if c.places]
        if not located:
            single = [
                a
                for a in atts
                if a.gov in ("locative", "near", "verb") and not a.reporting and not a.possessor
            ]
            if len({a.mention.place.key for a in single}) != 1:
                return
            a = single[0]
            chosen = [Chosen(a, geo_precision(a.mention.place, a.gov, a.modifier))]
        elif len(keys) == 1:
            chosen = list(located[0].places)
        else:
            return
        for c in cands:
            on_site = is_violent(c.category) or c.category in _ON_SITE
            if not c.places and not c.reference and on_site:
                c.places = list(chosen)
                c.notes.append("place from the same sentence")

    def _share_diplomacy_place(self, cands: list[Candidate]) -> None:
        """Agreements reached at talks, summits held on a visit: located where the talks are."""
        order = {"meeting": 0, "visit": 1, "agreement": 2}
        located = sorted(
            (c for c in cands if c.places and c.category in DIPLOMACY and not c.reference),
            key=lambda c: order[c.category],
        )
        if not located:
            return
        for c in cands:
            if c.category in DIPLOMACY and c is not located[0] and not c.reference:
                # "exchanged prisoners on Thursday in X, the first swap since talks in Y
                # last month": talks on another day were not where this was agreed
                other_day = c.places and not _dates_agree(c, located[0])
                if (c.category == "agreement" and not other_day) or not c.places:
                    c.places = list(located[0].places)

    def _fatalities(self, span: Span, cands: list[Candidate]) -> None:
        violent = [c for c in cands if is_violent(c.category) or c.category in FORCEFUL]
        if not violent:
            return
        forced = self.cues.excessive_force is not None and \
            self.cues.excessive_force.search(span.text) is not None
        for f in self.fatal.find(span.text, span.start):
            # a protest's deaths are the protesters', killed by force ("relatives of miners
            # who died in a landslide protested" count none)
            counted = [c for c in violent if c.category != "protest" or forced or
                       (f.victims or "").lower() in _CROWD_WORDS]
            if not counted:
                continue
            best = min(counted, key=lambda c: abs(c.trigger.start - f.start))
            best.fatalities = f.count if best.fatalities is None else min(best.fatalities, f.count)
            if f.victims and self.cues.victims.get(f.victims) == "civilian":
                if "Civilians" not in best.actors2 and not best.actors2:
                    best.actors2.append("Civilians")

    def _statement(
        self,
        span: Span,
        atts: list,
        actors: list[ActorMention],
        dates: list[DateMention],
        formal: bool = True,
    ) -> Candidate | None:
        """A statement: an official speaking, with the place they spoke in named."""
        for i, tok in enumerate(span.tokens):
            if tok.low not in self.cues.statement_verbs:
                continue
            if _cue_before(span, self.cues.habitual_speech, i, 4, self.cues.punct_breaks):
                continue  # "has long denied": a position held, not said on a day
            if i > 0 and span.tokens[i - 1].low in _HAVE and not dates:
                continue  # "has vowed after past raids that …": said some time, no day
            toks = (i, i + 1)
            places = self.chooser.choose(span, atts, "statement", toks, [])
            speakers = [m for m in actors if m.end <= tok.start and m.kind != "generic"]
            # "the UN envoy for Sudan said": Sudan is what the envoy is for, not who speaks
            speakers = [m for m in speakers if not _topic_of_title(span, m)] or speakers
            titled = self._titled_speaker(span, i) or self._organ_subject(span, i)
            official = (
                bool(span.find(self.cues.officials))
                or titled
                or any(
                    m.kind in ("state", "group", "metonym", "country", "demonym") for m in speakers
                )
            )
            if not (speakers or titled) or not official:
                continue  # "Prime Minister Irakli Kobakhidze told …" needs no known name
            venue = False
            if not places and formal and speakers and speakers[-1].is_state:
                places = self._speaker_country(span, speakers[-1], i)
            elif not places and formal and self._takes_a_stance(span, titled):
                # "Prime Minister X said in a televised address", "the group's leader said
                # in a speech", "the interior minister said … 'never negotiate …'"
                places = self._sole_country() or self._home_country()
            if not places and span.find(self.cues.venue):
                venue = True  # "said at the closing news conference": where the story is
            if not places and not venue:
                continue
            from geomap.events.triggers import Entry

            trig = Trigger(tok.start, tok.end, tok.text, Entry("statement", "verbs", 0.6))
            cand = Candidate("statement", trig, span, "reported", places=places)
            if venue:
                cand.notes.append(_UNNAMED_VENUE)
            cand.actors1 = unique([speakers[-1].actor]) if speakers else []
            if not speakers and places and self._organ_subject(span, i) and \
                    places[0].mention.place.kind == "country":
                cand.actors1 = [places[0].mention.place.name]  # "the junta": its state
            self._dated(cand, *self._statement_date(span, toks, dates))
            return cand
        return None

    def _regional_statement(
        self, span: Span, atts: list, dates: list[DateMention]
    ) -> Candidate | None:
        """ "The Amhara regional administration said …": a regional or city government
        speaking, located in its region or city."""
        for i, tok in enumerate(span.tokens):
            if tok.low not in self.cues.statement_verbs:
                continue
            for a in atts:
                if a.mention.place.kind not in ("admin1", "city", "region") or a.first >= i:
                    continue
                words = span.words(a.last, i)
                if 1 <= len(words) <= 3 and words[-1] in _LOCAL_ORGANS and all(
                    w in _LOCAL_ORGANS or w in _LOCAL_ADJ for w in words
                ):
                    from geomap.events.triggers import Entry

                    trig = Trigger(tok.start, tok.end, tok.text, Entry("statement", "verbs", 0.6))
                    prec = geo_precision(a.mention.place)
                    cand = Candidate("statement", trig, span, "reported", places=[Chosen(a, prec)])
                    self._dated(cand, *self._statement_date(span, (i, i + 1), dates))
                    return cand
            return None
        return None

    def _sole_country(self) -> list[Chosen]:
        """The one country an article names, for an official of no named state speaking
        formally (precision 3); nothing when it names several, or when the story is filed
        from another country."""
        if len(self.countries) != 1:
            return []
        place = next(iter(self.countries.values()))
        if self.home_code and place.country_code != self.home_code:
            return []  # filed from Bogotá, naming only "the Venezuelan border": not that state
        pm = PlaceMention(0, 0, place.name, place)
        return [Chosen(Attachment(pm, 0, 0, "none", 0, "", True, False, False), 3)]

    def _takes_a_stance(self, span: Span, titled: bool) -> bool:
        """Whether an unnamed state's official or a group speaks formally: in a statement
        or address, or, for a titled official, in words quoted."""
        if span.find(self.cues.formal):
            return True
        return titled and _QUOTED.search(span.text) is not None

    def _home_country(self) -> list[Chosen]:
        """The dateline town's country, when the article names it (precision 3)."""
        if self.home is None:
            return []
        pm = PlaceMention(0, 0, self.home.name, self.home)
        return [Chosen(Attachment(pm, 0, 0, "none", 0, "", True, False, False), 3)]

    def _titled_speaker(self, span: Span, verb: int) -> bool:
        """Whether an official title opens the clause of the verb ("Prime Minister X told"),
        not one the speaker has left ("a retired general", "opposition senators")."""
        start = span.tokens[max(verb - 14, 0)].start
        end = span.tokens[verb].start
        return any(
            start <= s0 and e0 <= end and not self._unofficial(span, s0)
            for s0, e0, _ in span.find(self.cues.officials)
        )

    def _organ_subject(self, span: Span, verb: int) -> bool:
        """Whether "the junta", "the government", "the presidency" is the verb's subject
        (an organ of the article's state speaking, named by no state)."""
        return verb >= 2 and span.tokens[verb - 2].low == "the" and \
            span.tokens[verb - 1].low in _SPEAKING_ORGANS

    def _unofficial(self, span: Span, title_start: int) -> bool:
        """Whether a word such as "retired" or "former" stands right before a title."""
        k = span.tok_at(title_start)
        return _cue_before(span, self.cues.unofficial, k, 2, self.cues.punct_breaks)

    def _speaker_country(self, span: Span, speaker: ActorMention, verb: int) -> list[Chosen]:
        """A formal statement with no place named: the speaker's country (precision 3).

        Formal: "in a statement", "in a televised address" …, or an organ of the state
        speaking ("Azerbaijan's defence ministry denied", "Iraq condemned")."""
        place = self.countries.get(speaker.actor)
        if place is None or not speaker.is_state:
            return []
        s0 = span.tok_before(speaker.end) + 1
        organ = any(span.tokens[k].low in self.cues.organs for k in range(s0, min(s0 + 4, verb)))
        direct = speaker.kind in ("country", "metonym", "state") and s0 == verb
        stance = span.tokens[verb].low in self.cues.stance  # not a mere "said that …"
        # words quoted from an organ of the state are a position taken, not news passed on
        quoted = organ and _QUOTED.search(span.text) is not None
        if not (span.find(self.cues.formal) or (stance and (organ or direct)) or quoted):
            return []
        pm = PlaceMention(speaker.start, speaker.end, speaker.text, place)
        att = Attachment(pm, 0, 0, "none", 0, "", True, False, False)
        return [Chosen(att, 3)]

    def _statement_date(
        self, span: Span, toks: tuple[int, int], dates: list[DateMention]
    ) -> tuple[ResolvedDate | None, DateMention | None]:
        near = [d for d in dates if abs(span.tok_at(d.start) - toks[1]) <= 5]
        if not near:
            return None, None
        return self.dates.resolve(near[0], self.article.date, False, self.year), near[0]


# a date that spans a whole year ("last year", "in 2022") dates no single event
_WHOLE_YEAR_DAYS = 364

# a quotation of three words or more: "would 'never negotiate with terrorists'"
_QUOTED = re.compile(r"[\"“](?:[^\"”\s]+\s+){2,}[^\"”\s]+[\"”]")

_VICTIM_VERBS = frozenset(
    "killed wounded injured hurt abducted kidnapped captured executed beheaded".split())
#: Violence against civilians: its victims, when civilian, are the second actor.
_AGAINST_CIVILIANS = frozenset({"attack", "abduction"})
#: Words after a participle that show it has no object ("abducted last week from …").
_PARTICIPLE_FOLLOWERS = frozenset(
    "last on in from during earlier this yesterday at near when after overnight while "
    "since by".split())


#: Verbs of a crowd coming out, in the past: "thousands gathered in Nairobi on Tuesday to
#: protest …" tells a protest that happened ("urged supporters to protest" does not).
_TURNED_OUT = frozenset(
    "gathered marched rallied assembled massed blocked barricaded converged thronged flocked "
    "poured took came went walked staged held occupied camped demonstrated".split())


#: Unnamed forces of the state the event is in: two of them coordinated are one side.
_UNNAMED_FORCES = UNNAMED_STATE_FORCES | {"Police Forces"}


def _reason_start(span: Span, toks: tuple[int, int]) -> int | None:
    """The token of "over", "after", "following" … when the trigger is a noun told as the
    reason or time of another action ("arrested over the killing of", "mourned after the
    ambush"), whose subject did not do it; None otherwise. "Soldiers were blamed for the
    massacre" is no such case: after a word of blame, "for" tells the doer's deed."""
    k = toks[0] - 1
    while k >= 0 and toks[0] - k <= REASON_REACH and (
            span.tokens[k].low in _DETERMINERS or span.tokens[k].text[:1].isupper()
            or span.tokens[k].low in _EVENT_ADJECTIVES):
        k -= 1  # "over the Boko Haram attack", "over the deadly killing"
    if k < 0 or k == toks[0] - 1 or span.tokens[k].low not in _REASON_WORDS:
        return None
    if span.tokens[k].low == "for" and any(
            t.low in _BLAME_WORDS for t in span.tokens[max(k - 2, 0):k]):
        return None  # "soldiers were blamed for the massacre": they did it
    return k


REASON_REACH = 5  # words between the reason word and the event noun, at most
_DETERMINERS = frozenset("the a an this that these those their its his her".split())
_EVENT_ADJECTIVES = frozenset(
    "deadly fatal brutal recent latest alleged suspected attempted reported twin double "
    "overnight weekend failed apparent".split())
_REASON_WORDS = frozenset(
    "over for after following despite into about against condemned denounced mourned "
    "protested investigating investigate probe".split())
#: Words before "for" that make its subject the doer: "blamed for the massacre".
_BLAME_WORDS = frozenset(
    "blamed blame blaming responsible accused guilty convicted credited claimed".split())


def _victim_subject(span: Span, t1: int) -> bool:
    """Whether the actor ending at token t1 is the subject of a passive casualty verb:
    "soldiers were killed", "two policemen have been wounded"."""
    words = span.words(t1, min(t1 + 3, len(span.tokens)))
    if words[:1] in (["have"], ["has"], ["had"]) and words[1:2] == ["been"]:
        words = words[1:]  # "have been killed"; "had abducted" is no passive
    return len(words) > 1 and words[0] in ("was", "were", "been") and words[1] in _VICTIM_VERBS


_TOPIC_WORDS = frozenset({"for", "to", "on"})


def _topic_of_title(span: Span, m: ActorMention) -> bool:
    """ "envoy for Sudan", "ambassador to Russia", "special rapporteur on Syria": the state
    after the preposition is the office's subject."""
    before = span.text[: m.start - span.start].split()[-2:]
    return len(before) == 2 and before[1].lower() in _TOPIC_WORDS and before[0][:1].islower()


def _confidence(c: Candidate) -> float:
    score = c.trigger.entry.strength
    score += 0.1 if c.places else 0.0
    score += 0.05 if c.date else 0.0
    score += 0.05 if c.actors1 or c.actors2 else 0.0
    return round(min(score, 1.0), 3)


# --- places in the article ----------------------------------------------------


class _PlaceHistory:
    """Places named so far, to resolve "the enclave", "the province" …"""

    def __init__(self, lex: Lexicon, unknown: Sequence[int] = ()) -> None:
        self.seen: list[tuple[int, Place]] = []
        self.unknown = sorted(unknown)  # where names the gazetteer lacks (small places) start
        self.regex = coref_regex(lex)
        nouns = "|".join(map(re.escape, _cues(lex).coref_kinds))
        # "the Pacific territory", "the Black Sea resort town", "the Red Sea port city"
        self.sea_regex = re.compile(  # also "Russia's Black Sea resort town"
            rf"\b(?:the|(?-i:[A-Z][\w-]*)[’']s)\s+(?-i:[A-Z][\w-]*)(?:\s+(?-i:[A-Z][\w-]*))?\s+"
            rf"(?:(?-i:[a-z][\w-]*)\s+)?({nouns})\b(?!\s+of\b)")
        self.kinds = _cues(lex).coref_kinds

    def names_unknown(self, span: Span) -> bool:
        """Whether the sentence names a place the gazetteer could not resolve."""
        i = bisect.bisect_left(self.unknown, span.start)
        return i < len(self.unknown) and self.unknown[i] < span.end

    def sentence_places(self, span: Span, tps: list[Toponym]) -> list[PlaceMention]:
        direct = [
            PlaceMention(t.start, t.end, t.text, t.place, t.type_word)
            for t in tps
            if t.place is not None and not t.adjectival
        ]
        corefs = []
        for s, e, text in span.find(self.sea_regex):
            # "the Pacific territory", "the Balkan country": a sea or a region's name (that
            # the gazetteer may take for a namesake town) qualifying a place told before
            noun = text.split()[-1].lower()
            sea = [
                m
                for m in direct
                if s < m.start < e
                and (
                    m.place.kind == "sea"
                    or (m.place.kind == "city" and noun in ("territory", "country"))
                )
            ]
            if len(sea) != 1:
                continue
            place = _latest(self.seen, self.kinds.get(noun, []),
                            near=sea[0].place if sea[0].place.kind == "sea" else None)
            if place is not None:
                direct.remove(sea[0])
                # the owner of "Russia's Black Sea resort town" is the town's country
                direct = [m for m in direct if not (m.start == s and m.place.kind == "country"
                                                    and m.place.country_code == place.country_code)]
                corefs.append(PlaceMention(s, e, text, place, None, coref=True))
        for s, e, text in span.find(self.regex):
            if any(m.start < e and s < m.end for m in [*direct, *corefs]):
                continue
            if any(
                span.text[m.end - span.start : s - span.start].strip() == "," for m in direct
            ):
                continue  # "Bahir Dar, the regional capital,": an apposition, no other place
            noun = text.split()[-1].lower()
            earlier = self.seen + [(m.start, m.place) for m in direct if m.end <= s]
            if noun == "capital":  # "west of the capital": the last national capital named
                earlier = [x for x in earlier if x[1].feature == "PPLC"] or earlier
            elif self.kinds.get(noun, [])[:1] == ["city"]:
                # "the village of Kafr Nabudah … the village": an unknown name is the likelier
                # referent than any town told before it (areas told before still count)
                i = bisect.bisect_left(self.unknown, s) - 1
                if i >= 0:
                    earlier = [x for x in earlier if x[0] > self.unknown[i]
                               or x[1].kind not in ("city", "site")]
            place = _latest(earlier, self.kinds.get(noun, []))
            if place is not None:
                corefs.append(PlaceMention(s, e, text, place, None, coref=True))
        out = sorted(direct + corefs, key=lambda m: m.start)
        self.seen.extend((m.start, m.place) for m in out)
        return out


COAST_DEGREES = 0.5  # "the Black Sea resort town" lies this close to the Black Sea


def _latest(seen: list[tuple[int, Place]], kinds: list[str],
            near: Place | None = None) -> Place | None:
    """The last place seen of the first kind (in preference order) that has one; with
    ``near`` (a sea), only places on its coast."""
    ordered = sorted(seen, key=lambda x: x[0], reverse=True)
    sea = near.geometry if near is not None else None
    for kind in kinds:
        for _, place in ordered:
            if place.kind == kind and (sea is None or shapely.dwithin(
                    sea, shapely.Point(place.lon, place.lat), COAST_DEGREES)):
                return place
    return None


# --- merging across the article -----------------------------------------------


def _dates_agree(e: Candidate, m: Candidate) -> bool:
    a, b = e.date, m.date
    if a is not None and b is not None:
        return a.lo <= b.hi and b.lo <= a.hi
    if e.date_text and m.date_text:  # two stated dates, one unresolved: "Sept 14" ≠ "March 2020"
        a, b = a or e.date_shape, b or m.date_shape
        if a is None or b is None:
            return e.date_text.casefold() == m.date_text.casefold()
        # month and day alone ("Sept. 29" is "September 29" whatever the year)
        return _day(a.lo) <= _day(b.hi) and _day(b.lo) <= _day(a.hi)
    return True


def _day(d: dt.date) -> tuple[int, int]:
    return d.month, d.day


def _compatible(e: Candidate, m: Candidate) -> bool:
    if e.category != m.category:
        return False
    if e.category == "patrol" and e.actors1 and m.actors1 and not set(e.actors1) & set(m.actors1):
        return False  # the drills of one navy and the transit of another's warships
    if e.keys and m.keys and not (e.keys & m.keys) and not places_near(e.places, m.places):
        return False
    if not _dates_agree(e, m):
        return False
    if m.response and is_violent(m.category):
        return False  # "Israel responded with artillery fire on X": a second event
    if is_violent(e.category) and e.category != "clash" and (
        set(e.actors1) & set(m.actors2) or set(m.actors1) & set(e.actors2)
    ):
        return False  # the target of one is the agent of the other: fire and return fire
    if (
        e.category != "meeting"  # "would discuss": often what talks told before are for
        and e.status != m.status
        and e.trigger.entry.group == m.trigger.entry.group == "verbs"
    ):
        return False  # "signed" and "will sign": two acts, even with one of them undated
    return e.status == m.status or m.date is None or e.date is None


def _merge_into(e: Candidate, m: Candidate) -> None:
    if not e.places and m.places:
        e.extra_sentences.append(e.span.text)
        e.trigger, e.span = m.trigger, m.span  # evidence: the sentence that places it
        e.places = m.places
    else:
        e.extra_sentences.append(m.span.text)
    if e.date is None or (m.date and m.date.precision < e.date.precision):
        if m.date is not None:
            e.date, e.date_text = m.date, m.date_text
            if e.status != m.status and m.status == "planned":
                e.status = m.status
    e.force = max(e.force, m.force)
    if e.fatalities is None:
        e.fatalities = m.fatalities
    # a later "the presidents discussed …" confirms the event; its guessed referents
    # (the last states named) add no parties to one that has its own
    extra = m.guessed if e.actors1 else set()
    e.actors1 = unique([*e.actors1, *(a for a in m.actors1 if a not in extra)])
    e.actors2 = unique(
        [x for x in [*e.actors2, *(a for a in m.actors2 if a not in extra)] if x not in e.actors1]
    )
    e.confidence = max(e.confidence, m.confidence)


#: Resolves an undated article's "Sept. 29" for comparison only (month and day count).
NEUTRAL_ANCHOR = dt.date(2001, 6, 30)

MERGE_WINDOW = 200  # a mention merges only with one of the last events coded (long texts)


def _target(events: list[Candidate], m: Candidate) -> Candidate | None:
    fits = [e for e in events[-MERGE_WINDOW:] if _compatible(e, m)]
    if not fits:
        return None

    def rank(ie: tuple[int, Candidate]) -> tuple[bool, bool, int]:
        i, e = ie
        return (e.status == m.status, bool(e.keys & m.keys), i)

    return max(enumerate(fits), key=rank)[1]


def merge_candidates(cands: list[Candidate], min_confidence: float) -> list[Candidate]:
    """Fold mentions of the same event together; drop lone references and weak ones."""
    events: list[Candidate] = []
    for m in cands:
        if m.reference:
            tgt = _target(events, m)
            if tgt is not None:
                tgt.extra_sentences.append(m.span.text)
            continue
        if m.confidence < min_confidence:
            continue
        tgt = _target(events, m)
        if tgt is None:
            events.append(m)
        else:
            _merge_into(tgt, m)
    return events


# --- events -------------------------------------------------------------------


def _country_of(place: Place | None) -> str | None:
    if place is None:
        return None
    return place.name if place.kind == "country" else place.country


def _with_country(actor: str, generic: set[str], country: str | None) -> str:
    """ "Civilians" -> "Civilians (Sudan)" for unnamed actors, when the country is known;
    "Military Forces" -> "Sudan"."""
    if actor in UNNAMED_STATE_FORCES and country:  # a state's forces go by its name
        return country
    return f"{actor} ({country})" if actor in generic and country else actor


def _code_text(code: int | None) -> str | None:
    return None if code is None else str(code)


def _protest_sub_type(c: Candidate) -> str:
    """ACLED's sub-event type of a protest: met with lethal or serious force, with an
    attempt to disperse it, or peaceful."""
    if c.fatalities or c.force >= 2:
        return EXCESSIVE_FORCE
    if c.force == 1:
        return WITH_INTERVENTION
    return taxonomy_category("protest").sub_event_type


def _events_of(
    c: Candidate, article: Article, n: int, group_no: int, generic: set[str], types: ActorTypes
) -> list[Event]:
    cat = taxonomy_category(c.category)
    sub_event_type = _protest_sub_type(c) if c.category == "protest" and \
        c.status == "reported" else cat.sub_event_type
    places: list[Chosen | None] = list(c.places) or [None]
    group = f"{article.id}-g{group_no:03d}" if len(places) > 1 else None
    shares = _split(c.fatalities, len(places))
    notes = [f"also in: {_short(s)}" for s in unique(c.extra_sentences) if s != c.span.text]
    if c.date and article.date is None and not YEAR.search(c.date_text or ""):
        notes.insert(0, f"year {c.date.date.year} taken from the article (it has no date)")
    out = []
    for i, ch in enumerate(places):
        loc = None
        if ch is not None:
            m = ch.mention
            loc = Location(m.place, m.text, m.start, m.end, ch.precision)
        country = _country_of(loc.place if loc else None)
        actors = [_with_country(a, generic, country) for a in c.actors1]
        # "the army" resolves to the state itself: a side is never its own opponent
        seconds = [a for a in c.actors2 if _with_country(a, generic, country) not in actors[:1]]
        targets = [_with_country(a, generic, country) for a in seconds]
        if c.category == "visit" and actors and not targets and country not in (None, *actors):
            targets = [country]  # the host: "will visit Kinshasa and Kigali", leg by leg
        codes = types.event_codes(
            c.actors1[0] if c.actors1 else None,
            seconds[0] if seconds else None,
            loc.place if loc else None,
        )
        out.append(
            Event(
                event_id=f"{article.id}-e{n + i:03d}",
                category=c.category,
                event_type=cat.event_type,
                sub_event_type=sub_event_type,
                status=c.status,
                actor1=actors[0] if actors else None,
                actor2=targets[0] if targets else None,
                assoc_actors=actors[1:] + targets[1:],
                inter1=_code_text(codes.inter1),
                inter2=_code_text(codes.inter2),
                interaction=_code_text(codes.interaction),
                event_date=c.date.date if c.date else None,
                time_precision=c.date.precision if c.date else None,
                date_text=c.date_text,
                fatalities=shares[i],
                location=loc,
                sentence=c.span.text,
                start=c.span.start,
                end=c.span.end,
                trigger=c.trigger.text,
                source=article.source,
                article_id=article.id,
                confidence=c.confidence,
                group_id=group,
                notes="; ".join(notes),
            )
        )
    return out


def _split(total: int | None, n: int) -> list[int | None]:
    """Each line of a multi-place event carries the whole event's figure (count it once)."""
    return [total] * n


def _short(text: str, n: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


# --- public API ---------------------------------------------------------------


def extract_events(
    article: Article,
    toponyms: list[Toponym],
    *,
    lexicon: Lexicon | None = None,
    min_confidence: float = MIN_CONFIDENCE,
    unresolved: Sequence[Toponym] = (),
) -> list[Event]:
    """Code the events of ``article`` given its resolved ``toponyms``.

    ``unresolved`` are place names the gazetteer could not resolve: "the town" after one
    of them refers to it, not to a town named before it.
    """
    lex = lexicon or load_lexicon()
    tps = [_demonym(article.text, t) for t in sorted(toponyms, key=lambda t: t.start)]
    tps = _not_owners(article.text, tps, lex)
    tps = [_near_town(article.text, t, lex) for t in tps]
    countries = {t.place.name: t.place for t in tps if t.place and t.place.kind == "country"}
    coder = _SentenceCoder(lex, article, countries)
    actor_find = actor_finder(lex)
    # a name the actor lexicon knows as a group or a state's organ ("Taliban", "Hamas")
    # is that actor, even when some village bears the same name
    tps = [
        t
        for t in tps
        if t.place is None
        or t.place.kind == "country"
        or (t.text not in actor_find.groups and t.text not in actor_find.states)
    ]
    history = _PlaceHistory(lex, _unknown_towns(article.text, unresolved, lex))
    skip_words = {
        w.lower() for w in [*lex.dates.get("months", {}), *lex.dates.get("weekdays", {})]
    }
    starts = [t.start for t in tps]
    prior_states: list[str] = []
    state_names: set[str] = set()  # actors that stand for a state (demonyms, countries …)
    cands: list[Candidate] = []
    previous: list[Candidate] = []
    recent: tuple[int, list[Chosen]] | None = None  # the last located event's places
    last_dated: ResolvedDate | None = None  # the date of the last dated event told
    talks: list[Chosen] | None = None  # the places of the last talks or visit told
    n = 0  # sentence number
    dl = dateline(article.text, lex)
    dl_end = dl[1] if dl else 0
    filed = _filed_at(tps, dl)
    if filed is not None:
        code = filed.place.country_code
        coder.home_code = code
        coder.home = next((p for p in countries.values() if code and p.country_code == code), None)
    # dateline names are not the lead's places, but "the territory" may refer back to them
    history.seen.extend((t.start, t.place) for t in tps if t.start < dl_end and t.place)
    for s, e in split_sentences(article.text, lang=lex.lang):
        if e <= dl_end:
            continue
        lead = s < dl_end
        s = max(s, dl_end)  # the dateline is not part of the lead sentence
        span = Span.of(article.text, s, e)
        sent_tps = tps[bisect.bisect_left(starts, s) : bisect.bisect_left(starts, e)]
        actors = actor_find.find(span, sent_tps, prior_states)
        places = [  # "Paris will deploy …": a capital standing for its state is no place
            p
            for p in history.sentence_places(span, sent_tps)
            if not any(m.kind == "metonym" and m.start <= p.start < m.end for m in actors)
            # "the Islamic Resistance in Iraq claimed …": a place inside a group's name
            and not any(
                m.kind == "group" and m.start <= p.start and p.end <= m.end
                and (m.start, m.end) != (p.start, p.end)
                for m in actors
            )
        ]
        coded = coder.code(span, places, actors)
        # "attacked a camp in Boulkessi" with the town unknown to the gazetteer: the
        # sentence names its place, so it borrows neither the dateline's nor an earlier one
        unknown = _unknown_town(span, sent_tps, actors, skip_words) or history.names_unknown(span)
        if lead and filed is not None and not unknown:
            _dateline_fallback(coded, filed)
        _venue_place(coded, filed, recent)
        found = _continue_previous(coded, previous, bool(places) or unknown)
        _same_venue(found, talks, coder.cues.same_venue)
        if not unknown:
            _recent_place(found, recent, n)
            if filed is not None:  # a protest called for Saturday: where the story is filed
                planned = [
                    c for c in found if c.status == "planned" and c.category not in DIPLOMACY
                ]
                _dateline_fallback(planned, filed)
        last_dated = _event_relative_dates(found, last_dated, _relative_day_rules(lex))
        cands.extend(found)
        previous = found
        located = [c for c in found if c.places and not c.reference and c.category != "statement"]
        if located:
            recent = (n, located[-1].places)
        met = [c for c in located if c.category in ("meeting", "visit") and c.status == "reported"]
        if met:
            talks = met[-1].places
        n += 1
        prior_states.extend(m.actor for m in actors if m.kind in ("state", "country", "metonym"))
        state_names.update(m.actor for m in actors if m.is_state)
    generic = set((lex.actors.get("generic") or {}).keys())
    types = actor_find.types.with_states(state_names)
    events: list[Event] = []
    for g, c in enumerate(merge_candidates(cands, min_confidence), start=1):
        _default_actors(c, generic, types)
        settle_actors(c, article.text, actor_find, tps)  # article-level actor fixes
        events.extend(_events_of(c, article, len(events) + 1, g, generic, types))
    return events


_IN_TOWN = re.compile(r"\b(?:in|at)\s+((?-i:[A-Z][a-z][\w'’-]+))(?=[\s,.;]|$)(?!\s+(?-i:[A-Z]))")


def _unknown_towns(text: str, unresolved: Sequence[Toponym], lex: Lexicon) -> list[int]:
    """Starts of the unresolved names that the text calls a town ("the village of
    Kafr Nabudah"): small places the gazetteer lacks, not organisations or people."""
    called = _town_of_regex(lex)
    if called is None or not unresolved:
        return []
    return [t.start for t in unresolved if called.search(text, max(0, t.start - 40), t.start)]


@lru_cache(maxsize=8)
def _town_of_regex(lex: Lexicon) -> re.Pattern[str] | None:
    """ "the village of ", "the town of " … at the end of a stretch of text."""
    nouns = [n for n, kinds in _cues(lex).coref_kinds.items() if "city" in kinds]
    if not nouns:
        return None
    return re.compile(rf"\b(?:{'|'.join(map(re.escape, nouns))})\s+of\s+$", re.IGNORECASE)


def _unknown_town(
    span: Span, tps: list[Toponym], actors: list[ActorMention], skip: set[str]
) -> bool:
    """Whether the sentence puts something "in"/"at" a one-word capitalised name that is
    neither a resolved place nor an actor (a village the gazetteer does not know)."""
    for m in _IN_TOWN.finditer(span.text):
        s, e = span.start + m.start(1), span.start + m.end(1)
        if m[1].lower() in skip:
            continue
        if any(t.start < e and s < t.end for t in tps):
            continue
        if any(a.start < e and s < a.end for a in actors):
            continue
        return True
    return False


_DEMONYM_END = ("i", "ian", "ean", "ese", "ish", "an")


def _demonym(text: str, t: Toponym) -> Toponym:
    """A country named by its demonym ("in an Israeli strike") is an adjective even when
    the resolver did not say so: after "a"/"an", or a word ending like a demonym that
    the country's name does not end with."""
    p = t.place
    if t.adjectival or p is None or p.kind != "country" or t.text == p.name:
        return t
    before = text[max(0, t.start - 4) : t.start].lower()
    low, name = t.text.lower(), p.name.lower()
    article = before.endswith((" a ", " an ")) or before in ("an ", "a ")
    ending = any(low.endswith(x) and not name.endswith(x) for x in _DEMONYM_END)
    if article or (ending and low not in name):
        return dataclasses.replace(t, adjectival=True)
    return t


_NEAR_RX: dict[int, re.Pattern[str]] = {}


def _near_town(text: str, t: Toponym, lex: Lexicon) -> Toponym:
    """ "depots near Nabatieh": a place one is near is a town, so a province's namesake
    town the gazetteer ranked close behind it wins (no type word such as "province")."""
    p = t.place
    if p is None or p.kind != "admin1" or t.type_word or not t.candidates:
        return t
    if id(lex) not in _NEAR_RX:
        words = sorted(word_set(lex.cues.get("near") or []), key=len, reverse=True)
        _NEAR_RX[id(lex)] = re.compile(
            rf"\b(?:{'|'.join(map(re.escape, words))})\s+(?:the\s+)?$", re.I
        )
    if not _NEAR_RX[id(lex)].search(text[max(0, t.start - 30) : t.start]):
        return t
    top = max(c.score for c in t.candidates)
    towns = [
        c
        for c in t.candidates
        if c.place.kind == "city" and c.place.country_code == p.country_code
        and c.score >= top - 0.15
    ]
    if not towns:
        return t
    return dataclasses.replace(t, place=max(towns, key=lambda c: c.score).place)


_OWNER_RX: dict[int, re.Pattern[str] | None] = {}


def _not_owners(text: str, tps: list[Toponym], lex: Lexicon) -> list[Toponym]:
    """Toponyms that may be places: not a name heading a group ("the Sinaloa cartel")
    nor the owner of a building abroad ("the U.S. embassy in Baghdad")."""
    if id(lex) not in _OWNER_RX:
        heads = [*(lex.actors.get("group_heads") or []), *(lex.actors.get("owner_heads") or [])]
        _OWNER_RX[id(lex)] = compile_phrases([str(h) for h in heads])
    rx = _OWNER_RX[id(lex)]
    if rx is None:
        return tps
    heads = set(_cues(lex).coref_kinds) | {
        w.lower() for w in lex.cues.get("place_heads") or [] if " " not in w
    }
    out = []
    for t in tps:
        m = rx.match(text, t.end + 1) if text[t.end : t.end + 1] == " " else None
        if t.adjectival or (m is None and not _fragment(text, t, heads)):
            out.append(t)
    return out


_NAME_GOES_ON = re.compile(r"[ ](?:(?:al|el|ad|as|ash|ar|at|an|ibn|bin)-\w|(?-i:[A-Z][a-z]))")


def _fragment(text: str, t: Toponym, heads: set[str]) -> bool:
    """Whether a toponym is only the start of a longer name ("Ain" of "Ain al-Asad air
    base", "Green" of "Green Zone"): the name goes on after it with no type word."""
    if t.type_word or t.place is None or t.place.kind == "country":
        return False
    m = _NAME_GOES_ON.match(text, t.end)
    if not m:
        return False
    words = re.findall(r"[\w-]+", text[t.end : t.end + 60])[:4]
    low = [w.lower() for w in words]
    if low and (low[0] in heads or _MONTHISH.fullmatch(low[0])):
        return False
    # "Tbilisi State University", "Kabul International Airport": the city's own building
    return not any(w in _INSTITUTIONS for w in low)


_INSTITUTIONS = frozenset(
    "university airport stadium square hospital prison jail port station market bridge "
    "mosque church cathedral park hotel palace court courthouse embassy parliament "
    "school college".split()
)


_MONTHISH = re.compile(  # "Kyiv Monday", "Gaza Sept": a date, not more of the name
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t|tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day|(?:tue|wed|thu|fri|sat|sun)"
)


@lru_cache(maxsize=8)
def _relative_day_rules(lex: Lexicon) -> tuple[tuple[re.Pattern[str], int], ...]:
    """("a day earlier" regex, -1) … from the dates lexicon's ``event_relative``."""
    by_offset: dict[int, list[str]] = {}
    for phrase, offset in (lex.dates.get("event_relative") or {}).items():
        by_offset.setdefault(int(offset), []).append(str(phrase))
    rules = ((compile_phrases(phrases), offset) for offset, phrases in by_offset.items())
    return tuple((rx, offset) for rx, offset in rules if rx is not None)


def _event_relative_dates(found: list[Candidate], last: ResolvedDate | None,
                          rules: tuple[tuple[re.Pattern[str], int], ...]
                          ) -> ResolvedDate | None:
    """ "A day earlier, gunmen attacked …": an event with no date of its own, told relative
    to the event before it, takes that event's date moved by the offset. Returns the date
    of the last dated event, for the sentences after."""
    for c in found:
        if c.date is None and last is not None and not c.reference:
            for rx, offset in rules:
                hit = rx.search(c.span.text)
                if hit:
                    shift = dt.timedelta(days=offset)
                    c.date = ResolvedDate(last.date + shift, last.precision, last.lo + shift,
                                          last.hi + shift)
                    c.date_text = hit[0]
                    c.notes.append("date counted from the event told before")
                    break
        if c.date is not None and c.status == "reported" and not c.reference:
            last = c.date  # "captured in fighting last year" dates nothing told after it
    return last


RECENT_SENTENCES = 3  # an unlocated event takes the place of a located one this close


def _recent_place(found: list[Candidate], recent: tuple[int, list[Chosen]] | None, n: int) -> None:
    """An unlocated event happened where another event of its sentence did ("police in
    Tbilisi detained 14 people after a march on Rustaveli Avenue"), else where the story
    last was ("police detained 22 people, the ministry said" after "clashes in Belgrade")."""
    here = [c.places for c in found if c.places and not c.reference and c.category not in _SPOKEN]
    if not here and (recent is None or n - recent[0] > RECENT_SENTENCES):
        return
    for c in found:  # talks told with no place are mostly talks told before: left alone
        # a march called for Saturday is not where Sunday's rallies were
        if not c.places and not c.reference and c.category not in _SPOKEN \
                and c.status != "planned":
            c.places = list(here[0] if here else recent[1])
            c.notes.append("place of another event of the sentence" if here
                           else "place from an earlier sentence")
            c.confidence = round(c.confidence - 0.05, 3)


def _same_venue(
    found: list[Candidate], talks: list[Chosen] | None, rx: re.Pattern[str] | None
) -> None:
    """ "On the sidelines, A and B signed a memorandum": where the talks told before were."""
    if not talks or rx is None:
        return
    for c in found:
        if c.category in DIPLOMACY and not c.places and not c.reference and rx.search(c.span.text):
            c.places = list(talks)
            c.notes.append("place of the talks told before")


def _venue_place(
    cands: list[Candidate], filed: PlaceMention | None, recent: tuple[int, list[Chosen]] | None
) -> None:
    """A statement made at an unnamed news conference or briefing: the dateline's town
    (precision 2), else the place of the story's last located event; else dropped."""
    for c in list(cands):
        if c.category != "statement" or c.places or _UNNAMED_VENUE not in c.notes:
            continue
        if filed is not None:
            att = Attachment(filed, 0, 0, "none", 0, "", True, False, False)
            c.places = [Chosen(att, max(geo_precision(filed.place), 2))]
        elif recent is not None:
            c.places = list(recent[1])
        else:
            cands.remove(c)


def _filed_at(tps: list[Toponym], dl: tuple[int, int] | None) -> PlaceMention | None:
    """The dateline's place: its first town (else its first place), if resolved."""
    if dl is None:
        return None
    named = [t for t in tps if dl[0] <= t.start < dl[1] and t.place is not None]
    towns = [t for t in named if t.place.kind in ("city", "site")] or named
    if not towns:
        return None
    t = towns[0]
    return PlaceMention(t.start, t.end, t.text, t.place, t.type_word)


def _dateline_fallback(cands: list[Candidate], filed: PlaceMention) -> None:
    """Events of the lead sentence that name no place: where the story was filed
    (precision 2 at best: the dateline is not a statement of where it happened)."""
    att = Attachment(filed, 0, 0, "none", 0, "", False, False, False)
    prec = max(geo_precision(filed.place), 2)
    for c in cands:
        if not c.places and not c.reference and c.category != "statement":
            c.places = [Chosen(att, prec)]
            c.notes.append("place from the dateline")
            c.confidence = round(c.confidence - 0.05, 3)


def _continue_previous(
    found: list[Candidate], previous: list[Candidate], has_places: bool
) -> list[Candidate]:
    """Read a sentence that names no place as going on from the sentence before.

    "A man was killed." after a located strike adds its toll to that strike; an
    unlocated violent event takes the place of the previous sentence's violent
    event (noted, confidence -0.05).
    """
    before = [c for c in previous if c.category not in _SPOKEN and not c.reference]
    if has_places or not before:
        return found
    out = []
    for c in found:
        if c.trigger.entry.group == "fallback" and c.category in ("attack", "clash"):
            if before[-1].fatalities is None:
                before[-1].fatalities = c.fatalities
            before[-1].extra_sentences.append(c.span.text)
            continue
        located = [b for b in before if b.places]
        violent = [b for b in located if is_violent(b.category) and b.category != c.category]
        if c.category == "destruction" and not c.places and violent:
            # "… ambushed two lorries on the road to X. The cargo was looted and the
            # vehicles burned.": the damage done in that attack
            violent[-1].extra_sentences.append(c.span.text)
            continue
        same = [b for b in located if b.category == c.category and b.status == c.status]
        if same and not c.places and not c.reference and c.category not in _SPOKEN:
            # "… drones hit Odesa. Air defences downed 11 of 14 drones.": the same strike
            if same[-1].fatalities is None:
                same[-1].fatalities = c.fatalities
            same[-1].extra_sentences.append(c.span.text)
            continue
        if c.category not in _SPOKEN and not c.places and not c.reference and located \
                and (c.status != "planned" or located[-1].status == "planned"):
            c.places = list(located[-1].places)
            c.notes.append("place from the previous sentence")
            c.confidence = round(c.confidence - 0.05, 3)
        out.append(c)
    return out


#: Events whose target, when no actor is named, is civilians, as ACLED codes them: attacks
#: and abductions (violence against civilians), arrests, looting and destruction of property.
_CIVILIAN_TARGETS = frozenset({"attack", "abduction", "arrest", "destruction"})


def _default_actors(c: Candidate, generic: set[str], types: ActorTypes) -> None:
    """Protesters for protests, rioters for riots; civilians are never the initiator.

    Security forces named among a crowd's agents ("police fired tear gas at protesters"),
    and anyone else among a protest's, met the crowd: they are the event's second actor, as
    in ACLED, not its associates.
    """
    default = {"protest": "Protesters", "riot": "Rioters"}.get(c.category)
    if "Civilians" in c.actors1:
        c.actors1.remove("Civilians")
        if not default:  # residents who riot are the rioters, not their victims
            c.actors2 = unique(["Civilians", *c.actors2])
    if c.category == "clash" and "Civilians" in c.actors2:
        c.actors2.remove("Civilians")  # residents who hid from fighting did not fight
    if c.category in _CIVILIAN_TARGETS and not c.actors2 and "Civilians" in generic:
        c.actors2 = ["Civilians"]  # "police arrested five people", "gunmen seized two men"
    if default and default in generic:
        crowd = ("Protesters", "Rioters")
        # forces met the crowd, and so did anyone who used force on a protest ("Gunmen
        # opened fire on protesters"); "Hamas supporters rallied" keeps Hamas an associate
        forces = [a for a in c.actors1 if a not in crowd and (
            types.is_security_force(a) or c.category == "protest" and c.force >= 2)]
        c.actors1 = [default, *(a for a in c.actors1 if a not in crowd and a not in forces)]
        c.actors2 = unique([*forces, *(a for a in c.actors2 if a not in crowd)])


def second_look(
    text: str, toponyms: list[Toponym], gazetteer: Resolver, lexicon: Lexicon | None = None
) -> list[Toponym]:
    """Capitalised names after locative words ("In Mombasa, ...") that the gazetteer's
    first pass left out, resolved in context; known actors ("the Rapid Support Forces")
    are not looked at. Unresolved ones are returned too (place None) for reporting."""
    lex = lexicon or load_lexicon()
    actors = actor_finder(lex)
    spans = [(s, e) for s, e in place_spans(text, toponyms, lex)
             if actors.normalise(text[s:e]) is None and not _organisation(text[s:e])]
    return list(gazetteer.resolve(text, spans=spans)) if spans else []


#: Last words of organisation and armed-group names ("a faction of the Sinaloa Cartel"):
#: such a name after a locative word is no place to look up, nor to report as unresolved.
ORGANISATION_ENDS = gazetteer_en.ACTOR_NOUNS | gazetteer_en.ORG_WORDS - frozenset(
    # names that are also places a story can happen at, or businesses named after one
    "airlines airways bank club college fc hospital institute university".split())


def _organisation(name: str) -> bool:
    words = name.split()
    return len(words) > 1 and words[-1].lower() in ORGANISATION_ENDS


def resolve_places(
    article: Article, gazetteer: Resolver, lexicon: Lexicon | None = None
) -> list[Toponym]:
    """Toponyms of the article: the gazetteer's plus a second look's (unresolved ones with
    place None)."""
    tps = list(gazetteer.resolve(article.text))
    more = second_look(article.text, tps, gazetteer, lexicon)
    return sorted([*tps, *more], key=lambda t: t.start)


def extract(article: Article, gazetteer: Resolver, **kwargs: object) -> list[Event]:
    """Geoparse ``article`` with ``gazetteer`` and code its events."""
    lex = kwargs.get("lexicon")
    tps = resolve_places(article, gazetteer, lex if isinstance(lex, Lexicon) else None)
    return extract_events(article, [t for t in tps if t.place],  # type: ignore[arg-type]
                          unresolved=[t for t in tps if not t.place], **kwargs)


__all__ = ["Candidate", "Fatalities", "extract", "extract_events", "merge_candidates"]
