"""Plain typed records for articles and events.

Inside geomap everything is a dataclass; conversion to GeoDataFrames happens at
the edges (``geomap.io`` and ``geomap.explore``).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field, fields
from typing import Any

from gazetteer.records import Place


@dataclass(slots=True)
class Article:
    """One input text with its metadata (header lines parsed off)."""

    id: str
    text: str  # body, offsets of events refer to this string
    date: dt.date | None = None  # publication date, anchors relative dates
    title: str | None = None
    url: str | None = None
    source: str | None = None  # file path or record id
    warnings: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Location:
    """Where an event happened: a gazetteer place plus how precisely it is known."""

    place: Place
    mention: str  # the text that named it
    start: int  # offsets of the mention in the article text
    end: int
    geo_precision: int  # ACLED: 1 named town, 2 near a town / part of a region, 3 wider


@dataclass(slots=True)
class Event:
    """One coded event, in the spirit of an ACLED row, with its evidence.

    ``category`` is geomap's own map layer key (see ``geomap.taxonomy``);
    ``event_type``/``sub_event_type`` follow ACLED where ACLED has a category.
    An event with several locations is split into one Event per location that
    share a ``group_id``.
    """

    event_id: str
    category: str  # air_strike, shelling, clash, patrol, agreement, meeting, …
    event_type: str  # ACLED event_type, or "Diplomacy" / "Statement" for non-ACLED types
    sub_event_type: str
    status: str = "reported"  # "reported" (happened) or "planned"
    actor1: str | None = None
    actor2: str | None = None
    assoc_actors: list[str] = field(default_factory=list)  # every associate, actor1's first
    # those of ``assoc_actors`` that are with actor2 (a table's assoc_actor_2); the rest are
    # actor1's (``assoc_actors1``). Events coded from text leave it empty.
    assoc_actors2: list[str] = field(default_factory=list)
    # ACLED actor types of actor1 and actor2 ("1" State forces … "8" External/Other forces)
    # and their interaction ("16"; "60" for one actor); None when unknown. Text, so that
    # the codes of a row read from an ACLED file are written back exactly as they were.
    inter1: str | None = None
    inter2: str | None = None
    interaction: str | None = None
    event_date: dt.date | None = None
    time_precision: int | None = None  # ACLED: 1 day, 2 week, 3 month or vaguer
    date_text: str | None = None  # the words the date came from
    fatalities: int | None = None  # lowest figure reported; None when not reported
    location: Location | None = None
    sentence: str = ""  # the source sentence
    start: int = 0  # offsets of the sentence in the article text
    end: int = 0
    trigger: str = ""  # the word that typed the event
    source: str | None = None  # file path / URL / record id of the article
    article_id: str | None = None
    confidence: float = 0.0
    group_id: str | None = None
    notes: str = ""
    # the input table row's other columns (no field above holds them), as text, in the
    # row's order: ACLED's admin2, region, civilian_targeting …, and the user's own
    extra_columns: dict[str, str] = field(default_factory=dict)

    @property
    def place(self) -> Place | None:
        return self.location.place if self.location else None

    @property
    def assoc_actors1(self) -> list[str]:
        """The associates of actor1: ``assoc_actors`` without those in ``assoc_actors2``."""
        of_actor2 = Counter(self.assoc_actors2)
        side1 = []
        for actor in self.assoc_actors:
            if of_actor2[actor] > 0:
                of_actor2[actor] -= 1
            else:
                side1.append(actor)
        return side1

    def to_dict(self) -> dict[str, Any]:
        """Flat properties (no geometry, no ``extra_columns``), JSON-ready."""
        d = {f.name: getattr(self, f.name) for f in fields(self)
             if f.name not in ("location", "extra_columns")}
        d["event_date"] = self.event_date.isoformat() if self.event_date else None
        d["assoc_actors"] = "; ".join(self.assoc_actors)
        d["assoc_actors2"] = "; ".join(self.assoc_actors2)
        loc = self.location
        d.update(
            location=loc.place.name if loc else None,
            location_mention=loc.mention if loc else None,
            location_kind=loc.place.kind if loc else None,
            location_key=loc.place.key if loc else None,
            geo_precision=loc.geo_precision if loc else None,
            latitude=loc.place.lat if loc else None,
            longitude=loc.place.lon if loc else None,
            country_code=loc.place.country_code if loc else None,
            country=loc.place.country if loc else None,
            admin1=loc.place.admin1 if loc else None,
        )
        return d
