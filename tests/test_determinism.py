"""Same input, same output: byte-identical GeoJSON and CSV, equal GeoParquet rows.

The CLI runs twice into different files, also with different worker counts and hash seeds
(set iteration order must not leak into the output).
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from geomap.cli import EXAMPLES

BIN = Path(sys.executable).parent
GEOMAP = shutil.which("geomap", path=str(BIN)) or str(BIN / "geomap")
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"

ACLED_HEADER = ["event_id_cnty", "event_date", "year", "event_type", "sub_event_type",
                "actor1", "iso", "country", "admin1", "location", "latitude", "longitude",
                "fatalities", "notes"]


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> list[str]:
    """The bundled examples, a slice of the shared corpus (when present) and an ACLED CSV."""
    root = tmp_path_factory.mktemp("det-in")
    corpus = root / "corpus"
    corpus.mkdir()
    for p in sorted(EXAMPLES.glob("*.txt")):
        shutil.copy(p, corpus / p.name)
    if CORPUS.is_dir():
        for p in sorted(CORPUS.glob("*.txt"))[:25]:
            shutil.copy(p, corpus / f"shared_{p.name}")
    table = root / "acled.csv"
    with table.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(ACLED_HEADER)
        for i in range(40):
            w.writerow([f"SYR{i}", f"2021-09-{1 + i % 28:02d}", "2021", "Battles", "Armed clash",
                        f"Actor {i % 3}", "760" if i % 2 else "", "Syria" if i % 2 else "",
                        "", f"Place {i}", f"{35 + i * 0.01:.4f}", f"{36 + i * 0.013:.5f}",
                        str(i % 4), f"note {i}, with a comma and \u00e9"])
        w.writerow(["BAD", "notadate", "2021", "Battles", "Armed clash", "", "", "", "", "",
                    "999", "0", "", ""])
    return [str(corpus), str(table)]


def extract(inputs: list[str], out: Path, *, jobs: int = 1, seed: str = "0") -> Path:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    proc = subprocess.run([GEOMAP, "extract", *inputs, "-o", str(out), "--jobs", str(jobs), "-q"],
                          capture_output=True, text=True, env=env, timeout=900)
    assert proc.returncode == 0, proc.stderr
    assert out.exists()
    return out


@pytest.mark.parametrize("fmt", [".geojson", ".csv"])
def test_same_input_same_bytes(fmt: str, inputs: list[str], tmp_path: Path) -> None:
    a = extract(inputs, tmp_path / f"a{fmt}")
    b = extract(inputs, tmp_path / f"b{fmt}")
    assert a.read_bytes() == b.read_bytes()
    report_a = (tmp_path / "a.skipped.json").read_bytes()
    assert report_a == (tmp_path / "b.skipped.json").read_bytes()


@pytest.mark.parametrize("fmt", [".geojson", ".csv"])
def test_hash_seed_and_workers_do_not_change_output(fmt: str, inputs, tmp_path: Path) -> None:
    a = extract(inputs, tmp_path / f"a{fmt}", jobs=1, seed="1")
    b = extract(inputs, tmp_path / f"b{fmt}", jobs=2, seed="2")
    c = extract(inputs, tmp_path / f"c{fmt}", jobs=1, seed="12345")
    assert a.read_bytes() == b.read_bytes()
    assert a.read_bytes() == c.read_bytes()


def test_parquet_rows_equal(inputs: list[str], tmp_path: Path) -> None:
    import geopandas as gpd
    import pandas as pd

    a = gpd.read_parquet(extract(inputs, tmp_path / "a.parquet", seed="1"))
    b = gpd.read_parquet(extract(inputs, tmp_path / "b.parquet", jobs=2, seed="2"))
    assert len(a) > 0
    assert list(a.columns) == list(b.columns)
    assert a.geometry.to_wkb().tolist() == b.geometry.to_wkb().tolist()
    pd.testing.assert_frame_equal(pd.DataFrame(a.drop(columns=a.geometry.name)),
                                  pd.DataFrame(b.drop(columns=b.geometry.name)))


def test_geojson_matches_parquet_rows(inputs: list[str], tmp_path: Path) -> None:
    """The formats agree on which events there are, in the same order."""
    from geomap.io import read_events

    geo = read_events(extract(inputs, tmp_path / "e.geojson")).events
    par = read_events(extract(inputs, tmp_path / "e.parquet")).events
    located = [e.event_id for e in geo if e.location is not None]
    assert located == [e.event_id for e in par]
