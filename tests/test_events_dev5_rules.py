"""geomap.events rules written after the errors of the fifth development set.

Sentences written for these tests (not taken from any gold article), one test per
rule. They use the real gazetteer (skipped when its index cannot be found).
"""

from __future__ import annotations

from event_texts import events_of as _events
from event_texts import of_category as _of

VIOLENT = ("air_strike", "shelling", "explosion", "clash", "attack", "territory")


def _violent(events):
    return [e for e in events if e.category in VIOLENT]


def test_many_times_and_past_years_tell_a_pattern(gz):
    for text in (
        "Mosul has been shelled many times since the war began.",
        "Insurgents attacked convoys near Gao several times in recent years.",
        "Iraqi and Turkish officials held talks in Baghdad in past years on water.",
    ):
        events = _events(text, gz)
        assert not _violent(events) and not _of(events, "meeting"), (text, events)


def test_violence_that_could_follow_or_is_possible_is_no_event(gz):
    for text in (
        "Officials in Kyiv warned that new air strikes on Kharkiv could follow.",
        "Diplomats said fresh clashes are likely near Gao.",
    ):
        assert not _violent(_events(text, gz)), text


def test_earlier_fighting_is_a_reference(gz):
    text = "The villagers had fled to Mopti to escape earlier fighting near Gao."
    assert not _of(_events(text, gz), "clash")
