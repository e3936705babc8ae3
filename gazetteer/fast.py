"""Corpus-speed geoparsing: one scan and one vectorised ranking for many texts at once.

``FastParser.parse(texts)`` joins the texts and finds runs of capitalised words
(``_fast.find_runs``, compiled with Cython; ``_find_runs_re`` where it could not be built),
looking each run up among the index's names as written. A run that is no name as written is
read once and remembered: in another spelling ("Deir al-Balah", "PARIS"), cut at
possessives ("Syria's Afrin"), without a leading "In", "Northern" or common word, without a
trailing type word ("Idlib Province"), split at hyphens; the words after a title are a
person's ("President Jackson"). Runs that a particle joins are read together when a name
spans them ("Bab al-Hawa", "Sea of Azov"). Then every candidate of every name of every text
is ranked at once with numpy, by the evidence of ``resolver.Resolver`` that needs no parse
of the sentence: prior, type word, containment after a comma ("Moscow, Idaho"), and the
share of the text's other places in a candidate's country and province (two rounds).
Common words ("Mobile") and tiny places in a country the text is not about are dropped
unless a locative word leads them ("in Mobile").

It does not read text whose letter case marks no names, scripts other than Latin, other
cues ("the village of"), misspellings or far namesakes; ``python -m gazetteer.evaluate --fast``
measures what that costs end to end. It runs 30–40 times faster than
``Gazetteer.resolve``.
"""

from __future__ import annotations

import os
import pickle
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from gazetteer.lang import en
from gazetteer.normalize import ARABIC_ARTICLES, normalize
from gazetteer.records import AREA_KINDS, KINDS
from gazetteer.resolver import (
    ANCHOR_POPULATION,
    COMMON_WORD,
    FUNCTION_WORDS,
    MAX_CANDIDATES,
    NAME_SCORES,
    OPENER_WORD,
    POSSESSIVE_ENDS,
    SENTENCE_START_WORD,
    SMALL_PLACE,
    SURE_PRIOR,
    WEIGHTS,
    prior_of,
    without_possessive,
)

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from gazetteer.store import Store

TABLES_VERSION = 9
#: Candidates kept per name (the best by prior and name evidence).
FAST_CANDIDATES = 10
RUN_MEMO_SIZE = 200_000
#: Rounds of document evidence: the second reads the leaders the first chose.
DOCUMENT_ROUNDS = 2
#: A name in capitals this long is no acronym ("GOMA" may be, "RAFAH" is not).
CAPITALS_NAME = 5

# name flags
COMMON, OPENER, ADJECTIVE, AREA = 1, 2, 4, 8

_CAPITAL = "A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮİĶĹĻĽĿŁŃŅŇŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽ"
#: A run of capitalised words: its words are joined by single spaces.
RUN = re.compile(rf"([{_CAPITAL}][\w’'\-]*(?: [{_CAPITAL}][\w’'\-]*)*)")
#: What may stand between two runs of one name ("Bab al-Hawa", "Rio de Janeiro", "Sea of
#: Azov", "Trinidad and Tobago"); the two runs are read together, and apart when together
#: they name nothing.
PARTICLE_GAPS = frozenset(
    [f" {article}{joint}" for article in
     "al el ad ar as ash at az an ed er es ez ul ur us".split() for joint in "-’'"] +
    [f" {word} " for word in
     "al el of the de del da do dos du di la le les sur upon on am op aan van von es and y"
     .split()])
#: The lower-case word after a run, which may be a type word ("Idlib province").
_TYPE_WORD_AFTER = re.compile(r" ([a-z]{1,16})(?![a-z])")
#: A word and a particle word after it inside a name ("Sea of Azov", "Rio de Janeiro").
_JOIN_WORD = re.compile(
    r"[^ ]+ (?:" + "|".join(sorted({g.strip() for g in PARTICLE_GAPS if g.endswith(" ")})) +
    r") ")
#: Words that ``normalize`` rewrites (Arabic articles, a leading "the"): a plain name
#: without them is normalised by lower case alone.
_NORMALISED_WORDS = frozenset({"the", *ARABIC_ARTICLES})
LONGEST_GAP = max(map(len, PARTICLE_GAPS))
_CAPITALISED = re.compile(rf"[{_CAPITAL}]")
#: ``CAPITALS[c]``: whether code point c opens a run (``_CAPITAL`` for the compiled scan).
CAPITALS = bytes(_CAPITALISED.match(chr(c)) is not None for c in range(0x180))

