"""Offline world gazetteer: place names to points, polygons and lines."""

from gazetteer.core import Gazetteer, to_geodataframe
from gazetteer.records import AdminArea, Candidate, Place, Toponym

__all__ = ["AdminArea", "Candidate", "Gazetteer", "Place", "Toponym", "to_geodataframe"]
