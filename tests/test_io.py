"""geomap.io: GeoJSON, ACLED CSV, GeoParquet, GeoPackage and the dispatcher."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import importlib.util
import io
import json
import re
import time
from pathlib import Path

import geojson_validator
import geopandas as gpd
import pytest
import shapely
from geopandas.testing import assert_geodataframe_equal
from shapely.geometry import LinearRing, LineString, MultiPolygon, Point, Polygon

from gazetteer.records import AdminArea, Place
from geomap.io import EventsRead, read_events, write_events
from geomap.io.acled import (
    ACLED_COLUMNS,
    read_acled,
    write_acled,
    write_acled_table,
)
from geomap.io.frame import COLUMNS, events_to_geodataframe, geodataframe_to_events
from geomap.io.geojson import events_to_geojson, read_geojson, write_geojson
from geomap.records import Event, Location

HAS_BOUNDARIES = importlib.util.find_spec("gazetteer.boundaries") is not None


# --------------------------------------------------------------------------- fixtures


def make_place(key: str, name: str, kind: str, geom, **kw) -> Place:
    """A Place whose geometry comes from WKB, like the gazetteer's."""
    rp = geom if isinstance(geom, Point) else geom.representative_point()
    wkb = shapely.to_wkb(geom)
    return Place(key=key, name=name, kind=kind, lat=rp.y, lon=rp.x,
                 geometry_type=geom.geom_type, _loader=lambda _k: wkb, **kw)  # fmt: skip


def sample_events() -> list[Event]:
    aleppo = make_place(
        "gn:170063", "Aleppo", "city", Point(37.1611712, 36.2012423), country_code="SY",
        country="Syria", admin1="Aleppo", admin1_code="SY-HL", population=1602264,
        geonameid=170063, feature="PPLA", source="geonames",
    )  # fmt: skip
    m4 = make_place(
        "pack:syria-m4", "M4 highway", "route",
        LineString([(35.9, 35.6), (36.4, 35.8), (36.9, 35.85), (37.2, 36.2)]),
        country_code="SY", country="Syria", feature="highway", source="pack:syria",
    )  # fmt: skip
    # clockwise exterior and counter-clockwise hole: the writer must reorient both
    idlib = make_place(
        "ne1:SY-ID", "Idlib", "admin1",
        Polygon([(36.2, 35.5), (36.2, 36.3), (37.0, 36.3), (37.0, 35.5)],
                holes=[[(36.5, 35.8), (36.6, 35.8), (36.6, 35.9), (36.5, 35.9)]]),
        country_code="SY", country="Syria", admin1="Idlib", bbox=(36.2, 35.5, 37.0, 36.3),
    )  # fmt: skip
    sea = make_place(
        "ne:med", "Mediterranean Sea", "sea",
        MultiPolygon([Polygon([(34, 34), (34, 35.5), (35.5, 35.5), (35.5, 34)]),
                      Polygon([(30, 32), (31, 32), (31, 33), (30, 33)])]),
        feature="sea",
    )  # fmt: skip
    return [
        Event("e1", "air_strike", "Explosions/Remote violence", "Air/drone strike",
              actor1="Russian Air Force", actor2="HTS", assoc_actors=["A", "B"],
              event_date=dt.date(2024, 1, 5), time_precision=1, date_text="on Friday",
              fatalities=3, location=Location(aleppo, "Aleppo", 10, 16, 1),
              sentence="Russian jets struck Aleppo, killing 3.", start=0, end=38,
              trigger="struck", source="examples/a.txt", article_id="a", confidence=0.9),
        Event("e2", "patrol", "Strategic developments", "Change to group/activity",
              status="planned", actor1="Turkish military", event_date=dt.date(2024, 1, 7),
              time_precision=2, location=Location(m4, "the M4", 30, 36, 2),
              sentence="Joint patrols will run along the M4.",
              source="https://example.org/news?id=1&x=2", group_id="g1"),
        Event("e3", "shelling", "Explosions/Remote violence",
              "Shelling/artillery/missile attack", actor1="SAA",
              event_date=dt.date(2024, 1, 9), time_precision=3,
              location=Location(idlib, "Idlib province", 5, 19, 3),
              sentence="Shelling hit Idlib province — «heavy».", notes="note"),
        Event("e4", "meeting", "Diplomacy", "Meeting or talks", actor1="UN",
              location=Location(sea, "the Mediterranean", 0, 5, 3), sentence="Talks at sea."),
        Event("e5", "statement", "Statement", "Official statement", actor1="Ministry",
              sentence="No place named here."),
    ]  # fmt: skip


