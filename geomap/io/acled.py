"""ACLED CSV: reader (CSV → events, every row accounted for) and writers.

Reading keeps every row: a row whose coordinates are missing or invalid, or
whose date cannot be parsed, becomes a ``SkippedRow`` with the reason instead
of an Event. The rows as read (all values as strings, unknown extra columns
included) can be kept in ``AcledTable.rows`` and written back unchanged with
``write_acled_table`` — a lossless round trip. ``write_acled`` writes Events
as new ACLED rows, filling country/admin1 by reverse geocoding when the place
lacks them (not for a place read from an ACLED row: its blanks stay);
``inter1``/``inter2``/``interaction`` are the event's own codes (those of the file for
events read from one, the extractor's for events from text). A row's
columns without an Event field (year, iso, region, admin2, admin3, civilian_targeting,
source_scale, timestamp, user columns) are kept in ``Event.extra_columns`` and the
associates of each side in ``assoc_actors``/``assoc_actors2``, so ``write_acled`` gives
such an event its row back, whichever format it went through.
The file is read in chunks so a large CSV stays in bounded memory.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import pandas as pd
import pycountry

from gazetteer.records import Place
from geomap.io._atomic import atomic_path
from geomap.io.frame import SkippedRow
from geomap.records import Event, Location
from geomap.taxonomy import CATEGORIES, category_for_acled

if TYPE_CHECKING:  # pragma: no cover
    from gazetteer import Gazetteer

#: ACLED's export columns, in ACLED's order.
ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
    "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "tags", "timestamp",
)  # fmt: skip

#: The columns ``read_acled`` turns into Event fields; every other column of a row (ACLED's
#: year, iso, region, admin2 … and the user's own) is kept in ``Event.extra_columns``.
FIELD_COLUMNS: frozenset[str] = frozenset((
    "event_id_cnty", "event_date", "time_precision", "event_type", "sub_event_type", "actor1",
    "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "country",
    "admin1", "location", "latitude", "longitude", "geo_precision", "source", "notes",
    "fatalities", "tags",
))  # fmt: skip

#: Columns without which a CSV cannot be read as events.
REQUIRED_COLUMNS: tuple[str, ...] = ("event_date", "event_type", "latitude", "longitude")

#: Date formats seen in ACLED exports (API: ISO; older downloads: "05 January 2023").
DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%d %b %Y", "%d-%b-%Y")

CHUNKSIZE = 50_000

#: ``Place.source`` of the place of an event read from an ACLED row.
PLACE_SOURCE = "acled"

#: How ``acled_row`` writes a status other than "reported" into the tags (read back too).
STATUS_TAG = "geomap status: "


@dataclass(slots=True)
class AcledTable:
    """What ``read_acled`` found: events, skipped rows and (optionally) every row as read."""

    events: list[Event] = field(default_factory=list)
    skipped: list[SkippedRow] = field(default_factory=list)
    rows: pd.DataFrame | None = None  # all rows, all values as read (str), original columns


# --------------------------------------------------------------------------- reading


def _check_columns(columns: Sequence[str], path: str | os.PathLike[str]) -> None:
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise ValueError(
            f"{os.fspath(path)} is not an ACLED CSV: missing required column(s) "
            f"{', '.join(missing)} (found: {', '.join(columns) or 'none'})"
        )


def _parse_dates(values: pd.Series) -> pd.Series:
    """Dates for ACLED date strings; NaT where no known format matches."""
    text = values.str.strip()
    out = pd.to_datetime(text, format=DATE_FORMATS[0], errors="coerce")
    for fmt in DATE_FORMATS[1:]:
        todo = out.isna() & (text != "")
        if not todo.any():
            break
        out[todo] = pd.to_datetime(text[todo], format=fmt, errors="coerce")
    return out


def _coordinate_problem(lat_text: str, lon_text: str, lat: float, lon: float) -> str | None:
    """Why a row's coordinates are unusable, or None when they are fine."""
    for name, text, value, limit in (
        ("latitude", lat_text, lat, 90.0),
        ("longitude", lon_text, lon, 180.0),
    ):
        if not text.strip():
            return f"missing {name}"
        if math.isnan(value) or math.isinf(value):
            return f"invalid {name} {text!r}"
        if value == 999 or value == -999:
            return f"{name} is {text!r} (missing-value code)"
        if abs(value) > limit:
            return f"{name} {text!r} out of range"
    if lat == 0 and lon == 0:
        return "coordinates are 0, 0 (null island)"
    return None


