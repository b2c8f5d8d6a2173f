"""eflomal word alignment as an optional backend, with bri_align's lexical prior (layer L3).

eflomal (Östling & Tiedemann 2016) is GPL-3: it is never a core dependency and none
of its code is copied here.  The user installs it with ``pip install
"bri-align[eflomal]"``; this module imports it only when an alignment runs and talks
to it through its public Python API (``eflomal.Aligner.align``) and plain text: the
sentences as space-separated tokens and, by default, a *priors file* built from
bri_align's own lexical prior (:class:`~bri_align.align.word_prior.LexicalPrior`:
CC-CEDICT content words, the glossary's renderings, characters and word form, the
evidence the default aligner uses).

The priors file is eflomal's documented text format, one entry a line, tab-separated::

    LEX<TAB>source word<TAB>target word<TAB>alpha

``alpha`` is a Dirichlet pseudo-count that eflomal adds to the counts of the word
pair (in both directions); here it is ``prior_weight`` times the prior's score in
``[0, 1]``.  eflomal splits sentences on whitespace and priors lines on tabs, and
lower-cases words, so every token is written through :func:`escape_token` (each run
of whitespace becomes ``▁``, U+2581) and both sides use the same keys as the default
aligner (NFKC; Chinese simplified; English lower-cased).

eflomal samples from a random state seeded by the system: two runs on the same input
can give slightly different links (``seed`` is recorded in the signature only).
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from typing import IO, Dict, Iterable, List, Optional, Sequence, Tuple

from ..errors import BriAlignError, InputError, MissingDependencyError
from ..glossary.model import Glossary
from ..signature import format_signature
from .pharaoh import Link, parse_pharaoh
from .symmetrize import symmetrize as _symmetrize
from .ibm_hmm import _en_key, _zh_key   # the default aligner's word keys: the priors name its words
from .word_base import TokenPair, WordAligner, WordGlossaryArg, check_symmetrize, optional_glossary

__all__ = ["EflomalAligner", "has_eflomal", "escape_token", "prior_entries", "priors_lines",
           "write_priors"]

#: what a run of whitespace inside a token becomes (eflomal splits on any whitespace)
SPACE_MARK = "\u2581"
#: a token with no characters at all (eflomal would drop it and shift every index after it)
EMPTY_MARK = "\u2581"


def has_eflomal() -> bool:
    try:
        import eflomal  # noqa: F401
    except ImportError:
        return False
    return True


def _import_eflomal():
    try:
        import eflomal
    except ImportError:
        raise MissingDependencyError("eflomal", "eflomal", "the eflomal word aligner (GPL-3)") from None
    return eflomal


def escape_token(text: str) -> str:
    """``text`` as one eflomal word: each run of whitespace (anything ``str.split`` splits
    on: spaces, tabs, newlines, no-break and ideographic spaces) becomes ``▁`` (U+2581),
    so a token never splits into two and never breaks a tab-separated priors line; an
    empty token becomes ``▁``."""
    if not text:
        return EMPTY_MARK
    if not any(ch.isspace() for ch in text):
        return text
    return SPACE_MARK.join(text.split()) or SPACE_MARK


def _check_weight(prior_weight: object) -> float:
    if isinstance(prior_weight, bool) or not isinstance(prior_weight, (int, float)) \
            or not 0.0 < float(prior_weight) < float("inf"):
        raise InputError(f"prior_weight must be a positive number (pseudo-counts per unit of prior score), "
                         f"got {prior_weight!r}", field="prior_weight")
    return float(prior_weight)


def prior_entries(zh_vocab: Sequence[str], en_vocab: Sequence[str], zh_ids: Iterable[int],
                  en_ids: Iterable[int], scores: Iterable[float], *, weight: float
                  ) -> List[Tuple[str, str, float]]:
    """``(zh word, en word, alpha)`` for eflomal from a sparse prior over two vocabularies
    (the output of :meth:`LexicalPrior.score_vocab`): words escaped and lower-cased as
    eflomal looks them up, ``alpha = weight * score``, pairs with a score <= 0 left out;
    words that become the same key keep the largest alpha.  Sorted, so the file is
    reproducible."""
    weight = _check_weight(weight)
    best: Dict[Tuple[str, str], float] = {}
    for z, e, s in zip(zh_ids, en_ids, scores):
        if not s > 0:
            continue
        key = (escape_token(zh_vocab[z]).lower(), escape_token(en_vocab[e]).lower())
        alpha = weight * float(s)
        if best.get(key, 0.0) < alpha:
            best[key] = alpha
    return [(z, e, a) for (z, e), a in sorted(best.items())]


def priors_lines(entries: Iterable[Tuple[str, str, float]]) -> List[str]:
    """eflomal priors-file lines (``LEX\\tzh\\ten\\talpha\\n``) for ``(zh, en, alpha)``
    entries; words are escaped with :func:`escape_token`; alpha must be positive and
    finite."""
    out = []
    for n, (z, e, alpha) in enumerate(entries):
        a = float(alpha)
        if not 0.0 < a < float("inf"):
            raise InputError(f"prior entry {n} ({z!r}, {e!r}) has alpha {alpha!r}; "
                             "alpha must be a positive finite pseudo-count", field="alpha")
        out.append(f"LEX\t{escape_token(z)}\t{escape_token(e)}\t{a:.6g}\n")
    return out


def write_priors(out: IO[str], entries: Iterable[Tuple[str, str, float]]) -> int:
    """Write ``entries`` to the text stream ``out`` in eflomal's priors format; returns
    the number of lines (for eflomal's own ``eflomal-align --priors FILE`` as well)."""
    lines = priors_lines(entries)
    out.writelines(lines)
    return len(lines)


class EflomalAligner(WordAligner):
    """eflomal's Bayesian HMM + fertility aligner (its model 3), both directions,
    symmetrised here.

    ``prior=True`` (the default) passes bri_align's lexical prior (CC-CEDICT content
    words, characters, word form and, with ``glossary``, the glossary's renderings) to
    eflomal as Dirichlet pseudo-counts, ``prior_weight`` per unit of score (8, the
    default aligner's weight, was also the best of 1-16 on the first half of the DeNero
    150 set; AER moves by under a point across that range: ``benchmarks/aer_eflomal.py``).
    ``prior=False`` runs eflomal alone.  Registered
    as ``eflomal.v1`` (alias ``eflomal``) in :data:`bri_align.align.word_base.word_aligners`.
    """

    name = "eflomal.v1"

    def __init__(self, *, symmetrize: str = "grow-diag-final-and", seed: int = 0, prior: bool = True,
                 prior_weight: float = 8.0, glossary: WordGlossaryArg = False, progress: bool = False) -> None:
        self.symmetrize = check_symmetrize(symmetrize)
        if not isinstance(prior, bool):
            raise InputError(f"prior must be True or False, got {prior!r}", field="prior")
        self.prior = prior
        self.prior_weight = _check_weight(prior_weight)
        self.glossary: Optional[Glossary] = optional_glossary(glossary)
        self.seed = seed
        self.progress = progress
        self._prior_obj = None

    def _lexical_prior(self):
        if self._prior_obj is None:
            from .word_prior import LexicalPrior

            self._prior_obj = LexicalPrior(glossary=False if self.glossary is None else self.glossary)
        return self._prior_obj

    def signature(self) -> str:
        ver = "absent"
        try:
            from importlib.metadata import version

            ver = version("eflomal")
        except Exception:  # package metadata missing: eflomal not installed
            pass
        lp = self._lexical_prior() if self.prior else None
        return format_signature(self.name, [
            ("eflomal", ver),
            ("prior", "none" if lp is None else lp.sources()),
            ("glossary", None if lp is None else lp.glossary_id()),
            ("alpha", None if lp is None else self.prior_weight),
            ("sym", self.symmetrize), ("seed", self.seed)])

    # -- input for eflomal ---------------------------------------------------------
    def encode(self, pairs: Sequence[TokenPair]) -> Tuple[List[str], List[str], List[str], List[str]]:
        """``(zh lines, en lines, zh vocabulary, en vocabulary)``: every token keyed as the
        default aligner keys it and escaped (one eflomal word per token)."""
        zcache: Dict[str, str] = {}
        zv: Dict[str, None] = {}
        ev: Dict[str, None] = {}
        src, tgt = [], []
        for s, e in pairs:
            zw = []
            for t in s:
                k = zcache.get(t.text)
                if k is None:
                    k = zcache[t.text] = escape_token(_zh_key(t.text))
                zv[k] = None
                zw.append(k)
            ew = [escape_token(_en_key(t.text)) for t in e]
            ev.update(dict.fromkeys(ew))
            src.append(" ".join(zw) + "\n")
            tgt.append(" ".join(ew) + "\n")
        return src, tgt, list(zv), list(ev)

    def prior_entries(self, zh_vocab: Sequence[str], en_vocab: Sequence[str]) -> List[Tuple[str, str, float]]:
        """The priors-file entries for these vocabularies (empty with ``prior=False``)."""
        if not self.prior:
            return []
        zs, es, ss = self._lexical_prior().score_vocab(zh_vocab, en_vocab)
        return prior_entries(zh_vocab, en_vocab, zs, es, ss, weight=self.prior_weight)

    def align_tokens(self, pairs: Sequence[TokenPair]) -> List[Tuple[Link, ...]]:
        eflomal = _import_eflomal()
        if not pairs:
            return []
        src, tgt, zv, ev = self.encode(pairs)
        priors = priors_lines(self.prior_entries(zv, ev))
        with tempfile.TemporaryDirectory(prefix="bri-eflomal-") as tmp:
            fwd_path = os.path.join(tmp, "fwd")
            rev_path = os.path.join(tmp, "rev")
            aligner = eflomal.Aligner()
            try:
                # eflomal reads the priors from any iterable of lines; none at all -> no file
                aligner.align(src, tgt, links_filename_fwd=fwd_path, links_filename_rev=rev_path,
                              priors_input=priors or None, quiet=not self.progress)
            except subprocess.CalledProcessError as exc:
                raise BriAlignError(f"the eflomal binary failed (exit status {exc.returncode}) on "
                                    f"{len(pairs)} sentence pairs; run with progress=True to see its "
                                    "messages") from None
            with open(fwd_path, encoding="utf-8") as fh:
                fwd = fh.read().split("\n")
            with open(rev_path, encoding="utf-8") as fh:
                rev = fh.read().split("\n")
        out = []
        for k, (s, e) in enumerate(pairs):
            f = parse_pharaoh(fwd[k] if k < len(fwd) else "", n_src=len(s), n_tgt=len(e))
            r = parse_pharaoh(rev[k] if k < len(rev) else "", n_src=len(s), n_tgt=len(e))
            out.append(_symmetrize(f, r, method=self.symmetrize))
        return out
