"""Actor coding (actor1 / actor2, ACLED conventions) written after the actor disagreements
of the development sets. Sentences written for these tests, one test per rule."""

from __future__ import annotations

from event_texts import events_of as _events
from event_texts import of_category as _of


def test_armed_groups_of_many_theatres_are_listed(gz):
    for text, category, side, actor in (
        ("Police arrested twelve suspected members of Los Choneros in Guayaquil on Monday.",
         "arrest", "actor2", "Los Choneros"),
        ("The Ta'ang National Liberation Army seized a town near Lashio on Monday.",
         "territory", "actor1", "Ta'ang National Liberation Army"),
        ("Soldiers fought the Balochistan Liberation Army near Turbat on Monday.",
         "clash", "actor2", "Balochistan Liberation Army"),
    ):
        events = _of(_events(text, gz), category)
        assert events and any(getattr(e, side) == actor for e in events), (text, events)

