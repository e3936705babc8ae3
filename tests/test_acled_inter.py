"""ACLED inter codes: actor types from the lexicon, states at home or abroad, interaction
codes, and codes read from an ACLED file kept as they were.

The articles are written for these tests; the end-to-end cases run ``geomap extract``
with the real gazetteer and read the ACLED CSV it writes.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gazetteer.records import Place
from geomap.events import extract, load_lexicon
from geomap.events.inter import ActorTypes, interaction
from geomap.io import read_acled, read_events, write_acled, write_events
from geomap.records import Article

BIN = Path(sys.executable).parent
GEOMAP = shutil.which("geomap", path=str(BIN)) or str(BIN / "geomap")
INTER = ("inter1", "inter2", "interaction")

#: file stem -> article body (a "Date:" header is added).
ARTICLES = {
    "strike": "Russian warplanes bombed the town of Saraqib in Syria's Idlib province on "
              "Tuesday, killing four civilians, rescuers said.",
    "shelling": "The Syrian army shelled the town of Kafr Nabl in Idlib province on Monday, "
                "a monitoring group said.",
    "teargas": "Police fired tear gas at protesters in Nakuru, Kenya, on Tuesday as anger "
               "over the new taxes spread.",
    "march": "Hundreds of protesters marched through Mombasa on Tuesday to demand lower fuel "
             "prices.",
    "rsf": "Rapid Support Forces fighters attacked civilians in the village of Wad al-Noura "
           "in Sudan's Gezira state on Wednesday, killing 30 people.",
    "peacekeepers": "UN peacekeepers clashed with M23 rebels near Sake in North Kivu on Friday.",
    "junta": "Tatmadaw troops shelled a village near Lashio in Shan state on Friday.",
    "cartel": "Members of the Sinaloa cartel clashed with soldiers near Culiacan on Sunday.",
}  # fmt: skip


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _extract(inputs: list[Path], out: Path, *extra: str) -> Path:
    proc = subprocess.run([GEOMAP, "extract", *map(str, inputs), "-o", str(out), "-q", *extra],
                          capture_output=True, text=True, timeout=600)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    return out


@pytest.fixture(scope="module")
def extracted(tmp_path_factory, gz) -> dict[str, dict[str, str]]:
    """The ACLED CSV rows of the articles, by file stem (one event each)."""
    root = tmp_path_factory.mktemp("inter")
    folder = root / "articles"
    folder.mkdir()
    for stem, body in ARTICLES.items():
        (folder / f"{stem}.txt").write_text(f"Date: 2024-07-02\n\n{body}\n", encoding="utf-8")
    rows = _rows(_extract([folder], root / "events.csv"))
    by_stem: dict[str, dict[str, str]] = {}
    for row in rows:
        stem = Path(row["source"]).stem
        assert stem not in by_stem, f"{stem}: more than one event"
        by_stem[stem] = row
    assert set(by_stem) == set(ARTICLES)
    return by_stem


def _codes(row: dict[str, str]) -> tuple[str, ...]:
    return tuple(row[c] for c in ("actor1", *INTER[:1], "actor2", *INTER[1:]))


# --------------------------------------------------------------------------- text → CSV


def test_foreign_air_strike_is_external_forces(extracted):
    # Russia's forces in Syria are external (8); the civilians they killed are 7
    assert _codes(extracted["strike"]) == ("Russia", "8", "Civilians (Syria)", "7", "78")


def test_army_shelling_its_own_town_is_state_forces_alone(extracted):
    # one actor: its type followed by 0
    assert _codes(extracted["shelling"]) == ("Syria", "1", "", "0", "10")


def test_police_firing_on_protesters(extracted):
    row = extracted["teargas"]
    assert row["event_type"] == "Protests" and row["country"] == "Kenya"
    assert _codes(row) == ("Protesters (Kenya)", "6", "Police Forces (Kenya)", "1", "16")
    assert row["assoc_actor_1"] == ""  # the police met the crowd; they are not its allies


def test_peaceful_protest_without_a_second_actor(extracted):
    # ACLED writes 0 for the type of an absent second actor
    assert _codes(extracted["march"]) == ("Protesters (Kenya)", "6", "", "0", "60")


def test_groups_and_international_forces_take_their_lexicon_types(extracted):
    assert _codes(extracted["rsf"]) == ("Rapid Support Forces", "2", "Civilians (Sudan)", "7",
                                        "27")  # fmt: skip
    assert _codes(extracted["peacekeepers"]) == ("United Nations", "8", "M23", "2", "28")


def test_state_forces_at_home(extracted):
    row = extracted["junta"]
    assert row["country"] == "Myanmar"  # the gazetteer's current name ("Burma" is an alternate)
    # the village shelled is a civilian target (actors.settle_actors): Civilians, 7
    assert _codes(row) == ("Myanmar", "1", "Civilians (Myanmar)", "7", "17")


def test_unlisted_cartel_is_typed_by_its_name(extracted):
    row = extracted["cartel"]
    assert row["actor1"] == "Sinaloa Cartel"
    # the lexicon does not list it: "cartel" makes it a political militia (3); the
    # soldiers are Mexico's (1)
    assert row["actor2"] == "Mexico"
    assert (row["inter1"], row["inter2"], row["interaction"]) == ("3", "1", "13")


def test_codes_come_from_the_lexicon(tmp_path: Path, gz):
    """Change a type in an extra lexicon and the codes follow."""
    extra = tmp_path / "lex"
    extra.mkdir()
    (extra / "en.actors.yaml").write_text("inter_codes:\n  Rapid Support Forces: 1\n",
                                          encoding="utf-8")  # fmt: skip
    lex = load_lexicon(extra_dirs=[str(extra)])
    text = ARTICLES["rsf"]
    (ev,) = extract(Article("t", text, None), gz, lexicon=lex)
    assert (ev.inter1, ev.inter2, ev.interaction) == ("1", "7", "17")
    (ev,) = extract(Article("t", text, None), gz)
    assert (ev.inter1, ev.inter2, ev.interaction) == ("2", "7", "27")


def test_geojson_carries_the_codes_back_to_csv(extracted, tmp_path: Path):
    folder = tmp_path / "a"
    folder.mkdir()
    (folder / "strike.txt").write_text(ARTICLES["strike"] + "\n", encoding="utf-8")
    geojson = _extract([folder], tmp_path / "e.geojson")
    (ev,) = read_events(geojson).events
    assert (ev.inter1, ev.inter2, ev.interaction) == ("8", "7", "78")
    (row,) = _rows(_extract([geojson], tmp_path / "back.csv"))
    assert _codes(row) == _codes(extracted["strike"])


# --------------------------------------------------------------------------- ACLED in → out

ACLED_CSV = (
    "event_id_cnty,event_date,event_type,sub_event_type,actor1,inter1,actor2,inter2,"
    "interaction,iso,country,admin1,location,latitude,longitude\n"
    # a state at home coded 8 by ACLED's coder: kept, not recomputed to 1
    "SYR1,2023-01-05,Battles,Armed clash,Syria,8,HTS,2,28,760,Syria,Idlib,Sarmada,36.187,36.72\n"
    # recent ACLED downloads write the types as words
    "SYR2,2023-01-06,Violence against civilians,Attack,Military Forces of Syria (2000-),"
    "State forces,Civilians (Syria),Civilians,State forces-Civilians,760,Syria,Idlib,Ariha,"
    "35.81,36.61\n"
    "SYR3,2023-01-07,Protests,Peaceful protest,Protesters (Syria),6,,,60,760,Syria,"
    "Damascus,Damascus,33.5102,36.2913\n"
    "SYR4,2023-01-08,Battles,Armed clash,Unknown,,,,,760,Syria,Idlib,Binnish,35.95,36.71\n"
    "SYR5,2023-01-09,Riots,Mob violence,Rioters (Syria),05,,0,50,760,Syria,Idlib,Idlib,35.93,"
    "36.63\n"
)


@pytest.fixture
def acled_csv(tmp_path: Path) -> Path:
    path = tmp_path / "acled.csv"
    path.write_text(ACLED_CSV, encoding="utf-8")
    return path


def _inter_columns(path: Path) -> list[tuple[str, ...]]:
    return [(r["event_id_cnty"], *(r[c] for c in INTER)) for r in _rows(path)]


def test_read_acled_keeps_the_codes(acled_csv: Path):
    events = read_acled(acled_csv).events
    assert [(e.inter1, e.inter2, e.interaction) for e in events] == [
        ("8", "2", "28"),
        ("State forces", "Civilians", "State forces-Civilians"),
        ("6", None, "60"),
        (None, None, None),
        ("05", "0", "50"),
    ]


def test_acled_codes_are_written_back_byte_for_byte(acled_csv: Path, tmp_path: Path):
    out = tmp_path / "out.csv"
    assert write_acled(read_acled(acled_csv).events, out) == []
    assert _inter_columns(out) == _inter_columns(acled_csv)


@pytest.mark.parametrize("ext", [".geojson", ".parquet", ".gpkg"])
def test_acled_codes_survive_the_other_formats(acled_csv: Path, tmp_path: Path, ext: str):
    middle = tmp_path / f"events{ext}"
    write_events(read_acled(acled_csv).events, middle)
    out = tmp_path / "out.csv"
    write_acled(read_events(middle).events, out)
    assert _inter_columns(out) == _inter_columns(acled_csv)


def test_cli_acled_to_geojson_and_back_keeps_codes(acled_csv: Path, tmp_path: Path):
    geojson = _extract([acled_csv], tmp_path / "e.geojson")
    back = _extract([geojson], tmp_path / "back.csv")
    assert _inter_columns(back) == _inter_columns(acled_csv)


# --------------------------------------------------------------------------- units


@pytest.mark.parametrize(
    ("inter1", "inter2", "has_actor2", "expected"),
    [
        (1, 7, True, 17),
        (7, 1, True, 17),  # the lower code first
        (6, 1, True, 16),
        (3, 3, True, 33),
        (6, None, False, 60),  # one actor: its type then 0
        (6, None, True, None),  # a second actor of unknown type
        (None, 7, True, None),
        (None, None, False, None),
    ],
)
def test_interaction(inter1, inter2, has_actor2, expected):
    assert interaction(inter1, inter2, has_actor2=has_actor2) == expected


def _place(country: str | None, code: str | None, kind: str = "city") -> Place:
    return Place(key="k", name="Somewhere", kind=kind, lat=1.0, lon=1.0,
                 geometry_type="Point", country_code=code, country=country)  # fmt: skip


def test_state_forces_at_home_and_abroad():
    types = ActorTypes({"United Nations": 8}, frozenset({"Russia", "Myanmar", "United Nations"}))
    assert types.code("Russia", _place("Russia", "RU")) == 1
    assert types.code("Russia", _place("Syria", "SY")) == 8
    assert types.code("Myanmar", _place("Burma", "MM")) == 1  # by ISO code
    assert types.code("United Nations", _place("Russia", "RU")) == 8  # the lexicon's type wins
    assert types.code("Russia", _place(None, None)) is None  # a sea: country unknown
    assert types.code("Russia", None) is None
    assert types.code("Somebody", _place("Russia", "RU")) is None
    assert types.code(None, _place("Russia", "RU")) is None


def test_unlisted_groups_take_the_type_of_their_name_words():
    types = ActorTypes({"Clan del Golfo": 3}, frozenset({"Somalia"}),
                       {"cartel": 3, "gang": 3, "militia": 3, "clan": 4, "tribal": 4})
    somalia = _place("Somalia", "SO")
    assert types.code("Gulf Cartel", somalia) == 3
    assert types.code("Barrio 18 gang", somalia) == 3
    assert types.code("Hawiye clan militia", somalia) == 4  # identity wins over political
    assert types.code("Tribal Militia", somalia) == 4
    assert types.code("Clan del Golfo", somalia) == 3  # the lexicon's own type wins
    assert types.code("Somalia", somalia) == 1  # a state is never typed by its words
    assert types.code("Jubaland Forces", somalia) is None


def test_de_facto_state_forces_are_external_abroad():
    types = ActorTypes({"Houthis": 1, "Taliban": 1}, frozenset({"Yemen"}), {},
                       {"Houthis": "Yemen", "Taliban": "Afghanistan"})
    assert types.code("Houthis", _place("Yemen", "YE")) == 1
    assert types.code("Houthis", _place("Israel", "IL")) == 8
    assert types.code("Houthis", _place(None, None)) == 1  # a sea: the lexicon's type
    assert types.code("Taliban", _place("Pakistan", "PK")) == 8
    assert types.code("Taliban", _place("Afghanistan", "AF")) == 1


def test_event_codes_leave_an_absent_actor_alone():
    types = ActorTypes({"Civilians": 7, "Protesters": 6}, frozenset({"Kenya"}))
    kenya = _place("Kenya", "KE")
    codes = types.event_codes("Protesters", None, kenya)
    assert (codes.inter1, codes.inter2, codes.interaction) == (6, 0, 60)
    codes = types.event_codes(None, "Civilians", kenya)
    assert (codes.inter1, codes.inter2, codes.interaction) == (None, 7, None)
    codes = types.event_codes("Kenya", "Civilians", kenya)
    assert (codes.inter1, codes.inter2, codes.interaction) == (1, 7, 17)


# --------------------------------------------------------------------------- lexicon


def test_every_group_and_generic_noun_has_a_type():
    actors = load_lexicon().actors
    codes = actors["inter_codes"]
    for section in ("groups", "generic"):
        missing = [name for name in actors[section] if name not in codes]
        assert missing == [], f"{section} without an inter code: {missing}"
    assert all(isinstance(v, int) and 1 <= v <= 8 for v in codes.values())
    for org in ("United Nations", "NATO", "European Union", "African Union", "ECOWAS"):
        assert codes[org] == 8


@pytest.mark.parametrize(
    ("yaml_text", "message"),
    [
        ("inter_codes:\n  Hamas: 9\n", "inter_codes: 'Hamas' has 9, not an ACLED inter code 1-8"),
        ("inter_codes:\n  Hamas: rebel\n", "'Hamas' has 'rebel', not an ACLED inter code"),
        ("inter_codes:\n  Hamas: true\n", "'Hamas' has True, not an ACLED inter code"),
        ("inter_codes:\n  Hamas: 2.5\n", "'Hamas' has 2.5, not an ACLED inter code"),
        ("inter_head_codes:\n  posse: 0\n", "inter_head_codes: 'posse' has 0, not an ACLED"),
        ("inter_head_codes: [posse]\n", "inter_head_codes must map actor names"),
        ("de_facto_states:\n  Hamass: Gaza\n", "de_facto_states: 'Hamass': 'Gaza' must map"),
        ("de_facto_states:\n  Houthis: Yemn\n", "de_facto_states: 'Houthis': 'Yemn' must map"),
        ("inter_codes: [Hamas]\n", "inter_codes must map actor names to ACLED inter codes"),
        ("inter_codes:\n  Hamass: 2\n", "'Hamass' is not a state, group or generic actor"),
    ],
)
def test_a_bad_inter_code_is_a_one_line_error(tmp_path: Path, yaml_text: str, message: str):
    (tmp_path / "en.actors.yaml").write_text(yaml_text, encoding="utf-8")
    with pytest.raises(ValueError) as info:
        load_lexicon(extra_dirs=[str(tmp_path)])
    text = str(info.value)
    assert message in text and "\n" not in text


def test_a_bad_code_names_its_file(tmp_path: Path):
    path = tmp_path / "en.actors.yaml"
    path.write_text("inter_codes:\n  Hamas: 0\n", encoding="utf-8")
    with pytest.raises(ValueError) as info:
        load_lexicon(extra_dirs=[str(tmp_path)])
    assert str(info.value).startswith(f"{path}: inter_codes: 'Hamas' has 0")


def test_an_extra_group_can_be_given_a_type(tmp_path: Path):
    (tmp_path / "en.actors.yaml").write_text(
        "groups:\n  Mai-Mai Yakutumba: [Yakutumba]\ninter_codes:\n  Mai-Mai Yakutumba: 4\n",
        encoding="utf-8",
    )
    assert load_lexicon(extra_dirs=[str(tmp_path)]).actors["inter_codes"]["Mai-Mai Yakutumba"] == 4


def test_numeric_codes_read_back_as_whole_numbers():
    import numpy as np

    from geomap.io.frame import _code

    assert [_code(np.float64(8.0)), _code(18.0), _code("05"), _code(np.int64(1)), _code(None)] \
        == ["8", "18", "05", "1", None]


def test_a_country_wide_event_has_no_admin1():
    import dataclasses

    from gazetteer import Gazetteer
    from geomap.io.acled import acled_row

    gz = Gazetteer.default()
    text = "Title: t\n\nGunmen killed 52 people in Plateau state on Monday."
    (event,) = extract(Article("t", text, dt.date(2025, 4, 15)), gz)
    nigeria = gz.lookup("Nigeria", kinds=["country"])[0].place
    wide = dataclasses.replace(event, location=dataclasses.replace(
        event.location, place=nigeria, geo_precision=3))
    admin = gz.reverse(nigeria.lat, nigeria.lon)  # the centre lies in some admin-1 unit
    assert admin.admin1
    assert acled_row(wide, admin)["admin1"] == ""
    assert acled_row(event, admin)["admin1"] == "Plateau State"