@lru_cache(maxsize=512)
def _country_code(iso: str, country: str) -> str | None:
    """ISO 3166-1 alpha-2 from ACLED's numeric ``iso`` (or the country name)."""
    rec = None
    if iso.strip().isdigit():
        rec = pycountry.countries.get(numeric=f"{int(iso):03d}")
    if rec is None and country.strip():
        try:
            rec = pycountry.countries.lookup(country.strip())
        except LookupError:
            rec = None
    return rec.alpha_2 if rec is not None else None


def _int_or(text: str, default: int | None) -> int | None:
    """An integer cell, or ``default`` when empty, not a number or beyond int64."""
    try:
        value = int(float(text))
    except (TypeError, ValueError, OverflowError):  # OverflowError: "inf", "1e999"
        return default
    return value if abs(value) < 2**63 else default


def _actors(*texts: str) -> list[str]:
    return [a.strip() for t in texts for a in t.split(";") if a.strip()]


def _tags_and_status(tags: str) -> tuple[str, str]:
    """A row's tags without the status tag ``acled_row`` adds, and that status
    ("reported" when there is none)."""
    head, tag, status = tags.rpartition(STATUS_TAG)
    status = status.strip()
    if not tag or not status or ";" in status:
        return tags, "reported"
    return head.removesuffix("; ").strip(), status


def _row_event(r: dict[str, str], date: dt.date, lat: float, lon: float, rowno: int) -> Event:
    """An Event for one valid ACLED row (values as strings)."""
    name = r.get("location", "").strip()
    place = Place(
        key=f"acled:{name}@{r['latitude'].strip()},{r['longitude'].strip()}",
        name=name,
        kind="city",
        lat=lat,
        lon=lon,
        geometry_type="Point",
        country_code=_country_code(r.get("iso", ""), r.get("country", "")),
        country=r.get("country", "").strip() or None,
        admin1=r.get("admin1", "").strip() or None,
        feature="acled",
        source=PLACE_SOURCE,
    )
    event_type, sub_event_type = r.get("event_type", ""), r.get("sub_event_type", "")
    tags, status = _tags_and_status(r.get("tags", ""))
    return Event(
        event_id=r.get("event_id_cnty", "").strip() or f"row-{rowno}",
        category=category_for_acled(event_type, sub_event_type),
        event_type=event_type,
        sub_event_type=sub_event_type,
        status=status,
        actor1=r.get("actor1", "").strip() or None,
        actor2=r.get("actor2", "").strip() or None,
        assoc_actors=_actors(r.get("assoc_actor_1", ""), r.get("assoc_actor_2", "")),
        assoc_actors2=_actors(r.get("assoc_actor_2", "")),
        # ACLED's own codes, kept as written (not recomputed) so they are written back unchanged
        inter1=r.get("inter1") or None,
        inter2=r.get("inter2") or None,
        interaction=r.get("interaction") or None,
        event_date=date,
        time_precision=_int_or(r.get("time_precision", ""), None),
        date_text=r["event_date"],
        fatalities=_int_or(r.get("fatalities", ""), None),
        location=Location(
            place=place,
            mention=name,
            start=0,
            end=0,
            geo_precision=_int_or(r.get("geo_precision", ""), 3) or 3,
        ),
        sentence=r.get("notes", ""),
        source=r.get("source", "").strip() or None,
        confidence=1.0,
        notes=tags,
        extra_columns={k: v for k, v in r.items() if k not in FIELD_COLUMNS},
    )


def _chunk_table(chunk: pd.DataFrame, first_row: int, keep_rows: bool) -> AcledTable:
    """Events and skipped rows for one chunk of string columns."""
    lat = pd.to_numeric(chunk["latitude"].str.strip(), errors="coerce").to_numpy(float)
    lon = pd.to_numeric(chunk["longitude"].str.strip(), errors="coerce").to_numpy(float)
    dates = _parse_dates(chunk["event_date"])
    table = AcledTable(rows=chunk if keep_rows else None)
    records = chunk.to_dict("records")
    for i, (r, date) in enumerate(zip(records, dates, strict=True)):
        rowno = first_row + i
        problem = _coordinate_problem(r["latitude"], r["longitude"], lat[i], lon[i])
        if problem is None and pd.isna(date):
            problem = f"unparsable event_date {r['event_date']!r}"
        if problem is not None:
            table.skipped.append(SkippedRow(rowno, problem, r))
            continue
        table.events.append(_row_event(r, date.date(), float(lat[i]), float(lon[i]), rowno))
    return table


