"""Find place mentions in text and rank their candidates with the evidence a reader uses.

Stages: tokenise → candidate spans (capitalised n-grams checked against the
memory-mapped name filter; words of a script without case, and Latin words where the
text's case marks no names — all lower case, a line in capitals or in Title Case — by a
scan guarded by English word frequency) → filter spans that are parts of other names,
titles, acronyms or common words → rank candidates (name match, kind and population
prior, type words, containment hints, the document's other places, along a river or sea
for one of several countries) → one sense per discourse → drop small namesakes far from
everything else the text names.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from gazetteer.distance import km_to_area
from gazetteer.lang import en
from gazetteer.normalize import normalize, skeleton
from gazetteer.records import Candidate, Place, Toponym

if TYPE_CHECKING:  # pragma: no cover
    from gazetteer.store import Store

TOKEN = re.compile(r"\w+(?:[’'\-]\w+)*(?:[’']s?)?")
MAX_CANDIDATES = 40
CHUNK_REACH = 6  # tokens looked at on each side of a mention for its capitalised chunk
UNKNOWN_POPULATION = 2000  # GeoNames lists some towns ≥ 500 people with population 0
MAX_TEXT = 2_000_000  # characters resolved per call; longer texts are resolved in windows
MEMO_SIZE = 50_000  # names remembered per memo before it is emptied

#: Evidence weights. The score of a candidate is the sum of its evidence.
WEIGHTS = {
    "prior": 1.0,  # kind and population
    "name": 0.25,  # primary name vs alternate
    "type_word": 0.8,  # "province", "highway" next to the mention agrees with the kind
    "type_clash": -0.6,  # a type word that disagrees
    "containment": 1.2,  # "Moscow, Idaho", "Syria's Afrin"
    "doc_country": 0.6,  # share of the document's places in the candidate's country
    "doc_admin1": 0.6,  # share of the document's places in the candidate's admin-1
    "discourse": 0.3,  # the same name resolved with a type word elsewhere in the text
}


def prior(place: Place) -> float:
    """How likely a place is meant, before context: by kind and population."""
    return prior_of(place.kind, place.population, place.feature)


def prior_of(kind: str, population: int, feature: str) -> float:
    """``prior`` from a place's kind, population and feature code."""
    if kind == "country":
        return 1.0
    if kind in ("region", "sea", "route", "site"):
        return 0.85
    if kind == "admin1":
        return 0.72
    pop_score = 0.25 + 0.1 * math.log10((population or UNKNOWN_POPULATION) + 1)
    capital = 0.1 if feature == "PPLC" else 0.0
    return min(pop_score, 0.97) + capital


#: Evidence for how a name matched: a place's own name, its demonym, another of its names.
NAME_SCORES = {"exact": 1.0, "adjective": 0.8, "alternate": 0.6}


@dataclass(slots=True)
class _Token:
    start: int
    end: int  # end without a possessive suffix
    text: str
    possessive: bool
    capitalised: bool


@dataclass(slots=True)
class _Mention:
    first: int  # token indices
    last: int
    start: int
    end: int
    text: str
    key: str
    adjectival: bool = False
    type_word: str | None = None
    kinds: tuple[str, ...] = ()
    candidates: list[Candidate] = field(default_factory=list)
    rows: list[tuple[int, str, str]] = field(default_factory=list)
    reason: str = ""
    container: bool = False  # "Paris, Texas": the name after the comma holds the one before
    uncased: bool = False  # written in a script without letter case ("إدلب")
    caseless: bool = False  # Latin words whose case says nothing ("shelling in kharkiv")
    held: bool = False  # "Paris, Texas": Paris, the name a container follows
    dateline: bool = False  # "GOMA, Congo —": an all-capitals name opening a line
    supported: bool = False  # another name of the text lies in the same country
    listed: bool = False  # "toward Kiryat Shmona and Metula": listed after a cued name


#: Prepositions and connectors that open a sentence ("In Jericho", "At Kharkiv").
FUNCTION_WORDS = en.LOCATIVES | en.CONNECTORS

#: A lowercase Arabic article joined to the next word ("al-Hawa", "ez-Zor", "ash-Shughur")
#: continues a capitalised name: "Bab al-Hawa", "Deir ez-Zor", "Jisr ash-Shughur"; so does
#: a French elided article ("Coeur d'Alene").
PARTICLE = re.compile(
    r"(?:al|el|ad|adh|ar|as|ash|at|ath|az|an|ed|er|es|ez|ud|ul|ur|us)[-’']\w"
    r"|[dl][’']\w")  # French elision: "Coeur d'Alene", "L'Aquila"


POSSESSIVE_ENDS = tuple(en.POSSESSIVES)


def without_possessive(word: str) -> str:
    """A word without its possessive suffix ("Syria's" → "Syria"); the word itself when it
    has none."""
    for suffix in POSSESSIVE_ENDS:
        if word.endswith(suffix) and len(word) > len(suffix):
            return word[: -len(suffix)]
    return word


def tokenize(text: str) -> list[_Token]:
    tokens = []
    append = tokens.append
    for m in TOKEN.finditer(text):
        word, end, possessive = m.group(), m.end(), False
        if word.endswith(POSSESSIVE_ENDS):
            bare = without_possessive(word)
            word, end, possessive = bare, end - (len(word) - len(bare)), bare is not word
        append(_Token(m.start(), end, word, possessive, word[:1].isupper()))
    return tokens


#: One-letter proclitics written joined to the next word: Arabic "and", "in", "to", "so",
#: "like" ("وإدلب", "بإدلب"); Hebrew "and", "in", "to", "the", "from" ("ותל אביב").
PROCLITICS = "وبلفك" + "ובלהמ"
#: A capitalised word this common (Zipf) opening a sentence before a name is an ordinary
#: word, not part of the name ("Neighbouring Argentina", "Besieged Mariupol").
SENTENCE_START_WORD = 3.0
#: Zipf frequency in English from which a one-word name is a common word ("Mobile"), and
#: from which it is one when it opens a sentence ("Bath").
COMMON_WORD = 4.8
OPENER_WORD = 4.0
#: A name whose best place has this prior (a country, a capital, a big town) is a name
#: even when it is a common word too.
SURE_PRIOR = 0.9
#: A town smaller than this needs a cue or a text about its country.
SMALL_PLACE = 5000
#: A town this big tells which country a text is about.
ANCHOR_POPULATION = 100_000
#: A town this small, alone in its country and this far from every other place of a text
#: naming at least this many others, is a namesake of an unknown local place.
STRAY_MAX_POPULATION = 5000
STRAY_KM = 1500
STRAY_MIN_OTHERS = 2


