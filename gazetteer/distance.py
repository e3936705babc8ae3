"""Great-circle distances between coordinates and places (one haversine for the project)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gazetteer.records import Place

EARTH_RADIUS_KM = 6371.0


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two (lat, lon) points."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def km_between(a: Place, b: Place) -> float:
    """Distance between two places' representative points."""
    return haversine_km(a.lat, a.lon, b.lat, b.lon)


def km_to_area(place: Place, area: Place) -> float:
    """Distance from a place's point to an area (0 inside it), along its polygon: "Russian"
    is near Belgorod though Russia's point is not. A bounding box would not do: France's
    reaches across Africa to its overseas departments. For a point, to its point."""
    if area.geometry_type not in ("Polygon", "MultiPolygon"):
        return km_between(place, area)
    from shapely import Point
    from shapely.ops import nearest_points

    here = Point(place.lon, place.lat)
    near = nearest_points(area.geometry, here)[0]
    return haversine_km(place.lat, place.lon, near.y, near.x)