# --------------------------------------------------------------------------- frame


def test_geodataframe_one_row_per_located_event_and_skipped_reported():
    events = sample_events()
    frame, skipped = events_to_geodataframe(events)
    assert list(frame["event_id"]) == ["e1", "e2", "e3", "e4"]
    assert [e.event_id for e in skipped] == ["e5"]
    assert list(frame.columns) == [*COLUMNS, "geometry"]
    assert frame.crs.to_epsg() == 4326
    assert list(frame.geom_type) == ["Point", "LineString", "Polygon", "MultiPolygon"]
    assert geodataframe_to_events(frame) == events[:4]


def test_geodataframe_roundtrip_keeps_geometry():
    events = sample_events()
    back = geodataframe_to_events(events_to_geodataframe(events).frame)
    for a, b in zip(events[:4], back, strict=True):
        assert a.place.geometry.equals(b.place.geometry)


# --------------------------------------------------------------------------- GeoJSON


def _numbers(coords) -> list[float]:
    if isinstance(coords, (int, float)):
        return [coords]
    return [x for c in coords for x in _numbers(c)]


def test_geojson_is_valid_rfc7946(tmp_path: Path):
    path = tmp_path / "events.geojson"
    assert write_geojson(sample_events(), path) == []
    text = path.read_text(encoding="utf-8")
    data = json.loads(text)
    assert "crs" not in data
    assert geojson_validator.validate_structure(data, check_crs=True) == {}
    report = geojson_validator.validate_geometries(data)
    assert report["invalid"] == {}  # includes exterior_not_ccw / interior_not_cw
    # exterior rings counter-clockwise, holes clockwise
    for feat in data["features"]:
        geom = feat["geometry"]
        if geom is None:
            continue
        polys = {"Polygon": [geom.get("coordinates")],
                 "MultiPolygon": geom.get("coordinates")}.get(geom["type"], [])  # fmt: skip
        for rings in polys:
            assert LinearRing(rings[0]).is_ccw
            assert all(not LinearRing(r).is_ccw for r in rings[1:])
        # at most 7 decimals (the validator's "problematic" flag is set at more than 6)
        for x in _numbers(geom["coordinates"]):
            assert round(x, 7) == x
    # [lon, lat] order
    assert data["features"][0]["geometry"]["coordinates"] == [37.1611712, 36.2012423]
    # unlocated event kept with null geometry
    assert data["features"][4]["geometry"] is None


def test_geojson_rounds_to_7_decimals():
    ev = sample_events()[0]
    place = make_place("x", "X", "city", Point(36.123456789123, 35.987654321987))
    ev.location = Location(place, "X", 0, 1, 1)
    coords = events_to_geojson([ev])["features"][0]["geometry"]["coordinates"]
    assert coords == [36.1234568, 35.9876543]


def test_geojson_is_deterministic(tmp_path: Path):
    a, b = tmp_path / "a.geojson", tmp_path / "b.geojson"
    write_geojson(sample_events(), a)
    write_geojson(sample_events(), b)
    assert a.read_bytes() == b.read_bytes()


def test_geojson_roundtrip(tmp_path: Path):
    path = tmp_path / "events.geojson"
    events = sample_events()
    write_geojson(events, path)
    back = read_geojson(path)
    assert back == events
    assert back[2].place.geometry.equals(shapely.orient_polygons(events[2].place.geometry))


def test_geojson_write_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "events.geojson"
    path.write_text("old", encoding="utf-8")

    def boom(_obj):
        raise RuntimeError("disk full")

    monkeypatch.setattr("geomap.io.geojson.dumps", boom)
    with pytest.raises(RuntimeError):
        write_geojson(sample_events(), path)
    assert path.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["events.geojson"]


