"""Choosing where an event happened among the places named in its sentence.

A place counts for a trigger when a locative word governs it ("in", "near",
"along", "shelled ...") or it modifies the trigger ("the Sochi meeting"). Places
in a reporting clause ("said in Ankara"), topics of talks ("talks on Idlib"),
possessors ("Syria's Idlib") and places that another trigger holds closer are
left out. The nearest place wins (token distance, plus a cost for each clause
boundary crossed); places coordinated with it ("in Idlib and Afrin") come along.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import shapely

from gazetteer.distance import km_between
from gazetteer.records import Place
from geomap.events.lexicon import Lexicon, compile_phrases
from geomap.events.tokens import Span, word_set

SAME_PLACE_KM = 10.0  # two town-level places this close are one event's place
MAX_COST = 22  # farther places are not attached
MAX_FILLER = 5  # words allowed between a preposition and its place
SMALL_REGION = 0.5  # square degrees: a region smaller than this is district-size


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A resolved, non-adjectival place named in the text (or referred to: "the enclave")."""

    start: int
    end: int
    text: str
    place: Place
    type_word: str | None = None
    coref: bool = False


@dataclass(frozen=True, slots=True)
class Attachment:
    """How a place mention is attached in its sentence."""

    mention: PlaceMention
    first: int  # token index of the mention
    last: int  # token index after the mention
    gov: str  # locative, near, destination, verb, none
    gov_tok: int  # token index where the governing phrase starts
    gov_text: str
    reporting: bool  # the place of a reporting clause ("said in Ankara")
    possessor: bool  # "Syria's" in "Syria's Idlib"
    modifier: bool  # "Black Sea" in "a Black Sea resort town"


@dataclass(frozen=True, slots=True)
class Chosen:
    attachment: Attachment
    precision: int

    @property
    def mention(self) -> PlaceMention:
        return self.attachment.mention


def geo_precision(place: Place, gov: str = "", modifier: bool = False) -> int:
    """ACLED geo_precision: 1 a town or site, 2 near a town or a district-size region, 3 wider."""
    if place.kind in ("city", "site"):  # "the Ain al-Asad air base" is the site itself
        return 2 if gov == "near" or (modifier and place.kind == "city") else 1
    if place.kind == "region" and place.bbox:
        minx, miny, maxx, maxy = place.bbox
        if (maxx - minx) * (maxy - miny) <= SMALL_REGION:
            return 2
    return 3


