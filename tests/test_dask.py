"""Scale-out on a local two-worker Dask cluster (127.0.0.1 only, no dashboard): the same
records as a single process, the model loaded once per worker, and a worker killed in the
middle of a task retried without a duplicate.

Budget: about 30 s (cluster start, two model loads, one worker restart).
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from warc_corpus import Corpus, write_corpus

from pipeline.runs.archive import ArchiveOptions, run_archives


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    return write_corpus(tmp_path_factory.mktemp("dask-corpus"))


@pytest.fixture(scope="module")
def single(corpus: Corpus, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return run_archives(corpus.files, tmp_path_factory.mktemp("single"), ArchiveOptions())


@pytest.fixture(scope="module")
def client():  # type: ignore[no-untyped-def]
    from pipeline.runs.cluster import connect

    client, cluster = connect("local:2")
    yield client
    client.close()
    cluster.close()


def _lines(parts: list[Path]) -> list[str]:
    return sorted(line for p in parts for line in p.read_text("utf-8").splitlines())


def test_local_cluster_listens_on_loopback_only(client) -> None:  # type: ignore[no-untyped-def]
    info = client.scheduler_info()
    addresses = [client.scheduler.address, *info["workers"]]
    assert len(info["workers"]) == 2
    assert all(a.startswith("tcp://127.0.0.1:") for a in addresses)
    import psutil

    pids = [os.getpid(), *client.run(os.getpid).values()]
    listening = [
        c.laddr
        for pid in pids
        for c in psutil.Process(pid).net_connections(kind="inet")
        if c.status == psutil.CONN_LISTEN
    ]
    assert listening
    assert {addr.ip for addr in listening} == {"127.0.0.1"}
    assert 8787 not in {addr.port for addr in listening}


def test_cluster_gives_the_single_process_records(corpus, single, client, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from pipeline.runs.cluster import run_on_dask

    run = run_on_dask(corpus.files, tmp_path, ArchiveOptions(), "local:2", client=client)
    assert run.exit_code == 0
    assert _lines(run.parts) == _lines(single.parts)
    assert len(run.parts) == len(single.parts)
    assert run.counts == single.counts
    manifests = list((tmp_path / "_runs").glob("*.json"))
    assert len(manifests) == 1
    manifest = json.loads(manifests[0].read_text("utf-8"))
    assert sorted(manifest["parts"]) == sorted(str(p) for p in tmp_path.glob("*/part-*.jsonl"))
    # the model was loaded once in each worker, whatever number of tasks it ran
    from pipeline.enrich import nlp as nlp_module

    loads = client.run(lambda: nlp_module._load_cached.cache_info().misses)
    assert sorted(loads.values()) == [1, 1]


_MARKER = "NEWSMILL_TEST_KILL_MARKER"


def kill_after_first_part(part: Path) -> None:
    """on_part hook: the first time anywhere, kill this worker process after a committed part."""
    marker = Path(part).parents[1] / "killed-once"
    if not marker.exists():
        marker.write_text(str(os.getpid()))
        os._exit(1)


def test_worker_killed_mid_task_is_retried_without_duplicates(
    corpus, single, client, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    import cloudpickle

    from pipeline.runs.cluster import run_on_dask

    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    options = replace(ArchiveOptions(), part_size=1)  # a part per record: die mid-file
    run = run_on_dask(
        corpus.files, tmp_path, options, "local:2", client=client, on_part=kill_after_first_part
    )
    assert (tmp_path / "killed-once").exists(), "no worker was killed"
    assert run.exit_code == 0
    lines = _lines(run.parts)
    assert lines == _lines(single.parts)
    ids = [json.loads(line)["id"] for line in lines]
    assert len(ids) == len(set(ids))
    on_disk = sorted(tmp_path.glob("*/part-*.jsonl"))
    assert sorted(run.parts) == on_disk  # nothing stray left by the killed attempt
    assert not list(tmp_path.rglob("*.tmp"))
    client.wait_for_workers(2, timeout=60)


def test_max_articles_is_exact_across_tasks(corpus, client, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from pipeline.runs.cluster import run_on_dask

    options = ArchiveOptions(enrich=False, max_articles=5)
    local = run_archives(corpus.files, tmp_path / "local", options)
    run = run_on_dask(corpus.files, tmp_path / "dask", options, "local:2", client=client)
    assert run.counts["written"] == local.counts["written"] == 5
    assert _lines(run.parts) == _lines(local.parts)  # the first five, in input order
    assert sorted(run.parts) == sorted((tmp_path / "dask").glob("*/part-*.jsonl"))


def test_local_cluster_without_enrichment_skips_the_model(monkeypatch: pytest.MonkeyPatch) -> None:
    import pipeline.enrich
    from pipeline.runs.cluster import connect

    loads: list[str] = []
    monkeypatch.setattr(pipeline.enrich, "load_nlp", lambda name, *a, **k: loads.append(name))
    client, cluster = connect("local:1", load_model=False)
    try:
        assert client.scheduler_info()["workers"]
    finally:
        client.close()
        cluster.close()
    assert loads == []
    client, cluster = connect("local:1")
    client.close()
    cluster.close()
    assert len(loads) == 1