# --------------------------------------------------------------------------- tables


@pytest.mark.parametrize("ext", ["parquet", "gpkg"])
def test_tables_roundtrip_identical_rows(tmp_path: Path, ext: str):
    path = tmp_path / f"events.{ext}"
    events = sample_events()
    skipped = write_events(events, path)
    assert [e.event_id for e in skipped] == ["e5"]
    expected = events_to_geodataframe(events).frame
    back = gpd.read_parquet(path) if ext == "parquet" else gpd.read_file(path)
    # GeoPackage has no nullable integer or typed all-null text columns: compare values
    back = back.astype({k: v for k, v in COLUMNS.items() if k in back.columns})
    assert_geodataframe_equal(back, expected, check_crs=True)
    assert read_events(path) == EventsRead(events[:4], [])
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


@pytest.mark.parametrize("ext", ["parquet", "gpkg"])
def test_tables_are_deterministic(tmp_path: Path, ext: str):
    a, b = tmp_path / f"a.{ext}", tmp_path / f"b.{ext}"
    write_events(sample_events(), a)
    time.sleep(0.01)  # GeoPackage's last_change has millisecond resolution
    write_events(sample_events(), b)
    assert a.read_bytes() == b.read_bytes()


# --------------------------------------------------------------------------- ACLED

ACLED_CSV = (
    ",".join(ACLED_COLUMNS) + ",my_extra\n"
    "SYR1,2023-01-05,2023,1,Political violence,Explosions/Remote violence,Air/drone strike,"
    "Military Forces of Russia (2000-),,8,HTS,,2,28,,760,Middle East,Syria,Idlib,Idlib,,"
    "Sarmada,36.1870,36.7200,1,SOHR,National,\"Russian jets struck Sarmada, \"\"heavily\"\".\","
    "2,,1673000000,x1\n"
    "SYR2,05 January 2023,2023,1,Political violence,Battles,Armed clash,SAA,,1,HTS,,2,12,,"
    "760,Middle East,Syria,Aleppo,Jebel Saman,,Aleppo,36.2021,37.1343,2,SANA,National,"
    "\"Line one\nline two\",0,,1673000001,\n"
    "SYR3,2023-01-06,2023,1,Political violence,Battles,Armed clash,SAA,,1,,,,10,,760,"
    "Middle East,Syria,Aleppo,,,Nowhere,999,999,1,X,National,bad coords,0,,1673000002,\n"
    "SYR4,2023-01-06,2023,1,Political violence,Battles,Armed clash,SAA,,1,,,,10,,760,"
    "Middle East,Syria,Aleppo,,,Blank,,37.1,1,X,National,missing lat,0,,1673000003,\n"
    "SYR5,2023-01-06,2023,1,Political violence,Battles,Armed clash,SAA,,1,,,,10,,760,"
    "Middle East,Syria,Aleppo,,,NaN,NaN,abc,1,X,National,nan coords,0,,1673000004,\n"
    "SYR6,someday,2023,1,Political violence,Battles,Armed clash,SAA,,1,,,,10,,760,"
    "Middle East,Syria,Aleppo,,,Dateless,36.0,37.0,1,X,National,bad date,0,,1673000005,\n"
    "SYR7,2023-01-07,2023,1,Demonstrations,Protests,Peaceful protest,Protesters (Syria),,6,"
    ",,,60,,760,Middle East,Syria,Damascus,,,Damascus,33.5102,36.2913,1,X,National,"
    "Ünïcode protest ‘quoted’,0,crowd size=100,1673000006,y\n"
)  # fmt: skip


@pytest.fixture
def acled_csv(tmp_path: Path) -> Path:
    path = tmp_path / "acled.csv"
    path.write_text(ACLED_CSV, encoding="utf-8")
    return path


