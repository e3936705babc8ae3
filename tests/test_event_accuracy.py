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
    """Articles written blind to the extractor: a floor under the measured 0.77 / 0.83."""
    score = evaluate(DATA / "events_heldout", gz).as_dict()
    assert score["gold_events"] >= 60
    assert score["recall"] >= 0.72, score
    assert score["precision"] >= 0.78, score
