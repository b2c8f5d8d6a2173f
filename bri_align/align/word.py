"""Chinese-English word alignment: one interface, registered backends (layer L3).

>>> from bri_align.align.word import align_words
>>> [a.to_pharaoh() for a in align_words([("我们 合作", "we cooperate")], pretokenized=True)]
['0-0 1-1']

Backends (``word_aligners`` registry; ``method=`` takes a registered name or alias):

``ibm1-hmm.v1`` (aliases ``default``, ``hmm``)
    IBM Model 1 then an HMM, both directions, trained by EM on the pairs at hand
    with lexical priors from CC-CEDICT, the glossary and word form
    (:mod:`bri_align.align.word_prior`), alignment by agreement in the HMM phase,
    posterior-threshold links per direction, symmetrised (grow-diag-final-and by
    default).  Pure numpy; deterministic (no random component: ``seed`` is recorded
    in the signature only).
``ibm1.v1`` (alias ``ibm1``)
    The same without the HMM stage (IBM Model 1 alone).
``simalign.v1`` (alias ``neural``)
    SimAlign-style alignment from a transformers encoder's contextual embeddings
    (:mod:`bri_align.align.neural`); torch and transformers are imported on use.
``eflomal.v1`` (alias ``eflomal``)
    The eflomal package (GPL-3), an optional extra the user installs
    (:mod:`bri_align.align.eflomal_backend`).

Links are ``(i, j)`` pairs, ``i`` indexing the Chinese tokens and ``j`` the English
tokens, 0-based, as in the Pharaoh format (``"0-0 1-2"``).
"""

from __future__ import annotations

import abc
import logging
import unicodedata
from dataclasses import dataclass
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

from .._version import __version__
from ..errors import InputError
from ..registry import Registry
from .pharaoh import Link, format_pharaoh, parse_pharaoh
from .symmetrize import SYMMETRIZERS
from .tokenize import Token, tokenize_en, tokenize_zh

__all__ = [
    "WordAlignment",
    "WordAligner",
    "HMMAligner",
    "IBM1Aligner",
    "word_aligners",
    "get_word_aligner",
    "align_words",
    "align_tokens",
    "tokenize_pairs",
    "parse_pharaoh",
]

logger = logging.getLogger(__name__)

word_aligners: Registry = Registry("word aligner")

TokenPair = Tuple[Sequence[Token], Sequence[Token]]


@dataclass(frozen=True)
class WordAlignment:
    """The tokens of one sentence pair and the links between them (``i`` zh, ``j`` en)."""

    src_tokens: Tuple[Token, ...]
    tgt_tokens: Tuple[Token, ...]
    links: Tuple[Link, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "src_tokens", tuple(self.src_tokens))
        object.__setattr__(self, "tgt_tokens", tuple(self.tgt_tokens))
        object.__setattr__(self, "links", tuple(sorted(set((int(i), int(j)) for i, j in self.links))))

    def to_pharaoh(self) -> str:
        return format_pharaoh(self.links)

    def word_pairs(self) -> List[Tuple[str, str]]:
        """``(zh token text, en token text)`` for every link."""
        return [(self.src_tokens[i].text, self.tgt_tokens[j].text) for i, j in self.links]

    def to_dict(self) -> Dict[str, Any]:
        return {"src_tokens": [t.to_dict() for t in self.src_tokens],
                "tgt_tokens": [t.to_dict() for t in self.tgt_tokens],
                "links": self.to_pharaoh()}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "WordAlignment":
        src = tuple(Token.from_dict(t) for t in d["src_tokens"])
        tgt = tuple(Token.from_dict(t) for t in d["tgt_tokens"])
        links = d["links"]
        if isinstance(links, str):
            links = parse_pharaoh(links, n_src=len(src), n_tgt=len(tgt))
        return cls(src, tgt, tuple(tuple(x) for x in links))


class WordAligner(abc.ABC):
    """A word aligner aligns a whole list of tokenised sentence pairs at once.

    Unsupervised aligners learn from the pairs they are given, so aligning one pair
    alone and aligning it within a corpus can give different links.
    """

    name: str = "?"

    @abc.abstractmethod
    def align_tokens(self, pairs: Sequence[TokenPair]) -> List[Tuple[Link, ...]]:
        """Links for each ``(zh tokens, en tokens)`` pair."""

    @abc.abstractmethod
    def signature(self) -> str:
        """Name, version and every option that changes the output."""


def _check_symmetrize(method: str) -> str:
    if method not in SYMMETRIZERS:
        raise InputError(f"unknown symmetrisation {method!r}; choose one of: {', '.join(SYMMETRIZERS)}",
                         field="symmetrize")
    return method


def _zh_key(text: str) -> str:
    from ..text.normalize import to_simplified

    return to_simplified(unicodedata.normalize("NFKC", text))


