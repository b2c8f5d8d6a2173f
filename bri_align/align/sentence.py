"""Sentence alignment of a Chinese document and its English translation (layer L3).

Dynamic programming over beads (1-1, 1-0, 0-1, 2-1, 1-2, 2-2, and 3-1/1-3 because
Chinese sentences are cut at ；), minimising for each bead

    cost = -log P(bead type) - log P(length | bead) - w * LLR(lexical evidence)

* **Length model** (Gale and Church 1993): the English length is normal around
  ``c * l_zh`` (``c`` English characters per Chinese character) with variance
  ``s2 * (l_zh + l_en / c) / 2``, counting non-space characters; the cost is its
  negative log density.  With ``ratio=None`` a first pass runs at c = 3.2 and a
  second pass at the ratio of the beads it found (a ratio of document totals is
  biased by deletions).  ``s2`` defaults to 9.0: measured 9.0 on the 150
  hand-aligned zh-en news pairs of ``shared/data/zhen_gold_denero150`` (c = 3.23
  there, i.e. 0.31 Chinese characters per English character) and 9.2 on the 220
  policy pairs of ``corpora/term_align`` (c = 3.75, 0.27 Chinese per English character).  Unlike
  Gale-Church, which scores a 1-0 bead with the tail probability at
  ``l_en = 0`` (so deleting a sentence costs more the longer it is), null beads
  follow Moore (2002): a 0-1 bead pays for drawing the English length from the
  document's length distribution, a 1-0 bead only its prior, and a bead with
  several English sentences pays for where the total length splits.
* **Lexical evidence**: each Chinese sentence is cut into dictionary words by
  forward maximum matching over CC-CEDICT headwords and the glossary's Chinese
  forms; a word is *matched* when one of its gloss (or rendering) words, stemmed,
  occurs in the English candidate; numbers count as words that match equal
  numbers.  Each content word then adds the naive-Bayes log-likelihood ratio
  ``log p1/p0`` (matched) or ``log (1-p1)/(1-p0)`` (unmatched) of "this is a
  translation" against "this is an unrelated sentence", for Chinese words, for
  English words against the Chinese glosses, and for numbers; ``p0`` grows with
  the size of the other side.  ``p1``/``p0`` were measured on aligned against
  shifted pairs (``benchmarks/sentence_align_bench.py --measure``).
* **Banded search**: only cells within ``band`` sentences of the diagonal (drawn
  through cumulative lengths, so it follows long and short sentences) are
  visited.  When the best path comes within ``band // 4`` cells of the band's
  edge, the band is re-centred on that path and the search repeated (twice at
  most), then doubled, so drift and large deletions are still found.  Time and
  memory grow with ``len(doc) * band``: linear in document length.

The bead score reported is a confidence in [0, 1]: the logistic of the cost of
leaving the bead's sentences unaligned (1-0 and 0-1 beads) minus the bead's cost.
For a 1-0 or 0-1 bead it is the logistic of the cost of absorbing the sentence
into a neighbouring bead minus the cost of leaving it out (the smaller margin of
the two neighbours): high when the sentence really has no counterpart.

Written here, not taken from a library: hunalign is C++ with no Python API and
bertalign is GPL-3 and needs a sentence-embedding model; this follows the
published Gale-Church algorithm with a dictionary term in the spirit of
Moore (2002) and hunalign.
"""

from __future__ import annotations

import logging
import math
import re
from array import array
from dataclasses import dataclass
from typing import Dict, FrozenSet, List, Mapping, Optional, Sequence, Tuple, Union

from ..errors import InputError
from ..glossary.coerce import GlossaryLike, as_glossary
from ..registry import Registry
from ..signature import format_signature
from ..text.sentences import Sentence, sentences_from_list, split_sentences
from .lexical import LexiconArg, ZhLexicon, en_stems, load_lexicon

__all__ = [
    "SentencePair",
    "SentenceAligner",
    "align_sentences",
    "sentence_aligners",
    "DEFAULT_BEADS",
    "BEAD_PRIORS",
]

logger = logging.getLogger(__name__)

