"""The record every data source yields to the index builder."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from shapely.geometry.base import BaseGeometry


@dataclass(slots=True)
class Entry:
    """One place as a source describes it, before it is indexed."""

    key: str
    name: str
    kind: str
    lat: float
    lon: float
    names: list[str] = field(default_factory=list)  # alternate names (primary excluded)
    feature: str = ""
    geometry: BaseGeometry | None = None  # None for a plain point at lat/lon
    country_code: str | None = None
    admin1_code: str | None = None
    admin1: str | None = None
    population: int = 0
    geonameid: int | None = None
    source: str = ""
    note: str = ""
    adjectives: list[str] = field(default_factory=list)  # demonyms: "Syrian", "Syrians"
