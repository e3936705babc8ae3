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


def test_a_position_held_for_long_is_no_statement_of_the_day(gz):
    for text in (
        "Turkey's foreign ministry has always denied shelling villages.",
        "Egypt's foreign ministry has in the past rejected such claims.",
        "The Algerian government has long denied the charges.",
    ):
        assert not _of(_events(text, gz), "statement"), text
    # the same speaker on a given day still makes one
    text = "Egypt's foreign ministry rejected the claims in a statement on Monday."
    assert _of(_events(text, gz), "statement")


def test_retired_or_opposition_figures_do_not_speak_for_the_state(gz):
    for text in (
        "A retired general told a television channel in Lahore that the army was tired.",
        "A former minister told reporters in Nairobi that the talks had failed.",
    ):
        assert not _of(_events(text, gz), "statement"), text
    text = "The defence minister told reporters in Nairobi that the talks had failed."
    assert _of(_events(text, gz), "statement")
