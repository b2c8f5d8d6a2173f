"""Term-pair discovery: phrase pairs consistent with the word alignment, scored and ranked (layer L4).

1. **Phrase extraction** (Och and Ney 2004; Koehn et al. 2003): for every Chinese
   token span of at most ``max_zh_len`` tokens, the English tokens linked to it
   form a span; the pair is kept when no token inside either span is linked
   outside the other (consistency).  Only *tight* pairs are kept -- both spans
   start and end on aligned tokens -- because the unaligned edge words the usual
   extension would add (articles, prepositions) are filtered out anyway.
2. **Filtering**: no punctuation or function word at the edges of either side
   (``the``, ``of``, ``and`` ...; 的, 了, 是 ...), no sentence punctuation inside,
   at least one Chinese character and one English letter, at most ``max_en_len``
   English tokens, at least ``min_count`` extractions.
3. **Scoring**, at the level of sentence pairs (``N`` pairs):
   ``count`` = extractions of the pair; ``zh_count``/``en_count`` = sentence pairs
   whose Chinese/English side contains the phrase (as a token n-gram, English
   case-insensitive); Dice ``2·s(z,e) / (s(z) + s(e))`` with ``s(z,e)`` the sentence
   pairs the pair was extracted from; Dunning's log-likelihood ratio (G²) on the
   2×2 table of those sentence counts; and the relative frequencies
   ``p(e|z) = c(z,e) / Σ_e' c(z,e')`` and ``p(z|e)`` over extractions.
4. **Ranking** by ``rank_by`` (``llr`` default, ``dice``, ``prob`` = p(e|z)·p(z|e), ``count``).
5. **Glossary check**: a pair whose Chinese side is a glossary term gets the
   entry id and the status of the matching rendering; when the English side is
   none of the entry's renderings the pair is flagged ``new_rendering``.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Dict, List, Mapping, Optional, Sequence, Set, Tuple

from ..errors import InputError
from ..glossary.coerce import GlossaryLike, as_glossary
from ..glossary.model import Glossary
from ..signature import format_signature
from ..text.normalize import is_cjk, normalize_en
from .reading import check_pairs
from .terms import EDGE_WORDS

__all__ = ["TermPair", "extract_term_pairs", "extract_phrases", "RANKINGS", "signature"]

RANKINGS = ("llr", "dice", "prob", "count")
ZH_EDGE = frozenset("的 了 是 在 和 与 及 等 也 都 将 要 对 把 被 从 向 为 以 而 并 或 这 那 其 之 着 过 中 上 下 来 去 就 还 又".split())
_INNER_PUNCT = frozenset(",.;:!?()[]{}，。；：！？（）【】、")


@dataclass(frozen=True)
class TermPair:
    """A candidate term pair with its statistics."""

    zh: str
    en: str
    count: int  # extractions of the pair
    zh_count: int  # sentence pairs whose Chinese side holds zh
    en_count: int  # sentence pairs whose English side holds en
    sent_count: int  # sentence pairs the pair was extracted from
    dice: float
    llr: float
    p_en_given_zh: float
    p_zh_given_en: float
    score: float  # the value ranked by
    entry_id: Optional[str] = None
    status: str = "new-term"  # a rendering status, "new-rendering" or "new-term"
    new_rendering: bool = False
    lines: Tuple[int, ...] = ()  # 1-based pair indexes of the first extractions (up to 5)

    def to_dict(self) -> Dict[str, object]:
        return {
            "zh": self.zh, "en": self.en, "count": self.count, "zh_count": self.zh_count,
            "en_count": self.en_count, "sent_count": self.sent_count, "dice": self.dice, "llr": self.llr,
            "p_en_given_zh": self.p_en_given_zh, "p_zh_given_en": self.p_zh_given_en, "score": self.score,
            "entry_id": self.entry_id, "status": self.status, "new_rendering": self.new_rendering,
            "lines": list(self.lines),
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, object]) -> "TermPair":
        return cls(
            zh=str(d["zh"]), en=str(d["en"]), count=int(d["count"]), zh_count=int(d["zh_count"]),  # type: ignore[arg-type]
            en_count=int(d["en_count"]), sent_count=int(d["sent_count"]), dice=float(d["dice"]),  # type: ignore[arg-type]
            llr=float(d["llr"]), p_en_given_zh=float(d["p_en_given_zh"]),  # type: ignore[arg-type]
            p_zh_given_en=float(d["p_zh_given_en"]), score=float(d["score"]),  # type: ignore[arg-type]
            entry_id=None if d.get("entry_id") is None else str(d["entry_id"]),
            status=str(d.get("status", "new-term")), new_rendering=bool(d.get("new_rendering", False)),
            lines=tuple(int(x) for x in d.get("lines", ()) or ()),  # type: ignore[union-attr]
        )


# ------------------------------------------------------------------ extraction
def extract_phrases(n_zh: int, n_en: int, links: Sequence[Tuple[int, int]], *, max_zh_len: int = 5,
                    max_en_len: int = 6) -> List[Tuple[int, int, int, int]]:
    """Tight phrase pairs ``(i1, i2, j1, j2)`` (inclusive) consistent with ``links``."""
    by_zh: Dict[int, List[int]] = defaultdict(list)
    by_en: Dict[int, List[int]] = defaultdict(list)
    for i, j in links:
        if 0 <= i < n_zh and 0 <= j < n_en:
            by_zh[i].append(j)
            by_en[j].append(i)
    out = []
    for i1 in range(n_zh):
        if i1 not in by_zh:
            continue
        j_lo, j_hi = n_en, -1
        for i2 in range(i1, min(n_zh, i1 + max_zh_len)):
            if i2 in by_zh:
                js = by_zh[i2]
                j_lo = min(j_lo, min(js))
                j_hi = max(j_hi, max(js))
            else:
                continue  # tight: the Chinese span must end on an aligned token
            if j_hi - j_lo + 1 > max_en_len:
                continue
            ok = True
            for j in range(j_lo, j_hi + 1):
                for i in by_en.get(j, ()):
                    if i < i1 or i > i2:
                        ok = False
                        break
                if not ok:
                    break
            if ok:
                out.append((i1, i2, j_lo, j_hi))
    return out


def _zh_ok(toks) -> bool:
    first, last = toks[0].text, toks[-1].text
    if first in ZH_EDGE or last in ZH_EDGE:
        return False
    if any(t.text in _INNER_PUNCT for t in toks):
        return False
    text = "".join(t.text for t in toks)
    return any(is_cjk(ch) for ch in text) and is_cjk(first[0]) | first[0].isalnum() and (
        is_cjk(last[-1]) or last[-1].isalnum() or last[-1] in "”’」』》")


def _en_ok(toks) -> bool:
    first, last = toks[0].text, toks[-1].text
    if first.lower() in EDGE_WORDS or last.lower() in EDGE_WORDS:
        return False
    if not (first[0].isalnum() and last[-1].isalnum()):
        return False
    if any(t.text in _INNER_PUNCT for t in toks):
        return False
    return any(ch.isalpha() for t in toks for ch in t.text)


def log_likelihood_g2(k11: int, k12: int, k21: int, k22: int) -> float:
    """Dunning's log-likelihood ratio G² for a 2x2 contingency table."""
    def xlx(*ks: int) -> float:
        return sum(k * math.log(k) for k in ks if k > 0)

    n = k11 + k12 + k21 + k22
    if n == 0:
        return 0.0
    g = 2.0 * (xlx(k11, k12, k21, k22) - xlx(k11 + k12, k21 + k22) - xlx(k11 + k21, k12 + k22) + xlx(n))
    return max(0.0, g)