class LocationChooser:
    """Attachment rules compiled from the cues lexicon."""

    def __init__(self, lexicon: Lexicon) -> None:
        c = lexicon.cues
        self.govs = [
            ("near", compile_phrases(c.get("near") or [])),
            ("verb", compile_phrases(c.get("locative_verbs") or [])),
            ("locative", compile_phrases(c.get("locative") or [])),
            ("destination", compile_phrases(c.get("destination") or [])),
        ]
        self.reporting = compile_phrases(c.get("reporting") or [])
        self.reporting_words = word_set(c.get("reporting") or []) | {"according"}
        self.topic = compile_phrases(c.get("topic") or [])
        self.topic_words = word_set(c.get("topic") or [])
        self.topic_cats = set(c.get("topic_categories") or [])
        self.dest_cats = set(c.get("destination_categories") or [])
        self.excluded = {k: set(v) for k, v in (c.get("excluded_kinds") or {}).items()}
        self.breaks = set(c.get("clause_breaks") or [])
        self.heads = word_set(c.get("place_heads") or [])
        self.route_heads = word_set(c.get("route_heads") or [])
        # type words of an area larger than a town ("province", "district")
        self.area_words = {
            w.lower() for w, kinds in (c.get("coreference") or {}).items() if "city" not in kinds
        }
        self.stop_words = self.breaks | self.reporting_words
        # "on Thursday", "on Sept. 29": a date, not what talks or a deal are about
        self.date_words = {w.lower() for w in [*lexicon.dates.get("months", {}),
                                               *lexicon.dates.get("weekdays", {})]}

    # --- attachments -----------------------------------------------------------

    def attach(
        self, span: Span, mentions: list[PlaceMention], blocked: frozenset[int] = frozenset()
    ) -> list[Attachment]:
        """How each place mention of the sentence is governed.

        ``blocked``: token indices of event triggers (a reporting clause does not
        reach across one).
        """
        ends: dict[int, tuple[str, int, str]] = {}
        for tag, rx in self.govs:
            for s, e, t in span.find(rx):
                last = span.tok_before(e)
                first = span.tok_at(s)
                cur = ends.get(last)
                if cur is None or first < cur[1]:
                    ends[last] = (tag, first, t)
        toks = [(span.tok_at(m.start), span.tok_before(m.end) + 1) for m in mentions]
        out = []
        for idx, m in enumerate(mentions):
            first, last = toks[idx]
            gov, gtok, gtext = self._governor(span, first, ends, toks)
            reporting = gov in ("locative", "near") and self._in_reporting(span, gtok, blocked)
            nxt = span.tokens[last].low if last < len(span.tokens) else ""
            possessor = nxt in ("'s", "’s") and any(t[0] in (last + 1, last + 2) for t in toks)
            modifier = m.type_word is None and self._head_follows(span, last)
            out.append(Attachment(m, first, last, gov, gtok, gtext, reporting, possessor, modifier))
        return out

    def _governor(
        self,
        span: Span,
        first: int,
        ends: dict[int, tuple[str, int, str]],
        toks: list[tuple[int, int]],
    ) -> tuple[str, int, str]:
        filler = 0
        k = first - 1
        while k >= 0 and filler <= MAX_FILLER:
            if k in ends:
                tag, gtok, text = ends[k]
                return tag, gtok, text
            tok = span.tokens[k]
            low = tok.low
            inside_place = any(a <= k < b for a, b in toks)
            if low in ("'s", "’s") or inside_place:
                k -= 1
                continue
            if not tok.is_word or low in self.stop_words:
                break
            if low == "of" and (k == 0 or span.tokens[k - 1].low not in self.heads):
                break  # "the embassies of Rwanda": Rwanda is not where it happened
            if low == "with" and k > 0 and span.tokens[k - 1].low in _SOLIDARITY:
                break  # "marched in solidarity with Gaza": the cause, not the place
            filler += 1
            k -= 1
        return "none", first, ""

    def _in_reporting(self, span: Span, gtok: int, blocked: frozenset[int]) -> bool:
        """Whether a reporting word stands just before the governing phrase."""
        for k in range(gtok, max(gtok - 5, -1), -1):
            tok = span.tokens[k]
            if tok.low in self.reporting_words:
                prev = span.tokens[k - 1].low if k > 0 else ""
                # "the deadliest reported in the region": a participle ranking an event
                return not (prev in _RANKED or (len(prev) > 4 and prev.endswith("est")))
            if k < gtok and (not tok.is_word or tok.low in self.breaks or k in blocked):
                return False
            if k < gtok and tok.low in _CLAUSE_VERBS:
                return False  # "said troops would remain in X": X is in what was said
        return False

    def _head_follows(self, span: Span, last: int) -> bool:
        for k in range(last, min(last + 3, len(span.tokens))):
            low = span.tokens[k].low
            if low in self.heads:
                return True
            if not span.tokens[k].is_word or low in self.breaks:
                return False
        return False

    # --- choice ----------------------------------------------------------------

    def eligible(self, span: Span, a: Attachment, category: str, trig: tuple[int, int]) -> bool:
        """Whether attachment ``a`` may locate an event of ``category`` at trigger tokens."""
        kind = a.mention.place.kind
        if kind in self.excluded.get(category, ()):
            return False
        if a.reporting != (category == "statement"):
            return False
        if a.gov == "destination" and category not in self.dest_cats:
            return False
        if a.gov_tok > 0 and span.tokens[a.gov_tok - 1].low in _BASE_WORDS:
            return False  # "groups based in Idlib": where an actor is, not the event
        if a.gov == "none":
            before = a.last <= trig[0] and trig[0] - a.last <= 3
            if kind == "country" or not (before or _passive_subject(span, a, trig)):
                return False
        if category in self.topic_cats:
            if a.gov_text.lower() in self.topic_words:
                return False
            if (
                a.first >= trig[1]
                and self._topic_between(span, trig[1], a.gov_tok + 1)
                and not self._venue(span, a)
            ):
                return False
        return True

    def _venue(self, span: Span, a: Attachment) -> bool:
        """ "signed a memorandum on energy cooperation in Baku on Monday": a town "in"/"at"
        right before the date or the end of the sentence is where it took place."""
        if a.gov != "locative" or a.mention.place.kind not in ("city", "site"):
            return False
        if a.gov_text.lower() not in ("in", "at"):
            return False
        nxt = span.tokens[a.last].low if a.last < len(span.tokens) else "."
        return nxt in _VENUE_NEXT

    def _topic_between(self, span: Span, i: int, j: int) -> bool:
        if j <= i:
            return False
        a, b = span.tokens[i].start, span.tokens[j - 1].end
        if self.topic is None:
            return False
        text = span.text[a - span.start : b - span.start]
        for m in self.topic.finditer(text):
            after = text[m.end():].split(maxsplit=1)
            dated = bool(after) and after[0].rstrip(".,").lower() in self.date_words
            if m.group().lower() == "on" and dated:
                continue  # "exchanged prisoners on Thursday in X": a date, not a topic
            return True
        return False

    def cost(self, span: Span, a: Attachment, trig: tuple[int, int]) -> float:
        """Distance in tokens from trigger tokens ``trig`` to the place, plus penalties."""
        if a.first >= trig[1]:
            lo, hi, extra = trig[1], a.gov_tok, 0.0
        else:
            lo, hi, extra = a.last, trig[0], 2.0
        breaks = sum(1 for t in span.tokens[lo:hi] if t.low in self.breaks)
        dist = max(hi - lo, 0)
        if a.gov == "none":
            extra += 3
        if _fronted(span, a):  # "In Mombasa, police detained ...": the place of the whole
            # sentence, however long ("In Baghdad on Thursday, the prime minister and … held")
            return min(dist + 3 * breaks + extra - 3, FRONTED_COST)
        return dist + 3 * breaks + extra

    def choose(
        self,
        span: Span,
        atts: list[Attachment],
        category: str,
        trig: tuple[int, int],
        rivals: list[tuple[int, int]],
    ) -> list[Chosen]:
        """The place(s) of an event whose trigger spans tokens ``trig``.

        ``rivals`` are the token spans of the sentence's other triggers of other
        categories: a place nearer to one of them is left to it. Among places
        close in cost, one inside another wins ("outside Georgia's parliament in
        Tbilisi" -> Tbilisi).
        """
        fit = [a for a in atts if self.eligible(span, a, category, trig)]
        pool = [a for a in fit if not self._possessor_of_better(a, fit)]
        scored = []
        for a in pool:
            c = self.cost(span, a, trig)
            if c > MAX_COST:
                continue
            if any(self.cost(span, a, r) + 2 < c and abs(r[0] - trig[0]) > 3 for r in rivals):
                continue
            scored.append((c, a.first, a))
        if not scored:
            return []
        scored.sort(key=lambda x: (x[0], x[1]))
        best_cost, _, best = scored[0]
        for c, _, a in scored[1:]:
            if c <= best_cost + 8 and _inside(a.mention.place, best.mention.place):
                best = a
                break
        usable = [a for a in atts if self._usable(a, category)]
        best = self._situated(span, best, fit)
        best = self._head_of(span, best, fit)
        # "in Jamundí, south of Cali, on Sunday, killing …": a bearing only situates the
        # place before it, which is the event's
        best = next((a for a in fit if a.last < best.first and _situating(span, a, best)), best)
        line = self._between(span, best, usable)
        if line is not None:
            return [line]
        group = self._coordinated(span, best, usable, rivals)
        # "in and around Sudzha", "Sudzha … the town of Sudzha": one place named twice
        group = [a for i, a in enumerate(group)
                 if all(a.mention.place.key != g.mention.place.key for g in group[:i])]
        # "the outskirts of Naqoura and Marjayoun": the first place's governor covers the list
        shared = group[0].gov if group[0].gov in ("near", "locative", "verb") else ""
        return [
            Chosen(a, self._precision(a, a.gov if a.gov != "none" else shared)) for a in group
        ]

    def _precision(self, a: Attachment, gov: str) -> int:
        """geo_precision, and 2 for a town named with an area word ("Afrin province",
        "the Masisi district"): the area around the town, which the gazetteer lacks."""
        p = geo_precision(a.mention.place, gov, a.modifier)
        area = (a.mention.type_word or "").lower() in self.area_words
        return 2 if p == 1 and area and a.mention.place.kind == "city" else p

    def _head_of(self, span: Span, best: Attachment, fit: list[Attachment]) -> Attachment:
        """ "in the Danube port of Izmail": a place qualifying a place noun followed by
        "of" and a name only qualifies it; the named place is where it happened."""
        for b in fit:
            words = span.words(best.last, b.first)
            if len(words) == 2 and words[0] in self.heads and words[1] == "of" and \
                    words[0] not in _BEARINGS:  # "the Red Sea west of Hodeidah": a bearing
                return b
        return best

    def _situated(self, span: Span, best: Attachment, fit: list[Attachment]) -> Attachment:
        """ "on Lido beach in Mogadishu": a name situated "in" a place of another country
        was resolved to the wrong namesake; the place that situates it wins."""
        for b in fit:
            if not 0 < b.first - best.last <= 3 or b.gov != "locative":
                continue
            if "in" not in span.words(best.last, b.first):
                continue
            pa, pb = best.mention.place, b.mention.place
            if pa.country_code and pb.country_code and pa.country_code != pb.country_code:
                return b
        return best

    def _between(self, span: Span, best: Attachment, pool: list[Attachment]) -> Chosen | None:
        """ "on the road between Mueda and Mocímboa da Praia": the stretch of road as a
        line between the two towns (precision 2); the first town at precision 2 when
        the other one is unknown."""
        ordered = sorted({id(a): a for a in [*pool, best]}.values(), key=lambda a: a.first)
        i = ordered.index(best)
        if best.mention.place.kind == "route":
            # "on the M4 highway between Saraqeb and Jisr al-Shughour": the named route's
            # stretch between the two towns, when both are known
            nxt = ordered[i + 1] if i + 1 < len(ordered) else None
            if (
                nxt is not None
                and span.words(best.last, nxt.first) in (["between"], ["from"])
                and nxt.mention.place.kind in ("city", "site")
            ):
                line = self._between(span, nxt, pool)
                if line is not None and line.attachment is not nxt:
                    return line
        for a, b in zip(ordered, ordered[1:], strict=False):
            if best in (a, b) and self._dashed_route(span, a, b):
                return self._line(span, a, b)  # "on the Maiduguri–Damboa road"
        first = best
        if i > 0 and span.words(ordered[i - 1].last, best.first) == ["and"]:
            first = ordered[i - 1]
        if first.first < 2 or span.tokens[first.first - 1].low not in _LINE_WORDS:
            return None
        head = span.words(max(first.first - 5, 0), first.first - 1)
        if not self.route_heads & set(head):
            return None
        j = ordered.index(first)
        second = ordered[j + 1] if j + 1 < len(ordered) else None
        town = ("city", "site")
        if (
            second is None
            or span.words(first.last, second.first) not in (["and"], ["to"])
            or first.mention.place.kind not in town
            or second.mention.place.kind not in town
            or km_between(first.mention.place, second.mention.place) > MAX_LINE_KM
        ):
            return Chosen(first, 2) if first.mention.place.kind in town else None
        return self._line(span, first, second)

    def _dashed_route(self, span: Span, a: Attachment, b: Attachment) -> bool:
        """ "the Maiduguri–Damboa road", "the Kabul-Jalalabad highway": two towns joined by
        a dash, a route noun right after the second."""
        gap = span.text[a.mention.end - span.start : b.mention.start - span.start]
        after = span.text[b.mention.end - span.start :].split(maxsplit=1)
        town = ("city", "site")
        return (
            gap.strip() in ("-", "–", "—")
            and bool(after)
            and after[0].lower().strip(".,;") in self.route_heads
            and a.mention.place.kind in town
            and b.mention.place.kind in town
            and km_between(a.mention.place, b.mention.place) <= MAX_LINE_KM
        )

    def _line(self, span: Span, first: Attachment, second: Attachment) -> Chosen:
        """The stretch of road between two towns, a line at precision 2."""
        pa, pb = first.mention.place, second.mention.place
        m0, m1 = first.mention, second.mention
        mention = PlaceMention(
            m0.start,
            m1.end,
            span.text[m0.start - span.start : m1.end - span.start],
            line_between(pa, pb),
        )
        att = Attachment(
            mention,
            first.first,
            second.last,
            first.gov,
            first.gov_tok,
            first.gov_text,
            first.reporting,
            False,
            False,
        )
        return Chosen(att, 2)

    def _usable(self, a: Attachment, category: str) -> bool:
        """Filters that apply to places coordinated with a chosen one."""
        if a.mention.place.kind in self.excluded.get(category, ()):
            return False
        return a.reporting == (category == "statement") and not a.possessor

    def _possessor_of_better(self, a: Attachment, atts: list[Attachment]) -> bool:
        """A possessor ("Syria's") yields to the place it qualifies, if that one is fit."""
        if not a.possessor:
            return False
        return any(b.first in (a.last + 1, a.last + 2) for b in atts)

    def _coordinated(
        self,
        span: Span,
        best: Attachment,
        pool: list[Attachment],
        rivals: list[tuple[int, int]] | None = None,
    ) -> list[Attachment]:
        """``best`` and the places joined to it by "and" or commas, in text order."""
        pool = sorted({id(a): a for a in [*pool, best]}.values(), key=lambda a: a.first)
        i = pool.index(best)
        group = [best]
        for step in (1, -1):
            cur, j = best, i + step
            while 0 <= j < len(pool):
                nxt = pool[j]
                a, b = (cur, nxt) if step == 1 else (nxt, cur)
                joined = self._joined(span, a, b) or _parallel(span, a, b, rivals or [])
                if not joined or _apposition(a, b) or _situating(span, a, b) or \
                        _situated_in(span, a, b):
                    break
                group.append(nxt)
                cur, j = nxt, j + step
        return sorted(group, key=lambda a: a.first)

    def _joined(self, span: Span, a: Attachment, b: Attachment) -> bool:
        if a.first > 0 and span.tokens[a.first - 1].low in ("between", "from"):
            return False  # "the road between Kaya and Dori" is one place
        between = span.tokens[a.last : b.first]
        words = [t.low for t in between]
        if len(words) > 8 or not ({",", "and", "or"} & set(words)):
            return False
        ok = _JOINERS | self.heads
        return all(w in ok or t.text[:1].isupper() for w, t in zip(words, between, strict=True))