#: Words that may open a run without belonging to the name after them.
_LEADING = FUNCTION_WORDS | en.MODIFIERS | {"the"}
#: Words a run is cut at or without: titles, leading words, type words.
_CUT_WORDS = en.TITLES | _LEADING | set(en.TYPE_WORDS)
_NOT_NAMES = en.NOT_PLACES | set(en.TYPE_WORDS) | FUNCTION_WORDS | en.MODIFIERS | en.TITLES
_KIND_CODE = {kind: code for code, kind in enumerate(KINDS)}
_TYPE_MASKS = {word: sum(1 << _KIND_CODE[k] for k in kinds)
               for word, kinds in en.TYPE_WORDS.items()}
_COUNTRY, _ADMIN1, _CITY = _KIND_CODE["country"], _KIND_CODE["admin1"], _KIND_CODE["city"]

#: A run's reading: (offset in the run, length, name id, type-word kind mask) per name, and
#: the words that name a person.
_Reading = tuple[tuple[tuple[int, int, int, int], ...], frozenset[str]]


@dataclass(slots=True)
class FastTables:
    """The index's names and places as a dictionary and flat arrays."""

    surface: dict[str, int]  # a name as written → name id
    name_flags: bytes  # per name id: COMMON | OPENER | ADJECTIVE | AREA
    cand_ptr: np.ndarray  # name id → its first candidate; n_names + 1
    cand_place: np.ndarray  # candidate → place row, best prior first within a name
    cand_static: np.ndarray  # candidate → prior and name evidence
    key: np.ndarray  # place row → stable key (object)
    name: np.ndarray  # place row → preferred name (object)
    kind: np.ndarray  # place row → index in KINDS
    country: np.ndarray  # place row → index in ``countries`` (0: none)
    countries: np.ndarray  # ISO codes (object); countries[0] is None
    admin1: np.ndarray  # place row → admin-1 number (0: none)
    norm_ids: dict[str, int]  # a normalised name → name id, for runs written otherwise
    common_words: frozenset[str]  # English words common enough to open a sentence
    joins: frozenset[str]  # a word and the particle after it in a name: "Sea of ", "Rio de "
    lat: np.ndarray
    lon: np.ndarray
    population: np.ndarray


def build_tables(store: Store) -> FastTables:
    """Read the index once into ``FastTables`` (a few seconds; see ``load_tables``)."""
    from unidecode import unidecode
    from wordfreq import get_frequency_dict

    keys, names, kinds, countries, lats, lons, pops, static_prior = [], [], [], [], [], [], [], []
    row_of: dict[int, int] = {}
    country_index: dict[str | None, int] = {None: 0}
    admin1_index: dict[str | None, int] = {None: 0}
    admin1s: list[int] = []
    for pid, key, name, kind, feature, lat, lon, cc, a1, pop in store.place_columns():
        admin1s.append(admin1_index.setdefault(a1, len(admin1_index)))
        row_of[pid] = len(keys)
        keys.append(key)
        names.append(name)
        kinds.append(_KIND_CODE[kind])
        countries.append(country_index.setdefault(cc, len(country_index)))
        lats.append(lat)
        lons.append(lon)
        pops.append(pop or 0)
        static_prior.append(prior_of(kind, pop or 0, feature or "") * WEIGHTS["prior"])

    frequency = get_frequency_dict("en")
    surface: dict[str, str] = {}  # a name as written → its normalised form
    per_name: dict[str, dict[int, tuple[float, str]]] = {}
    for norm, name, match, pid in store.name_rows():
        if norm in _NOT_NAMES:
            continue
        row = row_of[pid]
        best = per_name.setdefault(norm, {})
        score = static_prior[row] + NAME_SCORES.get(match, 0.1) * WEIGHTS["name"]
        if KINDS[kinds[row]] in en.TYPE_WORDS.get(norm.rpartition(" ")[2], ()):
            score += WEIGHTS["type_word"]  # "Red Sea" is the sea, not the Egyptian province
        if row not in best or score > best[row][0]:
            best[row] = (score, match)
        for form in _written_forms(name, unidecode):
            surface.setdefault(form, norm)

    name_ids = {norm: i for i, norm in enumerate(per_name)}
    flags = bytearray(len(name_ids))
    ptr = [0]
    cand_place: list[int] = []
    cand_static: list[float] = []
    for norm, nid in name_ids.items():
        ranked = sorted(per_name[norm].items(), key=lambda item: (-item[1][0], keys[item[0]]))
        if all(match == "adjective" for _, (_, match) in ranked):
            flags[nid] |= ADJECTIVE
            ranked = [r for r in ranked if kinds[r[0]] == _COUNTRY][:1]
        ranked = ranked[:min(FAST_CANDIDATES, MAX_CANDIDATES)]
        if any(KINDS[kinds[row]] in AREA_KINDS for row, _ in ranked):
            flags[nid] |= AREA
        if " " not in norm and ranked and not flags[nid] & ADJECTIVE and \
                static_prior[ranked[0][0]] < SURE_PRIOR:  # "Paris" is no common word
            zipf = np.log10(frequency.get(norm, 0.0) or 1e-12) + 9
            flags[nid] |= (COMMON if zipf >= COMMON_WORD else 0) | \
                (OPENER if zipf >= OPENER_WORD else 0)
        cand_place += [row for row, _ in ranked]
        cand_static += [score for _, (score, _) in ranked]
        ptr.append(len(cand_place))
    surface_ids = {form: name_ids[norm] for form, norm in surface.items()}
    joins = {match.group() for form in surface_ids if " " in form
             for match in _JOIN_WORD.finditer(form)}
    return FastTables(
        surface=surface_ids, name_flags=bytes(flags),
        cand_ptr=np.asarray(ptr, dtype=np.int64),
        cand_place=np.asarray(cand_place, dtype=np.int32),
        cand_static=np.asarray(cand_static, dtype=np.float64),
        key=np.asarray(keys, dtype=object), name=np.asarray(names, dtype=object),
        kind=np.asarray(kinds, dtype=np.int8), country=np.asarray(countries, dtype=np.int32),
        admin1=np.asarray(admin1s, dtype=np.int32), norm_ids=name_ids, joins=frozenset(joins),
        common_words=frozenset(word for word, share in frequency.items()
                               if share >= 10 ** (SENTENCE_START_WORD - 9)),
        countries=np.asarray(list(country_index), dtype=object),
        lat=np.asarray(lats, dtype=np.float64), lon=np.asarray(lons, dtype=np.float64),
        population=np.asarray(pops, dtype=np.int64))


