"""The corpus-speed parser (``gazetteer.fast``): what it finds, its two scans, its cache,
and its accuracy on the gold sets."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

from gazetteer import fast
from gazetteer.evaluate import evaluate

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "tests" / "data"


def _places(gz, text: str) -> dict[str, tuple[str, str]]:
    """Each toponym's text → (kind, country code) of the place it was resolved to."""
    rows = gz.parse_fast([text])
    return {t: (k, c) for t, k, c in zip(rows["text"], rows["kind"], rows["country_code"],
                                         strict=True)}


def test_names_resolve_in_context(gz):
    found = _places(gz, "Shelling hit Idlib Province on Monday, and drones struck near "
                        "Saraqib. Aid trucks waited at Bab al-Hawa while officials met in "
                        "Geneva.")
    assert found["Idlib"] == ("admin1", "SY")  # the type word chose the province
    assert found["Saraqib"][1] == "SY"
    assert found["Bab al-Hawa"][1] == "SY"  # joined across the particle
    assert found["Geneva"][1] == "CH"
    assert "Monday" not in found


def test_a_type_word_after_the_name_and_one_sense_per_text(gz):
    rows = gz.parse_fast(["Shelling hit Idlib province on Monday. By evening drones had "
                          "struck Idlib again, and Hama too."])
    assert list(rows[rows["text"] == "Idlib"]["kind"]) == ["admin1", "admin1"]


def test_names_before_a_title_and_after_a_possessive(gz):
    found = _places(gz, "Russian President Sergei Vlasov flew to Russia's Black Sea coast.")
    assert found["Russian"] == ("country", "RU")
    assert found["Black Sea"][0] == "sea"
    assert "Vlasov" not in found


@pytest.mark.parametrize(("text", "name", "country"), [
    ("South Korea's security council met.", "South Korea", "KR"),  # not Korea after "South"
    ("Northern Ireland's assembly met.", "Northern Ireland", "GB"),
])
def test_a_leading_word_is_cut_only_when_the_whole_is_no_name(gz, text, name, country):
    assert _places(gz, text)[name][1] == country


def test_the_texts_places_choose_among_namesakes(gz):
    assert _places(gz, "Floods hit Springfield. The governor of Illinois toured Peoria and "
                       "Bloomington.")["Springfield"] == ("city", "US")
    rows = gz.parse_fast(["Officials in London, Ontario, and Toronto and Hamilton met."])
    london = rows[rows["text"] == "London"].iloc[0]
    assert london["country_code"] == "CA"


def test_a_holder_after_a_comma(gz):
    # the text's other places are Russian; the holder after the comma wins
    rows = gz.parse_fast(["After Kazan and Samara, the band played in Moscow, Idaho."])
    assert rows[rows["text"] == "Moscow"].iloc[0]["country_code"] == "US"


def test_persons_common_words_and_acronyms_are_no_places(gz):
    found = _places(gz, "President Jackson spoke. Later Jackson left for talks between AU "
                        "envoys. Mobile phones were cut.")
    assert "Jackson" not in found  # the words after a title are a person's
    assert "AU" not in found  # an acronym, not the Swiss village
    assert "Mobile" not in found  # a common word opening a sentence
    assert _places(gz, "A storm hit the port in Mobile.")["Mobile"][1] == "US"


def test_spellings_capitals_and_possessives(gz):
    found = _places(gz, "GOMA, Congo — Rebels neared. In Deir al-Balah, doctors worked. "
                        "Syria's Afrin was shelled; Neighbouring Argentina sent aid.")
    assert found["GOMA"][1] == "CD"  # a dateline in capitals
    assert found["Deir al-Balah"][1] == "PS"  # GeoNames spells it Deir el-Balah
    assert found["Syria"] == ("country", "SY") and found["Afrin"][1] == "SY"
    assert found["Argentina"] == ("country", "AR")  # without the sentence's first word


def test_spans_and_text_indices(gz):
    texts = ["Talks in Ankara.", None, "", "Protests in Nairobi and Mombasa."]
    rows = gz.parse_fast(texts)
    assert list(rows["doc"]) == [0, 3, 3]
    for doc, start, end, text in zip(rows["doc"], rows["start"], rows["end"], rows["text"],
                                     strict=True):
        assert texts[doc][start:end] == text
    assert gz.parse_fast([]).empty


