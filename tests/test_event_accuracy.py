"""Event extraction accuracy floors: category + location (25 km / intersecting the area)."""

from __future__ import annotations

from pathlib import Path

from geomap.evaluate import evaluate

DATA = Path(__file__).resolve().parent / "data"


def test_dev_gold_set_floors(gz):
    score = evaluate(DATA / "events_gold", gz).as_dict()
    assert score["gold_events"] >= 80
    assert score["recall"] >= 0.85, score
    assert score["precision"] >= 0.80, score


def test_held_out_set_floors(gz):
    """Written blind to the extractor, since used to fix general errors (0.77 / 0.83 then):
    a floor under the measured 0.89 / 0.94."""
    score = evaluate(DATA / "events_heldout", gz).as_dict()
    assert score["gold_events"] >= 60
    assert score["recall"] >= 0.85, score
    assert score["precision"] >= 0.90, score


def test_dev3_set_floors(gz):
    """Written blind to the extractor in theatres the other sets use little, then used as
    a development set to fix general errors (0.80 / 0.69 then): a floor under the
    measured 0.97 / 0.94."""
    score = evaluate(DATA / "events_dev3", gz).as_dict()
    assert score["gold_events"] >= 95
    assert score["recall"] >= 0.94, score
    assert score["precision"] >= 0.91, score


def test_dev4_set_floors(gz):
    """Written blind to the extractor, weighted towards agreements, talks, arrests and
    statements and towards attacks on civilians next to clashes, then used as a
    development set to fix general errors (0.80 / 0.86 then): a floor under the
    measured 0.90 / 0.96."""
    score = evaluate(DATA / "events_dev4", gz).as_dict()
    assert score["gold_events"] >= 105
    assert score["recall"] >= 0.87, score
    assert score["precision"] >= 0.93, score


def test_blind_set_floors(gz):
    """Written blind to the extractor and never used to change it: a floor under the
    measured 0.91 / 0.84 (0.88 / 0.80 before the rules learnt from dev set 3, 0.90 / 0.83
    before those from dev set 4; keep it unseen: fix errors found elsewhere, then measure)."""
    score = evaluate(DATA / "events_blind2", gz).as_dict()
    assert score["gold_events"] >= 60
    assert score["recall"] >= 0.88, score
    assert score["precision"] >= 0.81, score