def _csv_rows(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


@pytest.mark.parametrize("chunksize", [2, 50_000])
def test_acled_read_reports_every_bad_row(acled_csv: Path, chunksize: int):
    table = read_acled(acled_csv, chunksize=chunksize)
    assert [e.event_id for e in table.events] == ["SYR1", "SYR2", "SYR7"]
    reasons = {s.values["event_id_cnty"]: (s.row, s.reason) for s in table.skipped}
    assert set(reasons) == {"SYR3", "SYR4", "SYR5", "SYR6"}
    assert reasons["SYR3"] == (3, "latitude is '999' (missing-value code)")
    assert reasons["SYR4"] == (4, "missing latitude")
    assert reasons["SYR5"][1].startswith("invalid latitude 'NaN'")
    assert reasons["SYR6"] == (6, "unparsable event_date 'someday'")
    assert len(table.events) + len(table.skipped) == 7


def test_acled_read_maps_fields(acled_csv: Path):
    e1, e2, e7 = read_acled(acled_csv).events
    assert e1.category == "air_strike" and e2.category == "clash" and e7.category == "protest"
    assert e1.event_date == dt.date(2023, 1, 5) and e2.event_date == dt.date(2023, 1, 5)
    assert (e1.place.lat, e1.place.lon) == (36.187, 36.72)
    assert e1.place.country_code == "SY" and e1.place.admin1 == "Idlib"
    assert e1.location.geo_precision == 1 and e2.location.geo_precision == 2
    assert e1.sentence == 'Russian jets struck Sarmada, "heavily".'
    assert e2.sentence == "Line one\nline two"
    assert e1.fatalities == 2 and e1.actor2 == "HTS"


def test_acled_roundtrip_is_lossless(acled_csv: Path, tmp_path: Path):
    out = tmp_path / "out.csv"
    table = read_acled(acled_csv, keep_rows=True)
    assert write_acled_table(table, out) == 7
    assert _csv_rows(out) == _csv_rows(acled_csv)  # every row, every value, extra column


def test_acled_streaming_copy_is_lossless(acled_csv: Path, tmp_path: Path):
    from geomap.io.acled import iter_acled

    out = tmp_path / "out.csv"
    write_acled_table(iter_acled(acled_csv, chunksize=3, keep_rows=True), out)
    assert _csv_rows(out) == _csv_rows(acled_csv)


def test_cli_extract_acled_csv_to_csv_is_lossless(acled_csv: Path, tmp_path: Path):
    import subprocess
    import sys

    out = tmp_path / "copy.csv"
    proc = subprocess.run([str(Path(sys.executable).parent / "geomap"), "extract", str(acled_csv),
                           "-o", str(out)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert _csv_rows(out) == _csv_rows(acled_csv)  # the bad rows stay, and are reported
    report = json.loads((tmp_path / "copy.skipped.json").read_text(encoding="utf-8"))
    assert len(report["skipped"]) == 4


def test_cli_extract_csv_copy_keeps_odd_headers_and_blank_lines(tmp_path: Path):
    import subprocess
    import sys

    src = tmp_path / "odd.csv"
    src.write_text(
        "event_id_cnty,event_date,event_type,latitude,longitude,,notes,notes\n"
        "A1,2023-01-05,Battles,33.5,36.3,x,first,second\n"
        "\n"
        "A2,2023-01-06,Battles,33.6,36.2,y,third,fourth\n",
        encoding="utf-8",
    )
    out = tmp_path / "copy.csv"
    proc = subprocess.run([str(Path(sys.executable).parent / "geomap"), "extract", str(src),
                           "-o", str(out)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert _csv_rows(out) == _csv_rows(src)


def test_acled_missing_columns_raise(tmp_path: Path):
    path = tmp_path / "bad.csv"
    path.write_text("event_id_cnty,event_date,latitude\nA,2023-01-01,1\n", encoding="utf-8")
    with pytest.raises(ValueError, match="event_type, longitude"):
        read_acled(path)


class FakeGazetteer:
    """Stands in for gazetteer.Gazetteer: answers every point with one admin area."""

    def __init__(self) -> None:
        self.calls: list[tuple[list[float], list[float]]] = []

    def reverse_many(self, lons, lats):
        self.calls.append((list(lons), list(lats)))
        pairs = zip(lons, lats, strict=True)
        return [AdminArea(la, lo, "SY", "Syria", "SY-ID", "Idlib") for lo, la in pairs]


def test_acled_write_columns_and_reverse_geocoding(tmp_path: Path):
    path = tmp_path / "out.csv"
    gz = FakeGazetteer()
    skipped = write_acled(sample_events(), path, gazetteer=gz)
    assert [e.event_id for e in skipped] == ["e5"]
    assert gz.calls == [([36.4, 34.75], [35.8, 34.75])]  # e2 and e4 lack admin1, in one call
    rows = _csv_rows(path)
    assert tuple(rows[0]) == ACLED_COLUMNS
    recs = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    assert [r["event_id_cnty"] for r in recs] == ["e1", "e2", "e3", "e4"]
    assert recs[0]["iso"] == "760" and recs[0]["country"] == "Syria"
    assert recs[0]["admin1"] == "Aleppo"  # the place's own admin1 wins
    assert recs[1]["admin1"] == "Idlib"  # from the reverse lookup
    assert recs[3]["country"] == "Syria" and recs[3]["iso"] == "760"
    assert recs[0]["event_date"] == "2024-01-05" and recs[0]["year"] == "2024"
    assert recs[0]["disorder_type"] == "Political violence"
    assert recs[0]["assoc_actor_1"] == "A; B" and recs[0]["fatalities"] == "3"
    assert recs[2]["fatalities"] == ""  # not reported stays empty, not 0

    table = read_acled(path)
    # e4 has no date: reported as skipped when read back, not lost
    assert [e.event_id for e in table.events] == ["e1", "e2", "e3"]
    assert [s.values["event_id_cnty"] for s in table.skipped] == ["e4"]
    e1 = table.events[0]
    assert (e1.category, e1.event_date, e1.actor1, e1.fatalities) == (
        "air_strike",
        dt.date(2024, 1, 5),
        "Russian Air Force",
        3,
    )
    assert (e1.place.lat, e1.place.lon) == (36.2012423, 37.1611712)


def test_acled_csv_round_trip_keeps_status_and_notes(tmp_path: Path):
    """A planned event written as an ACLED row (its status in the tags) is read back
    planned, with its own notes, not as one that happened."""
    path = tmp_path / "out.csv"
    e2, e3 = sample_events()[1:3]
    planned = dataclasses.replace(e3, status="planned")
    write_acled([e2, e3, planned], path, gazetteer=FakeGazetteer())
    back = read_acled(path).events
    assert [(e.status, e.notes) for e in back] == [
        ("planned", ""), ("reported", "note"), ("planned", "note")]


@pytest.mark.skipif(not HAS_BOUNDARIES, reason="gazetteer.boundaries not available yet")
def test_acled_write_uses_default_gazetteer(tmp_path: Path):
    path = tmp_path / "out.csv"
    ev = sample_events()[1]  # the M4 route: no admin1 on the place
    write_acled([ev], path)
    rec = dict(zip(*_csv_rows(path), strict=True))
    assert rec["country"] == "Syria" and rec["iso"] == "760"
    assert rec["admin1"]


# --------------------------------------------------------------------------- dispatcher


def test_dispatcher_unknown_extension(tmp_path: Path):
    with pytest.raises(ValueError, match=r"'\.kml'"):
        write_events(sample_events(), tmp_path / "x.kml")
    with pytest.raises(ValueError, match=r"'\.txt'"):
        read_events(tmp_path / "x.txt")


def test_dispatcher_csv_reports_skipped(acled_csv: Path):
    events, skipped = read_events(acled_csv)
    assert len(events) == 3 and len(skipped) == 4


def test_dispatcher_geojson(tmp_path: Path):
    path = tmp_path / "x.GeoJSON"
    assert write_events(sample_events(), path) == []
    assert read_events(path).events == sample_events()


def test_dispatcher_reads_json_as_geojson(tmp_path: Path):
    """The pipeline takes .json inputs as event tables: they must be readable."""
    path = tmp_path / "x.json"
    write_geojson(sample_events(), path)
    assert read_events(path).events == sample_events()
    with pytest.raises(ValueError, match=r"'\.json'"):
        write_events(sample_events(), path)


def test_geojson_of_acled_rows_takes_the_category_from_the_acled_types(tmp_path: Path):
    """ACLED rows saved as GeoJSON elsewhere have no geomap category: each event's
    category follows its event_type and sub_event_type (all were 'statement')."""
    rows = [("Battles", "Armed clash", "clash"), ("Protests", "Peaceful protest", "protest"),
            ("Explosions/Remote violence", "Air/drone strike", "air_strike")]
    features = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [36.61, 35.81]},
                 "properties": {"event_date": "2023-01-05", "event_type": et,
                                "sub_event_type": st, "location": "Ariha"}}
                for et, st, _ in rows]
    path = tmp_path / "acled.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    events = read_events(path).events
    assert [e.category for e in events] == [c for *_, c in rows]


def test_gpkg_from_another_tool_is_read_from_its_only_layer(tmp_path: Path):
    """QGIS and ogr2ogr name the layer after the data ("acled_syria"), not "events"."""
    frame = gpd.GeoDataFrame(
        {"event_date": ["2023-01-05"], "event_type": ["Battles"], "location": ["Ariha"]},
        geometry=[Point(36.61, 35.81)], crs="EPSG:4326")
    path = tmp_path / "acled.gpkg"
    frame.to_file(path, layer="acled_syria", engine="pyogrio")
    (event,) = read_events(path).events
    assert (event.location.place.name, event.event_date) == ("Ariha", dt.date(2023, 1, 5))
    frame.to_file(path, layer="acled_iraq", engine="pyogrio")
    with pytest.raises(ValueError, match="acled_syria, acled_iraq"):
        read_events(path)


def test_geojson_event_date_that_is_not_a_date_is_reported(tmp_path: Path):
    """A number as event_date was kept as the event's date and broke the map."""
    dates = ["2023-01-05", 20230106, "05/01/2023", None]
    features = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [36.61, 35.81]},
                 "properties": {"event_id": f"e{i}", "event_date": date,
                                "event_type": "Protests"}}
                for i, date in enumerate(dates)]
    path = tmp_path / "dates.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    events, skipped = read_events(path)
    assert [(e.event_id, e.event_date) for e in events] == [
        ("e0", dt.date(2023, 1, 5)), ("e3", None)]
    assert [(s.row, s.reason) for s in skipped] == [
        (2, "event_date 20230106 is not a date (YYYY-MM-DD)"),
        (3, "event_date '05/01/2023' is not a date (YYYY-MM-DD)")]


