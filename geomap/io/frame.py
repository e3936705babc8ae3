"""Events ⇄ flat records ⇄ GeoDataFrame.

One row per located Event; the geometry is its place's geometry (a point, a
route line or an area polygon) in EPSG:4326. The record layout (``COLUMNS``)
is shared by the GeoJSON, GeoParquet and GeoPackage formats, so every writer
keeps the same fields and every reader rebuilds equal Events.

An event's other columns (``Event.extra_columns``: those of the table it was read
from) follow ``COLUMNS`` under their own names; a name that is one of geomap's columns
in any case ("category", "Notes", "geometry", "fid") or that starts with
``EXTRA_PREFIX`` gets that prefix ("extra_category"), which readers take off again.
Readers put every column that is not geomap's into ``extra_columns`` as text.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

from gazetteer.records import Place
from geomap.records import Event, Location
from geomap.taxonomy import category_for_acled

CRS = "EPSG:4326"


@dataclass(frozen=True, slots=True)
class SkippedRow:
    """A table row (CSV row, GeoJSON feature) that did not become an Event, and why."""

    row: int  # 1-based data row number (CSV: the header is row 0; GeoJSON: feature number)
    reason: str
    values: dict[str, Any]


def location_problem(event: Event) -> str | None:
    """Why an event's location cannot be mapped (coordinates not finite or out of
    range, as in a hand-edited table), or None when it is fine or absent."""
    place = event.place
    if place is None:
        return None
    for name, value, limit in (("latitude", place.lat, 90.0), ("longitude", place.lon, 180.0)):
        if not math.isfinite(value):
            return f"invalid {name} {value!r}"
        if abs(value) > limit:
            return f"{name} {value!r} out of range"
    if place.geometry_type != "Point":
        minx, miny, maxx, maxy = place.geometry.bounds
        if not all(math.isfinite(v) for v in (minx, miny, maxx, maxy)):
            return "geometry has invalid coordinates"
        if minx < -180 or maxx > 180 or miny < -90 or maxy > 90:
            return "geometry coordinates out of range"
    return None


def records_to_events(
    rows: Iterable[tuple[Mapping[str, Any], BaseGeometry | Exception | None]],
) -> tuple[list[Event], list[SkippedRow]]:
    """Events from (record, geometry) rows; a row that cannot be read (its geometry
    given as the exception saying why) or whose coordinates are invalid becomes a
    ``SkippedRow``: every row is accounted for."""
    events: list[Event] = []
    skipped: list[SkippedRow] = []
    for i, (rec, geom) in enumerate(rows, 1):
        try:
            if isinstance(geom, Exception):
                raise geom
            event = event_from_record(rec, geom)
            problem = location_problem(event)
        except (TypeError, ValueError, KeyError, AttributeError, IndexError) as exc:
            event, problem = None, str(exc) or type(exc).__name__
        if problem is None and event is not None:
            events.append(event)
        else:
            skipped.append(SkippedRow(i, problem or "unreadable", dict(rec)))
    return events, skipped

#: Column name → pandas dtype, in table order (the geometry column comes last).
COLUMNS: dict[str, str] = {
    "event_id": "str",
    "category": "str",
    "event_type": "str",
    "sub_event_type": "str",
    "status": "str",
    "actor1": "str",
    "actor2": "str",
    "assoc_actors": "str",  # "; "-joined, every associate
    "assoc_actors2": "str",  # "; "-joined, those with actor2
    "inter1": "str",  # ACLED actor type codes, as text (see Event)
    "inter2": "str",
    "interaction": "str",
    "event_date": "str",  # ISO yyyy-mm-dd
    "time_precision": "Int64",
    "date_text": "str",
    "fatalities": "Int64",
    "sentence": "str",
    "start": "int64",
    "end": "int64",
    "trigger": "str",
    "source": "str",
    "article_id": "str",
    "confidence": "float64",
    "group_id": "str",
    "notes": "str",
    "location": "str",  # place name
    "location_mention": "str",
    "location_kind": "str",
    "location_key": "str",
    "geo_precision": "int64",
    "latitude": "float64",  # the place's representative point
    "longitude": "float64",
    "country_code": "str",
    "country": "str",
    "admin1": "str",
    "admin1_code": "str",
    "location_start": "int64",
    "location_end": "int64",
    "place_feature": "str",
    "place_source": "str",
    "place_note": "str",
    "place_geonameid": "Int64",
    "place_population": "int64",
    "place_bbox": "str",  # "minx,miny,maxx,maxy" or empty
}


#: Put before the name of an extra column that would read as one of geomap's own.
EXTRA_PREFIX = "extra_"

#: geomap's column names (and GeoPackage's feature id), casefolded: GeoPackage column
#: names ignore case.
_RESERVED = frozenset(name.casefold() for name in (*COLUMNS, "geometry", "fid"))


def _needs_prefix(name: str) -> bool:
    """Whether an extra column written as ``name`` would be read as another column."""
    if name.casefold() in _RESERVED:
        return True
    return name.startswith(EXTRA_PREFIX) and _needs_prefix(name[len(EXTRA_PREFIX):])


def extra_column_name(key: str) -> str:
    """The table column of an ``Event.extra_columns`` key (see the module docstring)."""
    return EXTRA_PREFIX + key if _needs_prefix(key) else key


def extra_column_key(column: str) -> str:
    """The ``Event.extra_columns`` key of a table column that is not geomap's."""
    rest = column.removeprefix(EXTRA_PREFIX)
    return rest if rest != column and _needs_prefix(rest) else column