Bead = Tuple[int, int]
DEFAULT_BEADS: Tuple[Bead, ...] = ((1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (2, 2), (3, 1), (1, 3))
# Gale and Church (1993) priors, with 3-1 / 1-3 taken out of the 2-1 / 1-2 mass.
BEAD_PRIORS: Dict[Bead, float] = {
    (1, 1): 0.89, (1, 0): 0.005, (0, 1): 0.005, (2, 1): 0.042, (1, 2): 0.042,
    (2, 2): 0.011, (3, 1): 0.003, (1, 3): 0.003,
}
DEFAULT_S2 = 9.0  # variance per character, measured on shared/data/zhen_gold_denero150
DEFAULT_RATIO = 3.2  # English characters per Chinese character when a side is empty
# P(a Chinese content word finds a gloss in its translation) and in an unrelated
# sentence, the same for English content words and for numbers: measured with
# ``benchmarks/sentence_align_bench.py --measure`` on aligned against shifted pairs of
# shared/data/zhen_gold_denero150 (news: zh 0.49/0.06, en 0.71/0.08, numbers 0.64/0.02)
# and corpora/term_align (policy: zh 0.57/0.05, en 0.71/0.06); the defaults are their means.
DEFAULT_P_MATCH = 0.53
DEFAULT_P_RANDOM = 0.055
DEFAULT_P_MATCH_EN = 0.71
DEFAULT_P_RANDOM_EN = 0.07
DEFAULT_P_NUM_MATCH = 0.64
DEFAULT_P_NUM_RANDOM = 0.02

sentence_aligners: "Registry[type]" = Registry("sentence aligner")

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_FULLWIDTH_DIGITS = {o: o - 0xFEE0 for o in range(0xFF10, 0xFF1A)}


def _numbers(text: str) -> FrozenSet[str]:
    return frozenset("#" + n.replace(",", "") for n in _NUMBER.findall(text.translate(_FULLWIDTH_DIGITS)))



# ------------------------------------------------------------------- records
@dataclass(frozen=True)
class SentencePair:
    """One bead: Chinese sentence indexes, English sentence indexes, score and text."""

    zh: Tuple[int, ...]
    en: Tuple[int, ...]
    score: float
    zh_text: str = ""
    en_text: str = ""
    zh_start: Optional[int] = None  # offsets into the Chinese document (None for 0-1 beads)
    zh_end: Optional[int] = None
    en_start: Optional[int] = None
    en_end: Optional[int] = None
    cost: float = 0.0

    @property
    def bead(self) -> str:
        return f"{len(self.zh)}-{len(self.en)}"

    def to_dict(self) -> Dict[str, object]:
        return {
            "zh": list(self.zh), "en": list(self.en), "bead": self.bead, "score": self.score,
            "zh_text": self.zh_text, "en_text": self.en_text,
            "zh_start": self.zh_start, "zh_end": self.zh_end,
            "en_start": self.en_start, "en_end": self.en_end, "cost": self.cost,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, object]) -> "SentencePair":
        def opt(key: str) -> Optional[int]:
            v = d.get(key)
            return None if v is None else int(v)  # type: ignore[arg-type]

        return cls(zh=tuple(int(x) for x in d["zh"]), en=tuple(int(x) for x in d["en"]),  # type: ignore[union-attr]
                   score=float(d["score"]), zh_text=str(d.get("zh_text", "")),  # type: ignore[arg-type]
                   en_text=str(d.get("en_text", "")), zh_start=opt("zh_start"), zh_end=opt("zh_end"),
                   en_start=opt("en_start"), en_end=opt("en_end"),
                   cost=float(d.get("cost", 0.0)))  # type: ignore[arg-type]


def _nonspace_len(text: str) -> int:
    return sum(1 for ch in text if not ch.isspace())