def test_dispatcher_geojson_reports_bad_features(tmp_path: Path):
    """Bad coordinates or geometry in one feature: that feature is reported, the rest read."""
    path = tmp_path / "x.geojson"
    write_events(sample_events(), path)
    data = json.loads(path.read_text(encoding="utf-8"))
    good = len(data["features"])
    bad = [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [36.6, 999]},
         "properties": {"event_id": "lat999"}},
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": ["x", 1]},
         "properties": {"event_id": "text"}},
        {"type": "Feature", "geometry": None,
         "properties": {"event_id": "nan", "latitude": "NaN", "longitude": 36.6}},
        {"type": "Feature", "geometry": {"type": "Polygon",
                                         "coordinates": [[[0, 0], [200, 0], [0, 1], [0, 0]]]},
         "properties": {"event_id": "wide"}},
        "not a feature",
    ]  # fmt: skip
    data["features"] += bad
    path.write_text(json.dumps(data), encoding="utf-8")
    events, skipped = read_events(path)
    assert events == sample_events()
    assert [s.row for s in skipped] == list(range(good + 1, good + len(bad) + 1))
    reasons = [s.reason for s in skipped]
    assert reasons[0] == "latitude 999.0 out of range"
    assert reasons[2] == "invalid latitude nan"
    assert reasons[3] == "geometry coordinates out of range"
    with pytest.raises(ValueError, match=f"GeoJSON feature {good}: latitude 999.0"):
        read_geojson(path)


