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

The interface (records, base class, registry) is in :mod:`bri_align.align.word_base`,
which imports no backend; this module is the public entry point and re-exports it.
``glossary`` (everywhere in the word-alignment stack): ``False``, the default, for no
glossary; ``None`` for the bundled termbase; or a :class:`~bri_align.Glossary` or a
termbase/export path (:func:`bri_align.glossary.as_glossary`).  The glossary's Chinese
forms become user words of the segmenter, and the default aligners use it as a prior.

Links are ``(i, j)`` pairs, ``i`` indexing the Chinese tokens and ``j`` the English
tokens, 0-based, as in the Pharaoh format (``"0-0 1-2"``).
"""

from __future__ import annotations

import logging
import os
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

from ..errors import InputError
from ..registry import declared_options
from .ibm_hmm import HMMAligner, IBM1Aligner
from .pharaoh import Link, parse_pharaoh
from .tokenize import (
    Token,
    WordGlossaryArg,
    optional_glossary,
    tokenize_en,
    tokenize_zh,
)
from .word_base import TokenPair, WordAligner, WordAlignment, word_aligners

__all__ = [
    "WordAlignment",
    "WordAligner",
    "HMMAligner",
    "IBM1Aligner",
    "word_aligners",
    "get_word_aligner",
    "build_word_aligner",
    "align_words",
    "align_tokens",
    "tokenize_pairs",
    "parse_pharaoh",
    "Link",
    "TokenPair",
]

logger = logging.getLogger(__name__)


MAX_SEED = 2**32 - 1


def check_seed(seed: Any) -> int:
    """``seed`` as an int in ``0 .. 2**32-1`` (what numpy and torch accept), or an InputError."""
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
        raise InputError(f"seed must be an integer from 0 to {MAX_SEED} (2**32-1), got {seed!r}", field="seed")
    return seed


def check_num_proc(num_proc: Any) -> int:
    """``num_proc`` capped at the number of CPUs (more workers than CPUs only add forks);
    below 1 or not an int is an InputError."""
    if isinstance(num_proc, bool) or not isinstance(num_proc, int) or num_proc < 1:
        raise InputError(f"num_proc must be a whole number of worker processes, at least 1, got {num_proc!r}",
                         field="num_proc")
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if num_proc > cpus:
        logger.info("num_proc %d capped at the %d CPUs available", num_proc, cpus)
    return min(num_proc, max(1, cpus))


def get_word_aligner(method: str = "default", **options: Any) -> WordAligner:
    """An aligner instance from the registry; ``options`` are its keyword arguments (an
    option the backend does not declare is an InputError naming it)."""
    return word_aligners.create(method, **options)


def build_word_aligner(method: str = "default", *, glossary: WordGlossaryArg = False,
                       symmetrize: str = "grow-diag-final-and", seed: int = 0, model: Optional[str] = None,
                       device: str = "auto", dictionary_prior: bool = True, num_proc: int = 1,
                       progress: bool = False, options: Optional[Mapping[str, Any]] = None) -> WordAligner:
    """The aligner :func:`align_words` uses for these arguments.

    ``glossary`` and ``num_proc`` concern the whole alignment (tokenisation uses them
    too), so a backend that does not declare them simply does not get them.
    ``model``, ``device`` and ``dictionary_prior=False`` are backend options: given to
    a backend that does not take them they are an InputError, as is any unknown key
    of ``options`` (further backend options, e.g. ``{"threshold": 0.3}``).
    """
    seed = check_seed(seed)
    num_proc = check_num_proc(num_proc)
    name = word_aligners.resolve(method)
    declared = declared_options(word_aligners.get(name))
    opts: Dict[str, Any] = {"symmetrize": symmetrize, "seed": seed, "progress": progress}
    gl = optional_glossary(glossary)
    if gl is not None and "glossary" in declared:
        opts["glossary"] = gl
    if num_proc != 1 and "num_proc" in declared:
        opts["num_proc"] = num_proc
    if model is not None:
        opts["model"] = model
    if device != "auto":
        opts["device"] = device
    if not dictionary_prior:
        opts["dictionary_prior"] = False
    for key, value in (options or {}).items():
        if key in opts:
            raise InputError(f"option {key!r} is given both as an argument and in options; give it once",
                             field=key)
        opts[key] = value
    return word_aligners.create(name, **opts)


def align_tokens(pairs: Sequence[TokenPair], *, aligner: WordAligner) -> List[WordAlignment]:
    """Align already tokenised pairs with a configured aligner."""
    links = aligner.align_tokens(pairs)
    return [WordAlignment(tuple(s), tuple(t), l) for (s, t), l in zip(pairs, links)]


def tokenize_pairs(pairs: Sequence[Tuple[str, str]], *, pretokenized: bool = False,
                   glossary: WordGlossaryArg = False) -> List[Tuple[List[Token], List[Token]]]:
    """Tokenise ``(zh, en)`` pairs for alignment (see :mod:`bri_align.align.tokenize`)."""
    gl = optional_glossary(glossary)
    zh_glossary: WordGlossaryArg = False if gl is None else gl
    if isinstance(pairs, (str, bytes)) or not isinstance(pairs, Iterable):
        raise InputError(f"pairs must be a list of (zh, en) tuples, got {type(pairs).__name__}", field="pairs")
    out = []
    for n, pair in enumerate(pairs):
        if not isinstance(pair, (tuple, list)) or len(pair) != 2 or not all(isinstance(x, str) for x in pair):
            raise InputError(f"pair {n} is {type(pair).__name__}; expected a (zh, en) tuple of two strings",
                             field="pairs")
        zh, en = pair
        out.append((tokenize_zh(zh, glossary=zh_glossary, pretokenized=pretokenized),
                    tokenize_en(en, pretokenized=pretokenized)))
    return out


def align_words(pairs: Sequence[Tuple[str, str]], *, method: str = "default", pretokenized: bool = False,
                glossary: WordGlossaryArg = False, symmetrize: str = "grow-diag-final-and", seed: int = 0,
                model: Optional[str] = None, device: str = "auto", dictionary_prior: bool = True,
                num_proc: int = 1, progress: bool = False,
                options: Optional[Mapping[str, Any]] = None) -> List[WordAlignment]:
    """Word-align ``(zh, en)`` sentence pairs.

    ``method`` names a registered aligner (``default``/``ibm1-hmm.v1``, ``ibm1``,
    ``neural``/``simalign.v1``, ``eflomal``); ``model`` (an id or local path) is for
    the neural aligner; ``options`` holds further options of the backend (see its
    class).  ``glossary``: ``False`` (the default) for none, ``None`` for the bundled
    termbase, or a Glossary or termbase path.  With ``pretokenized=True`` both sides are
    split on spaces.  The unsupervised aligners learn from ``pairs`` themselves: give
    them the whole corpus at once.  ``num_proc > 1`` runs the default aligner's E-step
    and decoding in forked worker processes (same links as one process).  Returns one
    :class:`WordAlignment` per pair, in order.
    """
    gl = optional_glossary(glossary)
    glossary = False if gl is None else gl
    aligner = build_word_aligner(method, glossary=glossary, symmetrize=symmetrize, seed=seed, model=model,
                                 device=device, dictionary_prior=dictionary_prior, num_proc=num_proc,
                                 progress=progress, options=options)
    tok = tokenize_pairs(pairs, pretokenized=pretokenized, glossary=glossary)
    return align_tokens(tok, aligner=aligner)