FRONTED_COST = 12  # a place fronted before the subject costs at most this
_FRONT_DATE = frozenset(
    "on in last this late early earlier overnight yesterday today the same day night morning "
    "evening afternoon week weekend "
    "monday tuesday wednesday thursday friday saturday sunday".split()
)


_SOLIDARITY = frozenset({"solidarity", "sympathy"})
_BEARINGS = frozenset("east west north south".split())


def _fronted(span: Span, a: Attachment) -> bool:
    """Whether ``a`` opens the sentence as a fronted adverbial: "In Mombasa, …", "In
    Baghdad on Thursday, …" (a short time phrase may follow the place)."""
    if a.gov_tok != 0:
        return False
    for k in range(a.last, min(a.last + 5, len(span.tokens))):
        tok = span.tokens[k]
        if tok.low == ",":
            return True
        if tok.low not in _FRONT_DATE and not tok.low.isdigit():
            return False
    return False


_RANKED = frozenset({"the", "first", "only", "most", "worst", "latest"})
_CLAUSE_VERBS = frozenset(
    "would will had has have was were is are could should might must can may shall".split()
)
_BASE_WORDS = frozenset({"based", "headquartered", "exiled", "living", "residing"})

_VENUE_NEXT = frozenset(
    ". on last this next later earlier yesterday today tomorrow overnight monday tuesday "
    "wednesday thursday friday saturday sunday".split()
)

