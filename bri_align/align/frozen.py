"""A word-alignment model fitted once, then frozen and applied to new pairs (layer L3).

The IBM-1/HMM aligners (:mod:`bri_align.align.ibm_hmm`) learn from the pairs they
align, so a corpus of millions of pairs would have to be held in one process.
:class:`FrozenWordModel` separates the two steps: :meth:`FrozenWordModel.fit` trains
the aligner's :class:`~bri_align.align.hmm.BidirectionalHMM` on a sample, keeps its
parameters (translation tables of both directions over the word pairs that co-occur
in the sample, NULL emissions, jump distributions) and nothing else; then
:meth:`FrozenWordModel.align_words_lists` aligns any batch of new pairs with those
parameters, one pair independently of the others, so batches can be aligned in any
order, in any process, with the same links.

Word pairs the sample never saw get the smallest probability the conditioning word has
for any pair it was seen in (close to what the M-step gives a pair with no expected
count: ``smoothing / denominator``).
A word the sample never saw is left unaligned: as a hidden word it gets the smallest
such probability, as an observed word the largest NULL probability, so its links come
only from the other direction where that is clear.  On pairs of the sample itself the
frozen model gives exactly the links of the aligner it was fitted with (tested).

>>> from bri_align.align.frozen import FrozenWordModel
>>> m = FrozenWordModel.fit([(["我们", "合作"], ["we", "cooperate"])] * 3)
>>> m.align_words_lists([(["我们", "合作"], ["we", "cooperate"])])
[((0, 0), (1, 1))]
"""

from __future__ import annotations

from typing import Any, Dict, List, Sequence, Tuple

from ..errors import InputError
from .pharaoh import Link
from .word_base import TokenPair

__all__ = ["FrozenWordModel"]

WordsPair = Tuple[Sequence[str], Sequence[str]]


