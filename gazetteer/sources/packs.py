"""Curated gazetteer packs: routes, seas, regions and sites that are neither towns nor
admin units, each with a note of its basis.

A pack is a GeoJSON FeatureCollection (``.geojson``/``.json``) or a YAML list of
features (``.yaml``/``.yml``). The bundled packs live in ``gazetteer/packs``; users add
their own with ``--pack FILE``. The format is documented in ``docs/packs.md``.
"""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from shapely.geometry.base import BaseGeometry

__all__ = [
    "GEOMETRY_TYPES",
    "PACK_KINDS",
    "PackError",
    "PackFeature",
    "default_pack_paths",
    "load_packs",
    "read_pack",
]

#: Kinds a pack may hold, with the geometry types each accepts.
GEOMETRY_TYPES: dict[str, tuple[str, ...]] = {
    "route": ("LineString", "MultiLineString"),
    "sea": ("Polygon", "MultiPolygon"),
    "region": ("Polygon", "MultiPolygon"),
    "site": ("Point",),
    "city": ("Point",),  # a populated place GeoNames lacks
}
PACK_KINDS = tuple(GEOMETRY_TYPES)

PACK_DIR = Path(__file__).resolve().parent.parent / "packs"
SUFFIXES = (".geojson", ".json", ".yaml", ".yml")

_SLUG = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_ISO2 = re.compile(r"[A-Z]{2}")
_ISO3166_2 = re.compile(r"[A-Z]{2}-[A-Z0-9]{1,3}")
_KNOWN = {
    "key", "name", "alt_names", "kind", "feature", "country_code", "countries", "note",
    "compose", "seeds", "population", "geometry", "type", "coordinates", "lat", "lon",
    "properties", "id", "bbox",
}


class PackError(ValueError):
    """A pack that cannot be read; the message names the file and the feature."""


@dataclass(frozen=True, slots=True)
class PackFeature:
    """One curated feature, validated."""

    key: str  # "pack:<slug>"
    name: str
    alt_names: tuple[str, ...]
    kind: str  # one of PACK_KINDS
    feature: str  # finer type: highway, strait, crossing …
    country_code: str | None
    countries: tuple[str, ...]
    note: str  # the basis of the geometry
    population: int
    geometry: BaseGeometry | None  # None only when compose or seeds is set
    compose: tuple[str, ...]  # admin-1 codes whose union is the geometry
    seeds: tuple[tuple[float, float], ...]  # (lon, lat): admin-0 parts holding them
    source: str  # "pack:<file stem>"

    @property
    def names(self) -> tuple[str, ...]:
        """The preferred name followed by the alternates."""
        return (self.name, *self.alt_names)

    def representative_point(self) -> tuple[float, float] | None:
        """(lat, lon) on the geometry (line midpoint, point on surface), or None."""
        g = self.geometry
        if g is None:
            return None
        if g.geom_type in ("LineString", "MultiLineString"):
            p = g.interpolate(0.5, normalized=True)
        else:
            p = g.point_on_surface()
        return (p.y, p.x)


def default_pack_paths() -> list[Path]:
    """The bundled packs, sorted by name."""
    return sorted(PACK_DIR.glob("*.geojson"))


def load_packs(paths: Iterable[str | os.PathLike[str]] = (), *,
               bundled: bool = True) -> list[PackFeature]:
    """Features of the bundled packs (unless ``bundled=False``) and of ``paths``, in order.

    A feature whose key was already loaded from an earlier file replaces it, so a user
    pack can correct a bundled entry; within one file keys must be unique.
    """
    merged: dict[str, PackFeature] = {}
    for path in [*(default_pack_paths() if bundled else []), *map(Path, paths)]:
        for f in read_pack(path):
            merged.pop(f.key, None)
            merged[f.key] = f
    return list(merged.values())


def read_pack(path: str | os.PathLike[str]) -> list[PackFeature]:
    """Read and validate one pack file; raise PackError on the first problem."""
    p = Path(path)
    raw = _load(p)
    source = f"pack:{p.stem}"
    out: list[PackFeature] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(raw, start=1):
        label = _label(item, i)
        try:
            f = _feature(item, source)
        except (TypeError, ValueError) as exc:  # PackError is a ValueError too
            raise PackError(f"{p}: {label}: {_one_line(exc)}") from None
        if f.key in seen:
            raise PackError(f"{p}: {label}: duplicate key {f.key!r} "
                            f"(first used by feature #{seen[f.key]})")
        seen[f.key] = i
        out.append(f)
    return out


# --- reading -------------------------------------------------------------------------