def _written_forms(name: str, unidecode) -> set[str]:
    """The ways a text may write a name: as listed, in ASCII, with spaces for hyphens, and
    without a leading "The" ("the Hague")."""
    forms = {name, unidecode(name)}
    forms |= {f.replace("-", " ") for f in forms}
    forms |= {f[4:] for f in forms if f.startswith("The ")}
    return {f for f in forms
            if len(f) >= 2 and _CAPITALISED.match(f) and f.lower() not in _NOT_NAMES}


def tables_path(store: Store) -> Path:
    return store.path.with_suffix(".fast.pickle")


def tables_key(store: Store) -> str:
    """What the tables are made of: the index file (a rebuild with other packs changes it)
    and the code and word lists they bake in."""
    import hashlib
    from importlib.metadata import version

    here = Path(__file__).resolve().parent
    digest = hashlib.blake2b(digest_size=16)
    stat = store.path.stat()
    digest.update(f"{TABLES_VERSION}|{store.meta().get('fingerprint', '')}|{stat.st_size}|"
                  f"{stat.st_mtime_ns}|{version('wordfreq')}".encode())
    for source in ("fast.py", "resolver.py", "normalize.py", "records.py", "lang/en.py"):
        digest.update((here / source).read_bytes())
    return digest.hexdigest()


def load_tables(store: Store) -> FastTables:
    """The tables of this index, from the cache beside it or built (and cached) now."""
    path = tables_path(store)
    key = tables_key(store)
    try:
        with path.open("rb") as f:
            cached_key, tables = pickle.load(f)
        if cached_key == key:
            return tables
    except Exception:  # noqa: BLE001 - any unreadable cache (another numpy, a torn file)
        pass
    tables = build_tables(store)
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            pickle.dump((key, tables), f, protocol=pickle.HIGHEST_PROTOCOL)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # as any file the user writes, not mkstemp's 0600
        os.replace(tmp, path)
    except OSError:  # a read-only index folder, a full disk: the tables stay in memory
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
    return tables


