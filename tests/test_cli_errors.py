"""Bad input to the ``geomap`` / ``gazetteer`` console scripts.

Every bad input must give a one-line error on stderr (no traceback), a non-zero exit and
nothing half-written: the output does not exist afterwards and the output folder holds no
stray temp (or report) files. Inputs that are merely imperfect (non-UTF-8 text, table rows
with bad dates or coordinates, malformed geoparse lines) are processed with the problems
reported, and exit 0.

The CLIs run as subprocesses through the console scripts installed next to
``sys.executable``.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent
GEOMAP = shutil.which("geomap", path=str(BIN)) or str(BIN / "geomap")
GAZETTEER = shutil.which("gazetteer", path=str(BIN)) or str(BIN / "gazetteer")
TIMEOUT = 600

ACLED_HEADER = ["event_id_cnty", "event_date", "year", "event_type", "sub_event_type",
                "actor1", "iso", "country", "admin1", "location", "latitude", "longitude",
                "fatalities", "notes"]
GOOD_ROWS = [
    ["SYR1", "2021-09-28", "2021", "Explosions/Remote violence", "Air/drone strike",
     "Military Forces of Russia", "760", "Syria", "Idlib", "Idlib", "35.93", "36.63", "2",
     "air strike on Idlib"],
    ["SYR2", "28 September 2021", "2021", "Battles", "Armed clash", "HTS", "760", "Syria",
     "Aleppo", "Afrin", "36.51", "36.87", "0", "clash near Afrin"],
    ["UKR1", "2022-03-01", "2022", "Explosions/Remote violence", "Shelling/artillery/missile",
     "Military Forces of Russia", "804", "Ukraine", "Kharkiv", "Kharkiv", "49.99", "36.23", "",
     "shelling of Kharkiv"],
]
ARTICLE = ("Title: Strikes in Idlib\nDate: 2021-09-28\n\n"
           "Russian aircraft carried out air strikes on the town of Ariha in Syria's Idlib "
           "province on Monday, killing three civilians.\n")


# ---------------------------------------------------------------------------- helpers
def run(tool: str, *args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([tool, *args], cwd=cwd, capture_output=True, text=True,
                          input=stdin, timeout=TIMEOUT, errors="replace")


def error_lines(stderr: str) -> list[str]:
    """The stderr lines that are not argparse's usage block."""
    lines = []
    in_usage = False
    for line in stderr.splitlines():
        if line.startswith("usage:"):
            in_usage = True
            continue
        if in_usage and line.startswith(" "):
            continue
        in_usage = False
        if line.strip():
            lines.append(line)
    return lines


