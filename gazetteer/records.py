"""Plain typed records returned by the gazetteer.

Records are small frozen dataclasses. Geometries are loaded lazily from the
index (a Place knows how to fetch its own WKB) so that a lookup that only wants
names and coordinates never imports shapely.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from shapely.geometry.base import BaseGeometry

#: Feature kinds, from widest to narrowest. ``kind`` is one of these.
KINDS = (
    "country",  # sovereign state or dependency (polygon)
    "admin1",  # first-level division: province, governorate, oblast, state (polygon)
    "region",  # named area that is not an admin unit: Gaza Strip, Donbas, Sahel (polygon)
    "sea",  # sea, gulf, strait, lake (polygon)
    "route",  # highway, road, railway, pipeline (line)
    "city",  # populated place (point)
    "site",  # base, airport, border crossing, dam, landmark (point)
)

#: Kinds drawn as areas; their ACLED geo_precision is 3 (or 2 for small regions).
AREA_KINDS = frozenset({"country", "admin1", "region", "sea"})


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry with a single geometry and a representative point."""

    key: str  # stable id: "gn:169389", "ne1:SY-ID", "ne0:SY", "pack:syria-m4"
    name: str  # preferred English name
    kind: str  # one of KINDS
    lat: float  # representative point (inside the geometry)
    lon: float
    geometry_type: str  # Point, Polygon, MultiPolygon, LineString, MultiLineString
    country_code: str | None = None  # ISO 3166-1 alpha-2
    country: str | None = None  # country name
    admin1_code: str | None = None  # ISO 3166-2 where known, else GeoNames "CC.NN"
    admin1: str | None = None  # admin-1 name
    population: int = 0
    geonameid: int | None = None
    feature: str = ""  # finer type: PPLC, ADM1, PCLI, highway, sea, gulf, base, crossing …
    source: str = ""  # geonames, naturalearth, pack:<file>
    note: str = ""  # basis of a curated entry
    bbox: tuple[float, float, float, float] | None = None  # minx, miny, maxx, maxy
    _loader: Callable[[str], bytes | None] | None = field(
        default=None, repr=False, compare=False, hash=False
    )

    @property
    def wkb(self) -> bytes | None:
        """The geometry as WKB, or None for a plain point."""
        return self._loader(self.key) if self._loader else None

    @property
    def geometry(self) -> BaseGeometry:
        """The place's geometry as a shapely object (imports shapely on first use)."""
        from shapely import from_wkb
        from shapely.geometry import Point

        blob = self.wkb
        return from_wkb(blob) if blob else Point(self.lon, self.lat)

    @property
    def __geo_interface__(self) -> dict[str, Any]:
        return {
            "type": "Feature",
            "geometry": self.geometry.__geo_interface__,
            "properties": self.to_dict(),
        }

    @property
    def is_area(self) -> bool:
        return self.kind in AREA_KINDS

    def to_dict(self) -> dict[str, Any]:
        """Properties as plain JSON-ready values (no geometry)."""
        return {
            "key": self.key,
            "name": self.name,
            "kind": self.kind,
            "feature": self.feature,
            "lat": self.lat,
            "lon": self.lon,
            "geometry_type": self.geometry_type,
            "country_code": self.country_code,
            "country": self.country,
            "admin1_code": self.admin1_code,
            "admin1": self.admin1,
            "population": self.population,
            "geonameid": self.geonameid,
            "source": self.source,
            "note": self.note,
        }


@dataclass(frozen=True, slots=True)
class Candidate:
    """A place proposed for a name, with the evidence that ranked it."""

    place: Place
    score: float
    matched_name: str  # the gazetteer name that matched
    match: str  # "exact", "alternate", "adjective", "variant" (another romanisation), "fuzzy"
    scores: dict[str, float] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True, slots=True)
class Toponym:
    """A place mention in a text: offsets are Python str indices into that text."""

    start: int
    end: int
    text: str
    place: Place | None  # None when unresolved
    score: float = 0.0
    adjectival: bool = False  # "Russian forces": a demonym, not a location
    type_word: str | None = None  # "province", "highway" … next to the mention
    candidates: tuple[Candidate, ...] = field(default=(), compare=False, hash=False)
    reason: str = ""  # why unresolved, or a short note on how it was resolved

    @property
    def resolved(self) -> bool:
        return self.place is not None

    def to_dict(self) -> dict[str, Any]:
        """The geoparse JSON shape (one entry of ``toponyms``)."""
        p = self.place
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "key": p.key if p else None,
            "name": p.name if p else None,
            "lat": p.lat if p else None,
            "lon": p.lon if p else None,
            "country_code": p.country_code if p else None,
            "geonameid": p.geonameid if p else None,
            "feature": (p.feature or p.kind) if p else None,
            "kind": p.kind if p else None,
            "geometry_type": p.geometry_type if p else None,
            "adjectival": self.adjectival,
            "score": round(self.score, 4),
        }


@dataclass(frozen=True, slots=True)
class AdminArea:
    """Result of a reverse lookup: the country and admin-1 containing a point."""

    lat: float
    lon: float
    country_code: str | None
    country: str | None
    admin1_code: str | None
    admin1: str | None
