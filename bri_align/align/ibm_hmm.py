"""The default word aligners: IBM Model 1, then an HMM, trained by EM with lexical priors (layer L3).

Registered in :data:`bri_align.align.word_base.word_aligners` as ``ibm1-hmm.v1``
(aliases ``default``, ``hmm``) and ``ibm1.v1`` (alias ``ibm1``).  The EM model is in
:mod:`bri_align.align.hmm`, the priors in :mod:`bri_align.align.word_prior`.  Pure
numpy; deterministic (no random component: ``seed`` is recorded in the signature only).
"""

from __future__ import annotations

import unicodedata
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

from ..errors import InputError
from ..glossary.model import Glossary
from ..signature import format_signature
from .pharaoh import Link
from .tokenize import WordGlossaryArg, optional_glossary
from .word_base import TokenPair, WordAligner, check_symmetrize

__all__ = ["HMMAligner", "IBM1Aligner"]


def _zh_key(text: str) -> str:
    from ..text.normalize import to_simplified

    return to_simplified(unicodedata.normalize("NFKC", text))


def _en_key(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def _repacked(vocab: Iterable[str]) -> List[str]:
    """``list(vocab)`` as fresh strings, made one after another: the originals were made
    among the tokens of the whole corpus, and while they live the memory of those tokens
    cannot go back to the system (about 20 MB of 20,000 pairs' tokens stayed resident)."""
    words = list(vocab)
    if any("\n" in w for w in words):
        return words
    return "\n".join(words).split("\n") if words else words


class HMMAligner(WordAligner):
    """IBM-1 -> HMM, trained by EM in both directions with lexical priors (see module docs).

    The defaults (5 IBM-1 + 3 HMM iterations, agreement in the HMM phase, prior weight 8,
    posterior threshold 0.4) were chosen on the DeNero 150 development set, where AER
    stays within 20-23 over prior weights 8-32, 2-4 HMM iterations and thresholds 0.3-0.5;
    more HMM iterations over-fit a corpus that small (AER 26.1 after 8).

    The prior keeps its weight as data grows (``prior_scaling="frequency"``: a word seen
    ``n`` times gets ``alpha * max(1, n / prior_ref)`` pseudo-counts) and the smoothing per
    co-occurring pair is small (``smoothing=0.0001``): with the former defaults (a fixed
    alpha, smoothing 0.01) AER rose from 21.3 to 23.8 when 5,000 pairs of other text were
    added, because every added co-occurring pair took smoothing mass from the real
    translations. Chosen on the first 75 gold pairs, checked on the other 75
    (``benchmarks/aer_vs_data.py``).

    ``hmm_tolerance > 0`` makes ``hmm_iterations`` a cap: the HMM stops once an iteration
    changes the log-likelihood (both directions) by less than that fraction; the
    iterations run are in :attr:`last_info` after training (and the tolerance in the
    signature).  Off by default: see the figures in ``benchmarks/README.md``.
    """

    name = "ibm1-hmm.v1"

    def __init__(self, *, glossary: WordGlossaryArg = False, symmetrize: str = "grow-diag-final-and",
                 seed: int = 0, dictionary_prior: bool = True, form_prior: bool = True,
                 ibm1_iterations: int = 5, hmm_iterations: int = 3, agreement: str = "hmm",
                 prior_weight: float = 8.0, smoothing: float = 0.0001, null_prob: float = 0.2,
                 max_jump: int = 7, threshold: float = 0.4, decode: str = "posterior",
                 prior_scaling: str = "frequency", prior_ref: float = 32.0,
                 hmm_tolerance: float = 0.0, num_proc: int = 1, progress: bool = False) -> None:
        from .hmm import EMConfig

        self.symmetrize = check_symmetrize(symmetrize)
        if agreement not in ("none", "hmm", "all"):
            raise InputError(f"unknown agreement mode {agreement!r}; choose 'none', 'hmm' or 'all'",
                             field="agreement")
        if decode not in ("posterior", "argmax"):
            raise InputError(f"unknown decoding {decode!r}; choose 'posterior' or 'argmax'", field="decode")
        self.decode_mode = decode
        if prior_scaling not in ("fixed", "frequency"):
            raise InputError(f"unknown prior scaling {prior_scaling!r}; choose 'fixed' or 'frequency'",
                             field="prior_scaling")
        if not prior_ref > 0:
            raise InputError(f"prior_ref must be positive, got {prior_ref}", field="prior_ref")
        if not 0.0 <= hmm_tolerance < 1.0:
            raise InputError(f"hmm_tolerance must be in [0, 1) (0: always run hmm_iterations), got {hmm_tolerance}",
                             field="hmm_tolerance")
        if not 0.0 < threshold <= 1.0:
            raise InputError(f"threshold must be in (0, 1], got {threshold}", field="threshold")
        self.seed = seed
        # the glossary prior: False (the default) for none, None for the bundled termbase
        self.glossary: Optional[Glossary] = optional_glossary(glossary)
        self.dictionary_prior = dictionary_prior
        self.form_prior = form_prior
        self.progress = progress
        if num_proc < 1:
            raise InputError(f"num_proc must be at least 1, got {num_proc}", field="num_proc")
        self.num_proc = num_proc
        self.config = EMConfig(ibm1_iterations=ibm1_iterations, hmm_iterations=hmm_iterations,
                               agreement=agreement, prior_weight=prior_weight, smoothing=smoothing,
                               prior_scaling=prior_scaling, prior_ref=float(prior_ref),
                               null_prob=null_prob, max_jump=max_jump, threshold=threshold,
                               hmm_tolerance=float(hmm_tolerance))
        self._prior_obj = None
        #: :meth:`BidirectionalHMM.info` of the last training (iterations run, log-likelihoods)
        self.last_info: Optional[Dict[str, object]] = None

    def _prior(self):
        if self._prior_obj is None:
            from .word_prior import LexicalPrior

            self._prior_obj = LexicalPrior(dictionary=self.dictionary_prior,
                                           glossary=False if self.glossary is None else self.glossary,
                                           form=self.form_prior)
        return self._prior_obj

    def _uses_prior(self) -> bool:
        return self.dictionary_prior or self.form_prior or self.glossary is not None

    def signature(self) -> str:
        c = self.config
        prior = self._prior() if self._uses_prior() else None
        decode = (("thr", c.threshold) if self.decode_mode == "posterior" else ("decode", "argmax"))
        return format_signature(self.name, [
            ("model", "ibm1" if c.hmm_iterations == 0 else "ibm1+hmm"),
            ("iters", f"{c.ibm1_iterations}+{c.hmm_iterations}" if not c.hmm_tolerance
             else f"{c.ibm1_iterations}+<={c.hmm_iterations}@tol{c.hmm_tolerance:g}"),
            ("agree", c.agreement),
            ("prior", "none" if prior is None else prior.sources()),
            ("glossary", None if prior is None else prior.glossary_id()),
            ("alpha", float(c.prior_weight)),
            ("scale", "fixed" if c.prior_scaling == "fixed" else f"freq/{c.prior_ref:g}"),
            ("beta", float(c.smoothing)), ("p0", float(c.null_prob)),
            ("jump", c.max_jump),
            (decode[0], float(decode[1]) if decode[0] == "thr" else decode[1]),
            ("sym", self.symmetrize),
            ("seed", self.seed),
        ])

    # -- encoding ------------------------------------------------------------
    def encode(self, pairs: Iterable[Tuple[Sequence[str], Sequence[str]]]):
        """Vocabularies and integer arrays of ``(zh words, en words)`` pairs: ``(zh vocab,
        en vocab, src, tgt)``, ``src``/``tgt`` each a :class:`~bri_align.align.hmm.Ragged`
        (one flat int32 array and offsets, a numpy view per sentence), built as the pairs
        stream in."""
        from array import array

        import numpy as np

        from .hmm import Ragged

        zv: Dict[str, int] = {}
        ev: Dict[str, int] = {}
        zcache: Dict[str, int] = {}
        ecache: Dict[str, int] = {}
        flat = [array("i"), array("i")]
        ends = [array("q", [0]), array("q", [0])]
        for zw, ew in pairs:
            ids = flat[0]
            for w in zw:
                k = zcache.get(w)
                if k is None:
                    k = zcache[w] = zv.setdefault(_zh_key(w), len(zv))
                ids.append(k)
            ids = flat[1]
            for w in ew:
                k = ecache.get(w)
                if k is None:
                    k = ecache[w] = ev.setdefault(_en_key(w), len(ev))
                ids.append(k)
            ends[0].append(len(flat[0]))
            ends[1].append(len(flat[1]))
        del zcache, ecache
        src, tgt = (Ragged(np.frombuffer(f, dtype=np.int32).copy() if len(f) else np.zeros(0, dtype=np.int32),
                           np.frombuffer(e, dtype=np.int64).copy()) for f, e in zip(flat, ends))
        return _repacked(zv), _repacked(ev), src, tgt

    def train_encoded(self, zh_vocab: Sequence[str], en_vocab: Sequence[str], src, tgt):
        """Train on integer-encoded pairs; returns the trained :class:`BidirectionalHMM`."""
        import numpy as np

        from .hmm import BidirectionalHMM, PairCorpus, _pin_mmap_threshold

        _pin_mmap_threshold()
        # the prior first, so that the dictionary it reads is freed before the pair table and
        # the EM tables are made (the peak is the larger of the two phases, not their sum)
        scored = None
        if self._uses_prior():
            zs, es, ss = self._prior().score_vocab(zh_vocab, en_vocab)
            scored = (np.asarray(zs, dtype=np.int64), np.asarray(es, dtype=np.int64),
                      np.asarray(ss, dtype=np.float64))
            del zs, es, ss
        corpus = PairCorpus(src, tgt, n_src_vocab=len(zh_vocab), n_tgt_vocab=len(en_vocab))
        prior = None  # sparse: (pair ids, scores) of the co-occurring pairs the prior knows
        if scored is not None and scored[0].size:
            pid = corpus.pair_ids(scored[0], scored[1])
            ok = pid >= 0
            prior = (pid[ok], scored[2][ok])
        del scored
        bar = None
        progress = None
        if self.progress:
            from tqdm.auto import tqdm

            total = self.config.ibm1_iterations + self.config.hmm_iterations
            bar = tqdm(total=total, desc="EM", unit="iter", leave=False)

            def progress(msg: str) -> None:
                bar.set_postfix_str(msg)
                bar.update(1)
        model = BidirectionalHMM(corpus, config=self.config, prior=prior, progress=progress)
        try:
            model.train(num_proc=self.num_proc)
            self.last_info = model.info()
        except BaseException:
            model.close()
            raise
        finally:
            if bar is not None:
                bar.close()
        return model

    def decode(self, model, n: int) -> List[Tuple[Link, ...]]:
        """Links of every sentence pair of the trained model's corpus (``n`` pairs); stops its workers."""
        try:
            links = model.links(threshold=self.config.threshold, symmetrize=self.symmetrize,
                                decode=self.decode_mode)
        finally:
            model.close()
        return links[:n] + [()] * (n - len(links))

    def align_words_lists(self, pairs: Sequence[Tuple[Sequence[str], Sequence[str]]]) -> List[Tuple[Link, ...]]:
        zh_vocab, en_vocab, src, tgt = self.encode(pairs)
        model = self.train_encoded(zh_vocab, en_vocab, src, tgt)
        return self.decode(model, len(src))

    def align_tokens(self, pairs: Sequence[TokenPair]) -> List[Tuple[Link, ...]]:
        return self.align_words_lists([([t.text for t in s], [t.text for t in e]) for s, e in pairs])


class IBM1Aligner(HMMAligner):
    """IBM Model 1 alone (both directions, same priors; the classic Viterbi/argmax
    decoding by default, since IBM-1 posteriors are too flat for a threshold): the baseline."""

    name = "ibm1.v1"

    def __init__(self, *, glossary: WordGlossaryArg = False, symmetrize: str = "grow-diag-final-and",
                 seed: int = 0, dictionary_prior: bool = True, form_prior: bool = True, ibm1_iterations: int = 5,
                 prior_weight: float = 8.0, smoothing: float = 0.01, threshold: float = 0.4,
                 decode: str = "argmax", progress: bool = False) -> None:
        super().__init__(glossary=glossary, symmetrize=symmetrize, seed=seed,
                         dictionary_prior=dictionary_prior, form_prior=form_prior,
                         ibm1_iterations=ibm1_iterations, hmm_iterations=0, agreement="none",
                         prior_weight=prior_weight, smoothing=smoothing, threshold=threshold,
                         decode=decode, prior_scaling="fixed", progress=progress)
