"""``geomap`` command: map, extract, geoparse."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path

from gazetteer.cli import CliError, positive_int  # one error class, one --jobs/--limit check

EXAMPLES = Path(__file__).resolve().parent / "examples"




def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def _check_output(path: str, suffixes: tuple[str, ...]) -> Path:
    out = Path(path)
    if out.suffix.lower() not in suffixes:
        raise CliError(f"output {path!r} must end with one of {', '.join(suffixes)}")
    if out.is_dir():
        raise CliError(f"output is a folder: {path}")
    parent = out.parent if str(out.parent) else Path(".")
    if not parent.is_dir():
        raise CliError(f"output folder does not exist: {parent}")
    if not os.access(parent, os.W_OK):
        raise CliError(f"output folder is not writable: {parent}")
    return out


def _progress(enabled: bool):
    """A tqdm progress bar on a terminal, nothing otherwise."""
    if not enabled or not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return lambda it, total: tqdm(it, total=total or None, unit="article", file=sys.stderr)


def _run(args: argparse.Namespace):
    from geomap.pipeline import run

    gazetteer = None
    if args.pack:
        from gazetteer.cli import _gazetteer

        gazetteer = _gazetteer(args.pack)
    jobs = args.jobs if args.jobs > 0 else (os.cpu_count() or 1)
    if getattr(args, "engine", "local") == "dask":
        from geomap.distributed import run_dask

        result = run_dask(args.inputs, date=args.date, scheduler=args.scheduler,
                          n_workers=args.jobs if args.jobs > 0 else None, gazetteer=gazetteer)
    else:
        result = run(args.inputs, date=args.date, jobs=jobs, gazetteer=gazetteer,
                     progress=_progress(not args.quiet))
    if not result.articles and not result.tables:
        reasons = "; ".join(f"{s.source}{f' {s.item}' if s.item else ''}: {s.reason}"
                            for s in result.skipped[:3])
        raise CliError(f"nothing usable in the input{': ' + reasons if reasons else ''}")
    return result


def _write_report(result, out: Path, quiet: bool) -> None:
    if not quiet:
        print(result.summary(), file=sys.stderr)
    report = result.report()
    path = out.with_name(out.stem + ".skipped.json")
    if report["skipped"] or report["unresolved"] or report["warnings"]:
        from geomap.io._atomic import atomic_write_bytes

        atomic_write_bytes(path, json.dumps(report, ensure_ascii=False, indent=1).encode())
        if not quiet:
            print(f"skipped/unresolved report: {path}", file=sys.stderr)
    else:  # an earlier run's report would list problems this input does not have
        path.unlink(missing_ok=True)


def cmd_map(args: argparse.Namespace) -> int:
    from geomap.explore import make_map, save_map

    out = _check_output(args.output, (".html", ".htm"))
    geo = _check_output(args.geojson, (".geojson",)) if args.geojson else None
    result = _run(args)
    fmap = make_map(result.events, offline=args.offline, color_by=args.color_by,
                    title=args.title, cluster=not args.no_cluster)
    save_map(fmap, out)
    _write_report(result, out, args.quiet)
    print(out)
    if geo:
        from geomap.io import write_events

        write_events(result.events, geo)
        print(geo)
    return _strict_exit(args, result)


def cmd_extract(args: argparse.Namespace) -> int:
    from geomap.io import FORMATS, write_events

    partitioned = args.engine == "dask" and (args.output.endswith(("/", os.sep))
                                             or Path(args.output).is_dir())
    if partitioned:  # a folder: partitioned GeoParquet, one file per partition
        out = Path(args.output)
        _check_output(str(out.with_name(out.name + ".parquet")), (".parquet",))  # its folder
    else:
        out = _check_output(args.output, tuple(FORMATS))
    result = _run(args)
    tables = _acled_tables(args.inputs) if out.suffix.lower() == ".csv" else None
    if tables and result.tables == len(tables) and not result.articles:
        # ACLED CSV in, CSV out: every row and value as read, extra columns too
        from geomap.io.acled import copy_acled_csv

        copy_acled_csv(tables, out)
        left_out = []
    elif partitioned:
        from geomap.distributed import write_partitioned_parquet

        left_out = write_partitioned_parquet(result.events, out)
    else:
        left_out = write_events(result.events, out)
    if left_out and not args.quiet:
        print(f"{len(left_out)} event(s) without a location are not in {out.name} "
              f"(listed in the report)", file=sys.stderr)
        from geomap.pipeline import Skipped

        result.skipped.extend(Skipped(e.source or "", "event without a location",
                                      f"{e.category}: {e.sentence[:80]}") for e in left_out)
    _write_report(result, out, args.quiet)
    print(out)
    return _strict_exit(args, result)


def _acled_tables(inputs: list[str]) -> list[Path] | None:
    """The inputs when all are CSV tables with one header, else None."""
    import csv

    paths = [Path(p) for p in inputs]
    if not paths or not all(p.is_file() and p.suffix.lower() == ".csv" for p in paths):
        return None
    headers = set()
    for p in paths:
        with p.open(encoding="utf-8-sig", newline="") as f:
            headers.add(tuple(next(csv.reader(f), [])))
    return paths if len(headers) == 1 else None


def _strict_exit(args: argparse.Namespace, result) -> int:
    if getattr(args, "strict", False) and result.skipped:
        print(f"geomap: --strict: {len(result.skipped)} input(s) skipped", file=sys.stderr)
        return 1
    return 0


def cmd_geoparse(args: argparse.Namespace) -> int:
    from gazetteer import Gazetteer

    gz = Gazetteer.default()
    source = open(args.file, encoding="utf-8", errors="replace") if args.file else sys.stdin
    failures = 0
    batch: list[dict] = []  # --fast: records read together, in order
    with source:
        for lineno, line in enumerate(source, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                text = record["text"]
                if not isinstance(text, str):
                    raise TypeError("'text' must be a string")
                spans = record.get("spans")
                if spans is not None and not isinstance(spans, list):
                    raise TypeError("'spans' must be a list of [start, end]")
            except (ValueError, KeyError, TypeError) as exc:
                failures += 1
                print(f"geomap: line {lineno}: skipped, not a geoparse record ({exc})",
                      file=sys.stderr)
                continue
            if args.fast and spans is None:
                batch.append(record)
                if len(batch) >= FAST_BATCH:
                    _print_fast(gz, batch)
                    batch = []
                continue
            _print_fast(gz, batch)  # a record with spans is resolved in full, in its turn
            batch = []
            toponyms = gz.resolve(text, [tuple(s) if isinstance(s, list) else s
                                         for s in spans] if spans is not None else None)
            out = {"id": record.get("id"), "toponyms": [t.to_dict() for t in toponyms]}
            _print_json(out)
    _print_fast(gz, batch)
    return 1 if failures and args.strict else 0


def _print_json(record: dict) -> None:
    """One JSON line; text the output cannot encode (a lone surrogate in an id) as \\u
    escapes."""
    line = json.dumps(record, ensure_ascii=False)
    try:
        line.encode(sys.stdout.encoding or "utf-8")
    except UnicodeEncodeError:
        line = json.dumps(record)
    print(line)


#: Records that ``geoparse --fast`` reads together.
FAST_BATCH = 2000
_FAST_FIELDS = ("start", "end", "text", "key", "name", "lat", "lon", "country_code", "kind",
                "adjectival", "score")


def _print_fast(gz, records: list[dict]) -> None:
    """Print ``records``' toponyms found by ``Gazetteer.parse_fast``, one line each."""
    if not records:
        return
    frame = gz.parse_fast([r["text"] for r in records])
    table = frame[["doc", *_FAST_FIELDS]].astype(object)
    rows = table.where(table.notna(), None).to_numpy().tolist()  # no country: null
    found: list[list[dict]] = [[] for _ in records]
    for doc, *values in rows:
        item = dict(zip(_FAST_FIELDS, values, strict=True))
        item["score"] = round(item["score"], 4)
        found[doc].append(item)
    for record, toponyms in zip(records, found, strict=True):
        _print_json({"id": record.get("id"), "toponyms": toponyms})


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("inputs", nargs="*", metavar="INPUT",
                   help="article .txt files, folders of them, .jsonl records, an ACLED .csv "
                        "or a .geojson/.parquet/.gpkg of events (default: the bundled examples)")
    p.add_argument("-o", "--output", required=True, help="output file")
    p.add_argument("--date", type=_date, help="publication date for relative dates "
                                             "(overrides the articles' Date: header)")
    p.add_argument("--pack", action="append", help="extra gazetteer pack (GeoJSON/YAML)")
    p.add_argument("--jobs", type=positive_int, default=0,
                   help="worker processes (default: all cores)")
    p.add_argument("--engine", choices=("local", "dask"), default="local",
                   help="run on this machine (default) or on Dask")
    p.add_argument("--scheduler", help="Dask scheduler address tcp://HOST:PORT "
                                       "(default: a LocalCluster)")
    p.add_argument("--strict", action="store_true", help="exit 1 when any input was skipped")
    p.add_argument("-q", "--quiet", action="store_true", help="no summary, no progress bar")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="geomap", description="News text or event tables to maps, offline.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n"
               "  geomap map articles/ -o outputs/news.html --offline\n"
               "  geomap map acled.csv -o outputs/acled.html --color-by actor\n"
               "  geomap extract articles/ -o events.geojson   (.csv ACLED, .parquet, .gpkg)\n"
               "  geomap extract corpus/ -o events/ --engine dask\n"
               "  echo '{\"id\": \"1\", \"text\": \"Talks in Sochi\"}' | geomap geoparse --jsonl")
    sub = p.add_subparsers(dest="command", required=True)
    mp = sub.add_parser("map", help="an HTML map of the events",
                        description="Map events from articles or event tables to HTML.")
    _common(mp)
    mp.add_argument("--offline", action="store_true",
                    help="self-contained HTML: Leaflet inlined, vector basemap, no tiles")
    mp.add_argument("--color-by", choices=("category", "actor"), default="category")
    mp.add_argument("--title", help="map title")
    mp.add_argument("--no-cluster", action="store_true", help="do not cluster dense points")
    mp.add_argument("--geojson", help="also write the events to this .geojson")
    mp.set_defaults(func=cmd_map)
    ex = sub.add_parser("extract", help="events to .geojson, .csv (ACLED), .parquet, .gpkg",
                        description="Extract events; the format follows the output extension. "
                                    "ACLED CSV in and .csv out copies every row and value as "
                                    "read (bad rows are also reported). With --engine dask, an "
                                    "output folder (ending in /) gets partitioned GeoParquet.")
    _common(ex)
    ex.set_defaults(func=cmd_extract)
    gp = sub.add_parser("geoparse", help="batch toponym resolution, JSON lines in and out",
                        description='Each input line: {"id", "text", "spans": [[s, e], ...]} '
                                    "(spans optional). Each output line: "
                                    '{"id", "toponyms": [...]}.')
    gp.add_argument("file", nargs="?", help="JSONL file (default: standard input)")
    gp.add_argument("--jsonl", action="store_true", help="JSON lines (the only format)")
    gp.add_argument("--strict", action="store_true", help="exit 1 when a line was skipped")
    gp.add_argument("--fast", action="store_true",
                    help="corpus speed: read records in batches with the dictionary parser "
                         "(Gazetteer.parse_fast; fewer names, more errors; records with "
                         "spans are still resolved in full)")
    gp.set_defaults(func=cmd_geoparse)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if getattr(args, "inputs", None) == []:
        args.inputs = default_inputs()
    try:
        return args.func(args)
    except CliError as exc:
        print(f"geomap: error: {exc}", file=sys.stderr)
    except (OSError, ValueError, UnicodeError) as exc:
        print(f"geomap: error: {exc}", file=sys.stderr)
    except KeyboardInterrupt:
        return 130
    return 2


def default_inputs() -> list[str]:
    """The bundled example articles."""
    return [str(EXAMPLES)]


if __name__ == "__main__":
    sys.exit(main())
