"""Helpers for the event-rule tests: code a test text, keep the events of one category."""

from __future__ import annotations

import datetime as dt

from geomap.events import extract
from geomap.records import Article

PUB = dt.date(2025, 3, 12)  # the publication date the test texts are read with


def events_of(text, gz, date=PUB):
    return extract(Article("t", text, date), gz)


def of_category(events, category):
    return [e for e in events if e.category == category]