def _load(p: Path) -> list[Any]:
    suffix = p.suffix.lower()
    if suffix not in SUFFIXES:
        raise PackError(f"{p}: unsupported pack type {p.suffix or '(none)'!r}; "
                        f"use one of {', '.join(SUFFIXES)}")
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PackError(f"{p}: pack not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PackError(f"{p}: cannot read pack: {_one_line(exc)}") from None
    if suffix in (".yaml", ".yml"):
        import yaml

        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" at line {mark.line + 1}" if mark is not None else ""
            problem = getattr(exc, "problem", None) or exc
            raise PackError(f"{p}: invalid YAML{where}: {_one_line(problem)}") from None
    else:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise PackError(f"{p}: invalid JSON at line {exc.lineno} column {exc.colno}: "
                            f"{exc.msg}") from None
    if isinstance(data, Mapping):
        if data.get("type") != "FeatureCollection" or not isinstance(
                data.get("features"), list):
            raise PackError(f"{p}: expected a GeoJSON FeatureCollection with a 'features' "
                            "list" + (" (or a YAML list of features)" if suffix in
                                      (".yaml", ".yml") else ""))
        return data["features"]
    if isinstance(data, list):
        return data
    if data is None:
        return []
    raise PackError(f"{p}: expected a FeatureCollection or a list of features, "
                    f"not {type(data).__name__}")


def _label(item: Any, i: int) -> str:
    if isinstance(item, Mapping):
        props = item.get("properties") if isinstance(item.get("properties"), Mapping) else item
        for field in ("key", "name"):
            value = props.get(field)
            if isinstance(value, str) and value.strip():
                return f"feature #{i} ({value.strip()})"
    return f"feature #{i}"


def _one_line(exc: object) -> str:
    return " ".join(str(exc).split())


# --- validation ----------------------------------------------------------------------


def _feature(item: Any, source: str) -> PackFeature:
    if not isinstance(item, Mapping):
        raise ValueError(f"expected a mapping, not {type(item).__name__}")
    if isinstance(item.get("properties"), Mapping):  # GeoJSON Feature
        if item.get("type", "Feature") != "Feature":
            raise ValueError(f"expected type 'Feature', not {item.get('type')!r}")
        props: Mapping[str, Any] = item["properties"]
        geometry_spec: Any = item.get("geometry")
    else:  # flat YAML shape
        props = item
        unknown = sorted(set(item) - _KNOWN)
        if unknown:
            raise ValueError(f"unknown field(s) {', '.join(map(repr, unknown))}")
        geometry_spec = _flat_geometry(item)

    key = _key(props.get("key"))
    name = _text(props.get("name"), "name")
    kind = props.get("kind")
    if kind not in GEOMETRY_TYPES:
        raise ValueError(f"kind {kind!r} is not one of {', '.join(PACK_KINDS)}")
    note = props.get("note")
    if not isinstance(note, str) or not note.strip():
        raise ValueError("missing 'note': say what the geometry is based on")
    feature = props.get("feature") or kind
    if not isinstance(feature, str):
        raise ValueError(f"'feature' must be a string, not {type(feature).__name__}")
    alt_names = _alt_names(props.get("alt_names"), name)
    country_code = props.get("country_code")
    if country_code is not None:
        country_code = _iso2(country_code, "country_code")
    countries = tuple(_iso2(c, "countries") for c in _list(props.get("countries"), "countries"))
    if country_code and country_code not in countries:
        countries = (country_code, *countries)
    compose = tuple(_compose_code(c) for c in _list(props.get("compose"), "compose"))
    seeds = _seeds(props.get("seeds"), kind)
    if seeds and compose:
        raise ValueError("give 'compose' or 'seeds', not both")
    population = props.get("population", 0) or 0
    if isinstance(population, bool) or not isinstance(population, int) or population < 0:
        raise ValueError(f"'population' must be a whole number >= 0, not {population!r}")

    geometry = _geometry(geometry_spec, kind)
    if seeds and geometry is not None:
        raise ValueError("give a geometry or 'seeds', not both (the seeds would replace it)")
    if geometry is None and not compose and not seeds:
        raise ValueError("missing geometry (only a feature with 'compose' or 'seeds' may "
                         "omit it)")
    return PackFeature(
        key=key, name=name, alt_names=alt_names, kind=kind, feature=feature.strip(),
        country_code=country_code, countries=countries, note=" ".join(note.split()),
        population=population, geometry=geometry, compose=compose, seeds=seeds,
        source=source,
    )


def _key(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("missing 'key' (e.g. \"pack:syria-m4\")")
    value = value.strip()
    slug = value[5:] if value.startswith("pack:") else value
    if not _SLUG.fullmatch(slug):
        raise ValueError(f"key {value!r} must be 'pack:' followed by letters, digits, "
                         "'.', '_' or '-'")
    return f"pack:{slug}"


def _text(value: Any, field: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"missing '{field}'")
    return " ".join(value.split())


def _list(value: Any, field: str) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return list(value)
    raise ValueError(f"'{field}' must be a list, not {type(value).__name__}")


def _alt_names(value: Any, name: str) -> tuple[str, ...]:
    out: list[str] = []
    seen = {name.casefold()}
    for n in _list(value, "alt_names"):
        if not isinstance(n, str):
            raise ValueError(f"'alt_names' must hold strings, not {n!r}")
        n = " ".join(n.split())
        if n and n.casefold() not in seen:
            seen.add(n.casefold())
            out.append(n)
    return tuple(out)


def _iso2(value: Any, field: str) -> str:
    if not isinstance(value, str) or not _ISO2.fullmatch(value.strip().upper()):
        raise ValueError(f"'{field}' must hold ISO 3166-1 alpha-2 codes, not {value!r}")
    return value.strip().upper()


def _compose_code(value: Any) -> str:
    if not isinstance(value, str) or not _ISO3166_2.fullmatch(value.strip().upper()):
        raise ValueError(f"'compose' must hold admin-1 codes like 'UA-14', not {value!r}")
    return value.strip().upper()


def _seeds(value: Any, kind: str) -> tuple[tuple[float, float], ...]:
    """Seed positions [lon, lat] of a feature whose geometry is the land holding them."""
    positions = _list(value, "seeds")
    if not positions:
        return ()
    if kind != "region":  # land parts: a sea or a site cannot be made of them
        raise ValueError(f"'seeds' give land (an island); a {kind} cannot have them")
    if any(not isinstance(p, list | tuple) for p in positions):
        raise ValueError("'seeds' must be a list of [lon, lat] positions")
    _check_coordinates(positions)
    return tuple((float(p[0]), float(p[1])) for p in positions)


def _flat_geometry(item: Mapping[str, Any]) -> Any:
    """The geometry of a flat (YAML) feature: a mapping, type+coordinates, or lat/lon."""
    given = [k for k in ("geometry", "coordinates", "lat") if item.get(k) is not None]
    if "lon" in item and "lat" not in item:
        raise ValueError("'lon' given without 'lat'")
    if len(given) > 1:
        raise ValueError(f"give the geometry once, not as {' and '.join(given)}")
    if item.get("geometry") is not None:
        return item["geometry"]
    if item.get("coordinates") is not None:
        return {"type": item.get("type"), "coordinates": item["coordinates"]}
    if item.get("lat") is not None:
        lat, lon = item.get("lat"), item.get("lon")
        for label, v in (("lat", lat), ("lon", lon)):
            if isinstance(v, bool) or not isinstance(v, int | float):
                raise ValueError(f"'{label}' must be a number, not {v!r}")
        return {"type": "Point", "coordinates": [lon, lat]}
    return None


def _geometry(spec: Any, kind: str) -> BaseGeometry | None:
    if spec is None:
        return None
    if not isinstance(spec, Mapping) or not isinstance(spec.get("type"), str):
        raise ValueError("geometry must be a GeoJSON mapping with a 'type'")
    allowed = GEOMETRY_TYPES[kind]
    if spec["type"] not in allowed:
        raise ValueError(f"a {kind} needs a {' or '.join(allowed)} geometry, "
                         f"not {spec['type']}")
    _check_coordinates(spec.get("coordinates"))
    from shapely.geometry import shape

    try:
        geom = shape(spec)
    except Exception as exc:  # shapely raises several types for malformed input
        raise ValueError(f"invalid {spec['type']} geometry: {_one_line(exc)}") from None
    if geom.is_empty:
        raise ValueError(f"empty {spec['type']} geometry")
    if geom.geom_type in ("Polygon", "MultiPolygon") and not geom.is_valid:
        geom = _polygonal(geom)
    if geom.geom_type in ("LineString", "MultiLineString") and geom.length == 0:
        raise ValueError("a route needs at least two distinct points")
    return geom


def _check_coordinates(coords: Any) -> None:
    """Every position is [lon, lat] with lon in [-180, 180] and lat in [-90, 90]."""
    if not isinstance(coords, list | tuple) or not coords:
        raise ValueError("geometry has no 'coordinates'")
    stack: list[Any] = [coords]
    while stack:
        c = stack.pop()
        if not isinstance(c, list | tuple) or not c:
            raise ValueError(f"malformed coordinates near {c!r}")
        if all(isinstance(v, int | float) and not isinstance(v, bool) for v in c):
            if len(c) < 2:
                raise ValueError(f"position {list(c)} needs [lon, lat]")
            lon, lat = float(c[0]), float(c[1])
            if not (math.isfinite(lon) and math.isfinite(lat)):
                raise ValueError(f"position {list(c)} is not finite")
            if not -180 <= lon <= 180 or not -90 <= lat <= 90:
                raise ValueError(f"position [{c[0]}, {c[1]}] is out of range: GeoJSON "
                                 "order is [lon, lat], lon -180..180, lat -90..90")
        else:
            stack.extend(c)


def _polygonal(geom: BaseGeometry) -> BaseGeometry:
    """A valid (Multi)Polygon from an invalid one, dropping slivers of lower dimension."""
    from shapely import make_valid
    from shapely.geometry import MultiPolygon

    fixed = make_valid(geom)
    parts = [g for g in getattr(fixed, "geoms", [fixed])
             if g.geom_type in ("Polygon", "MultiPolygon")]
    polys = [p for g in parts for p in getattr(g, "geoms", [g])]
    if not polys:
        raise ValueError("polygon has no area once made valid")
    return polys[0] if len(polys) == 1 else MultiPolygon(polys)
