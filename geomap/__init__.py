"""geomap: news text or event tables to trustworthy maps, offline."""

from geomap.api import EventSet, from_files, from_text
from geomap.records import Article, Event, Location

__all__ = ["Article", "Event", "EventSet", "Location", "from_files", "from_text"]
__version__ = "0.1.0"
