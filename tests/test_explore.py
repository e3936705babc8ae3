"""geomap.explore: layers, escaping of untrusted text, offline HTML, time slider, size."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import re
from pathlib import Path

import folium
import pytest
import shapely
from shapely.geometry import LineString, MultiPolygon, Point, Polygon

from gazetteer.records import Place
from geomap.explore import ACTOR_PALETTE, MARKER_HEX, make_map, safe_text, save_map
from geomap.records import Event, Location
from geomap.taxonomy import CATEGORIES

HAS_BOUNDARIES = importlib.util.find_spec("gazetteer.boundaries") is not None
needs_boundaries = pytest.mark.skipif(
    not HAS_BOUNDARIES, reason="gazetteer.boundaries not available yet"
)

HOSTILE = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "`backtick`",
    "${alert(1)}",
    "</script>",
    "\u202egpj.exe",
)
PAYLOAD = " ".join(HOSTILE)


def make_place(key: str, name: str, kind: str, geom, **kw) -> Place:
    rp = geom if isinstance(geom, Point) else geom.representative_point()
    wkb = shapely.to_wkb(geom)
    return Place(key=key, name=name, kind=kind, lat=rp.y, lon=rp.x,
                 geometry_type=geom.geom_type, _loader=lambda _k: wkb, **kw)  # fmt: skip


def sample_events() -> list[Event]:
    """~20 events over Syria: towns, a route, a province, a sea, one unlocated."""
    towns = [
        make_place(f"gn:{i}", name, "city", Point(lon, lat), country_code="SY")
        for i, (name, lon, lat) in enumerate([
            ("Aleppo", 37.16, 36.20), ("Idlib", 36.63, 35.93), ("Saraqib", 36.80, 35.86),
            ("Homs", 36.72, 34.73), ("Hama", 36.75, 35.13), ("Damascus", 36.29, 33.51),
        ])
    ]  # fmt: skip
    m4 = make_place(
        "pack:m4",
        "M4 highway",
        "route",
        LineString([(35.9, 35.6), (36.4, 35.8), (36.9, 35.85), (37.2, 36.2)]),
    )
    idlib = make_place(
        "ne1:SY-ID",
        "Idlib Governorate",
        "admin1",
        Polygon([(36.2, 35.5), (37.0, 35.5), (37.0, 36.3), (36.2, 36.3)]),
    )
    sea = make_place(
        "ne:med",
        "Mediterranean Sea",
        "sea",
        MultiPolygon([Polygon([(34, 34), (35.5, 34), (35.5, 35.5), (34, 35.5)])]),
    )
    cats = ["air_strike", "shelling", "clash", "protest", "attack"]
    events = []
    for i in range(16):
        town = towns[i % len(towns)]
        cat = CATEGORIES[cats[i % len(cats)]]
        events.append(Event(
            f"t{i}", cat.key, cat.event_type, cat.sub_event_type,
            actor1=["SAA", "HTS", "Russia"][i % 3], actor2="Civilians",
            event_date=dt.date(2024, 1, 1 + i % 10), time_precision=1 + i % 3,
            fatalities=i if i % 4 else None,
            location=Location(town, town.name, 0, 5, 1 + i % 2),
            sentence=f"Event {i} happened in {town.name}.", source=f"examples/{i}.txt",
        ))  # fmt: skip
    events += [
        Event("p1", "patrol", "Strategic developments", "Change to group/activity",
              status="planned", actor1="Turkish military", event_date=dt.date(2024, 1, 12),
              location=Location(m4, "the M4", 0, 6, 2), sentence="Patrols will use the M4.",
              source="https://example.org/m4"),
        Event("s1", "shelling", "Explosions/Remote violence", "Shelling/artillery/missile attack",
              actor1="SAA", event_date=dt.date(2024, 1, 3), time_precision=2,
              location=Location(idlib, "Idlib province", 0, 6, 3), sentence="Shelling in Idlib."),
        Event("m1", "meeting", "Diplomacy", "Meeting or talks", actor1="UN",
              location=Location(sea, "the sea", 0, 6, 3), sentence="Talks at sea (undated)."),
        Event("u1", "statement", "Statement", "Official statement", actor1="Ministry",
              sentence="No place."),
    ]  # fmt: skip
    return events


def hostile_events() -> list[Event]:
    town = make_place("gn:x", "Town " + PAYLOAD, "city", Point(36.5, 35.5))
    area = make_place(
        "ne1:x", "Area " + PAYLOAD, "admin1", Polygon([(36, 35), (37, 35), (37, 36), (36, 36)])
    )
    return [
        Event("h1", "clash", "Battles", "Armed clash", actor1="Actor " + PAYLOAD,
              actor2=PAYLOAD, assoc_actors=[PAYLOAD], event_date=dt.date(2024, 2, 1),
              date_text=PAYLOAD, location=Location(town, PAYLOAD, 0, 1, 1),
              sentence="Sentence " + PAYLOAD, source="javascript:alert(1)"),
        Event("h2", "clash", "Battles", "Armed clash", actor1="Actor " + PAYLOAD,
              event_date=dt.date(2024, 2, 3), location=Location(area, PAYLOAD, 0, 1, 3),
              sentence="Area " + PAYLOAD, source='https://example.org/?a=1&b="x"'),
    ]  # fmt: skip


def render(m: folium.Map) -> str:
    return m.get_root().render()


def tables(html: str) -> dict:
    """The escaped string tables embedded in the page (``var geomap_T = {...};``)."""
    match = re.search(r"var geomap_T = (\{.*?\});\n", html)
    assert match, "string tables not found"
    return json.loads(match.group(1))


def feature_groups(m: folium.Map) -> list[folium.FeatureGroup]:
    return [c for c in m._children.values() if isinstance(c, folium.FeatureGroup)]


# --------------------------------------------------------------------------- safe_text


@pytest.mark.parametrize("raw", HOSTILE)
def test_safe_text_neutralises(raw: str):
    out = safe_text(raw)
    for bad in ("<", ">", "`", "${", "\u202e"):
        assert bad not in out


def test_safe_text_examples():
    assert safe_text("<b>") == "&lt;b&gt;"
    assert safe_text("a`b") == "a&#96;b"
    assert safe_text("${x}") == "&#36;{x}"
    assert safe_text("\"q\" & 's'") == "&#34;q&#34; &amp; &#39;s&#39;"
    assert safe_text(None) == ""
    assert safe_text("دمشق") == "دمشق"


# --------------------------------------------------------------------------- layers


def test_one_feature_group_per_category():
    events = sample_events()
    m = make_map(events)
    groups = feature_groups(m)
    located = [e for e in events if e.location is not None]
    counts: dict[str, int] = {}
    for e in located:
        counts[e.category] = counts.get(e.category, 0) + 1
    expected = [f"{CATEGORIES[k].label} ({n})" for k, n in counts.items()]
    assert sorted(g.layer_name for g in groups) == sorted(safe_text(x) for x in expected)
    html = render(m)
    assert html.count("L.control.layers(") == 1
    for name in expected:
        assert json.dumps(safe_text(name)) in html  # in the layer control
    assert "geomap-legend" in html and "Geo precision" in html
    assert "1 event(s) without a location not shown" in html


def test_geometries_drawn_as_they_are():
    html = render(make_map(sample_events()))
    assert '"type":"LineString"' in html  # the M4 patrol is a line
    assert '"type":"Polygon"' in html and '"type":"MultiPolygon"' in html
    assert "geomapClusterIcon(" in html  # towns are clustered markers
    assert "fitBounds(" in html


def test_each_category_has_its_own_colour_and_icon():
    """Distinct layer colours and icons; none white (white fill marks planned events)."""
    colours = [MARKER_HEX[c.color] for c in CATEGORIES.values()]
    assert len(set(colours)) == len(colours) and MARKER_HEX["white"] not in colours
    icons = [c.icon for c in CATEGORIES.values()]
    assert len(set(icons)) == len(icons)


def test_fit_bounds_to_extent():
    m = make_map(sample_events())
    html = render(m)
    match = re.search(r"fitBounds\(\s*(\[\[.*?\]\])", html, re.S)
    assert match
    (s, w), (n, e) = json.loads(match.group(1))
    assert (s, w, n, e) == pytest.approx((33.51, 34.0, 36.3, 37.2))


def _fit(m: folium.Map) -> tuple[float, ...]:
    match = re.search(r"fitBounds\(\s*(\[\[.*?\]\])", render(m), re.S)
    assert match
    (s, w), (n, e) = json.loads(match.group(1))
    return s, w, n, e


def _country_across_antimeridian() -> Place:
    """A "Russia": a big part from 27°E to 180° and a small one east of -180°."""
    main = Polygon([(27, 41), (180, 41), (180, 77), (27, 77)])
    east = Polygon([(-180, 64), (-169, 64), (-169, 69), (-180, 69)])
    return make_place("ne:RU", "Russia", "country", MultiPolygon([main, east]))


def _visit_russia() -> Event:
    russia = _country_across_antimeridian()
    return Event("v1", "visit", "Diplomacy", "Visit", actor1="Turkey",
                 location=Location(russia, "Russia", 0, 6, 3))  # fmt: skip


def test_fit_bounds_ignores_large_areas_beside_small_events():
    """A visit to a whole country must not zoom the map of a town and a province out."""
    fit = _fit(make_map([*sample_events(), _visit_russia()]))
    assert fit == pytest.approx((33.51, 34.0, 36.3, 37.2))


def test_fit_bounds_of_large_areas_only_skips_the_antimeridian():
    assert _fit(make_map([_visit_russia()])) == pytest.approx((41, 27, 77, 180))


@pytest.mark.parametrize("offline", [False, pytest.param(True, marks=needs_boundaries)])
def test_same_events_same_html(offline: bool):
    """Element ids come from the data, not from random numbers: byte-identical pages."""
    a = render(make_map(sample_events(), offline=offline, title="T"))
    b = render(make_map(sample_events(), offline=offline, title="T"))
    assert a == b
    other = render(make_map(sample_events()[:3], offline=offline, title="T"))
    ids = set(re.findall(r"\bmap_[0-9a-f]{32}\b", a))
    assert len(ids) == 1 and not ids & set(re.findall(r"\bmap_[0-9a-f]{32}\b", other))


def test_popup_data_has_all_fields():
    t = tables(render(make_map(sample_events())))
    kinds = {k[0] for k in t["k"]}
    assert "Air/drone strikes" in kinds and "Patrols and deployments" in kinds
    assert ["Patrols and deployments", "Strategic developments / Change to group/activity",
            "planned", 1] in t["k"]  # fmt: skip
    assert any(d[0].startswith("2024-01-03 (precision: week)") for d in t["d"])
    assert ["undated", "", None] in t["d"]
    assert any("M4 highway (route; geo precision 2" in p[0] for p in t["p"])
    assert "SAA vs Civilians" in t["a"]
    assert "not reported" in t["f"]
    assert "Patrols will use the M4." in t["x"]
    assert ["https://example.org/m4", 1] in t["r"]
    assert ["examples/0.txt", 0] in t["r"]


def test_color_by_actor_stable_palette():
    m = make_map(sample_events(), color_by="actor")
    names = {g.layer_name for g in feature_groups(m)}
    assert {"SAA (7)", "HTS (5)", "Russia (5)"} <= names
    again = render(make_map(list(reversed(sample_events())), color_by="actor"))
    html = render(m)
    colors = re.findall(r"geomapClusterIcon\(\"(#[0-9a-f]{6})\"\)", html)
    assert colors and set(colors) <= set(ACTOR_PALETTE)
    assert sorted(colors) == sorted(re.findall(r"geomapClusterIcon\(\"(#[0-9a-f]{6})\"\)", again))
    with pytest.raises(ValueError, match="color_by"):
        make_map(sample_events(), color_by="country")


def test_color_by_actor_distinct_colours():
    """Actors whose names hash to the same palette slot still get different colours."""
    town = sample_events()[0].location
    events = [Event(f"a{i}", "clash", "Battles", "Armed clash", actor1=f"Actor {i}",
                    location=town) for i in range(len(ACTOR_PALETTE))]  # fmt: skip
    html = render(make_map(events, color_by="actor", cluster=True))
    colors = re.findall(r"geomapClusterIcon\(\"(#[0-9a-f]{6})\"\)", html)
    assert len(colors) == len(ACTOR_PALETTE) == len(set(colors))


def test_time_slider_only_with_dates():
    assert "geomapTimeSlider(map_" in render(make_map(sample_events()))
    assert "geomapTimeSlider(map_" not in render(make_map(sample_events(), time_slider=False))
    undated = [e for e in sample_events() if e.event_date is None]
    assert "geomapTimeSlider(map_" not in render(make_map(undated))


def test_unclustered_large_maps_use_canvas_circles():
    events = [e for e in sample_events() if e.category == "clash"] * 700  # > LARGE points
    html = render(make_map(events, cluster=False))
    assert "preferCanvas" in html and "L.markerClusterGroup" not in html
    assert re.search(r"return geomapPoint\(f, ll, \"#[0-9a-f]{6}\", .*,\s+false\);", html)


def test_online_keeps_tiles():
    html = render(make_map(sample_events()))
    assert "tile.openstreetmap.org" in html
    assert "leaflet.markercluster@1.5.3" in html


def test_empty_map():
    html = render(make_map([]))
    assert "no located events" in html


# --------------------------------------------------------------------------- hostile text


@pytest.mark.parametrize("color_by", ["category", "actor"])
def test_hostile_strings_are_escaped(color_by: str):
    m = make_map(hostile_events(), color_by=color_by, title="Title " + PAYLOAD)
    html = render(m)
    for raw in ("<script>alert(1)", "<img src=x", "onerror=alert(1)>", "`backtick`",
                "${alert(1)}", "\u202e"):  # fmt: skip
        assert raw not in html
    # every script element closes where it should: no </script> from the data
    assert html.count("<script") == html.count("</script>")
    t = tables(html)
    rows = [row if isinstance(row, list) else [row] for table in t.values() for row in table]
    strings = [s for row in rows for s in row if isinstance(s, str)]
    assert any("&lt;script&gt;alert(1)&lt;/script&gt;" in s for s in strings)
    assert any("&lt;img src=x onerror=alert(1)&gt;" in s for s in strings)
    assert any("&#96;backtick&#96;" in s for s in strings)
    assert any("&#36;{alert(1)}" in s for s in strings)
    for s in strings:
        assert "<" not in s and "`" not in s and "${" not in s and "\u202e" not in s
    assert ["javascript:alert(1)", 0] in t["r"]  # not made a link
    assert ["https://example.org/?a=1&amp;b=&#34;x&#34;", 1] in t["r"]
    assert "<title>Title &lt;script&gt;" in html
    assert 'class="geomap-maptitle">Title &lt;script&gt;' in html
    for g in feature_groups(m):
        assert "<" not in g.layer_name and "`" not in g.layer_name


@pytest.mark.parametrize("offline", [False, pytest.param(True, marks=needs_boundaries)])
def test_template_syntax_in_text_is_not_evaluated(offline: bool):
    """branca compiles rendered output as Jinja again: "{{ 7*7 }}" must stay text."""
    events = sample_events()
    events[0].sentence = "S{{ 7*7 }}S {% if true %}T{% endif %} {# c #}"
    events[1].actor1 = "A{{ 6*7 }}A"
    events[2].location.place = make_place("k", "P{{ 5*5 }}P", "city", Point(36, 35))
    for color_by in ("category", "actor"):
        html = render(make_map(events, offline=offline, color_by=color_by, title="T{{ 3*3 }}"))
        for evaluated in ("S49S", "A42A", "P25P", "T9<", ">T9"):
            assert evaluated not in html
        assert (
            "S&#123;{ 7*7 }}S &#123;% if true %}T&#123;% endif %} &#123;# c #}" in tables(html)["x"]
        )


def test_safe_text_breaks_jinja_delimiters():
    assert safe_text("{{x}} {%y%} {#z#} {a} ${b}") == (
        "&#123;{x}} &#123;%y%} &#123;#z#} {a} &#36;{b}"
    )


# --------------------------------------------------------------------------- offline

NETWORK_REF = re.compile(
    r"<script[^>]+src=[\"']?(?:https?:)?//|<link[^>]+href=[\"']?(?:https?:)?//"
    r"|url\([\"']?(?:https?:)?//|@import",
    re.I,
)


@needs_boundaries
def test_offline_html_is_self_contained(tmp_path: Path):
    m = make_map(sample_events(), offline=True, title="Offline")
    path = tmp_path / "map.html"
    save_map(m, path)
    html = path.read_text(encoding="utf-8")
    assert not NETWORK_REF.search(html)
    assert "<script src" not in html and "<link" not in html
    assert "tile.openstreetmap" not in html and "fontawesome" not in html.lower()
    # Font Awesome's solid font inlined, with a rule for each icon in use and no others
    assert "url(data:font/woff2;base64," in html and "fa fa-plane" in html
    assert '.fa-plane:before{content:"\\f072"}' in html
    assert ".fa-trash:before" not in html
    assert "L.markerClusterGroup" in html and "MarkerClusterGroup=" in html  # inlined plugin
    assert 't.version="1.9.4"' in html  # inlined Leaflet
    assert "geomap-basemap" in html and "geomapMinZoom(" in html  # countries + admin-1
    assert len(feature_groups(m)) == 7
    assert path.stat().st_size < 1_500_000
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]


@needs_boundaries
def test_offline_hostile_strings_are_escaped():
    html = render(make_map(hostile_events(), offline=True))
    assert "<script>alert(1)" not in html and "\u202e" not in html
    assert html.count("<script") == html.count("</script>")


@needs_boundaries
def test_offline_refuses_plugins_it_cannot_inline():
    from folium.plugins import Fullscreen

    m = make_map(sample_events(), offline=True)
    Fullscreen().add_to(m)
    with pytest.raises(ValueError, match="cannot inline.*Control.Fullscreen.js"):
        render(m)


def test_large_map_stays_compact():
    """Build time lives in benchmarks/ (figure 7); here: 20k events stay small."""
    base = [e for e in sample_events() if e.location is not None]
    events = [base[i % len(base)] for i in range(20_000)]
    html = render(make_map(events))
    assert len(html) < 3_000_000  # ~20k events: rows of small ints, shared strings
