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


def test_dev5_set_floors(gz):
    """Written blind to the extractor as longer analysis, live-blog and reaction pieces
    full of background, quotes, threats and places that are not event locations, then
    used to fix general precision errors (0.84 / 0.57 then): a floor under the measured
    0.84 / 0.64."""
    score = evaluate(DATA / "events_dev5", gz).as_dict()
    assert score["gold_events"] >= 40
    assert score["recall"] >= 0.80, score
    assert score["precision"] >= 0.60, score


def test_blind_set_floors(gz):
    """Written blind to the extractor and never used to change it: a floor under the
    measured 0.91 / 0.84 (0.88 / 0.80 before the rules learnt from dev set 3, 0.90 / 0.83
    before those from dev set 4; keep it unseen: fix errors found elsewhere, then measure)."""
    score = evaluate(DATA / "events_blind2", gz).as_dict()
    assert score["gold_events"] >= 60
    assert score["recall"] >= 0.88, score
    assert score["precision"] >= 0.81, score


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
    wrong = 2 * matched - actors.actor1_agree - actors.actor2_agree
    assert len(actors.mismatches) == wrong
    result = actors.as_dict()
    assert 0.5 < result["actor1"] <= 1.0 and 0.5 < result["actor2"] <= 1.0, result