@pytest.mark.parametrize("ext", ["parquet", "gpkg"])
def test_dispatcher_tables_report_bad_coordinates(tmp_path: Path, ext: str):
    frame = events_to_geodataframe(sample_events()).frame
    frame.loc[1, "geometry"] = Polygon([(36, 89), (37, 89), (37, 95), (36, 89)])
    frame.loc[2, "longitude"] = 999.0
    path = tmp_path / f"x.{ext}"
    if ext == "parquet":
        frame.to_parquet(path)
    else:
        frame.to_file(path, layer="events", engine="pyogrio")
    events, skipped = read_events(path)
    assert [e.event_id for e in events] == [sample_events()[i].event_id for i in (0, 3)]
    assert [(s.row, s.reason) for s in skipped] == [
        (2, "geometry coordinates out of range"), (3, "longitude 999.0 out of range")]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.geojson", b"", "empty file"),
        ("cut.geojson", b'{"type": "FeatureCollection", "features": [', "not valid JSON"),
        ("latin1.geojson", b'{"type": "Feature", "properties": {"n": "Caf\xe9"}}',
         "not UTF-8 text"),
        ("empty.csv", b"", "empty file"),
        ("latin1.csv", b"event_date,event_type,latitude,longitude,location\n"
                       b"2024-01-01,Battles,35.9,36.6,Caf\xe9\n", "not UTF-8 text"),
        ("list.geojson", b"[1, 2]", "expected a GeoJSON object"),
    ],
)  # fmt: skip
def test_dispatcher_errors_name_the_file(tmp_path: Path, name: str, content: bytes, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ValueError, match=f"^{re.escape(str(path))}: {message}"):
        read_events(path)