#: Text whose case marks no names (see ``_caseless_tokens``): this many words at least, this
#: share of them in capitals (or capitalised, for a Title Case line of this many words).
CASELESS_MIN_WORDS = 4
CASELESS_MIN_TITLE_WORDS = 5
CASELESS_MAX_TITLE_LINE = 200  # characters: a longer line is prose, whatever its capitals
CASELESS_SHARE = 0.8
#: Zipf frequencies (English) under which a word no capital marks may name: a country's
#: adjective ("russian"), a country or a sea ("israel", "black sea"), a one-word province
#: beside another name of its country ("texas" with "houston"), a town beside another name
#: of its country ("izium" with "kharkiv"), a big town or a province alone ("kyiv").
CASELESS_ADJECTIVE = 5.5
CASELESS_AREA = 5.2
CASELESS_SUPPORTED_AREA = 4.5
CASELESS_SUPPORTED_TOWN = 4.0
CASELESS_TOWN = 3.5
#: Words never read as names where case says nothing.
CASELESS_SKIP = en.NOT_PLACES | FUNCTION_WORDS | frozenset(en.TYPE_WORDS)

#: Why a capitalised common word opening a sentence is not read as a place ("Reading the
#: report, …"), unless the text names the same place elsewhere.
SENTENCE_START_WORD_REASON = "a common word at a sentence start"
#: English words and first names this common (Zipf) are not tried as romanisations.
VARIANT_MAX_COMMONNESS = 3.0
#: Words of a script without case read as one name at most.
UNCASED_MAX_TOKENS = 4
#: A name in a script without case counts alone only for a place this big (or a capital).
UNCASED_MIN_POPULATION = 100_000


#: A letter outside the cased scripts (Latin, Greek, Cyrillic, Armenian): curly quotes and
#: dashes in an English text do not send it through the scan for uncased names.
UNCASED_LETTER = re.compile(r"[^\W\d_\u0041-\u02AF\u0370-\u058F\u1E00-\u1FFF]")


def _uncased(word: str) -> bool:
    """A word of a script without letter case (Arabic, Persian, Hebrew …)."""
    first = word[:1]
    return first.isalpha() and not first.isupper() and not first.islower()


#: "the Maiduguri-Damboa road": a hyphenated pair of capitalised words before one of these
#: names two places, the ends of the route.
ROUTE_WORDS = frozenset({"road", "highway", "railway", "route", "motorway", "pipeline"})


def _split_route_pairs(tokens: list[_Token]) -> list[_Token]:
    """Tokens with "A-B" split in two when a route word follows it ("Maiduguri-Damboa
    road"); "Port-au-Prince" and "Petion-Ville" stay whole."""
    out = []
    for k, tok in enumerate(tokens):
        parts = tok.text.split("-") if "-" in tok.text else ()  # most words have none
        if len(parts) == 2 and all(p[:1].isupper() for p in parts) and \
                k + 1 < len(tokens) and tokens[k + 1].text.lower() in ROUTE_WORDS:
            cut = tok.start + len(parts[0])
            out.append(_Token(tok.start, cut, parts[0], False, True))
            out.append(_Token(cut + 1, tok.end, parts[1], tok.possessive, True))
        else:
            out.append(tok)
    return out


def _joined(text: str, a: _Token, b: _Token) -> bool:
    """Tokens separated by plain spaces only (no newline, no punctuation)."""
    gap = text[a.end:b.start]
    return gap.strip(" ") == "" and len(gap) <= 3


def _dateline(text: str, m: _Mention) -> bool:
    """An all-capitals name opening a line and followed by a comma: a news dateline
    ("GOMA, Congo —", "PORTLAND, Maine —")."""
    return m.text.isupper() and text.startswith(",", m.end) and \
        not text[text.rfind("\n", 0, m.start) + 1:m.start].strip()


def _title_case_line(text: str, pos: int) -> bool:
    """Whether the line around ``pos`` is a headline in Title Case."""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    words = [w for w in text[start:end if end >= 0 else None].split() if w[:1].isalpha()]
    return len(words) >= 4 and sum(w[:1].isupper() for w in words) / len(words) > 0.6


COMMA_GAP = re.compile(r",\s*")
LINE = re.compile(r"[^\n]+")
LOWER_INITIAL = re.compile(r"(?<!\S)[a-z]")  # a word opening with an ASCII small letter
LIST_GAP = re.compile(r",?\s+(?:and|or)\s+")
POSSESSIVE_GAP = re.compile(r"[’']s?\s+")
SENTENCE_GAP = re.compile(r"[.!?:;\"“”]\s|\n")
DASH_GAP = re.compile(r"\s(?:—|–|--?)\s")
#: A dateline opening a line: "BEIRUT, April 15 —", "GOMA, Congo (Reuters) -".
DATELINE = re.compile(r"[A-Z][A-Z'’.\- ]+,[^\n]{0,60}$")


def _cased_word(word: str) -> bool:
    """A word of a cased script (Latin, Cyrillic …)."""
    first = word[:1]
    return first.isalpha() and (first.isupper() or first.islower())