@pytest.mark.skipif(fast.find_runs is fast._find_runs_re, reason="scan not compiled")
@pytest.mark.parametrize("text", [
    "İdlib and Ağrı, Şanlıurfa; iPhone McDonald's Bab al-Hawa, Rio de Janeiro — Sea of Azov",
    "Ärger Ÿ Ʃ ΑΒ Ω Москва", "", "A", "End A B", "X al-Y of Z  Q of", "Syria's Afrin",
    "Trinidad and Tobago\nand Aleppo of\nIdlib", "Sea of Azov, Gulf of Aden and the Bay of",
    "Idlib province and Syria's province, the M4 highway, Aleppo provincial, Hama provinces",
    "A's province, X' province, Sea provinceprovinceprovince, Gulf road", "Idlib province",
])
def test_the_compiled_scan_is_the_regular_expression(gz, text):
    tables = gz._fast.tables if gz._fast else fast.load_tables(gz.store)
    readings = {"Putin": (), "In Aleppo": ((3, 6, 1, 0),)}
    args = (text, tables.surface, readings, fast.PARTICLE_GAPS, tables.joins, fast._TYPE_MASKS,
            fast.CAPITALS, fast.LONGEST_GAP)
    compiled, regex = fast.find_runs(*args), fast._find_runs_re(*args)
    assert [list(part) for part in compiled] == [list(part) for part in regex]


@pytest.mark.skipif(fast.find_runs is fast._find_runs_re, reason="scan not compiled")
def test_the_compiled_scan_on_the_example_articles(gz):
    tables = fast.load_tables(gz.store)
    text = "\n".join(p.read_text(encoding="utf-8")
                     for p in sorted((REPO / "geomap" / "examples").glob("*.txt")))
    args = (text, tables.surface, {}, fast.PARTICLE_GAPS, tables.joins, fast._TYPE_MASKS,
            fast.CAPITALS, fast.LONGEST_GAP)
    assert [list(p) for p in fast.find_runs(*args)] == \
        [list(p) for p in fast._find_runs_re(*args)]


@pytest.mark.skipif(fast.choose_places is fast._choose_places_np, reason="not compiled")
def test_the_compiled_choice_is_the_numpy_one(gz, monkeypatch):
    calls = []

    def recorded(*args):
        calls.append(args)
        return fast._choose_places_np(*args)

    monkeypatch.setattr(fast, "choose_places", recorded)
    texts = [json.loads(line)["text"] for line in
             (DATA / "geoparse_gold.jsonl").read_text(encoding="utf-8").splitlines()]
    texts += [p.read_text(encoding="utf-8")
              for p in sorted((REPO / "geomap" / "examples").glob("*.txt"))]
    fast.FastParser(fast.load_tables(gz.store)).parse(texts)
    (args,) = calls
    assert (args[3] > 1).sum() > 100  # many names with several candidates
    compiled, numpy = fast._compiled_choose_places(*args), fast._choose_places_np(*args)
    assert compiled[0].tolist() == numpy[0].tolist()
    assert compiled[1].tolist() == numpy[1].tolist()


@pytest.mark.skipif(fast.find_runs is fast._find_runs_re, reason="not compiled")
def test_without_a_compiler_the_output_is_the_same(gz, monkeypatch):
    texts = [json.loads(line)["text"] for line in
             (DATA / "geoparse_gold.jsonl").read_text(encoding="utf-8").splitlines()]
    tables = fast.load_tables(gz.store)
    compiled = fast.FastParser(tables).parse(texts)
    monkeypatch.setattr(fast, "find_runs", fast._find_runs_re)
    monkeypatch.setattr(fast, "choose_places", fast._choose_places_np)
    assert fast.FastParser(tables).parse(texts).equals(compiled)


def test_tables_are_cached_beside_the_index(gz, tmp_path, monkeypatch):
    tables = fast.load_tables(gz.store)
    path = fast.tables_path(gz.store)
    assert path.exists()
    with path.open("rb") as f:
        key, _ = pickle.load(f)
    assert key == fast.tables_key(gz.store)
    built = []
    monkeypatch.setattr(fast, "build_tables", lambda store: built.append(store) or tables)
    fast.load_tables(gz.store)
    assert not built  # read from the cache
    cache = tmp_path / "index.fast.pickle"
    monkeypatch.setattr(fast, "tables_path", lambda store: cache)
    for stale in (pickle.dumps((fast.TABLES_VERSION, tables)),  # an older cache
                  b"\x80\x04cno_such_module\nthing\n.",  # pickled elsewhere
                  b"torn"):
        cache.write_bytes(stale)
        built.clear()
        assert fast.load_tables(gz.store) is tables and built
    cache.unlink()
    cache.mkdir()  # the cache cannot be written: nothing is left behind
    fast.load_tables(gz.store)
    assert [p.name for p in tmp_path.iterdir()] == [cache.name]


class _IndexFile:
    """A stand-in Store: an index file and its meta."""

    def __init__(self, path):
        self.path = path

    def meta(self):
        return {"fingerprint": "same"}