def _text(value: Any) -> str | None:
    """A table cell as text (None when empty): 300.0 read back from a numeric column is
    "300", lists and objects (GeoJSON) are JSON."""
    value = _value(value)
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


class EventFrame(NamedTuple):
    """``events_to_geodataframe`` result: the table and the events left out of it."""

    frame: gpd.GeoDataFrame
    skipped: list[Event]  # events without a location (no geometry to draw)


def event_record(event: Event) -> dict[str, Any]:
    """The flat record of an event (``COLUMNS`` keys, then its extra columns under
    their table names; JSON-ready values).

    ``Event.to_dict`` plus the place details a table needs to rebuild the event.
    """
    loc = event.location
    p = loc.place if loc else None
    return {
        **event.to_dict(),
        "admin1_code": p.admin1_code if p else None,
        "location_start": loc.start if loc else None,
        "location_end": loc.end if loc else None,
        "place_feature": p.feature if p else None,
        "place_source": p.source if p else None,
        "place_note": p.note if p else None,
        "place_geonameid": p.geonameid if p else None,
        "place_population": p.population if p else None,
        "place_bbox": ",".join(repr(float(v)) for v in p.bbox) if p and p.bbox else None,
        **{extra_column_name(k): v for k, v in event.extra_columns.items()},
    }


def _value(v: Any) -> Any:
    """A plain Python value: None for NA/NaN/empty, numpy scalars unwrapped."""
    if v is None or v is pd.NA or v is pd.NaT:
        return None
    if isinstance(v, float) and math.isnan(v):
        return None
    if hasattr(v, "item") and not isinstance(v, str | bytes):
        v = v.item()
        if isinstance(v, float) and math.isnan(v):
            return None
    return v


def _int(v: Any, default: int | None = None) -> int | None:
    v = _value(v)
    return default if v is None or v == "" else int(v)


def _str(v: Any, default: str | None = None) -> str | None:
    v = _value(v)
    return default if v is None else str(v)


def _code(v: Any) -> str | None:
    """An ACLED code as text: 8.0 (a numeric column read back) is "8", "05" stays "05"."""
    v = _value(v)
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return None if v is None else str(v)


def _date(value: Any) -> dt.date | None:
    """An event date from a table cell: a date, a datetime or ISO text ("2023-01-05");
    ValueError for anything else (a number such as 20230105)."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            pass
    raise ValueError(f"event_date {value!r} is not a date (YYYY-MM-DD)")


def _loader_for(geometry: BaseGeometry | None, lat: float, lon: float):
    """A Place ``_loader`` returning the geometry's WKB (None for the plain point)."""
    if geometry is None or geometry.is_empty:
        return None
    if isinstance(geometry, Point) and (geometry.x, geometry.y) == (lon, lat):
        return None
    wkb = shapely.to_wkb(geometry)
    return lambda _key: wkb