def snapshot(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")} if folder.exists() else set()


def assert_clean_failure(proc: subprocess.CompletedProcess, out: Path | None = None,
                         folder: Path | None = None, before: set[str] | None = None) -> str:
    """Non-zero exit, one error line, no traceback, nothing (half-)written."""
    detail = (f"exit {proc.returncode}\nstdout:\n{proc.stdout[-2000:]}\n"
              f"stderr:\n{proc.stderr[-4000:]}")
    assert proc.returncode != 0, detail
    assert "Traceback" not in proc.stderr, detail
    lines = error_lines(proc.stderr)
    assert len(lines) == 1, detail
    assert len(lines[0]) < 1000, detail
    if out is not None:
        assert not out.exists(), f"{out} was written\n{detail}"
    if folder is not None:
        after, before = snapshot(folder), before or set()
        assert after == before, f"stray files {sorted(after - before)}\n{detail}"
    return lines[0]


@pytest.fixture()
def dirs(tmp_path: Path) -> tuple[Path, Path]:
    """An input folder and an (empty) output folder."""
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    out.mkdir()
    return src, out


def write_csv(path: Path, header: list[str], rows: list[list[str]], encoding="utf-8") -> Path:
    with path.open("w", newline="", encoding=encoding) as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return path


# ----------------------------------------------------------- geomap: unusable inputs
def _make_input(kind: str, src: Path) -> Path:
    """A bad input of the given kind inside ``src`` (the path to pass on the command line)."""
    if kind == "missing_file":
        return src / "nope.txt"
    if kind == "missing_folder":
        return src / "nope_dir"
    if kind == "folder_nothing_usable":
        folder = src / "corpus"
        folder.mkdir()
        (folder / "scan.pdf").write_bytes(b"%PDF-1.4\x00\x01\x02")
        (folder / "data.bin").write_bytes(bytes(range(256)))
        return folder
    if kind == "empty_folder":
        folder = src / "corpus"
        folder.mkdir()
        return folder
    if kind == "folder_of_empty_and_binary_txt":
        folder = src / "corpus"
        folder.mkdir()
        (folder / "a.txt").write_bytes(b"")
        (folder / "b.txt").write_bytes(b"\x00\x01\x02binary\x00" * 100)
        return folder
    if kind == "empty_txt":
        (src / "empty.txt").write_bytes(b"")
        return src / "empty.txt"
    if kind == "whitespace_txt":
        (src / "blank.txt").write_text(" \n\t\n\n  ")
        return src / "blank.txt"
    if kind == "binary_txt":
        (src / "bin.txt").write_bytes(b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 40)
        return src / "bin.txt"
    if kind == "binary_unknown_suffix":
        (src / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 500)
        return src / "photo.jpg"
    if kind == "binary_csv":
        (src / "b.csv").write_bytes(b"a\x00b\xff\xfe\x00\x00" * 50)
        return src / "b.csv"
    if kind == "empty_csv":
        (src / "e.csv").write_bytes(b"")
        return src / "e.csv"
    if kind == "csv_missing_acled_columns":
        return write_csv(src / "cols.csv", ["id", "date", "lat", "lon"],
                         [["1", "2021-09-28", "35.9", "36.6"]])
    if kind == "csv_semicolon_delimited":
        (src / "semi.csv").write_text(";".join(ACLED_HEADER) + "\n" +
                                      ";".join(GOOD_ROWS[0]) + "\n")
        return src / "semi.csv"
    if kind == "geojson_truncated":
        (src / "t.geojson").write_text('{"type": "FeatureCollection", "features": [{"type": "Fe')
        return src / "t.geojson"
    if kind == "geojson_empty":
        (src / "e.geojson").write_bytes(b"")
        return src / "e.geojson"
    if kind == "geojson_not_geojson_object":
        (src / "p.geojson").write_text('{"type": "Point", "coordinates": [0, 0]}')
        return src / "p.geojson"
    if kind == "geojson_top_level_list":
        (src / "l.geojson").write_text("[]")
        return src / "l.geojson"
    if kind == "geojson_features_not_a_list":
        (src / "f.geojson").write_text('{"type": "FeatureCollection", "features": {"a": 1}}')
        return src / "f.geojson"
    if kind == "geojson_malformed_geometry":
        (src / "g.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": [
            {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [[1, 2]]},
             "properties": {}}]}))
        return src / "g.geojson"
    if kind == "parquet_garbage":
        (src / "x.parquet").write_text("hello, not parquet\n")
        return src / "x.parquet"
    if kind == "gpkg_garbage":
        (src / "x.gpkg").write_text("hello, not a geopackage\n")
        return src / "x.gpkg"
    if kind == "jsonl_all_malformed":
        (src / "r.jsonl").write_text('{"id": 1, "text": \n[1,2]\n{"id": 2}\nnot json\n')
        return src / "r.jsonl"
    if kind == "jsonl_empty":
        (src / "r.jsonl").write_bytes(b"")
        return src / "r.jsonl"
    raise AssertionError(kind)



UNUSABLE = [
    "missing_file", "missing_folder", "folder_nothing_usable", "empty_folder",
    "folder_of_empty_and_binary_txt", "empty_txt", "whitespace_txt", "binary_txt",
    "binary_unknown_suffix", "binary_csv", "empty_csv", "csv_missing_acled_columns",
    "csv_semicolon_delimited", "geojson_truncated", "geojson_empty",
    "geojson_not_geojson_object",
    pytest.param("geojson_top_level_list"),
    pytest.param("geojson_features_not_a_list"),
    pytest.param("geojson_malformed_geometry"),
    "parquet_garbage",
    pytest.param("gpkg_garbage"),
    "jsonl_all_malformed", "jsonl_empty",
]


