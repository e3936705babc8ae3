"""Large inputs: a 100 MB article is skipped with a reason naming the limit (the rest is kept);
a 1M-row ACLED CSV is read in bounded memory (or refused with a message naming a limit).

Peak memory is the ``ru_maxrss`` of the CLI process, measured by a small wrapper process so
that other subprocesses of the test session do not count.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from geomap.cli import EXAMPLES

BIN = Path(sys.executable).parent
GEOMAP = shutil.which("geomap", path=str(BIN)) or str(BIN / "geomap")
MAX_RSS_BYTES = 2.5e9

_WRAPPER = (
    "import json, resource, subprocess, sys\n"
    "p = subprocess.run(sys.argv[1:], capture_output=True, text=True, errors='replace')\n"
    "print(json.dumps({'rc': p.returncode, 'stdout': p.stdout, 'stderr': p.stderr,\n"
    "    'maxrss_kb': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))\n"
)


def run_measured(*args: str, cwd: Path, timeout: float = 300) -> dict:
    """Run the CLI; its exit code, output, peak RSS (bytes) and wall time."""
    t0 = time.monotonic()
    proc = subprocess.run([sys.executable, "-c", _WRAPPER, GEOMAP, *args], cwd=cwd,
                          capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    out["rss"] = out.pop("maxrss_kb") * 1024
    out["seconds"] = time.monotonic() - t0
    return out


SENTENCE = ("Shelling hit the town of Ariha in Idlib province on Monday, killing two people. "
            "Clashes were reported near Afrin. ")


def write_big_text(path: Path, size: int) -> None:
    chunk = (SENTENCE * (1_000_000 // len(SENTENCE) + 1))[:1_000_000].encode()
    with path.open("wb") as fh:
        for _ in range(size // len(chunk)):
            fh.write(chunk)
        fh.write(chunk[: size % len(chunk)])


@pytest.mark.slow
def test_100mb_article_in_a_corpus_is_skipped_with_the_limit(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for p in sorted(EXAMPLES.glob("*.txt")):
        shutil.copy(p, corpus / p.name)
    write_big_text(corpus / "huge.txt", 100_000_000)
    assert (corpus / "huge.txt").stat().st_size == 100_000_000
    out = tmp_path / "out.geojson"
    res = run_measured("extract", str(corpus), "-o", str(out), "--jobs", "1", cwd=tmp_path)
    assert res["rc"] == 0, res["stderr"]
    assert "Traceback" not in res["stderr"]
    report = json.loads((tmp_path / "out.skipped.json").read_text(encoding="utf-8"))
    huge = [s for s in report["skipped"] if s["source"].endswith("huge.txt")]
    assert len(huge) == 1, report
    assert "limit" in huge[0]["reason"] and "MB" in huge[0]["reason"], huge
    assert "huge.txt" not in out.read_text(encoding="utf-8")
    features = json.loads(out.read_text(encoding="utf-8"))["features"]
    sources = {Path(f["properties"]["source"]).name for f in features
               if f["properties"].get("source")}
    assert sources == {p.name for p in EXAMPLES.glob("*.txt")}, sources
    assert res["rss"] < 1e9, res["rss"]  # skipped without reading it


@pytest.mark.slow
def test_100mb_article_alone_is_refused_naming_the_limit(tmp_path: Path) -> None:
    big = tmp_path / "huge.txt"
    write_big_text(big, 100_000_000)
    out = tmp_path / "out.html"
    res = run_measured("map", str(big), "-o", str(out), cwd=tmp_path)
    assert res["rc"] != 0
    assert "Traceback" not in res["stderr"]
    assert "limit" in res["stderr"] and "huge.txt" in res["stderr"], res["stderr"]
    assert not out.exists()
    assert res["rss"] < 1e9, res["rss"]


@pytest.mark.slow
def test_million_row_acled_csv_bounded_memory(tmp_path: Path) -> None:
    header = ("event_id_cnty,event_date,year,event_type,sub_event_type,actor1,iso,country,"
              "admin1,location,latitude,longitude,fatalities,notes\n")
    rows = [f"SYR{i},2021-09-{1 + i % 28:02d},2021,Battles,Armed clash,"
            f"Military Forces of Syria (2000-),760,Syria,Idlib,Ariha,{35.8 + i * 1e-4:.4f},"
            f"{36.6 + i * 1e-4:.4f},{i % 5},Clashes were reported near the town; source {i}\n"
            for i in range(1000)]
    rows[7] = "BAD7,notadate,2021,Battles,Armed clash,X,760,Syria,Idlib,Ariha,999,0,0,bad\n"
    block = "".join(rows)
    big = tmp_path / "big.csv"
    with big.open("w", encoding="utf-8") as fh:
        fh.write(header)
        for _ in range(1000):
            fh.write(block)
    out = tmp_path / "out.parquet"
    res = run_measured("extract", str(big), "-o", str(out), "-q", cwd=tmp_path, timeout=600)
    assert "Traceback" not in res["stderr"], res["stderr"]
    if res["rc"] != 0:  # refused: must say why, naming a limit, and write nothing
        assert "limit" in res["stderr"].lower(), res["stderr"]
        assert not out.exists()
        return
    assert res["rss"] < MAX_RSS_BYTES, f"peak RSS {res['rss'] / 1e9:.2f} GB"
    import pyarrow.parquet as pq

    assert pq.ParquetFile(out).metadata.num_rows == 999_000
    report = json.loads((tmp_path / "out.skipped.json").read_text(encoding="utf-8"))
    assert len(report["skipped"]) == 1000


@pytest.mark.slow
def test_huge_jsonl_record_is_skipped_with_the_limit(tmp_path: Path) -> None:
    big = tmp_path / "records.jsonl"
    with big.open("w", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "big", "text": SENTENCE * (25_000_000 // len(SENTENCE))}))
        fh.write("\n" + json.dumps({"id": "small", "text": SENTENCE}) + "\n")
    out = tmp_path / "out.geojson"
    try:
        proc = subprocess.run([GEOMAP, "extract", str(big), "-o", str(out), "--jobs", "1"],
                              cwd=tmp_path, capture_output=True, text=True, timeout=30)
    except subprocess.TimeoutExpired:
        pytest.fail("a 25 MB JSONL record was processed for > 30 s instead of being skipped")
    assert proc.returncode == 0, proc.stderr
    report = json.loads((tmp_path / "out.skipped.json").read_text(encoding="utf-8"))
    assert any("limit" in s["reason"] for s in report["skipped"]), report
    ids = {f["properties"].get("article_id") for f in json.loads(out.read_text())["features"]}
    assert ids == {"small"}