_JOINERS = frozenset(
    ", and or as well also recently then in at near on along the of both later 's ’s "
    "nearby neighbouring neighboring adjacent surrounding "
    "towns cities villages provinces regions areas districts".split()
) | {","}


_LINE_WORDS = frozenset({"between", "from", "linking", "connecting"})
MAX_LINE_KM = 400.0  # two towns farther apart than this make no road segment


@dataclass(frozen=True, slots=True)
class _Line:
    """Geometry loader of a line between two points (picklable, unlike a lambda)."""

    coords: tuple[tuple[float, float], ...]

    def __call__(self, _key: str) -> bytes:
        from shapely import LineString, to_wkb

        return bytes(to_wkb(LineString(self.coords)))


def line_between(a: Place, b: Place) -> Place:
    """A route place for "the road between A and B": the straight segment A–B."""
    same = a.country_code == b.country_code
    return Place(
        key=f"line:{a.key}|{b.key}",
        name=f"{a.name}–{b.name} road",
        kind="route",
        lat=(a.lat + b.lat) / 2,
        lon=(a.lon + b.lon) / 2,
        geometry_type="LineString",
        country_code=a.country_code if same else None,
        country=a.country if same else None,
        admin1_code=a.admin1_code if same and a.admin1_code == b.admin1_code else None,
        admin1=a.admin1 if same and a.admin1 == b.admin1 else None,
        feature="road",
        source="geomap:between",
        note=f"straight line between {a.name} and {b.name}",
        bbox=(min(a.lon, b.lon), min(a.lat, b.lat), max(a.lon, b.lon), max(a.lat, b.lat)),
        _loader=_Line(((a.lon, a.lat), (b.lon, b.lat))),
    )


