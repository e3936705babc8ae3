"""geomap.text: reading article files and splitting sentences."""

from __future__ import annotations

import datetime as dt

import pytest

from geomap.text import read_article, sentences, split_sentences


def test_header_lines_set_metadata(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text(
        "title: Shelling hits Kharkiv\nDATE: 2024-05-14\nUrl: https://example.org/a\n"
        "Source: Example Wire\n\n\nKHARKIV — Shells hit the city on Monday.\n",
        encoding="utf-8",
    )
    art = read_article(path)
    assert art.title == "Shelling hits Kharkiv"
    assert art.date == dt.date(2024, 5, 14)
    assert art.url == "https://example.org/a"
    assert art.source == "Example Wire"
    assert art.id == "story"
    assert art.text.startswith("KHARKIV")
    assert art.warnings == []


def test_header_stops_at_first_body_line():
    art = read_article(b"Title: Talks\nThe talks resumed.\nDate: not a header\n")
    assert art.title == "Talks"
    assert art.date is None
    assert art.text == "The talks resumed.\nDate: not a header\n"


def test_no_header_keeps_text_and_path_source(tmp_path):
    path = tmp_path / "plain.txt"
    path.write_text("Fighting raged in Omdurman.", encoding="utf-8")
    art = read_article(path, default_id="a1")
    assert art.id == "a1" and art.title is None
    assert art.text == "Fighting raged in Omdurman."
    assert art.source == str(path)


def test_date_argument_overrides_header():
    art = read_article(b"Date: 2024-01-01\n\nBody.", date=dt.date(2023, 5, 2))
    assert art.date == dt.date(2023, 5, 2)


def test_written_header_date_is_parsed():
    art = read_article(b"Date: March 3, 2025\n\nBody.")
    assert art.date == dt.date(2025, 3, 3)


def test_bom_and_crlf():
    art = read_article("\ufeffTitle: Ceasefire\r\n\r\nA truce took effect.\r\n".encode())
    assert art.title == "Ceasefire"
    assert art.text == "A truce took effect.\n"


@pytest.mark.parametrize(("bom", "encoding"), [(b"\xff\xfe", "utf-16-le"),
                                               (b"\xfe\xff", "utf-16-be")])
def test_utf16_with_a_bom_is_read(bom, encoding):
    """Notepad's "Unicode" is UTF-16 with a byte order mark: read it, not cp1252 noise."""
    text = "Date: 2021-09-28\r\n\r\nTroops shelled Idlib on Monday.\r\n"
    art = read_article(bom + text.encode(encoding))
    assert (art.date, art.text, art.warnings) == (
        dt.date(2021, 9, 28), "Troops shelled Idlib on Monday.\n", [])


def test_cp1252_fallback_warns():
    data = "Title: Caf\u00e9 attack\n\nGunmen stormed a caf\u00e9 \u2014 police said.".encode(
        "cp1252"
    )
    art = read_article(data)
    assert art.title == "Caf\u00e9 attack"
    assert "\u2014" in art.text
    assert art.warnings and "cp1252" in art.warnings[0]


def test_bytes_get_a_stable_id():
    assert read_article(b"x").id == read_article(b"x").id


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Gen. Abdel Fattah al-Burhan visited Port Sudan. He met U.S. envoys there.",
            ["Gen. Abdel Fattah al-Burhan visited Port Sudan.", "He met U.S. envoys there."],
        ),
        (
            "Talks are set for Sept. 29 in Doha. Mr. Rubio will attend.",
            ["Talks are set for Sept. 29 in Doha.", "Mr. Rubio will attend."],
        ),
        (
            "About 3.5 million people live in the province. Most fled in 2020.",
            ["About 3.5 million people live in the province.", "Most fled in 2020."],
        ),
        (
            '"We will not stop," he said. "The raids go on."',
            ['"We will not stop," he said.', '"The raids go on."'],
        ),
        (
            "Was it a drone? Officials did not say! Dr. Lwin treated 12 people.",
            ["Was it a drone?", "Officials did not say!", "Dr. Lwin treated 12 people."],
        ),
    ],
)
def test_split_sentences(text, expected):
    assert sentences(text) == expected


def test_offsets_point_into_the_text():
    text = "  First one.  Second one.\n\nThird one"
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == ["First one.", "Second one.", "Third one"]


def test_paragraphs_and_headlines_split():
    text = "Myanmar junta strikes Sagaing\n\nAircraft bombed a village near Kanbalu"
    assert sentences(text) == [
        "Myanmar junta strikes Sagaing",
        "Aircraft bombed a village near Kanbalu",
    ]


def test_hard_wrapped_lines_are_joined():
    text = "Russian forces shelled the\ncity of Nikopol on Tuesday.\nNo one was hurt."
    assert sentences(text) == [
        "Russian forces shelled the\ncity of Nikopol on Tuesday.",
        "No one was hurt.",
    ]


def test_long_runs_are_capped():
    text = "word " * 5000 + "x" * 3000
    spans = split_sentences(text, max_len=1000)
    assert all(e - s <= 1000 for s, e in spans)
    assert spans[0][0] == 0 and spans[-1][1] == len(text.rstrip())


def test_empty_text():
    assert split_sentences("") == []
    assert split_sentences("   \n\n ") == []