def test_the_cache_key_follows_the_index_file(tmp_path):
    index = tmp_path / "index.sqlite"
    index.write_bytes(b"index built with the bundled packs")
    before = fast.tables_key(_IndexFile(index))
    index.write_bytes(b"index rebuilt with a user's pack, same fingerprint")
    assert fast.tables_key(_IndexFile(index)) != before


def test_threads_share_one_parser(gz, monkeypatch):
    from concurrent.futures import ThreadPoolExecutor

    monkeypatch.setattr(fast, "RUN_MEMO_SIZE", 20)  # memos emptied under other threads
    batches = [[f"President Abel{i}{j} met Governor Cain{j} in Aleppo, Idlib and Sochi."
                for j in range(200)] for i in range(6)]
    expected = [gz.parse_fast(batch) for batch in batches]
    with ThreadPoolExecutor(6) as pool:
        frames = list(pool.map(gz.parse_fast, batches))
    assert all(f.equals(e) for f, e in zip(frames, expected, strict=True))


@pytest.mark.parametrize("compiled", [True, False])
def test_memory_follows_the_names_not_the_texts(gz, monkeypatch, compiled):
    import tracemalloc

    if not compiled:
        monkeypatch.setattr(fast, "choose_places", fast._choose_places_np)
    gz.parse_fast(["warm"])
    # ambiguous names (ranked by the text's countries) and small places (vouched for)
    texts = [""] * 2_000_000 + ["Floods hit Springfield and Halfaya near Hama; shells fell "
                                "on Hass and Maarzaf."]
    tracemalloc.start()
    rows = gz.parse_fast(texts)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert set(rows["doc"]) == {2_000_000}
    assert peak < 150e6  # no table of texts × countries


def test_input_types(gz):
    with pytest.raises(TypeError, match="sequence of texts"):
        gz.parse_fast("Talks in Ankara.")
    rows = gz.parse_fast(t for t in ["Talks in Ankara.", "Protests in Nairobi."])
    assert list(rows["doc"]) == [0, 1]


@pytest.mark.parametrize("text", ["A storm hit the port in\nMobile.",
                                  "A storm hit the port (in Mobile).",
                                  "A storm hit the port in\tMobile."])
def test_a_locative_before_a_line_break_or_bracket(gz, text):
    assert "Mobile" in _places(gz, text)


def test_a_tab_after_a_full_stop_opens_a_sentence(gz):
    assert "Bath" not in _places(gz, "Storms came.\tBath was flooded.")


@pytest.mark.parametrize(("gold", "accuracy", "precision"), [
    ("geoparse_gold.jsonl", 0.91, 0.94),
    ("geoparse_blind2.jsonl", 0.83, 0.92),  # never used to change the parser
])
def test_end_to_end_accuracy(gz, gold, accuracy, precision):
    score = evaluate(DATA / gold, gz, fast=True).as_dict()
    assert score["end_to_end_acc@161km"] >= accuracy
    assert score["detection_precision"] >= precision


def test_cli_geoparse_fast_keeps_record_order_and_writes_json(tmp_path):
    import subprocess
    import sys

    lines = [{"id": "a", "text": "Ships crossed the Black Sea to Odesa."},
             {"id": "b", "text": "Talks in Ankara.", "spans": [[9, 15]]},
             {"id": "c", "text": "No place here."},
             {"id": "d", "text": "Protests in Nairobi."}]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines), encoding="utf-8")
    geomap = Path(sys.executable).with_name("geomap")
    proc = subprocess.run([str(geomap), "geoparse", str(path), "--fast"], capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "NaN" not in proc.stdout  # strict JSON
    out = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [o["id"] for o in out] == ["a", "b", "c", "d"]
    sea = next(t for t in out[0]["toponyms"] if t["text"] == "Black Sea")
    assert sea["kind"] == "sea" and sea["country_code"] is None
    assert out[1]["toponyms"][0]["geonameid"] == 323786  # spans: resolved in full
    assert out[2]["toponyms"] == []
    assert out[3]["toponyms"][0]["country_code"] == "KE"


@pytest.mark.parametrize("fast_flag", [[], ["--fast"]])
def test_cli_geoparse_survives_a_lone_surrogate_in_an_id(tmp_path, fast_flag):
    import subprocess
    import sys

    path = tmp_path / "in.jsonl"
    path.write_text('{"id": "\\ud83d", "text": "Talks in Ankara."}\n'
                    '{"id": "b", "text": "Protests in Nairobi."}\n', encoding="utf-8")
    geomap = Path(sys.executable).with_name("geomap")
    proc = subprocess.run([str(geomap), "geoparse", str(path), *fast_flag],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert [json.loads(line)["id"] for line in proc.stdout.splitlines()] == ["\ud83d", "b"]
