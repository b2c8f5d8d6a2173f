"""The ray engine on a two-node Ray cluster on this machine gives the local engine's outputs."""

from __future__ import annotations

import pytest

from corpus_data import content, read_out, scaled_pairs, stable_summary, write_text

ray = pytest.importorskip("ray", reason="ray is not installed (pip install 'bri-align[ray]')")

N_PAIRS = 1500


@pytest.fixture(scope="module")
def cluster():
    from ray.cluster_utils import Cluster

    c = Cluster(initialize_head=False)
    for _ in range(2):
        c.add_node(num_cpus=1, object_store_memory=80 * 2**20, include_dashboard=False)
    ray.init(address=c.address, include_dashboard=False, log_to_driver=False)
    try:
        yield c
    finally:
        ray.shutdown()
        c.shutdown()


@pytest.fixture(scope="module")
def corpus_files(tmp_path_factory):
    d = tmp_path_factory.mktemp("scaled")
    return write_text(d, scaled_pairs(N_PAIRS)), d


def test_ray_engine_equals_local_engine(cluster, corpus_files):
    from bri_align.corpus.readers import open_corpus
    from bri_align.corpus.run import run_corpus

    (zh, en), d = corpus_files
    corpus = open_corpus(zh=str(zh), en=str(en))
    local = run_corpus(corpus, str(d / "local"), engine="local", num_workers=0, sample_size=800, batch_size=128)
    remote = run_corpus(corpus, str(d / "ray"), engine="ray", num_workers=2, sample_size=800, batch_size=128,
                        )
    assert local["pairs"] == remote["pairs"] == N_PAIRS
    a, b = read_out(d / "local"), read_out(d / "ray")
    key = lambda r: (r["source"], r["line"])  # noqa: E731
    assert sorted(a["pairs"], key=key) == sorted(b["pairs"], key=key)
    assert content(a["pairs"]) == content(b["pairs"])
    # the aggregations: rendering counts per entry and status, candidates with their scores
    assert a["renderings"] == b["renderings"] and sum(r["count"] for r in a["renderings"]) > 1000
    assert a["candidates"] == b["candidates"] and a["candidates"]
    assert stable_summary(a["summary"]) == stable_summary(b["summary"])
    # two actors did the work, each reporting its own peak memory
    assert len(remote["peak_rss_mb_per_worker"]) == 2  # one window: one pool of two actors


def test_more_actors_than_cluster_cpus_is_refused(cluster, tmp_path):
    from bri_align.corpus.readers import open_corpus
    from bri_align.corpus.run import run_corpus
    from bri_align.errors import InputError

    zh, en = write_text(tmp_path, scaled_pairs(20))
    with pytest.raises(InputError, match="more than the 2 CPUs of the Ray cluster"):
        run_corpus(open_corpus(zh=str(zh), en=str(en)), str(tmp_path / "o"), engine="ray", num_workers=3,
                   sample_size=20)
    assert not (tmp_path / "o").exists()