def _inside(inner: Place, outer: Place) -> bool:
    """Whether ``inner`` is a narrower place within ``outer`` (by names and kinds)."""
    if inner.key == outer.key or outer.kind in ("city", "site"):
        return False
    if outer.kind == "country":
        return inner.country_code is not None and inner.country_code == outer.country_code
    if outer.kind == "region" and inner.kind in ("city", "site"):  # "Baalbek, in the Bekaa"
        return outer.geometry is not None and shapely.contains_xy(
            outer.geometry, inner.lon, inner.lat)
    return (
        outer.kind == "admin1"
        and bool(inner.admin1)
        and inner.admin1 == outer.admin1
        and inner.kind in ("city", "site")
    )


def _apposition(a: Attachment, b: Attachment) -> bool:
    """ "Bakhmut, Donetsk region" / "Kharkiv, Ukraine": b only situates a."""
    pa, pb = a.mention.place, b.mention.place
    if pb.kind == "country" and pa.kind != "country":
        return True
    if bool(pb.name and pb.name in (pa.admin1, pa.country)):
        return True
    # "Butig, Lanao del Sur": a region around the town named after it situates it
    return (
        pa.kind in ("city", "site")
        and pb.kind in ("admin1", "region")
        and pb.bbox is not None
        and b.first > a.last
        and pb.bbox[0] <= pa.lon <= pb.bbox[2]
        and pb.bbox[1] <= pa.lat <= pb.bbox[3]
        and (pa.country_code is None or pa.country_code == pb.country_code)
    )