def iter_acled(
    path: str | os.PathLike[str], *, chunksize: int = CHUNKSIZE, keep_rows: bool = False
) -> Iterator[AcledTable]:
    """Read an ACLED CSV chunk by chunk (bounded memory); one AcledTable per chunk.

    Raises ValueError naming the missing columns when a required column is absent.
    """
    header = pd.read_csv(path, nrows=0, encoding="utf-8-sig").columns
    _check_columns(list(header), path)
    raw_header = _raw_header(path)
    first = 1
    reader = pd.read_csv(
        path, dtype=str, keep_default_na=False, na_filter=False, encoding="utf-8-sig",
        chunksize=chunksize, index_col=False,
    )  # fmt: skip
    with reader:
        for chunk in reader:
            table = _chunk_table(chunk, first, keep_rows)
            if table.rows is not None and len(raw_header) == table.rows.shape[1]:
                # pandas renames blank and repeated column names ("Unnamed: 3", "notes.1");
                # the rows keep the names as written
                table.rows = table.rows.set_axis(raw_header, axis=1)
            yield table
            first += len(chunk)


def _raw_header(path: str | os.PathLike[str]) -> list[str]:
    """The header line's names exactly as written (the csv module renames nothing)."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return next(csv.reader(fh), [])


def read_acled(
    path: str | os.PathLike[str], *, chunksize: int = CHUNKSIZE, keep_rows: bool = False
) -> AcledTable:
    """Read a whole ACLED CSV: events, skipped rows (with reasons), rows if ``keep_rows``."""
    out = AcledTable(rows=None)
    frames = []
    for part in iter_acled(path, chunksize=chunksize, keep_rows=keep_rows):
        out.events.extend(part.events)
        out.skipped.extend(part.skipped)
        if part.rows is not None:
            frames.append(part.rows)
    if keep_rows:
        header = _raw_header(path)
        out.rows = (
            pd.concat(frames, ignore_index=True)
            if frames
            else pd.DataFrame(columns=header, dtype=str)
        )
    return out


# --------------------------------------------------------------------------- writing


def write_acled_table(
    rows: AcledTable | pd.DataFrame | Iterable[AcledTable | pd.DataFrame],
    path: str | os.PathLike[str],
) -> int:
    """Write rows as read (``keep_rows=True``) back to CSV unchanged; returns the row count.

    Accepts one table/frame or an iterable of them (e.g. ``iter_acled(..., keep_rows=True)``)
    so a large file can be copied chunk by chunk. Column names are kept as written, blank
    and repeated ones too; blank lines between records are not kept (``copy_acled_csv``
    keeps those as well).
    """
    parts = [rows] if isinstance(rows, AcledTable | pd.DataFrame) else rows
    count = 0
    with atomic_path(path) as tmp:
        header = True
        for part in parts:
            frame = part.rows if isinstance(part, AcledTable) else part
            if frame is None:
                raise ValueError("AcledTable has no rows: read it with keep_rows=True")
            frame.to_csv(tmp, mode="w" if header else "a", header=header, index=False)
            header = False
            count += len(frame)
        if header:  # nothing written at all
            raise ValueError("no rows to write")
    return count


def copy_acled_csv(sources: Sequence[str | os.PathLike[str]], path: str | os.PathLike[str]
                   ) -> int:
    """Copy CSV files with one header into one file, every row and field as the csv module
    reads them (blank, ragged and duplicate-named columns included); returns the data rows."""
    count = 0
    with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        for i, source in enumerate(sources):
            with open(source, encoding="utf-8-sig", newline="") as fh:
                rows = csv.reader(fh)
                header = next(rows, None)
                if header is None:
                    continue
                if i == 0:
                    writer.writerow(header)
                for row in rows:
                    writer.writerow(row)
                    count += 1
        out.flush()
        os.fsync(out.fileno())
    return count


@lru_cache(maxsize=512)
def _iso_numeric(country_code: str | None) -> str:
    rec = pycountry.countries.get(alpha_2=country_code) if country_code else None
    return str(int(rec.numeric)) if rec is not None else ""


def _fmt(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(round(value, 7))
    return str(value)


def acled_row(event: Event, admin: Any = None) -> dict[str, str]:
    """One ACLED row (all ``ACLED_COLUMNS``, then the event's other columns) for a
    located event.

    ``admin`` is an optional reverse-geocoding result (``AdminArea``) used for the
    country/admin-1 fields the place lacks. The columns of the table the event was read
    from (``Event.extra_columns``: year, iso, region, admin2, civilian_targeting …) are
    written as they were, in place of the values derived here.
    """
    loc = event.location
    if loc is None:
        raise ValueError(f"event {event.event_id!r} has no location")
    p = loc.place
    cc = p.country_code or getattr(admin, "country_code", None)
    cat = CATEGORIES.get(event.category)
    date = event.event_date
    # ACLED codes what happened: a planned event says so in its tags
    status = f"{STATUS_TAG}{event.status}" if event.status != "reported" else ""
    row = {
        "event_id_cnty": event.event_id,
        "event_date": date.isoformat() if date else "",
        "year": str(date.year) if date else "",
        "time_precision": _fmt(event.time_precision),
        "disorder_type": cat.disorder_type if cat else "",
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "actor1": _fmt(event.actor1),
        "assoc_actor_1": "; ".join(event.assoc_actors1),
        "inter1": _fmt(event.inter1),
        "actor2": _fmt(event.actor2),
        "assoc_actor_2": "; ".join(event.assoc_actors2),
        "inter2": _fmt(event.inter2),
        "interaction": _fmt(event.interaction),
        "civilian_targeting": (
            "Civilian targeting" if event.event_type == "Violence against civilians" else ""
        ),
        "iso": _iso_numeric(cc),
        "country": p.country or getattr(admin, "country", None) or "",
        # a country-wide event has no admin-1 (the reverse lookup of its centre would name one)
        "admin1": p.admin1 or ("" if p.kind == "country" else getattr(admin, "admin1", None))
        or "",
        "location": p.name,
        "latitude": _fmt(float(p.lat)),
        "longitude": _fmt(float(p.lon)),
        "geo_precision": str(loc.geo_precision),
        "source": _fmt(event.source),
        "notes": event.sentence,
        "fatalities": _fmt(event.fatalities),
        "tags": "; ".join(t for t in (event.notes, status) if t),
    }
    return {**{c: row.get(c, "") for c in ACLED_COLUMNS}, **event.extra_columns}


def write_acled(
    events: Iterable[Event],
    path: str | os.PathLike[str],
    *,
    gazetteer: Gazetteer | None = None,
) -> list[Event]:
    """Write located events as ACLED CSV rows (atomically); returns the events left out.

    The header is ``ACLED_COLUMNS`` then the events' other columns (``extra_columns``),
    empty where an event lacks one. Events without a location cannot be ACLED rows and
    are returned. Country and admin-1 missing on a place come from
    ``gazetteer.reverse_many`` (the default gazetteer is loaded only when some place
    needs it); a place read from an ACLED row keeps them as the row had them, blank too.
    """
    events = list(events)
    located = [ev for ev in events if ev.location is not None]
    skipped = [ev for ev in events if ev.location is None]
    need = [i for i, ev in enumerate(located)
            if not (ev.place.country and ev.place.admin1) and ev.place.source != PLACE_SOURCE]
    admins: dict[int, Any] = {}
    if need:
        if gazetteer is None:
            from gazetteer import Gazetteer

            gazetteer = Gazetteer.default()
        found = gazetteer.reverse_many(
            [located[i].place.lon for i in need], [located[i].place.lat for i in need]
        )
        admins = dict(zip(need, found, strict=True))
    # ACLED's columns, then the other columns of the events' tables in first-seen order
    columns = list(dict.fromkeys(
        [*ACLED_COLUMNS, *(k for ev in located for k in ev.extra_columns)]))
    with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns, restval="", lineterminator="\n")
        writer.writeheader()
        for i, ev in enumerate(located):
            writer.writerow(acled_row(ev, admins.get(i)))
    return skipped