def extract_term_pairs(
    pairs: Sequence[Tuple[str, str]],
    *,
    glossary: GlossaryLike = None,
    word_alignments=None,
    method: str = "default",
    min_count: int = 2,
    max_zh_len: int = 5,
    max_en_len: int = 6,
    rank_by: str = "llr",
    min_dice: float = 0.0,
    top: Optional[int] = None,
) -> List[TermPair]:
    """Discover term pairs in aligned sentence pairs (see the module docstring).

    ``glossary``: a :class:`~bri_align.Glossary` or a termbase path whose entries mark
    the pairs it knows; None: no glossary (every pair is a ``new-term``).
    """
    pairs = check_pairs(pairs)
    glossary = None if glossary is None else as_glossary(glossary)
    if rank_by not in RANKINGS:
        raise InputError(f"unknown ranking {rank_by!r}; available: {', '.join(RANKINGS)}", field="rank_by")
    if min_count < 1:
        raise InputError(f"min_count must be at least 1, got {min_count}", field="min_count")
    if max_zh_len < 1 or max_en_len < 1:
        raise InputError("max_zh_len and max_en_len must be at least 1", field="max_zh_len")
    if top is not None and (isinstance(top, bool) or not isinstance(top, int) or top < 1):
        raise InputError(f"top must be a whole number of pairs, at least 1 (None, or no --top, keeps all), got {top!r}",
                         field="top")
    if word_alignments is None and method == "none":
        raise InputError("term-pair extraction needs word alignments: method 'none' (dictionary evidence "
                         "only) is for term alignment; choose default, ibm1 or eflomal", field="method")
    if word_alignments is None:
        from .word import align_words

        word_alignments = align_words(list(pairs), method=method,
                                      glossary=False if glossary is None else glossary)
    elif len(word_alignments) != len(pairs):
        raise InputError(f"got {len(word_alignments)} word alignments for {len(pairs)} pairs",
                         field="word_alignments")
    pair_count: Counter = Counter()
    pair_sents: Dict[Tuple[str, str], Set[int]] = defaultdict(set)
    surface: Dict[Tuple[str, str], Tuple[str, str]] = {}
    zh_keys: Set[Tuple[str, ...]] = set()
    en_keys: Set[Tuple[str, ...]] = set()
    for n, ((zh, en), wa) in enumerate(zip(pairs, word_alignments)):
        zt, et = wa.src_tokens, wa.tgt_tokens
        for i1, i2, j1, j2 in extract_phrases(len(zt), len(et), wa.links, max_zh_len=max_zh_len,
                                              max_en_len=max_en_len):
            ztoks, etoks = zt[i1:i2 + 1], et[j1:j2 + 1]
            if not _zh_ok(ztoks) or not _en_ok(etoks):
                continue
            zk = tuple(t.text for t in ztoks)
            ek = tuple(t.text.lower() for t in etoks)
            key = ("\x1f".join(zk), "\x1f".join(ek))
            pair_count[key] += 1
            pair_sents[key].add(n)
            if key not in surface:
                surface[key] = (zh[ztoks[0].start:ztoks[-1].end], en[etoks[0].start:etoks[-1].end])
            zh_keys.add(zk)
            en_keys.add(ek)
    kept = [k for k, c in pair_count.items() if c >= min_count]
    if not kept:
        return []
    # sentence counts of each side, as token n-grams
    zh_sent: Counter = Counter()
    en_sent: Counter = Counter()
    zh_lens = {len(k) for k in zh_keys}
    en_lens = {len(k) for k in en_keys}
    need_zh = {tuple(k[0].split("\x1f")) for k in kept}
    need_en = {tuple(k[1].split("\x1f")) for k in kept}
    for wa in word_alignments:
        zt = [t.text for t in wa.src_tokens]
        et = [t.text.lower() for t in wa.tgt_tokens]
        seen: Set[Tuple[str, ...]] = set()
        for L in zh_lens:
            for a in range(len(zt) - L + 1):
                g = tuple(zt[a:a + L])
                if g in need_zh:
                    seen.add(g)
        zh_sent.update(seen)
        seen = set()
        for L in en_lens:
            for a in range(len(et) - L + 1):
                g = tuple(et[a:a + L])
                if g in need_en:
                    seen.add(g)
        en_sent.update(seen)
    zh_total: Counter = Counter()
    en_total: Counter = Counter()
    for (zk, ek), c in pair_count.items():
        zh_total[zk] += c
        en_total[ek] += c
    n_sent = len(pairs)
    out: List[TermPair] = []
    for key in kept:
        zk, ek = key
        c = pair_count[key]
        s_ze = len(pair_sents[key])
        s_z = max(zh_sent[tuple(zk.split("\x1f"))], s_ze)
        s_e = max(en_sent[tuple(ek.split("\x1f"))], s_ze)
        dice = 2.0 * s_ze / (s_z + s_e)
        if dice < min_dice:
            continue
        llr = log_likelihood_g2(s_ze, s_z - s_ze, s_e - s_ze, max(0, n_sent - s_z - s_e + s_ze))
        pe = c / zh_total[zk]
        pz = c / en_total[ek]
        zs, es = surface[key]
        score = {"llr": llr, "dice": dice, "prob": pe * pz, "count": float(c)}[rank_by]
        entry_id, status, new_r = _glossary_status(glossary, zs, es)
        out.append(TermPair(zs, es, c, s_z, s_e, s_ze, round(dice, 4), round(llr, 4), round(pe, 4),
                            round(pz, 4), round(score, 4), entry_id, status, new_r,
                            tuple(x + 1 for x in sorted(pair_sents[key])[:5])))
    out.sort(key=lambda p: (-p.score, -p.count, p.zh, p.en.lower()))
    return out if top is None else out[:top]


def _glossary_status(glossary: Optional[Glossary], zh: str, en: str) -> Tuple[Optional[str], str, bool]:
    if glossary is None:
        return None, "new-term", False
    entry = glossary.lookup_zh(zh)
    if entry is None:
        return None, "new-term", False
    from ..matching.matcher import english_variants

    key = normalize_en(en).text.strip()
    for r in entry.renderings:
        if key in english_variants(r.en):
            return entry.id, r.status.value, False
    return entry.id, "new-rendering", True


def signature(*, method: str = "default", min_count: int = 2, max_zh_len: int = 5, max_en_len: int = 6,
              rank_by: str = "llr", glossary: GlossaryLike = None) -> str:
    gl = as_glossary(glossary).signature() if glossary is not None else "none"
    return format_signature("term-extract:och-ney-tight.v1", [
        ("word-aligner", method), ("max_len", f"{max_zh_len}/{max_en_len}"), ("min_count", min_count),
        ("rank", rank_by), ("glossary", gl)])
