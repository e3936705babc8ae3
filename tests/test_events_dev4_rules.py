"""geomap.events rules written after the errors of the fourth development set.

Sentences written for these tests (not taken from any gold article), one test per
rule. They use the real gazetteer (skipped when its index cannot be found).
"""

from __future__ import annotations

from event_texts import events_of as _events
from event_texts import of_category as _of


def test_on_a_weekday_is_a_date_not_what_a_deal_is_about(gz):
    for text, place in (
        ("Russia and Ukraine exchanged prisoners on Thursday in Chernihiv region.", "Chernihiv"),
        ("The army and the rebels signed a truce on Monday in the town of Gao.", "Gao"),
    ):
        (deal,) = _of(_events(text, gz), "agreement")
        assert deal.place is not None and deal.place.name == place
    # a topic is still a topic: "talks on Syria" are not located in Syria
    (talks,) = _of(_events("The ministers held talks on Syria in Cairo on Monday.", gz), "meeting")
    assert talks.place.name == "Cairo"
