"""Scale-out on Dask distributed: whole WARC files as idempotent tasks on a cluster.

``newsmill extract --warc FILE… --out DIR --dask tcp://scheduler:8786`` (an existing
cluster) or ``--dask local:N`` (a ``LocalCluster`` of N single-threaded worker processes on
127.0.0.1, dashboard off) submits one task per WARC file. Each task is
:func:`pipeline.runs.archive.extract_warc` — the same stage functions as a single-process run —
and writes its parts straight into the run's output folder, which every worker must see
(a shared filesystem). The spaCy model is loaded once per worker, when it joins
(:class:`LoadModel`), and kept by the worker process for all its tasks.

Idempotence: a task's part names depend only on the run id and the file
(``part-<run>-<file key>-<seq>.jsonl``) and its output only on the file, so when a worker is
killed mid-task and the scheduler runs the task again elsewhere, the retry overwrites the
parts the first attempt committed (each is written to a temp file and renamed) and nothing
is duplicated. The client gathers every task's counts and writes the run's one manifest.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import dask
from distributed import Client, LocalCluster, WorkerPlugin, as_completed

from pipeline.errors import ConfigError
from pipeline.runs.archive import (
    ArchiveOptions,
    ArchiveRun,
    FileResult,
    check_paths,
    extract_warc,
    file_key,
    finish_run,
)
from pipeline.runs.bookkeeping import RunClock

__all__ = ["LoadModel", "connect", "run_on_dask"]

log = logging.getLogger(__name__)

#: Seconds to wait for a remote scheduler.
CONNECT_TIMEOUT = 30


class LoadModel(WorkerPlugin):
    """Dask worker plugin: load the spaCy model once, when the worker starts."""

    name = "newsmill-load-model"

    def __init__(self, config: Path | None) -> None:
        self.config = config

    def setup(self, worker: Any) -> None:
        """Load (and cache in the worker process) the configured model."""
        from pipeline.config import load_settings
        from pipeline.enrich import load_nlp

        settings = load_settings(self.config)
        load_nlp(settings.ner_model, settings.ner_model_fallbacks)

    def teardown(self, worker: Any) -> None:
        """Nothing to release: the model lives as long as the worker process."""


def connect(
    address: str, *, config: Path | None = None, load_model: bool = True
) -> tuple[Any, Any]:
    """A Dask ``Client`` for ``tcp://host:port`` or ``local:N``, and the cluster it started.

    ``local:N`` starts N worker processes (one thread each) listening on 127.0.0.1 only,
    without dashboards; the cluster is None for a remote scheduler. Where the platform can
    ``fork``, the spaCy model (of ``config``'s settings) is loaded here first and the workers
    are forked, so they share one copy of the model's weights: on 2 cores that took two
    workers from 1.56x to 1.74x one process (bench/RESULTS.md, "Scale"), since spawned
    workers each holding their own copy compete for cache. ``load_model=False`` (a run
    without enrichment) skips the model and its load time. Raises
    :class:`~pipeline.errors.ConfigError` for a malformed address or a scheduler that does
    not answer.
    """
    # Dask logs a worker's lost heartbeat or a closing connection with its traceback (at
    # ERROR) when a busy machine is slow to answer: noise, since every file's outcome is
    # counted in the run's own results and a cluster that fails raises here
    for noisy in ("distributed", "tornado"):
        logging.getLogger(noisy).setLevel(logging.CRITICAL)
    if address.startswith("local:"):
        count = address.removeprefix("local:")
        if not count.isdigit() or not 1 <= int(count) <= 256:
            raise ConfigError(f"--dask local:N needs a worker count 1-256, not {address!r}")
        can_fork = "fork" in multiprocessing.get_all_start_methods()
        if load_model and can_fork:
            from pipeline.config import load_settings
            from pipeline.enrich import load_nlp

            settings = load_settings(config)
            load_nlp(settings.ner_model, settings.ner_model_fallbacks)
        method = "fork" if can_fork else "spawn"
        with dask.config.set({"distributed.worker.multiprocessing-method": method}):
            cluster = _local_cluster(int(count))
        return Client(cluster), cluster
    if not address.startswith(("tcp://", "tls://")) or ":" not in address.split("://", 1)[1]:
        raise ConfigError(f"--dask takes tcp://HOST:PORT or local:N, not {address!r}")
    try:
        return Client(address, timeout=CONNECT_TIMEOUT), None
    except (OSError, TimeoutError) as exc:
        raise ConfigError(f"cannot reach the Dask scheduler at {address}: {exc}") from None


def _local_cluster(workers: int) -> LocalCluster:
    return LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
        worker_dashboard_address=None,
        scheduler_port=0,
        # no dashboard; Dask's health/metrics HTTP routes on a free loopback port
        # (not the fixed 8787, which a second cluster on the machine would collide with)
        scheduler_kwargs={"dashboard": False, "dashboard_address": "127.0.0.1:0"},
        silence_logs=logging.CRITICAL,
    )


def _task(
    path: str,
    out_dir: str,
    run_id: str,
    options: ArchiveOptions,
    on_part: Callable[[Path], Any] | None,
) -> FileResult:
    return extract_warc(path, out_dir, run_id, options, on_part=on_part)


def run_on_dask(
    paths: Sequence[str | Path],
    out_dir: str | Path,
    options: ArchiveOptions,
    address: str,
    *,
    run_id: str | None = None,
    client: Any = None,
    on_part: Callable[[Path], Any] | None = None,
) -> ArchiveRun:
    """Extract WARC files as Dask tasks (one per file); one run folder, one manifest.

    ``address`` is ``tcp://host:port`` or ``local:N`` (see :func:`connect`); pass a
    ``client`` to reuse one (its cluster is left running). spaCy runs single-process
    inside a task (``n_process`` is ignored: the workers are the parallelism).
    ``max_articles`` is exact: each task stops at it and the run keeps the first records in
    input order. ``on_part`` runs on the worker after each committed part.
    """
    files = [p.resolve() for p in check_paths(paths)]
    clock = RunClock.start(run_id)
    run_id = clock.run_id
    root = Path(out_dir).resolve()
    root.mkdir(parents=True, exist_ok=True)
    options = _for_workers(options)
    own = client is None
    cluster = None
    if own:
        client, cluster = connect(address, config=options.config, load_model=options.enrich)
    try:
        if options.enrich:
            client.register_plugin(LoadModel(options.config))
        futures = {
            client.submit(
                _task,
                str(path),
                str(root),
                run_id,
                options,
                on_part,
                key=f"newsmill-{run_id}-{file_key(path)}",
                pure=False,
            ): path
            for path in files
        }
        results: dict[Path, FileResult] = {}
        failed: dict[str, str] = {}
        for future in as_completed(list(futures)):
            path = futures[future]
            try:
                results[path] = future.result()
            except Exception as exc:  # the task failed on every attempt (or its workers died)
                failed[str(path)] = f"{type(exc).__name__}: {exc}"
    finally:
        if own:
            client.close()
            if cluster is not None:
                cluster.close()
    ordered = [results[p] for p in files if p in results]
    return finish_run(
        clock,
        root,
        ordered,
        max_articles=options.max_articles,
        failed_files=failed,
        engine=f"dask {address}",
    )


def _for_workers(options: ArchiveOptions) -> ArchiveOptions:
    from dataclasses import replace

    config = options.config.resolve() if options.config is not None else None
    return replace(options, n_process=1, config=config)
