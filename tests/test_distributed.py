"""The Dask engine gives the same events, in the same order, as the local pipeline."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import fields
from pathlib import Path

import pytest

pytest.importorskip("distributed")
pytest.importorskip("dask_geopandas")

from geomap.io import events_to_geodataframe  # noqa: E402
from geomap.pipeline import run  # noqa: E402

ARTICLES = {
    "ukraine_kharkiv": (
        "Title: Shelling hits Kharkiv as fighting continues near Bakhmut\nDate: 2023-03-14\n\n"
        "Russian forces shelled residential districts of Kharkiv on Monday, killing two "
        "civilians, the regional governor said.\nUkrainian troops clashed with Russian units "
        "near Bakhmut in the Donetsk region on Tuesday.\nA drone strike hit an energy facility "
        "in Odesa overnight, officials in Kyiv said."
    ),
    "ukraine_zaporizhzhia": (
        "Title: Air strikes on Zaporizhzhia\nDate: 2023-05-02\n\n"
        "Russian aircraft carried out air strikes on the city of Zaporizhzhia on Sunday, "
        "wounding five people.\nUkrainian forces shelled Russian positions near Melitopol, "
        "according to the general staff in Kyiv."
    ),
    "sudan_darfur": (
        "Title: Fighting spreads in Darfur\nDate: 2023-06-20\n\n"
        "The Rapid Support Forces attacked El Geneina in West Darfur on Friday, killing at "
        "least 40 people, local activists said.\nClashes between the Sudanese army and the RSF "
        "continued in Khartoum and Omdurman on Saturday.\nThousands fled across the border "
        "to Chad, the UN said in Geneva."
    ),
    "sudan_talks": (
        "Title: Sudan ceasefire talks in Jeddah\nDate: 2023-05-21\n\n"
        "Representatives of the Sudanese army and the Rapid Support Forces signed a "
        "short-term ceasefire agreement in Jeddah on Saturday.\nThe talks were brokered by "
        "Saudi Arabia and the United States."
    ),
    "syria_idlib": (
        "Title: Raids hit northwest Syria\nDate: 2024-02-16\n\n"
        "Russian warplanes carried out air strikes on villages in Syria's Idlib province on "
        "Wednesday, killing at least seven civilians.\nGovernment artillery shelled the "
        "outskirts of Ariha, and a drone strike hit a market in Jisr al-Shughur on Thursday."
    ),
    "syria_patrol": (
        "Title: Joint patrol on the M4\nDate: 2024-02-20\n\n"
        "Turkish and Russian troops conducted a joint patrol along the M4 highway on Tuesday, "
        "the Turkish defence ministry said in Ankara.\nAn explosion struck a checkpoint near "
        "Afrin in Aleppo province, killing three fighters."
    ),
    "gaza_strikes": (
        "Title: Strikes across Gaza\nDate: 2023-11-03\n\n"
        "Israeli air strikes hit Khan Younis and Rafah in the southern Gaza Strip on Thursday, "
        "killing at least 30 people, the health ministry said.\nFighting was reported near "
        "Gaza City as Israeli troops advanced."
    ),
    "diplomacy_meeting": (
        "Title: Ministers meet in Istanbul\nDate: 2024-03-01\n\n"
        "Foreign ministers of Turkey and Russia met in Istanbul on Friday to discuss the "
        "situation in Syria.\nThe leaders of France and Germany will meet in Berlin next week "
        "to discuss aid to Ukraine, officials in Paris said."
    ),
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    for name, text in ARTICLES.items():
        (folder / f"{name}.txt").write_text(text + "\n", encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")  # skipped, in both engines
    records = [{"id": "rec-1", "text": "Clashes erupted in Aleppo on Monday, killing four.",
                "date": "2024-01-08"},
               {"id": "rec-2", "text": "Israeli strikes hit Deir al-Balah in Gaza on Sunday.",
                "date": "2023-12-10"}]
    (folder / "records.jsonl").write_text(
        "\n".join(json.dumps(r) for r in records) + "\n{not json\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def local_result(corpus: Path):
    try:
        return run([corpus])
    except NotImplementedError:
        pytest.skip("the event extractor is not implemented yet")


@pytest.fixture(scope="module")
def cluster():
    from distributed import LocalCluster

    from geomap.pipeline import _worker_gazetteer

    _worker_gazetteer()  # build the index before the workers open it
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None, scheduler_kwargs={"dashboard_address": ":0"}) as c:
        yield c


def _rows(events) -> list[dict]:
    """Every field of every event, with its place (key, geometry) and location mention."""
    out = []
    for ev in events:
        row = {f.name: getattr(ev, f.name) for f in fields(ev) if f.name != "location"}
        loc = ev.location
        if loc is not None:
            row["location"] = (loc.place.key, loc.place.geometry.wkt, loc.mention, loc.start,
                               loc.end, loc.geo_precision)
        out.append(row)
    return out


def _table(events) -> list[dict]:
    frame = events_to_geodataframe(events).frame
    return json.loads(frame.to_json(drop_id=True))["features"]


def test_dask_equals_local(corpus: Path, local_result, cluster) -> None:
    from geomap.distributed import run_dask

    result = run_dask([corpus], scheduler=cluster.scheduler_address, npartitions=3)
    assert _rows(result.events) == _rows(local_result.events)
    assert _table(result.events) == _table(local_result.events)
    assert result.articles == local_result.articles == len(ARTICLES) + 2
    assert result.report() == local_result.report()
    assert result.summary() == local_result.summary()


def test_dask_date_override(corpus: Path, cluster) -> None:
    from geomap.distributed import run_dask

    date = dt.date(2022, 1, 5)
    try:
        local = run([corpus], date=date)
    except NotImplementedError:
        pytest.skip("the event extractor is not implemented yet")
    result = run_dask([corpus], date=date, scheduler=cluster.scheduler_address)
    assert _rows(result.events) == _rows(local.events)


def test_dask_given_gazetteer(corpus: Path, local_result, cluster) -> None:
    from gazetteer import Gazetteer
    from geomap.distributed import run_dask

    files = sorted(corpus.glob("[gd]*.txt"))
    gz = Gazetteer(Gazetteer.default().store.path)  # e.g. an index built with --pack
    result = run_dask(files, scheduler=cluster.scheduler_address, gazetteer=gz)
    assert _rows(result.events) == _rows(run(files, gazetteer=gz).events)


def test_default_local_cluster(corpus: Path, local_result) -> None:
    from geomap.distributed import run_dask

    files = sorted(corpus.glob("s*.txt"))
    result = run_dask(files, n_workers=2)
    local = run(files)
    assert _rows(result.events) == _rows(local.events)


def test_partitioned_parquet(tmp_path: Path, local_result) -> None:
    import geopandas as gpd

    from geomap.distributed import write_partitioned_parquet
    from geomap.io import geodataframe_to_events

    events = [e for e in local_result.events if e.location is not None]
    if not events:
        pytest.skip("no located events")
    out = tmp_path / "events.parquet"
    left_out = write_partitioned_parquet(local_result.events, out, npartitions=2)
    assert len(left_out) == len(local_result.events) - len(events)
    assert len(list(out.glob("*.parquet"))) == min(2, len(events))
    back = gpd.read_parquet(out)
    assert len(back) == len(events)
    assert [e.event_id for e in geodataframe_to_events(back)] == [e.event_id for e in events]
    write_partitioned_parquet(local_result.events, out, npartitions=1)  # replaces the folder
    assert len(list(out.glob("*.parquet"))) == 1
