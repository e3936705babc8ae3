"""End to end: article text → events with geometries → map and files."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
import shapely

from geomap.explore import make_map
from geomap.pipeline import run
from geomap.text import read_article

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "geomap" / "examples"


def _bin(name: str) -> str:
    return str(Path(sys.executable).parent / name)


def _events(path: Path, date: dt.date | None = None):
    result = run([path], date=date)
    return result.events


def _by(events, category):
    return [e for e in events if e.category == category]


def test_example_article_end_to_end():
    events = _events(EXAMPLES / "syria_northwest.txt")
    strikes = _by(events, "air_strike")
    assert any(e.place and e.place.kind == "admin1" and e.place.admin1_code == "SY-ID"
               and e.place.geometry.geom_type in ("Polygon", "MultiPolygon") for e in strikes)
    patrols = _by(events, "patrol")
    assert patrols and patrols[0].place.geometry.geom_type == "LineString"
    assert set(patrols[0].assoc_actors + [patrols[0].actor1, patrols[0].actor2]) >= {"Turkey",
                                                                                   "Russia"}
    meetings = _by(events, "meeting")
    assert meetings and meetings[0].status == "planned"
    assert meetings[0].event_date == dt.date(2024, 2, 22)
    assert meetings[0].place.name == "Istanbul"
    assert any(e.fatalities == 7 for e in strikes)
    for e in events:
        article = read_article(EXAMPLES / "syria_northwest.txt")
        assert article.text[e.start:e.end] == e.sentence


def test_cli_map_and_extract_from_examples(tmp_path):
    html = tmp_path / "ex.html"
    geo = tmp_path / "ex.geojson"
    proc = subprocess.run([_bin("geomap"), "map", str(EXAMPLES), "-o", str(html), "--offline",
                           "--geojson", str(geo), "--jobs", "1"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    text = html.read_text(encoding="utf-8")
    assert "Air/drone strikes" in text and "Meetings and talks" in text
    data = json.loads(geo.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection" and len(data["features"]) >= 10
    assert "crs" not in data
    assert "events" in proc.stderr  # the summary


# -- the reference article (../shared/corpus), read at test time only ---------------------
@pytest.fixture(scope="module")
def reference_events(reference_text):
    reference = REPO.parent / "shared" / "corpus" / "000_3bf0b783fa0966cb.txt"
    return _events(reference, date=dt.date(2021, 9, 28))


def test_reference_planned_sochi_meeting(reference_events):
    sochi = [e for e in _by(reference_events, "meeting") if e.place and e.place.name == "Sochi"]
    assert sochi, "the planned meeting in Sochi"
    e = sochi[0]
    assert e.status == "planned" and e.event_date == dt.date(2021, 9, 29)
    assert e.place.geometry.geom_type == "Point" and e.location.geo_precision == 1
    assert {e.actor1, e.actor2} == {"Turkey", "Russia"}


def test_reference_earlier_meetings_in_moscow(reference_events):
    moscow = [e for e in _by(reference_events, "meeting") if e.place and e.place.name == "Moscow"]
    dates = {(e.event_date, e.time_precision) for e in moscow}
    assert (dt.date(2020, 3, 1), 3) in dates  # March 2020, month precision
    assert (dt.date(2021, 9, 14), 1) in dates  # Putin and Assad, 14 September
    assert any("Syria" in (e.actor1, e.actor2) for e in moscow)


def test_reference_strikes_on_idlib_province_and_afrin(reference_events):
    strikes = _by(reference_events, "air_strike")
    idlib = [e for e in strikes if e.place and e.place.admin1_code == "SY-ID"
             and e.place.kind == "admin1"]
    assert idlib and idlib[0].place.geometry.geom_type in ("Polygon", "MultiPolygon")
    afrin = [e for e in strikes if e.place and shapely.Point(36.87, 36.51).distance(
        e.place.geometry) < 0.25]
    assert afrin, "the strikes in Afrin"
    assert all(e.fatalities == 12 for e in idlib + afrin)
    assert {"Russia", "Syria"} <= {idlib[0].actor1, *idlib[0].assoc_actors, idlib[0].actor2}
    assert idlib[0].group_id and idlib[0].group_id == afrin[0].group_id


def test_reference_patrols_along_the_m4(reference_events):
    patrols = [e for e in _by(reference_events, "patrol") if e.place]
    assert patrols
    line = patrols[0].place.geometry
    assert line.geom_type == "LineString"
    for lon, lat in [(37.16, 36.20), (36.81, 35.86), (36.33, 35.80), (35.79, 35.52)]:
        assert line.distance(shapely.Point(lon, lat)) < 0.05  # Aleppo, Saraqib, Jisr, Latakia


def test_reference_truce_and_soldiers_killed(reference_events):
    truce = _by(reference_events, "agreement")
    assert any(e.event_date == dt.date(2020, 3, 1) for e in truce)
    killed = [e for e in reference_events if e.fatalities == 3]
    assert killed and killed[0].event_date and killed[0].event_date.month == 9
    assert killed[0].time_precision == 2


def test_cli_dask_engine_writes_partitioned_parquet_equal_to_local(tmp_path):
    import geopandas as gpd

    local = tmp_path / "local.parquet"
    folder = tmp_path / "events"
    for args in (["-o", str(local), "--jobs", "1"],
                 ["-o", f"{folder}/", "--engine", "dask", "--jobs", "2"]):
        proc = subprocess.run([_bin("geomap"), "extract", str(EXAMPLES), *args, "-q"],
                              capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, proc.stderr
    a = gpd.read_parquet(local).sort_values("event_id").reset_index(drop=True)
    b = gpd.read_parquet(folder).sort_values("event_id").reset_index(drop=True)
    assert len(a) >= 10 and list(a.columns) == list(b.columns)
    assert a.drop(columns="geometry").astype(str).equals(b.drop(columns="geometry").astype(str))
    assert a.geometry.geom_equals(b.geometry).all()


def test_reference_without_a_date(reference_text):
    """As `make demo` maps it: no Date header, so the year comes from the text and is noted."""
    events = _events(REPO.parent / "shared" / "corpus" / "000_3bf0b783fa0966cb.txt")
    meetings = _by(events, "meeting")
    sochi = [e for e in meetings if e.place and e.place.name == "Sochi"]
    assert sochi and sochi[0].event_date == dt.date(2021, 9, 29)
    assert "taken from the article" in sochi[0].notes
    moscow = {e.event_date for e in meetings if e.place and e.place.name == "Moscow"}
    assert moscow == {dt.date(2020, 3, 1), dt.date(2021, 9, 14)}


def test_articles_with_the_same_name_get_distinct_event_ids(tmp_path):
    """Two folders' report.txt (and a JSONL record with the id "report") were all article
    "report", their events all "report-e001": ids must tell events apart."""
    for folder, text in (("a", "Rebels attacked an army base near Goma on 3 March 2023."),
                         ("b", "Police fired tear gas at protesters in Dhaka on 4 March 2023.")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "report.txt").write_text(text, encoding="utf-8")
    (tmp_path / "c.jsonl").write_text(json.dumps(
        {"id": "report", "text": "Shelling hit Kherson on 1 June 2023."}) + "\n")
    events = run([tmp_path / "a", tmp_path / "b", tmp_path / "c.jsonl"]).events
    assert [e.place.name for e in events] == ["Goma", "Dhaka", "Kherson"]
    assert len({e.event_id for e in events}) == 3
    assert len({e.article_id for e in events}) == 3
    assert events[0].event_id == "report-e001"
    assert all(e.event_id.startswith(f"{e.article_id}-e") for e in events)


def test_a_utf16_article_is_read_not_skipped_as_binary(tmp_path):
    path = tmp_path / "notepad.txt"
    path.write_bytes(b"\xff\xfe" + "Troops shelled Idlib on 4 May 2020.\r\n".encode("utf-16-le"))
    result = run([path])
    assert result.skipped == []
    assert [(e.category, e.place.name) for e in result.events] == [("shelling", "Idlib")]


def test_a_jsonl_record_date_that_cannot_be_read_is_reported(tmp_path):
    """As for an article's Date: header: the date is not dropped silently."""
    path = tmp_path / "records.jsonl"
    path.write_text("\n".join(json.dumps(
        {"id": i, "text": "Protesters rallied in Nairobi on Friday.", "date": date})
        for i, date in (("ok", "2022-06-10"), ("bad", "2022-13-45"), ("word", "someday"))))
    result = run([path])
    assert [str(e.event_date) for e in result.events] == ["2022-06-10", "None", "None"]
    assert result.warnings == [f"{path}:2: could not parse date '2022-13-45'",
                               f"{path}:3: could not parse date 'someday'"]


def test_a_jsonl_url_or_title_that_is_not_text_is_left_out_and_reported(tmp_path):
    """A number as "url" reached the map's popup code, which expects text: a traceback."""
    path = tmp_path / "records.jsonl"
    path.write_text(json.dumps({"id": 5, "text": "Protesters rallied in Nairobi on 10 June 2022.",
                                "url": 123, "title": ["x"]}) + "\n")
    result = run([path])
    (event,) = result.events
    assert event.source == f"{path}:1"
    assert result.warnings == [f"{path}:1: 'url' is not a string, left out",
                               f"{path}:1: 'title' is not a string, left out"]
    make_map(result.events)


def test_cli_map_of_a_jsonl_with_a_number_as_url(tmp_path):
    path = tmp_path / "records.jsonl"
    path.write_text(json.dumps({"text": "Protesters rallied in Nairobi on 10 June 2022.",
                                "url": 123}) + "\n")
    proc = subprocess.run([sys.executable, "-m", "geomap.cli", "map", str(path), "-q",
                           "-o", str(tmp_path / "m.html")], capture_output=True, text=True)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
