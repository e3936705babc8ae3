"""Event extraction: from article text and resolved toponyms to coded events.

``extract(article, gazetteer)`` geoparses the article and codes its events;
``extract_events(article, toponyms)`` does the coding from toponyms you already
have. See docs/events.md for the pipeline and its conventions.
"""

from geomap.events.extractor import extract, extract_events
from geomap.events.lexicon import Lexicon, load_lexicon

__all__ = ["Lexicon", "extract", "extract_events", "load_lexicon"]
