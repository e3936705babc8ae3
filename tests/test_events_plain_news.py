"""geomap.events: plain news sentences that rules for background, talk and actors must
leave alone (each once broken by a rule written for long analysis pieces).

Sentences written for these tests, not taken from any gold article; read as published on
12 March 2025 (event_texts.PUB), with the real gazetteer.
"""

from __future__ import annotations

import pytest
from event_texts import events_of as _events
from event_texts import of_category as _of

_VIOLENT = ("attack", "air_strike", "shelling", "clash", "remote_explosive", "abduction")


def _violent(events):
    return [e for e in events if e.category in _VIOLENT]


@pytest.mark.parametrize("text", [
    "Its attacks on Mykolaiv killed 8 people on Monday, officials said.",  # a toll, a date
    "The UN condemned the attack on a school in Rafah on Monday that killed 20 people.",
    "The bombing in Peshawar on Monday was the latest in a series of attacks on the city.",
    "Officials accused the rebels of killing 20 villagers in Butembo on Monday.",
    "'The air strike destroyed the whole market,' a trader in Nyala told reporters on Monday.",
])
def test_the_event_itself_is_kept(gz, text):
    assert _violent(_events(text, gz)), text


def test_a_planned_march_is_kept(gz):
    assert _of(_events("The opposition is preparing a march in Bulawayo on Saturday.", gz),
               "protest")


def test_an_unclaimed_drone_strike_is_not_the_state_it_hits(gz):
    (strike,) = _of(_events("A drone struck a house in Sumy on Tuesday, killing 2 people.",
                            gz), "air_strike")
    assert strike.actor1 != "Ukraine"


@pytest.mark.parametrize(("text", "not_actor"), [
    ("Petro Poroshenko met supporters in Lviv on Monday.", "Colombia"),
    ("Members of South Africa's Government of National Unity met in Durban on Monday.",
     "Libya"),
    ("Houthi forces shelled Radaa on Monday.", "Radaa Deterrence Force"),
])
def test_ambiguous_names_are_no_actors(gz, text, not_actor):
    for e in _events(text, gz):
        assert not_actor not in (e.actor1, e.actor2), (e.category, e.actor1, e.actor2)


def test_the_group_just_introduced_is_not_an_armed_group_named_before(gz):
    text = ("Boko Haram attacked Maiduguri on Monday. On Tuesday, a group of women protested "
            "in Kano and police arrested the group.")
    (arrest,) = _of(_events(text, gz), "arrest")
    assert arrest.actor2 != "Boko Haram"
