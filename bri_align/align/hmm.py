"""IBM Model 1 and HMM word alignment trained by EM in both directions, with priors (layer L3).

Written here in numpy (no GPL code).  The models follow the textbook definitions:

* **IBM Model 1** (Brown et al. 1993): ``p(e_j | f) = t(e_j | f_i)`` with a uniform
  alignment over the source words and a NULL word.
* **HMM** (Vogel, Ney & Tillmann 1996) with Och & Ney's (2003) NULL states: hidden
  state ``i`` is the source position a target word aligns to, ``H + i`` is "NULL,
  last aligned to ``i``"; transitions depend on the jump ``i - i'`` (bucketed to
  ``±max_jump``), NULL is entered with probability ``p0``.  Forward-backward with
  per-step scaling, vectorised over every sentence pair of the same length pair.

Both directions are trained (Chinese->English and English->Chinese).  With
``agreement=True`` the E-step uses the product of the two directions' link
posteriors as the lexical expected counts of both models (Liang, Taskar & Klein
2006, "Alignment by Agreement"), which sharpens both.

Lexical priors enter the M-step as pseudo-counts (MAP-EM with a Dirichlet prior):
``t(e|f) ∝ count(f, e) + alpha * prior(f, e) + beta``.

Sentences are grouped by their exact (source length, target length), so every
batch is a dense ``[B, I, J]`` array and no padding or masking is needed; the
translation table is a flat array over the word pairs that co-occur in some
sentence pair, addressed through per-batch pair-id arrays.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Callable, Dict, Iterator, List, Optional, Sequence, Tuple

import numpy as np

__all__ = ["EMConfig", "PairCorpus", "BidirectionalHMM"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class EMConfig:
    """Training options of :class:`BidirectionalHMM` (all part of the aligner's signature)."""

    ibm1_iterations: int = 5
    hmm_iterations: int = 3
    agreement: str = "hmm"          # "none", "hmm" (HMM iterations only) or "all"
    agreement_combine: str = "product"   # or "sqrt" (geometric mean of the two posteriors)
    prior_weight: float = 8.0       # alpha: pseudo-counts per unit of prior score
    prior_scaling: str = "frequency"  # "fixed": alpha per word; "frequency": alpha * max(1, n(f) / prior_ref)
    prior_ref: float = 32.0         # occurrences of a word above which "frequency" scales its prior
    smoothing: float = 0.0001      # beta: pseudo-count added to every co-occurring pair
    null_prob: float = 0.2          # p0: probability of a NULL state in the HMM
    ibm1_null_weight: float = 1.0   # NULL word weight in IBM-1 (relative to one source word)
    max_jump: int = 7
    jump_smoothing: float = 0.5
    threshold: float = 0.4          # posterior threshold for a directional link

    def to_dict(self) -> Dict[str, object]:
        return dict(self.__dict__)


@dataclass
class _Group:
    I: int
    J: int
    index: np.ndarray   # [B] sentence indices in the corpus
    src: np.ndarray     # [B, I] source word ids
    tgt: np.ndarray     # [B, J] target word ids
    pid: np.ndarray     # [B, I, J] pair ids (int32 or int64)


class PairCorpus:
    """Integer-encoded sentence pairs grouped by (source length, target length).

    ``pair_src[p]`` / ``pair_tgt[p]`` give the source/target word of pair id ``p``;
    the pair table holds every word pair that co-occurs in some sentence pair.
    """

    def __init__(self, src: Sequence[np.ndarray], tgt: Sequence[np.ndarray], *,
                 n_src_vocab: int, n_tgt_vocab: int, max_batch_cells: int = 250_000) -> None:
        if len(src) != len(tgt):
            raise ValueError("src and tgt must have the same number of sentences")
        self.n = len(src)
        self.Vs = n_src_vocab
        self.Vt = n_tgt_vocab
        by_len: Dict[Tuple[int, int], List[int]] = {}
        for k, (s, t) in enumerate(zip(src, tgt)):
            if len(s) and len(t):
                by_len.setdefault((len(s), len(t)), []).append(k)
        groups = []
        # The co-occurring word pairs, merged into one sorted array every few million
        # cells: peak memory stays at the pair table plus one chunk, not at all the
        # corpus's cells at once (which grew faster than the table on a large corpus).
        uniq = np.zeros(0, dtype=np.int64)
        pending: List[np.ndarray] = []
        pending_size = 0
        for (I, J), idx in sorted(by_len.items()):
            step = max(1, max_batch_cells // (I * J))
            for a in range(0, len(idx), step):
                ix = np.asarray(idx[a:a + step], dtype=np.int64)
                S = np.stack([src[k] for k in ix]).astype(np.int32)
                T = np.stack([tgt[k] for k in ix]).astype(np.int32)
                g = _Group(I, J, ix, S, T, np.empty(0, dtype=np.int32))
                groups.append(g)
                part = np.unique(self._keys_of(g))
                pending.append(part)
                pending_size += part.size
                if pending_size >= 1_000_000:
                    uniq = _merge_sorted(uniq, pending)
                    pending, pending_size = [], 0
        if pending:
            uniq = _merge_sorted(uniq, pending)
        del pending
        dtype = np.int32 if len(uniq) < 2 ** 31 - 1 else np.int64
        for g in groups:
            g.pid = np.searchsorted(uniq, self._keys_of(g)).astype(dtype)
        self.groups: List[_Group] = groups
        self.n_pairs = len(uniq)
        ids = np.int32 if max(self.Vs, self.Vt) < 2 ** 31 - 1 else np.int64
        self.pair_src = (uniq // self.Vt).astype(ids)
        self.pair_tgt = (uniq % self.Vt).astype(ids)

    def occurrences(self, direction: int) -> np.ndarray:
        """Occurrences of each source (direction 0) or target (1) word in the corpus."""
        cache = self.__dict__.setdefault("_occ", {})
        if direction not in cache:
            V = self.Vs if direction == 0 else self.Vt
            occ = np.zeros(V)
            for g in self.groups:
                occ += np.bincount((g.src if direction == 0 else g.tgt).ravel(), minlength=V)
            cache[direction] = occ
        return cache[direction]

    def _keys_of(self, g: _Group) -> np.ndarray:
        return g.src.astype(np.int64)[:, :, None] * self.Vt + g.tgt.astype(np.int64)[:, None, :]

    def keys(self) -> np.ndarray:
        """The sorted int64 key ``src * Vt + tgt`` of every pair id (computed, not stored)."""
        return self.pair_src.astype(np.int64) * self.Vt + self.pair_tgt

    def pair_ids(self, src_ids: np.ndarray, tgt_ids: np.ndarray) -> np.ndarray:
        """Pair ids of (src, tgt) word-id pairs; -1 where the pair never co-occurs."""
        keys = np.asarray(src_ids, dtype=np.int64) * self.Vt + np.asarray(tgt_ids, dtype=np.int64)
        if not self.n_pairs:
            return np.full(len(keys), -1, dtype=np.int64)
        table = self.keys()  # sorted, as built
        pos = np.clip(np.searchsorted(table, keys), 0, self.n_pairs - 1)
        return np.where(table[pos] == keys, pos, -1)


def _merge_sorted(table: np.ndarray, parts: List[np.ndarray]) -> np.ndarray:
    """``table`` (sorted, unique) with the keys of ``parts`` added: the new keys are found
    by binary search and inserted in one pass, so the only large allocation is the result
    (``np.unique`` of the concatenation would sort a copy of the whole table each time)."""
    new = np.unique(np.concatenate(parts))
    if table.size:
        pos = np.searchsorted(table, new)
        known = table[np.minimum(pos, table.size - 1)] == new
        new, pos = new[~known], pos[~known]
        return np.insert(table, pos, new)
    return new


def default_sigterm() -> None:
    """Pool initializer: a worker process ends quietly on SIGTERM (``Pool.terminate``),
    instead of running the handler it inherited from the CLI (SIGTERM as Ctrl-C), which
    printed a KeyboardInterrupt traceback from every worker at shutdown."""
    import signal

    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the parent, which stops the pool


def _transition(H: int, jump: np.ndarray, p0: float, D: int):
    """Transition matrix [2H, 2H], initial distribution [2H], jump-bucket matrix [H, H] and
    the count weights [H, H] (1 / number of positions sharing the bucket in that row).

    ``jump`` holds a weight *per position*: the two outer buckets (jumps of ``±D`` or
    more) cover several positions each, so their counts are divided by how many
    positions they cover in that row, or they would grow with sentence length.
    """
    pos = np.arange(H)
    buckets = np.clip(pos[None, :] - pos[:, None], -D, D) + D        # [i', i]
    mult = np.zeros((H, 2 * D + 1))
    np.add.at(mult, (np.repeat(pos, H), buckets.ravel()), 1.0)
    share = 1.0 / mult[pos[:, None], buckets]
    w = jump[buckets]
    w = w / w.sum(1, keepdims=True)
    A = np.zeros((2 * H, 2 * H))
    A[:H, :H] = (1 - p0) * w
    A[H:, :H] = (1 - p0) * w
    A[pos, H + pos] = p0
    A[H + pos, H + pos] = p0
    init_b = np.clip(pos + 1, -D, D) + D
    pi = np.empty(2 * H)
    iw = jump[init_b]
    pi[:H] = (1 - p0) * iw / iw.sum()
    pi[H:] = p0 / H
    init_share = 1.0 / np.bincount(init_b, minlength=2 * D + 1)[init_b]
    return A, pi, buckets, share, init_share


def _forward_backward(E: np.ndarray, A: np.ndarray, pi: np.ndarray
                      ) -> Tuple[np.ndarray, np.ndarray, float]:
    """Scaled forward-backward over a batch on the full transition matrix (the reference
    implementation; training uses :func:`_forward_backward_null`, tested against this).

    ``E``: emissions [B, J, S]; returns state posteriors [B, J, S], the expected
    transition counts summed over the batch [S, S], and the log-likelihood.
    """
    B, J, S = E.shape
    alpha = np.empty_like(E)
    c = np.empty((B, J))
    a = pi[None, :] * E[:, 0, :]
    c[:, 0] = a.sum(1)
    alpha[:, 0, :] = a / c[:, 0:1]
    for j in range(1, J):
        a = (alpha[:, j - 1, :] @ A) * E[:, j, :]
        c[:, j] = a.sum(1)
        alpha[:, j, :] = a / c[:, j:j + 1]
    beta = np.empty_like(E)
    beta[:, J - 1, :] = 1.0
    AT = A.T
    for j in range(J - 2, -1, -1):
        beta[:, j, :] = ((E[:, j + 1, :] * beta[:, j + 1, :]) @ AT) / c[:, j + 1:j + 2]
    gamma = alpha * beta
    if J > 1:
        eb = (E[:, 1:, :] * beta[:, 1:, :]) / c[:, 1:, None]
        xi = np.einsum("bjs,bjt->st", alpha[:, :-1, :], eb, optimize=True) * A
    else:
        xi = np.zeros((S, S))
    return gamma, xi, float(np.log(c).sum())


def _forward_backward_null(P: np.ndarray, N: np.ndarray, W: np.ndarray, p0: float,
                           pi_real: np.ndarray, pi_null: np.ndarray
                           ) -> Tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """Forward-backward specialised to Och & Ney's NULL states (same result as
    :func:`_forward_backward` on the full ``[2H, 2H]`` matrix, about 4x fewer operations).

    The rows of state ``i`` and of its NULL twin ``H + i`` are identical (both continue
    from position ``i``), so the forward pass needs only ``u = alpha_real + alpha_null``
    times the ``[H, H]`` word-to-word block ``W`` (= ``(1 - p0) * jump``), NULL states
    are reached from their twin with probability ``p0``, and the backward variables of a
    state and its twin are equal.

    ``P``: real-word emissions [B, J, H]; ``N``: NULL emissions [B, J].  Returns the
    posteriors of the real states [B, J, H], of NULL [B, J] (summed over the H NULL
    states), the expected word-to-word transition counts summed over the batch [H, H]
    and the log-likelihood.  Arrays are processed time-major so each step reads
    contiguous memory.
    """
    B, J, H = P.shape
    Pt = np.ascontiguousarray(P.transpose(1, 0, 2))        # [J, B, H]
    Nt = np.ascontiguousarray(N.T)[:, :, None]              # [J, B, 1]
    ar = np.empty_like(Pt)                                  # alpha of real states
    an = np.empty_like(Pt)                                  # alpha of NULL states
    c = np.empty((J, B, 1))
    r = pi_real[None, :] * Pt[0]
    n = pi_null[None, :] * Nt[0]
    c[0] = r.sum(1, keepdims=True) + n.sum(1, keepdims=True)
    ar[0] = r / c[0]
    an[0] = n / c[0]
    for j in range(1, J):
        u = ar[j - 1] + an[j - 1]
        r = (u @ W) * Pt[j]
        n = (p0 * u) * Nt[j]
        c[j] = r.sum(1, keepdims=True) + n.sum(1, keepdims=True)
        ar[j] = r / c[j]
        an[j] = n / c[j]
    beta = np.empty_like(Pt)
    beta[J - 1] = 1.0
    WT = W.T
    for j in range(J - 2, -1, -1):
        eb = Pt[j + 1] * beta[j + 1]
        beta[j] = (eb @ WT + p0 * Nt[j + 1] * beta[j + 1]) / c[j + 1]
    g_real = ar * beta
    g_null = (an * beta).sum(2)
    if J > 1:
        u_prev = (ar[:-1] + an[:-1]).reshape(-1, H)          # [(J-1) B, H]
        eb = ((Pt[1:] * beta[1:]) / c[1:]).reshape(-1, H)
        xi = (u_prev.T @ eb) * W
    else:
        xi = np.zeros((H, H))
    return g_real.transpose(1, 0, 2), g_null.T, xi, float(np.log(c).sum())


class BidirectionalHMM:
    """IBM-1 then HMM, trained by EM in both directions on a :class:`PairCorpus`.

    ``prior`` is an array over pair ids (scores in [0, 1]) or None.  After
    :meth:`train`, :meth:`posteriors` yields per sentence the link posteriors of
    both directions as ``[I, J]`` arrays (source index first).
    """

    def __init__(self, corpus: PairCorpus, *, config: EMConfig = EMConfig(),
                 prior: Optional[np.ndarray] = None,
                 progress: Optional[Callable[[str], None]] = None) -> None:
        self.corpus = corpus
        self.cfg = config
        n = corpus.n_pairs
        # the prior is sparse (a dictionary knows few of the co-occurring pairs): kept as
        # (pair ids, scores), not as one more float per pair
        if prior is None:
            self.prior_ids, self.prior_scores = np.zeros(0, dtype=np.int64), np.zeros(0)
        elif isinstance(prior, tuple):
            self.prior_ids = np.asarray(prior[0], dtype=np.int64)
            self.prior_scores = np.asarray(prior[1], dtype=np.float64)
        else:
            dense = np.asarray(prior, dtype=np.float64)
            self.prior_ids = np.flatnonzero(dense)
            self.prior_scores = dense[self.prior_ids]
        self._progress = progress
        self.D = config.max_jump
        # forward: p(tgt | src), hidden = source positions; backward: p(src | tgt)
        self.t = [self._normalise(np.ones(n), 0), self._normalise(np.ones(n), 1)]
        self.t_null = [np.full(corpus.Vt, 1.0 / max(corpus.Vt, 1)), np.full(corpus.Vs, 1.0 / max(corpus.Vs, 1))]
        self.jump = [np.ones(2 * self.D + 1), np.ones(2 * self.D + 1)]
        self.loglik: List[Tuple[str, float, float]] = []
        self.flush_cells = 1_000_000
        self._pool = None
        self._parts: List[List[_Group]] = []
        self._outs: List[Dict[str, List[np.ndarray]]] = []

    # -- M-step helpers ------------------------------------------------------
    def _normalise(self, counts: np.ndarray, direction: int) -> np.ndarray:
        """``t(e|f) ∝ count + alpha * prior + beta``, computed in ``counts``'s own memory
        (the caller's fresh array: the E-step's counts are not used again)."""
        cfg = self.cfg
        num = counts
        cond = self.corpus.pair_src if direction == 0 else self.corpus.pair_tgt
        num += cfg.smoothing
        if cfg.prior_scaling == "frequency" and self.prior_ids.size:
            # the prior keeps its weight against the data as a word's occurrences grow: a
            # word seen n times gets alpha * max(1, n / prior_ref) pseudo-counts
            occ = self.corpus.occurrences(direction)[cond[self.prior_ids]]
            num[self.prior_ids] += cfg.prior_weight * np.maximum(1.0, occ / cfg.prior_ref) * self.prior_scores
        else:
            num[self.prior_ids] += cfg.prior_weight * self.prior_scores
        V = self.corpus.Vs if direction == 0 else self.corpus.Vt
        den = np.bincount(cond, weights=num, minlength=V)
        num /= den[cond]
        return num

    def _normalise_null(self, counts: np.ndarray) -> np.ndarray:
        num = counts + self.cfg.smoothing
        return num / num.sum()

    # -- E-step --------------------------------------------------------------
    def _emissions(self, g: _Group, direction: int) -> Tuple[np.ndarray, np.ndarray]:
        """Real-word emissions [B, Jobs, Hhid] and NULL emissions [B, Jobs] of a group."""
        P = self.t[direction][g.pid]  # [B, I, J]
        if direction == 0:
            return P.transpose(0, 2, 1), self.t_null[0][g.tgt]
        return P, self.t_null[1][g.src]

    def _ibm1_post(self, g: _Group, direction: int) -> Tuple[np.ndarray, np.ndarray, float]:
        P, N = self._emissions(g, direction)  # [B, Jo, H], [B, Jo]
        H = P.shape[2]
        nullw = self.cfg.ibm1_null_weight * N
        den = P.sum(2) + nullw
        post = P / den[:, :, None]
        return post, nullw / den, float(np.log(den / (H + self.cfg.ibm1_null_weight)).sum())

    def _hmm_post(self, g: _Group, direction: int, cache: Dict) -> Tuple[np.ndarray, np.ndarray, float, np.ndarray]:
        P, N = self._emissions(g, direction)
        B, Jo, H = P.shape
        key = (direction, H)
        if key not in cache:
            cache[key] = _transition(H, self.jump[direction], self.cfg.null_prob, self.D)
        A, pi, buckets, share, init_share = cache[key]
        p0 = self.cfg.null_prob
        g_real, g_null, xi, ll = _forward_backward_null(P, N, A[:H, :H], p0, pi[:H], pi[H:])
        jc = np.bincount(buckets.ravel(), weights=(xi * share).ravel(), minlength=2 * self.D + 1)
        init_b = np.clip(np.arange(H) + 1, -self.D, self.D) + self.D
        jc += np.bincount(init_b, weights=g_real[:, 0, :].sum(0) * init_share, minlength=2 * self.D + 1)
        return g_real, g_null, ll, jc

    def _link_posteriors(self, g: _Group, model: str, cache: Dict):
        """Both directions' link posteriors as [B, I, J], NULL posteriors, log-liks, jump counts."""
        posts, nulls, lls, jcs = [], [], [], []
        for d in (0, 1):
            if model == "ibm1":
                p, nl, ll = self._ibm1_post(g, d)
                jc = None
            else:
                p, nl, ll, jc = self._hmm_post(g, d, cache)
            posts.append(p.transpose(0, 2, 1) if d == 0 else p)   # -> [B, I, J]
            nulls.append(nl)
            lls.append(ll)
            jcs.append(jc)
        return posts, nulls, lls, jcs

    def _accumulate(self, groups: Sequence[_Group], model: str, counts: Sequence[np.ndarray],
                    ncounts: Sequence[np.ndarray], jcounts: Sequence[np.ndarray]) -> List[float]:
        """E-step over ``groups``: add expected counts into the given arrays; return log-likelihoods."""
        cfg = self.cfg
        c = self.corpus
        ll = [0.0, 0.0]
        cache: Dict = {}
        agree = cfg.agreement == "all" or (cfg.agreement == "hmm" and model == "hmm")
        # lexical counts are buffered and added with one bincount per ~flush_cells cells:
        # a bincount per group would cost O(n_pairs) each time
        buf_pid: List[np.ndarray] = []
        buf_w: List[List[np.ndarray]] = [[], []]
        buffered = 0

        def flush() -> None:
            if not buf_pid:
                return
            pids = np.concatenate(buf_pid)
            for d in (0, 1):
                counts[d] += np.bincount(pids, weights=np.concatenate(buf_w[d]), minlength=c.n_pairs)
                buf_w[d].clear()
            buf_pid.clear()

        for g in groups:
            posts, nulls, lls, jcs = self._link_posteriors(g, model, cache)
            if agree:
                q = posts[0] * posts[1]
                if cfg.agreement_combine == "sqrt":
                    q = np.sqrt(q)
                lex = [q, q]
                # NULL mass: whatever the agreed links leave of each observed word
                nl = [np.clip(1.0 - q.sum(1), 0.0, None), np.clip(1.0 - q.sum(2), 0.0, None)]
            else:
                lex = posts
                nl = nulls
            buf_pid.append(g.pid.ravel())
            buffered += g.pid.size
            for d in (0, 1):
                buf_w[d].append(lex[d].ravel())
                obs = g.tgt if d == 0 else g.src
                ncounts[d] += np.bincount(obs.ravel(), weights=nl[d].ravel(), minlength=len(ncounts[d]))
                ll[d] += lls[d]
                if jcs[d] is not None:
                    jcounts[d] += jcs[d]
            if buffered >= self.flush_cells:
                flush()
                buffered = 0
        flush()
        return ll

    def _iteration(self, model: str) -> None:
        cfg = self.cfg
        c = self.corpus
        if self._pool is not None:
            counts, ncounts, jcounts, ll = self._mp_accumulate(model)
        else:
            counts = [np.zeros(c.n_pairs), np.zeros(c.n_pairs)]
            ncounts = [np.zeros(c.Vt), np.zeros(c.Vs)]
            jcounts = [np.zeros(2 * self.D + 1), np.zeros(2 * self.D + 1)]
            ll = self._accumulate(c.groups, model, counts, ncounts, jcounts)
        for d in (0, 1):
            self._set("t", d, self._normalise(counts[d], d))
            self._set("t_null", d, self._normalise_null(ncounts[d]))
            if model == "hmm":
                j = jcounts[d] + cfg.jump_smoothing
                self._set("jump", d, j / j.sum())
        self.loglik.append((model, ll[0], ll[1]))
        logger.debug("%s iteration: log-likelihood %.1f / %.1f", model, ll[0], ll[1])

    def _set(self, name: str, d: int, value: np.ndarray) -> None:
        arrs = getattr(self, name)
        if self._pool is not None:
            np.copyto(arrs[d], value)   # shared memory the workers read
        else:
            arrs[d] = value

    # -- worker processes ------------------------------------------------------
    # (at most one per batch: a worker with no batch would only idle)
    def _start_pool(self, num_proc: int) -> None:
        """Fork ``num_proc`` workers sharing the parameters and their own count buffers."""
        import multiprocessing as mp

        if num_proc <= 1 or "fork" not in mp.get_all_start_methods() or len(self.corpus.groups) < 2:
            if num_proc > 1:
                logger.info("worker processes need the 'fork' start method and 2+ batches; using one process")
            return
        c = self.corpus
        K = 2 * self.D + 1

        def shared(n: int, init: Optional[np.ndarray] = None) -> np.ndarray:
            arr = np.frombuffer(mp.RawArray("d", max(int(n), 1)), dtype=np.float64)[:n]
            if init is not None:
                arr[:] = init
            return arr

        self.t = [shared(c.n_pairs, self.t[0]), shared(c.n_pairs, self.t[1])]
        self.t_null = [shared(c.Vt, self.t_null[0]), shared(c.Vs, self.t_null[1])]
        self.jump = [shared(K, self.jump[0]), shared(K, self.jump[1])]
        # balance the batches over the workers by cells (largest first)
        num_proc = min(num_proc, len(c.groups))
        parts: List[List[_Group]] = [[] for _ in range(num_proc)]
        load = [0] * num_proc
        for g in sorted(c.groups, key=lambda g: -g.pid.size):
            w = load.index(min(load))
            parts[w].append(g)
            load[w] += g.pid.size
        outs = []
        for _ in range(num_proc):
            outs.append({"counts": [shared(c.n_pairs), shared(c.n_pairs)],
                         "nc": [shared(c.Vt), shared(c.Vs)], "jc": [shared(K), shared(K)]})
        self._parts = parts
        self._outs = outs
        _MP["model"] = self
        self._pool = mp.get_context("fork").Pool(num_proc, initializer=default_sigterm)
        _MP.pop("model", None)   # the children hold their own reference now

    def _mp_accumulate(self, model: str):
        for out in self._outs:
            for key in ("counts", "nc", "jc"):
                for arr in out[key]:
                    arr.fill(0.0)
        lls = self._pool.map(_mp_accumulate_worker, [(w, model) for w in range(len(self._parts))])
        counts = [sum(o["counts"][d] for o in self._outs) for d in (0, 1)]
        ncounts = [sum(o["nc"][d] for o in self._outs) for d in (0, 1)]
        jcounts = [sum(o["jc"][d] for o in self._outs) for d in (0, 1)]
        ll = [sum(x[d] for x in lls) for d in (0, 1)]
        return counts, ncounts, jcounts, ll

    def close(self) -> None:
        """Stop the worker processes (if any)."""
        if self._pool is not None:
            self._pool.close()
            self._pool.join()
            self._pool = None

    def train(self, *, num_proc: int = 1) -> "BidirectionalHMM":
        """Run the IBM-1 then HMM iterations; ``num_proc > 1`` runs the E-step in forked workers
        (left running for :meth:`links`; call :meth:`close` when done)."""
        cfg = self.cfg
        self._start_pool(num_proc)
        steps = [("ibm1", cfg.ibm1_iterations), ("hmm", cfg.hmm_iterations)]
        for model, n in steps:
            for k in range(n):
                if self._progress:
                    self._progress(f"{model} {k + 1}/{n}")
                self._iteration(model)
        return self

    @property
    def final_model(self) -> str:
        return "hmm" if self.cfg.hmm_iterations > 0 else "ibm1"

    def posteriors(self, groups: Optional[Sequence[_Group]] = None
                   ) -> Iterator[Tuple[int, np.ndarray, np.ndarray]]:
        """Yield ``(sentence_index, post_fwd[I, J], post_bwd[I, J])`` for every non-empty pair."""
        cache: Dict = {}
        for g in (self.corpus.groups if groups is None else groups):
            posts, _, _, _ = self._link_posteriors(g, self.final_model, cache)
            for b, k in enumerate(g.index):
                yield int(k), posts[0][b], posts[1][b]

    def _links_of(self, groups: Sequence[_Group], threshold: float, method: str, decode: str = "posterior"
                  ) -> List[Tuple[int, Tuple[Tuple[int, int], ...]]]:
        from .symmetrize import symmetrize

        out = []
        cache: Dict = {}
        for g in groups:
            posts, nulls, _, _ = self._link_posteriors(g, self.final_model, cache)
            B = len(g.index)
            per = []
            for d, p in enumerate(posts):   # (b, i, j) of every link of this direction
                if decode == "argmax":
                    # each observed word to its most probable source word, unless NULL is likelier
                    axis = 1 if d == 0 else 2
                    best = p.argmax(axis)
                    keep = p.max(axis) > nulls[d]
                    sel = np.zeros_like(p, dtype=bool)
                    bb, kk = np.nonzero(keep)
                    if d == 0:
                        sel[bb, best[bb, kk], kk] = True
                    else:
                        sel[bb, kk, best[bb, kk]] = True
                else:
                    sel = p >= threshold
                b, i, j = np.nonzero(sel)
                cuts = np.searchsorted(b, np.arange(1, B))
                per.append([set(zip(ii.tolist(), jj.tolist()))
                            for ii, jj in zip(np.split(i, cuts), np.split(j, cuts))])
            for b, k in enumerate(g.index.tolist()):
                out.append((k, symmetrize(per[0][b], per[1][b], method=method)))
        return out

    def links(self, *, threshold: float, symmetrize: str, decode: str = "posterior"
              ) -> List[Tuple[Tuple[int, int], ...]]:
        """Symmetrised links of every sentence pair of the corpus, in corpus order; empty
        pairs get ``()``.  Each direction links a word pair whose posterior is at least
        ``threshold`` (``decode="posterior"``), or each observed word to its most probable
        source word unless NULL is more probable (``decode="argmax"``)."""
        out: List[Tuple[Tuple[int, int], ...]] = [()] * self.corpus.n
        if self._pool is not None:
            parts = self._pool.map(_mp_links_worker,
                                   [(w, threshold, symmetrize, decode) for w in range(len(self._parts))])
            items = [x for part in parts for x in part]
        else:
            items = self._links_of(self.corpus.groups, threshold, symmetrize, decode)
        for k, lk in items:
            out[k] = lk
        return out


# Forked workers find the model here (set just before the pool forks).
_MP: Dict[str, "BidirectionalHMM"] = {}


def _mp_model() -> "BidirectionalHMM":
    return _MP["model"]


def _mp_accumulate_worker(args: Tuple[int, str]) -> List[float]:
    w, model = args
    m = _mp_model()
    out = m._outs[w]
    return m._accumulate(m._parts[w], model, out["counts"], out["nc"], out["jc"])


def _mp_links_worker(args: Tuple[int, float, str, str]):
    w, threshold, method, decode = args
    m = _mp_model()
    return m._links_of(m._parts[w], threshold, method, decode)
