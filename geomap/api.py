"""Notebook-friendly entry points: events from text or files, shown inline as a map."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from geomap.records import Article, Event

if TYPE_CHECKING:  # pragma: no cover
    import folium
    import geopandas as gpd

    from geomap.pipeline import Skipped


@dataclass
class EventSet:
    """Events with what was skipped; displays as a map in Jupyter."""

    events: list[Event] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    unresolved: list[Skipped] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.events)

    def __iter__(self) -> Iterator[Event]:
        return iter(self.events)

    def to_geodataframe(self) -> gpd.GeoDataFrame:
        """Located events as a GeoDataFrame (one row per event location)."""
        from geomap.io import events_to_geodataframe

        result = events_to_geodataframe(self.events)
        return result.frame if hasattr(result, "frame") else result

    def explore(self, **kwargs) -> folium.Map:
        """A folium map of the events (see ``geomap.explore.make_map`` for options)."""
        from geomap.explore import make_map

        return make_map(self.events, **kwargs)

    def to_file(self, path: str | os.PathLike[str]) -> list[Event]:
        """Write events (.geojson, .csv, .parquet, .gpkg); returns those left out."""
        from geomap.io import write_events

        return write_events(self.events, path)

    def _repr_html_(self) -> str:
        return self.explore()._repr_html_()


def from_text(text: str, *, date: dt.date | str | None = None, id: str = "text",
              url: str | None = None, gazetteer=None) -> EventSet:
    """Events of one article given as a string."""
    from geomap.pipeline import process_article

    if isinstance(date, str):
        date = dt.date.fromisoformat(date)
    article = Article(id=id, text=text, date=date, url=url, source=url or id)
    events, unresolved = process_article(article, gazetteer)
    return EventSet(events, [], unresolved)


def from_files(paths: Sequence[str | os.PathLike[str]] | str, *, date: dt.date | None = None,
               jobs: int = 1) -> EventSet:
    """Events of article files, folders, JSONL records or event tables."""
    from geomap.pipeline import run

    result = run([paths] if isinstance(paths, str | os.PathLike) else paths, date=date,
                 jobs=jobs)
    return EventSet(result.events, result.skipped, result.unresolved)