@pytest.mark.parametrize("kind", UNUSABLE)
@pytest.mark.parametrize("command,suffix", [("extract", ".geojson"), ("map", ".html")])
def test_unusable_input(kind: str, command: str, suffix: str, dirs) -> None:
    src, outdir = dirs
    bad = _make_input(kind, src)
    out = outdir / f"result{suffix}"
    proc = run(GEOMAP, command, str(bad), "-o", str(out), "--jobs", "1", cwd=src)
    line = assert_clean_failure(proc, out, outdir, set())
    assert line.startswith("geomap: error:"), line


def test_missing_file_names_the_path(dirs) -> None:
    src, outdir = dirs
    proc = run(GEOMAP, "extract", str(src / "nope.txt"), "-o", str(outdir / "o.csv"), cwd=src)
    line = assert_clean_failure(proc, outdir / "o.csv", outdir, set())
    assert "nope.txt" in line


def test_missing_acled_columns_are_named(dirs) -> None:
    src, outdir = dirs
    bad = _make_input("csv_missing_acled_columns", src)
    proc = run(GEOMAP, "extract", str(bad), "-o", str(outdir / "o.geojson"), cwd=src)
    line = assert_clean_failure(proc, outdir / "o.geojson", outdir, set())
    for col in ("event_date", "event_type", "latitude", "longitude"):
        assert col in line


# ------------------------------------------------------------------ geomap: outputs
@pytest.fixture()
def good_csv(dirs) -> Path:
    return write_csv(dirs[0] / "good.csv", ACLED_HEADER, GOOD_ROWS)


OUTPUT_CASES = {
    "missing_folder": lambda out: out / "no" / "such" / "dir" / "events.geojson",
    "file_as_folder": lambda out: out / "existing_file.txt" / "events.geojson",
    "unknown_extension": lambda out: out / "events.xyz",
    "no_extension": lambda out: out / "events",
    "html_for_extract": lambda out: out / "events.html",
    "output_is_a_directory": lambda out: out / "events.geojson",
    "proc_path": lambda out: Path("/proc/geomap-test/events.geojson"),
}


@pytest.mark.parametrize("case", sorted(OUTPUT_CASES))
def test_bad_output_path(case: str, dirs, good_csv: Path) -> None:
    src, outdir = dirs
    if case == "file_as_folder":
        (outdir / "existing_file.txt").write_text("x")
    if case == "output_is_a_directory":
        (outdir / "events.geojson").mkdir()
    before = snapshot(outdir)
    out = OUTPUT_CASES[case](outdir)
    proc = run(GEOMAP, "extract", str(good_csv), "-o", str(out), cwd=src)
    assert_clean_failure(proc, None, outdir, before)
    if case != "output_is_a_directory":
        assert not out.exists()
    else:
        assert out.is_dir() and not any(out.iterdir())


def test_bad_output_extension_for_map(dirs, good_csv: Path) -> None:
    src, outdir = dirs
    proc = run(GEOMAP, "map", str(good_csv), "-o", str(outdir / "map.png"), cwd=src)
    assert_clean_failure(proc, outdir / "map.png", outdir, set())


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores folder permissions")
def test_read_only_output_folder(dirs, good_csv: Path) -> None:
    src, outdir = dirs
    ro = outdir / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        proc = run(GEOMAP, "extract", str(good_csv), "-o", str(ro / "e.geojson"), cwd=src)
        assert_clean_failure(proc, ro / "e.geojson", ro, set())
    finally:
        ro.chmod(0o755)




@pytest.mark.parametrize("geojson", [
    pytest.param("events.txt", id="wrong_extension"),
    pytest.param("missing/events.geojson", id="missing_folder"),
    pytest.param("folder.geojson", id="a_folder"),
])
def test_map_bad_geojson_option_writes_nothing(geojson: str, dirs, tmp_path: Path) -> None:
    src, outdir = dirs
    (outdir / "folder.geojson").mkdir()  # a_folder: the map was written, then this failed
    rows = GOOD_ROWS + [["BAD", "notadate", "2021", "Battles", "Armed clash", "X", "760", "Syria",
                         "Idlib", "Idlib", "35.9", "36.6", "0", ""]]
    data = write_csv(src / "events.csv", ACLED_HEADER, rows)
    proc = run(GEOMAP, "map", str(data), "-o", str(outdir / "map.html"),
               "--geojson", str(outdir / geojson), cwd=src)
    assert_clean_failure(proc, outdir / "map.html", outdir, {"folder.geojson"})


