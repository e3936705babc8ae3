"""The Gazetteer: lookup, resolve and reverse over a built index."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from gazetteer.build import build, default_home, index_path, source_fingerprint
from gazetteer.normalize import normalize
from gazetteer.records import AdminArea, Candidate, Place, Toponym
from gazetteer.resolver import Resolver
from gazetteer.store import Store

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd
    import pandas as pd

MAX_NAME = 300  # longer "names" are not names


class Gazetteer:
    """Offline world gazetteer. ``Gazetteer.default()`` opens (or first builds) the index."""

    _default: Gazetteer | None = None
    _lock = threading.Lock()

    def __init__(self, path: str | Path):
        self.store = Store(Path(path))
        self.resolver = Resolver(self.store)
        self._reverse = None
        self._fast = None

    @classmethod
    def default(cls, *, build_missing: bool = True) -> Gazetteer:
        """The shared instance for $GAZETTEER_HOME, built on first use (about 15 s)."""
        with cls._lock:
            path = index_path()
            if cls._default is None or cls._default.store.path != path:
                gz = cls(path) if path.exists() else None
                if gz is None or gz.store.meta().get("fingerprint") != source_fingerprint():
                    if not build_missing:
                        raise FileNotFoundError(
                            f"gazetteer index not found: {path} (run 'gazetteer build')")
                    build(default_home())
                    gz = cls(path)
                cls._default = gz
            return cls._default

    @classmethod
    def with_packs(cls, packs: Sequence[str | Path], home: str | Path) -> Gazetteer:
        """A gazetteer whose index also holds user packs (built into ``home``)."""
        return cls(build(Path(home), packs=[Path(p) for p in packs]))

    # -- lookup --------------------------------------------------------------------------
    def lookup(self, name: str, country: str | None = None,
               kinds: Iterable[str] | None = None, limit: int = 10,
               fuzzy: bool = True) -> list[Candidate]:
        """Ranked candidates for a name; empty for empty, huge or unknown names."""
        if not isinstance(name, str) or len(name) > MAX_NAME:
            return []
        clean = "".join(ch for ch in name if ch.isprintable())
        key = normalize(clean)
        if not key:
            return []
        rows = self.resolver.rows(key)
        if not rows and "," in clean:
            return self._qualified(clean, country, kinds, limit, fuzzy)
        if not rows and fuzzy:
            rows = self.resolver.variant_rows(key) or self.resolver.fuzzy_rows(key)
        candidates = self.resolver.candidates(key, rows)
        if country:
            cc = country.upper()
            candidates = [c for c in candidates if c.place.country_code == cc]
        if kinds:
            wanted = set(kinds)
            candidates = [c for c in candidates if c.place.kind in wanted]
        return candidates[:limit]

    def _qualified(self, name: str, country: str | None, kinds: Iterable[str] | None,
                   limit: int, fuzzy: bool) -> list[Candidate]:
        """'Moscow, Idaho', 'Paris, TX', 'Tripoli, Lebanon': the head name's candidates that
        lie in every qualifier the gazetteer knows (a country or admin-1 name, or an ISO code).
        """
        head, *qualifiers = [part.strip() for part in name.split(",") if part.strip()]
        candidates = self.lookup(head, country=country, kinds=kinds, limit=40, fuzzy=fuzzy)
        for q in qualifiers:
            holders = [c.place for c in self.lookup(q, kinds=("country", "admin1"), limit=40,
                                                    fuzzy=False)]
            if holders:
                candidates = [c for c in candidates
                              if any(Resolver._inside(c.place, h) for h in holders)]
            elif q.isascii() and q.isalpha() and q.isupper() and len(q) <= 3:
                candidates = [c for c in candidates if q in (
                    c.place.country_code, (c.place.admin1_code or "").rpartition("-")[2])]
        return candidates[:limit]

    def get(self, key: str) -> Place | None:
        """A place by its stable key ("gn:169389", "ne1:SY-ID", "pack:syria-m4")."""
        return self.store.by_key(key)

    # -- resolve -------------------------------------------------------------------------
    def resolve(self, text: str, spans: list[tuple[int, int]] | None = None) -> list[Toponym]:
        """Toponyms in ``text`` (or exactly the given spans), resolved in context."""
        try:
            return self.resolver.resolve(text, spans)
        except RecursionError:  # pragma: no cover - defensive: never raise on text
            return []

    def parse_fast(self, texts: Sequence[str]) -> pd.DataFrame:
        """Toponyms of many texts at once, at corpus speed: one row per toponym with the
        text's index (``doc``), span, place and score (see ``gazetteer.fast``). Fewer names
        and more errors than ``resolve``; the first call reads the index into tables
        (cached beside it)."""
        if self._fast is None:
            with self._lock:
                if self._fast is None:
                    from gazetteer.fast import FastParser

                    self._fast = FastParser.for_store(self.store)
        return self._fast.parse(texts)

    # -- reverse -------------------------------------------------------------------------
    def reverse(self, lat: float, lon: float) -> AdminArea:
        """Country and admin-1 containing a point. ValueError for impossible coordinates."""
        return self.reverse_many([lon], [lat])[0] or AdminArea(lat, lon, None, None, None, None)

    def reverse_many(self, lons: Sequence[float], lats: Sequence[float]) -> list[AdminArea | None]:
        """Vectorised reverse lookup; None where a point lies in no country (open sea)."""
        import numpy as np

        from gazetteer.reverse import ReverseIndex

        try:
            lat_arr = np.asarray(lats, dtype=float)
            lon_arr = np.asarray(lons, dtype=float)
        except (TypeError, ValueError):
            raise ValueError("coordinates out of range: not numbers") from None
        if lat_arr.shape != lon_arr.shape:
            raise ValueError("coordinates out of range: as many latitudes as longitudes needed")
        bad = ~(np.isfinite(lat_arr) & np.isfinite(lon_arr) & (np.abs(lat_arr) <= 90)
                & (np.abs(lon_arr) <= 180))
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise ValueError(f"coordinates out of range: lat={float(lat_arr.flat[i])}, "
                             f"lon={float(lon_arr.flat[i])} (lat -90..90, lon -180..180)")
        if self._reverse is None:
            names = {p.country_code: p.name for p in self.store.by_kind("country")}
            self._reverse = ReverseIndex.load(names)
        return self._reverse.lookup(lons, lats)

    # -- info ----------------------------------------------------------------------------
    def info(self) -> dict[str, object]:
        meta = self.store.meta()
        return {"index": str(self.store.path), **meta}


def to_geodataframe(records: Iterable[Place | Toponym | Candidate]) -> gpd.GeoDataFrame:
    """Places, toponyms or candidates as a GeoDataFrame (EPSG:4326)."""
    import geopandas as gpd

    rows, geoms = [], []
    for r in records:
        place = r.place if isinstance(r, Toponym | Candidate) else r
        row = dict(place.to_dict()) if place else {}
        if isinstance(r, Toponym):
            row.update(start=r.start, end=r.end, text=r.text, adjectival=r.adjectival,
                       score=r.score)
        elif isinstance(r, Candidate):
            row.update(score=r.score, match=r.match)
        rows.append(row)
        geoms.append(place.geometry if place else None)
    return gpd.GeoDataFrame(rows, geometry=gpd.GeoSeries(geoms, crs="EPSG:4326"))