class FrozenWordModel:
    """The parameters of a trained IBM-1/HMM aligner, applied to new pairs without training.

    Picklable (plain dicts and numpy arrays), so it can be sent to worker processes or
    put into a Ray object store once.
    """

    def __init__(self, *, zh_vocab: Dict[str, int], en_vocab: Dict[str, int], keys, t, t_null, jump, floor,
                 config, threshold: float, symmetrize: str, decode: str, signature: str, n_sample: int) -> None:
        self.zh_vocab = zh_vocab
        self.en_vocab = en_vocab
        self.keys = keys          # sorted int64 pair keys: zh id * len(en_vocab) + en id
        self.t = t                # [p(en|zh), p(zh|en)] over the keys
        self.t_null = t_null      # [NULL emission of en words, of zh words]
        self.jump = jump
        self.floor = floor        # per conditioning word (zh, en): its smallest seen probability
        self.config = config
        self.threshold = threshold
        self.symmetrize = symmetrize
        self.decode = decode
        self.signature = signature
        self.n_sample = n_sample

    # -- fitting -------------------------------------------------------------------
    @classmethod
    def fit(cls, pairs: Sequence[WordsPair], aligner: Any = None) -> "FrozenWordModel":
        """Train ``aligner`` (an :class:`~bri_align.align.ibm_hmm.HMMAligner` or
        :class:`~bri_align.align.ibm_hmm.IBM1Aligner`; default: a new default one) on
        ``pairs`` (lists of word strings) and freeze its parameters."""
        import numpy as np

        from .ibm_hmm import HMMAligner

        if aligner is None:
            aligner = HMMAligner()
        if not isinstance(aligner, HMMAligner):
            raise InputError(f"only the IBM-1/HMM aligners can be frozen, not {getattr(aligner, 'name', aligner)!r}",
                             field="method")
        pairs = list(pairs)
        if not any(len(z) and len(e) for z, e in pairs):
            raise InputError("the alignment sample has no pair with words on both sides", field="sample")
        zh_list, en_list, src, tgt = aligner.encode(pairs)
        model = aligner.train_encoded(zh_list, en_list, src, tgt)
        try:
            c = model.corpus
            cfg = model.cfg
            t = [np.array(model.t[0], dtype=np.float64), np.array(model.t[1], dtype=np.float64)]
            floor = [_word_floor(t[0], c.pair_src, c.Vs), _word_floor(t[1], c.pair_tgt, c.Vt)]
            frozen = cls(
                zh_vocab={w: k for k, w in enumerate(zh_list)},
                en_vocab={w: k for k, w in enumerate(en_list)},
                keys=c.keys(), t=t,
                t_null=[np.array(model.t_null[0], dtype=np.float64), np.array(model.t_null[1], dtype=np.float64)],
                jump=[np.array(model.jump[0], dtype=np.float64), np.array(model.jump[1], dtype=np.float64)],
                floor=floor, config=cfg, threshold=aligner.config.threshold, symmetrize=aligner.symmetrize,
                decode=aligner.decode_mode, signature=aligner.signature(), n_sample=len(pairs))
        finally:
            model.close()
        return frozen

    # -- applying ------------------------------------------------------------------
    def _encode(self, pairs: Sequence[WordsPair]):
        import numpy as np

        from .ibm_hmm import _en_key, _zh_key

        def ids_of(words, key, vocab, oov) -> "np.ndarray":
            # a word the sample never saw gets an id past the vocabulary (one per distinct word)
            out = []
            for w in words:
                k = key(w)
                i = vocab.get(k)
                out.append(len(vocab) + oov.setdefault(k, len(oov)) if i is None else i)
            return np.asarray(out, dtype=np.int32)

        oov_s: Dict[str, int] = {}
        oov_t: Dict[str, int] = {}
        src = [ids_of(zw, _zh_key, self.zh_vocab, oov_s) for zw, _ in pairs]
        tgt = [ids_of(ew, _en_key, self.en_vocab, oov_t) for _, ew in pairs]
        return src, tgt, len(self.zh_vocab) + len(oov_s), len(self.en_vocab) + len(oov_t)

    def align_words_lists(self, pairs: Sequence[WordsPair]) -> List[Tuple[Link, ...]]:
        """Symmetrised links of each ``(zh words, en words)`` pair, in order (empty pairs: ``()``)."""
        import numpy as np

        from .hmm import BidirectionalHMM, PairCorpus

        pairs = list(pairs)
        if not pairs:
            return []
        src, tgt, n_s, n_t = self._encode(pairs)
        corpus = PairCorpus(src, tgt, n_src_vocab=n_s, n_tgt_vocab=n_t)
        if corpus.n_pairs == 0:
            return [()] * len(pairs)
        Vs, Vt = len(self.zh_vocab), len(self.en_vocab)
        beta = self.config.smoothing
        ps, pt = corpus.pair_src.astype(np.int64), corpus.pair_tgt.astype(np.int64)
        known_s, known_t = ps < Vs, pt < Vt
        known = known_s & known_t
        fk = np.where(known, ps * Vt + pt, -1)
        if len(self.keys):
            pos = np.clip(np.searchsorted(self.keys, fk), 0, len(self.keys) - 1)
            hit = known & (self.keys[pos] == fk)
        else:
            pos = np.zeros(len(fk), dtype=np.int64)
            hit = np.zeros(len(fk), dtype=bool)
        t = []
        for d, (cond, known_c) in enumerate(((ps, known_s), (pt, known_t))):
            fl = self.floor[d]
            lowest = float(fl.min()) if len(fl) else beta
            unseen = np.where(known_c, fl[np.where(known_c, cond, 0)] if len(fl) else lowest, lowest)
            t.append(np.where(hit, self.t[d][pos] if len(self.keys) else 0.0, unseen))
        t_null = []
        for d, V in ((0, Vt), (1, Vs)):
            tn = self.t_null[d]
            extra = (n_t if d == 0 else n_s) - V
            t_null.append(np.concatenate([tn, np.full(extra, float(tn.max()) if len(tn) else 1.0)]))
        model = BidirectionalHMM(corpus, config=self.config)
        model.t = t
        model.t_null = t_null
        model.jump = [self.jump[0].copy(), self.jump[1].copy()]
        return model.links(threshold=self.threshold, symmetrize=self.symmetrize, decode=self.decode)

    def align_tokens(self, pairs: Sequence[TokenPair]) -> List[Tuple[Link, ...]]:
        """Links of tokenised pairs (the :class:`~bri_align.align.word_base.WordAligner` call)."""
        return self.align_words_lists([([t.text for t in s], [t.text for t in e]) for s, e in pairs])

    # -- facts ---------------------------------------------------------------------
    def stats(self) -> Dict[str, Any]:
        return {"sample_pairs": self.n_sample, "zh_vocab": len(self.zh_vocab), "en_vocab": len(self.en_vocab),
                "word_pairs": int(len(self.keys)), "signature": self.signature}

    def nbytes(self) -> int:
        """Approximate size of the arrays (what a worker holds besides the vocabularies)."""
        arrs = [self.keys, *self.t, *self.t_null, *self.jump, *self.floor]
        return int(sum(a.nbytes for a in arrs))


def _word_floor(t, cond, V: int):
    """Per conditioning word, the smallest probability of any pair it was seen in: close
    to what the M-step gives a pair with no expected count and no prior
    (``smoothing / denominator``), the value a word pair the sample never saw gets."""
    import numpy as np

    floor = np.full(V, np.inf)
    np.minimum.at(floor, cond, np.asarray(t, dtype=np.float64))
    floor[~np.isfinite(floor)] = float(np.min(t)) if len(t) else 1.0
    return floor
