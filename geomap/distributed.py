"""The pipeline on Dask: the same events as ``geomap.pipeline.run``, computed on a cluster.

``run_dask`` starts a ``LocalCluster`` (one single-threaded worker process per core) or joins
the scheduler at ``tcp://HOST:PORT``, sends the articles to the workers in batches
(``client.map`` over batches of file paths and JSONL records) and gathers the results into a
``RunResult`` equal to the local one: same events, same order (input order, then the order of
the events in each article), same skipped/unresolved report. Each worker opens the gazetteer
once, when it starts (``GazetteerPlugin``), not once per article or batch.

Text files are read by the workers, so workers on other machines need the same paths (a shared
filesystem); JSONL records are read here and shipped with the tasks.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from distributed import Client, LocalCluster, WorkerPlugin

from geomap.pipeline import (
    RunResult,
    Skipped,
    _collect,
    _process_path,
    _worker_gazetteer,
    check_text_file,
    collect_inputs,
    iter_records,
    process_article,
)
from geomap.records import Article, Event

if TYPE_CHECKING:  # pragma: no cover
    from gazetteer import Gazetteer

#: Batches per worker when ``npartitions`` is not given: small enough to balance the load.
BATCHES_PER_WORKER = 4

BatchResult = list[tuple[list[Event], list[Skipped], list[str]]]


class GazetteerPlugin(WorkerPlugin):
    """Open the gazetteer once per worker process, when the worker starts.

    ``index``: path of a built index (e.g. one with user packs) to open instead of the default.
    """

    name = "geomap-gazetteer"

    def __init__(self, index: str | None = None) -> None:
        self.index = index

    def setup(self, worker: Any) -> None:
        import geomap.pipeline
        from gazetteer import Gazetteer

        if self.index is None:
            geomap.pipeline._WORKER_GAZETTEER = Gazetteer.default()
            return
        current = geomap.pipeline._WORKER_GAZETTEER
        if current is None or str(current.store.path) != self.index:
            geomap.pipeline._WORKER_GAZETTEER = Gazetteer(self.index)


def _path_batch(paths: list[str], date_iso: str | None) -> BatchResult:
    """Events, unresolved toponyms and warnings of each article file of a batch."""
    return [_process_path(p, date_iso) for p in paths]


def _record_batch(articles: list[Article]) -> BatchResult:
    """Events and unresolved toponyms of each JSONL article of a batch."""
    out: BatchResult = []
    for article in articles:
        events, unresolved = process_article(article)
        out.append((events, unresolved, []))
    return out


def _batches(items: list[Any], n: int) -> list[list[Any]]:
    """``items`` cut into at most ``n`` contiguous batches of near-equal size, order kept."""
    n = max(1, min(n, len(items)))
    size, extra = divmod(len(items), n)
    out, start = [], 0
    for i in range(n):
        end = start + size + (i < extra)
        out.append(items[start:end])
        start = end
    return [b for b in out if b]


def _local_cluster(n_workers: int | None, processes: bool, index: str | None) -> LocalCluster:
    """One single-threaded worker per core, no dashboard, quiet logs."""
    if index is None:
        _worker_gazetteer()  # build the default index once, here, before the workers open it
    return LocalCluster(n_workers=n_workers or os.cpu_count() or 1, threads_per_worker=1,
                        processes=processes, dashboard_address=None,
                        scheduler_kwargs={"dashboard_address": ":0"},  # no fixed port 8787
                        silence_logs=logging.WARNING)


def run_dask(inputs: Sequence[str | os.PathLike[str]], *, date: dt.date | None = None,
             scheduler: str | None = None, npartitions: int | None = None,
             n_workers: int | None = None, processes: bool = True,
             gazetteer: Gazetteer | None = None) -> RunResult:
    """Run the pipeline on Dask and return the same ``RunResult`` as ``pipeline.run``.

    ``scheduler``: address of a running scheduler (``tcp://HOST:PORT``); default a
    ``LocalCluster`` of ``n_workers`` (default: cores) single-threaded worker processes
    (``processes=False``: threads in this process). ``npartitions``: number of article batches
    (default: 4 per worker). ``gazetteer``: one opened here (e.g. with ``--pack``); the workers
    open the same index file. Event tables among the inputs are read here, as locally.
    """
    from geomap.io import read_events

    found = collect_inputs(inputs)
    result = RunResult(skipped=list(found.skipped))
    for table in found.tables:
        read = read_events(table)
        result.events.extend(read.events)
        result.skipped.extend(Skipped(str(table), s.reason, f"row {s.row}") for s in read.skipped)
        result.tables += 1
    texts: list[str] = []
    for path in found.texts:
        problem = check_text_file(path)
        if problem:
            result.skipped.append(Skipped(str(path), problem))
        else:
            texts.append(str(path))
    records: list[Article] = []
    for rec_path in found.records:
        for article in iter_records(rec_path, result.skipped):
            if date:
                article.date = date
            records.append(article)
    if not texts and not records:
        return result

    date_iso = date.isoformat() if date else None
    index = str(gazetteer.store.path) if gazetteer is not None else None
    cluster = None if scheduler else _local_cluster(n_workers, processes, index)
    try:
        with Client(scheduler or cluster, set_as_default=False) as client:
            client.register_plugin(GazetteerPlugin(index))
            workers = max(1, len(client.scheduler_info(n_workers=-1)["workers"]))
            n = npartitions or workers * BATCHES_PER_WORKER
            futures = []
            if texts:
                batches = _batches(texts, n)
                futures += client.map(_path_batch, batches, [date_iso] * len(batches),
                                      pure=False)
            if records:
                futures += client.map(_record_batch, _batches(records, n), pure=False)
            for batch in client.gather(futures):
                for events, unresolved, warnings in batch:
                    _collect(result, events, unresolved, warnings)
    finally:
        if cluster is not None:
            cluster.close()
    return result


def write_partitioned_parquet(events: Sequence[Event], folder: str | os.PathLike[str], *,
                              npartitions: int | None = None) -> list[Event]:
    """Write located events as a partitioned GeoParquet folder (dask-geopandas).

    One ``part.N.parquet`` per partition (default: one per 100,000 events, at least one).
    The folder is written beside the target and renamed into place; an existing folder is
    replaced. Returns the events left out (no location), like ``geomap.io.write_events``.
    """
    import dask_geopandas

    from geomap.io import events_to_geodataframe

    frame, left_out = events_to_geodataframe(events)
    parts = npartitions or max(1, -(-len(frame) // 100_000))
    target = Path(folder)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        dgdf = dask_geopandas.from_geopandas(frame.reset_index(drop=True), npartitions=parts)
        dgdf.to_parquet(tmp, write_index=False)
        if target.exists():
            old = target.with_name(f".{target.name}.{os.getpid()}.old")
            os.replace(target, old)
            os.replace(tmp, target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return left_out
