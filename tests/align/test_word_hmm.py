"""The EM engine: the structured forward-backward against the plain one, the pair table, EM behaviour."""

from __future__ import annotations

import numpy as np
import pytest

from bri_align.align.hmm import (BidirectionalHMM, EMConfig, PairCorpus, _forward_backward,
                                 _forward_backward_null, _transition)


@pytest.mark.parametrize("B, J, H", [(3, 5, 4), (2, 1, 3), (4, 7, 1), (2, 9, 12)])
def test_null_state_forward_backward_matches_full_matrix(B, J, H):
    rng = np.random.default_rng(B * 100 + J * 10 + H)
    P, N = rng.random((B, J, H)), rng.random((B, J))
    A, pi, _, _, _ = _transition(H, rng.random(15) + 0.1, 0.2, 7)
    E = np.concatenate([P, np.repeat(N[:, :, None], H, axis=2)], axis=2)
    gamma, xi, ll = _forward_backward(E, A, pi)
    g_real, g_null, xi2, ll2 = _forward_backward_null(P, N, A[:H, :H], 0.2, pi[:H], pi[H:])
    assert np.allclose(gamma[:, :, :H], g_real)
    assert np.allclose(gamma[:, :, H:].sum(2), g_null)
    assert np.allclose(xi[:H, :H] + xi[H:, :H], xi2)
    assert ll == pytest.approx(ll2)
    assert np.allclose(g_real.sum(2) + g_null, 1.0)   # posteriors of each word sum to one


def test_transition_rows_sum_to_one_and_outer_buckets_are_shared():
    A, pi, buckets, share, _ = _transition(20, np.ones(15), 0.3, 7)
    assert np.allclose(A.sum(1), 1.0) and pi.sum() == pytest.approx(1.0)
    # row 0: jumps 7..19 share the outer bucket, so each counts 1/13
    assert share[0, 19] == pytest.approx(1 / 13) and share[0, 1] == 1.0


def _corpus():
    src = [np.array([0, 1]), np.array([0, 2]), np.array([2])]
    tgt = [np.array([0, 1]), np.array([0, 2]), np.array([2])]
    return PairCorpus(src, tgt, n_src_vocab=3, n_tgt_vocab=3)


def test_pair_table():
    c = _corpus()
    assert c.n_pairs == 7   # 00 01 10 11 (pair 1), 02 20 22 (pair 2; 00 again), 22 (pair 3)
    ids = c.pair_ids(np.array([0, 2, 1]), np.array([1, 2, 2]))
    assert ids[0] >= 0 and ids[1] >= 0 and ids[2] == -1      # 1 and 2 never co-occur
    assert c.pair_src[ids[1]] == 2 and c.pair_tgt[ids[1]] == 2


def test_em_increases_ibm1_likelihood_and_learns_identity():
    c = _corpus()
    m = BidirectionalHMM(c, config=EMConfig(ibm1_iterations=6, hmm_iterations=2, agreement="none",
                                            smoothing=0.001)).train()
    ibm = [x[1] for x in m.loglik if x[0] == "ibm1"]
    assert all(b >= a - 1e-9 for a, b in zip(ibm, ibm[1:]))
    links = m.links(threshold=0.4, symmetrize="intersection")
    assert links[2] == ((0, 0),)
    assert links[0] == ((0, 0), (1, 1))
    assert links[1] == ((0, 0), (1, 1))


# -- memory-lean structures (issue 14): the corpus in flat arrays, pair ids found per batch ----
def _random_corpus(seed=0, n=60, Vs=40, Vt=50):
    rng = np.random.default_rng(seed)
    src = [rng.integers(0, Vs, rng.integers(0, 9)) for _ in range(n)]
    tgt = [rng.integers(0, Vt, rng.integers(0, 9)) for _ in range(n)]
    return src, tgt, Vs, Vt


def test_ragged_holds_the_sequences():
    from bri_align.align.hmm import Ragged

    seqs = [np.array([3, 1]), np.array([], dtype=np.int64), np.array([7])]
    r = Ragged.from_sequences(seqs)
    assert len(r) == 3 and r.flat.dtype == np.int32 and r.flat.tolist() == [3, 1, 7]
    assert [x.tolist() for x in r] == [[3, 1], [], [7]]
    assert r[-1].tolist() == [7] and r.lengths().tolist() == [2, 0, 1]
    with pytest.raises(IndexError):
        r[3]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_pair_table_rows_and_lookups_match_a_plain_search(seed):
    src, tgt, Vs, Vt = _random_corpus(seed)
    c = PairCorpus(src, tgt, n_src_vocab=Vs, n_tgt_vocab=Vt, max_batch_cells=50)
    expected = np.unique(np.concatenate([(s.astype(np.int64)[:, None] * Vt + t[None, :]).ravel()
                                         for s, t in zip(src, tgt) if len(s) and len(t)]))
    assert c.n_pairs == len(expected) and np.array_equal(c.keys(), expected)
    assert np.array_equal(c.pair_src.astype(np.int64) * Vt + c.pair_tgt, expected)
    # every cell of every batch finds its pair; no per-cell id is stored
    for g in c.groups:
        pid = c.batch_pair_ids(g)
        assert np.array_equal(expected[pid], g.src.astype(np.int64)[:, :, None] * Vt + g.tgt[:, None, :])
    # pairs that never co-occur, and words outside the vocabulary, are -1
    qs, qt = np.arange(Vs).repeat(Vt), np.tile(np.arange(Vt), Vs)
    want = np.searchsorted(expected, qs * Vt + qt)
    want = np.where((want < len(expected)) & (expected[np.minimum(want, len(expected) - 1)] == qs * Vt + qt),
                    want, -1)
    assert np.array_equal(c.pair_ids(qs, qt), want)
    assert c.pair_ids(np.array([Vs + 3]), np.array([0])).tolist() == [-1]


