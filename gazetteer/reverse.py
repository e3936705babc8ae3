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


@dataclass
class ReverseIndex:
    """STRtrees over admin-1 and country polygons."""

    admin1_tree: shapely.STRtree
    admin1_rows: list[tuple[str, str, str]]  # admin1_code, name, country_code
    country_tree: shapely.STRtree
    country_rows: list[tuple[str, str]]  # country_code, name

    @classmethod
    def load(cls, country_names: dict[str, str] | None = None) -> ReverseIndex:
        """Trees over the boundaries; ``country_names`` overrides the formal names."""
        names = country_names or {}
        a1 = load_boundaries(1)
        a0 = load_boundaries(0)
        return cls(
            shapely.STRtree(a1.geometry.values),
            list(zip(a1.admin1_code, a1.name, a1.country_code, strict=True)),
            shapely.STRtree(a0.geometry.values),
            [(cc, names.get(cc, name)) for cc, name in zip(a0.country_code, a0.name, strict=True)],
        )

    def _match(self, tree: shapely.STRtree, points: np.ndarray) -> np.ndarray:
        """Index of the containing polygon per point (or nearest within tolerance), else -1."""
        hit = np.full(len(points), -1, dtype=np.int64)
        pts, geoms = tree.query(points, predicate="intersects")
        hit[pts[::-1]] = geoms[::-1]  # first match wins
        missing = np.flatnonzero(hit < 0)
        if len(missing):
            near_pts, near_geoms = tree.query_nearest(points[missing],
                                                      max_distance=COAST_TOLERANCE)
            hit[missing[near_pts[::-1]]] = near_geoms[::-1]
        return hit

    def lookup(self, lons: Sequence[float], lats: Sequence[float]) -> list[AdminArea | None]:
        points = shapely.points(np.asarray(lons, dtype=float), np.asarray(lats, dtype=float))
        a1 = self._match(self.admin1_tree, points)
        a0 = self._match(self.country_tree, points)
        out: list[AdminArea | None] = []
        for lon, lat, i1, i0 in zip(lons, lats, a1, a0, strict=True):
            if i1 < 0 and i0 < 0:
                out.append(None)
                continue
            code, name, cc = self.admin1_rows[i1] if i1 >= 0 else (None, None, None)
            cc0, country = self.country_rows[i0] if i0 >= 0 else (cc, None)
            out.append(AdminArea(float(lat), float(lon), cc0 or cc, country,
                                 code if (cc is None or cc == cc0) else None,
                                 name if (cc is None or cc == cc0) else None))
        return out
