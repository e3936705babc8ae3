"""Columns the Event model has no field for survive every format (nothing dropped silently).

The ACLED rows below are written for these tests; their places are GeoNames towns
(Kharkiv 706483, El Fasher 379555, Goma 216281; coordinates rounded to 4 decimals).
"""

from __future__ import annotations

import csv
import datetime as dt
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import Point

from gazetteer.records import Place
from geomap.io import read_events, write_events
from geomap.io.acled import ACLED_COLUMNS, read_acled, write_acled
from geomap.io.frame import COLUMNS, EXTRA_PREFIX, events_to_geodataframe
from geomap.records import Event, Location

PAYLOAD = '<img src=x onerror="alert(1)">'

#: Two user columns: one of the user's own, one named like a geomap column.
USER_COLUMNS = ("analyst_flag", "category")

ROWS: list[dict[str, str]] = [
    {
        "event_id_cnty": "UKR9001", "event_date": "2024-03-02", "year": "2024",
        "time_precision": "1", "disorder_type": "Political violence",
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Shelling/artillery/missile attack",
        "actor1": "Military Forces of Russia (2000-)", "assoc_actor_1": "", "inter1": "8",
        "actor2": "Civilians (Ukraine)",
        "assoc_actor_2": "Health Workers (Ukraine); Journalists (Ukraine)", "inter2": "7",
        "interaction": "78", "civilian_targeting": "Civilian targeting", "iso": "804",
        "region": "Europe", "country": "Ukraine", "admin1": "Kharkiv",
        "admin2": "Kharkivskyi", "admin3": "Kharkivska", "location": "Kharkiv",
        "latitude": "49.9818", "longitude": "36.2548", "geo_precision": "1",
        "source": "Suspilne", "source_scale": "National",
        "notes": "Artillery fire reached a clinic in the city; two medics were hurt.",
        "fatalities": "0", "tags": "", "timestamp": "1709600000",
        "analyst_flag": "checked", "category": PAYLOAD,
    },
    {
        "event_id_cnty": "SDN4417", "event_date": "2024-05-10", "year": "2024",
        "time_precision": "2", "disorder_type": "Political violence", "event_type": "Battles",
        "sub_event_type": "Armed clash", "actor1": "Military Forces of Sudan (2019-)",
        "assoc_actor_1": "Sudan Liberation Movement/Army-Minni Minawi; "
                         "Justice and Equality Movement",
        "inter1": "1", "actor2": "Rapid Support Forces",
        "assoc_actor_2": "Arab Ethnic Militia (Sudan)", "inter2": "2", "interaction": "12",
        "civilian_targeting": "", "iso": "729", "region": "Northern Africa",
        "country": "Sudan", "admin1": "North Darfur", "admin2": "El Fasher", "admin3": "",
        "location": "El Fasher", "latitude": "13.6279", "longitude": "25.3494",
        "geo_precision": "1", "source": "Sudan Tribune; Radio Dabanga",
        "source_scale": "National-International",
        "notes": "Army units and allied movements fought the RSF east of the town.",
        "fatalities": "14", "tags": "", "timestamp": "1715500000",
        "analyst_flag": "", "category": "",
    },
    {
        "event_id_cnty": "DRC2001", "event_date": "2024-02-12", "year": "2024",
        "time_precision": "1", "disorder_type": "Demonstrations", "event_type": "Protests",
        "sub_event_type": "Peaceful protest",
        "actor1": "Protesters (Democratic Republic of Congo)", "assoc_actor_1": "",
        "inter1": "6", "actor2": "", "assoc_actor_2": "", "inter2": "0", "interaction": "60",
        "civilian_targeting": "", "iso": "180", "region": "Middle Africa",
        "country": "Democratic Republic of Congo", "admin1": "Nord-Kivu", "admin2": "Goma",
        "admin3": "Goma", "location": "Goma", "latitude": "-1.6741", "longitude": "29.2285",
        "geo_precision": "1", "source": "Radio Okapi", "source_scale": "National",
        "notes": "Residents marched to the governor's office against the fighting.",
        "fatalities": "0", "tags": "crowd size=hundreds", "timestamp": "1707800000",
        "analyst_flag": "recheck <b>", "category": "",
    },
]  # fmt: skip


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=[*ACLED_COLUMNS, *USER_COLUMNS])
        writer.writeheader()
        writer.writerows(rows)
    return path


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def assert_same_rows(got: list[dict[str, str]], want: list[dict[str, str]]) -> None:
    """Every value of every input column is in the output (coordinates as numbers)."""
    assert len(got) == len(want)
    for g, w in zip(got, want, strict=True):
        for column, value in w.items():
            if column in ("latitude", "longitude"):
                assert float(g[column]) == float(value), column
            else:
                assert g.get(column) == value, (w["event_id_cnty"], column)