def _parallel(span: Span, a: Attachment, b: Attachment, rivals: list[tuple[int, int]]) -> bool:
    """ "struck a vehicle near Amuda and a power station outside Qamishli": two objects of
    one verb, each placed by the same kind of preposition."""
    if a.gov != b.gov or a.gov not in ("near", "locative") or b.gov_tok <= a.last:
        return False
    words = [t.low for t in span.tokens[a.last : b.gov_tok]]
    return (
        words[:1] == ["and"]
        and len(words) <= 5
        and all(t.is_word for t in span.tokens[a.last : b.gov_tok])
        and not any(a.last <= r[0] < b.gov_tok for r in rivals)
    )


_PASSIVE_HIT = re.compile(
    r"(?:was|were|is|are|has been|have been|had been)\s+(?:\w+ly\s+)?"
    r"(?:hit|struck|rocked|pounded|shelled|bombed|attacked|targeted|raided)\s+by\s+"
    r"(?:[\w'’-]+\s+){0,3}$",
    re.I,
)


def _passive_subject(span: Span, a: Attachment, trig: tuple[int, int]) -> bool:
    """ "The town of Kupiansk was hit by heavy shelling": the place is the passive subject."""
    if a.last > trig[0] or trig[0] - a.last > 8:
        return False
    between = span.text[span.tokens[a.last].start - span.start : span.tokens[trig[0]].start
                        - span.start]
    return bool(_PASSIVE_HIT.fullmatch(between.strip() + " "))


def _situated_in(span: Span, a: Attachment, b: Attachment) -> bool:
    """ "near Baalbek, in the Bekaa Valley": b contains a and is told "in" after it, so
    it situates a rather than adding a second place."""
    return "in" in span.words(a.last, b.first) and _inside(a.mention.place, b.mention.place)


_AREA_TYPES = frozenset(
    "district districts province region county state department governorate municipality "
    "prefecture oblast raion".split()
)


