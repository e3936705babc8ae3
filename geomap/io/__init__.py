"""Event files: GeoJSON, ACLED CSV, GeoParquet, GeoPackage.

``write_events``/``read_events`` choose the format by file extension. Nothing is
dropped silently: writers return the events they could not write (events
without a location, for the formats that need a geometry) and ``read_events``
returns the rows it could not read with the reason (``SkippedRow``).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

import geopandas as gpd
import pandas as pd

from geomap.io.acled import (
    AcledTable,
    SkippedRow,
    iter_acled,
    read_acled,
    write_acled,
    write_acled_table,
)
from geomap.io.frame import (
    EventFrame,
    events_to_geodataframe,
    geodataframe_rows,
    geodataframe_to_events,
)
from geomap.io.geojson import geojson_rows, load_geojson, read_geojson, write_geojson
from geomap.io.tables import read_gpkg, read_gpkg_frame, read_parquet, write_gpkg, write_parquet
from geomap.records import Event

__all__ = [
    "FORMATS",
    "AcledTable",
    "EventFrame",
    "EventsRead",
    "SkippedRow",
    "events_to_geodataframe",
    "geodataframe_to_events",
    "iter_acled",
    "read_acled",
    "read_events",
    "read_geojson",
    "read_gpkg",
    "read_parquet",
    "write_acled",
    "write_acled_table",
    "write_events",
    "write_geojson",
    "write_gpkg",
    "write_parquet",
]

#: Extension → format name.
FORMATS = {".geojson": "geojson", ".csv": "acled", ".parquet": "parquet", ".gpkg": "gpkg"}


class EventsRead(NamedTuple):
    """``read_events`` result: the events and the rows that could not be read."""

    events: list[Event]
    skipped: list[SkippedRow]


#: Also read (not written): plain .json taken as GeoJSON, as the pipeline accepts it.
READ_FORMATS = {**FORMATS, ".json": "geojson"}


def _format(path: str | os.PathLike[str], formats: dict[str, str] = FORMATS) -> str:
    ext = Path(path).suffix.lower()
    try:
        return formats[ext]
    except KeyError:
        raise ValueError(
            f"unknown event file extension {ext or '(none)'!r} for {os.fspath(path)!r}; "
            f"use one of {', '.join(formats)}"
        ) from None


def write_events(events: Iterable[Event], path: str | os.PathLike[str]) -> list[Event]:
    """Write events in the format named by the extension; returns the events left out."""
    fmt = _format(path)
    if fmt == "geojson":
        return write_geojson(events, path)
    if fmt == "acled":
        return write_acled(events, path)
    if fmt == "parquet":
        return write_parquet(events, path)
    return write_gpkg(events, path)


def read_events(path: str | os.PathLike[str]) -> EventsRead:
    """Read events from a file, the format chosen by its extension.

    Rows that cannot be events (bad coordinates or dates, unreadable features) are
    returned as ``skipped``; a file that cannot be read at all raises ValueError
    naming it.
    """
    fmt = _format(path, READ_FORMATS)
    name = os.fspath(path)
    try:
        if fmt == "acled":
            table = read_acled(path)
            return EventsRead(table.events, table.skipped)
        if fmt == "geojson":
            return EventsRead(*geojson_rows(load_geojson(path)))
        if fmt == "parquet":
            return EventsRead(*geodataframe_rows(gpd.read_parquet(path)))
        return EventsRead(*geodataframe_rows(read_gpkg_frame(path)))
    except UnicodeDecodeError as exc:
        raise ValueError(f"{name}: not UTF-8 text (byte {exc.start})") from None
    except pd.errors.EmptyDataError:
        raise ValueError(f"{name}: empty file") from None
    except ValueError as exc:
        if name in str(exc):
            raise
        raise ValueError(f"{name}: {exc}") from None