# ----------------------------------------------------------------- aligner
class _Prepared:
    """Per-document features: lengths, gloss-stem index per zh sentence, stems per en sentence."""

    def __init__(self, zh: Sequence[Sentence], en: Sequence[Sentence], lex: Optional[ZhLexicon]) -> None:
        self.lz = [_nonspace_len(s.text) for s in zh]
        self.le = [_nonspace_len(s.text) for s in en]
        self.use_lex = lex is not None
        # zh sentence k: stem -> bitmask of its words/numbers having that stem; word and number counts
        self.zidx: List[Dict[str, int]] = []
        self.nwords: List[int] = []
        self.nnums: List[int] = []
        self.en_sets: List[FrozenSet[str]] = []
        self.eidx: List[Dict[str, int]] = []
        self.en_nwords: List[int] = [0] * len(en)
        if lex is None:
            return
        for s in zh:
            words = lex.words(s.text)
            nums = sorted(_numbers(s.text))
            index: Dict[str, int] = {}
            for t, g in enumerate(words):
                bit = 1 << t
                for st in g:
                    index[st] = index.get(st, 0) | bit
            for t, num in enumerate(nums):
                index[num] = index.get(num, 0) | (1 << (len(words) + t))
            self.zidx.append(index)
            self.nwords.append(len(words))
            self.nnums.append(len(nums))
        # en sentence l: stem -> bitmask of its distinct content words (numbers not counted on this side)
        self.en_nwords = []
        for s in en:
            stems = en_stems(s.text)
            eindex = {st: 1 << t for t, st in enumerate(sorted(stems))}
            self.eidx.append(eindex)
            self.en_nwords.append(len(eindex))
            self.en_sets.append(stems | _numbers(s.text))


@dataclass(frozen=True)
class _Params:
    beads: Tuple[Bead, ...]
    log_priors: Tuple[float, ...]
    ratio: float
    s2: float
    en_mean: float  # marginal distribution of English sentence lengths (for 0-1 beads)
    en_var: float
    lexical_weight: float
    probs: Tuple[float, float, float, float, float, float]  # zh words p1,p0; en words p1,p0; numbers p1,p0
    zh_words_mean: float
    en_words_mean: float


