"""Word tokens of one sentence, with article offsets, and phrase look-ups on them."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

_TOKEN_RE = re.compile(r"(?:[A-Za-z]\.){2,}|\w+(?:-\w+)*|['’]s\b|[^\w\s]")


@dataclass(frozen=True, slots=True)
class Token:
    start: int  # article offsets
    end: int
    text: str

    @property
    def low(self) -> str:
        return self.text.lower()

    @property
    def is_word(self) -> bool:
        return self.text[:1].isalnum()


@dataclass(slots=True)
class Span:
    """A sentence of the article, tokenised."""

    start: int
    end: int
    text: str  # the sentence text (article.text[start:end])
    tokens: list[Token] = field(default_factory=list)
    _starts: list[int] = field(default_factory=list)
    _found: dict[int, list[tuple[int, int, str]]] = field(default_factory=dict)

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Span:
        sent = text[start:end]
        toks = [Token(start + m.start(), start + m.end(), m[0]) for m in _TOKEN_RE.finditer(sent)]
        return cls(start, end, sent, toks, [t.start for t in toks])

    def tok_at(self, offset: int) -> int:
        """Index of the token that contains or follows article offset ``offset``."""
        i = bisect.bisect_right(self._starts, offset) - 1
        if i >= 0 and self.tokens[i].end > offset:
            return i
        return i + 1

    def tok_before(self, offset: int) -> int:
        """Index of the last token ending at or before ``offset`` (-1 if none)."""
        i = bisect.bisect_left(self._starts, offset) - 1
        while i >= 0 and self.tokens[i].end > offset:
            i -= 1
        return i

    def words(self, i: int, j: int) -> list[str]:
        """Lower-cased token texts of tokens[i:j]."""
        return [t.low for t in self.tokens[max(i, 0) : max(j, 0)]]

    def find(self, pattern: re.Pattern[str] | None) -> list[tuple[int, int, str]]:
        """Article-offset spans of ``pattern`` matches in the sentence (memoised)."""
        if pattern is None:
            return []
        key = id(pattern)
        if key not in self._found:
            self._found[key] = [
                (self.start + m.start(), self.start + m.end(), m[0])
                for m in pattern.finditer(self.text)
            ]
        return self._found[key]


def word_set(words: list[str]) -> frozenset[str]:
    """Single lower-cased words of a lexicon list (multi-word entries left out)."""
    return frozenset(w.lower() for w in words if " " not in w.strip())
