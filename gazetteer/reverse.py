"""Reverse geocoding: which country and admin-1 contain a point (vectorised, shapely 2)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import shapely

from gazetteer.boundaries import load_boundaries
from gazetteer.records import AdminArea

#: Points this close (degrees) to a polygon count as inside it: simplified coastlines move.
COAST_TOLERANCE = 0.05
#: From this many points on, the points get the tree and the units are the queries.
MANY_POINTS = 2_000


def _first_hit(pairs: tuple[np.ndarray, np.ndarray], n: int) -> np.ndarray:
    """Per point, the lowest unit index among its (point, unit) pairs, else -1."""
    pts, units = pairs
    hit = np.full(n, -1, dtype=np.int64)
    if len(pts):
        order = np.lexsort((units, pts))
        first = np.unique(pts[order], return_index=True)[1]
        hit[pts[order][first]] = units[order][first]
    return hit


@dataclass
class ReverseIndex:
    """An STRtree over the admin-1 polygons; a point's country is its admin-1 unit's.

    Every country of the boundary data is tiled by its admin-1 units with no gap wider than
    ``COAST_TOLERANCE`` (tests/test_gazetteer.py checks it), so a point that no admin-1 unit
    holds or nearly holds lies in no country either: no second query over the countries.
    """

    admin1_tree: shapely.STRtree
    admin1_rows: list[tuple[str, str, str]]  # admin1_code, name, country_code
    country_rows: list[tuple[str, str]]  # country_code, name

    @classmethod
    def load(cls, country_names: dict[str, str] | None = None) -> ReverseIndex:
        """The tree over the boundaries; ``country_names`` overrides the formal names."""
        names = country_names or {}
        a1 = load_boundaries(1)
        a0 = load_boundaries(0)
        return cls(
            shapely.STRtree(a1.geometry.values),
            list(zip(a1.admin1_code, a1.name, a1.country_code, strict=True)),
            [(cc, names.get(cc, name)) for cc, name in zip(a0.country_code, a0.name, strict=True)],
        )

    def _match(self, points: np.ndarray) -> np.ndarray:
        """Index of the admin-1 unit holding each point (or nearest within tolerance), else -1."""
        hit = _first_hit(self._query(points, "intersects"), len(points))
        missing = np.flatnonzero(hit < 0)
        if len(missing):  # just off a simplified coast: a unit that near
            near = _first_hit(self._query(points[missing], "dwithin", COAST_TOLERANCE),
                              len(missing))
            hit[missing] = near
        return hit

    def _query(self, points: np.ndarray, predicate: str, distance: float | None = None
               ) -> tuple[np.ndarray, np.ndarray]:
        """(point, unit) index pairs where ``predicate`` holds.

        Many points: a tree over the points, queried with each (prepared) unit, as geopandas'
        sjoin does; a handful: the tree over the units, queried with each point.
        """
        kw = {"distance": distance} if distance is not None else {}
        if len(points) < MANY_POINTS:
            return self.admin1_tree.query(points, predicate=predicate, **kw)
        units, pts = shapely.STRtree(points).query(self.admin1_tree.geometries,
                                                   predicate=predicate, **kw)
        return pts, units

    def lookup(self, lons: Sequence[float], lats: Sequence[float]) -> list[AdminArea | None]:
        lon_arr = np.asarray(lons, dtype=float)
        lat_arr = np.asarray(lats, dtype=float)
        points = shapely.points(lon_arr, lat_arr)
        a1 = self._match(points)
        country_index = {cc: i for i, (cc, _) in enumerate(self.country_rows)}
        a1_country = np.array([country_index.get(cc, -1) for _, _, cc in self.admin1_rows],
                              dtype=np.int64)
        a0 = np.where(a1 >= 0, a1_country[a1], -1)  # the admin-1 unit's own country
        admin1 = [None, *self.admin1_rows]  # index 0 stands for "no match"
        countries = [(None, None), *self.country_rows]
        out: list[AdminArea | None] = []
        for lon, lat, i1, i0 in zip(lon_arr.tolist(), lat_arr.tolist(), (a1 + 1).tolist(),
                                    (a0 + 1).tolist(), strict=True):
            if not i1:
                out.append(None)
                continue
            cc0, country = countries[i0]
            code, name, cc = admin1[i1]
            out.append(AdminArea(lat, lon, cc0 or cc, country, code, name))
        return out