def test_acled_reader_reads_csv_without_optional_columns(tmp_path: Path):
    path = tmp_path / "min.csv"
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["event_date", "event_type", "latitude", "longitude"])
    w.writerow(["2023-02-01", "Riots", "33.5", "36.3"])
    path.write_text(buf.getvalue(), encoding="utf-8")
    (ev,) = read_acled(path).events
    assert ev.category == "riot" and ev.event_id == "row-1"
    assert re.match(r"acled:", ev.place.key)


def test_record_matches_event_to_dict():
    """event_record keeps Event.to_dict's fields (it only avoids its deep copy)."""
    from geomap.io.frame import event_record

    for ev in sample_events():
        rec = event_record(ev)
        assert list(rec) == list(COLUMNS)
        for key, value in ev.to_dict().items():
            assert rec[key] == value, key


def test_records_do_not_copy_the_place_loader(tmp_path: Path):
    """A gazetteer place's loader may hold a sqlite connection: never deep-copied."""
    import sqlite3

    class Store:  # like gazetteer.store.Store: a bound method is the loader
        def __init__(self) -> None:
            self.conn = sqlite3.connect(":memory:")

        def wkb(self, _key: str) -> bytes:
            return shapely.to_wkb(Polygon([(36, 35), (37, 35), (37, 36), (36, 36)]))

    store = Store()
    place = Place("ne1:X", "X", "admin1", 35.5, 36.5, "Polygon", _loader=store.wkb)
    ev = Event("e", "clash", "Battles", "Armed clash", location=Location(place, "X", 0, 1, 3))
    for ext in ("geojson", "parquet", "gpkg"):
        write_events([ev], tmp_path / f"e.{ext}")
        assert read_events(tmp_path / f"e.{ext}").events == [ev]
    store.conn.close()


def test_acled_roundtrip_keeps_blank_and_repeated_column_names(tmp_path: Path):
    src = tmp_path / "dup.csv"
    src.write_text("event_id_cnty,event_date,year,event_type,country,latitude,longitude,"
                   "notes,,notes\nX1,2023-01-05,2023,Battles,Syria,36.1,36.7,a,b,c\n",
                   encoding="utf-8")
    out = tmp_path / "out.csv"
    write_acled_table(read_acled(src, keep_rows=True), out)
    assert out.read_text(encoding="utf-8") == src.read_text(encoding="utf-8")
