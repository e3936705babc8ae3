"""Fatality counts: "three soldiers were killed", "killing 14", "at least a dozen civilians".

Numbers and vague quantities come from ``<lang>.numbers.yaml``; its header
documents the conventions (dozens -> 12, several -> 3, lowest figure kept).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from geomap.events.lexicon import Lexicon, compile_phrases, phrase_regex


@dataclass(frozen=True, slots=True)
class Fatalities:
    start: int  # article offsets of the whole phrase
    end: int
    text: str
    count: int
    victims: str | None = None  # the victim word, when one names them


def _alt(words: list[str]) -> str:
    return "|".join(sorted((phrase_regex(w) for w in words), key=len, reverse=True))


class FatalityFinder:
    """Number and fatality regexes compiled from a lexicon."""

    def __init__(self, lexicon: Lexicon) -> None:
        nx = lexicon.numbers
        self.units = {str(k).lower(): int(v) for k, v in nx["units"].items()}
        self.mult = {str(k).lower(): int(v) for k, v in nx["multipliers"].items()}
        self.vague = {re.sub(r"\s+", " ", str(k).lower()): int(v) for k, v in nx["vague"].items()}
        unit = _alt(list(self.units))
        mult = _alt(list(self.mult))
        vague = _alt(list(self.vague))
        digits = r"\d{1,3}(?:,\d{3})+|\d+"
        word_num = rf"(?:{unit})(?:[\s-]+(?:{unit}))?(?:\s+(?:{mult})s?)?(?:\s+(?:{mult}))?"
        single = rf"(?:{digits}|(?:a\s+)?(?:{mult})|{word_num})"
        quals = (
            r"(?:(?:at\s+least|more\s+than|over|nearly|almost|about|around|some|up\s+to|"
            r"roughly|approximately|an\s+estimated|as\s+many\s+as|upwards\s+of)\s+)?"
        )
        rng = rf"(?:between\s+)?{single}(?:\s*(?:-|–|to|and|or)\s*{single})?"
        self.number = rf"(?:{quals}(?:{rng}|(?:{vague})(?:\s+of)?))"
        victims = [w for ws in (lexicon.cues.get("victims") or {}).values() for w in ws]
        self.victim_words = {w.lower() for w in victims}
        vic = _alt(victims)
        death = _alt(list(nx["death_words"]))
        lead = _alt(list(nx["death_lead"]))
        f = re.IGNORECASE
        adj = r"(?:[\w'’-]+\s+){0,3}?"
        self.passive = re.compile(
            rf"(?<![\w-])(?P<num>{self.number})\s+(?:{adj}(?P<vic>{vic})\s*)?(?:,[^,]{{0,60}},\s*)?"
            rf"(?:(?:who|that)\s+)?(?:(?:were|was|have\s+been|had\s+been|are|is|have|had|been)\s+)?"
            rf"(?:(?:reportedly|reported|confirmed|all|also)\s+)?(?:{death})(?![\w-])",
            f,
        )
        self.active = re.compile(
            rf"(?<![\w-])(?:{lead})\s+(?:(?:to|at|of)\s+)?(?P<num>{self.number})(?:\s+{adj}(?P<vic>{vic}))?(?![\w-])",
            f,
        )
        self.injury = compile_phrases(list(nx.get("injury_words") or []))
        self.zero = compile_phrases(list(nx.get("zero") or []))
        self.unknown = compile_phrases(list(nx.get("unknown_count") or []))

    def find(self, text: str, offset: int = 0) -> list[Fatalities]:
        """Fatality counts stated in ``text`` (article offsets)."""
        out: list[Fatalities] = []
        for m in self.zero.finditer(text) if self.zero else ():
            out.append(Fatalities(offset + m.start(), offset + m.end(), m[0], 0))
        for rx in (self.active, self.passive):
            for m in rx.finditer(text):
                if any(f.start <= offset + m.start() < f.end for f in out):
                    continue
                if self._is_injury(text, m):
                    continue
                if self.unknown and self.unknown.match(text, m.end("num") + 1):
                    continue  # "an unknown number of fighters": no figure
                n = self.parse(m["num"])
                if n is None:
                    continue
                vic = (m["vic"] or "").lower() or None
                out.append(Fatalities(offset + m.start(), offset + m.end(), m[0], n, vic))
        return sorted(out, key=lambda f: f.start)

    def _is_injury(self, text: str, m: re.Match[str]) -> bool:
        if not self.injury:
            return False
        between = text[m.end("num") : m.end()]
        hit = self.injury.search(between)
        return bool(hit) and not re.search(
            r"kill|dead|died|death|lives", between[: hit.start()], re.I
        )

    def parse(self, phrase: str) -> int | None:
        """The lowest figure a number phrase stands for ("at least a dozen" -> 12)."""
        p = re.sub(r"\s+", " ", phrase.lower()).strip()
        p = re.sub(
            r"^(?:at least|more than|over|nearly|almost|about|around|some|up to|roughly|"
            r"approximately|an estimated|as many as|upwards of|between) ",
            "",
            p,
        )
        p = re.sub(r" of$", "", p)
        if p in self.vague:
            return self.vague[p]
        if p.split()[0] in ("no", "none", "nobody"):
            return 0
        first = re.split(r"(?<=\d)\s*[-–]\s*(?=\d)|\s+(?:to|and|or)\s+", p, maxsplit=1)[0]
        if re.fullmatch(r"[\d,]+", first):
            return int(first.replace(",", ""))
        return self._words(first)

    def _words(self, p: str) -> int | None:
        total, current, seen = 0, 0, False
        for w in re.split(r"[\s-]+", p):
            if w in ("a", "an") and not seen:
                current, seen = 1, True
            elif w in self.units:
                current += self.units[w]
                seen = True
            elif w.rstrip("s") in self.mult:
                m = self.mult[w.rstrip("s")]
                current = (current or 1) * m
                if m >= 1000:
                    total, current = total + current, 0
                seen = True
            elif w:
                return None
        return total + current if seen else None


@lru_cache(maxsize=8)
def finder_for(lexicon: Lexicon) -> FatalityFinder:
    """The compiled fatality finder for a lexicon (cached per lexicon object)."""
    return FatalityFinder(lexicon)


def find_fatalities(text: str, lexicon: Lexicon | None = None) -> list[Fatalities]:
    """Fatality counts in ``text`` with the default (or given) lexicon."""
    from geomap.events.lexicon import load_lexicon

    return finder_for(lexicon or load_lexicon()).find(text)
