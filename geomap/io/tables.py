"""GeoParquet and GeoPackage event tables (geopandas / pyogrio), written atomically.

Both hold the ``geomap.io.frame`` table: one row per located event with its
place geometry; events without a location are returned by the writers. Both are
byte-identical for the same events (GeoPackage: a fixed last-change date).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

import geopandas as gpd

from geomap.io._atomic import atomic_path
from geomap.io.frame import events_to_geodataframe, geodataframe_to_events
from geomap.records import Event

GPKG_LAYER = "events"


def write_parquet(events: Iterable[Event], path: str | os.PathLike[str]) -> list[Event]:
    """Write a GeoParquet file; returns the events left out (no location)."""
    frame, skipped = events_to_geodataframe(events)
    with atomic_path(path) as tmp:
        frame.to_parquet(tmp, index=False)
    return skipped


def read_parquet(path: str | os.PathLike[str]) -> list[Event]:
    """Events from a GeoParquet file written by ``write_parquet``."""
    return geodataframe_to_events(gpd.read_parquet(path))


def write_gpkg(
    events: Iterable[Event], path: str | os.PathLike[str], layer: str = GPKG_LAYER
) -> list[Event]:
    """Write a GeoPackage (one layer) with pyogrio; returns the events left out."""
    frame, skipped = events_to_geodataframe(events)
    seen: dict[str, str] = {}
    for column in frame.columns:  # GeoPackage column names ignore case
        other = seen.setdefault(str(column).casefold(), str(column))
        if other != column:
            raise ValueError(f"columns {other!r} and {column!r} differ only in case, which a "
                             "GeoPackage cannot hold: write GeoParquet or GeoJSON instead")
    with atomic_path(path) as tmp, _gpkg_date():
        frame.to_file(tmp, driver="GPKG", engine="pyogrio", layer=layer, promote_to_multi=False)
    return skipped


@contextmanager
def _gpkg_date() -> Iterator[None]:
    """A fixed ``gpkg_contents.last_change`` (GDAL writes the clock time otherwise, so the
    same events gave different bytes): ``SOURCE_DATE_EPOCH`` when set, else 1970-01-01."""
    from pyogrio import get_gdal_config_option, set_gdal_config_options

    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "0") or 0)
    stamp = dt.datetime.fromtimestamp(epoch, dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    old = get_gdal_config_option("OGR_CURRENT_DATE")
    set_gdal_config_options({"OGR_CURRENT_DATE": stamp})
    try:
        yield
    finally:
        set_gdal_config_options({"OGR_CURRENT_DATE": old})


def read_gpkg_frame(path: str | os.PathLike[str], layer: str | None = None
                    ) -> gpd.GeoDataFrame:
    """A GeoPackage layer as a GeoDataFrame; ValueError when unreadable.

    Without ``layer``: the "events" layer ``write_gpkg`` writes, else the file's only
    layer (a GeoPackage saved by another tool names its layer as it likes).
    """
    from pyogrio import list_layers
    from pyogrio.errors import DataLayerError, DataSourceError

    try:
        if layer is None:
            names = [str(name) for name, _ in list_layers(path)]
            if GPKG_LAYER in names or len(names) != 1:
                layer = GPKG_LAYER
            else:
                (layer,) = names
            if layer not in names:
                raise ValueError(f"{os.fspath(path)}: no layer {GPKG_LAYER!r} and more than "
                                 f"one to choose from ({', '.join(names) or 'none'})")
        return gpd.read_file(path, layer=layer, engine="pyogrio")
    except (DataSourceError, DataLayerError) as exc:
        raise ValueError(f"{os.fspath(path)}: not a readable GeoPackage ({exc})") from None


def read_gpkg(path: str | os.PathLike[str], layer: str | None = None) -> list[Event]:
    """Events from a GeoPackage layer (see ``read_gpkg_frame``); ValueError when unreadable."""
    return geodataframe_to_events(read_gpkg_frame(path, layer))
