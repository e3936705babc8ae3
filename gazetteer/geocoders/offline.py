"""A geopy Geocoder backed by the offline gazetteer (no network, ever)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from geopy.geocoders.base import DEFAULT_SENTINEL, Geocoder
from geopy.location import Location

if TYPE_CHECKING:  # pragma: no cover
    from gazetteer.core import Gazetteer
    from gazetteer.geocoders.online import CachedNominatim
    from gazetteer.records import Place


def _address(place: Place) -> str:
    parts = [place.name]
    if place.admin1 and place.admin1 != place.name:
        parts.append(place.admin1)
    if place.country and place.country != place.name:
        parts.append(place.country)
    return ", ".join(parts)


class OfflineGeocoder(Geocoder):
    """``geocode``/``reverse`` over :class:`gazetteer.Gazetteer`; ``raw`` is the place record.

    Works with ``geopy.extra.rate_limiter.RateLimiter`` like any geopy geocoder.
    """

    def __init__(self, gazetteer: Gazetteer | None = None, *, user_agent: str = "geomap-offline",
                 online: CachedNominatim | None = None):
        """``online``: an opt-in fallback for names the offline data lacks (None: never)."""
        super().__init__(user_agent=user_agent)
        self._gazetteer = gazetteer
        self.online = online

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:
            from gazetteer.core import Gazetteer

            self._gazetteer = Gazetteer.default()
        return self._gazetteer

    def geocode(self, query, *, exactly_one=True, timeout=DEFAULT_SENTINEL,
                country_codes: str | None = None, kinds=None, limit: int = 10):
        """Best place (or a list) for a name; None when nothing matches."""
        if isinstance(query, dict):
            query = ", ".join(str(v) for v in query.values())
        candidates = self.gazetteer.lookup(str(query or ""), country=country_codes,
                                           kinds=kinds, limit=1 if exactly_one else limit)
        locations = [Location(_address(c.place), (c.place.lat, c.place.lon),
                              {**c.place.to_dict(), "score": c.score}) for c in candidates]
        if not locations and self.online is not None and str(query or "").strip():
            found = self.online.geocode(str(query))
            locations = [found] if found else []
        if not locations:
            return None
        return locations[0] if exactly_one else locations

    def reverse(self, query, *, exactly_one=True, timeout=DEFAULT_SENTINEL):
        """The admin-1 (or country) containing a point given as "lat, lon" or a pair."""
        if isinstance(query, str):
            lat_s, _, lon_s = query.partition(",")
            lat, lon = float(lat_s), float(lon_s)
        else:
            lat, lon = (float(v) for v in query[:2])
        area = self.gazetteer.reverse(lat, lon)
        if area.country_code is None:
            return None
        name = ", ".join(p for p in (area.admin1, area.country) if p)
        location = Location(name, (lat, lon), {
            "country_code": area.country_code, "country": area.country,
            "admin1_code": area.admin1_code, "admin1": area.admin1})
        return location if exactly_one else [location]