class SentenceAligner:
    """Gale-Church length model plus dictionary evidence, banded dynamic programming.

    ``SentenceAligner(glossary=..., lexicon="cedict").align(zh, en)`` returns the beads.
    ``band=None`` (default) starts at 16 sentences and widens adaptively;
    an integer fixes the starting width; ``band=0`` searches the full matrix (the
    naive baseline used by the benchmark).
    """

    name = "gale-church-lex.v1"

    def __init__(
        self,
        *,
        glossary: GlossaryLike = None,
        lexicon: LexiconArg = "cedict",
        band: Optional[int] = None,
        adaptive: bool = True,
        beads: Sequence[Bead] = DEFAULT_BEADS,
        ratio: Optional[float] = None,
        s2: float = DEFAULT_S2,
        lexical_weight: float = 1.0,
        p_match: float = DEFAULT_P_MATCH,
        p_random: float = DEFAULT_P_RANDOM,
        p_match_en: float = DEFAULT_P_MATCH_EN,
        p_random_en: float = DEFAULT_P_RANDOM_EN,
        splitter_zh: Optional[str] = None,
        splitter_en: Optional[str] = None,
        paragraphs: str = "line",
    ) -> None:
        for b in beads:
            if b not in BEAD_PRIORS:
                raise InputError(f"unknown bead {b!r}; available: "
                                 + ", ".join(f"{x}-{y}" for x, y in BEAD_PRIORS), field="beads")
        if (1, 1) not in beads:
            raise InputError("beads must include (1, 1)", field="beads")
        if band is not None and (not isinstance(band, int) or band < 0):
            raise InputError(f"band must be a non-negative integer or None, got {band!r}", field="band")
        if s2 <= 0:
            raise InputError(f"s2 must be positive, got {s2}", field="s2")
        if ratio is not None and ratio <= 0:
            raise InputError(f"ratio must be positive, got {ratio}", field="ratio")
        for lo_p, hi_p, name in ((p_random, p_match, "p_match"), (p_random_en, p_match_en, "p_match_en")):
            if not (0.0 < lo_p < hi_p < 1.0):
                raise InputError(f"need 0 < random < match < 1, got {lo_p}, {hi_p}", field=name)
        # None is no glossary here (the lexical evidence is then the lexicon's alone)
        self.glossary = None if glossary is None else as_glossary(glossary)
        self.lexicon_arg = lexicon
        self._lex: Optional[ZhLexicon] = None
        self._lex_desc = "none"
        self.band = band
        self.adaptive = adaptive
        self.beads = tuple(beads)
        self.ratio = ratio
        self.s2 = s2
        self.lexical_weight = lexical_weight
        self.p_match = p_match
        self.p_random = p_random
        self.p_match_en = p_match_en
        self.p_random_en = p_random_en
        self.splitter_zh = splitter_zh
        self.splitter_en = splitter_en
        self.paragraphs = paragraphs
        self.last_band: Optional[int] = None  # the band width the last call ended with
        self.last_ratio: Optional[float] = None  # the length ratio the last call used

    # -- inputs ---------------------------------------------------------------
    def _lexicon(self) -> Optional[ZhLexicon]:
        if self.lexical_weight == 0 or (self.lexicon_arg is None and self.glossary is None):
            return None
        if self._lex is None:
            lex, desc = load_lexicon(self.lexicon_arg)
            self._lex = ZhLexicon(lex, self.glossary)
            self._lex_desc = desc
        return self._lex

    def _sentences(self, doc: Union[str, Sequence[str], Sequence[Sentence]], lang: str) -> List[Sentence]:
        if isinstance(doc, str):
            splitter = self.splitter_zh if lang == "zh" else self.splitter_en
            return split_sentences(doc, lang=lang, splitter=splitter, paragraphs=self.paragraphs)  # type: ignore[arg-type]
        if not isinstance(doc, (list, tuple)):
            raise InputError(f"{lang} input must be a text or a list of sentences, got {type(doc).__name__}",
                             field=lang)
        if doc and all(isinstance(s, Sentence) for s in doc):
            return list(doc)  # type: ignore[arg-type]
        return sentences_from_list(doc)  # type: ignore[arg-type]

    def _params(self, prep: _Prepared, ratio: float) -> _Params:
        probs = (self.p_match, self.p_random, self.p_match_en, self.p_random_en,
                 DEFAULT_P_NUM_MATCH, DEFAULT_P_NUM_RANDOM)
        zw = [x for x in prep.nwords if x] or [1]
        ew = [x for x in prep.en_nwords if x] or [1]
        le = [x for x in prep.le if x > 0] or [1]
        mean = sum(le) / len(le)
        var = max(sum((x - mean) ** 2 for x in le) / len(le), (0.5 * mean) ** 2, 1.0)
        return _Params(self.beads, tuple(math.log(BEAD_PRIORS[b]) for b in self.beads), ratio, self.s2,
                       mean, var, self.lexical_weight, probs, sum(zw) / len(zw), sum(ew) / len(ew))

    # -- scoring ----------------------------------------------------------------
    @staticmethod
    def _length_cost(lz: int, le: int, p: _Params) -> float:
        """-log density of the English length: given the Chinese length (normal, variance
        ``s2`` per character as in Gale-Church), or from the document's marginal for a
        0-1 bead.  A 1-0 bead costs nothing here: every Chinese sentence is generated
        once on every path, so its marginal cancels."""
        if le == 0:
            return 0.0
        if lz == 0:
            d = le - p.en_mean
            return 0.5 * d * d / p.en_var + 0.5 * math.log(2 * math.pi * p.en_var)
        var = p.s2 * (lz + le / p.ratio) / 2.0
        d = p.ratio * lz - le
        return 0.5 * d * d / var + 0.5 * math.log(2 * math.pi * var)

    def _bead_cost(self, prep: _Prepared, p: _Params, masks: Dict[Tuple[int, int], Tuple[int, int]],
                   i0: int, i1: int, j0: int, j1: int, bead_k: int) -> float:
        lz = sum(prep.lz[i0:i1])
        le = sum(prep.le[j0:j1])
        cost = -p.log_priors[bead_k] + self._length_cost(lz, le, p)
        if j1 - j0 > 1 and i1 > i0:
            # the total English length is drawn once; choosing where it splits into
            # (j1 - j0) sentences is uniform over the compositions of le
            b = j1 - j0
            if le > b:
                cost += math.lgamma(le) - math.lgamma(b) - math.lgamma(le - b + 1)  # log C(le-1, b-1)
        if prep.use_lex and i1 > i0 and j1 > j0:
            cost -= p.lexical_weight * self._llr(prep, p, masks, i0, i1, j0, j1)
        return cost

    @staticmethod
    def _mask(prep: _Prepared, masks: Dict[Tuple[int, int], Tuple[int, int]], k: int, l: int) -> Tuple[int, int]:
        """(zh words of k found in l, en words of l found in k) as bitmasks, cached."""
        key = (k, l)
        m = masks.get(key)
        if m is None:
            index = prep.zidx[k]
            zm = em = 0
            if index:
                eindex = prep.eidx[l]
                for st in prep.en_sets[l].intersection(index):
                    zm |= index[st]
                    em |= eindex.get(st, 0)
            m = (zm, em)
            masks[key] = m
        return m

    def _llr(self, prep: _Prepared, p: _Params, masks: Dict[Tuple[int, int], Tuple[int, int]],
             i0: int, i1: int, j0: int, j1: int) -> float:
        """Naive-Bayes log-likelihood ratio of "translation" against "unrelated" for the bead.

        The chance that a word finds a gloss in an unrelated text grows with that
        text's size, so ``p0`` is scaled to the other side's number of content
        words: ``1 - (1 - p0) ** (size / mean size)``.
        """
        zh_words = en_words = 0
        en_masks = [0] * (j1 - j0)
        zms = []
        for k in range(i0, i1):
            zm = 0
            for l in range(j0, j1):
                a, b = self._mask(prep, masks, k, l)
                zm |= a
                en_masks[l - j0] |= b
            zms.append(zm)
            zh_words += prep.nwords[k]
        for l in range(j0, j1):
            en_words += prep.en_nwords[l]
        p1, p0, e1, e0, q1, q0 = p.probs
        total = 0.0
        if zh_words or any(prep.nnums[k] for k in range(i0, i1)):
            scale = max(en_words, 1) / p.en_words_mean
            r0 = min(1.0 - (1.0 - p0) ** scale, p1 * 0.9)
            n0 = min(1.0 - (1.0 - q0) ** scale, q1 * 0.9)
            hit_w, miss_w = math.log(p1 / r0), math.log((1 - p1) / (1 - r0))
            hit_n, miss_n = math.log(q1 / n0), math.log((1 - q1) / (1 - n0))
            for k, zm in zip(range(i0, i1), zms):
                nw, nn = prep.nwords[k], prep.nnums[k]
                word_hits = (zm & ((1 << nw) - 1)).bit_count()
                num_hits = (zm >> nw).bit_count()
                total += (word_hits * hit_w + (nw - word_hits) * miss_w
                          + num_hits * hit_n + (nn - num_hits) * miss_n)
        if en_words:
            scale = max(zh_words, 1) / p.zh_words_mean
            r0 = min(1.0 - (1.0 - e0) ** scale, e1 * 0.9)
            hit_e, miss_e = math.log(e1 / r0), math.log((1 - e1) / (1 - r0))
            for l in range(j0, j1):
                hits = en_masks[l - j0].bit_count()
                total += hits * hit_e + (prep.en_nwords[l] - hits) * miss_e
        return total

    # -- search -----------------------------------------------------------------
    @staticmethod
    def _diagonal(prep: _Prepared) -> List[float]:
        """For each zh prefix length i, the en index at the same fraction of total length."""
        n, m = len(prep.lz), len(prep.le)
        tz = sum(prep.lz) or 1
        te = sum(prep.le) or 1
        cum_e = [0.0]
        for x in prep.le:
            cum_e.append(cum_e[-1] + x)
        out = []
        acc = 0.0
        j = 0
        for i in range(n + 1):
            if i > 0:
                acc += prep.lz[i - 1]
            target = acc / tz * te
            while j < m and cum_e[j + 1] <= target:
                j += 1
            if j < m and prep.le[j] > 0:
                frac = (target - cum_e[j]) / prep.le[j]
                out.append(j + min(1.0, max(0.0, frac)))
            else:
                out.append(float(j))
        if n == 0:
            return [0.0]
        # Without lengths (all empty) fall back to the index diagonal.
        if sum(prep.lz) == 0 or sum(prep.le) == 0:
            out = [i * m / n for i in range(n + 1)]
        return out

    def _search(self, prep: _Prepared, p: _Params, width: int,
                center: Optional[List[float]] = None) -> Tuple[List[Tuple[int, int, int]], bool]:
        """Banded DP around ``center`` (default: the length diagonal); returns the path as
        (i, j, bead index) ends and whether it touched the band edge."""
        n, m = len(prep.lz), len(prep.le)
        diag = center if center is not None else self._diagonal(prep)
        full = width <= 0 or width >= max(n, m)
        lo = []
        hi = []
        for i in range(n + 1):
            if full:
                lo.append(0)
                hi.append(m)
            else:
                c = diag[i]
                lo.append(max(0, int(math.floor(c)) - width))
                hi.append(min(m, int(math.ceil(c)) + width))
        # Keep consecutive rows overlapping so a path always exists.
        for i in range(1, n + 1):
            if lo[i] > hi[i - 1]:
                lo[i] = hi[i - 1]
            if hi[i] < lo[i - 1]:
                hi[i] = lo[i - 1]
        lo[0] = 0
        hi[n] = m
        if n > 0:
            lo[n] = min(lo[n], hi[n - 1])
        inf = math.inf
        max_a = max(a for a, _ in p.beads)
        costs: Dict[int, array] = {}
        back: List[bytearray] = []
        masks: Dict[Tuple[int, int], Tuple[int, int]] = {}
        beads = p.beads
        for i in range(n + 1):
            row = array("d", [inf]) * (hi[i] - lo[i] + 1)
            brow = bytearray(b"\xff") * (hi[i] - lo[i] + 1)
            for j in range(lo[i], hi[i] + 1):
                if i == 0 and j == 0:
                    row[0] = 0.0
                    continue
                best = inf
                best_k = 255
                for k, (a, b) in enumerate(beads):
                    pi, pj = i - a, j - b
                    if pi < 0 or pj < 0:
                        continue
                    if pj < lo[pi] or pj > hi[pi]:
                        continue
                    prev = (costs[pi] if pi != i else row)[pj - lo[pi]]
                    if prev == inf:
                        continue
                    c = prev + self._bead_cost(prep, p, masks, pi, i, pj, j, k)
                    if c < best:
                        best, best_k = c, k
                row[j - lo[i]] = best
                brow[j - lo[i]] = best_k
            costs[i] = row
            back.append(brow)
            old = i - max_a
            if old in costs:
                del costs[old]
            # masks of rows that no bead can reach any more
            if i >= max_a + 1 and i % 16 == 0:
                for key in [key for key in masks if key[0] < i - max_a]:
                    del masks[key]
        # backtrace
        path: List[Tuple[int, int, int]] = []
        i, j = n, m
        touched = False
        margin = max(1, width // 4)
        while i > 0 or j > 0:
            k = back[i][j - lo[i]]
            if k == 255:
                raise RuntimeError("sentence alignment found no path")  # cannot happen: (0,1)/(1,0) or 1-1 reach
            if not full and ((j - lo[i] < margin and lo[i] > 0) or (hi[i] - j < margin and hi[i] < m)):
                touched = True
            path.append((i, j, k))
            a, b = beads[k]
            i, j = i - a, j - b
        path.reverse()
        return path, touched

    # -- public ---------------------------------------------------------------
    def align(self, zh: Union[str, Sequence[str], Sequence[Sentence]],
              en: Union[str, Sequence[str], Sequence[Sentence]]) -> List[SentencePair]:
        zs = self._sentences(zh, "zh")
        es = self._sentences(en, "en")
        if not zs and not es:
            return []
        lex = self._lexicon()
        prep = _Prepared(zs, es, lex)
        needs_null = not zs or not es
        if needs_null and ((1, 0) not in self.beads or (0, 1) not in self.beads):
            raise InputError("one side has no sentences; 1-0 and 0-1 beads are needed", field="beads")
        p = self._params(prep, self.ratio or DEFAULT_RATIO)
        width = 16 if self.band is None else self.band
        path, width, centre = self._banded(prep, p, width)
        if self.ratio is None:
            # second pass with the ratio of the beads found (robust to deletions,
            # which bias a ratio of document totals)
            est = self._estimate_ratio(prep, path, p)
            if est is not None and abs(est / p.ratio - 1.0) > 0.02:
                p = self._params(prep, est)
                path, width, centre = self._banded(prep, p, width, centre)
        self.last_band = width
        self.last_ratio = p.ratio
        return self._records(zs, es, prep, p, path)

    def _banded(self, prep: _Prepared, p: _Params, width: int,
                center: Optional[List[float]] = None) -> Tuple[List[Tuple[int, int, int]], int, List[float]]:
        """Search, and while the path touches the band's edge: first re-centre the band on
        the path found (twice at most), then double its width.  Returns the path, the final
        width and the centre line of the final path."""
        n = max(len(prep.lz), len(prep.le))
        recentred = 0
        while True:
            path, touched = self._search(prep, p, width, center)
            if not (self.adaptive and touched) or width <= 0 or width >= n:
                return path, width, self._path_centre(path, len(prep.lz))
            if recentred < 2:
                logger.info("sentence alignment path reached the band edge at width %d; re-centring", width)
                center = self._path_centre(path, len(prep.lz))
                recentred += 1
            else:
                logger.info("sentence alignment path reached the band edge at width %d; widening", width)
                width *= 2
                recentred = 0

    @staticmethod
    def _path_centre(path: List[Tuple[int, int, int]], n: int) -> List[float]:
        """For each Chinese prefix length 0..n, the English position of the path."""
        centre = [0.0] * (n + 1)
        for i, j, _ in path:
            centre[i] = float(j)
        last = 0.0
        for i in range(n + 1):  # rows inside a multi-sentence bead take the previous end
            if i and centre[i] == 0.0:
                centre[i] = last
            last = centre[i]
        return centre

    @staticmethod
    def _estimate_ratio(prep: _Prepared, path: List[Tuple[int, int, int]], p: _Params) -> Optional[float]:
        tz = te = 0
        for i, j, k in path:
            a, b = p.beads[k]
            if a and b:
                tz += sum(prep.lz[i - a:i])
                te += sum(prep.le[j - b:j])
        if tz < 20 or te < 20:
            return None
        return min(6.0, max(1.5, te / tz))

    def _records(self, zs: List[Sentence], es: List[Sentence], prep: _Prepared, p: _Params,
                 path: List[Tuple[int, int, int]]) -> List[SentencePair]:
        masks: Dict[Tuple[int, int], Tuple[int, int]] = {}
        spans = []  # (i0, i1, j0, j1, bead index, cost)
        for i, j, k in path:
            a, b = p.beads[k]
            spans.append((i - a, i, j - b, j, k, self._bead_cost(prep, p, masks, i - a, i, j - b, j, k)))
        kind = {bd: x for x, bd in enumerate(p.beads)}
        null_prior = -math.log(BEAD_PRIORS[(1, 0)])

        def null_cost(i0: int, i1: int, j0: int, j1: int) -> float:
            c = 0.0
            for _ in range(i0, i1):
                c += null_prior
            for l in range(j0, j1):
                c += null_prior + self._length_cost(0, prep.le[l], p)
            return c

        out: List[SentencePair] = []
        for t, (i0, i1, j0, j1, k, cost) in enumerate(spans):
            if i1 > i0 and j1 > j0:
                score = _sigmoid(null_cost(i0, i1, j0, j1) - cost)
            else:
                # confidence that the sentence has no counterpart: how much worse is
                # absorbing it into the neighbouring bead than leaving it unaligned?
                margins = []
                for u in (t - 1, t + 1):
                    if not 0 <= u < len(spans):
                        continue
                    ni0, ni1, nj0, nj1, _, ncost = spans[u]
                    if ni1 == ni0 or nj1 == nj0:
                        continue
                    mi0, mi1, mj0, mj1 = min(i0, ni0), max(i1, ni1), min(j0, nj0), max(j1, nj1)
                    mk = kind.get((mi1 - mi0, mj1 - mj0))
                    if mk is None:
                        continue
                    merged = self._bead_cost(prep, p, masks, mi0, mi1, mj0, mj1, mk)
                    margins.append(merged - (ncost + cost))
                score = _sigmoid(min(margins)) if margins else 1.0
            zsel, esel = zs[i0:i1], es[j0:j1]
            out.append(SentencePair(
                zh=tuple(range(i0, i1)),
                en=tuple(range(j0, j1)),
                score=round(score, 6),
                zh_text="".join(s.text for s in zsel),
                en_text=" ".join(s.text for s in esel),
                zh_start=zsel[0].start if zsel else None, zh_end=zsel[-1].end if zsel else None,
                en_start=esel[0].start if esel else None, en_end=esel[-1].end if esel else None,
                cost=round(cost, 4),
            ))
        return out

    def signature(self) -> str:
        lex = self._lex_desc if self._lex is not None else (
            "none" if self.lexical_weight == 0 or (self.lexicon_arg is None and self.glossary is None)
            else (self.lexicon_arg if isinstance(self.lexicon_arg, str) else "mapping"))
        gl = self.glossary.signature() if self.glossary is not None else "none"
        beads = ",".join(f"{a}-{b}" for a, b in self.beads)
        band = "full" if self.band == 0 else f"{self.band or 16}{'+adaptive' if self.adaptive else ''}"
        ratio = "doc" if self.ratio is None else f"{self.ratio:g}"
        probs = f"{self.p_match:g}/{self.p_random:g},{self.p_match_en:g}/{self.p_random_en:g}"
        from ..text.sentences import sentence_splitters

        splitters = "+".join(sentence_splitters.resolve(s or f"{lang}-rules.v1")
                             for lang, s in (("zh", self.splitter_zh), ("en", self.splitter_en)))
        return format_signature(f"sentence-aligner:{self.name}", [
            ("beads", beads), ("band", band), ("ratio", ratio), ("s2", float(self.s2)), ("lexicon", lex),
            ("lexical_weight", float(self.lexical_weight)), ("p", probs), ("glossary", gl),
            ("splitters", splitters), ("paragraphs", self.paragraphs)])


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


sentence_aligners.register("gale-church-lex.v1")(SentenceAligner)


class LengthOnlyAligner(SentenceAligner):
    """Gale-Church with lengths only (no dictionary, so no lexicon and no glossary)."""

    name = "gale-church.v1"
    #: the options this backend takes (:meth:`Registry.create` refuses any other)
    OPTIONS = ("band", "adaptive", "beads", "ratio", "s2", "splitter_zh", "splitter_en", "paragraphs")

    def __init__(self, **options) -> None:
        unknown = sorted(set(options) - set(self.OPTIONS))
        if unknown:
            raise InputError(f"sentence aligner '{self.name}' has no option {unknown[0]!r}; "
                             f"it takes: {', '.join(self.OPTIONS)}", field=unknown[0])
        super().__init__(lexicon=None, lexical_weight=0.0, **options)


sentence_aligners.register("gale-church.v1")(LengthOnlyAligner)


def align_sentences(
    zh: Union[str, Sequence[str], Sequence[Sentence]],
    en: Union[str, Sequence[str], Sequence[Sentence]],
    *,
    method: str = "gale-church-lex.v1",
    **options,
) -> List[SentencePair]:
    """Align a Chinese document (text or list of sentences) with its English translation.

    ``method`` names the backend in :data:`sentence_aligners`; ``options`` are its
    keyword options, with its defaults (``gale-church-lex.v1``: those of
    :class:`SentenceAligner` -- ``glossary`` (None: no glossary), ``lexicon``,
    ``band``, ``adaptive``, ``beads``, ``ratio``, ``s2``, ``lexical_weight``, the
    ``p_*`` probabilities, ``splitter_zh``/``splitter_en``, ``paragraphs``;
    ``gale-church.v1`` takes the same less ``glossary``, ``lexicon``,
    ``lexical_weight`` and ``p_*``).  An option the backend does not take is an
    :class:`~bri_align.errors.InputError` naming it.

    Texts are split with :func:`bri_align.text.sentences.split_sentences`; lists are
    taken as sentences.  Returns the beads in document order.
    """
    return sentence_aligners.create(method, **options).align(zh, en)


def signature(*, method: str = "gale-church-lex.v1", **options) -> str:
    """Signature of :func:`align_sentences` with these options (no alignment is run)."""
    return sentence_aligners.create(method, **options).signature()
