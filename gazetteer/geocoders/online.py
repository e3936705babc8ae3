"""Opt-in online fallback: geopy's Nominatim, rate-limited, with an on-disk cache.

Never used unless the user asks (``--online`` / ``CachedNominatim(enabled=True)``).
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

from geopy.extra.rate_limiter import RateLimiter
from geopy.location import Location


class OnlineGeocodingDisabled(RuntimeError):
    """Raised when online geocoding is reached without being enabled, or fails."""


def _cache_path() -> Path:
    from gazetteer.build import default_home

    return default_home() / "nominatim-cache.sqlite"


def _why(exc: Exception) -> str:
    """One short line for a network failure (geopy's messages nest urllib3's whole story)."""
    text = str(exc)
    if "resolve" in text or "Name or service not known" in text or "NameResolution" in text:
        return "cannot reach nominatim.openstreetmap.org (no network or DNS: offline?)"
    if "timed out" in text.lower():
        return "Nominatim did not answer in time"
    first = text.splitlines()[0] if text else ""
    return f"{type(exc).__name__}: {first[:160]}"


class CachedNominatim:
    """Nominatim lookups cached in SQLite and limited to one request per ``min_delay`` s."""

    def __init__(self, user_agent: str | None = None, *, enabled: bool = False,
                 cache: str | Path | None = None, min_delay: float = 1.0):
        self.enabled = enabled
        self.user_agent = user_agent or os.environ.get("GEOMAP_USER_AGENT", "geomap")
        self.cache_path = Path(cache) if cache else _cache_path()
        self.min_delay = min_delay
        self._geocode = None

    def _db(self) -> sqlite3.Connection:
        self.cache_path.parent.mkdir(parents=True, exist_ok=True)
        con = sqlite3.connect(self.cache_path)
        con.execute("CREATE TABLE IF NOT EXISTS cache (query TEXT PRIMARY KEY, result TEXT)")
        return con

    def geocode(self, query: str) -> Location | None:
        """One place for a name, from the cache or (when enabled) from Nominatim."""
        with self._db() as con:
            row = con.execute("SELECT result FROM cache WHERE query = ?", (query,)).fetchone()
        if row:
            data = json.loads(row[0])
            return Location(data["address"], (data["lat"], data["lon"]), data["raw"]) \
                if data else None
        if not self.enabled:
            raise OnlineGeocodingDisabled(
                f"{query!r} is not in the offline gazetteer; online geocoding is off "
                "(pass --online to allow Nominatim)")
        if self._geocode is None:
            from geopy.geocoders import Nominatim

            self._geocode = RateLimiter(Nominatim(user_agent=self.user_agent).geocode,
                                        min_delay_seconds=self.min_delay, max_retries=0,
                                        swallow_exceptions=False)
        try:
            location = self._geocode(query)
        except Exception as exc:  # geopy raises many network error types
            raise OnlineGeocodingDisabled(
                f"online geocoding failed for {query!r}: {_why(exc)}") from None
        data = {"address": location.address, "lat": location.latitude,
                "lon": location.longitude, "raw": location.raw} if location else None
        with self._db() as con:
            con.execute("INSERT OR REPLACE INTO cache VALUES (?, ?)", (query, json.dumps(data)))
        return location