def _caseless_tokens(text: str, tokens: list[_Token],
                     sentence_starts: _SentenceStarts) -> frozenset[int]:
    """Tokens whose letter case says nothing of names: all of a text written in lower case
    (a capital only opening a sentence: chat posts, transcripts), and those of a line in
    capitals ("BREAKING: RUSSIAN MISSILES HIT KYIV") or in Title Case ("Explosions Reported
    In Odesa As Drones Hit Port")."""
    if all(i in sentence_starts for i, t in enumerate(tokens) if t.capitalised):
        words = [i for i, t in enumerate(tokens) if _cased_word(t.text)]
        if len(words) >= CASELESS_MIN_WORDS:
            # the capitalised sentence openers ("Beirut was rocked …") keep the cased reading
            return frozenset(i for i in words if not tokens[i].capitalised)
    out: set[int] = set()
    for m in LINE.finditer(text):
        line = m.group()
        upper = line.isupper()  # every cased letter a capital
        if not upper and (len(line) > CASELESS_MAX_TITLE_LINE or len(LOWER_INITIAL.findall(
                line)) > (1 - CASELESS_SHARE) * (line.count(" ") + 1)):
            continue  # a paragraph of prose, not a headline (a cheap count first)
        words = [w for w in line.split() if _cased_word(w)]
        if len(words) < CASELESS_MIN_WORDS:
            continue
        if not upper:
            titled = sum(w[:1].isupper() for w in words)
            if len(words) < CASELESS_MIN_TITLE_WORDS or titled < CASELESS_SHARE * len(words):
                continue
        first = bisect.bisect_left(tokens, m.start(), key=lambda t: t.start)
        last = bisect.bisect_left(tokens, m.end(), key=lambda t: t.start)
        out.update(i for i in range(first, last) if _cased_word(tokens[i].text))
    return frozenset(out)


class _SentenceStarts:
    """Token indices that begin a sentence, worked out only for the tokens asked about."""

    __slots__ = ("text", "tokens", "_memo")

    def __init__(self, text: str, tokens: list[_Token]):
        self.text, self.tokens, self._memo = text, tokens, {0: True}

    def _after_dateline(self, i: int, gap: str) -> bool:
        """The first word after a dateline's dash ("BEIRUT, April 15 — An Israeli …")."""
        if DASH_GAP.search(gap) is None:
            return False
        end = self.tokens[i - 1].end
        line = self.text[self.text.rfind("\n", 0, end) + 1:end]
        return DATELINE.match(line) is not None

    def __contains__(self, i: int) -> bool:
        known = self._memo.get(i)
        if known is None:
            if not 0 < i < len(self.tokens):
                return False
            gap = self.text[self.tokens[i - 1].end:self.tokens[i].start]
            known = self._memo[i] = SENTENCE_GAP.search(gap) is not None or \
                gap.strip().startswith(("“", '"', "(")) or self._after_dateline(i, gap)
        return known


@lru_cache(maxsize=10_000)
def uncased_commonness(words: str) -> float:
    """Zipf frequency of words in Arabic or Hebrew script in that language, else 0."""
    import unicodedata

    from wordfreq import zipf_frequency

    script = unicodedata.name(words[:1], "").split(" ")[0]
    lang = {"ARABIC": "ar", "HEBREW": "he"}.get(script)
    return zipf_frequency(words, lang) if lang else 0.0


