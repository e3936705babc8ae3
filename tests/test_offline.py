"""Everything works with the network blocked; the online geocoder fails clearly.

Sockets are blocked in-process (``socket.socket.connect``/``connect_ex``,
``socket.create_connection`` and ``socket.getaddrinfo`` raise and record the attempt),
then the CLIs run through their ``main`` functions.
"""

from __future__ import annotations

import csv
import json
import re
import socket
from pathlib import Path

import pytest

from geomap.cli import EXAMPLES

ACLED_HEADER = ["event_id_cnty", "event_date", "year", "event_type", "sub_event_type",
                "actor1", "iso", "country", "admin1", "location", "latitude", "longitude",
                "fatalities", "notes"]
ACLED_ROWS = [
    ["SYR1", "2021-09-28", "2021", "Explosions/Remote violence", "Air/drone strike",
     "Military Forces of Russia", "760", "Syria", "Idlib", "Idlib", "35.93", "36.63", "2",
     "air strike on Idlib"],
    # no country/admin1: the CSV writer has to reverse-geocode it (offline)
    ["UKR1", "2022-03-01", "2022", "Explosions/Remote violence", "Shelling/artillery/missile",
     "Military Forces of Russia", "", "", "", "Kharkiv", "49.99", "36.23", "", "shelling"],
]


class NetworkBlocked(OSError):
    pass