def test_date_not_a_date(dirs, good_csv: Path) -> None:
    src, outdir = dirs
    proc = run(GEOMAP, "extract", str(good_csv), "-o", str(outdir / "e.geojson"),
               "--date", "notadate", cwd=src)
    line = assert_clean_failure(proc, outdir / "e.geojson", outdir, set())
    assert "notadate" in line


@pytest.mark.parametrize("args", [
    ["--jobs", "many"], ["--jobs", "-3"], ["--engine", "spark"], ["--date", "2021-02-30"], [],
], ids=["jobs_not_int", "jobs_negative", "unknown_engine", "impossible_date", "no_output"])
def test_bad_options(args: list[str], dirs, good_csv: Path) -> None:
    src, outdir = dirs
    out = ["-o", str(outdir / "e.geojson")] if args else []
    proc = run(GEOMAP, "extract", str(good_csv), *out, *args, cwd=src)
    assert_clean_failure(proc, outdir / "e.geojson", outdir, set())


def test_missing_pack(dirs, good_csv: Path) -> None:
    src, outdir = dirs
    proc = run(GEOMAP, "extract", str(good_csv), "-o", str(outdir / "e.geojson"),
               "--pack", str(src / "nope.geojson"), cwd=src)
    line = assert_clean_failure(proc, outdir / "e.geojson", outdir, set())
    assert "nope.geojson" in line


# ------------------------------------------------- geomap: imperfect but usable inputs
def test_non_utf8_article_is_decoded_with_a_warning(dirs) -> None:
    src, outdir = dirs
    text = ARTICLE.replace("civilians.", "civilians, said Jos\u00e9 \u2013 a r\u00e9sident\u2019s "
                                        "caf\u00e9 was hit.")
    art = src / "cp1252.txt"
    art.write_bytes(text.encode("cp1252"))
    out = outdir / "events.geojson"
    proc = run(GEOMAP, "extract", str(art), "-o", str(out), "--jobs", "1", cwd=src)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert out.exists()
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection"
    # the decoded text is right (cp1252 fallback, not mojibake or U+FFFD)
    sentences = " ".join(f["properties"].get("sentence") or "" for f in data["features"])
    assert "\ufffd" not in sentences
    if sentences:
        assert "Jos\u00e9" in sentences or "r\u00e9sident" in sentences or "Ariha" in sentences




def test_non_utf8_warning_is_on_stderr(dirs) -> None:
    src, outdir = dirs
    art = src / "latin.txt"
    art.write_bytes("Fighting was reported in Idlib, Syria.\nCaf\u00e9 \u00e9t\u00e9 "
                    "\u00bb\n".encode("cp1252"))
    proc = run(GEOMAP, "extract", str(art), "-o", str(outdir / "e.geojson"), "--jobs", "1",
               cwd=src)
    assert proc.returncode == 0, proc.stderr
    assert "cp1252" in proc.stderr or "latin-1" in proc.stderr, proc.stderr


def test_non_utf8_csv_is_clean(dirs) -> None:
    """A cp1252 ACLED CSV: either read (fallback) or one clean error line, never a traceback."""
    src, outdir = dirs
    rows = [r[:] for r in GOOD_ROWS]
    rows[0][-1] = "Fr\u00e9d\u00e9ric\u2019s caf\u00e9"
    data = write_csv(src / "cp.csv", ACLED_HEADER, rows, encoding="cp1252")
    out = outdir / "e.geojson"
    proc = run(GEOMAP, "extract", str(data), "-o", str(out), cwd=src)
    if proc.returncode == 0:
        assert "Traceback" not in proc.stderr
        assert out.exists()
    else:
        assert_clean_failure(proc, out, outdir, set())