@lru_cache(maxsize=50_000)
def commonness(word: str) -> float:
    """Zipf frequency of a word in English (wordfreq), 0 for unknown words."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")


class Resolver:
    """Toponym resolution over an opened Store."""

    def __init__(self, store: Store):
        self.store = store
        meta = store.meta()
        self.max_tokens = int(meta.get("max_tokens", 6))
        # per-process memos over the read-only index: names recur across a corpus
        self._is_name: dict[str, bool] = {}
        self._rows: dict[str, list[tuple[int, str, str]]] = {}
        self._ranked: dict[str, list[Candidate]] = {}
        self._fuzzy: dict[str, list[tuple[int, str, str]]] = {}

    @staticmethod
    def _make_room(memo: dict, adding: int = 1) -> None:
        """Empty a memo that ``adding`` more entries would take past MEMO_SIZE."""
        if len(memo) + adding > MEMO_SIZE:
            memo.clear()

    def known(self, keys: list[str]) -> list[bool]:
        """Whether each normalised key is a name in the index (memoised hash filter)."""
        memo = self._is_name
        hits = [memo.get(k) for k in keys]
        missing = list(dict.fromkeys(k for k, hit in zip(keys, hits, strict=True) if hit is None))
        if not missing:
            return hits
        fresh = dict(zip(missing, self.store.known(missing).tolist(), strict=True))
        self._make_room(memo, len(fresh))
        if len(fresh) <= MEMO_SIZE:
            memo.update(fresh)
        return [fresh[k] if hit is None else hit for k, hit in zip(keys, hits, strict=True)]

    def rows(self, key: str) -> list[tuple[int, str, str]]:
        """(pid, matched name, match kind) rows of a normalised name (memoised)."""
        rows = self._rows.get(key)
        if rows is None:
            self._make_room(self._rows)
            rows = self._rows[key] = self.store.names(key)
        return rows

    # -- candidates ----------------------------------------------------------------------
    def candidates(self, key: str, rows=None) -> list[Candidate]:
        """Every place with this normalised name, scored by prior, match kind and type word.

        A name ending in a type word ("Gaza Strip", "Red Sea") prefers that kind.
        """
        if rows is None:
            ranked = self._ranked.get(key)
            if ranked is None:
                self._make_room(self._ranked)
                ranked = self._ranked[key] = self.candidates(key, self.rows(key))
            return list(ranked)
        last_word = key.rsplit(" ", 1)[-1] if " " in key else ""
        kinds = en.TYPE_WORDS.get(last_word, ())
        best: dict[int, Candidate] = {}
        for pid, name, match in rows:
            place = self.store.place(pid)
            name_score = NAME_SCORES.get(match, 0.1)
            scores = {"prior": prior(place) * WEIGHTS["prior"],
                      "name": name_score * WEIGHTS["name"]}
            if kinds and place.kind in kinds:
                scores["type_word"] = WEIGHTS["type_word"]
            cand = Candidate(place, sum(scores.values()), name, match, scores)
            if pid not in best or cand.score > best[pid].score:
                best[pid] = cand
        ranked = sorted(best.values(), key=lambda c: (-c.score, c.place.key))
        return ranked[:MAX_CANDIDATES]

    # -- mentions ------------------------------------------------------------------------
    def find_mentions(self, text: str, tokens: list[_Token]) -> list[_Mention]:
        """Longest capitalised n-grams whose normalised form is a known name."""
        spans: list[tuple[int, int]] = []
        keys: list[str] = []
        n_tok = len(tokens)
        for i, tok in enumerate(tokens):
            if not tok.capitalised:
                continue
            for j in range(i, min(i + self.max_tokens, n_tok)):
                if j > i:
                    gap = text[tokens[j - 1].end:tokens[j].start]
                    inner = gap.strip(" -–—")
                    if "\n" in gap or inner and not (  # "St. Louis", "Cox's Bazar"
                            inner == "." and tokens[j - 1].text in en.NAME_ABBREVIATIONS
                            or tokens[j - 1].possessive and gap.endswith(" ")):
                        break
                word = tokens[j].text.lower()
                particle = j > i and PARTICLE.match(tokens[j].text) is not None
                if tokens[j].capitalised or particle or (j > i and word in en.TYPE_WORDS):
                    spans.append((i, j))  # "Black Sea", "Kabul–Kandahar highway", "Bab al-Hawa"
                    keys.append(normalize(text[tok.start:tokens[j].end]))
                if j > i and not tokens[j].capitalised and not particle and \
                        word not in en.CONNECTORS:
                    break
        hits = self.known(keys)
        found = [(i, j, k) for (i, j), k, hit in zip(spans, keys, hits, strict=True) if hit]
        found.sort(key=lambda s: (s[0], -(s[1] - s[0])))
        mentions: list[_Mention] = []
        next_free = 0
        for i, j, key in found:
            if i < next_free or (i == j and key in en.NOT_PLACES):
                continue
            rows = self.rows(key)
            if not rows:  # a hash-filter false positive
                continue
            if key in en.TYPE_WORDS:
                continue  # "The city", "The Gulf": a type word, not a place named City, Gulf
            next_free = j + 1
            if i < j and tokens[i].text.lower() == "the" and \
                    not any(r[1][:4].lower() == "the " for r in rows):
                i += 1  # "The Venezuelan": the key dropped the article; "The Hague" keeps it
            start, end = tokens[i].start, tokens[j].end
            mentions.append(_Mention(i, j, start, end, text[start:end], key, rows=rows))
        return mentions

    def _typed_candidates(self, m: _Mention) -> list[Candidate]:
        """Places of the kind a type word asks for, named with that word: "the river Sava"
        is the "Sava River" when no place called plain "Sava" is a river."""
        for key in (f"{m.type_word} {m.key}", f"{m.key} {m.type_word}"):
            if self.known([key])[0]:
                typed = [c for c in self.candidates(key) if c.place.kind in m.kinds]
                if typed:
                    return typed
        return []

    def uncased_mentions(self, text: str, tokens: list[_Token],
                         caseless: frozenset[int] = frozenset()) -> list[_Mention]:
        """Longest runs of words whose letter case cannot mark a name that are known names:
        words in a script without case (Arabic, Persian …), where one or two proclitics may
        lead the run ("وسراقب" is "and Saraqib"), and the ``caseless`` tokens of Latin text
        written all in lower case, in capitals or in Title Case."""
        uncased = set(caseless)
        if not text.isascii() and UNCASED_LETTER.search(text):
            uncased |= {i for i, t in enumerate(tokens) if _uncased(t.text)}
        if not uncased:
            return []
        found: list[tuple[int, int, int, str]] = []  # first, last, proclitic length, key
        for i in sorted(uncased):
            word = tokens[i].text
            # "la", "the" and "el" are no names, but open "la paz", "the hague", "el fasher"
            alone = not (i in caseless and (word.isdigit() or word.lower() in CASELESS_SKIP))
            leads = [0] + [n for n in (1, 2)  # "ובתל אביב": "and in Tel Aviv"
                           if len(word) - n >= 2 and all(c in PROCLITICS for c in word[:n])
                           and _uncased(word)]
            for j in range(i, min(i + UNCASED_MAX_TOKENS, len(tokens))):
                if j > i and (j not in uncased or not _joined(text, tokens[j - 1], tokens[j])):
                    break
                if j == i and not alone:
                    continue
                for lead in leads:
                    found.append((i, j, lead,
                                  normalize(text[tokens[i].start + lead:tokens[j].end])))
        hits = self.known([key for *_, key in found])
        found = sorted((f for f, hit in zip(found, hits, strict=True) if hit),
                       key=lambda f: (f[0], f[0] - f[1], f[2]))
        mentions: list[_Mention] = []
        next_free = 0
        for i, j, lead, key in found:
            rows = self.rows(key) if i >= next_free else []
            if not rows:
                continue
            next_free = j + 1
            start, end = tokens[i].start + lead, tokens[j].end
            mentions.append(_Mention(i, j, start, end, text[start:end], key, rows=rows,
                                     adjectival=all(r[2] == "adjective" for r in rows),
                                     uncased=True, caseless=i in caseless))
        return mentions

    def _context(self, text: str, tokens: list[_Token], m: _Mention,
                 sentence_starts: _SentenceStarts, persons: set[str]) -> bool:
        """Fill type word and adjectival flag; False when the span is not a toponym."""
        if m.first == m.last and m.first in sentence_starts and \
                m.key in FUNCTION_WORDS:
            # "In Jericho, …": "In" is no place (GeoNames has one), and not the first
            # word of a person's name either
            m.reason = SENTENCE_START_WORD_REASON
            return False
        adjective_only = all(match == "adjective" for _, _, match in m.rows)
        m.adjectival = adjective_only
        # the capitalised chunk around the mention
        left = m.first
        while left > max(0, m.first - CHUNK_REACH) and tokens[left - 1].capitalised \
                and not tokens[left - 1].possessive \
                and _joined(text, tokens[left - 1], tokens[left]):
            left -= 1
        right = m.last
        while right + 1 < min(len(tokens), m.last + CHUNK_REACH + 1) \
                and tokens[right + 1].capitalised \
                and not tokens[right].possessive \
                and _joined(text, tokens[right], tokens[right + 1]):
            right += 1
        chunk = tokens[left:right + 1]
        def learn_person() -> bool:  # a headline in Title Case teaches no person names
            return len(chunk) <= 4 and not _title_case_line(text, m.start)

        after = tokens[m.last + 1].text.lower() if m.last + 1 < len(tokens) else ""
        before = tokens[m.first - 1].text.lower() if m.first > 0 else ""
        before2 = tokens[m.first - 2].text.lower() if m.first > 1 else ""
        own_type = tokens[m.last].text.lower() if m.last > m.first else ""
        if own_type in en.TYPE_WORDS:  # "Red Sea", "Gaza Strip", "Idlib Province"
            m.type_word = own_type
        elif after in en.TYPE_WORDS and not tokens[m.last].possessive and \
                _joined(text, tokens[m.last], tokens[m.last + 1]):
            m.type_word = after
        if m.type_word is None and m.first > 1 and \
                _joined(text, tokens[m.first - 1], tokens[m.first]) and (
                before in en.TYPE_WORDS and before2 in ("the", "of") or (
                before == "of" and before2 in en.TYPE_WORDS and before2 != "capital")):
            # "the city of Aleppo" is a city; "the capital of Laos" is not a capital
            m.type_word = before if before in en.TYPE_WORDS else before2
        if m.type_word is None and before == "the" and before2 == "of" and m.first > 2 and \
                tokens[m.first - 3].text in en.RIVER_PARTS:  # "the Central Bank of the Congo"
            m.type_word = "river"  # "the right bank of the Dnipro" is the river
        if m.type_word:
            m.kinds = en.TYPE_WORDS[m.type_word]
            if m.type_word == own_type and own_type in en.ISLAND_WORDS:
                m.kinds = (*m.kinds, "country")  # "the Marshall Islands", "Faroe Islands"
        if adjective_only:
            return True
        extra_right = [t.text.lower() for t in tokens[m.last + 1:right + 1]]
        extra_left = [t.text.lower() for t in tokens[left:m.first]]
        nxt = tokens[m.last + 1] if m.last + 1 < len(tokens) else None
        if nxt is not None and PARTICLE.match(nxt.text) and not tokens[m.last].possessive and \
                _joined(text, tokens[m.last], nxt):
            m.reason = "part of a longer name"  # "Bab al-Salam" is not the town of Bab
            return False
        if extra_right and extra_right[0] in en.ORG_WORDS:
            m.reason = "part of an organisation name"
            return False
        if after in en.ACTOR_NOUNS and _joined(text, tokens[m.last], tokens[m.last + 1]):
            m.reason = "names an armed group or organisation"
            return False
        if extra_right and extra_right[0] not in en.TYPE_WORDS:
            m.reason = "part of a longer name"
            opener = m.first in sentence_starts and commonness(m.text.lower()) >= 4.5
            if learn_person() and not opener:  # "In Yerevan, …" names no person
                persons.update(t.text for t in tokens[m.first:right + 1])
            return False
        for word in extra_left:
            if word in en.TITLES:
                m.reason = "a person's name"
                if learn_person():
                    persons.add(m.text)
                return False
            if word in en.MODIFIERS or word in en.TYPE_WORDS or word in en.CONNECTORS:
                continue
            if left in sentence_starts and word == extra_left[0] and \
                    commonness(word) >= SENTENCE_START_WORD:
                continue  # "In Idlib", "Neighbouring Argentina" at a sentence start
            if self.known([normalize(word)])[0] and self._is_adjective(word):
                continue  # "Russian Sochi" is rare, "Syrian Idlib" is fine
            m.reason = "part of a longer name"
            if learn_person():
                persons.add(m.text)
            return False
        if m.text in persons and m.first == m.last:
            m.reason = "a person's name"
            return False
        return True

    def _is_adjective(self, word: str) -> bool:
        rows = self.rows(normalize(word))
        return bool(rows) and all(match == "adjective" for _, _, match in rows)

    def _plausible(self, m: _Mention, best: Candidate, tokens: list[_Token],
                   sentence_starts: _SentenceStarts, doc_countries: set[str]) -> bool:
        """Reject common words and tiny places with no locative cue."""
        if m.caseless:
            return self._caseless_plausible(m, best.place)
        if m.uncased:
            return self._uncased_plausible(m, best.place, tokens)
        if m.adjectival:
            return True
        # a province or region another name of the text lies in the country of ("Texas"
        # beside Dallas) is a name even when it is a common word
        locative = self._cued(m, tokens, sentence_starts) or \
            best.place.kind in ("admin1", "region") and m.supported
        p = prior(best.place)
        if m.first == m.last:
            common = commonness(m.text.lower())
            if m.first in sentence_starts and common >= OPENER_WORD and p < SURE_PRIOR and \
                    not locative:
                m.reason = SENTENCE_START_WORD_REASON
                return False
            if common >= COMMON_WORD and p < SURE_PRIOR and not locative:
                m.reason = "a common word"
                return False
            if m.text.isupper() and len(m.text) <= 4 and best.place.kind == "city" and \
                    not (m.dateline or m.container or m.held):  # "between AU peacekeepers"
                m.reason = "an acronym"
                return False
        if best.place.kind == "city" and best.place.population < SMALL_PLACE and not locative \
                and not m.listed:
            in_doc = [c for c in m.candidates if c.place.country_code in doc_countries]
            if not in_doc:
                m.reason = "a small place with no locative cue"
                return False
        return True

    @staticmethod
    def _cued(m: _Mention, tokens: list[_Token], sentence_starts: _SentenceStarts) -> bool:
        """A locative word or a lower-case compass word before the name (within its
        sentence: "… belonged to. A suicide bomber"; "in Texas", "northern Texas"), a type
        word, a container, or a dateline."""
        before = tokens[m.first - 1].text \
            if m.first > 0 and m.first not in sentence_starts else ""
        return before.lower() in en.LOCATIVES or before in en.MODIFIERS or \
            m.type_word is not None or m.container or m.held or m.dateline

    def _mark_listed(self, text: str, mentions: list[_Mention], tokens: list[_Token],
                     sentence_starts: _SentenceStarts) -> None:
        """A name listed after a cued name, joined by "and", "or" or a comma, shares its
        cue: "toward Kiryat Shmona and Metula", "in Kidal, Tessalit and Aguelhok"."""
        for prev, m in zip(mentions, mentions[1:], strict=False):
            gap = text[prev.end:m.start]
            if COMMA_GAP.fullmatch(gap) or LIST_GAP.fullmatch(gap):
                m.listed = prev.listed or self._cued(prev, tokens, sentence_starts)

    @staticmethod
    def _anchors(m: _Mention) -> bool:
        """Whether a mention stands on its own: a capitalised name, an area, a capital or
        a big town."""
        place = m.candidates[0].place
        return not m.caseless or place.kind != "city" or place.feature == "PPLC" or \
            place.population >= UNCASED_MIN_POPULATION

    @staticmethod
    def _caseless_plausible(m: _Mention, place: Place) -> bool:
        """A Latin name no capital letter marks ("shelling in kharkiv", "MISSILES HIT
        KYIV"): a country, province, sea or route whose name is not a very common word; a
        town whose name is rare in English and that another name of the text lies beside
        (in its country), or a capital or a big town with a rarer name still ("bar" and
        "split" are towns, "kharkiv" is only a town)."""
        common = commonness(m.key)
        if m.adjectival:
            ok = common < CASELESS_ADJECTIVE
        elif place.kind == "country" or place.kind != "city" and " " in m.key:
            ok = common < CASELESS_AREA  # "israel", "black sea"
        elif place.kind != "city":  # "donetsk"; "bar" and "centre" are provinces too
            ok = common < CASELESS_TOWN or m.supported and common < CASELESS_SUPPORTED_AREA
        else:
            ok = m.supported and common < CASELESS_SUPPORTED_TOWN or \
                (place.feature == "PPLC" or place.population >= UNCASED_MIN_POPULATION) and \
                common < CASELESS_TOWN
        if not ok:
            m.reason = "a common word, in text whose case marks no names"
        return ok

    @staticmethod
    def _uncased_plausible(m: _Mention, place: Place, tokens: list[_Token]) -> bool:
        """A name in a script without case has no capital letter to mark it: it counts when
        another name of the text lies in its country, or for a capital or a big place
        whose name is not a common word ("المدينة", the city, is also Medina; "وإن", and
        that, is Van)."""
        if place.kind == "country":
            return True
        common = max(uncased_commonness(m.text),
                     uncased_commonness(" ".join(t.text for t in tokens[m.first:m.last + 1])))
        if m.supported and common < 6.0:
            return True
        if place.feature == "PPLC" and common < 5.3 or \
                place.population >= UNCASED_MIN_POPULATION and common < 4.6:
            return True
        m.reason = "a common word" if common >= 4.6 else \
            "a place named in a script without case, with no support in the text"
        return False

    @staticmethod
    def _doc_countries(mentions: list[_Mention]) -> set[str]:
        """Countries the document is clearly about: named countries, demonyms, big places."""
        out = set()
        for m in mentions:
            top = m.candidates[0].place if m.candidates else None
            if top and top.country_code and (top.kind in ("country", "admin1") or
                                             top.population >= ANCHOR_POPULATION):
                out.add(top.country_code)
        return out

    # -- ranking -------------------------------------------------------------------------
    def _rank(self, mentions: list[_Mention], text: str) -> None:
        """Add type-word, containment and document evidence to every candidate."""
        # document evidence from the current leaders, weighted by their confidence
        countries: Counter[str] = Counter()
        admins: Counter[str] = Counter()
        for m in mentions:
            if not m.candidates:
                continue
            top = m.candidates[0].place
            weight = 1.0 if len(m.candidates) == 1 or m.adjectival else 0.6
            if top.country_code:
                countries[top.country_code] += weight
            if top.admin1_code and top.kind != "country":
                admins[top.admin1_code] += weight
        total_c = sum(countries.values()) or 1.0
        total_a = sum(admins.values()) or 1.0
        points = [(m.candidates[0].place.lon, m.candidates[0].place.lat)
                  for m in mentions if m.candidates]
        typed: dict[str, tuple[str, ...]] = {m.key: m.kinds for m in mentions if m.kinds}
        for idx, m in enumerate(mentions):
            hints = self._containment_hints(mentions, idx, text)
            prev = mentions[idx - 1] if idx > 0 else None
            held = [c.place for c in prev.candidates] if prev and \
                COMMA_GAP.fullmatch(text, prev.end, m.start) else []
            kinds = m.kinds or typed.get(m.key, ())
            kind_key = "type_word" if m.kinds else "discourse"
            top = m.candidates[0].place
            rescored = []
            for c in m.candidates:
                s = dict(c.scores)
                p = c.place
                if kinds:
                    if p.kind in kinds:
                        s[kind_key] = WEIGHTS[kind_key]
                    elif m.kinds:
                        s["type_clash"] = WEIGHTS["type_clash"]
                if hints and any(self._inside(p, h) for h in hints):
                    s["containment"] = WEIGHTS["containment"]
                elif held and p.kind in ("country", "admin1") and \
                        any(self._inside(h, p) for h in held):
                    s["containment"] = WEIGHTS["containment"]  # "El Paso, Texas": the holder
                if p.admin1_code and p.kind in ("city", "admin1"):
                    own = 0.6 if top.admin1_code == p.admin1_code else 0.0
                    s["doc_admin1"] = WEIGHTS["doc_admin1"] * max(
                        0.0, admins[p.admin1_code] - own) / total_a
                if p.country_code and p.kind != "country":
                    own = 1.0 if top.country_code == p.country_code else 0.0
                    share = max(0.0, (countries[p.country_code] - own * 0.6) / total_c)
                    s["doc_country"] = WEIGHTS["doc_country"] * share
                elif p.country_code is None and p.kind in ("route", "sea") and \
                        p.bbox is not None and len(points) > 1:
                    # a river or sea of several countries: the text's places along it
                    x0, y0, x1, y1 = p.bbox
                    along = sum(x0 <= x <= x1 and y0 <= y <= y1 for x, y in points)
                    own = 1.0 if top.key == p.key else 0.0
                    s["doc_country"] = WEIGHTS["doc_country"] * max(0.0, along - own) / \
                        len(points)
                rescored.append(Candidate(p, sum(s.values()), c.matched_name, c.match, s))
            if len(rescored) > 1:
                rescored.sort(key=lambda c: (-c.score, c.place.key))
            m.candidates = rescored

    @staticmethod
    def _without_strays(mentions: list[_Mention]) -> list[_Mention]:
        """Mentions less the small places far from everything else the text names (from
        the bounds of an area named: "Russian" is near Belgorod): in a story about Darfur,
        "Tawila" is a village GeoNames lacks, not a hamlet in Yemen. A type word or a
        container ("the village of Urzuf", "Urzuf, Donetsk") keeps a place."""
        tops = [m.candidates[0].place for m in mentions]
        countries = Counter(p.country_code for p in tops)
        kept = []
        for m, place in zip(mentions, tops, strict=True):
            cued = m.type_word is not None or m.container or m.held  # "the village of X"
            if place.kind == "city" and place.population < STRAY_MAX_POPULATION and \
                    countries[place.country_code] == 1 and not cued:
                others = [p for p in tops if p.country_code != place.country_code]
                if len(others) >= STRAY_MIN_OTHERS and \
                        min(km_to_area(place, p) for p in others) > STRAY_KM:
                    m.reason = "a small place far from every other place of the text"
                    continue
            kept.append(m)
        return kept

    def _containment_hints(self, mentions: list[_Mention], idx: int, text: str) -> list[Place]:
        """Places that contain this mention by the text's say-so."""
        m = mentions[idx]
        hints: list[Place] = []
        nxt = mentions[idx + 1] if idx + 1 < len(mentions) else None
        if nxt and COMMA_GAP.fullmatch(text, m.end, nxt.start) and nxt.candidates:
            hints += [c.place for c in nxt.candidates if c.place.kind in ("country", "admin1")]
        prev = mentions[idx - 1] if idx > 0 else None
        if prev and prev.candidates:
            gap = text[prev.end:m.start]
            if POSSESSIVE_GAP.fullmatch(gap):  # "Syria's Afrin"
                hints += [c.place for c in prev.candidates[:3]
                          if c.place.kind in ("country", "admin1")]
        return hints

    def _mark_containers(self, text: str, mentions: list[_Mention]) -> None:
        """'Paris, Texas', 'El Paso, Texas': a name after a comma that holds a sense of the
        name before it is a container; that is a locative cue even for a common word."""
        for a, b in zip(mentions, mentions[1:], strict=False):
            if COMMA_GAP.fullmatch(text, a.end, b.start) and \
                    self._holds_any(b.candidates, a.candidates):
                b.container = a.held = True

    def _holds_any(self, containers: list[Candidate], inner: list[Candidate]) -> bool:
        return any(self._inside(i.place, c.place) for c in containers
                   if c.place.kind in ("country", "admin1") for i in inner)

    @staticmethod
    def _inside(place: Place, container: Place) -> bool:
        if place.key == container.key:
            return False
        if container.kind == "country":
            return place.country_code == container.country_code
        return place.admin1_code is not None and place.admin1_code == container.admin1_code

    # -- public --------------------------------------------------------------------------
    def resolve(self, text: str, spans: list[tuple[int, int]] | None = None) -> list[Toponym]:
        """Toponyms of ``text``; with ``spans``, exactly one Toponym per span, in order."""
        if not isinstance(text, str) or not text.strip():
            text = text if isinstance(text, str) else ""
            return self._resolve_spans(text, spans, []) if spans is not None else []
        body = text[:MAX_TEXT]
        tokens = _split_route_pairs(tokenize(body))
        sentence_starts = _SentenceStarts(body, tokens)
        persons: set[str] = set()
        found = []
        caseless = _caseless_tokens(body, tokens, sentence_starts)
        for m in self.find_mentions(body, tokens):
            if m.first in caseless:
                continue  # read below, by the scan that does not rely on capitals
            if not self._context(body, tokens, m, sentence_starts, persons):
                continue
            m.candidates = self.candidates(m.key)
            if m.adjectival:
                m.candidates = [c for c in m.candidates if c.place.kind == "country"][:1]
            if m.kinds and not any(c.place.kind in m.kinds for c in m.candidates):
                m.candidates = self._typed_candidates(m) or m.candidates
            if m.candidates and m.type_word and m.kinds and \
                    tokens[min(m.last + 1, len(tokens) - 1)].text.lower() == m.type_word and \
                    tokens[min(m.last + 1, len(tokens) - 1)].capitalised and \
                    not any(c.place.kind in m.kinds for c in m.candidates):
                m.reason = "part of a longer name"  # "Green Zone" is not the town of Green
                continue
            if m.candidates:
                found.append(m)
        for m in self.uncased_mentions(body, tokens, caseless):
            m.candidates = self.candidates(m.key)
            if m.adjectival:
                m.candidates = [c for c in m.candidates if c.place.kind == "country"][:1]
            if m.candidates:
                found.append(m)
        found.sort(key=lambda m: m.start)
        self._distribute_plural_types(body, found)
        self._mark_containers(body, found)
        for m in found:
            m.dateline = _dateline(body, m)
        doc_countries = self._doc_countries(found)
        self._mark_listed(body, found, tokens, sentence_starts)
        # another name in the same country vouches for a name
        tops = Counter(m.candidates[0].place.country_code for m in found)
        anchors = Counter(m.candidates[0].place.country_code for m in found
                          if self._anchors(m)) if any(m.caseless for m in found) else tops
        for m in found:
            cc = m.candidates[0].place.country_code
            # a word no capital marks is vouched for only by a name that stands alone
            # ("wagner" and "fama", two small Brazilian towns, do not vouch for each other)
            m.supported = anchors[cc] - self._anchors(m) > 0 if m.caseless else tops[cc] > 1
        plausible = [self._plausible(m, m.candidates[0], tokens, sentence_starts, doc_countries)
                     for m in found]
        # one sense per discourse: "BIRMINGHAM, England — Birmingham's council …"
        places = {m.candidates[0].place.key for m, ok in zip(found, plausible, strict=True) if ok}
        mentions = [m for m, ok in zip(found, plausible, strict=True) if ok or (
            m.reason == SENTENCE_START_WORD_REASON and m.candidates[0].place.key in places)]
        for _ in range(2):
            self._rank(mentions, body)
        mentions = self._without_strays(mentions)
        if spans is None:
            return [self._toponym(m) for m in mentions]
        return self._resolve_spans(text, spans, mentions)

    def _resolve_spans(self, text: str, spans, mentions: list[_Mention]) -> list[Toponym]:
        by_offsets = {(m.start, m.end): m for m in mentions}
        tokens: list[_Token] | None = None  # tokenised once, for the spans no mention covers
        out = []
        for span in spans:
            try:
                if isinstance(span, dict | str | bytes) or len(span) != 2:
                    raise ValueError(span)
                start, end = int(span[0]), int(span[1])
            except (TypeError, ValueError, IndexError, OverflowError, KeyError):
                out.append(Toponym(0, 0, "", None, reason="malformed span"))
                continue
            if not 0 <= start < end <= len(text):
                out.append(Toponym(start, end, "", None, reason="span outside the text"))
                continue
            m = by_offsets.get((start, end))
            if m is None:
                tokens = tokens if tokens is not None else tokenize(text)
                m = self._mention_for_span(text, start, end, mentions, tokens)
            out.append(self._toponym(m) if m and m.candidates else
                       self._unresolved(text, (start, end), "not in the gazetteer"))
        return out

    def _mention_for_span(self, text: str, start: int, end: int, mentions: list[_Mention],
                          tokens: list[_Token]) -> _Mention | None:
        """Rank a caller-given span in the context of the text's other mentions."""
        surface = without_possessive(text[start:end])
        key = normalize(surface)
        rows = self.rows(key) if key else []
        if not rows:
            # a misspelling is accepted only in a country the document is already about
            doc_countries = {x.candidates[0].place.country_code for x in mentions if x.candidates}
            rows = [r for r in self.variant_rows(key)
                    if self.store.place(r[0]).country_code in doc_countries] or \
                [r for r in self.fuzzy_rows(key)
                 if self.store.place(r[0]).country_code in doc_countries]
            if not rows:
                return None
        m = _Mention(-1, -1, start, end, text[start:end], key, rows=rows)
        m.first = m.last = next((i for i, t in enumerate(tokens) if t.start >= start), 0)
        after = re.match(r"\s+(\w+)", text[end:])
        last_word = surface.split()[-1].lower() if " " in surface.strip() else ""
        if last_word in en.TYPE_WORDS:
            m.type_word = last_word
        elif after and after.group(1).lower() in en.TYPE_WORDS:
            m.type_word = after.group(1).lower()
        if m.type_word:
            m.kinds = en.TYPE_WORDS[m.type_word]
        m.adjectival = all(match == "adjective" for _, _, match in rows)
        m.candidates = self.candidates(key, rows)
        context = sorted([*mentions, m], key=lambda x: x.start)
        self._rank(context, text)
        return m

    def variant_rows(self, key: str) -> list[tuple[int, str, str]]:
        """Places with another spelling of this name: written as one word ("Petion-Ville"
        is "Pétionville"), or another romanisation with the same skeleton ("Maarat
        al-Numan" is GeoNames' "Ma‘arrat an Nu‘mān")."""
        if " " in key:  # "Petion-Ville" is GeoNames' "Pétionville"
            joined = [(pid, name, "variant") for pid, name, match in self.rows(
                key.replace(" ", "")) if match != "adjective"]
            if joined:
                return joined
        skel = skeleton(key)
        if not skel or commonness(key) >= VARIANT_MAX_COMMONNESS:
            return []  # "Ministry" is no romanisation of Münster
        return self.store.variants(skel)

    def fuzzy_rows(self, key: str, max_distance: int | None = None) -> list[tuple[int, str, str]]:
        """Names within a small edit distance (1 for short names, 2 for long ones)."""
        if len(key) < 5:
            return []
        limit = max_distance if max_distance is not None else (1 if len(key) <= 10 else 2)
        memo_key = f"{limit}:{key}"
        found = self._fuzzy.get(memo_key)
        if found is None:
            self._make_room(self._fuzzy)
            found = self._fuzzy[memo_key] = self._fuzzy_scan(key, limit)
        return list(found)

    def _fuzzy_scan(self, key: str, limit: int) -> list[tuple[int, str, str]]:
        from rapidfuzz.distance import Levenshtein

        rows = []
        n_words = key.count(" ")
        lengths = (len(key) - limit, len(key) + limit)
        for norm, pid, name, match in self.store.names_like(key[:2], 20000, lengths):
            if norm.count(" ") == n_words and \
                    Levenshtein.distance(norm, key, score_cutoff=limit) <= limit:
                rows.append((pid, name, "fuzzy" if match != "adjective" else match))
        # a misspelling of a small place is more likely another name altogether
        return [r for r in rows if self._fuzzy_worthy(self.store.place(r[0]))]

    @staticmethod
    def _fuzzy_worthy(place: Place) -> bool:
        return place.kind != "city" or place.population >= 15_000

    @staticmethod
    def _distribute_plural_types(text: str, mentions: list[_Mention]) -> None:
        """'Idlib and Aleppo provinces': the plural type word applies to both names."""
        for a, b in zip(mentions[::-1][1:], mentions[::-1], strict=False):
            if b.type_word in en.PLURAL_TYPE_WORDS and a.type_word is None and \
                    re.fullmatch(r"\s*(?:,|,?\s+and|,?\s+or)\s+", text[a.end:b.start]):
                a.type_word, a.kinds = b.type_word, b.kinds


    @staticmethod
    def _toponym(m: _Mention) -> Toponym:
        best = m.candidates[0]
        note = ", ".join(f"{k}={v:.2f}" for k, v in best.scores.items())
        return Toponym(m.start, m.end, m.text, best.place, best.score, m.adjectival,
                       m.type_word, tuple(m.candidates[:10]), note)

    @staticmethod
    def _unresolved(text: str, span, reason: str) -> Toponym:
        start, end = span
        return Toponym(start, end, text[start:end], None, reason=reason)
