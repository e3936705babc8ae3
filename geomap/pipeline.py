"""The whole pipeline: inputs → articles/tables → events, with a report of what was skipped.

text → sentences → toponyms → resolved places → typed events → events with locations.
Event tables (ACLED CSV, GeoJSON, GeoParquet, GeoPackage) are read as events directly.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from geomap.records import Article, Event

TEXT_SUFFIXES = (".txt", ".text", ".md")
TABLE_SUFFIXES = (".csv", ".geojson", ".json", ".parquet", ".gpkg")
MAX_ARTICLE_BYTES = 20_000_000  # larger text files are skipped with this reason
MAX_TABLE_ROWS = 500_000  # larger event tables are refused: events are held in memory


@dataclass(slots=True)
class Skipped:
    """Something that did not become an event, and why."""

    source: str
    reason: str
    item: str = ""  # a row number, a toponym, a record id

    def to_dict(self) -> dict[str, str]:
        return {"source": self.source, "reason": self.reason, "item": self.item}


@dataclass(slots=True)
class RunResult:
    """Events of a run plus everything it could not use."""

    events: list[Event] = field(default_factory=list)
    articles: int = 0
    tables: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    unresolved: list[Skipped] = field(default_factory=list)  # toponyms not in the gazetteer
    warnings: list[str] = field(default_factory=list)
    article_ids: set[str] = field(default_factory=set, repr=False)  # taken by an event

    def summary(self) -> str:
        by_type = Counter(e.category for e in self.events)
        located = sum(e.location is not None for e in self.events)
        lines = [f"{self.articles} article(s), {self.tables} table(s): {len(self.events)} events "
                 f"({located} located, {len(self.events) - located} without a location)"]
        if by_type:
            lines.append("  by type: " + ", ".join(f"{k} {v}" for k, v in by_type.most_common()))
        if self.unresolved:
            names = Counter(u.item for u in self.unresolved)
            lines.append(f"  unresolved places ({len(self.unresolved)}): "
                         + ", ".join(f"{n} ×{c}" if c > 1 else n
                                     for n, c in names.most_common(15)))
        reasons = Counter(s.reason.split(":")[0] for s in self.skipped)
        if reasons:
            lines.append(f"  skipped {len(self.skipped)}: "
                         + ", ".join(f"{r} ({c})" for r, c in reasons.most_common()))
        lines += [f"  warning: {w}" for w in self.warnings[:20]]
        if len(self.warnings) > 20:
            lines.append(f"  … and {len(self.warnings) - 20} more warnings (see the report)")
        return "\n".join(lines)

    def report(self) -> dict[str, object]:
        return {"skipped": [s.to_dict() for s in self.skipped],
                "unresolved": [u.to_dict() for u in self.unresolved],
                "warnings": self.warnings}


# -- inputs ------------------------------------------------------------------------------
@dataclass(slots=True)
class Inputs:
    texts: list[Path] = field(default_factory=list)
    records: list[Path] = field(default_factory=list)  # .jsonl of {"id","text","date","url"}
    tables: list[Path] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def collect_inputs(paths: Sequence[str | os.PathLike[str]]) -> Inputs:
    """Sort input paths into article files, JSONL records and event tables (folders walked)."""
    found = Inputs()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file())
            if not files:
                found.skipped.append(Skipped(str(path), "empty folder"))
            usable = [p for p in files if p.suffix.lower() in TEXT_SUFFIXES + (".jsonl",)]
            for p in files:
                if p not in usable:
                    found.skipped.append(Skipped(str(p), "not an article file (.txt/.jsonl)"))
            for p in usable:
                (found.records if p.suffix.lower() == ".jsonl" else found.texts).append(p)
        elif path.exists():
            suffix = path.suffix.lower()
            if suffix == ".jsonl":
                found.records.append(path)
            elif suffix in TABLE_SUFFIXES:
                found.tables.append(path)
            else:
                found.texts.append(path)
        else:
            raise FileNotFoundError(f"no such file or folder: {path}")
    return found


def check_text_file(path: Path) -> str | None:
    """Why a text file cannot be read as an article, or None when it can."""
    from geomap.text import UTF16_BOMS

    try:
        size = path.stat().st_size
        if size == 0:
            return "empty file"
        if size > MAX_ARTICLE_BYTES:
            return f"larger than the {MAX_ARTICLE_BYTES // 1_000_000} MB article limit"
        with path.open("rb") as fh:
            head = fh.read(8192)
    except PermissionError:
        return "permission denied"
    except OSError as exc:
        return f"unreadable: {exc.strerror or exc}"
    if b"\x00" in head and not head.startswith(UTF16_BOMS):
        return "binary file"
    if not head.strip():
        return "empty file"
    return None


def check_table_size(path: Path) -> None:
    """Refuse a CSV table with more rows than MAX_TABLE_ROWS (counted as lines, cheaply)."""
    if path.suffix.lower() != ".csv":
        return
    lines = 0
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 22), b""):
            lines += block.count(b"\n")
            if lines > MAX_TABLE_ROWS + 1:
                raise ValueError(f"{path}: more than {MAX_TABLE_ROWS:,} rows, the limit for "
                                 "one event table held in memory; split the file")


def iter_records(path: Path, skipped: list[Skipped]) -> Iterator[Article]:
    """Articles from a JSONL file of {"id", "text", "date", "url"} records."""
    from geomap.text import parse_date

    with path.open("rb") as fh:
        for lineno, raw in enumerate(fh, 1):
            if not raw.strip():
                continue
            try:
                rec = json.loads(raw.decode("utf-8", errors="replace"))
                text = rec["text"]
                if not isinstance(text, str):
                    raise TypeError("text is not a string")
            except (ValueError, KeyError, TypeError) as exc:
                skipped.append(Skipped(str(path), f"bad JSONL record: {exc}", f"line {lineno}"))
                continue
            if len(text) > MAX_ARTICLE_BYTES:
                skipped.append(Skipped(str(path), f"larger than the "
                                       f"{MAX_ARTICLE_BYTES // 1_000_000} MB article limit",
                                       f"line {lineno}"))
                continue
            warnings = []
            clean = text.encode("utf-8", "replace").decode("utf-8")
            if clean != text:
                warnings.append(f"{path}:{lineno}: invalid characters (lone surrogates) replaced")
            date = parse_date(str(rec["date"])) if rec.get("date") else None
            if rec.get("date") and date is None:
                warnings.append(f"{path}:{lineno}: could not parse date {rec['date']!r}")
            url, title = (_string_field(rec, key, f"{path}:{lineno}", warnings)
                          for key in ("url", "title"))
            yield Article(id=str(rec.get("id") or f"{path.stem}:{lineno}"), text=clean,
                          date=date, url=url, title=title,
                          source=url or f"{path}:{lineno}", warnings=warnings)


def _string_field(rec: dict, key: str, where: str, warnings: list[str]) -> str | None:
    """A record's text field; another JSON value (a number, a list) is left out, with a
    warning."""
    value = rec.get(key)
    if value is None or isinstance(value, str):
        return value or None
    warnings.append(f"{where}: {key!r} is not a string, left out")
    return None


# -- processing --------------------------------------------------------------------------
_WORKER_GAZETTEER = None


def _worker_gazetteer():
    """The gazetteer of this process, loaded once per worker, not per article."""
    global _WORKER_GAZETTEER
    if _WORKER_GAZETTEER is None:
        from gazetteer import Gazetteer

        _WORKER_GAZETTEER = Gazetteer.default()
    return _WORKER_GAZETTEER


def _warm_up() -> None:
    """Build the index if needed and code a tiny article, so that the lexicons, compiled
    rules and word lists are loaded once in this process; forked workers inherit them."""
    import datetime as dt

    process_article(Article("warm-up", "Troops shelled Idlib on Monday.", dt.date(2020, 1, 1)))


def process_article(article: Article, gazetteer=None) -> tuple[list[Event], list[Skipped]]:
    """Events of one article and the place mentions the gazetteer could not resolve."""
    from geomap.events import extract_events
    from geomap.events.extractor import second_look

    gz = gazetteer or _worker_gazetteer()
    toponyms = gz.resolve(article.text)
    # resolved names of the second look join the toponyms; the others are reported
    second = second_look(article.text, toponyms, gz)
    toponyms = sorted([*toponyms, *(t for t in second if t.place)], key=lambda t: t.start)
    events = extract_events(article, toponyms,
                            unresolved=[t for t in second if t.place is None])
    source = article.source or article.id
    unresolved = [Skipped(source, t.reason or "not in the gazetteer", t.text)
                  for t in [*toponyms, *second] if t.place is None]
    return events, unresolved


def _process_path(path: str, date_iso: str | None) -> tuple[list[Event], list[Skipped], list[str]]:
    import datetime as dt

    from geomap.text import read_article

    date = dt.date.fromisoformat(date_iso) if date_iso else None
    article = read_article(Path(path), date=date)
    events, unresolved = process_article(article)
    return events, unresolved, [f"{path}: {w}" for w in article.warnings]


def run(paths: Sequence[str | os.PathLike[str]], *, date=None, jobs: int = 1,
        gazetteer=None, progress: Callable[[Iterable, int], Iterable] | None = None) -> RunResult:
    """Read every input and return its events with a report of what was skipped."""
    from geomap.io import read_events
    from geomap.text import read_article

    inputs = collect_inputs(paths)
    result = RunResult(skipped=list(inputs.skipped))
    for table in inputs.tables:
        check_table_size(table)
        read = read_events(table)
        result.events.extend(read.events)
        result.skipped.extend(Skipped(str(table), s.reason, f"row {s.row}") for s in read.skipped)
        # a table whose every row was bad is reported, not counted as a usable input
        result.tables += bool(read.events or not read.skipped)
    texts = []
    for path in inputs.texts:
        problem = check_text_file(path)
        if problem:
            result.skipped.append(Skipped(str(path), problem))
        else:
            texts.append(path)
    wrap = progress or (lambda it, total: it)
    date_iso = date.isoformat() if date else None
    if gazetteer is not None:
        global _WORKER_GAZETTEER
        _WORKER_GAZETTEER = gazetteer
    if jobs > 1 and len(texts) > 1:
        _warm_up()  # index, lexicons and compiled rules made once, before the workers fork
        with ProcessPoolExecutor(max_workers=jobs, initializer=_worker_gazetteer) as pool:
            outputs = wrap(pool.map(_process_path, map(str, texts), [date_iso] * len(texts),
                                    chunksize=8), len(texts))
            for events, unresolved, warnings in outputs:
                _collect(result, events, unresolved, warnings)
    else:
        for path in wrap(texts, len(texts)):
            article = read_article(path, date=date)
            events, unresolved = process_article(article, gazetteer)
            _collect(result, events, unresolved, [f"{path}: {w}" for w in article.warnings])
    for rec_path in inputs.records:
        for article in wrap(list(iter_records(rec_path, result.skipped)), 0):
            if date:
                article.date = date
            events, unresolved = process_article(article, gazetteer)
            _collect(result, events, unresolved, article.warnings)
    return result


def _claim_article_id(result: RunResult, events: list[Event]) -> None:
    """Give one article's events an article id no earlier article's events have (two
    folders' report.txt are both "report"): the second becomes "report-2"."""
    old = events[0].article_id if events else None
    if old is None:
        return
    new, n = old, 1
    while new in result.article_ids:
        n += 1
        new = f"{old}-{n}"
    result.article_ids.add(new)
    if new == old:
        return
    for ev in events:
        ev.article_id = new
        ev.event_id = new + ev.event_id.removeprefix(old)
        if ev.group_id:
            ev.group_id = new + ev.group_id.removeprefix(old)


def _collect(result: RunResult, events, unresolved, warnings) -> None:
    _claim_article_id(result, events)
    result.articles += 1
    result.events.extend(events)
    result.unresolved.extend(unresolved)
    result.warnings.extend(warnings)
