"""geopy-compatible geocoders: the offline gazetteer, and an opt-in cached Nominatim."""

from gazetteer.geocoders.offline import OfflineGeocoder
from gazetteer.geocoders.online import CachedNominatim, OnlineGeocodingDisabled

__all__ = ["CachedNominatim", "OfflineGeocoder", "OnlineGeocodingDisabled"]
