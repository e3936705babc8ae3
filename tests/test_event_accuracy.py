"""Event extraction accuracy floors: category + location (25 km / intersecting the area)."""

from __future__ import annotations

from pathlib import Path

import pytest

from geomap.evaluate import evaluate

DATA = Path(__file__).resolve().parent / "data"


#: (set, gold lines at least, recall floor, precision floor): each floor sits under what
#: the set measures; how each set was made is in its README.
FLOORS = [
    ("events_gold", 80, 0.85, 0.80),
    # written blind to the extractor, since used to fix general errors (0.77 / 0.83 then;
    # measured 0.91 / 0.95)
    ("events_heldout", 60, 0.85, 0.90),
    # written blind in theatres the other sets use little, then used as a development set
    # (0.80 / 0.69 then; measured 0.98 / 0.95)
    ("events_dev3", 95, 0.94, 0.91),
    # written blind, weighted towards agreements, talks, arrests, statements and attacks on
    # civilians next to clashes, then used (0.80 / 0.86 then; measured 0.90 / 0.97)
    ("events_dev4", 105, 0.87, 0.93),
    # written blind as longer analysis, live-blog and reaction pieces full of background,
    # quotes, threats and places that are not event locations, then used to fix general
    # precision errors (0.84 / 0.57 then; 0.84 / 0.65 after the first fixes; 0.98 / 0.98
    # after a second round, 0.93 / 0.89 once the rules of it that dropped plain news were
    # undone or narrowed; the blind set did not move with either)
    ("events_dev5", 40, 0.90, 0.85),
    # written blind and never used to change the extractor (0.88 / 0.80 before the rules
    # learnt from dev set 3, 0.90 / 0.83 before those from dev set 4; measured 0.91 /
    # 0.84): keep it unseen, fix errors found elsewhere, then measure
    ("events_blind2", 60, 0.88, 0.81),
]


@pytest.mark.parametrize(("folder", "min_events", "recall", "precision"), FLOORS)
def test_set_floors(gz, folder, min_events, recall, precision):
    score = evaluate(DATA / folder, gz).as_dict()
    assert score["gold_events"] >= min_events
    assert score["recall"] >= recall, score
    assert score["precision"] >= precision, score


def test_actor_agreement_compares_names_without_country_suffix():
    from geomap.evaluate import actor_key

    assert actor_key("Civilians (Sudan)") == actor_key("civilians") == "civilians"
    assert actor_key("Police Forces (France)") == "police forces"
    assert actor_key(None) == actor_key("") == ""
    assert actor_key("Rapid Support Forces") != actor_key("Sudan")


def test_actor_agreement_names_a_country_as_the_gazetteer_does(gz):
    """ACLED's and the gold's "Democratic Republic of Congo" is the gazetteer's (and so
    geomap's) "Democratic Republic of the Congo"; other names stay apart."""
    from geomap.evaluate import actor_key

    assert actor_key("Democratic Republic of Congo", gz) == \
        actor_key("Democratic Republic of the Congo", gz)
    assert actor_key("Civilians (Democratic Republic of Congo)", gz) == "civilians"
    assert actor_key("Niger", gz) != actor_key("Nigeria", gz)
    assert actor_key("Republic of the Congo", gz) != actor_key("Democratic Republic of Congo", gz)
    assert actor_key("M23", gz) == "m23"


def test_actor_agreement_on_matched_events(gz):
    """``--actors`` scores actor1 and actor2 on the events matched to gold, and lists the
    disagreements."""
    from geomap.evaluate import ActorScore

    actors = ActorScore()
    score = evaluate(DATA / "events_gold", gz, actors=actors)
    matched = sum(score.matched_gold.values())
    assert actors.matched == matched > 100
    wrong = 2 * matched - actors.agree["actor1"] - actors.agree["actor2"]
    assert len(actors.mismatches) == wrong
    result = actors.as_dict()
    assert 0.5 < result["actor1"] <= 1.0 and 0.5 < result["actor2"] <= 1.0, result
