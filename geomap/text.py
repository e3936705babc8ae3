"""Reading article files and splitting text into sentences.

``read_article`` decodes a file (UTF-8, BOM or not, or UTF-16 with a BOM, with a
cp1252/latin-1 fallback recorded in ``Article.warnings``) and parses header lines such as
``Title:`` and ``Date:`` off the top. ``split_sentences`` is a compact
rule-based splitter that returns character offsets into the text; its
abbreviation lists live in ``geomap/lexicons/<lang>.text.yaml``.
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from geomap.records import Article

HEADER_KEYS = ("title", "date", "url", "source")
_HEADER_RE = re.compile(r"^\s*(title|date|url|source)\s*:\s*(.*?)\s*$", re.IGNORECASE)
MAX_SENTENCE = 1200  # longer runs are cut at whitespace into pieces of at most this size


#: Byte order marks of UTF-16 text (Windows Notepad's "Unicode"); UTF-8's is dropped on decoding.
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def _decode(data: bytes) -> tuple[str, list[str]]:
    """Text of ``data`` and any decoding warnings."""
    if data.startswith(UTF16_BOMS):
        try:
            return data.decode("utf-16"), []
        except UnicodeDecodeError as exc:
            return data.decode("utf-16", errors="replace"), [
                f"not valid UTF-16 (byte {exc.start}); bad bytes replaced"]
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        where = f"byte {exc.start}"
    try:
        return data.decode("cp1252"), [f"not valid UTF-8 ({where}); decoded as cp1252"]
    except UnicodeDecodeError:
        return data.decode("latin-1"), [f"not valid UTF-8 ({where}); decoded as latin-1"]


def parse_date(value: str) -> dt.date | None:
    """A calendar date from a header value (ISO first, then ``dateparser``)."""
    value = value.strip()
    if not value:
        return None
    m = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})", value)
    if m:
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    import dateparser

    parsed = dateparser.parse(value[:80], settings={"PREFER_DAY_OF_MONTH": "first"})
    return parsed.date() if parsed else None


def _split_header(text: str) -> tuple[dict[str, str], str]:
    """Header fields at the top of ``text`` and the body after them."""
    fields: dict[str, str] = {}
    lines = text.split("\n")
    i = 0
    while i < len(lines) and not lines[i].strip():  # blank lines before a header
        i += 1
    while i < len(lines) and (m := _HEADER_RE.match(lines[i])):
        fields.setdefault(m[1].lower(), m[2])
        i += 1
    if not fields:
        return {}, text
    while i < len(lines) and not lines[i].strip():
        i += 1
    return fields, "\n".join(lines[i:])


def read_article(
    path_or_bytes: str | Path | bytes,
    *,
    default_id: str | None = None,
    date: dt.date | None = None,
) -> Article:
    """Read one article from a file path or raw bytes.

    Header lines (``Title:``, ``Date:``, ``URL:``, ``Source:``, any case) at the
    top set metadata; blank lines after them are dropped. ``date`` overrides
    the header date.
    """
    path: Path | None = None
    if isinstance(path_or_bytes, bytes | bytearray):
        data = bytes(path_or_bytes)
    else:
        path = Path(path_or_bytes)
        data = path.read_bytes()
    text, warnings = _decode(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    fields, body = _split_header(text)
    header_date = parse_date(fields["date"]) if fields.get("date") else None
    if fields.get("date") and header_date is None and date is None:
        warnings.append(f"could not parse header date {fields['date']!r}")
    art_id = default_id or (path.stem if path else hashlib.sha1(data).hexdigest()[:12])
    return Article(
        id=art_id,
        text=body,
        date=date or header_date,
        title=fields.get("title") or None,
        url=fields.get("url") or None,
        source=fields.get("source") or (str(path) if path else None),
        warnings=warnings,
    )


# --- sentences ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Rules:
    always: frozenset[str]  # abbreviations that never end a sentence (titles)
    before_digit: frozenset[str]  # abbreviations that do not end one before a number
    joiners: frozenset[str]  # line-final words that show a line was hard-wrapped


@lru_cache(maxsize=8)
def _rules(lang: str) -> _Rules:
    from geomap.events.lexicon import load_lexicon

    lex = load_lexicon(lang).text
    low = lambda xs: frozenset(x.lower().rstrip(".") for x in xs)  # noqa: E731
    return _Rules(
        always=low(lex.get("abbreviations", [])),
        before_digit=low(lex.get("abbreviations_before_number", [])),
        joiners=low(lex.get("line_joiners", [])),
    )


_END_RE = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s)")
_PARA_RE = re.compile(r"\n[ \t]*\n\s*")
_WORD_BEFORE_RE = re.compile(r"([\w.]+)\.$")
_INITIALISM_RE = re.compile(r"^(?:\w\.)+\w?$")


def _is_boundary(text: str, end: int, rules: _Rules) -> bool:
    """Whether the terminal punctuation ending at ``end`` closes a sentence."""
    nxt = re.match(r"\s+(\S)", text[end : end + 40])
    if not nxt:
        return True
    ch = nxt[1]
    if not (ch.isupper() or ch.isdigit() or ch in "\"'“‘«([—-•*"):
        return False
    head = text[max(0, end - 40) : end]
    m = _WORD_BEFORE_RE.search(head.rstrip("\"'”’»)]"))
    if not m:
        return True
    word = m[1].lower()
    if word in rules.always or len(word) == 1 and word.isalpha():
        return False
    if _INITIALISM_RE.match(word):  # U.S., U.N.
        return False
    return not (word in rules.before_digit and ch.isdigit())


def _line_breaks(text: str, start: int, end: int, rules: _Rules) -> list[int]:
    """Offsets after single newlines in text[start:end] that end a sentence."""
    cuts = []
    for m in re.finditer(r"\n", text[start:end]):
        pos = start + m.start()
        before = text[start:pos].rstrip()
        after = text[pos + 1 : end].lstrip()
        if not before or not after:
            continue
        last = before.split()[-1].lower() if before.split() else ""
        if before[-1] in ",;:-–(" or last in rules.joiners:
            continue
        if after[0].islower():
            continue
        cuts.append(pos + 1)
    return cuts


def _cap(start: int, end: int, text: str, limit: int) -> list[tuple[int, int]]:
    """Cut an over-long span at whitespace into pieces no longer than ``limit``."""
    out = []
    while end - start > limit:
        cut = text.rfind(" ", start + limit // 2, start + limit)
        cut = cut if cut > start else start + limit
        out.append((start, cut))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    out.append((start, end))
    return out


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def split_sentences(
    text: str, *, lang: str = "en", max_len: int = MAX_SENTENCE
) -> list[tuple[int, int]]:
    """Sentence ``(start, end)`` offsets into ``text``.

    Blank lines always end a sentence; a single newline does when the next line
    starts a new sentence and the line before does not look hard-wrapped.
    Abbreviations ("Gen.", "Sept. 29", "U.S."), decimals and quotes are kept
    inside sentences. Runs longer than ``max_len`` are cut at whitespace.
    """
    rules = _rules(lang)
    cuts: set[int] = {0, len(text)}
    for m in _PARA_RE.finditer(text):
        cuts.add(m.start())
        cuts.add(m.end())
    for m in _END_RE.finditer(text):
        if _is_boundary(text, m.end(), rules):
            cuts.add(m.end())
    bounds = sorted(cuts)
    out: list[tuple[int, int]] = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        pieces = [a, *(_line_breaks(text, a, b, rules) if "\n" in text[a:b] else []), b]
        for s, e in zip(pieces, pieces[1:], strict=False):
            s, e = _trim(text, s, e)
            if e > s:
                out.extend(_cap(s, e, text, max_len))
    return out


def sentences(text: str, *, lang: str = "en") -> list[str]:
    """The sentence strings of ``text`` (convenience over ``split_sentences``)."""
    return [text[s:e] for s, e in split_sentences(text, lang=lang)]
