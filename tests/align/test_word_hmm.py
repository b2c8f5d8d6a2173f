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