@pytest.mark.parametrize("fmt", [".geojson", ".csv", ".parquet", ".gpkg"])
def test_acled_bad_rows_are_reported_and_counted(fmt: str, dirs) -> None:
    src, outdir = dirs
    bad = [
        ["B1", "notadate", "2021", "Battles", "Armed clash", "X", "760", "Syria", "Idlib",
         "Idlib", "35.9", "36.6", "0", "unparsable date"],
        ["B2", "2021-13-45", "2021", "Battles", "Armed clash", "X", "760", "Syria", "Idlib",
         "Idlib", "35.9", "36.6", "0", "impossible date"],
        ["B3", "", "2021", "Battles", "Armed clash", "X", "760", "Syria", "Idlib", "Idlib",
         "35.9", "36.6", "0", "empty date"],
        ["B4", "2021-09-28", "2021", "Battles", "Armed clash", "X", "760", "Syria", "Idlib",
         "Idlib", "999", "36.6", "0", "latitude 999"],
        ["B5", "2021-09-28", "2021", "Battles", "Armed clash", "X", "760", "Syria", "Idlib",
         "Idlib", "NaN", "36.6", "0", "latitude NaN"],
        ["B6", "2021-09-28", "2021", "Battles", "Armed clash", "X", "760", "Syria", "Idlib",
         "Idlib", "35.9", "", "0", "no longitude"],
        ["B7", "2021-09-28", "2021", "Battles", "Armed clash", "X", "760", "Syria", "Idlib",
         "Idlib", "95.5", "36.6", "0", "latitude out of range"],
        ["B8", "2021-09-28", "2021", "Battles", "Armed clash", "X", "760", "Syria", "Idlib",
         "Idlib", "35.9", "inf", "0", "longitude inf"],
        ["B9", "2021-09-28", "2021", "Battles", "Armed clash", "X", "760", "Syria", "Idlib",
         "Idlib", "abc", "36.6", "0", "latitude text"],
    ]
    rows = [GOOD_ROWS[0], bad[0], GOOD_ROWS[1], *bad[1:], GOOD_ROWS[2]]
    data = write_csv(src / "mixed.csv", ACLED_HEADER, rows)
    out = outdir / f"events{fmt}"
    proc = run(GEOMAP, "extract", str(data), "-o", str(out), cwd=src)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    report = json.loads((outdir / "events.skipped.json").read_text(encoding="utf-8"))
    reported = [s for s in report["skipped"] if s["source"].endswith("mixed.csv")]
    from geomap.io import read_events

    rows_out = len(read_events(out).events)
    assert rows_out == len(GOOD_ROWS)
    assert len(rows) == rows_out + len(reported)
    assert sorted(int(s["item"].split()[-1]) for s in reported) == [2, 4, 5, 6, 7, 8, 9, 10, 11]
    assert {p.name for p in outdir.iterdir()} == {out.name, "events.skipped.json"}


def test_a_clean_rerun_removes_the_old_report(dirs) -> None:
    """The report of an earlier run with a bad row must not stay beside the new output,
    listing problems the new input does not have."""
    src, outdir = dirs
    out = outdir / "e.geojson"
    write_csv(src / "t.csv", ACLED_HEADER, [*GOOD_ROWS, ["BAD", "someday", *GOOD_ROWS[0][2:]]])
    proc = run(GEOMAP, "extract", str(src / "t.csv"), "-o", str(out), "-q", cwd=src)
    assert proc.returncode == 0 and (outdir / "e.skipped.json").exists(), proc.stderr
    write_csv(src / "t.csv", ACLED_HEADER, GOOD_ROWS)
    proc = run(GEOMAP, "extract", str(src / "t.csv"), "-o", str(out), "-q", cwd=src)
    assert proc.returncode == 0, proc.stderr
    assert {p.name for p in outdir.iterdir()} == {out.name}


# ------------------------------------------------------------------------- gazetteer
@pytest.mark.parametrize("args,expect", [
    (["reverse", "999", "0"], "999"),
    (["reverse", "0", "-181"], "-181"),
    (["reverse", "nan", "0"], "nan"),
    (["reverse", "abc", "0"], "abc"),
    (["reverse", "10"], ""),
    (["lookup", ""], ""),
    (["lookup", "   "], ""),
    (["lookup", "Nowhere-on-earth-xyz"], "Nowhere-on-earth-xyz"),
    (["lookup", "Idlib", "--kind", "galaxy"], "galaxy"),
    (["lookup", "Idlib", "--limit", "ten"], "ten"),
    (["lookup", "Idlib", "--limit", "0"], "--limit"),
    (["lookup", "Idlib", "--limit", "-1"], "--limit"),
    (["lookup", "Idlib", "--country", "XX"], "'XX'"),
    (["lookup", "Idlib", "--country", "Syria"], "'Syria'"),
    (["lookup", "Idlib", "--pack", "missing-pack.geojson"], "missing-pack.geojson"),
    (["build", "--pack", "missing-pack.geojson"], "missing-pack.geojson"),
], ids=lambda v: "_".join(v) if isinstance(v, list) else None)
def test_gazetteer_bad_input(args: list[str], expect: str, tmp_path: Path) -> None:
    before = snapshot(tmp_path)
    proc = run(GAZETTEER, *args, cwd=tmp_path)
    line = assert_clean_failure(proc, None, tmp_path, before)
    assert expect in line
    assert proc.stdout.strip() == "" or args[0] == "lookup"


