"""``gazetteer`` command: lookup, reverse, build, info."""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

from gazetteer.records import KINDS


class CliError(Exception):
    """A one-line user error: printed without a traceback, exit code 2."""


def _gazetteer(packs: list[str] | None):
    from gazetteer.build import default_home
    from gazetteer.core import Gazetteer

    if not packs:
        return Gazetteer.default()
    for p in packs:
        if not Path(p).is_file():
            raise CliError(f"pack not found: {p}")
    digest = hashlib.sha1("|".join(str(Path(p).resolve()) for p in packs).encode()).hexdigest()
    home = default_home() / f"packs-{digest[:10]}"
    from gazetteer.build import index_path

    path = index_path(home)
    newest = max(Path(p).stat().st_mtime for p in packs)
    if path.exists() and path.stat().st_mtime > newest:
        return Gazetteer(path)
    return Gazetteer.with_packs(packs, home)


def _short(name: str, limit: int = 80) -> str:
    """A name for a message: repr, cut to ``limit`` characters (a 10 kB name is not echoed)."""
    return repr(name) if len(name) <= limit else f"{name[:limit]!r}… ({len(name)} characters)"


def positive_int(value: str) -> int:
    """An argparse type: an integer of at least 1."""
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"not a positive integer: {value!r}")
    return number


def cmd_lookup(args: argparse.Namespace) -> int:
    gz = _gazetteer(args.pack)
    kinds = args.kind or None
    if args.country and gz.get(f"ne0:{args.country.strip().upper()}") is None:
        raise CliError(f"unknown country code {_short(args.country)} "
                       "(ISO 3166-1 alpha-2, e.g. SY)")
    candidates = gz.lookup(args.name, country=args.country, kinds=kinds, limit=args.limit)
    if not candidates and args.online:
        return _lookup_online(args)
    if args.json:
        print(json.dumps([{**c.place.to_dict(), "score": round(c.score, 4), "match": c.match,
                           "matched_name": c.matched_name, "scores": c.scores}
                          for c in candidates], ensure_ascii=False, indent=1))
        return 0 if candidates else 1
    if not candidates:
        print(f"no match for {_short(args.name)}", file=sys.stderr)
        return 1
    for rank, c in enumerate(candidates, 1):
        p = c.place
        where = ", ".join(x for x in (p.admin1, p.country) if x and x != p.name)
        print(f"{rank:>2}. {p.name} [{p.kind}, {p.geometry_type}] {p.lat:.4f}, {p.lon:.4f}"
              f"  {where}  pop={p.population}  score={c.score:.2f} ({c.match})  {p.key}")
    return 0


def _lookup_online(args: argparse.Namespace) -> int:
    """The opt-in Nominatim fallback (cached, rate-limited) for a name the data lacks."""
    from gazetteer.geocoders.online import CachedNominatim, OnlineGeocodingDisabled

    try:
        found = CachedNominatim(args.user_agent, enabled=True).geocode(args.name)
    except OnlineGeocodingDisabled as exc:
        raise CliError(str(exc)) from None
    if found is None:
        print(f"no match for {_short(args.name)}, offline or online", file=sys.stderr)
        return 1
    record = {"name": found.address, "lat": found.latitude, "lon": found.longitude,
              "source": "nominatim (online)"}
    print(json.dumps(record, ensure_ascii=False) if args.json else
          f" 1. {found.address} {found.latitude:.4f}, {found.longitude:.4f}  (online: Nominatim)")
    return 0


def cmd_reverse(args: argparse.Namespace) -> int:
    from gazetteer.core import Gazetteer

    try:
        area = Gazetteer.default().reverse(args.lat, args.lon)
    except ValueError as exc:
        raise CliError(str(exc)) from None
    record = {"lat": area.lat, "lon": area.lon, "country_code": area.country_code,
              "country": area.country, "admin1_code": area.admin1_code, "admin1": area.admin1}
    if args.json:
        print(json.dumps(record, ensure_ascii=False))
    elif area.country_code is None:
        print(f"{args.lat}, {args.lon}: no country (open sea or outside the data)")
    else:
        print(f"{area.admin1 or '-'} ({area.admin1_code or '-'}), "
              f"{area.country} ({area.country_code})")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from gazetteer.build import build, default_home

    for p in args.pack or []:
        if not Path(p).is_file():
            raise CliError(f"pack not found: {p}")
    path = build(Path(args.home) if args.home else default_home(),
                 packs=[Path(p) for p in args.pack or []])
    print(path)
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    from gazetteer.core import Gazetteer

    info = Gazetteer.default().info()
    if args.json:
        print(json.dumps(info, ensure_ascii=False, indent=1))
        return 0
    print(f"index:   {info['index']} (version {info.get('version')}, built {info.get('built')})")
    for name, value in dict(info.get("sources", {})).items():
        print(f"source:  {name}: {value}")
    for kind, count in dict(info.get("counts", {})).items():
        print(f"{kind + ':':<9}{count}")
    print(f"names:   {info.get('names')}")
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="gazetteer", description="Offline world gazetteer.")
    sub = p.add_subparsers(dest="command", required=True)
    lk = sub.add_parser("lookup", help="ranked candidates for a place name")
    lk.add_argument("name")
    lk.add_argument("--country", help="ISO 3166-1 alpha-2 code to keep")
    lk.add_argument("--kind", action="append", choices=KINDS, help="kinds to keep (repeatable)")
    lk.add_argument("--limit", type=positive_int, default=10)
    lk.add_argument("--pack", action="append", help="extra pack (GeoJSON/YAML), repeatable")
    lk.add_argument("--json", action="store_true", help="JSON output")
    lk.add_argument("--online", action="store_true",
                    help="ask Nominatim (cached, 1 request/s) when the offline data has no match")
    lk.add_argument("--user-agent", help="user agent for --online (default $GEOMAP_USER_AGENT)")
    lk.set_defaults(func=cmd_lookup)
    rv = sub.add_parser("reverse", help="country and admin-1 containing a point")
    rv.add_argument("lat", type=float)
    rv.add_argument("lon", type=float)
    rv.add_argument("--json", action="store_true")
    rv.set_defaults(func=cmd_reverse)
    bd = sub.add_parser("build", help="(re)build the index (about 15 s)")
    bd.add_argument("--home", help="index folder (default $GAZETTEER_HOME or ~/.cache/geomap)")
    bd.add_argument("--pack", action="append", help="extra pack to include, repeatable")
    bd.set_defaults(func=cmd_build)
    inf = sub.add_parser("info", help="sources, versions and counts by kind")
    inf.add_argument("--json", action="store_true")
    inf.set_defaults(func=cmd_info)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except CliError as exc:
        print(f"gazetteer: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `gazetteer lookup … | head`
        import os  # the reader is gone: point stdout at devnull so the exit flush is quiet

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except (OSError, ValueError) as exc:
        print(f"gazetteer: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