class FastParser:
    """Toponyms of many texts at once (see the module's docstring)."""

    def __init__(self, tables: FastTables):
        self.tables = tables
        # memos: runs recur in a corpus
        self._runs: dict[str, _Reading | tuple[()]] = {}
        self._seams: dict[str, _Reading | tuple[()]] = {}

    @classmethod
    def for_store(cls, store: Store) -> FastParser:
        return cls(load_tables(store))

    # -- scan ----------------------------------------------------------------------------
    def _reading(self, run: str) -> _Reading | tuple[()]:
        """The memoised reading of a run, or ``()`` when it names nothing and no one."""
        reading = self._runs.get(run)
        if reading is None:
            found, persons = self._read(run)
            reading = self._runs[run] = (found, persons) if found or persons else ()
        return reading

    def _across(self, first: str, gap: str, second: str) -> _Reading | tuple[()]:
        """The name that two runs and the particle between them make ("Bab al-Hawa", "Sea
        of Azov", "In Bab al-Hawa", "Deir ez-Zor Governorate"), else ``()``."""
        words = first.split(" ")
        lead = 0
        while lead < len(words) and words[lead].lower() in _LEADING:
            lead += 1
        if lead == len(words):
            return ()
        head = " ".join(words[lead:])
        offset = len(first) - len(head)
        # a name joined by a word ("Sea of Azov") is looked up as written, one joined by
        # an article ("Deir ez-Zor") in all its spellings
        lookup = self.tables.surface.get if gap[-1] == " " else self._lookup
        nid, mask, name = lookup(head + gap + second), 0, head + gap + second
        last = second.rpartition(" ")
        if nid is None and last[0] and last[2].lower() in _TYPE_MASKS:
            name = head + gap + last[0]
            nid, mask = lookup(name), _TYPE_MASKS[last[2].lower()]
        return (((offset, len(name), nid, mask),), frozenset()) if nid is not None else ()

    def _read(self, run: str) -> _Reading:
        """The names in a run that is no name as written, and the words of persons."""
        if " " not in run and "-" not in run and not run.endswith(POSSESSIVE_ENDS):
            # one word: "Mekele" or "PARIS" may be written otherwise in the gazetteer
            nid = self._lookup(run)
            return ((0, len(run), nid, 0),) if nid is not None else (), frozenset()
        return self._read_words(run)

    def _read_words(self, run: str) -> _Reading:
        """Names in a run that is no name as a whole: cut after a possessive ("Syria's
        Afrin"), without leading function words and modifiers ("In Aleppo", "Northern
        Syria"), without a trailing type word ("Idlib Province"), split at hyphens
        ("Aleppo-Latakia"); the words after a title are a person's."""
        lowered = run.lower().split(" ")
        if "-" not in run and "'" not in run and "’" not in run and \
                _CUT_WORDS.isdisjoint(lowered) and lowered[0] not in self.tables.common_words:
            nid = self._lookup(run)  # no word to cut off: the run names one place or none
            return ((0, len(run), nid, 0),) if nid is not None else (), frozenset()
        found: list[tuple[int, int, int, int]] = []
        persons: set[str] = set()
        words = run.split(" ")
        starts = [0]
        for word in words[:-1]:
            starts.append(starts[-1] + len(word) + 1)
        segment: list[int] = []
        for i, word in enumerate(words):
            segment.append(i)
            if word.endswith(POSSESSIVE_ENDS) or i == len(words) - 1:
                self._read_segment(words, starts, segment, found, persons)
                segment = []
        return tuple(found), frozenset(persons)

    def _read_segment(self, words: list[str], starts: list[int], segment: list[int],
                      found: list[tuple[int, int, int, int]], persons: set[str]) -> None:
        bare = [without_possessive(words[i]) for i in segment]
        lowered = [w.lower() for w in bare]
        title = next((i for i, w in enumerate(lowered) if w in en.TITLES), None)
        if title is not None:  # "President Vladimir Putin": a person, not Vladimir
            persons.update(bare[title + 1:])
            if title == 0:
                return
            # "Russian President …", "Idlib Governor …": the words before may name a place
            segment, bare, lowered = segment[:title], bare[:title], lowered[:title]
        first, last, mask = 0, len(bare), 0
        name = " ".join(bare)
        nid = self._lookup(name)  # "South Korea's", "Black Sea": the words are the name's
        if nid is None:  # "In Aleppo", "Northern Syria"
            while first < last - 1 and lowered[first] in _LEADING:
                first += 1
            name = " ".join(bare[first:last])
            nid = self._lookup(name) if first else None
        if nid is None and last - 1 > first and lowered[last - 1] in _TYPE_MASKS:
            mask = _TYPE_MASKS[lowered[last - 1]]  # "Idlib Province"
            last -= 1
            name = " ".join(bare[first:last])
            nid = self._lookup(name)
        if nid is None and last - first > 1 and lowered[first] in self.tables.common_words:
            # "Neighbouring Argentina", "Besieged Mariupol"
            first += 1
            name = " ".join(bare[first:last])
            nid = self._lookup(name)
        at = starts[segment[first]]
        if nid is not None:
            found.append((at, len(name), nid, mask))
        elif last - first == 1 and "-" in name:  # "Aleppo-Latakia"
            for part in name.split("-"):
                part_id = self._lookup(part) if part else None
                if part_id is not None:
                    found.append((at, len(part), part_id, 0))
                at += len(part) + 1

    def _lookup(self, name: str) -> int | None:
        """The name id of a name as written, or as normalised ("Deir al-Balah" is GeoNames'
        "Deir el-Balah"); a name in capitals only when it is no acronym ("PARIS", not
        "AU")."""
        t = self.tables
        nid = t.surface.get(name)
        if nid is None:
            key = name.lower()
            if not (key.isascii() and key.replace(" ", "").isalnum() and
                    _NORMALISED_WORDS.isdisjoint(key.split(" "))):
                key = normalize(name)  # "Deir al-Balah": GeoNames' "Deir el-Balah"
            nid = t.norm_ids.get(key)
            if nid is not None and name.isupper() and len(name) < CAPITALS_NAME and \
                    not t.name_flags[nid] & AREA and \
                    t.population[t.cand_place[t.cand_ptr[nid]]] < ANCHOR_POPULATION:
                return None
        return nid

    def scan(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Name hits of all texts: an (n, 5) array of text, start, end, name id and
        type-word kind mask, in text order, and each hit's words (``texts``: strings, as
        ``parse`` gives them)."""
        corpus = "\n".join(texts)  # runs never cross a line
        memo = self._runs
        runs, starts, ends, ids, masks, pending, fresh, join_ks, joints = find_runs(
            corpus, self.tables.surface, memo, PARTICLE_GAPS, self.tables.joins, _TYPE_MASKS,
            CAPITALS, LONGEST_GAP)
        run_start, run_end = np.asarray(starts, dtype=np.int64), np.asarray(ends, dtype=np.int64)
        ids = np.asarray(ids, dtype=np.int64)
        run_mask = np.asarray(masks, dtype=np.int64)  # a type word after the run
        direct = ids >= 0
        extra: list[tuple[int, int, int, int]] = []  # start in the corpus, length, id, mask
        extra_words: list[str] = []
        persons: dict[str, set[int]] = {}  # a person's word → the texts that name them
        doc_start = np.cumsum([0] + [len(text) + 1 for text in texts[:-1]])

        def add(k: int, reading: _Reading, text: str, after: int) -> None:
            found, named = reading
            for offset, length, nid, mask in found:
                if not mask and offset + length == len(text):  # "Idlib province"
                    mask = masks[after]
                extra.append((starts[k] + offset, length, nid, mask))
                extra_words.append(text[offset:offset + length])
            if named:
                doc = int(np.searchsorted(doc_start, starts[k], "right")) - 1
                for word in named:
                    persons.setdefault(word, set()).add(doc)

        joined: set[int] = set()
        seams = self._seams
        for k, gap in zip(join_ks, joints, strict=True):
            text = runs[k] + gap + runs[k + 1]
            reading = seams.get(text)
            if reading is None:
                reading = seams[text] = self._across(runs[k], gap, runs[k + 1])
            if reading and k not in joined:
                add(k, reading, text, k + 1)  # "Bab al-Hawa", not Bab and Hawa
                joined |= {k, k + 1}
                direct[k] = direct[k + 1] = False
        readings = {run: self._reading(run) for run in fresh}  # runs not read before
        pending += [k for run, ks in fresh.items() if readings[run] for k in ks]
        for k in pending:
            if k not in joined:
                run = runs[k]
                # another thread may have emptied the memo since the scan
                reading = readings.get(run) or memo.get(run) or self._reading(run)
                add(k, reading, run, k)
        if len(memo) > RUN_MEMO_SIZE or len(seams) > RUN_MEMO_SIZE:
            memo.clear()
            seams.clear()

        extras = np.asarray(extra, dtype=np.int64).reshape(-1, 4)
        hit_start = np.concatenate([run_start[direct], extras[:, 0]])
        hit_length = np.concatenate([(run_end - run_start)[direct], extras[:, 1]])
        hit_id = np.concatenate([ids[direct], extras[:, 2]])
        hit_mask = np.concatenate([run_mask[direct], extras[:, 3]])
        words = np.asarray(runs, dtype=object)[direct]
        if extra_words:
            words = np.concatenate([words, np.asarray(extra_words, dtype=object)])
        order = np.argsort(hit_start, kind="stable")
        hit_start, hit_length, hit_id, hit_mask, words = (
            hit_start[order], hit_length[order], hit_id[order], hit_mask[order], words[order])
        doc = np.searchsorted(doc_start, hit_start, "right") - 1
        start = hit_start - doc_start[doc]
        hits = np.stack([doc, start, start + hit_length, hit_id, hit_mask], axis=1)
        if persons:  # "Jackson" after "President Jackson"
            flags = self.tables.name_flags
            drop = [i for i, word in enumerate(words.tolist()) if word in persons]
            drop = [i for i in drop if doc[i] in persons[words[i]]
                    and not flags[hit_id[i]] & AREA]
            keep = np.ones(len(hits), dtype=bool)
            keep[drop] = False
            hits, words = hits[keep], words[keep]
        return hits, words

    # -- rank ----------------------------------------------------------------------------
    def parse(self, texts: Sequence[str]) -> pd.DataFrame:
        """One row per toponym of ``texts``: ``doc`` (the text's index), ``start``/``end``,
        ``text``, the place (``key``, ``name``, ``kind``, ``country_code``, ``lat``/``lon``
        of its representative point, ``population``), ``score`` and ``adjectival``.

        Geometries are not loaded: ``Gazetteer.get(key).geometry`` has a place's polygon or
        line, and ``geopandas.points_from_xy(frame.lon, frame.lat)`` makes points."""
        import pandas as pd

        if isinstance(texts, str | bytes):
            raise TypeError("parse_fast takes a sequence of texts, not one text")
        texts = [text if isinstance(text, str) else "" for text in texts]
        t = self.tables
        hits, surfaces = self.scan(texts)
        doc, start, end, nid, mask = hits.T
        flags = np.frombuffer(t.name_flags, dtype=np.uint8)[nid]
        # common words ("Mobile") and, opening a sentence, less common ones ("Bath") are no
        # names, unless a locative word leads them ("in Nice")
        common = np.flatnonzero(((flags & (COMMON | OPENER)) != 0) & ((flags & AREA) == 0))
        keep = np.ones(len(hits), dtype=bool)
        for i, d, s in zip(common.tolist(), doc[common].tolist(), start[common].tolist(),
                           strict=True):
            if not _cued(texts[d], s):
                keep[i] = not (flags[i] & COMMON or _opens_sentence(texts[d], s))
        # "Moscow, Idaho": a name after a comma may hold the name before it
        pairs = np.flatnonzero((doc[1:] == doc[:-1]) & (start[1:] - end[:-1] == 2))
        pairs = np.asarray([i for i in pairs.tolist()
                            if texts[doc[i]][end[i]] == ","], dtype=np.int64)
        chosen, score = self._rank(doc, nid, mask, len(texts), keep, pairs)
        keep &= chosen >= 0
        row = chosen[keep]
        small = (t.kind[row] == _CITY) & (t.population[row] < SMALL_PLACE)
        if small.any():  # a tiny place counts only in a country the text is about
            doubtful = np.flatnonzero(keep)[small & ~self._vouched(doc[keep], row)]
            keep[doubtful] = [_cued(texts[d], s) for d, s in
                              zip(doc[doubtful].tolist(), start[doubtful].tolist(), strict=True)]
            row = chosen[keep]
        return pd.DataFrame({
            "doc": doc[keep], "start": start[keep], "end": end[keep],
            "text": pd.Series(surfaces[keep], dtype=object),
            "key": pd.Series(t.key[row], dtype=object),
            "name": pd.Series(t.name[row], dtype=object),
            "kind": pd.Categorical.from_codes(t.kind[row], KINDS),
            "country_code": pd.Categorical.from_codes(t.country[row] - 1, t.countries[1:]),
            "lat": t.lat[row], "lon": t.lon[row], "population": t.population[row],
            "score": score[keep], "adjectival": (flags[keep] & ADJECTIVE) != 0})

    def _rank(self, doc: np.ndarray, nid: np.ndarray, mask: np.ndarray, n_docs: int,
              keep: np.ndarray, pairs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The best place row of each kept hit (-1 for none) and its score; ``pairs``: the
        hits i that a comma separates from hit i + 1."""
        t = self.tables
        n = len(nid)
        first = t.cand_ptr[nid]
        count = np.where(keep, t.cand_ptr[nid + 1] - first, 0)
        has = np.flatnonzero(count)
        chosen = np.full(n, -1, dtype=np.int64)
        best_score = np.zeros(n)
        if not len(has):
            return chosen, best_score
        offset = np.cumsum(count) - count
        hit = np.repeat(np.arange(n), count)
        cand = first[hit] + np.arange(len(hit)) - offset[hit]
        row = t.cand_place[cand]
        score = t.cand_static[cand]
        kind, country = t.kind[row], t.country[row]
        typed = np.flatnonzero(mask[hit])  # a type word: "Idlib province"
        if len(typed):
            agrees = (mask[hit[typed]] >> kind[typed].astype(np.int64)) & 1
            score[typed] += np.where(agrees == 1, WEIGHTS["type_word"], WEIGHTS["type_clash"])
            # one sense per discourse: "Idlib" is the province when "Idlib province" is too
            told = _discourse(doc * (len(t.cand_ptr) - 1) + nid, mask)[hit]
            said = np.flatnonzero((told >> kind.astype(np.int64)) & 1)
            score[said] += WEIGHTS["discourse"]
        if len(pairs):
            score += self._containment(hit, row, kind, country, pairs)
        # the text's countries and provinces, from each hit's leading candidate (sure when
        # it is the only one); twice, the second time from the leaders of the first
        leader, total = choose_places(
            doc[has], np.where(count[has] == 1, 1.0, 0.6), offset[has], count[has], score,
            country, kind, t.admin1[row], len(t.countries), int(t.admin1.max()) + 1,
            WEIGHTS["doc_country"], WEIGHTS["doc_admin1"], DOCUMENT_ROUNDS, _COUNTRY,
            _ADMIN1, _CITY)
        chosen[hit[leader]] = row[leader]
        best_score[hit[leader]] = total[leader]
        return chosen, best_score

    def _containment(self, hit: np.ndarray, row: np.ndarray, kind: np.ndarray,
                     country: np.ndarray, pairs: np.ndarray) -> np.ndarray:
        """Containment evidence for candidates of comma pairs: the holder's country or
        province that holds a sense of the name before it, and those senses ("Moscow,
        Idaho", "El Paso, Texas")."""
        area = 1 << 20  # key = pair * area * 2 + country, or + area + admin-1
        code = np.where(kind == _ADMIN1, area + self.tables.admin1[row], country)
        held_pair = np.searchsorted(pairs, hit)
        is_held = held_pair < len(pairs)
        is_held[is_held] = pairs[held_pair[is_held]] == hit[is_held]
        holder_pair = np.searchsorted(pairs, hit - 1)
        is_holder = (holder_pair < len(pairs)) & (kind <= _ADMIN1)
        is_holder[is_holder] = pairs[holder_pair[is_holder]] == hit[is_holder] - 1
        held = np.flatnonzero(is_held)
        held_keys = np.concatenate([
            held_pair[held] * 2 * area + country[held],
            held_pair[held] * 2 * area + area + self.tables.admin1[row[held]]])
        holders = np.flatnonzero(is_holder)
        holder_keys = holder_pair[holders] * 2 * area + code[holders]
        evidence = np.zeros(len(hit))
        evidence[holders[np.isin(holder_keys, held_keys)]] = WEIGHTS["containment"]
        inside = np.isin(held_pair[held] * 2 * area + country[held], holder_keys) | \
            np.isin(held_pair[held] * 2 * area + area + self.tables.admin1[row[held]],
                    holder_keys)
        evidence[held[inside & (kind[held] != _COUNTRY)]] = WEIGHTS["containment"]
        return evidence

    def _vouched(self, doc: np.ndarray, row: np.ndarray) -> np.ndarray:
        """Whether each place's country is vouched for in its text by a country, province
        or big town of that text."""
        t = self.tables
        strong = (t.kind[row] <= _ADMIN1) | (t.population[row] >= ANCHOR_POPULATION)
        cell = doc * len(t.countries) + t.country[row]
        return np.isin(cell, cell[strong])


def _find_runs_re(text: str, surface: dict[str, int], readings: dict[str, object],
                  gaps: frozenset[str], joins: frozenset[str], type_words: dict[str, int],
                  capital: bytes, longest_gap: int) -> tuple:
    """``_fast.find_runs``, the compiled scan, with ``RUN``: (runs, starts, ends, name ids
    or -1, type-word masks of the lower-case word after each run, the runs whose reading
    names something, the runs not read yet and where they are, the indices k whose gap to
    run k + 1 is a particle, those gaps). A gap of a word (" of ") counts only after a
    word it follows in a name (``joins``: "Sea of "), so "Idlib and Aleppo" is not read
    together."""
    parts = RUN.split(text)
    runs = parts[1::2]
    ends = list(accumulate(map(len, parts)))
    ids = [surface.get(run, -1) for run in runs]
    masks = []
    for run, gap in zip(runs, parts[2::2], strict=True):
        after = _TYPE_WORD_AFTER.match(gap)
        possessive = run.endswith(("'", "’")) or len(run) >= 3 and run.endswith(("'s", "’s"))
        masks.append(type_words.get(after.group(1), 0) if after and not possessive else 0)
    joined = [k for k, gap in enumerate(parts[2:-1:2]) if gap in gaps and (
        gap[-1] != " " or runs[k].rpartition(" ")[2] + gap in joins)]
    fresh: dict[str, list[int]] = {}
    for k, (run, nid) in enumerate(zip(runs, ids, strict=True)):
        if nid < 0 and run not in readings:
            fresh.setdefault(run, []).append(k)
    return (runs, ends[0:-1:2], ends[1::2], ids, masks,
            [k for k, (run, nid) in enumerate(zip(runs, ids, strict=True))
             if nid < 0 and readings.get(run, ())],
            fresh, joined, [parts[2 * k + 2] for k in joined])


def _choose_places_np(lead_doc: np.ndarray, weight: np.ndarray, first: np.ndarray,
                      count: np.ndarray, score: np.ndarray, country: np.ndarray,
                      kind: np.ndarray, admin1: np.ndarray, n_countries: int, n_admin1: int,
                      w_country: float, w_admin1: float, rounds: int, kind_country: int,
                      kind_admin1: int, kind_city: int) -> tuple[np.ndarray, np.ndarray]:
    """``_fast.choose_places`` with numpy, for all texts at once: (each hit's chosen row,
    every row's score with document evidence). Hit h's candidate rows are first[h] ..
    first[h] + count[h] - 1; each row's evidence is the share of the text's other places
    (the hits' leading rows) in its country and, for towns and provinces, in its province
    (``Resolver._rank``); a hit of one candidate has its place."""
    import pandas as pd

    leader, total = first.copy(), score.copy()
    open_hits = np.flatnonzero(count > 1)
    if not len(open_hits):
        return leader, total
    hit = np.repeat(np.arange(len(first)), count)
    rows = np.flatnonzero(count[hit] > 1)
    group = np.cumsum(count[open_hits]) - count[open_hits]  # open hit → its first row
    lead_doc = np.r_[0, np.cumsum(lead_doc[1:] != lead_doc[:-1])]  # texts with names: 0, 1 …
    n_docs = int(lead_doc[-1]) + 1
    row_doc, row_hit = lead_doc[hit[rows]], hit[rows]
    cell, cells = pd.factorize(lead_doc[hit] * n_admin1 + admin1)  # (text, province)
    country_cell = row_doc * n_countries + country[rows]
    not_country = kind[rows] != kind_country
    admin1_counts = (admin1[rows] > 0) & ((kind[rows] == kind_city) |
                                          (kind[rows] == kind_admin1))
    for _ in range(rounds):
        lead_country, lead_admin1 = country[leader], admin1[leader]
        votes = np.bincount(lead_doc * n_countries + lead_country, weights=weight,
                            minlength=n_docs * n_countries)
        votes[::n_countries] = 0.0  # no country: no vote
        totals = np.maximum(np.bincount(lead_doc, weights=weight * (lead_country != 0),
                                        minlength=n_docs), 1.0)
        own = np.where(lead_country[row_hit] == country[rows], 0.6, 0.0)
        share = np.maximum(0.0, votes[country_cell] - own) / totals[row_doc]
        evidence = np.where(not_country, w_country * share, 0.0)
        voting = (lead_admin1 > 0) & (kind[leader] != kind_country)
        if voting.any():
            votes = np.bincount(cell[leader][voting], weights=weight[voting],
                                minlength=len(cells))
            totals = np.maximum(np.bincount(lead_doc[voting], weights=weight[voting],
                                            minlength=n_docs), 1.0)
            own = np.where(lead_admin1[row_hit] == admin1[rows], 0.6, 0.0)
            evidence += np.where(admin1_counts, w_admin1 * np.maximum(
                0.0, votes[cell[rows]] - own) / totals[row_doc], 0.0)
        value = score[rows] + evidence
        best = np.maximum.reduceat(value, group)
        top = np.flatnonzero(value >= np.repeat(best, count[open_hits]))
        top = top[np.r_[True, row_hit[top[1:]] != row_hit[top[:-1]]]]
        leader = leader.copy()
        leader[open_hits] = rows[top]
        total[rows] = value
    return leader, total


try:
    from gazetteer._fast import choose_places as _compiled_choose_places
    from gazetteer._fast import find_runs as _compiled_find_runs
except ImportError:  # pragma: no cover - built without a C compiler
    _compiled_find_runs, _compiled_choose_places = _find_runs_re, _choose_places_np
find_runs, choose_places = _compiled_find_runs, _compiled_choose_places


def _discourse(name: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """For each hit without a type word, the kinds that type words ask for at the other
    hits of the same name in the same text (``name``: text and name id in one number)."""
    typed = np.flatnonzero(mask)
    order = typed[np.argsort(name[typed], kind="stable")]
    if not len(order):
        return np.zeros(len(name), dtype=np.int64)
    first = np.flatnonzero(np.r_[True, name[order][1:] != name[order][:-1]])
    names, kinds = name[order][first], np.bitwise_or.reduceat(mask[order], first)
    at = np.minimum(np.searchsorted(names, name), len(names) - 1)
    return np.where((mask == 0) & (names[at] == name), kinds[at], 0)


def _cued(text: str, start: int) -> bool:
    """A locative word before the name: "in Nice", "near Mobile", "(in\nMobile"."""
    words = text[max(0, start - 16):start].split()
    return bool(words) and words[-1].lstrip("(\"'“‘[").lower() in en.LOCATIVES


def _opens_sentence(text: str, start: int) -> bool:
    before = text[max(0, start - 4):start]
    if "\n" in before:
        return True
    before = before.rstrip(" \t\r\"“'‘(")
    return not before or before[-1] in ".!?"