def _situating(span: Span, a: Attachment, b: Attachment) -> bool:
    """ "in Janzur, west of the capital": a bearing from b right after a only situates a."""
    words = b.gov_text.lower().split()
    if (
        span.tokens[a.last].text == ","
        and b.gov_text.lower() == "in"
        and b.gov_tok == a.last + 1
        and (b.mention.type_word or "").lower() in _AREA_TYPES
    ):
        return True  # "near Moirang, in Manipur's Bishnupur district": the district situates
    return (
        b.gov == "near"
        and len(words) > 1
        and words[-1] in ("of", "from")
        and b.gov_tok == a.last + 1
        and span.tokens[a.last].text == ","
    )


def places_near(a: list[Chosen], b: list[Chosen], km: float = SAME_PLACE_KM) -> bool:
    """Whether two place lists share a town-level place within ``km`` of each other."""
    return any(
        x.mention.place.kind in ("city", "site")
        and y.mention.place.kind in ("city", "site")
        and km_between(x.mention.place, y.mention.place) <= km
        for x in a
        for y in b
    )


_PARTICLE = r"(?:al|el|ad|as|ash|ar|at|an|da|de|do|dos|das|del|di|du|la|le|of|bin|ibn)[-\s]"
_SENTENCE_END = re.compile(r"(?<=\w{4})\.\s")
_LOW_ARTICLE = r"(?-i:(?:al|el|ad|as|ash|ar|at|an|az|ed|en|es|et)-)"
_NAME = rf"(?-i:[A-Z][\w'’.-]*)(?:\s+(?:{_PARTICLE})?(?-i:[A-Z][\w'’-]*)){{0,3}}"


def _route_follows(text: str, end: int, heads: frozenset[str]) -> bool:
    """Whether a route word follows a name ("M4 highway", "Route 7 road")."""
    nxt = re.match(r"\s+(\w+)", text[end : end + 40])
    return bool(nxt) and nxt[1].lower() in heads


def place_spans(text: str, toponyms: list, lexicon: Lexicon) -> list[tuple[int, int]]:
    """Capitalised names after locative words that no toponym covers (a second look)."""
    c = lexicon.cues
    words = sorted(
        word_set(
            [
                *c.get("locative", []),
                *c.get("near", []),
                *c.get("destination", []),
                *c.get("locative_verbs", []),
                "of",
                "from",
            ]
        )
        | {f"{h} between" for h in word_set(c.get("route_heads") or [])},
        key=len,
        reverse=True,
    )
    rx = re.compile(
        rf"\b(?:{'|'.join(map(re.escape, words))})\s+(?:the\s+)?(?:{_ADJ}\s+)?"
        rf"((?:{_LOW_ARTICLE})?{_NAME})",  # "near al-Malikiyah"
        re.I,
    )
    skip = {
        w.lower() for w in [*lexicon.dates.get("months", {}), *lexicon.dates.get("weekdays", {})]
    }
    taken = [(t.start, t.end) for t in toponyms]
    routes = word_set(c.get("route_heads") or [])
    out = []
    pos = 0
    while (m := rx.search(text, pos)) is not None:
        s, e = m.span(1)
        name = m[1]
        pos = m.end()
        cut = _SENTENCE_END.search(name)  # "toward Masisi. In Kinshasa": two sentences
        if cut:
            name, e = name[: cut.start()], s + cut.start()
            pos = e + 1  # the next sentence may open with a place of its own
        if name.split()[0].lower().rstrip(".") in skip or len(name) < 3:
            continue
        if any(a < e and s < b for a, b in taken):
            continue
        route = name.split()[-1].lower() in routes or _route_follows(text, e, routes)
        if any(ch.isdigit() for ch in name) and not route:
            continue  # "S-400 air defence systems", "F-16 jets": a model, not a place
        out.append((s, e))
    # names coordinated with a governed place: "in Tall Tamr and Derbasiyah",
    # "the outskirts of Naqoura and Marjayoun"
    before = re.compile(rf"\b(?:{'|'.join(map(re.escape, words))})\s+(?:the\s+)?$", re.I)
    heads = [
        (t.start, t.end)
        for t in toponyms
        if t.place is not None
        and not t.adjectival
        and t.place.kind != "country"
        and before.search(text[max(0, t.start - 40) : t.start])
    ]
    # a name the first pass cut short: "Jisr" of "Jisr al-Shughur", "Ain" of "Ain al-Asad"
    for t in toponyms:
        if getattr(t, "type_word", None) or (t.place is not None and t.place.kind == "country"):
            continue
        m = _LONGER.match(text, t.start)
        if (
            m
            and m.end() > t.end
            and not any(a < m.end() and t.end <= b and (a, b) != (t.start, t.end) for a, b in taken)
        ):
            out.append((t.start, m.end()))
    heads += out
    seen = set(out)
    while heads and len(out) < 500:
        _, end = heads.pop()
        m = _COORD.match(text, end)
        if not m:
            continue
        s, e = m.span(1)
        if m[1].split()[0].lower().rstrip(".") in skip or len(m[1]) < 3:
            continue
        if any(a < e and s < b for a, b in taken):
            heads += [(a, b) for a, b in taken if a == s]  # follow the chain
            continue
        if (s, e) not in seen:
            seen.add((s, e))
            out.append((s, e))
            heads.append((s, e))
    return sorted(out)[:500]