def event_from_record(rec: Mapping[str, Any], geometry: BaseGeometry | None = None) -> Event:
    """Rebuild an Event from a record (``event_record`` output, or a table row).

    ``geometry`` is the place's geometry; without it (and without coordinates)
    the event has no location.
    """
    r = {k: _value(v) for k, v in rec.items()}
    lat, lon = r.get("latitude"), r.get("longitude")
    if (lat is None or lon is None) and geometry is not None and not geometry.is_empty:
        rp = geometry if isinstance(geometry, Point) else geometry.representative_point()
        lat, lon = rp.y, rp.x
    location = None
    if lat is not None and lon is not None:
        lat, lon = float(lat), float(lon)
        bbox = r.get("place_bbox")
        gtype = geometry.geom_type if geometry is not None and not geometry.is_empty else "Point"
        place = Place(
            key=_str(r.get("location_key"), ""),
            name=_str(r.get("location"), ""),
            kind=_str(r.get("location_kind"), "site"),
            lat=lat,
            lon=lon,
            geometry_type=gtype,
            country_code=_str(r.get("country_code")),
            country=_str(r.get("country")),
            admin1_code=_str(r.get("admin1_code")),
            admin1=_str(r.get("admin1")),
            population=_int(r.get("place_population"), 0),
            geonameid=_int(r.get("place_geonameid")),
            feature=_str(r.get("place_feature"), ""),
            source=_str(r.get("place_source"), ""),
            note=_str(r.get("place_note"), ""),
            bbox=tuple(float(v) for v in str(bbox).split(",")) if bbox else None,
            _loader=_loader_for(geometry, lat, lon),
        )
        location = Location(
            place=place,
            mention=_str(r.get("location_mention"), place.name),
            start=_int(r.get("location_start"), 0),
            end=_int(r.get("location_end"), 0),
            geo_precision=_int(r.get("geo_precision"), 1),
        )
    date = _date(r.get("event_date"))
    event_type = _str(r.get("event_type"), "")
    sub_event_type = _str(r.get("sub_event_type"), "")
    return Event(
        event_id=_str(r.get("event_id"), ""),
        # a table from elsewhere (ACLED rows as GeoJSON) has ACLED's types, not geomap's
        category=_str(r.get("category")) or category_for_acled(event_type, sub_event_type),
        event_type=event_type,
        sub_event_type=sub_event_type,
        status=_str(r.get("status"), "reported"),
        actor1=_str(r.get("actor1")),
        actor2=_str(r.get("actor2")),
        assoc_actors=_actor_list(r.get("assoc_actors")),
        assoc_actors2=_actor_list(r.get("assoc_actors2")),
        inter1=_code(r.get("inter1")),
        inter2=_code(r.get("inter2")),
        interaction=_code(r.get("interaction")),
        event_date=date or None,
        time_precision=_int(r.get("time_precision")),
        date_text=_str(r.get("date_text")),
        fatalities=_int(r.get("fatalities")),
        location=location,
        sentence=_str(r.get("sentence"), ""),
        start=_int(r.get("start"), 0),
        end=_int(r.get("end"), 0),
        trigger=_str(r.get("trigger"), ""),
        source=_str(r.get("source")),
        article_id=_str(r.get("article_id")),
        confidence=float(_value(r.get("confidence")) or 0.0),
        group_id=_str(r.get("group_id")),
        notes=_str(r.get("notes"), ""),
        extra_columns={
            extra_column_key(column): text
            for column, value in r.items()
            if column not in COLUMNS and (text := _text(value)) is not None
        },
    )


def _actor_list(value: Any) -> list[str]:
    """Actors of a "; "-joined cell (or a list, in GeoJSON)."""
    if isinstance(value, str):
        return [a for a in value.split("; ") if a]
    return list(value or [])


def events_to_geodataframe(events: Iterable[Event]) -> EventFrame:
    """One row per located event (``COLUMNS``, the events' extra columns, geometry;
    EPSG:4326).

    Events without a location have no geometry and are returned in ``skipped``.
    """
    located: list[Event] = []
    skipped: list[Event] = []
    for ev in events:
        (located if ev.location is not None else skipped).append(ev)
    records = [event_record(ev) for ev in located]
    data = {
        name: pd.Series([r[name] for r in records], dtype=dtype, name=name)
        for name, dtype in COLUMNS.items()
    }
    # the events' other columns, in first-seen order; None where an event lacks one
    extra = dict.fromkeys(k for ev in located for k in ev.extra_columns)
    for name in map(extra_column_name, extra):
        data[name] = pd.Series([r.get(name) for r in records], dtype="str", name=name)
    geoms = [ev.location.place.geometry for ev in located]  # type: ignore[union-attr]
    frame = gpd.GeoDataFrame(data, geometry=gpd.GeoSeries(geoms, crs=CRS), crs=CRS)
    return EventFrame(frame, skipped)


def geodataframe_rows(gdf: gpd.GeoDataFrame) -> tuple[list[Event], list[SkippedRow]]:
    """Events from a table written by ``events_to_geodataframe`` (any CRS), and the
    rows that could not be read (invalid coordinates) with the reason."""
    if gdf.crs is not None and not gdf.crs.equals(CRS):
        gdf = gdf.to_crs(CRS)
    geoms = list(gdf.geometry) if gdf.geometry.name in gdf.columns else [None] * len(gdf)
    cols = [c for c in gdf.columns if c != gdf.geometry.name]
    rows = pd.DataFrame(gdf[cols]).to_dict("records")
    return records_to_events(zip(rows, geoms, strict=True))


def geodataframe_to_events(gdf: gpd.GeoDataFrame) -> list[Event]:
    """Events from a table written by ``events_to_geodataframe`` (any CRS);
    ValueError naming the first row that cannot be read."""
    events, skipped = geodataframe_rows(gdf)
    if skipped:
        raise ValueError(f"row {skipped[0].row}: {skipped[0].reason}")
    return events
