"""Name normalisation shared by the index builder and the resolver."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_APOSTROPHES = dict.fromkeys(map(ord, "'’‘`´ʿʾʻʼ′"), None)
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—_.,/]+")
_LEADING_ARTICLE = re.compile(r"^(the) ")
#: Arabic article spellings ("ash-Shughur", "ad-Dana", "el-Arish") fold to "al" before a word.
_ARABIC_ARTICLE = re.compile(r"(?:(?<=^)|(?<= ))(?:al|el|ad|ar|as|ash|at|az|an|adh|ath|ul) (?=\w)")


@lru_cache(maxsize=200_000)
def normalize(name: str) -> str:
    """A matching key: case-folded, marks and apostrophes removed, separators folded.

    "İdlib" → "idlib", "‘Afrīn" → "afrin", "Jisr al-Shughur" → "jisr al shughur",
    "إدلب" → "ادلب" (hamza is a combining mark after NFKD).
    """
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(c for c in decomposed
                       if not unicodedata.combining(c) and not "\ud800" <= c <= "\udfff")
    folded = stripped.casefold().translate(_APOSTROPHES)
    folded = _SEPARATORS.sub(" ", folded).strip()
    folded = _ARABIC_ARTICLE.sub("al ", folded)
    return _LEADING_ARTICLE.sub("", folded)


def without_article(key: str) -> str | None:
    """The normalised name without a leading Arabic article ("al qamishli" → "qamishli")."""
    return key[3:] if key.startswith("al ") and len(key) > 6 else None


def name_hash(key: str) -> int:
    """A stable 63-bit hash of a normalised name (for the memory-mapped name filter)."""
    import hashlib

    digest = hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little") >> 1