@pytest.fixture()
def no_network(monkeypatch) -> list[str]:
    """Block every way out; returns the list of attempted connections."""
    attempts: list[str] = []

    def refuse(what):
        def _refuse(*args, **kwargs):
            attempts.append(f"{what}{args[1:] if what.startswith('socket.') else args}")
            raise NetworkBlocked(f"network access blocked by test: {what}")
        return _refuse

    monkeypatch.setattr(socket.socket, "connect", refuse("socket.connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("socket.connect_ex"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    return attempts


@pytest.fixture()
def acled_csv(tmp_path: Path) -> Path:
    path = tmp_path / "acled.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(ACLED_HEADER)
        w.writerows(ACLED_ROWS)
    return path


def _geomap(argv: list[str]) -> int:
    from geomap.cli import main

    return main(argv)


# -------------------------------------------------------------------------------- map
@pytest.mark.parametrize("offline", [False, True], ids=["online_tiles", "offline"])
def test_map(offline: bool, no_network: list[str], tmp_path: Path, capsys) -> None:
    out = tmp_path / "map.html"
    argv = ["map", str(EXAMPLES), "-o", str(out), "--jobs", "1", "--geojson",
            str(tmp_path / "map.geojson")]
    rc = _geomap(argv + (["--offline"] if offline else []))
    err = capsys.readouterr().err
    assert rc == 0, err
    assert not no_network, no_network
    html = out.read_text(encoding="utf-8")
    assert "<html" in html.lower()
    assert json.loads((tmp_path / "map.geojson").read_text())["features"]
    if offline:
        # a self-contained page: no remote scripts, stylesheets or tiles
        assert not re.search(r"<script[^>]+src=[\"']https?://", html)
        assert not re.search(r"<link[^>]+href=[\"']https?://", html)
        assert "tile.openstreetmap.org" not in html


def test_map_parallel_jobs(no_network: list[str], tmp_path: Path, capsys) -> None:
    out = tmp_path / "map.html"
    rc = _geomap(["map", str(EXAMPLES), "-o", str(out), "--jobs", "2", "--offline"])
    assert rc == 0, capsys.readouterr().err
    assert out.exists()
    assert not no_network


def test_map_of_acled_table(no_network, acled_csv: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "acled.html"
    rc = _geomap(["map", str(acled_csv), "-o", str(out), "--offline"])
    assert rc == 0, capsys.readouterr().err
    assert out.exists()
    assert not no_network


# ---------------------------------------------------------------------------- extract
@pytest.mark.parametrize("fmt", [".geojson", ".csv", ".parquet", ".gpkg"])
def test_extract(fmt: str, no_network: list[str], tmp_path: Path, capsys) -> None:
    out = tmp_path / f"events{fmt}"
    rc = _geomap(["extract", str(EXAMPLES), "-o", str(out), "--jobs", "1"])
    err = capsys.readouterr().err
    assert rc == 0, err
    assert out.exists() and out.stat().st_size > 0
    from geomap.io import read_events

    assert read_events(out).events
    assert not no_network, no_network


@pytest.mark.parametrize("fmt", [".geojson", ".csv", ".parquet", ".gpkg"])
def test_extract_acled(fmt: str, no_network, acled_csv: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / f"events{fmt}"
    rc = _geomap(["extract", str(acled_csv), "-o", str(out)])
    assert rc == 0, capsys.readouterr().err
    from geomap.io import read_events

    assert len(read_events(out).events) == len(ACLED_ROWS)
    assert not no_network, no_network


# --------------------------------------------------------------------------- geoparse
def test_geoparse(no_network: list[str], tmp_path: Path, capsys) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(
        json.dumps({"id": "a", "text": "Air strikes hit Idlib province in Syria."}) + "\n"
        + json.dumps({"id": "b", "text": "Shelling in Kharkiv.", "spans": [[12, 19]]}) + "\n",
        encoding="utf-8")
    rc = _geomap(["geoparse", str(path), "--jsonl"])
    out = capsys.readouterr().out
    assert rc == 0
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in records] == ["a", "b"]
    assert any(t["name"] for t in records[0]["toponyms"])
    assert records[1]["toponyms"][0]["text"] == "Kharkiv"
    assert not no_network, no_network


# -------------------------------------------------------------------------- gazetteer
@pytest.mark.parametrize("argv", [
    ["lookup", "Idlib"], ["lookup", "Idleb", "--json"], ["lookup", "Moscow", "--country", "US"],
    ["reverse", "36.51", "36.87"], ["reverse", "0", "-30", "--json"], ["info"],
    ["info", "--json"],
], ids=lambda a: "_".join(a))
def test_gazetteer_cli(argv: list[str], no_network: list[str], capsys) -> None:
    from gazetteer.cli import main

    rc = main(argv)
    out = capsys.readouterr().out
    assert rc == 0
    assert out.strip()
    assert not no_network, no_network


def test_offline_geocoder(no_network: list[str]) -> None:
    from gazetteer.geocoders import OfflineGeocoder

    geocoder = OfflineGeocoder()
    loc = geocoder.geocode("Sochi")
    assert loc is not None and abs(loc.latitude - 43.6) < 0.5
    assert geocoder.reverse((36.51, 36.87)) is not None
    assert not no_network, no_network


# ---------------------------------------------------------------- online geocoder
def test_online_geocoder_disabled_never_touches_network(no_network, tmp_path: Path) -> None:
    from gazetteer.geocoders import CachedNominatim, OnlineGeocodingDisabled

    geocoder = CachedNominatim(enabled=False, cache=tmp_path / "cache.sqlite")
    with pytest.raises(OnlineGeocodingDisabled) as info:
        geocoder.geocode("Nowhere-on-earth-xyz")
    message = str(info.value)
    assert "Nowhere-on-earth-xyz" in message
    assert "off" in message or "disabled" in message
    assert not no_network, no_network


def test_online_geocoder_enabled_fails_clearly(no_network, tmp_path: Path) -> None:
    from gazetteer.geocoders import CachedNominatim, OnlineGeocodingDisabled

    geocoder = CachedNominatim(enabled=True, cache=tmp_path / "cache.sqlite", min_delay=0.0)
    with pytest.raises(OnlineGeocodingDisabled) as info:
        geocoder.geocode("Nowhere-on-earth-xyz")
    message = str(info.value)
    assert "Nowhere-on-earth-xyz" in message
    assert "fail" in message
    assert "\n" not in message.strip()
    assert no_network, "the enabled geocoder should have tried the network (and been blocked)"
    # a failure is not cached as "no such place": asking again tries again
    with pytest.raises(OnlineGeocodingDisabled):
        geocoder.geocode("Nowhere-on-earth-xyz")


def test_lookup_online_fallback_fails_clearly_without_network(capsys, caplog, tmp_path,
                                                              monkeypatch):
    """The opt-in fallback is reached only with --online, and says why it failed."""
    import socket

    from gazetteer import cli

    def refuse(*args, **kwargs):
        raise OSError("network is blocked in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    assert cli.main(["lookup", "Qwxzzyvq Blorpt"]) == 1  # offline: no network touched
    capsys.readouterr()
    code = cli.main(["lookup", "Qwxzzyvq Blorpt", "--online", "--user-agent", "geomap-test"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and "online geocoding failed" in err[-1]
    assert len(err) == 1, err
    assert not [r for r in caplog.records if r.exc_info], "geopy logged a retry traceback"
