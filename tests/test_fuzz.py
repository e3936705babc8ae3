"""Property-based tests (hypothesis): nothing raises on arbitrary input, offsets stay exact.

Profiles: ``HYPOTHESIS_PROFILE=ci`` (default, 200 examples per property) or ``dev`` (2000).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

settings.register_profile("ci", max_examples=200, deadline=None, database=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow,
                                                 HealthCheck.data_too_large])
settings.register_profile("dev", max_examples=2000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow,
                                                 HealthCheck.data_too_large])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# ------------------------------------------------------------------------- fixtures
PLACE_WORDS = [
    "Syria", "Idlib", "Idleb", "Aleppo", "Afrin", "Ariha", "Damascus", "Homs", "Raqqa",
    "Al-Bab", "Ras al-Ain", "Kharkiv", "Donetsk", "Luhansk", "Kyiv", "Kiev", "Mariupol",
    "Ukraine", "Russia", "Moscow", "Idaho", "Sochi", "Sudan", "Darfur", "El Fasher",
    "Khartoum", "Gaza", "Gaza Strip", "Turkey", "Türkiye", "Georgia", "Jordan", "Niger",
    "Chad", "Washington", "Paris", "Texas", "Black Sea", "Mediterranean", "M4", "M5",
    "Province", "Governorate", "Oblast", "North", "South", "St.", "Saint", "San", "New York",
    "Al", "Tal Abyad", "Kobani", "Manbij", "İstanbul", "Zürich", "Côte d'Ivoire", "São Paulo",
]
EVENT_WORDS = [
    "air strikes", "airstrike", "shelled", "shelling", "killed", "clashes", "clashed",
    "patrol", "patrolled", "met", "meeting", "agreement", "ceasefire", "protest", "arrested",
    "on Monday", "last week", "mid-September", "2021-09-28", "Sept. 29", "three", "dozens",
    "at least 12", "Russian", "Turkish", "forces", "rebels", "Gen.", "Mr.", "said", "will",
    "near", "in", "of", "the town of", "province", "highway", "'s", "’s", "and", ",", ".",
    "village", "the", "by", "U.S.", "U.N.",
]
PUNCT = list(".,;:!?'\"()[]{}-–—…«»“”‘’/\\|@#$%^&*_+=<>~`") + ["\n", "\n\n", "\t", "\r\n",
                                                                "\u00a0", "\u200b", "\u200f"]
HOSTILE = [
    "", " ", "\n", "\x00", "\x00Aleppo\x00", "\ufeffIdlib", "\u202eIdlib\u202c", "Idlib\u0301",
    "I\u0307dlib", "İSTANBUL İstanbul", "ǅemal Bijedić", "ß STRASSE Straße", "ﬁne ﬂat",
    "Ｓｙｒｉａ", "ＩＤＬＩＢ province", "Ⅻ Ⅷ", "\U0001f1f8\U0001f1fe Syria", "👩‍👩‍👧 Aleppo",
    "Aleppo" * 2000, "A " * 2000, ("Syria, " * 3000), "(" * 5000 + "Idlib" + ")" * 5000,
    "\n" * 10000, "Idlib\r\rAleppo\r", "\u2028Kharkiv\u2029Donetsk", "'s 's ’s", "St. St. St.",
    "Moscow, Idaho, Moscow, Russia", "Al-" * 500, "-" * 1000 + "Homs", "Mr. Aleppo met Gen. Idlib",
    "<script>alert(1)</script> in Idlib", "${alert(1)} `x` Aleppo", "%s %d {0} {} Afrin",
    "ＡＢＣ Ǆ ǅ ǆ ῼ ﬀ ΐ", "\ud800 Idlib \udfff", "Idlib\x85Aleppo\x0b\x0cHoms", "Ὀδυσσεύς Ἀθῆναι",
    "Дамаск Идлиб Алеппо", "إدلب حلب سوريا", "伊德利卜 阿勒颇", "x" * 100_000,
]
SHORT_HOSTILE = [h for h in HOSTILE if len(h) < 200]  # the long ones are tested one by one
_CAP_WORDS = st.from_regex(r"\A[A-Z][a-z]{1,9}\Z")
_PIECE = st.one_of(
    st.sampled_from(PLACE_WORDS),
    st.sampled_from(EVENT_WORDS),
    st.sampled_from(PUNCT),
    _CAP_WORDS,
    st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=12),
    st.text(max_size=8),
    st.sampled_from(SHORT_HOSTILE),
)
TEXT = st.one_of(
    st.lists(_PIECE, max_size=60).flatmap(
        lambda parts: st.lists(st.sampled_from([" ", " ", " ", "", "\n", ", ", ". "]),
                               min_size=len(parts), max_size=len(parts))
        .map(lambda seps: "".join(p + s for p, s in zip(parts, seps, strict=True)))),
    st.text(max_size=300),
)


@pytest.fixture(scope="module")
def gz():
    from gazetteer import Gazetteer

    return Gazetteer.default()


# --------------------------------------------------------------------- resolve
@given(text=TEXT)
@example(text="Strikes hit Syria's Idlib province and the town of Afrin.")
@example(text="İstanbul İdlib Aleppo")
def test_resolve_never_raises_and_offsets_slice(gz, text: str) -> None:
    toponyms = gz.resolve(text)
    assert isinstance(toponyms, list)
    for t in toponyms:
        assert 0 <= t.start < t.end <= len(text), t
        assert text[t.start:t.end] == t.text, (t.start, t.end, t.text)
    assert [t.start for t in toponyms] == sorted(t.start for t in toponyms)


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_resolve_hostile(gz, text: str) -> None:
    for t in gz.resolve(text):
        assert text[t.start:t.end] == t.text


def test_resolve_scales_linearly_on_capitalised_runs(gz) -> None:
    import time

    def cost(n: int) -> float:  # best of three: one slow run on a busy machine is noise
        runs = []
        for _ in range(3):
            t0 = time.perf_counter()
            gz.resolve("A " * n)
            runs.append(time.perf_counter() - t0)
        return min(runs)

    cost(100)
    small, large = cost(1250), cost(5000)  # 4x the text: linear ~4x, quadratic ~16x
    assert large < 10 * max(small, 0.01), (small, large)


def _spans(n: int):
    good = st.tuples(st.integers(0, n), st.integers(0, n))
    wild = st.tuples(st.integers(-(2**70), 2**70), st.integers(-(2**70), 2**70))
    odd = st.one_of(
        st.tuples(st.floats(-10, n + 10), st.floats(-10, n + 10)),
        st.tuples(st.text(max_size=3), st.text(max_size=3)),
        st.lists(st.integers(0, n), max_size=4),
        st.just(None), st.just(()), st.just((float("nan"), 1)), st.just((0, None)),
        st.just((True, 3)), st.just(("1", "3")),
    )
    return st.lists(st.one_of(good, good, wild, odd), max_size=8)


@given(data=st.data(), text=TEXT)
def test_resolve_spans_one_entry_per_span(gz, data, text: str) -> None:
    # blank text with malformed spans: see test_resolve_blank_text_with_malformed_spans
    assume(text.strip())
    spans = data.draw(_spans(len(text)), label="spans")
    out = gz.resolve(text, spans)
    assert len(out) == len(spans)
    for span, t in zip(spans, out, strict=True):
        if (isinstance(span, tuple) and len(span) == 2 and all(type(v) is int for v in span)
                and 0 <= span[0] < span[1] <= len(text)):
            assert (t.start, t.end) == span
            assert t.text == text[span[0]:span[1]]


@pytest.mark.parametrize("text", ["", "   ", "\n"], ids=["empty", "spaces", "newline"])
def test_resolve_blank_text_with_malformed_spans(gz, text: str) -> None:
    spans = [None, (1,), (0, 1, 2), (0.5, 2.5), (5, 2), (0, 1)]
    out = gz.resolve(text, spans)
    assert len(out) == len(spans)


@pytest.mark.parametrize("span", [(0, float("inf")), (float("-inf"), 3), {"start": 0, "end": 6}],
                         ids=["inf_end", "-inf_start", "dict"])
def test_resolve_infinite_or_mapping_spans(gz, span) -> None:
    out = gz.resolve("Aleppo is in Syria.", [span])
    assert len(out) == 1


# -------------------------------------------------------------------- events
def _check_events(article, events) -> None:
    text = article.text
    for e in events:
        assert 0 <= e.start <= e.end <= len(text), (e.start, e.end)
        assert text[e.start:e.end] == e.sentence, (e.start, e.end, e.sentence)
        if e.location is not None and e.location.end > e.location.start:
            loc = e.location
            assert text[loc.start:loc.end] == loc.mention, (loc.start, loc.end, loc.mention)
        assert e.fatalities is None or e.fatalities >= 0
        assert 0.0 <= e.confidence <= 1.0


DATES = st.one_of(st.none(), st.dates(min_value=dt.date(1900, 1, 1),
                                      max_value=dt.date(2100, 12, 31)))


@given(text=TEXT, date=DATES)
@example(text="Russian aircraft struck Ariha in Syria's Idlib province on Monday, "
              "killing three civilians.", date=dt.date(2021, 9, 28))
def test_process_article_never_raises(gz, text: str, date) -> None:
    from geomap.pipeline import process_article
    from geomap.records import Article

    article = Article(id="fuzz", text=text, date=date, source="fuzz.txt")
    events, unresolved = process_article(article, gz)
    _check_events(article, events)
    for u in unresolved:
        assert u.item


@given(text=TEXT, date=DATES)
def test_extract_events_never_raises(gz, text: str, date) -> None:
    from geomap.events import extract_events
    from geomap.records import Article

    article = Article(id="fuzz", text=text, date=date)
    _check_events(article, extract_events(article, gz.resolve(text)))
    _check_events(article, extract_events(article, []))


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_process_article_hostile(gz, text: str) -> None:
    from geomap.pipeline import process_article
    from geomap.records import Article

    article = Article(id="hostile", text=text, date=dt.date(2021, 9, 28))
    events, _ = process_article(article, gz)
    _check_events(article, events)


# -------------------------------------------------------------------- ACLED CSV
ACLED_COLS = ["event_id_cnty", "event_date", "year", "time_precision", "event_type",
              "sub_event_type", "actor1", "assoc_actor_1", "actor2", "iso", "country", "admin1",
              "location", "latitude", "longitude", "geo_precision", "source", "notes",
              "fatalities", "tags"]
_NUM_TEXT = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.floats(-90, 90).map(lambda v: f"{v:.4f}"),
    st.integers(-1000, 1000).map(str),
    st.sampled_from(["", " ", "999", "-999", "NaN", "nan", "inf", "-inf", "1e400", "35,5",
                     "0", "0.0", " 36.2 ", "N/A", "null", "None", "--1", "0x10", "１２"]),
)
_DATE_TEXT = st.one_of(
    st.dates().map(lambda d: d.isoformat()),
    st.dates().map(lambda d: d.strftime("%d %B %Y")),
    st.sampled_from(["", "notadate", "2021-02-30", "0001-01-01", "9999-12-31", "1677-09-21",
                     "2262-04-12", "05-January-2023", "05 Jan 2023", "2021/09/28", "  2021-09-28  ",
                     "28.09.2021", "2021-09-28T12:00:00"]),
)
_CELL = st.one_of(st.text(max_size=30), st.sampled_from(["", ",", '"', '""', "\n", "\r", "\r\n",
                                                         "a,b", "'", ";", "\x00", "\ufeff"]))


@st.composite
def acled_rows(draw):
    rows = []
    for _ in range(draw(st.integers(0, 12))):
        row = {c: draw(_CELL) for c in ACLED_COLS}
        row["event_date"] = draw(st.one_of(_DATE_TEXT, _CELL))
        row["latitude"] = draw(st.one_of(_NUM_TEXT, _CELL))
        row["longitude"] = draw(st.one_of(_NUM_TEXT, _CELL))
        row["fatalities"] = draw(st.one_of(_NUM_TEXT, _CELL))
        row["iso"] = draw(st.one_of(st.integers(-5, 1000).map(str), _CELL))
        row["event_type"] = draw(st.one_of(st.sampled_from(
            ["Battles", "Explosions/Remote violence", "Protests", "Riots",
             "Violence against civilians", "Strategic developments"]), _CELL))
        rows.append(row)
    return rows


def _write_acled(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=ACLED_COLS)
        w.writeheader()
        w.writerows(rows)


@given(rows=acled_rows())
def test_read_events_acled_accounts_for_every_row(rows) -> None:
    from geomap.io import read_events

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fuzz.csv"
        _write_acled(path, rows)
        read = read_events(path)
    assert len(rows) == len(read.events) + len(read.skipped)
    for ev in read.events:
        assert -90 <= ev.place.lat <= 90 and -180 <= ev.place.lon <= 180
        assert math.isfinite(ev.place.lat) and math.isfinite(ev.place.lon)
        assert ev.event_date is not None
    assert sorted(s.row for s in read.skipped) == [s.row for s in read.skipped]


# ------------------------------------------------------------- generated events
_FINITE = st.floats(allow_nan=False, allow_infinity=False)
_LAT = st.floats(-90, 90, allow_nan=False)
_LON = st.floats(-180, 180, allow_nan=False)
_FREE = st.one_of(st.text(max_size=40), st.sampled_from(SHORT_HOSTILE),
                  st.sampled_from(["<img src=x onerror=alert(1)>", "</script><script>alert(1)",
                                   "{{ 7*7 }}", "{% raw %}", "javascript:alert(1)"]))


@st.composite
def _geometry_wkb(draw):
    """A WKB blob for a synthetic line or polygon (either ring orientation, maybe a hole)."""
    import shapely
    from shapely.geometry import LineString, MultiPolygon, Polygon

    x = draw(st.floats(-170, 160))
    y = draw(st.floats(-80, 70))
    w = draw(st.floats(0.01, 10))
    h = draw(st.floats(0.01, 10))
    kind = draw(st.sampled_from(["poly_ccw", "poly_cw", "hole", "multi", "line"]))
    ring = [(x, y), (x + w, y), (x + w, y + h), (x, y + h)]
    if kind == "poly_cw":
        geom = Polygon(ring[::-1])
    elif kind == "hole":
        hole = [(x + w * 0.25, y + h * 0.25), (x + w * 0.75, y + h * 0.25),
                (x + w * 0.75, y + h * 0.75), (x + w * 0.25, y + h * 0.75)]
        geom = Polygon(ring[::-1], [hole])
    elif kind == "multi":
        geom = MultiPolygon([Polygon(ring), Polygon([(a + w * 2, b) for a, b in ring][::-1])])
    elif kind == "line":
        geom = LineString(ring)
    else:
        geom = Polygon(ring)
    return kind, shapely.to_wkb(geom)


@st.composite
def places(draw, pool):
    from gazetteer.records import KINDS, Place

    choice = draw(st.sampled_from(["pool", "point", "shape"]) if pool else
                  st.sampled_from(["point", "shape"]))
    if choice == "pool":
        return draw(st.sampled_from(pool))
    name = draw(_FREE)
    kind = draw(st.sampled_from(KINDS))
    if choice == "point":
        return Place(key=f"fuzz:{draw(st.integers(0, 99))}", name=name, kind=kind,
                     lat=draw(_LAT), lon=draw(_LON), geometry_type="Point",
                     country_code=draw(st.one_of(st.none(), st.sampled_from(["SY", "UA", "ZZ"]))),
                     country=draw(st.one_of(st.none(), _FREE)),
                     admin1=draw(st.one_of(st.none(), _FREE)))
    gtype, blob = draw(_geometry_wkb())
    from shapely import from_wkb

    geom = from_wkb(blob)
    rep = geom.representative_point()
    return Place(key=f"fuzz:{gtype}", name=name, kind=kind, lat=rep.y, lon=rep.x,
                 geometry_type=geom.geom_type, _loader=lambda key, b=blob: b)


#: Other table columns: names of geomap's own columns (any case), prefixed ones, free text.
_EXTRA_NAMES = st.one_of(st.sampled_from(["admin2", "category", "Notes", "geometry", "fid",
                                          "extra_category", "extra_extra_notes", "extra_x"]),
                         _FREE)


@st.composite
def events(draw, pool):
    from geomap.records import Event, Location
    from geomap.taxonomy import CATEGORIES

    out = []
    for i in range(draw(st.integers(0, 6))):
        cat = draw(st.sampled_from(sorted(CATEGORIES)))
        place = draw(st.one_of(st.none(), places(pool)))
        loc = None if place is None else Location(place, draw(_FREE), 0, 0,
                                                  draw(st.integers(1, 3)))
        out.append(Event(
            event_id=draw(st.one_of(st.just(f"ev-{i}"), _FREE)),
            category=cat, event_type=CATEGORIES[cat].event_type,
            sub_event_type=CATEGORIES[cat].sub_event_type,
            status=draw(st.sampled_from(["reported", "planned"])),
            actor1=draw(st.one_of(st.none(), _FREE)), actor2=draw(st.one_of(st.none(), _FREE)),
            assoc_actors=draw(st.lists(_FREE, max_size=3)),
            assoc_actors2=draw(st.lists(_FREE, max_size=2)),
            event_date=draw(DATES), time_precision=draw(st.one_of(st.none(), st.integers(1, 3))),
            date_text=draw(st.one_of(st.none(), _FREE)),
            fatalities=draw(st.one_of(st.none(), st.integers(0, 10**6))),
            location=loc, sentence=draw(_FREE), trigger=draw(_FREE),
            source=draw(st.one_of(st.none(), _FREE, st.just("https://example.org/a?b=<c>"))),
            article_id=draw(st.one_of(st.none(), _FREE)),
            confidence=draw(st.floats(0, 1)),
            group_id=draw(st.one_of(st.none(), st.just("g1"))), notes=draw(_FREE),
            extra_columns=draw(st.dictionaries(_EXTRA_NAMES, _FREE, max_size=4)),
        ))
    return out


def _no_surrogates(evs) -> bool:
    def ok(v):
        return not isinstance(v, str) or not any(0xD800 <= ord(c) <= 0xDFFF for c in v)
    return all(ok(v) for e in evs
               for v in (*e.to_dict().values(), *e.extra_columns, *e.extra_columns.values()))


POOL_NAMES = ["Idlib", "Syria", "Aleppo", "Kharkiv", "Russia", "Fiji", "Kiribati", "United States",
              "Canada", "Black Sea", "M4", "Darfur", "Gaza Strip", "Chile", "New Zealand",
              "Antarctica", "Sochi", "Ariha"]


@pytest.fixture(scope="module")
def pool(gz):
    """Real gazetteer places: points, admin-1 polygons, countries (multi)polygons, routes, seas."""
    out, seen = [], set()
    for name in POOL_NAMES:
        for c in gz.lookup(name, limit=3):
            if c.place.key not in seen:
                seen.add(c.place.key)
                out.append(c.place)
    return out


RFC7946_PROBLEMS = ("outside_lat_lon_boundaries", "3d_coordinates")


def test_events_at_gazetteer_polygons_to_geojson(pool, tmp_path: Path) -> None:
    from geomap.io.geojson import write_geojson
    from geomap.records import Event, Location

    place = next(p for p in pool if p.geometry_type != "Point")
    ev = Event("e1", "clash", "Battles", "Armed clash", location=Location(place, "x", 0, 1, 3))
    write_geojson([ev], tmp_path / "e.geojson")


@given(data=st.data())
def test_geojson_export_validates(pool, data) -> None:
    import geojson_validator

    from geomap.io import read_events
    from geomap.io.geojson import write_geojson

    evs = data.draw(events(pool), label="events")
    if not _no_surrogates(evs):
        return  # lone surrogates cannot be UTF-8 (a JSON string can hold them escaped only)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "events.geojson"
        assert write_geojson(evs, path) == []
        raw = path.read_bytes()
        obj = json.loads(raw)
        assert geojson_validator.validate_structure(obj, check_crs=True) == {}
        result = geojson_validator.validate_geometries(obj, criteria_problematic=RFC7946_PROBLEMS)
        assert not result["invalid"], result
        assert not result["problematic"], result
        assert "crs" not in obj
        assert len(obj["features"]) == len(evs)
        for feat, ev in zip(obj["features"], evs, strict=True):
            assert (feat["geometry"] is None) == (ev.location is None)
        back = read_events(path).events
        assert [e.event_id for e in back] == [e.event_id for e in evs]
        assert [e.extra_columns for e in back] == [e.extra_columns for e in evs]


@given(data=st.data(), offline=st.booleans(), color_by=st.sampled_from(["category", "actor"]),
       cluster=st.booleans(), time_slider=st.booleans())
@settings(max_examples=max(20, settings.default.max_examples // 4))
def test_make_map_renders(pool, data, offline, color_by, cluster, time_slider) -> None:
    from geomap.explore import make_map

    evs = data.draw(events(pool), label="events")
    html = make_map(evs, offline=offline, color_by=color_by, cluster=cluster,
                    time_slider=time_slider, title=data.draw(st.one_of(st.none(), _FREE))
                    ).get_root().render()
    assert isinstance(html, str) and "</html>" in html
    # no input text reaches the page as live markup
    assert "<img src=x onerror=alert(1)>" not in html
    assert "</script><script>alert(1)" not in html