# -------------------------------------------------------------------------- geoparse
def test_geoparse_skips_malformed_lines(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "ok1", "text": "Strikes hit Idlib province in Syria."}),
        '{"id": "broken", "text": "Aleppo',  # truncated JSON
        "not json at all",
        json.dumps({"id": "notext"}),
        json.dumps({"id": "textint", "text": 42}),
        json.dumps([1, 2, 3]),
        json.dumps({"id": "badspans", "text": "Kharkiv", "spans": "0-7"}),
        "",
        json.dumps({"id": "ok2", "text": "Shelling in Kharkiv.", "spans": [[12, 19]]}),
        "\x00\x01\x02",
        json.dumps({"id": "ok3", "text": ""}),
    ]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    proc = run(GEOMAP, "geoparse", str(path), "--jsonl", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    out = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    assert [o["id"] for o in out] == ["ok1", "ok2", "ok3"]
    assert out[1]["toponyms"][0]["text"] == "Kharkiv"
    messages = error_lines(proc.stderr)
    bad_lines = {2, 3, 4, 5, 6, 7, 10}
    assert len(messages) == len(bad_lines), proc.stderr
    for n in bad_lines:
        assert any(f"line {n}:" in m for m in messages), (n, proc.stderr)
    proc = run(GEOMAP, "geoparse", str(path), "--jsonl", "--strict", cwd=tmp_path)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr


def test_geoparse_from_stdin(tmp_path: Path) -> None:
    stdin = "{oops\n" + json.dumps({"id": 7, "text": "Clashes near Afrin, Syria."}) + "\n"
    proc = run(GEOMAP, "geoparse", "--jsonl", cwd=tmp_path, stdin=stdin)
    assert proc.returncode == 0, proc.stderr
    assert [json.loads(x)["id"] for x in proc.stdout.splitlines()] == [7]
    assert len(error_lines(proc.stderr)) == 1


def test_geoparse_missing_file(tmp_path: Path) -> None:
    proc = run(GEOMAP, "geoparse", str(tmp_path / "nope.jsonl"), cwd=tmp_path)
    line = assert_clean_failure(proc)
    assert "nope.jsonl" in line




@pytest.mark.parametrize("spans", [
    pytest.param("[[0, 1e999]]", id="infinite"),
    pytest.param('[{"start": 0, "end": 6}]', id="dict_span"),
    pytest.param('[[0, "x"], [5, 2], [-3, 4], [0], null, [0, 1.5], [0, 99999]]', id="mixed"),
])
def test_geoparse_odd_spans(spans: str, tmp_path: Path) -> None:
    """Odd spans: the line is processed (one toponym per span) or skipped with a message."""
    line = '{"id": "s", "text": "Aleppo is in Syria.", "spans": ' + spans + "}\n"
    path = tmp_path / "spans.jsonl"
    path.write_text(line)
    proc = run(GEOMAP, "geoparse", str(path), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr, proc.stderr
    out = [json.loads(x) for x in proc.stdout.splitlines()]
    if out:
        assert len(out[0]["toponyms"]) == len(json.loads(spans))
    else:
        assert len(error_lines(proc.stderr)) == 1



@pytest.mark.parametrize("fmt", [".geojson", ".csv"])
def test_jsonl_lone_surrogate_record(fmt: str, dirs) -> None:
    src, outdir = dirs
    records = src / "records.jsonl"
    records.write_text(
        '{"id": "s", "text": "Russian aircraft struck Ariha in Idlib province on Monday, '
        'killing three civilians \\ud800."}\n'
        '{"id": "ok", "text": "Shelling hit Kharkiv on Monday."}\n', encoding="utf-8")
    out = outdir / f"events{fmt}"
    proc = run(GEOMAP, "extract", str(records), "-o", str(out), "--jobs", "1", cwd=src)
    assert proc.returncode == 0, proc.stderr
    assert out.exists()
