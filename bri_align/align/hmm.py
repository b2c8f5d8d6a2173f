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
sentence pair, addressed through pair ids that each batch looks up when it is
processed.

Memory (issue 14) is the corpus (two flat int32 arrays), the pair table in compressed
rows (4 bytes a pair), two float32 translation tables and one float64 table of expected
counts: about 16 bytes per co-occurring pair, nothing per cell of a sentence pair and no
Python object per sentence.  20,000 synthetic pairs (2.9 million co-occurring pairs, 18
million cells) peak at 145 MB where per-cell pair ids, float64 tables and two count tables
took 473 MB; the links are the same (``benchmarks/word_align_throughput.py``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Callable, Dict, Iterator, List, Optional, Sequence, Tuple

import numpy as np

__all__ = ["EMConfig", "PairCorpus", "BidirectionalHMM", "Ragged"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class EMConfig:
    """Training options of :class:`BidirectionalHMM` (all part of the aligner's signature)."""

    ibm1_iterations: int = 5
    hmm_iterations: int = 3         # the HMM's iterations, or their cap with hmm_tolerance
    hmm_tolerance: float = 0.0      # > 0: stop the HMM once the log-likelihood changes by less
    hmm_min_iterations: int = 1     # HMM iterations run before the tolerance is checked
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
    table_dtype: str = "float32"    # how the translation tables are stored ("float32": half the memory)

    def to_dict(self) -> Dict[str, object]:
        return dict(self.__dict__)


class Ragged:
    """Integer sequences of varying length held as one flat ``int32`` array and offsets:
    the corpus in two arrays instead of one numpy object per sentence.  Indexing gives a
    view of one sequence; iteration yields every sequence."""

    __slots__ = ("flat", "offsets")

    def __init__(self, flat: np.ndarray, offsets: np.ndarray) -> None:
        self.flat = flat
        self.offsets = offsets

    @classmethod
    def from_sequences(cls, seqs: Sequence[Sequence[int]]) -> "Ragged":
        if isinstance(seqs, Ragged):
            return seqs
        lens = np.fromiter((len(s) for s in seqs), dtype=np.int64, count=len(seqs))
        offsets = np.zeros(len(lens) + 1, dtype=np.int64)
        np.cumsum(lens, out=offsets[1:])
        flat = np.empty(int(offsets[-1]), dtype=np.int32)
        for k, s in enumerate(seqs):
            flat[offsets[k]:offsets[k + 1]] = s
        return cls(flat, offsets)

    def lengths(self) -> np.ndarray:
        return np.diff(self.offsets)

    def rows(self, index: np.ndarray, width: int) -> np.ndarray:
        """``[len(index), width]`` array of the sequences ``index`` (each of length ``width``)."""
        return self.flat[self.offsets[index][:, None] + np.arange(width)]

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def __getitem__(self, k: int) -> np.ndarray:
        if k < 0:
            k += len(self)
        if not 0 <= k < len(self):
            raise IndexError(k)
        return self.flat[self.offsets[k]:self.offsets[k + 1]]

    def __iter__(self) -> Iterator[np.ndarray]:
        o = self.offsets.tolist()
        for a, b in zip(o, o[1:]):
            yield self.flat[a:b]

    @property
    def nbytes(self) -> int:
        return int(self.flat.nbytes + self.offsets.nbytes)


class _Group:
    """A batch: sentence pairs of one (source length, target length); their word ids are
    gathered from the corpus when asked for, not copied into the batch."""

    __slots__ = ("I", "J", "index", "_src", "_tgt")

    def __init__(self, I: int, J: int, index: np.ndarray, src: "Ragged", tgt: "Ragged") -> None:
        self.I = I
        self.J = J
        self.index = index   # [B] sentence indices in the corpus
        self._src = src
        self._tgt = tgt

    @property
    def src(self) -> np.ndarray:
        """[B, I] source word ids (int32)."""
        return self._src.rows(self.index, self.I)

    @property
    def tgt(self) -> np.ndarray:
        """[B, J] target word ids (int32)."""
        return self._tgt.rows(self.index, self.J)

    @property
    def cells(self) -> int:
        return len(self.index) * self.I * self.J


#: pairs per chunk in the M-step and the table's construction (bounds their temporaries)
_CHUNK = 1 << 18

#: memory for keeping every batch's pair ids between EM passes (4 bytes a cell): a corpus
#: whose ids fit (about 8 million cells, some 9,000 sentence pairs of 30 words) searches
#: them once; a larger one searches again on each pass and keeps its peak bound
ID_CACHE_BYTES = 32 << 20


class PairCorpus:
    """Integer-encoded sentence pairs grouped by (source length, target length), and the
    table of the word pairs that co-occur in some sentence pair.

    The table is held in compressed-row form: the pairs sorted by (source word, target
    word), ``row_ptr[f]:row_ptr[f + 1]`` the pair ids of source word ``f`` and
    ``pair_tgt[p]`` the target word of pair ``p`` (4 bytes a pair).  No pair id is stored
    per cell of a sentence pair: :meth:`batch_pair_ids` finds a batch's ids by binary
    search in the rows when the batch is processed, so memory holds the table and the
    corpus, not the corpus's ``sum(I * J)`` cells (which grew with the square of
    sentence length).  The table is built a range of source words at a time, so building
    it needs little more than the table itself.
    """

    def __init__(self, src: Sequence[np.ndarray], tgt: Sequence[np.ndarray], *,
                 n_src_vocab: int, n_tgt_vocab: int, max_batch_cells: int = 65_536,
                 id_cache_bytes: int = ID_CACHE_BYTES) -> None:
        if len(src) != len(tgt):
            raise ValueError("src and tgt must have the same number of sentences")
        _pin_mmap_threshold()
        src = Ragged.from_sequences(src)
        tgt = Ragged.from_sequences(tgt)
        self.src, self.tgt = src, tgt
        self.n = len(src)
        self.Vs = n_src_vocab
        self.Vt = n_tgt_vocab
        ls, lt = src.lengths(), tgt.lengths()
        order = np.lexsort((np.arange(self.n), lt, ls))
        order = order[(ls[order] > 0) & (lt[order] > 0)]
        groups: List[_Group] = []
        if len(order):
            ls_o, lt_o = ls[order], lt[order]
            cuts = np.flatnonzero((ls_o[1:] != ls_o[:-1]) | (lt_o[1:] != lt_o[:-1])) + 1
            for run in np.split(order, cuts):
                I, J = int(ls[run[0]]), int(lt[run[0]])
                step = max(1, max_batch_cells // (I * J))
                for a in range(0, len(run), step):
                    groups.append(_Group(I, J, run[a:a + step].astype(np.int64), src, tgt))
        self.groups: List[_Group] = groups
        self._occ: Dict[int, np.ndarray] = {}
        # source-word ranges of about equal weight (a word's occurrences times the target
        # lengths it meets), one table part each
        weight = np.zeros(self.Vs)
        for g in groups:
            weight += np.bincount(g.src.ravel(), minlength=self.Vs) * g.J
        cum = np.cumsum(weight)
        total = float(cum[-1]) if len(cum) else 0.0
        k = int(min(64, max(1, total // 4_000_000)))
        bounds = np.unique(np.concatenate([[0], np.searchsorted(cum, total * np.arange(1, k) / k), [self.Vs]]))
        del weight, cum
        rows = np.zeros(self.Vs, dtype=np.int64)
        tdtype = np.int32 if self.Vt < 2 ** 31 - 1 else np.int64
        parts: List[np.ndarray] = []
        for lo, hi in zip(bounds[:-1], bounds[1:]):
            part = self._table_part(int(lo), int(hi))
            rows += np.bincount(part // self.Vt, minlength=self.Vs)
            parts.append((part % self.Vt).astype(tdtype))
            del part
        parts.append(np.array([np.iinfo(tdtype).max], dtype=tdtype))   # the search's sentinel
        self._table = np.concatenate(parts)
        del parts
        self.pair_tgt = self._table[:-1]
        self.n_pairs = len(self.pair_tgt)
        self.row_ptr = np.zeros(self.Vs + 1, dtype=np.int64)
        np.cumsum(rows, out=self.row_ptr[1:])
        self._id_cache: Optional[Dict[int, np.ndarray]] = None
        self.set_id_cache(id_cache_bytes)

    def _table_part(self, lo: int, hi: int) -> np.ndarray:
        """Sorted unique keys ``src * Vt + tgt`` of the co-occurring pairs whose source word is
        in ``lo:hi``, merged every half million keys."""
        uniq = np.zeros(0, dtype=np.int64)
        pending: List[np.ndarray] = []
        pending_size = 0
        for g in self.groups:
            S = g.src
            sel = (S >= lo) & (S < hi)
            if not sel.any():
                continue
            b = np.nonzero(sel)[0]
            keys = S[sel].astype(np.int64)[:, None] * self.Vt + g.tgt[b].astype(np.int64)
            part = _sorted_unique(keys)
            del keys
            pending.append(part)
            pending_size += part.size
            if pending_size >= 500_000:
                uniq = _merge_sorted(uniq, pending)
                pending, pending_size = [], 0
        if pending:
            uniq = _merge_sorted(uniq, pending)
        return uniq

    # -- the pair table ------------------------------------------------------
    @property
    def pair_src(self) -> np.ndarray:
        """The source word of every pair id (computed from the rows, not stored)."""
        return np.repeat(np.arange(self.Vs, dtype=np.int32 if self.Vs < 2 ** 31 - 1 else np.int64),
                         np.diff(self.row_ptr))

    def src_of(self, pair_ids: np.ndarray) -> np.ndarray:
        """The source word of each of ``pair_ids``."""
        return np.searchsorted(self.row_ptr, pair_ids, side="right") - 1

    def cond_of(self, direction: int, a: int, b: int) -> np.ndarray:
        """The conditioning word of pairs ``a:b``: source (direction 0) or target (1)."""
        if direction == 0:
            return self.src_of(np.arange(a, b))
        return self.pair_tgt[a:b]

    def keys(self) -> np.ndarray:
        """The sorted int64 key ``src * Vt + tgt`` of every pair id (computed, not stored)."""
        return self.pair_src.astype(np.int64) * self.Vt + self.pair_tgt

    def _lookup(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """Pair ids of (source word, target word) pairs by a vectorised binary search in
        each source word's row; -1 where the pair is not in the table."""
        base = self.row_ptr[rows]
        if not base.size:
            return base
        end = self.row_ptr[rows + 1]
        table = self._table   # pair_tgt and a sentinel above every word id
        # lower bound of ``cols`` in table[base:end], every row at once (branch-free: each
        # step halves every row's remaining range), in place
        n = end - base
        step = np.empty_like(n)
        mid = np.empty_like(base)
        less = np.empty(n.shape, dtype=bool)
        for _ in range(int(n.max()).bit_length()):
            np.right_shift(n, 1, out=step)
            np.add(base, step, out=mid)
            np.less(table[mid], cols, out=less)
            np.add(base, step, out=base, where=less)
            np.subtract(n, step, out=n)
        np.less(table[base], cols, out=less)
        less &= n > 0
        base += less   # the one candidate left was smaller: the bound is past it
        hit = (base < end) & (table[base] == cols)
        return np.where(hit, base, -1)

    def batch_pair_ids(self, g: _Group) -> np.ndarray:
        """``[B, I, J]`` pair ids of a batch (every cell's pair is in the table).

        Found by binary search; kept for the next pass when the whole corpus's ids fit in
        :attr:`id_cache_bytes` (a small corpus then pays the search once, a large one
        keeps its memory bound)."""
        if self._id_cache is not None:
            hit = self._id_cache.get(id(g))
            if hit is not None:
                return hit
        B, I, J = len(g.index), g.I, g.J
        rows = np.broadcast_to(g.src[:, :, None], (B, I, J)).ravel()
        cols = np.broadcast_to(g.tgt[:, None, :], (B, I, J)).ravel()
        ids = self._lookup(rows, cols).reshape(B, I, J)
        if self._id_cache is not None:
            ids = ids.astype(np.int32 if self.n_pairs < 2 ** 31 - 1 else np.int64)
            self._id_cache[id(g)] = ids
        return ids

    def set_id_cache(self, max_bytes: int) -> None:
        """Keep every batch's pair ids between passes if they fit in ``max_bytes`` in all
        (4 bytes a cell); else none (the ids are searched again on each pass)."""
        self.id_cache_bytes = int(max_bytes)
        fits = self.n_pairs < 2 ** 31 - 1 and 4 * self.cells <= self.id_cache_bytes
        self._id_cache = {} if fits else None

    def pair_ids(self, src_ids: np.ndarray, tgt_ids: np.ndarray) -> np.ndarray:
        """Pair ids of (src, tgt) word-id pairs; -1 where the pair never co-occurs."""
        s = np.asarray(src_ids, dtype=np.int64)
        t = np.asarray(tgt_ids, dtype=np.int64)
        if not self.n_pairs or not s.size:
            return np.full(len(s), -1, dtype=np.int64)
        ok = (s >= 0) & (s < self.Vs)
        out = np.full(len(s), -1, dtype=np.int64)
        out[ok] = self._lookup(s[ok], t[ok])
        return out

    def occurrences(self, direction: int) -> np.ndarray:
        """Occurrences of each source (direction 0) or target (1) word in the corpus."""
        if direction not in self._occ:
            V = self.Vs if direction == 0 else self.Vt
            occ = np.zeros(V)
            for g in self.groups:
                occ += np.bincount((g.src if direction == 0 else g.tgt).ravel(), minlength=V)
            self._occ[direction] = occ
        return self._occ[direction]

    @property
    def cells(self) -> int:
        """Cells (source word x target word positions) over all sentence pairs."""
        return sum(g.cells for g in self.groups)


def _sorted_unique(a: np.ndarray) -> np.ndarray:
    """``np.unique(a)`` of an integer array by sorting a copy (numpy 2.4's ``np.unique`` of
    integers goes through a hash table whose many small allocations fragment the heap:
    40 MB of it stayed resident after building the pair table of 20,000 pairs)."""
    b = np.sort(a, axis=None)
    if b.size < 2:
        return b
    keep = np.empty(b.size, dtype=bool)
    keep[0] = True
    np.not_equal(b[1:], b[:-1], out=keep[1:])
    return b[keep]


_HEAP_PINNED: List[bool] = []


def _pin_mmap_threshold(nbytes: int = 1 << 20) -> None:
    """Keep glibc's mmap threshold at ``nbytes`` for this process (once; nothing elsewhere).

    glibc raises the threshold to the size of each large block that is freed (up to 32
    MB), after which numpy's large temporaries (the M-step's chunks, the table's merges)
    come from the heap, and freed heap memory is rarely returned: resident memory kept
    the high-water mark of every phase (a 20,000-pair alignment kept about 60 MB it no
    longer used).  A fixed threshold turns the adjustment off: a block above it is
    mapped and returned to the system when freed.
    """
    if _HEAP_PINNED:
        return
    _HEAP_PINNED.append(True)
    import sys

    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None)   # the process's own symbols (ctypes.util.find_library forks ldconfig)
        mallopt = getattr(libc, "mallopt", None)
        if mallopt is not None:
            mallopt(-3, int(nbytes))   # M_MMAP_THRESHOLD
    except (OSError, AttributeError, ValueError):  # pragma: no cover - not glibc: nothing to do
        pass


def _merge_sorted(table: np.ndarray, parts: List[np.ndarray]) -> np.ndarray:
    """``table`` (sorted, unique) with the keys of ``parts`` added: the new keys are found
    by binary search and inserted in one pass, so the only large allocation is the result
    (``np.unique`` of the concatenation would sort a copy of the whole table each time)."""
    new = _sorted_unique(np.concatenate(parts))
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

    ``prior`` is an array over pair ids (scores in [0, 1]), a sparse ``(pair ids,
    scores)`` tuple, or None.  After :meth:`train`, :meth:`posteriors` yields per
    sentence the link posteriors of both directions as ``[I, J]`` arrays (source index
    first).

    Memory: the two translation tables and one table of expected counts (float64, one
    value per co-occurring pair each), the pair table and the corpus.  With agreement
    the two directions share their expected counts; without it (IBM-1 by default) the
    directions are trained one after the other, each with its own E-step, so one count
    table is enough.  Counts are added per batch (``np.add.at``), with no buffer.
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
        order = np.argsort(self.prior_ids, kind="stable")
        self.prior_ids, self.prior_scores = self.prior_ids[order], self.prior_scores[order]
        self._prior_terms = [self._prior_term(0), self._prior_term(1)]
        self._progress = progress
        self.D = config.max_jump
        # forward: p(tgt | src), hidden = source positions; backward: p(src | tgt)
        self._tdtype = np.dtype(config.table_dtype)
        self.t = [self._normalise(np.ones(n), d, np.empty(n, dtype=self._tdtype)) for d in (0, 1)]
        self.t_null = [np.full(corpus.Vt, 1.0 / max(corpus.Vt, 1)), np.full(corpus.Vs, 1.0 / max(corpus.Vs, 1))]
        self.jump = [np.ones(2 * self.D + 1), np.ones(2 * self.D + 1)]
        self.loglik: List[Tuple[str, float, float]] = []
        #: iterations run per model ("ibm1", "hmm"): the HMM's may stop early on convergence
        self.iterations: Dict[str, int] = {"ibm1": 0, "hmm": 0}
        self._pool = None
        self._parts: List[List[_Group]] = []
        self._outs: List[Dict[str, object]] = []

    # -- M-step helpers ------------------------------------------------------
    def _prior_term(self, direction: int) -> np.ndarray:
        """Pseudo-counts the prior adds to its pairs (``self.prior_ids``) in ``direction``."""
        cfg = self.cfg
        c = self.corpus
        if cfg.prior_scaling == "frequency" and self.prior_ids.size:
            # the prior keeps its weight against the data as a word's occurrences grow: a
            # word seen n times gets alpha * max(1, n / prior_ref) pseudo-counts
            cond = c.src_of(self.prior_ids) if direction == 0 else c.pair_tgt[self.prior_ids]
            occ = c.occurrences(direction)[cond]
            return cfg.prior_weight * np.maximum(1.0, occ / cfg.prior_ref) * self.prior_scores
        return cfg.prior_weight * self.prior_scores

    def _numerator(self, counts: np.ndarray, direction: int, a: int, b: int) -> np.ndarray:
        """``count + alpha * prior + beta`` of pairs ``a:b`` (a new array)."""
        num = counts[a:b] + self.cfg.smoothing
        i0, i1 = np.searchsorted(self.prior_ids, (a, b))
        if i1 > i0:
            num[self.prior_ids[i0:i1] - a] += self._prior_terms[direction][i0:i1]
        return num

    def _normalise(self, counts: np.ndarray, direction: int, out: Optional[np.ndarray] = None) -> np.ndarray:
        """``t(e|f) ∝ count + alpha * prior + beta`` into ``out`` (``counts`` itself when
        None), chunk by chunk, so that no other array of the table's length is made."""
        c = self.corpus
        V = c.Vs if direction == 0 else c.Vt
        n = len(counts)
        if out is None:
            out = counts
        den = np.zeros(V)
        for a in range(0, n, _CHUNK):
            b = min(n, a + _CHUNK)
            den += np.bincount(c.cond_of(direction, a, b), weights=self._numerator(counts, direction, a, b),
                               minlength=V)
        for a in range(0, n, _CHUNK):
            b = min(n, a + _CHUNK)
            out[a:b] = self._numerator(counts, direction, a, b) / den[c.cond_of(direction, a, b)]
        return out

    def _normalise_null(self, counts: np.ndarray) -> np.ndarray:
        num = counts + self.cfg.smoothing
        return num / num.sum()

    # -- E-step --------------------------------------------------------------
    def _emissions(self, g: _Group, direction: int, pid: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
        """Real-word emissions [B, Jobs, Hhid] and NULL emissions [B, Jobs] of a group."""
        P = self.t[direction][pid].astype(np.float64, copy=False)  # [B, I, J]
        if direction == 0:
            return P.transpose(0, 2, 1), self.t_null[0][g.tgt]
        return P, self.t_null[1][g.src]

    def _ibm1_post(self, g: _Group, direction: int, pid: np.ndarray) -> Tuple[np.ndarray, np.ndarray, float]:
        P, N = self._emissions(g, direction, pid)  # [B, Jo, H], [B, Jo]
        H = P.shape[2]
        nullw = self.cfg.ibm1_null_weight * N
        den = P.sum(2) + nullw
        post = P / den[:, :, None]
        return post, nullw / den, float(np.log(den / (H + self.cfg.ibm1_null_weight)).sum())

    def _hmm_post(self, g: _Group, direction: int, pid: np.ndarray, cache: Dict
                  ) -> Tuple[np.ndarray, np.ndarray, float, np.ndarray]:
        P, N = self._emissions(g, direction, pid)
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

    def _link_posteriors(self, g: _Group, model: str, cache: Dict, directions: Sequence[int] = (0, 1),
                         pid: Optional[np.ndarray] = None):
        """Link posteriors as [B, I, J], NULL posteriors, log-liks and jump counts of the
        given directions (lists of that length)."""
        if pid is None:
            pid = self.corpus.batch_pair_ids(g)
        posts, nulls, lls, jcs = [], [], [], []
        for d in directions:
            if model == "ibm1":
                p, nl, ll = self._ibm1_post(g, d, pid)
                jc = None
            else:
                p, nl, ll, jc = self._hmm_post(g, d, pid, cache)
            posts.append(p.transpose(0, 2, 1) if d == 0 else p)   # -> [B, I, J]
            nulls.append(nl)
            lls.append(ll)
            jcs.append(jc)
        return posts, nulls, lls, jcs

    def _agree(self, model: str) -> bool:
        return self.cfg.agreement == "all" or (self.cfg.agreement == "hmm" and model == "hmm")

    def _accumulate(self, groups: Sequence[_Group], model: str, directions: Sequence[int],
                    counts: np.ndarray, ncounts: Dict[int, np.ndarray], jcounts: Dict[int, np.ndarray]
                    ) -> Dict[int, float]:
        """E-step over ``groups`` for ``directions`` (both with agreement, which gives them
        one table of expected counts; else one): add the expected counts into the given
        arrays; return the log-likelihood of each direction."""
        cfg = self.cfg
        ll = {d: 0.0 for d in directions}
        cache: Dict = {}
        agree = len(directions) == 2
        for g in groups:
            pid = self.corpus.batch_pair_ids(g)
            posts, nulls, lls, jcs = self._link_posteriors(g, model, cache, directions, pid)
            if agree:
                q = posts[0] * posts[1]
                if cfg.agreement_combine == "sqrt":
                    q = np.sqrt(q)
                lex = q
                # NULL mass: whatever the agreed links leave of each observed word
                nl = [np.clip(1.0 - q.sum(1), 0.0, None), np.clip(1.0 - q.sum(2), 0.0, None)]
            else:
                lex = posts[0]
                nl = nulls
            np.add.at(counts, pid.ravel(), lex.ravel())
            for k, d in enumerate(directions):
                obs = g.tgt if d == 0 else g.src
                ncounts[d] += np.bincount(obs.ravel(), weights=nl[k].ravel(), minlength=len(ncounts[d]))
                ll[d] += lls[k]
                if jcs[k] is not None:
                    jcounts[d] += jcs[k]
        return ll

    def _passes(self, model: str) -> List[Tuple[int, ...]]:
        return [(0, 1)] if self._agree(model) else [(0,), (1,)]

    def _iteration(self, model: str) -> float:
        """One EM iteration of ``model`` in both directions; returns the summed log-likelihood."""
        cfg = self.cfg
        c = self.corpus
        K = 2 * self.D + 1
        ll: Dict[int, float] = {}
        for dirs in self._passes(model):
            if self._pool is not None:
                counts, ncounts, jcounts, lls = self._mp_accumulate(model, dirs)
            else:
                counts = np.zeros(c.n_pairs)
                ncounts = {d: np.zeros(c.Vt if d == 0 else c.Vs) for d in dirs}
                jcounts = {d: np.zeros(K) for d in dirs}
                lls = self._accumulate(c.groups, model, dirs, counts, ncounts, jcounts)
            ll.update(lls)
            for k, d in enumerate(dirs):
                if self._pool is None:
                    self.t[d] = None  # type: ignore[call-overload]  # the old table is not needed now
                # the last direction normalises the counts in place; another one a copy
                last = k == len(dirs) - 1 and self._tdtype == counts.dtype and self._pool is None
                self._set("t", d, self._normalise(counts, d, None if last else np.empty(c.n_pairs, self._tdtype)))
                self._set("t_null", d, self._normalise_null(ncounts[d]))
                if model == "hmm":
                    j = jcounts[d] + cfg.jump_smoothing
                    self._set("jump", d, j / j.sum())
            del counts
        self.loglik.append((model, ll[0], ll[1]))
        self.iterations[model] += 1
        logger.debug("%s iteration: log-likelihood %.1f / %.1f", model, ll[0], ll[1])
        return ll[0] + ll[1]

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

        def shared(n: int, init: Optional[np.ndarray] = None, dtype=np.float64) -> np.ndarray:
            code = "f" if np.dtype(dtype) == np.float32 else "d"
            arr = np.frombuffer(mp.RawArray(code, max(int(n), 1)), dtype=dtype)[:n]
            if init is not None:
                arr[:] = init
            return arr

        self.t = [shared(c.n_pairs, self.t[0], self._tdtype), shared(c.n_pairs, self.t[1], self._tdtype)]
        self.t_null = [shared(c.Vt, self.t_null[0]), shared(c.Vs, self.t_null[1])]
        self.jump = [shared(K, self.jump[0]), shared(K, self.jump[1])]
        # balance the batches over the workers by cells (largest first)
        num_proc = min(num_proc, len(c.groups))
        parts: List[List[_Group]] = [[] for _ in range(num_proc)]
        load = [0] * num_proc
        for g in sorted(c.groups, key=lambda g: -g.cells):
            w = load.index(min(load))
            parts[w].append(g)
            load[w] += g.cells
        outs = []
        for _ in range(num_proc):
            outs.append({"counts": shared(c.n_pairs),
                         "nc": {0: shared(c.Vt), 1: shared(c.Vs)}, "jc": {0: shared(K), 1: shared(K)}})
        self._parts = parts
        self._outs = outs
        _MP["model"] = self
        self._pool = mp.get_context("fork").Pool(num_proc, initializer=default_sigterm)
        _MP.pop("model", None)   # the children hold their own reference now

    def _mp_accumulate(self, model: str, dirs: Tuple[int, ...]):
        for out in self._outs:
            out["counts"].fill(0.0)
            for key in ("nc", "jc"):
                for arr in out[key].values():
                    arr.fill(0.0)
        lls = self._pool.map(_mp_accumulate_worker, [(w, model, dirs) for w in range(len(self._parts))])
        counts = np.zeros(self.corpus.n_pairs)
        for o in self._outs:
            counts += o["counts"]
        ncounts = {d: sum(o["nc"][d] for o in self._outs) for d in dirs}
        jcounts = {d: sum(o["jc"][d] for o in self._outs) for d in dirs}
        ll = {d: sum(x[d] for x in lls) for d in dirs}
        return counts, ncounts, jcounts, ll

    def close(self) -> None:
        """Stop the worker processes (if any)."""
        if self._pool is not None:
            self._pool.close()
            self._pool.join()
            self._pool = None

    def train(self, *, num_proc: int = 1) -> "BidirectionalHMM":
        """Run the IBM-1 then HMM iterations; ``num_proc > 1`` runs the E-step in forked workers
        (left running for :meth:`links`; call :meth:`close` when done).

        With ``hmm_tolerance > 0`` the HMM stops early, after at least ``hmm_min_iterations``,
        once an iteration changes the log-likelihood (both directions summed) by less than
        that fraction; ``hmm_iterations`` is the cap.  :attr:`iterations` says how many ran.
        """
        cfg = self.cfg
        self._start_pool(num_proc)
        for k in range(cfg.ibm1_iterations):
            if self._progress:
                self._progress(f"ibm1 {k + 1}/{cfg.ibm1_iterations}")
            self._iteration("ibm1")
        prev = None
        for k in range(cfg.hmm_iterations):
            if self._progress:
                self._progress(f"hmm {k + 1}/{cfg.hmm_iterations}")
            ll = self._iteration("hmm")
            if (cfg.hmm_tolerance > 0 and prev is not None and k + 1 >= cfg.hmm_min_iterations
                    and abs(ll - prev) <= cfg.hmm_tolerance * abs(prev)):
                break
            prev = ll
        return self

    def info(self) -> Dict[str, object]:
        """What training did: iterations run per model, log-likelihoods, table sizes."""
        c = self.corpus
        return {"iterations": dict(self.iterations), "loglik": [list(x) for x in self.loglik],
                "pairs": c.n, "cooccurring_pairs": c.n_pairs, "cells": c.cells}

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


def _mp_accumulate_worker(args: Tuple[int, str, Tuple[int, ...]]) -> Dict[int, float]:
    w, model, dirs = args
    m = _mp_model()
    out = m._outs[w]
    return m._accumulate(m._parts[w], model, dirs, out["counts"], out["nc"], out["jc"])


def _mp_links_worker(args: Tuple[int, float, str, str]):
    w, threshold, method, decode = args
    m = _mp_model()
    return m._links_of(m._parts[w], threshold, method, decode)
