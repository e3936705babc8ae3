"""Name normalisation shared by the index builder and the resolver."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_APOSTROPHES = dict.fromkeys(map(ord, "'’‘`´ʿʾʻʼ′"), None)
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—_.,/]+")
_LEADING_ARTICLE = re.compile(r"^(the) ")
#: Arabic article spellings ("ash-Shughur", "ad-Dana", "el-Arish") fold to "al" before a word.
ARABIC_ARTICLES = ("al", "el", "ad", "ar", "as", "ash", "at", "az", "an", "adh", "ath", "ul")
_ARABIC_ARTICLE = re.compile(
    r"(?:(?<=^)|(?<= ))(?:" + "|".join(ARABIC_ARTICLES) + r") (?=\w)")


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


#: Arabic articles as transliterated, dropped from a skeleton ("Deir ez-Zor", "Tell Abyad").
_SKELETON_ARTICLES = frozenset(
    "al el ad adh ar as ash at ath az an ed en enn er es ez ul ud ur us".split())
_SKELETON_VOWELS = str.maketrans("", "", "aeiouwy")
_SKELETON_FOLDS = (("q", "k"), ("ph", "f"), ("dj", "j"))
_DOUBLED = re.compile(r"(.)\1+")
SKELETON_MIN = 5  # letters a skeleton needs to tell places apart


def skeleton(key: str) -> str:
    """A transliteration-tolerant form of a normalised ASCII name: articles, inner vowels
    (and w, y) and doubled letters dropped, so that the many romanisations of one Arabic,
    Persian or Pashto name meet: "maarat al numan", "maarrat al numan", "maaret al noman"
    → "mrt nmn"; "khan sheikhoun", "khan shaykhun" → "khn shkhn". Empty when ``key`` is not
    ASCII or its skeleton is too short to be distinctive."""
    if not key.isascii():
        return ""
    words = []
    for word in key.split():
        if word in _SKELETON_ARTICLES:
            continue
        for a, b in _SKELETON_FOLDS:
            word = word.replace(a, b)
        words.append(_DOUBLED.sub(r"\1", word[:1] + word[1:].translate(_SKELETON_VOWELS)))
    out = " ".join(words)
    return out if len(out) - out.count(" ") >= SKELETON_MIN else ""
