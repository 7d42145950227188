"""The Dask engine: batches of documents are coded on a dask.distributed cluster.

The client (the `communique ingest` process) reads, skips what is stored, submits batches
and writes what comes back; workers only parse and code. Each worker process loads the spaCy
pipeline, knowledge base and coder once and keeps them for every batch it is given. A batch
lost with a dead worker is recomputed by the scheduler on another worker, since the client
still holds its documents; anything not yet written is coded again when the run is resumed.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterable, Iterator
from functools import lru_cache

from .config import Settings
from .core import Communique, Result, batches
from .errors import CommuniqueError, ConfigError
from .models import Document, Event

_lock = threading.Lock()


@lru_cache(maxsize=2)
def _worker_core(settings: Settings) -> Communique:
    """This worker process's Communique, loaded on its first batch and kept."""
    core = Communique(settings)
    core.coder  # noqa: B018 -- load pipeline, KB and coder now, outside any memory zone
    return core


def code_batch(settings: Settings, documents: list[Document]) -> list[tuple[list[Event], int]]:
    """Worker task: the events and sentence count of each document, in order."""
    # One batch at a time per process: the pipeline's memory zones are not thread-safe.
    with _lock:
        core = _worker_core(settings)
        return [(r.events, r.sentences) for r in core.code_documents(documents)]


def _client(workers: int | None, scheduler: str | None):
    import dask

    # Dask logs every start and stop at INFO; show them only when communique runs with -v.
    level = logging.getLevelName(max(logging.getLogger().getEffectiveLevel(), logging.INFO))
    dask.config.set({"logging.distributed": level.lower()})
    logging.getLogger("distributed").setLevel(level)
    from dask.distributed import Client, LocalCluster

    if scheduler is not None:
        try:
            return Client(scheduler, timeout="30s"), None
        except (OSError, TimeoutError) as exc:
            raise ConfigError(f"cannot reach Dask scheduler '{scheduler}': {exc}") from None
    n = workers or os.cpu_count() or 1
    if n < 1:
        raise ConfigError(f"--workers must be at least 1, got {n}")
    # One thread per worker process: spaCy holds the GIL, so processes give the parallelism.
    cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                           dashboard_address=None)
    return Client(cluster), cluster


def dask_batches(settings: Settings, documents: Iterable[Document], *,
                 workers: int | None = None,
                 scheduler: str | None = None) -> Iterator[list[Result]]:
    """Code documents on Dask, yielding each batch's results as it completes.

    At most two batches per worker thread are in flight, so the client's memory stays
    bounded however long the stream is.
    """
    from dask.distributed import as_completed

    worker_settings = settings.replace(n_process=1)
    client, cluster = _client(workers, scheduler)
    try:
        limit = 2 * max(1, sum(client.nthreads().values()) or (workers or 1))
        pending = as_completed()
        held: dict[str, list[Document]] = {}

        def collect(future) -> list[Result]:
            batch = held.pop(future.key)
            try:
                coded = future.result()
            except CommuniqueError:
                raise
            except Exception as exc:
                raise CommuniqueError(f"a Dask worker failed on a batch starting at "
                                      f"'{batch[0].doc_id}': {exc}") from exc
            future.release()
            return [Result(d, events, sentences=n)
                    for d, (events, n) in zip(batch, coded, strict=True)]

        for batch, _ in batches(documents, settings.batch_size):
            if not batch:
                continue
            future = client.submit(code_batch, worker_settings, batch, pure=False)
            held[future.key] = batch
            pending.add(future)
            while pending.count() >= limit:
                yield collect(next(pending))
        for future in pending:
            yield collect(future)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
