"""RFC 7946 GeoJSON of events: writer and reader.

Writer rules: coordinates are [lon, lat] in WGS 84 with no ``crs`` member,
polygon exterior rings counter-clockwise (holes clockwise), at most 7 decimals,
and the bytes are deterministic (same events → identical file). An event
without a location is still written, as a Feature with ``"geometry": null``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from typing import Any

import numpy as np
import shapely
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry

from geomap.io._atomic import atomic_write_bytes
from geomap.io.frame import event_from_record, event_record
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


def geojson_to_events(obj: dict[str, Any]) -> list[Event]:
    """Events from a FeatureCollection (or a single Feature) dict; ValueError when malformed."""
    if not isinstance(obj, dict):
        raise ValueError(f"expected a GeoJSON object, got a JSON {type(obj).__name__}")
    if obj.get("type") == "Feature":
        features = [obj]
    elif obj.get("type") == "FeatureCollection":
        features = obj.get("features") or []
        if not isinstance(features, list):
            raise ValueError("GeoJSON 'features' must be a list")
    else:
        kind = obj.get("type")
        raise ValueError(f"expected a GeoJSON Feature or FeatureCollection, got {kind!r}")
    events = []
    for i, feat in enumerate(features):
        if not isinstance(feat, dict):
            raise ValueError(f"GeoJSON feature {i} is not an object")
        props = feat.get("properties") or {}
        if not isinstance(props, dict):
            raise ValueError(f"GeoJSON feature {i}: 'properties' is not an object")
        props = dict(props)
        props.setdefault("event_id", str(feat.get("id", f"feature-{i}")))
        try:
            geom = shape(feat["geometry"]) if feat.get("geometry") else None
            events.append(event_from_record(props, geom))
        except (TypeError, ValueError, KeyError, AttributeError, IndexError) as exc:
            raise ValueError(f"GeoJSON feature {i}: {exc}") from None
    return events


def read_geojson(path: str | os.PathLike[str]) -> list[Event]:
    """Read an event GeoJSON file written by ``write_geojson`` (or compatible)."""
    with open(path, encoding="utf-8") as fh:
        return geojson_to_events(json.load(fh))