def _en_key(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


@word_aligners.register("ibm1-hmm.v1", aliases=("default", "hmm"))
class HMMAligner(WordAligner):
    """IBM-1 -> HMM, trained by EM in both directions with lexical priors (see module docs).

    The defaults (5 IBM-1 + 3 HMM iterations, agreement in the HMM phase, prior weight 8,
    smoothing 0.01, posterior threshold 0.4) were chosen on the DeNero 150 development
    set (AER 21.3), where AER stays within 20-23 over prior weights 8-32, 2-4 HMM
    iterations and thresholds 0.3-0.5; more HMM iterations over-fit a corpus that small
    (AER 26.1 after 8).
    """

    name = "ibm1-hmm.v1"

    def __init__(self, *, glossary=None, symmetrize: str = "grow-diag-final-and", seed: int = 0,
                 dictionary_prior: bool = True, form_prior: bool = True,
                 ibm1_iterations: int = 5, hmm_iterations: int = 3, agreement: str = "hmm",
                 prior_weight: float = 8.0, smoothing: float = 0.01, null_prob: float = 0.2,
                 max_jump: int = 7, threshold: float = 0.4, decode: str = "posterior",
                 num_proc: int = 1, progress: bool = False) -> None:
        from .hmm import EMConfig

        self.symmetrize = _check_symmetrize(symmetrize)
        if agreement not in ("none", "hmm", "all"):
            raise InputError(f"unknown agreement mode {agreement!r}; choose 'none', 'hmm' or 'all'",
                             field="agreement")
        if decode not in ("posterior", "argmax"):
            raise InputError(f"unknown decoding {decode!r}; choose 'posterior' or 'argmax'", field="decode")
        self.decode_mode = decode
        if not 0.0 < threshold <= 1.0:
            raise InputError(f"threshold must be in (0, 1], got {threshold}", field="threshold")
        self.seed = seed
        self.glossary = glossary
        self.dictionary_prior = dictionary_prior
        self.form_prior = form_prior
        self.progress = progress
        if num_proc < 1:
            raise InputError(f"num_proc must be at least 1, got {num_proc}", field="num_proc")
        self.num_proc = num_proc
        self.config = EMConfig(ibm1_iterations=ibm1_iterations, hmm_iterations=hmm_iterations,
                               agreement=agreement, prior_weight=prior_weight, smoothing=smoothing,
                               null_prob=null_prob, max_jump=max_jump, threshold=threshold)
        self._prior_obj = None

    def _prior(self):
        if self._prior_obj is None:
            from .word_prior import LexicalPrior

            self._prior_obj = LexicalPrior(dictionary=self.dictionary_prior, glossary=self.glossary,
                                           form=self.form_prior)
        return self._prior_obj

    def signature(self) -> str:
        c = self.config
        model = "ibm1" if c.hmm_iterations == 0 else "ibm1+hmm"
        prior = self._prior().signature() if (self.dictionary_prior or self.form_prior or self.glossary) else "none"
        return (f"{self.name}|model:{model}|iters:{c.ibm1_iterations}+{c.hmm_iterations}"
                f"|agree:{c.agreement}|prior:{prior}|alpha:{c.prior_weight:g}|beta:{c.smoothing:g}"
                f"|p0:{c.null_prob:g}|jump:{c.max_jump}|{self._decode_sig()}|sym:{self.symmetrize}"
                f"|seed:{self.seed}|version:{__version__}")

    def _decode_sig(self) -> str:
        return f"thr:{self.config.threshold:g}" if self.decode_mode == "posterior" else "decode:argmax"

    # -- encoding ------------------------------------------------------------
    def encode(self, pairs: Iterable[Tuple[Sequence[str], Sequence[str]]]):
        """Vocabularies and integer arrays of ``(zh words, en words)`` pairs."""
        import numpy as np

        zv: Dict[str, int] = {}
        ev: Dict[str, int] = {}
        zcache: Dict[str, int] = {}
        src, tgt = [], []
        for zw, ew in pairs:
            ids = []
            for w in zw:
                k = zcache.get(w)
                if k is None:
                    k = zcache[w] = zv.setdefault(_zh_key(w), len(zv))
                ids.append(k)
            src.append(np.asarray(ids, dtype=np.int32))
            tgt.append(np.asarray([ev.setdefault(_en_key(w), len(ev)) for w in ew], dtype=np.int32))
        return list(zv), list(ev), src, tgt

    def train_encoded(self, zh_vocab: Sequence[str], en_vocab: Sequence[str], src, tgt):
        """Train on integer-encoded pairs; returns the trained :class:`BidirectionalHMM`."""
        import numpy as np

        from .hmm import BidirectionalHMM, PairCorpus

        corpus = PairCorpus(src, tgt, n_src_vocab=len(zh_vocab), n_tgt_vocab=len(en_vocab))
        prior = np.zeros(corpus.n_pairs)
        if self.dictionary_prior or self.form_prior or self.glossary is not None:
            zs, es, ss = self._prior().score_vocab(zh_vocab, en_vocab)
            if zs:
                pid = corpus.pair_ids(np.asarray(zs), np.asarray(es))
                ok = pid >= 0
                prior[pid[ok]] = np.asarray(ss)[ok]
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


@word_aligners.register("ibm1.v1", aliases=("ibm1",))
class IBM1Aligner(HMMAligner):
    """IBM Model 1 alone (both directions, same priors; the classic Viterbi/argmax
    decoding by default, since IBM-1 posteriors are too flat for a threshold): the baseline."""

    name = "ibm1.v1"

    def __init__(self, *, glossary=None, symmetrize: str = "grow-diag-final-and", seed: int = 0,
                 dictionary_prior: bool = True, form_prior: bool = True, ibm1_iterations: int = 5,
                 prior_weight: float = 8.0, smoothing: float = 0.01, threshold: float = 0.4,
                 decode: str = "argmax", progress: bool = False) -> None:
        super().__init__(glossary=glossary, symmetrize=symmetrize, seed=seed,
                         dictionary_prior=dictionary_prior, form_prior=form_prior,
                         ibm1_iterations=ibm1_iterations, hmm_iterations=0, agreement="none",
                         prior_weight=prior_weight, smoothing=smoothing, threshold=threshold,
                         decode=decode, progress=progress)


def _lazy_backends() -> None:
    """Register the backends whose modules import heavy packages on use."""
    from . import eflomal_backend, neural  # noqa: F401  (modules register themselves)


def get_word_aligner(method: str = "default", **options: Any) -> WordAligner:
    """An aligner instance from the registry; ``options`` are its keyword arguments."""
    _lazy_backends()
    cls = word_aligners.get(method)
    try:
        return cls(**options)
    except TypeError as exc:
        raise InputError(f"word aligner {method!r} does not take these options: {exc}",
                         field="method") from None


def align_tokens(pairs: Sequence[TokenPair], *, aligner: WordAligner) -> List[WordAlignment]:
    """Align already tokenised pairs with a configured aligner."""
    links = aligner.align_tokens(pairs)
    return [WordAlignment(tuple(s), tuple(t), l) for (s, t), l in zip(pairs, links)]


def tokenize_pairs(pairs: Sequence[Tuple[str, str]], *, pretokenized: bool = False,
                   glossary=None) -> List[Tuple[List[Token], List[Token]]]:
    """Tokenise ``(zh, en)`` pairs for alignment (see :mod:`bri_align.align.tokenize`)."""
    out = []
    for n, pair in enumerate(pairs):
        if not isinstance(pair, (tuple, list)) or len(pair) != 2 or not all(isinstance(x, str) for x in pair):
            raise InputError(f"pair {n} is {type(pair).__name__}; expected a (zh, en) tuple of two strings",
                             field="pairs")
        zh, en = pair
        out.append((tokenize_zh(zh, glossary=glossary, pretokenized=pretokenized),
                    tokenize_en(en, pretokenized=pretokenized)))
    return out


def align_words(pairs: Sequence[Tuple[str, str]], *, method: str = "default", pretokenized: bool = False,
                glossary=None, symmetrize: str = "grow-diag-final-and", seed: int = 0,
                model: Optional[str] = None, device: str = "auto", dictionary_prior: bool = True,
                num_proc: int = 1, progress: bool = False) -> List[WordAlignment]:
    """Word-align ``(zh, en)`` sentence pairs.

    ``method`` names a registered aligner (``default``/``ibm1-hmm.v1``, ``ibm1``,
    ``neural``/``simalign.v1``, ``eflomal``); ``model`` (an id or local path) is for
    the neural aligner.  With ``pretokenized=True`` both sides are split on spaces.
    The unsupervised aligners learn from ``pairs`` themselves: give them the whole
    corpus at once.  ``num_proc > 1`` runs the default aligner's E-step and decoding in
    forked worker processes (same links as one process).  Returns one
    :class:`WordAlignment` per pair, in order.
    """
    _lazy_backends()
    name = word_aligners.resolve(method)
    opts: Dict[str, Any] = {"symmetrize": symmetrize, "seed": seed}
    if name in ("ibm1-hmm.v1", "ibm1.v1"):
        opts.update(glossary=glossary, dictionary_prior=dictionary_prior, progress=progress)
        if name == "ibm1-hmm.v1":
            opts.update(num_proc=num_proc)
    elif name == "simalign.v1":
        if model is None:
            raise InputError("the neural aligner needs a model: pass model='PATH' (a local transformers "
                             "encoder directory, e.g. bert-base-multilingual-cased saved with save_pretrained)",
                             field="model")
        opts.update(model=model, device=device, progress=progress)
    elif name == "eflomal.v1":
        opts.update(progress=progress)
    aligner = get_word_aligner(name, **opts)
    tok = tokenize_pairs(pairs, pretokenized=pretokenized, glossary=glossary)
    return align_tokens(tok, aligner=aligner)
