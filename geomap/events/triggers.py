"""Finding event triggers (the words that type an event) in a sentence.

Triggers come from ``<lang>.triggers.yaml``: per category, groups of phrases
(verbs, nouns, weak, fallback) with a strength. ``TriggerMatcher.find`` returns
the matches in a sentence after exclusions and reclassification.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from geomap.events.lexicon import Lexicon, bounded, compile_phrases, phrase_regex
from geomap.taxonomy import CATEGORIES

#: Strength of each phrase group (see en.triggers.yaml).
STRENGTH = {"verbs": 0.9, "nouns": 0.8, "weak": 0.6, "fallback": 0.55}
VIOLENT_TYPES = frozenset({"Explosions/Remote violence", "Battles", "Violence against civilians"})


@dataclass(frozen=True, slots=True)
class Entry:
    category: str  # a taxonomy key, or a pseudo-category decided by the victims
    group: str  # verbs / nouns / weak / fallback
    strength: float
    by_victim: bool = False
    default: str = ""  # category when by_victim finds no victim


@dataclass(frozen=True, slots=True)
class Trigger:
    start: int  # article offsets
    end: int
    text: str
    entry: Entry

    @property
    def category(self) -> str:
        return self.entry.category

    @property
    def is_noun(self) -> bool:
        return self.entry.group in ("nouns", "weak")

    @property
    def violent(self) -> bool:
        return is_violent(self.entry.category) or self.entry.by_victim


def is_violent(category: str) -> bool:
    """Whether a category is political violence (battles, remote violence, attacks)."""
    cat = CATEGORIES.get(category)
    return bool(cat and cat.event_type in VIOLENT_TYPES)


class TriggerMatcher:
    """All trigger phrases of a lexicon compiled into one regex."""

    def __init__(self, lexicon: Lexicon) -> None:
        spec = lexicon.triggers.get("triggers") or {}
        self.entries: dict[str, Entry] = {}
        self.support: dict[str, re.Pattern[str] | None] = {}
        self.keyed: list[tuple[tuple[str, ...], str, re.Pattern[str]]] = []
        alts: list[tuple[str, str]] = []
        phrases: dict[str, str] = {}
        for cat, groups in spec.items():
            by_victim = bool(groups.get("by_victim"))
            if not by_victim and cat not in CATEGORIES:
                raise ValueError(f"trigger lexicon: unknown category {cat!r}")
            self.support[cat] = compile_phrases(list(groups.get("noun_support") or []))
            for group, strength in STRENGTH.items():
                for phrase in groups.get(group) or []:
                    name = f"t{len(self.entries)}"
                    self.entries[name] = Entry(
                        cat, group, strength, by_victim, groups.get("default", "attack")
                    )
                    alts.append((name, phrase_regex(str(phrase))))
                    phrases[name] = str(phrase)
        raw = []
        for name, src in alts:
            keys = required_literals(phrases[name])
            if keys:
                self.keyed.append((keys, name, re.compile(bounded(src), re.IGNORECASE)))
            else:
                raw.append((name, src))
        raw.sort(key=lambda a: len(a[1]), reverse=True)
        #: literal -> the keyed phrases it unlocks (one substring test per literal)
        self.by_literal: dict[str, list[int]] = {}
        for i, (keys, _, _) in enumerate(self.keyed):
            for key in dict.fromkeys(keys):
                self.by_literal.setdefault(key, []).append(i)
        self.regex = (
            re.compile(bounded("|".join(f"(?P<{n}>{src})" for n, src in raw)), re.IGNORECASE)
            if raw
            else None
        )
        self.exclude = compile_phrases(list(lexicon.triggers.get("exclude") or []))
        self.reclassify = [
            (
                r["from"],
                r["to"],
                compile_phrases(list(r.get("if_words") or [])),
                compile_phrases(list(r.get("unless_words") or [])),
            )
            for r in lexicon.triggers.get("reclassify") or []
        ]

    def find(self, text: str, offset: int = 0) -> list[Trigger]:
        """Triggers in ``text`` (offsets shifted by ``offset``), exclusions removed."""
        blocked = [m.span() for m in self.exclude.finditer(text)] if self.exclude else []
        out = []
        for s, e, name, matched in self._matches(text):
            if any(bs <= s and e <= be for bs, be in blocked):
                continue
            entry = self.entries[name]
            if not entry.by_victim:
                cat = self.reclass(entry.category, text)
                if cat != entry.category:
                    entry = Entry(cat, entry.group, entry.strength)
            out.append(Trigger(offset + s, offset + e, matched, entry))
        return out

    def _matches(self, text: str) -> list[tuple[int, int, str, str]]:
        """Non-overlapping phrase matches, leftmost first and longest at one place.

        Phrases are tried only when one of their literal words occurs in the text
        (a cheap substring test), which keeps long lexicons fast.
        """
        low = text.lower()
        found = []
        tried = sorted({i for key, phrases in self.by_literal.items() if key in low
                        for i in phrases})
        for i in tried:
            _, name, rx = self.keyed[i]
            found.extend((m.start(), m.end(), name, m[0]) for m in rx.finditer(text))
        if self.regex is not None:
            found.extend(
                (m.start(), m.end(), m.lastgroup or "", m[0]) for m in self.regex.finditer(text)
            )
        found.sort(key=lambda x: (x[0], -(x[1] - x[0])))
        out: list[tuple[int, int, str, str]] = []
        for f in found:
            if not out or f[0] >= out[-1][1]:
                out.append(f)
        return out

    def reclass(self, category: str, text: str) -> str:
        """``category`` after the lexicon's reclassification rules for sentence ``text``."""
        for src, dst, if_re, unless_re in self.reclassify:
            if category != src or not if_re or not if_re.search(text):
                continue
            if unless_re and unless_re.search(text):
                continue
            return dst
        return category

    def has_support(self, category: str, text: str) -> bool:
        """Whether ``text`` holds a word that lets a noun of ``category`` stand alone."""
        pat = self.support.get(category)
        return pat is None or bool(pat.search(text))

    def needs_support(self, category: str) -> bool:
        return self.support.get(category) is not None


_ELEMENT_RE = re.compile(r"\{([^{}]*)\}(\([^()]*\))?|([^\s{}()]+)(\([^()]*\))?|\S")


def required_literals(phrase: str) -> tuple[str, ...]:
    """Lower-case substrings one of which any match of ``phrase`` must contain.

    The longest plain word of the phrase, or the alternatives of a ``{a|b}`` group;
    () for raw regexes (they are always tried).
    """
    if phrase.startswith("re:"):
        return ()
    best: tuple[str, ...] = ()
    for alt, _, word, _ in _ELEMENT_RE.findall(phrase):
        if word and word != "..." and word.replace("'", "").isalnum():
            cand: tuple[str, ...] = (word.lower(),)
        elif alt and "{" not in alt and "(" not in alt:
            cand = tuple(a.split()[0].lower() for a in alt.split("|") if a.strip())
        else:
            continue
        if not best or min(map(len, cand)) > min(map(len, best)):
            best = cand
    return best


@lru_cache(maxsize=8)
def matcher_for(lexicon: Lexicon) -> TriggerMatcher:
    """The compiled matcher for a lexicon (cached per lexicon object)."""
    return TriggerMatcher(lexicon)