_ADJ = (
    r"(?-i:nearby|neighbou?ring|adjacent|central|northern|southern|eastern|western|"
    r"north-?eastern|north-?western|south-?eastern|south-?western|downtown|rural|restive)"
)
_LONGER = re.compile(
    rf"(?-i:[A-Z][\w'’.-]*)(?:\s+{_PARTICLE}(?-i:[A-Z][\w'’-]*)){{1,2}}", re.IGNORECASE
)
_COORD = re.compile(rf"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)(?:the\s+)?({_NAME})")


_COREF_TMPL = r"\bthe\s+(?:[a-z][\w-]*\s+)?({nouns})\b(?!\s+of\b)"


@lru_cache(maxsize=8)
def chooser_for(lexicon: Lexicon) -> LocationChooser:
    """The compiled location rules for a lexicon (cached per lexicon object)."""
    return LocationChooser(lexicon)


@lru_cache(maxsize=8)
def coref_regex(lexicon: Lexicon) -> re.Pattern[str] | None:
    """Regex for "the enclave", "the province" … (nouns from the cues lexicon)."""
    nouns = list((lexicon.cues.get("coreference") or {}).keys())
    if not nouns:
        return None
    return re.compile(_COREF_TMPL.format(nouns="|".join(map(re.escape, nouns))))


# --- datelines ------------------------------------------------------------------

_CAPS = r"(?-i:[A-Z][\w'’.-]*(?:[ /][A-Z][\w'’.-]*){0,3})"
_REGION = r"(?-i:[A-Z][\w'’.-]*(?: (?:of |the )?[A-Z][\w'’.-]*){0,4})"


@lru_cache(maxsize=8)
def _dateline_regex(lexicon: Lexicon) -> re.Pattern[str]:
    months = sorted(
        {m.capitalize() for m in (lexicon.dates.get("months") or {})}, key=len, reverse=True
    )
    month = rf"(?-i:{'|'.join(map(re.escape, months)) or 'Jan'})\.?"
    date = rf"(?:{month}\s+\d{{1,2}}|\d{{1,2}}\s+{month})(?:,?\s+\d{{4}})?"
    agency = r"\((?-i:[A-Z][\w .&-]{0,30})\)"
    return re.compile(
        rf"\A\s*({_CAPS})((?:,\s*{_REGION})*?)(,\s*{date})?\s*(?:{agency})?\s*(?:—|–|--|-)\s+"
    )


def dateline(text: str, lexicon: Lexicon) -> tuple[int, int] | None:
    """(start, end) of a wire dateline opening ``text`` ("PESHAWAR, Pakistan, June 18 — "):
    end is where the lead sentence begins. None when the text has no dateline.

    The dateline says where the story was filed, not where its events happened: its
    names are neither places nor actors of the lead sentence (the city is only a
    fallback place for it, see ``geomap.events.extractor``).
    """
    m = _dateline_regex(lexicon).match(text[:300])
    if not m or not any(c.isalpha() for c in m[1]) or len(m[1].replace(".", "")) < 2:
        return None
    if m[1] != m[1].upper() and not m[3]:
        return None  # "Kyiv, May 14 —" needs its date; "KYIV —" does not
    return m.start(1), m.end()
