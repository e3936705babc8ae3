"""RFC 7946 GeoJSON of events: writer and reader.

Writer rules: coordinates are [lon, lat] in WGS 84 with no ``crs`` member,
polygon exterior rings counter-clockwise (holes clockwise), at most 7 decimals,
and the bytes are deterministic (same events → identical file). An event
without a location is still written, as a Feature with ``"geometry": null``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np
import shapely
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry

from geomap.io._atomic import atomic_write_bytes
from geomap.io.frame import SkippedRow, event_record, records_to_events
from geomap.records import Event

DECIMALS = 7


def rfc7946_geometry(geom: BaseGeometry, decimals: int = DECIMALS) -> dict[str, Any]:
    """A GeoJSON geometry dict: rings oriented per RFC 7946, coordinates rounded."""
    geom = shapely.orient_polygons(geom, exterior_cw=False)
    geom = shapely.transform(geom, lambda xy: np.round(xy, decimals))
    return _plain(mapping(geom))


def _plain(obj: Any) -> Any:
    """Tuples → lists, numpy floats → float: a value ``json`` writes the same every time."""
    if isinstance(obj, dict):
        return {k: _plain(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_plain(v) for v in obj]
    if isinstance(obj, np.floating):
        return float(obj)
    return obj


def event_feature(event: Event, decimals: int = DECIMALS) -> dict[str, Any]:
    """One GeoJSON Feature for an event (geometry null when it has no location)."""
    place = event.place
    geometry = rfc7946_geometry(place.geometry, decimals) if place is not None else None
    return {
        "type": "Feature",
        "id": event.event_id,
        "geometry": geometry,
        "properties": event_record(event),
    }


def events_to_geojson(events: Iterable[Event], decimals: int = DECIMALS) -> dict[str, Any]:
    """A FeatureCollection of the events, in the given order."""
    return {
        "type": "FeatureCollection",
        "features": [event_feature(ev, decimals) for ev in events],
    }


def dumps(obj: Any) -> str:
    """Deterministic compact JSON (UTF-8 text, no NaN)."""
    return json.dumps(obj, ensure_ascii=False, allow_nan=False, separators=(",", ":")) + "\n"


def write_geojson(
    events: Iterable[Event], path: str | os.PathLike[str], decimals: int = DECIMALS
) -> list[Event]:
    """Write events as RFC 7946 GeoJSON, atomically. Returns [] (nothing is left out)."""
    if not 0 <= decimals <= DECIMALS:
        raise ValueError(f"decimals must be between 0 and {DECIMALS}, got {decimals}")
    atomic_write_bytes(path, dumps(events_to_geojson(events, decimals)).encode("utf-8", "replace"))
    return []


def _features(obj: Any) -> list[Any]:
    """The features of a FeatureCollection (or a single Feature); ValueError otherwise."""
    if not isinstance(obj, dict):
        raise ValueError(f"expected a GeoJSON object, got a JSON {type(obj).__name__}")
    if obj.get("type") == "Feature":
        return [obj]
    if obj.get("type") == "FeatureCollection":
        features = obj.get("features") or []
        if not isinstance(features, list):
            raise ValueError("GeoJSON 'features' must be a list")
        return features
    kind = obj.get("type")
    raise ValueError(f"expected a GeoJSON Feature or FeatureCollection, got {kind!r}")


def _rows(features: list[Any]) -> Iterator[tuple[dict[str, Any], Any]]:
    """(properties, geometry) per feature; a ValueError instead of the geometry when
    the feature cannot be read (``records_to_events`` reports it)."""
    for i, feat in enumerate(features):
        if not isinstance(feat, dict):
            yield {"feature": feat}, ValueError("not a GeoJSON Feature object")
            continue
        props = feat.get("properties") or {}
        if not isinstance(props, dict):
            yield {"properties": props}, ValueError("'properties' is not an object")
            continue
        props = dict(props)
        props.setdefault("event_id", str(feat.get("id", f"feature-{i}")))
        try:
            geom = shape(feat["geometry"]) if feat.get("geometry") else None
        except (TypeError, ValueError, KeyError, AttributeError, IndexError) as exc:
            yield props, ValueError(f"bad geometry ({exc})")
            continue
        yield props, geom


def geojson_rows(obj: Any) -> tuple[list[Event], list[SkippedRow]]:
    """Events from a FeatureCollection (or Feature) dict, and the features that could
    not be read (bad geometry, coordinates out of range) with the reason; ValueError
    when the object itself is not GeoJSON."""
    return records_to_events(_rows(_features(obj)))


def geojson_to_events(obj: dict[str, Any]) -> list[Event]:
    """Events from a FeatureCollection (or a single Feature) dict; ValueError when malformed."""
    events, skipped = geojson_rows(obj)
    if skipped:
        raise ValueError(f"GeoJSON feature {skipped[0].row - 1}: {skipped[0].reason}")
    return events


def load_geojson(path: str | os.PathLike[str]) -> Any:
    """The JSON in a file; ValueError naming the file when it is not UTF-8 JSON."""
    with open(path, "rb") as fh:
        data = fh.read()
    try:
        return json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ValueError(f"{os.fspath(path)}: not UTF-8 text (byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        what = "empty file" if not data.strip() else f"not valid JSON ({exc})"
        raise ValueError(f"{os.fspath(path)}: {what}") from None


def read_geojson(path: str | os.PathLike[str]) -> list[Event]:
    """Read an event GeoJSON file written by ``write_geojson`` (or compatible)."""
    return geojson_to_events(load_geojson(path))
