"""Name normalisation shared by the index builder and the resolver."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_APOSTROPHES = dict.fromkeys(map(ord, "'’‘`´ʿʾʻʼ′"), None)
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—_.,/]+")
_LEADING_ARTICLE = re.compile(r"^(the) ")


@lru_cache(maxsize=200_000)
def normalize(name: str) -> str:
    """A matching key: case-folded, marks and apostrophes removed, separators folded.

    "İdlib" → "idlib", "‘Afrīn" → "afrin", "Jisr al-Shughur" → "jisr al shughur",
    "إدلب" → "ادلب" (hamza is a combining mark after NFKD).
    """
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    folded = stripped.casefold().translate(_APOSTROPHES)
    folded = _SEPARATORS.sub(" ", folded).strip()
    return _LEADING_ARTICLE.sub("", folded)


def name_hash(key: str) -> int:
    """A stable 63-bit hash of a normalised name (for the memory-mapped name filter)."""
    import hashlib

    digest = hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little") >> 1
