"""Read side of the index: SQLite queries and the memory-mapped name filter."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import numpy as np

from gazetteer.normalize import name_hash
from gazetteer.records import Place

_COLUMNS = ("pid, key, name, kind, feature, lat, lon, geometry_type, country_code, country, "
            "admin1_code, admin1, population, geonameid, source, note, minx, miny, maxx, maxy")


class WkbLoader:
    """Fetches a place's WKB by key from an index; pickles as the index path.

    Places travel between processes (multiprocessing, Dask) carrying this loader
    instead of an open SQLite connection.
    """

    _stores: dict[str, Store] = {}

    def __init__(self, path: str | Path, store: Store | None = None):
        self.path = str(path)
        if store is not None:
            self._stores.setdefault(self.path, store)

    def __call__(self, key: str) -> bytes | None:
        store = self._stores.get(self.path)
        if store is None:
            store = self._stores.setdefault(self.path, Store(Path(self.path)))
        return store.wkb(key)

    def __reduce__(self):
        return (WkbLoader, (self.path,))


class Store:
    """An opened index. Cheap to open: nothing is read until asked for."""

    def __init__(self, path: Path):
        self.path = Path(path)
        if not self.path.exists():
            raise FileNotFoundError(
                f"gazetteer index not found: {self.path} (run 'gazetteer build')")
        uri = f"file:{self.path}?mode=ro&immutable=1"
        self._con = sqlite3.connect(uri, uri=True, check_same_thread=False)
        self._con.execute("PRAGMA mmap_size=268435456")
        self._filter: np.ndarray | None = None
        self._place_cache: dict[int, Place] = {}
        self.loader = WkbLoader(self.path, self)

    # -- names ---------------------------------------------------------------------------
    @property
    def name_filter(self) -> np.ndarray:
        if self._filter is None:
            self._filter = np.load(self.path.with_suffix(".names.npy"), mmap_mode="r")
        return self._filter

    def known(self, keys: list[str]) -> np.ndarray:
        """Vectorised membership of normalised names (a hash filter; rare false positives)."""
        if not keys:
            return np.zeros(0, dtype=bool)
        hashes = np.fromiter((name_hash(k) for k in keys), dtype=np.int64, count=len(keys))
        filt = self.name_filter
        idx = np.searchsorted(filt, hashes)
        idx[idx >= len(filt)] = 0
        return filt[idx] == hashes

    def names(self, norm: str) -> list[tuple[int, str, str]]:
        """(pid, matched name, match kind) rows for one normalised name."""
        return self._con.execute(
            "SELECT pid, name, match FROM names WHERE norm = ?", (norm,)
        ).fetchall()

    def variants(self, skeleton: str) -> list[tuple[int, str, str]]:
        """(pid, name, "variant") rows of the places one of whose names has this skeleton
        (see ``normalize.skeleton``)."""
        return [(pid, name, "variant") for pid, name in self._con.execute(
            "SELECT pid, name FROM variants WHERE skeleton = ?", (skeleton,))]

    def names_like(self, prefix: str, limit: int = 5000, lengths: tuple[int, int] = (0, 10**6),
                   ) -> list[tuple[str, int, str, str]]:
        """Rows whose normalised name starts with ``prefix`` and whose length lies in
        ``lengths`` (inclusive), for fuzzy matching."""
        return self._con.execute(
            "SELECT norm, pid, name, match FROM names WHERE norm >= ? AND norm < ? "
            "AND length(norm) BETWEEN ? AND ? LIMIT ?",
            (prefix, prefix + "\uffff", *lengths, limit),
        ).fetchall()

    def name_rows(self) -> Iterable[tuple[str, str, str, int]]:
        """Every (normalised name, name, match kind, pid) row of the index."""
        return self._con.execute("SELECT norm, name, match, pid FROM names")

    # -- places --------------------------------------------------------------------------
    def place_columns(self) -> Iterable[tuple]:
        """Every place as (pid, key, name, kind, feature, lat, lon, country code, admin-1
        code, population), by pid."""
        return self._con.execute("SELECT pid, key, name, kind, feature, lat, lon, "
                                 "country_code, admin1_code, population FROM places "
                                 "ORDER BY pid")

    def place(self, pid: int) -> Place:
        cached = self._place_cache.get(pid)
        if cached is None:
            row = self._con.execute(f"SELECT {_COLUMNS} FROM places WHERE pid = ?",
                                    (pid,)).fetchone()
            cached = self._to_place(row)
            self._place_cache[pid] = cached
        return cached

    def places(self, pids: Iterable[int]) -> list[Place]:
        return [self.place(p) for p in pids]

    def by_key(self, key: str) -> Place | None:
        row = self._con.execute(f"SELECT {_COLUMNS} FROM places WHERE key = ?", (key,)).fetchone()
        return self._to_place(row) if row else None

    def by_kind(self, kind: str, country_code: str | None = None) -> list[Place]:
        sql, args = f"SELECT {_COLUMNS} FROM places WHERE kind = ?", [kind]
        if country_code:
            sql, args = sql + " AND country_code = ?", [*args, country_code]
        return [self._to_place(r) for r in self._con.execute(sql, args)]

    def wkb(self, key: str) -> bytes | None:
        row = self._con.execute(
            "SELECT g.wkb FROM geoms g JOIN places p ON p.pid = g.pid WHERE p.key = ?", (key,)
        ).fetchone()
        return row[0] if row else None

    def _to_place(self, row) -> Place:
        (pid, key, name, kind, feature, lat, lon, gtype, cc, country, a1code, a1, pop, gid,
         source, note, minx, miny, maxx, maxy) = row
        return Place(
            key=key, name=name, kind=kind, feature=feature or "", lat=lat, lon=lon,
            geometry_type=gtype, country_code=cc, country=country, admin1_code=a1code,
            admin1=a1, population=pop or 0, geonameid=gid, source=source or "",
            note=note or "", bbox=(minx, miny, maxx, maxy),
            _loader=None if gtype == "Point" else self.loader,
        )

    # -- metadata ------------------------------------------------------------------------
    @lru_cache(maxsize=1)  # noqa: B019 - one store per process
    def meta(self) -> dict[str, object]:
        meta: dict[str, object] = dict(self._con.execute("SELECT key, value FROM meta"))
        for key in ("counts", "sources"):
            if key in meta:
                meta[key] = json.loads(meta[key])
        return meta