def test_ragged_input_and_smaller_batches_train_the_same():
    from bri_align.align.hmm import Ragged

    src, tgt, Vs, Vt = _random_corpus(3)
    cfg = EMConfig(ibm1_iterations=2, hmm_iterations=2)
    a = BidirectionalHMM(PairCorpus(src, tgt, n_src_vocab=Vs, n_tgt_vocab=Vt), config=cfg).train()
    b = BidirectionalHMM(PairCorpus(Ragged.from_sequences(src), Ragged.from_sequences(tgt), n_src_vocab=Vs,
                                    n_tgt_vocab=Vt, max_batch_cells=20), config=cfg).train()
    for d in (0, 1):
        assert np.allclose(a.t[d], b.t[d], rtol=1e-6)
    assert a.links(threshold=0.4, symmetrize="grow-diag-final-and") == \
        b.links(threshold=0.4, symmetrize="grow-diag-final-and")


def test_float32_tables_give_the_links_of_float64_tables():
    src, tgt, Vs, Vt = _random_corpus(4, n=120)
    out = []
    for dtype in ("float64", "float32"):
        c = PairCorpus(src, tgt, n_src_vocab=Vs, n_tgt_vocab=Vt)
        m = BidirectionalHMM(c, config=EMConfig(table_dtype=dtype)).train()
        assert m.t[0].dtype == np.dtype(dtype)
        out.append(m.links(threshold=0.4, symmetrize="grow-diag-final-and"))
    assert out[0] == out[1]


def test_hmm_stops_on_convergence_and_says_how_many_iterations_ran():
    src, tgt, Vs, Vt = _random_corpus(5, n=80)
    c = PairCorpus(src, tgt, n_src_vocab=Vs, n_tgt_vocab=Vt)
    fixed = BidirectionalHMM(c, config=EMConfig(hmm_iterations=6)).train()
    assert fixed.info()["iterations"] == {"ibm1": 5, "hmm": 6}
    lls = [x[1] + x[2] for x in fixed.loglik if x[0] == "hmm"]
    rel = [abs(b - a) / abs(a) for a, b in zip(lls, lls[1:])]
    tol = max(rel) * 1.01   # the first check already passes
    early = BidirectionalHMM(c, config=EMConfig(hmm_iterations=6, hmm_tolerance=tol)).train()
    assert early.info()["iterations"]["hmm"] == 2
    never = BidirectionalHMM(c, config=EMConfig(hmm_iterations=6, hmm_tolerance=min(rel) / 2)).train()
    assert never.info()["iterations"]["hmm"] == 6   # the cap


def test_pair_id_cache_is_kept_only_within_its_budget_and_trains_the_same():
    src, tgt, Vs, Vt = _random_corpus(4)
    cached = PairCorpus(src, tgt, n_src_vocab=Vs, n_tgt_vocab=Vt, max_batch_cells=50)
    searched = PairCorpus(src, tgt, n_src_vocab=Vs, n_tgt_vocab=Vt, max_batch_cells=50, id_cache_bytes=0)
    assert cached._id_cache is not None and searched._id_cache is None
    # just under the corpus's 4 bytes a cell: nothing is kept at all (no partial cache)
    cached_small = PairCorpus(src, tgt, n_src_vocab=Vs, n_tgt_vocab=Vt, id_cache_bytes=4 * cached.cells - 1)
    assert cached_small._id_cache is None
    for g in cached.groups:
        first = cached.batch_pair_ids(g)
        assert cached.batch_pair_ids(g) is first            # the second pass reuses the ids
    for g, h in zip(cached.groups, searched.groups):
        assert np.array_equal(cached.batch_pair_ids(g), searched.batch_pair_ids(h))
    cfg = EMConfig(ibm1_iterations=2, hmm_iterations=2)
    a = BidirectionalHMM(PairCorpus(src, tgt, n_src_vocab=Vs, n_tgt_vocab=Vt), config=cfg).train()
    b = BidirectionalHMM(searched, config=cfg).train()
    for d in (0, 1):
        assert np.allclose(a.t[d], b.t[d], rtol=1e-6)