@pytest.fixture
def acled_csv(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "acled.csv", ROWS)


# --------------------------------------------------------------------------- the Event


def test_acled_reader_keeps_other_columns_and_sides(acled_csv: Path):
    ukr, sdn, drc = read_acled(acled_csv).events
    assert ukr.extra_columns == {
        "year": "2024", "disorder_type": "Political violence",
        "civilian_targeting": "Civilian targeting", "iso": "804", "region": "Europe",
        "admin2": "Kharkivskyi", "admin3": "Kharkivska", "source_scale": "National",
        "timestamp": "1709600000", "analyst_flag": "checked", "category": PAYLOAD,
    }  # fmt: skip
    assert ukr.category == "shelling"  # geomap's own category, not the user column
    # the map shows every associate; each side stays known
    assert sdn.assoc_actors == ["Sudan Liberation Movement/Army-Minni Minawi",
                                "Justice and Equality Movement", "Arab Ethnic Militia (Sudan)"]
    assert sdn.assoc_actors1 == sdn.assoc_actors[:2]
    assert sdn.assoc_actors2 == ["Arab Ethnic Militia (Sudan)"]
    assert ukr.assoc_actors1 == [] and len(ukr.assoc_actors2) == 2
    assert drc.assoc_actors == drc.assoc_actors2 == []


def test_acled_csv_written_from_read_events_keeps_every_value(acled_csv: Path, tmp_path: Path):
    out = tmp_path / "out.csv"
    write_acled(read_acled(acled_csv).events, out)
    assert_same_rows(read_csv(out), ROWS)
    with open(out, encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    assert header == [*ACLED_COLUMNS, *USER_COLUMNS]  # ACLED's order, then the user's


def test_events_from_text_write_acled_columns_as_before(tmp_path: Path):
    """No table behind the event: year, disorder type, civilian targeting are derived
    and every associate is actor1's."""

    kharkiv = Place("gn:706483", "Kharkiv", "city", 49.98177, 36.25475, "Point",
                    country_code="UA", country="Ukraine", admin1="Kharkiv")
    ev = Event("t1", "attack", "Violence against civilians", "Attack", actor1="Russia",
               assoc_actors=["A", "B"], event_date=dt.date(2024, 3, 2),
               location=Location(kharkiv, "Kharkiv", 0, 7, 1))
    out = tmp_path / "t.csv"
    write_acled([ev], out)
    (row,) = read_csv(out)
    assert list(row) == list(ACLED_COLUMNS)
    assert (row["year"], row["civilian_targeting"], row["iso"]) == (
        "2024", "Civilian targeting", "804")
    assert (row["assoc_actor_1"], row["assoc_actor_2"]) == ("A; B", "")


# --------------------------------------------------------------------------- tables


@pytest.mark.parametrize("ext", ["geojson", "parquet", "gpkg"])
def test_acled_round_trip_through_each_format(acled_csv: Path, tmp_path: Path, ext: str):
    events = read_acled(acled_csv).events
    path = tmp_path / f"events.{ext}"
    assert write_events(events, path) == []
    back = read_events(path)
    assert back.skipped == []
    assert back.events == events
    out = tmp_path / "back.csv"
    write_acled(back.events, out)
    assert_same_rows(read_csv(out), ROWS)


def test_table_columns_keep_their_names_and_collisions_get_a_prefix(acled_csv: Path):
    frame = events_to_geodataframe(read_acled(acled_csv).events).frame
    extra = [c for c in frame.columns if c not in COLUMNS and c != "geometry"]
    assert extra == ["year", "disorder_type", "civilian_targeting", "iso", "region", "admin2",
                     "admin3", "source_scale", "timestamp", "analyst_flag",
                     f"{EXTRA_PREFIX}category"]
    assert list(frame["admin2"]) == ["Kharkivskyi", "El Fasher", "Goma"]
    assert list(frame["assoc_actors2"]) == [
        "Health Workers (Ukraine); Journalists (Ukraine)", "Arab Ethnic Militia (Sudan)", ""]
    assert frame[f"{EXTRA_PREFIX}category"][0] == PAYLOAD
    assert list(frame["category"]) == ["shelling", "clash", "protest"]


@pytest.mark.parametrize("ext", ["geojson", "parquet", "gpkg"])
def test_colliding_and_prefixed_names_round_trip(tmp_path: Path, ext: str):

    goma = Place("gn:216281", "Goma", "city", -1.67409, 29.22845, "Point")
    extra = {"category": "a", "geometry": "b", f"{EXTRA_PREFIX}notes": "c", "Notes": "d",
             "fid": "e", "plain": "f"}
    ev = Event("x", "protest", "Protests", "Peaceful protest",
               location=Location(goma, "Goma", 0, 4, 1), extra_columns=extra)
    other = Event("y", "protest", "Protests", "Peaceful protest",
                  location=Location(goma, "Goma", 0, 4, 1))
    path = tmp_path / f"e.{ext}"
    write_events([ev, other], path)
    assert read_events(path).events == [ev, other]  # absent stays absent, not ""


def test_columns_differing_only_in_case_are_a_clear_error_for_a_geopackage(tmp_path: Path):
    goma = Place("gn:216281", "Goma", "city", -1.67409, 29.22845, "Point")
    ev = Event("x", "protest", "Protests", "Peaceful protest",
               location=Location(goma, "Goma", 0, 4, 1),
               extra_columns={"Region": "a", "region": "b"})
    with pytest.raises(ValueError, match="differ only in case"):
        write_events([ev], tmp_path / "e.gpkg")
    assert not list(tmp_path.iterdir())  # nothing half-written
    write_events([ev], tmp_path / "e.parquet")  # GeoParquet holds both
    assert read_events(tmp_path / "e.parquet").events == [ev]


def test_foreign_table_columns_become_text(tmp_path: Path):
    """A GeoPackage from another tool: its other columns (numbers too) are kept as text."""
    frame = gpd.GeoDataFrame(
        {"event_date": ["2024-02-12"], "event_type": ["Protests"], "location": ["Goma"],
         "crowd": [300], "share": [0.25], "admin2": ["Goma"]},
        geometry=[Point(29.2285, -1.6741)], crs="EPSG:4326")
    path = tmp_path / "drc.gpkg"
    frame.to_file(path, layer="drc", engine="pyogrio")
    (event,) = read_events(path).events
    assert event.extra_columns == {"crowd": "300", "share": "0.25", "admin2": "Goma"}


# --------------------------------------------------------------------------- command line


def geomap(*args: str) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([str(Path(sys.executable).parent / "geomap"), *args, "--quiet"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return proc


@pytest.mark.parametrize("ext", ["geojson", "parquet", "gpkg"])
def test_cli_extract_to_each_format_and_back_keeps_every_value(acled_csv: Path,
                                                               tmp_path: Path, ext: str):
    table = tmp_path / f"events.{ext}"
    geomap("extract", str(acled_csv), "-o", str(table))
    back = tmp_path / "back.csv"
    geomap("extract", str(table), "-o", str(back))
    assert_same_rows(read_csv(back), ROWS)


def test_cli_map_of_a_table_with_other_columns_escapes_them(acled_csv: Path, tmp_path: Path):
    table = tmp_path / "events.parquet"
    geomap("extract", str(acled_csv), "-o", str(table))
    for source in (acled_csv, table):
        html = tmp_path / f"{source.stem}.html"
        geomap("map", str(source), "-o", str(html), "--offline")
        text = html.read_text(encoding="utf-8")
        assert "Kharkiv" in text
        assert PAYLOAD not in text and "recheck <b>" not in text


@pytest.mark.parametrize("ext", ["csv", "parquet"])
def test_blank_admin1_of_an_acled_row_stays_blank(tmp_path: Path, ext: str):
    """A row coded at the country level has no admin1: writing it back must not fill
    one in by reverse geocoding its point (events from text still get one)."""
    rows = [{**ROWS[2], "admin1": "", "admin2": "", "admin3": "", "geo_precision": "3"}]
    events = read_acled(write_csv(tmp_path / "in.csv", rows)).events
    table = tmp_path / f"events.{ext}"
    write_events(events, table)
    out = tmp_path / "out.csv"
    write_acled(read_events(table).events, out)
    assert_same_rows(read_csv(out), rows)
